"""Building the site: gather all pages and diagrams first, then write only what changed,
atomically, and remove only the stale files this tool wrote before."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cxmodel import __version__, resources, templating
from cxmodel.api import CheckResult
from cxmodel.config import CONFIG_FILE
from cxmodel.diagrams import engine
from cxmodel.site.diagrams import inline_svg, render_all
from cxmodel.site.manifest import (
    MANIFEST,
    Manifest,
    check_folder,
    digest,
    read_manifest,
    stale_files,
)
from cxmodel.site.pages import Page, SiteData, nav
from cxmodel.site.paths import root_prefix
from cxmodel.site.search import index_entries, index_script
from cxmodel.writing import write_atomic

Progress = Callable[[str, int, int], None]
STATIC = ("site.css", "search.js")


@dataclass
class SiteBuild:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stale, but edited by someone: not deleted
    up_to_date: bool = False  # nothing at all had to be done


def inputs_hash(files: list[Path], root: Path, title: str, options: str = "") -> str:
    """A hash of everything a site depends on: the workspace files, the configuration, the
    title, the command-line options, the rendering engine and the cxmodel version."""
    h = hashlib.sha256(f"{__version__}\n{title}\n{options}\n{engine.engine_name()}\n".encode())
    config = root / CONFIG_FILE
    for path in [*files, config]:
        h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError:
            h.update(b"<missing>")
        h.update(b"\0")
    return h.hexdigest()


def journey_inputs(result: CheckResult) -> dict[str, str]:
    """For each journey, a hash of everything its blueprint and journey map depend on: the
    file that defines it, and every file that defines anything but journeys (channels,
    departments, posts and metrics give the diagrams their names and coverage marks). A file
    holding only journeys affects only its own journeys' diagrams, so editing one journey
    leaves every other journey's key, and cached diagrams, as they were."""
    shared = hashlib.sha256(__version__.encode())
    # The code that draws them too, so a changed drawing (in development) is never stale.
    from cxmodel.diagrams import blueprint, journey_map, marks
    from cxmodel.diagrams import text as label_text

    for module in (blueprint, journey_map, marks, label_text):
        shared.update(Path(module.__file__ or "").read_bytes())
    own: dict[str, str] = {}
    from cxmodel.report.data import relative

    for file in sorted(result.files, key=lambda f: f.path):
        root = file.root
        if root is None:
            continue
        # Named relative to the workspace, so the key does not depend on the current folder.
        name = relative(file.path, result.load.root).encode("utf-8", "surrogatepass")
        text = (file.text or "").encode("utf-8", "surrogatepass")
        if set(root) <= {"journeys", "cxmodel"}:
            digest_of_file = hashlib.sha256(name + b"\0" + text).hexdigest()
            for journey in root.get("journeys") or ():
                if isinstance(journey, dict) and isinstance(journey.get("id"), str):
                    own[journey["id"]] = digest_of_file
        else:
            shared.update(name + b"\0" + text + b"\0")
    common = shared.hexdigest()
    journeys = result.workspace.journeys if result.workspace is not None else ()
    return {j.id: f"{common}:{own[j.id]}" for j in journeys if j.id in own}


def up_to_date(out: Path, inputs: str) -> Manifest | None:
    """The manifest, when the folder holds a site built from exactly these inputs with all
    its files there; else None."""
    previous = read_manifest(out)
    if previous is None or previous.inputs != inputs or previous.version != __version__:
        return None
    if not all((out / name).is_file() for name in previous.files):
        return None
    return previous


def build_site(result: CheckResult, out: Path, title: str, inputs: str, force: bool = False,
               progress: Progress | None = None) -> SiteBuild:
    """Write the site of an analysed workspace into ``out``."""
    ws, analysis = result.workspace, result.analysis
    assert ws is not None and analysis is not None
    previous = check_folder(out, force)
    site = SiteData(ws, analysis, title, result.load.root, journey_inputs(result))
    pages = site.build()
    jobs = [job for page in pages for _, job, _ in page.diagrams]
    svgs = render_all(jobs, out, None if progress is None else
                      (lambda done, total: progress("Rendering diagrams", done, total)))
    outputs: dict[str, bytes] = {}
    for page in pages:
        outputs[page.path] = _render_page(page, svgs, title).encode("utf-8")
    from cxmodel.report import html as report_html
    from cxmodel.report.data import report_data

    outputs["gaps.html"] = report_html.render(
        report_data(ws, analysis, title, len(result.files), result.load.root),
        back="index.html").encode("utf-8")
    outputs["search-index.js"] = index_script(index_entries(ws, site.pages)).encode("utf-8")
    for name in STATIC:
        outputs[name] = resources.read_text("templates", "site", name).encode("utf-8")
    return _write(out, outputs, previous, inputs, result.fails())


def _render_page(page: Page, svgs: dict[str, str], title: str) -> str:
    prefix = root_prefix(page.path)
    diagrams = {slot: Markup(inline_svg(svgs[job.key], slot, caption))
                for slot, job, caption in page.diagrams}
    context: dict[str, Any] = {
        "page": page.data, "title": page.title, "site_title": title, "root": prefix,
        "nav": nav(page.path), "diagrams": diagrams, "version": __version__,
    }
    return templating.render(page.template, **context)


def _write(out: Path, outputs: dict[str, bytes], previous: Manifest | None,
           inputs: str, fails: bool) -> SiteBuild:
    report = SiteBuild()
    out.mkdir(parents=True, exist_ok=True)
    current = {name: digest(data) for name, data in outputs.items()}
    for name, data in sorted(outputs.items()):
        target = out / name
        if (previous is not None and previous.files.get(name) == current[name]
                and target.is_file() and target.stat().st_size == len(data)):
            report.unchanged += 1
            continue
        write_atomic(target, data)
        report.written.append(name)
    remove, kept = stale_files(out, previous, current)
    for path in remove:
        path.unlink(missing_ok=True)
        report.removed.append(path.relative_to(out).as_posix())
        _remove_empty_parents(path.parent, out)
    report.kept = [p.relative_to(out).as_posix() for p in kept]
    manifest = Manifest(current, inputs, __version__, fails)
    write_atomic(out / MANIFEST, manifest.to_json())
    return report


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
