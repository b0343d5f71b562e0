"""What a workspace walk leaves out besides hidden files: what git ignores (the
repository's .gitignore files and .git/info/exclude) and the folders tools make (virtual
environments, node_modules, build output), as ruff and prettier do. `cxmodel check .` at a
repository root must not read a virtual environment's YAML.

Patterns are matched against each file's path (pathspec's GitIgnoreSpec, which follows
git's rules), and a folder is passed over whole only where no pattern could take a file
below it back: then the result is git's, but for one case, a file taken back below a
folder a pattern excludes (`build/` then `!build/keep.yaml`), which git leaves out and
cxmodel reads. .gitignore files come from pull requests, so they are bounded: a pattern
whose wildcards could make matching take exponential time is not used (nor is one past the
limits below), which can only make cxmodel read more, never less."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

# The folders ruff leaves out by default that are not hidden (hidden ones always are):
# Python packages and virtual environments, node_modules, build output.
TOOL_FOLDERS = frozenset({"__pypackages__", "_build", "buck-out", "dist", "node_modules",
                          "site-packages", "venv"})
# .gitignore files are a few lines. Past these, the rest of a file, or further files, are
# not used: matching costs every pattern for every entry of the walk.
MAX_IGNORE_BYTES = 64 * 1024
MAX_PATTERNS_PER_FILE = 500
MAX_PATTERNS = 1000  # of all ignore files in force in one folder
MAX_PATTERN_TESTS = 5_000_000  # in one walk: about five seconds of pattern matching
# A pattern with more than two `*` or more than two `**`: the regular
# expression pathspec makes of it backtracks in time that grows with the name's length to
# that power (`*a*a*a*a*a*a*b` against a name of 60 letters takes minutes).
_MAX_STARS = 2


def is_tool_folder(folder: Path) -> bool:
    """A folder a tool made: one of TOOL_FOLDERS, or a virtual environment of any name."""
    if folder.name in TOOL_FOLDERS:
        return True
    try:
        return (folder / "pyvenv.cfg").is_file()
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class _Spec:
    base: Path  # the folder of the ignore file: its patterns are relative to it
    spec: GitIgnoreSpec
    negates: bool  # whether a pattern takes something back (!pattern)
    size: int  # patterns
    partial: bool  # some pattern of the file is not used (see _bounded and the limits)


class _Budget:
    """Pattern tests one walk may make (each ignore file in force, for each entry): past
    it, ignore files are no longer used, which can only make the walk read more."""

    def __init__(self) -> None:
        self.left = MAX_PATTERN_TESTS


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """The ignore files that apply in a folder, outermost first. Outside a git repository
    there are none: a .gitignore means nothing to git there either."""

    repository: Path | None = None
    specs: tuple[_Spec, ...] = ()
    budget: _Budget | None = None
    # Some ignore file in force is not used whole (a pattern past the limits or the
    # budget): a link is then refused rather than risk following it to an ignored file.
    partial: bool = False

    @classmethod
    def for_folder(cls, real_folder: Path, named: bool = True) -> IgnoreRules:
        """The rules that apply to the entries of ``real_folder`` (a real path), a folder
        named on the command line: .git/info/exclude and the .gitignore files from the
        repository's root down to it. If those exclude the folder itself, the rules from
        above it are dropped: a folder named is read, as a file named is (``named``; for a
        link's target, they stay)."""
        repository = next((above for above in (real_folder, *real_folder.parents)
                           if _exists(above / ".git")), None)
        if repository is None:
            return cls()
        excluded = _spec_from(repository, repository / ".git" / "info" / "exclude")
        rules = cls(repository, excluded, _Budget(), any(x.partial for x in excluded))
        folder = repository
        rules = rules.entering(folder)
        for part in real_folder.relative_to(repository).parts:
            if named and rules.ignores(folder / part, is_folder=True):
                return cls(repository, (), rules.budget).entering(real_folder)
            folder = folder / part
            rules = rules.entering(folder)
        return rules

    def entering(self, folder: Path) -> IgnoreRules:
        """The rules for the entries of ``folder``, a folder these rules apply to."""
        if self.repository is None:
            return self
        added = _spec_from(folder, folder / ".gitignore")
        if not added:
            return self
        if sum(x.size for x in self.specs) + added[0].size > MAX_PATTERNS:
            return IgnoreRules(self.repository, self.specs, self.budget, True)
        return IgnoreRules(self.repository, self.specs + added, self.budget,
                           self.partial or added[0].partial)

    def ignores(self, path: Path, is_folder: bool) -> bool:
        """Whether git would ignore ``path``: for a file, the deepest ignore file with a
        pattern that matches decides, and within one file the last such pattern (as git
        does). A folder counts as ignored (and is not walked) only when no ignore file in
        force could take something below it back."""
        if is_folder and any(x.negates for x in self.specs):
            return False
        budget = self.budget
        if budget is not None and self.specs:
            budget.left -= sum(x.size for x in self.specs)
            if budget.left < 0:
                return False
        for found in reversed(self.specs):
            try:
                relative = path.relative_to(found.base).as_posix()
            except ValueError:
                continue
            decided = found.spec.check_file(relative + "/" if is_folder else relative).include
            if decided is not None:
                return decided
        return False


def _spec_from(base: Path, file: Path) -> tuple[_Spec, ...]:
    try:
        status = file.stat()
    except OSError:
        return ()
    return _compiled(base, file, status.st_mtime_ns, status.st_size)


# `serve` walks the workspace five times a second: each ignore file is read and compiled
# once while it is unchanged.
@lru_cache(maxsize=256)
def _compiled(base: Path, file: Path, mtime: int, size: int) -> tuple[_Spec, ...]:
    del mtime  # part of the cache key only
    if size > MAX_IGNORE_BYTES or not file.is_file():
        return ()
    try:
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    given = [line for line in lines if line.strip() and not line.startswith("#")]
    patterns = [_as_git_means(line) for line in given if _bounded(line)][:MAX_PATTERNS_PER_FILE]
    # Imported only where an ignore file is found: most workspaces checked have none in
    # reach, and importing pathspec is a noticeable part of a short command's start-up.
    import warnings

    from pathspec import GitIgnoreSpec

    with warnings.catch_warnings():  # `[[:alpha:]]` makes re warn of a nested set
        warnings.simplefilter("ignore")
        spec = GitIgnoreSpec.from_lines(patterns)
    if not len(spec):
        return ()
    return (_Spec(base, spec, any(p.startswith("!") for p in patterns), len(patterns),
                  len(patterns) < len(given)),)


def _as_git_means(pattern: str) -> str:
    """``X/**/`` means the folders below X (at any depth), not X's files; pathspec takes it
    for everything below X. The folders right below X say the same to git."""
    if pattern.rstrip().endswith("/**/"):
        return pattern.rstrip()[: -len("**/")] + "*/"
    return pattern


def _bounded(pattern: str) -> bool:
    """Whether matching ``pattern`` takes time that grows at most with the square of a
    path's length: the ways a wildcard can match multiply across the whole pattern, not
    only within one segment."""
    segments = pattern.split("/")
    return (sum(1 for x in segments if x == "**") <= _MAX_STARS
            and sum(len(re.findall(r"\*+", x)) for x in segments if x != "**") <= _MAX_STARS)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # in a folder that cannot be read: as if not there
        return False
