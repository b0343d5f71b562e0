"""Publishing the model as a docs site: nothing done when the site is up to date with its
inputs (the workspace files, the configuration, the title, the run's options), else the
workspace opened and the site built into its folder (cxmodel.site.builder)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cxmodel.api import CheckResult
from cxmodel.app.errors import CannotRun
from cxmodel.app.workspace import RunOptions, open_workspace, titled, workspace_files
from cxmodel.loader import PathProblem, discover
from cxmodel.loader.discover import Discovered
from cxmodel.messages.text import message
from cxmodel.said import why
from cxmodel.site.builder import build_site as write_site
from cxmodel.site.builder import inputs_hash, up_to_date
from cxmodel.site.manifest import SiteFolderError
from cxmodel.site.output import SiteBuild

Progress = Callable[[str, int, int], None]
CANNOT_WRITE = message("app.site.cannot-write", "cannot write the site: {problem}")


@dataclass
class SiteOutcome:
    """What a site build did. ``result`` is None when the site was up to date (then
    ``fails`` repeats its last build's); ``built`` is None when the model does not load
    (``result.diagnostics`` say why) or the site was up to date."""

    folder: Path
    result: CheckResult | None
    built: SiteBuild | None
    fails: bool

    @property
    def up_to_date(self) -> bool:
        return self.result is None


def build_site(paths: Sequence[str | Path], out: Path, title: str | None = None,
               options: RunOptions | None = None, force: bool = False,
               progress: Progress | None = None) -> SiteOutcome:
    """The site of the workspace ``paths`` in ``out``. CannotRun when the folder cannot be
    used (not a cxmodel site without ``force``, files cxmodel did not write in the way, a
    link in place of a page folder) or written."""
    options = options or RunOptions(cache=True)
    paths = list(paths)
    found = workspace_files(paths)
    title = titled(title, found.root)[0]
    flags = f"{options.select}|{options.ignore}|{options.fail_on}|{options.language}"
    inputs = site_inputs(found, title, flags)
    current = up_to_date(out, inputs)
    if current is not None:
        return SiteOutcome(out, None, None, current.fails)
    result = open_workspace(paths, options)
    if result.analysis is None:
        return SiteOutcome(out, result, None, True)

    def inputs_now() -> str:
        """The inputs hash of the workspace as it is now ("" if it is gone)."""
        try:
            return site_inputs(discover(paths), title, flags)
        except PathProblem:
            return ""

    try:
        built = write_site(result, out, title, inputs, force=force, progress=progress,
                           inputs_now=inputs_now)
    except SiteFolderError as problem:
        raise CannotRun(why(problem)) from problem
    except OSError as problem:
        raise CannotRun(CANNOT_WRITE(problem=str(problem))) from problem
    fails = result.fails() or bool(built.not_drawn) or bool(built.failed)
    return SiteOutcome(out, result, built, fails)


def refused(found: Discovered) -> list[Path]:
    """What the walk refused or could not read: part of the inputs, so that a link added
    that leads out makes the site out of date (the build then says why)."""
    return [*found.outside, *(folder for folder, _ in found.unreadable)]


def site_inputs(found: Discovered, title: str, flags: str) -> str:
    """The inputs hash of a site built from ``found`` (see site.builder.inputs_hash)."""
    return inputs_hash(list(found.files), found.root, title, flags, refused(found))
