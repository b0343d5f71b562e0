"""The public Python API: ``cxmodel.load(paths)``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cxmodel.analyze import Analysis
from cxmodel.build import build
from cxmodel.config import Config
from cxmodel.diagnostics import Diagnostic, sort_diagnostics
from cxmodel.loader import LoadedFile, discover, load_files, paused_gc
from cxmodel.loader.limits import Limits
from cxmodel.model import Workspace
from cxmodel.validate import validate_files


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


def load(paths: str | Path | Sequence[str | Path], limits: Limits | None = None) -> LoadResult:
    """Load a workspace from folders and/or files.

    Raises ``cxmodel.loader.PathProblem`` if a path does not exist. Every problem inside the
    files is a diagnostic, never an exception.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    found = discover(list(paths))
    files = load_files(found, limits or Limits())
    diagnostics = [d for f in files for d in f.diagnostics]
    with paused_gc():
        diagnostics.extend(validate_files(files))
        workspace = None
        if not diagnostics:
            roots = [f.root for f in files if f.root is not None]
            workspace = build(roots, tuple(f.path for f in files))
    return LoadResult(workspace, sort_diagnostics(diagnostics), files, found.root)


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
        from cxmodel.formats import fails

        return fails(self.diagnostics, self.config.fail_on)


def check(paths: str | Path | Sequence[str | Path], config: Config | None = None
          ) -> CheckResult:
    """Load a workspace and, when it is valid, run the gap rules on it.

    Without ``config``, the workspace's ``.cxmodel.yaml`` is read (``ConfigError`` if it is
    broken). Raises ``PathProblem`` if a path does not exist.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if config is None:
        from cxmodel.analyze.registry import all_codes
        from cxmodel.config import load_config

        config = load_config(discover(list(paths)).root, all_codes())
    loaded = load(paths, config.limits)
    analysis = None
    if loaded.workspace is not None:
        from cxmodel.analyze import analyze

        analysis = analyze(loaded.workspace, config)
    return CheckResult(loaded, config, analysis)
