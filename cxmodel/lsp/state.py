"""The workspace as the editor sees it: every file parsed once and kept, the unsaved text of
open files taking precedence over the disk, and each edit re-parsing only the file edited.

Two speeds: a file's own problems (YAML syntax, the schema) come from that file alone, at
once; the rest (ids and references across files, the gap rules) need the whole workspace,
and are worked out from the parsed files kept here, never re-reading the others."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cxmodel.analyze import Analysis, analyze
from cxmodel.analyze.registry import all_codes
from cxmodel.api import model_of
from cxmodel.config import Config, ConfigError, load_config
from cxmodel.diagnostics import Diagnostic, sort_diagnostics
from cxmodel.loader import LoadedFile, PathProblem, Source, discover, parse_source, read_sources
from cxmodel.loader.discover import MODEL_SUFFIXES
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YMap
from cxmodel.model import Workspace
from cxmodel.validate import FileCheck, check_file

CONFIG_FILE = ".cxmodel.yaml"


@dataclass
class Outcome:
    """The whole workspace checked: every diagnostic by file, and the model when it loads
    (with the gap rules' analysis)."""

    by_file: dict[str, list[Diagnostic]]
    workspace: Workspace | None = None
    analysis: Analysis | None = None
    roots: dict[str, YMap] = field(default_factory=dict)


@dataclass(frozen=True)
class Snapshot:
    """The workspace's files at one moment, with their own checks and the configuration."""

    files: dict[str, LoadedFile]
    checks: dict[str, FileCheck | None]
    config: Config
    config_problems: list[Diagnostic]

    def check(self) -> Outcome:
        """Every diagnostic by file: the loading problems, else the gap findings (the
        same pipeline as `check`, on the files as parsed here)."""
        workspace, diagnostics = model_of(
            list(self.files.values()), [self.checks.get(path) for path in self.files],
            self.config.limits)
        diagnostics.extend(self.config_problems)
        analysis = None
        roots = {path: f.root for path, f in self.files.items() if f.root is not None}
        if workspace is not None and not self.config_problems:
            analysis = analyze(workspace, self.config)
            diagnostics = analysis.findings
        else:
            workspace = None
        by_file: dict[str, list[Diagnostic]] = {path: [] for path in self.files}
        for diagnostic in sort_diagnostics(diagnostics):
            by_file.setdefault(diagnostic.span.file, []).append(diagnostic)
        return Outcome(by_file, workspace, analysis, roots)


class Session:
    """One workspace folder: its files as parsed, and the texts the editor holds."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = Config()
        self.config_problems: list[Diagnostic] = []
        self.files: dict[str, LoadedFile] = {}
        self.checks: dict[str, FileCheck | None] = {}
        self.open: dict[str, str] = {}  # path -> the editor's text, saved or not
        # Each file's last text that parsed, as parsed: completion, the outline and going
        # to definitions keep working while the file being typed is broken.
        self.good_roots: dict[str, YMap] = {}
        self.last: Outcome = Outcome({})

    @property
    def limits(self) -> Limits:
        return self.config.limits

    def read_config(self) -> None:
        try:
            self.config = load_config(self.root, all_codes())
            self.config_problems = []
        except ConfigError as problem:
            self.config = Config()
            self.config_problems = list(problem.diagnostics)

    def scan(self) -> None:
        """Read every file of the workspace from disk (the open ones from the editor)."""
        self.read_config()
        try:
            found = discover([self.root])
        except PathProblem:
            self.files, self.checks = {}, {}
            return
        files: dict[str, LoadedFile] = {}
        for item in read_sources(found, self.limits):
            loaded = item if isinstance(item, LoadedFile) else parse_source(item, self.limits)
            files[self.key(Path(loaded.path))] = loaded
        for path, text in self.open.items():
            files[path] = self._parse(path, text)
        self.files = files
        self.checks = {path: check_file(file) for path, file in files.items()}
        self.good_roots = {path: f.root for path, f in files.items() if f.root is not None}

    def key(self, path: Path) -> str:
        """How a file is named here and in diagnostics: its absolute path."""
        return str(path if path.is_absolute() else (Path.cwd() / path))

    def _parse(self, path: str, text: str) -> LoadedFile:
        return parse_source(Source(path, text.encode("utf-8")), self.limits)

    def contains(self, path: str) -> bool:
        """Whether ``path`` is a cxmodel file of this workspace (YAML below the root)."""
        candidate = Path(path)
        return candidate.name.endswith(MODEL_SUFFIXES) and candidate.name != CONFIG_FILE \
            and self.root in candidate.parents

    def edit(self, path: str, text: str) -> list[Diagnostic]:
        """The editor's text of ``path`` (opened or changed): parsed alone; its own
        problems (syntax, schema), at once."""
        self.open[path] = text
        file = self._parse(path, text)
        self.files[path] = file
        check = check_file(file)
        self.checks[path] = check
        if file.root is not None:
            self.good_roots[path] = file.root
        return own(file, check)

    def close(self, path: str) -> None:
        """The editor closed ``path``: what is on disk counts again."""
        self.open.pop(path, None)
        self.reread(path)

    def reread(self, path: str) -> None:
        """``path`` changed on disk (saved, created or deleted outside the editor)."""
        if path in self.open:
            return
        if Path(path).name == CONFIG_FILE:
            self.read_config()
            return
        if not Path(path).is_file():
            self.files.pop(path, None)
            self.checks.pop(path, None)
            self.good_roots.pop(path, None)
            return
        try:
            data = Path(path).read_bytes()
        except OSError:
            return
        file = parse_source(Source(path, data), self.limits)
        self.files[path] = file
        self.checks[path] = check_file(file)
        if file.root is not None:
            self.good_roots[path] = file.root

    def check(self) -> Outcome:
        """Ids and references across the files, then, when the model loads, the gap rules:
        every diagnostic by file (kept as ``last``)."""
        self.last = self.snapshot().check()
        return self.last

    def snapshot(self) -> Snapshot:
        """The files as they are now, to check while the editor goes on (in a thread)."""
        return Snapshot(dict(self.files), dict(self.checks), self.config,
                        list(self.config_problems))

    def text(self, path: str) -> str | None:
        """The text of ``path`` as the editor or the disk has it."""
        if path in self.open:
            return self.open[path]
        file = self.files.get(path)
        return file.text if file is not None else None

    def roots(self) -> Iterator[tuple[str, YMap]]:
        for path, file in self.files.items():
            if file.root is not None:
                yield path, file.root


def own(file: LoadedFile, check: FileCheck | None) -> list[Diagnostic]:
    """What a file shows alone: its syntax and its schema problems."""
    return [*file.diagnostics, *(check.diagnostics if check is not None else ())]
