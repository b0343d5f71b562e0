"""The public Python API: ``cxmodel.load(paths)``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from cxmodel.analyze import Analysis, analyze
from cxmodel.analyze.registry import all_codes
from cxmodel.config import Config, load_config
from cxmodel.diagnostics import Diagnostic, fails, sort_diagnostics
from cxmodel.loader import LoadedFile, Source, discover, parse_source, paused_gc, read_sources
from cxmodel.loader.comments import cuts
from cxmodel.loader.expansion import expansion_problems
from cxmodel.loader.limits import Limits
from cxmodel.model import Workspace
from cxmodel.model.build import build
from cxmodel.parallel import split_map
from cxmodel.validate import FileCheck, check_file, validate_files


@dataclass(frozen=True)
class LoadResult:
    """A loaded workspace: the model (None when loading or validation found errors) and
    every diagnostic, sorted by file, line and column."""

    workspace: Workspace | None
    diagnostics: list[Diagnostic]
    files: list[LoadedFile] = field(repr=False, default_factory=list)
    root: Path | None = None

    @property
    def ok(self) -> bool:
        return self.workspace is not None


def load(paths: str | Path | Sequence[str | Path], limits: Limits | None = None,
         workers: int = 1, cache: bool = False) -> LoadResult:
    """Load a workspace from folders and/or files.

    ``workers`` above 1 lets that many processes parse and check the files (Linux only,
    for workspaces of a megabyte or more); ``cache`` keeps each file's parsed form in the
    user's cache folder and reuses it while the file is unchanged (see parsed_cache.py).
    The result is the same either way. Raises
    ``cxmodel.loader.PathProblem`` if a path does not exist. Every problem inside the files
    is a diagnostic, never an exception.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    limits = limits or Limits()
    found = discover(list(paths))
    sources = read_sources(found, limits)
    with paused_gc():
        def read_all(items: list[Source | LoadedFile]
                     ) -> list[tuple[LoadedFile, FileCheck | None]]:
            return split_map(partial(_read_and_check, limits=limits), items, workers, _weight)

        if cache:
            from cxmodel.parsed_cache import ParsedCache, cached_map

            read = cached_map(read_all, sources, ParsedCache(limits))
        else:
            read = read_all(sources)
        files = [file for file, _ in read]
        workspace, diagnostics = model_of(files, [check for _, check in read], limits)
    return LoadResult(workspace, sort_diagnostics(diagnostics), files, found.root)


def model_of(files: Sequence[LoadedFile], checks: Sequence[FileCheck | None],
             limits: Limits) -> tuple[Workspace | None, list[Diagnostic]]:
    """The model of files already parsed and checked one by one (``checks``: their
    check_file() results): what aliases add across them, ids and references across them,
    then the model when none of that found a problem. The diagnostics are unsorted."""
    files = list(files)
    diagnostics = [d for f in files for d in f.diagnostics]
    diagnostics.extend(expansion_problems(files, limits))
    diagnostics.extend(validate_files(files, list(checks)))
    if diagnostics:
        return None, diagnostics
    roots = [f.root for f in files if f.root is not None]
    return build(roots, tuple(f.path for f in files), comment_cuts(files)), diagnostics


def comment_cuts(files: Sequence[LoadedFile]) -> dict[str, dict[int, str]]:
    """Per file, where a comment may have cut a text short (CX704)."""
    found = {file.path: cuts(file.text) for file in files if file.text is not None}
    return {path: found_here for path, found_here in found.items() if found_here}


def _read_and_check(source: Source | LoadedFile, limits: Limits
                    ) -> tuple[LoadedFile, FileCheck | None]:
    """One file parsed and checked on its own (the part of loading that runs in parallel)."""
    file = source if isinstance(source, LoadedFile) else parse_source(source, limits)
    return file, check_file(file)


def _weight(source: Source | LoadedFile) -> int:
    return len(source.data) if isinstance(source, Source) else 0


@dataclass(frozen=True)
class CheckResult:
    """A loaded and analysed workspace: loading diagnostics, or else the gap findings, the
    waived findings and the coverage figures."""

    load: LoadResult
    config: Config
    analysis: Analysis | None

    @property
    def workspace(self) -> Workspace | None:
        return self.load.workspace

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Everything to report: loading problems, else the counted gap findings."""
        if self.analysis is None:
            return self.load.diagnostics
        return self.analysis.findings

    @property
    def files(self) -> list[LoadedFile]:
        return self.load.files

    def fails(self) -> bool:
        """True when some diagnostic is at or above the configured ``fail_on``."""

        return fails(self.diagnostics, self.config.fail_on)


def check(paths: str | Path | Sequence[str | Path], config: Config | None = None,
          workers: int = 1, cache: bool = False) -> CheckResult:
    """Load a workspace and, when it is valid, run the gap rules on it.

    Without ``config``, the workspace's ``.cxmodel.yaml`` is read (``ConfigError`` if it is
    broken); ``workers`` and ``cache`` as for load(). Raises ``PathProblem`` if a path does
    not exist.
    """
    paths = [paths] if isinstance(paths, str | Path) else list(paths)  # read twice below
    if config is None:

        config = load_config(discover(list(paths)).root, all_codes())
    loaded = load(paths, config.limits, workers, cache)
    analysis = None
    if loaded.workspace is not None:

        analysis = analyze(loaded.workspace, config)
    return CheckResult(loaded, config, analysis)
