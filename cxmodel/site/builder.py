"""Building the site: every page's data, its diagrams drawn in the background, then each
page rendered and written only when what it shows changed (see rendering.py and
output.py); at the end only the stale files this tool wrote before are removed."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from cxmodel import __version__, resources
from cxmodel.analyze import standing
from cxmodel.api import CheckResult
from cxmodel.config import CONFIG_FILE, config_link_refused
from cxmodel.diagrams import blueprint, engine, journey_map, marks
from cxmodel.diagrams import labels as label_text
from cxmodel.diagrams import results as diagram_results
from cxmodel.loader.limits import Limits
from cxmodel.loader.reading import FileTooLarge, read_regular_file
from cxmodel.messages.render import active
from cxmodel.report import html as report_html
from cxmodel.report.data import relative, report_data
from cxmodel.site import rendering
from cxmodel.site.diagrams import Diagrams, old_cache_left, remove_old_cache
from cxmodel.site.manifest import Manifest, check_folder, held, read_manifest
from cxmodel.site.output import SiteBuild, SiteWriter
from cxmodel.site.pages import Page, SiteData
from cxmodel.site.search import index_entries, index_script

Progress = Callable[[str, int, int], None]
STATIC = ("site.css", "search.js")


def inputs_hash(files: list[Path], root: Path, title: str, options: str = "",
                refused: list[Path] | None = None) -> str:
    """A hash of everything a site depends on: the workspace files, the configuration, the
    title, the command-line options, the rendering engine and the cxmodel version, the
    language active when it is asked (with the configuration's ``language:``, the language
    of the site), and the paths the walk refused (a link added that leads out makes the
    site out of date: the build then says so). Only regular files are read, and no more of
    one than a check reads (a named pipe would never end the read, /dev/zero never end the
    file)."""
    h = hashlib.sha256(f"{__version__}\n{title}\n{options}\n{engine.engine_name()}\n"
                       f"{active()}\n".encode())
    config = root / CONFIG_FILE
    if config_link_refused(config, root):
        config = Path(f"{config}<link out>")  # never read: hashed by name
    limit = Limits().max_file_bytes
    for path in [*files, config]:
        h.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            h.update(read_regular_file(path, limit))
        except FileTooLarge as error:
            h.update(f"<{error}>".encode())
        except OSError as error:
            h.update(f"<{error.strerror or 'missing'}>".encode())
        h.update(b"\0")
    for path in refused or []:
        h.update(b"refused\0" + str(path).encode("utf-8", "surrogateescape") + b"\0")
    return h.hexdigest()


def journey_inputs(result: CheckResult) -> dict[str, str]:
    """For each journey, a hash of everything its blueprint and journey map depend on: the
    file that defines it, and every file that defines anything but journeys (channels,
    departments, posts and metrics give the diagrams their names and coverage marks). A file
    holding only journeys affects only its own journeys' diagrams, so editing one journey
    leaves every other journey's key, and cached diagrams, as they were."""
    # The language they are drawn in, with its translations.
    language = active()
    shared = hashlib.sha256(f"{__version__}\n{language}\n"
                            f"{rendering.catalogue_digest(language)}\n".encode())
    # The code that draws them too, so a changed drawing (in development) is never stale.

    for module in (blueprint, journey_map, marks, label_text, diagram_results, standing):
        shared.update(Path(module.__file__ or "").read_bytes())
    # The day results are read on, and the least responses judged: where each target stands.
    if result.analysis is not None:
        read = result.analysis.results
        shared.update(f"{read.as_of.isoformat()}\n{read.min_responses}\n".encode())
    own: dict[str, str] = {}

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
    if old_cache_left(out):  # built by an earlier version: a build removes that cache
        return None
    return previous


def build_site(result: CheckResult, out: Path, title: str, inputs: str, force: bool = False,
               progress: Progress | None = None,
               inputs_now: Callable[[], str] | None = None) -> SiteBuild:
    """Write the site of an analysed workspace into ``out``, holding the folder (a second
    build into it waits). ``inputs_now`` hashes the inputs again at the end: a file saved
    while the site was built makes the manifest vouch for nothing, so the next build does
    not take pages from the saved text for "up to date" with the text it had before."""
    with held(out):
        return _build(result, out, title, inputs, force, progress, inputs_now)


def _build(result: CheckResult, out: Path, title: str, inputs: str, force: bool,
           progress: Progress | None, inputs_now: Callable[[], str] | None) -> SiteBuild:
    ws, analysis = result.workspace, result.analysis
    assert ws is not None and analysis is not None
    writer = SiteWriter(out, check_folder(out, force))
    site = SiteData(ws, analysis, title, result.load.root, journey_inputs(result),
                    result.config.limits)
    # The diagram cache is the user's (shared by their sites and serve's temporary ones),
    # never in the site folder; see site/diagrams.py and docs/security.md, "Caches".
    diagrams = Diagrams()
    try:
        pages = []
        for page in site.each():
            diagrams.add(job for _, job, _ in page.diagrams)  # drawn from now on
            pages.append(page)
        writer.plan([*(page.path for page in pages), "gaps.html", "search-index.js", *STATIC])
        waiting = _PagesWaiting(writer, diagrams, title)
        common = rendering.fingerprint(title)
        for page in pages:
            key = rendering.page_key(page, common, diagrams)
            if not waiting.wait(page, key) and not writer.reuse(page.path, key):
                writer.add(page.path, rendering.render_page(page, diagrams, title)
                           .encode("utf-8"), key)
        _gap_report(result, title, common, writer)
        writer.add("search-index.js", index_script(index_entries(ws, site.pages)).encode("utf-8"))
        for name in STATIC:
            writer.add(name, resources.read_text("templates", "site", name).encode("utf-8"))
        diagrams.finish(None if progress is None else
                        (lambda done, total: progress("diagrams", done, total)),
                        waiting.drawn)
    finally:
        diagrams.close()
    not_drawn = [*site.not_drawn.values(), *site.not_drawn_maps]
    # A diagram Graphviz could not draw is tried again next time: the site is then never
    # "up to date" with its inputs.
    complete = inputs if not diagrams.failed else "incomplete"
    if inputs_now is not None and inputs_now() != inputs:
        complete = "changed while built"
    built = writer.finish(complete, result.fails() or bool(not_drawn) or bool(diagrams.failed))
    remove_old_cache(out)  # an earlier version's diagram cache: published with the site
    built.not_drawn = not_drawn
    built.failed = sorted(set(diagrams.failed.values()))
    return built


class _PagesWaiting:
    """Pages that show a diagram this build draws: each is rendered (even if its render key
    is the one it had) as soon as the last of its diagrams is drawn, while the others are
    still being drawn (on a cold build, rendering the journey pages only after the last
    diagram would add all their rendering time to the build)."""

    def __init__(self, writer: SiteWriter, diagrams: Diagrams, title: str) -> None:
        self.writer, self.diagrams, self.title = writer, diagrams, title
        self.on: dict[str, list[tuple[Page, str]]] = {}  # diagram key -> pages waiting
        self.left: dict[str, int] = {}  # page -> diagrams still being drawn

    def wait(self, page: Page, key: str) -> bool:
        drawn = {self.diagrams.key(job) for _, job, _ in page.diagrams
                 if self.diagrams.drawn_here(job)}
        for diagram in drawn:
            self.on.setdefault(diagram, []).append((page, key))
        if drawn:
            self.left[page.path] = len(drawn)
        return bool(drawn)

    def drawn(self, diagram: str) -> None:
        for page, key in self.on.pop(diagram, ()):
            self.left[page.path] -= 1
            if not self.left[page.path]:
                html = rendering.render_page(page, self.diagrams, self.title)
                self.writer.add(page.path, html.encode("utf-8"), key)


def _gap_report(result: CheckResult, title: str, common: str, writer: SiteWriter) -> None:

    ws, analysis = result.workspace, result.analysis
    assert ws is not None and analysis is not None
    report = report_data(ws, analysis, title, len(result.files), result.load.root)
    key = rendering.report_key(report, common)
    if not writer.reuse("gaps.html", key):
        writer.add("gaps.html", report_html.render(report, back="index.html").encode("utf-8"),
                   key)
