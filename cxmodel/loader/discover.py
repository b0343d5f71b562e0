"""Finding a workspace's files: every *.yaml, *.yml and *.results.csv (results kept as CSV)
below the given folders, recursively, except hidden files and folders, what git ignores and
tools' folders; files named on the command line are always taken. Nothing outside the paths
named is read: a link that leads out is refused."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cxmodel.loader.csv_results import RESULTS_CSV_SUFFIX
from cxmodel.loader.ignore import IgnoreRules, is_tool_folder
from cxmodel.loader.reading import os_reason
from cxmodel.loader.wording import (
    HIDDEN,
    IGNORED,
    NO_FILES,
    NO_FILES_LEFT_OUT,
    NO_SUCH_PATH,
    NO_WORKSPACE,
    PATH_UNREADABLE,
    TOOL_FOLDERS,
)
from cxmodel.messages.render import render
from cxmodel.messages.text import Items, Param, Text

YAML_SUFFIXES = (".yaml", ".yml")
# The files a walk takes: the model's YAML, and results kept as CSV.
MODEL_SUFFIXES = (*YAML_SUFFIXES, RESULTS_CSV_SUFFIX)


class PathProblem(Exception):
    """A path given by the user does not exist or cannot be read (exit code 2). What it
    says is shown in the language active when it is shown (``str()``)."""

    def __init__(self, text: Text | str) -> None:
        super().__init__(text)
        self.text = text

    def __str__(self) -> str:
        return render(self.text)


@dataclass(frozen=True, slots=True)
class Discovered:
    files: tuple[Path, ...]
    root: Path  # the workspace root: where .cxmodel.yaml is looked for
    # Folders that could not be listed, with why: their files are not read, which must be
    # said (a CX006 each), or a check would pass without them.
    unreadable: tuple[tuple[Path, Param], ...] = ()
    # Links (to files or folders) whose target lies outside every path named: refused, and
    # said (a CX006 each, at the link), never read.
    outside: tuple[Path, ...] = ()
    # Named folders in which nothing was found, with what the walk left out there.
    empty: tuple[tuple[Path, Skipped], ...] = ()


@dataclass(slots=True)
class Skipped:
    """What a walk left out: YAML files git ignores, and folders tools make."""

    ignored: int = 0
    tool_folders: int = 0
    hidden: int = 0  # hidden YAML files and folders

    def describe(self) -> Param | None:
        """What was left out ("1 entry that .gitignore excludes and 2 tool folders ..."),
        or None when nothing was."""
        parts: list[Param] = []
        if self.ignored:
            parts.append(IGNORED(count=self.ignored))
        if self.tool_folders:
            parts.append(TOOL_FOLDERS(count=self.tool_folders))
        if self.hidden:
            parts.append(HIDDEN(count=self.hidden))
        if not parts:
            return None
        return parts[0] if len(parts) == 1 else Items(tuple(parts))


class EmptyWorkspace(PathProblem):
    """A folder named as a workspace holds no cxmodel files: a CI job pointed at the wrong
    folder must not pass (exit code 2)."""


def display_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the current folder when below it,
    else absolute, with no `..` left in it (`/work/ws/a.yaml`, not `/work/ws2/../ws/a.yaml`
    for `cxmodel check ../ws` run in ws2)."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    if relative.startswith(".."):
        return Path(os.path.abspath(path)).as_posix()
    return Path(relative).as_posix()


def discover(paths: list[str | Path]) -> Discovered:
    """The files of the workspace named by ``paths``. A path named is always taken; below a
    named folder, hidden entries, what git ignores and tools' folders are left out, and a
    link whose target is outside every named path, or where the walk would not read it,
    is refused (listed in ``outside``; see link_allowed)."""
    if not paths:
        raise PathProblem(NO_WORKSPACE())
    found: list[Path] = []
    seen: set[Path] = set()
    unreadable: list[tuple[Path, Param]] = []
    outside: list[Path] = []
    empty: list[tuple[Path, Skipped]] = []
    roots = _roots(paths)
    for given in paths:
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise PathProblem(NO_SUCH_PATH(path=str(given))) from None
        except OSError as error:  # in a folder that cannot be read, say
            raise PathProblem(PATH_UNREADABLE(path=str(given), reason=os_reason(error))
                              ) from error
        if is_dir:
            walk = _walk(path, roots)
            unreadable.extend(walk.unreadable)
            outside.extend(walk.outside)
            if not (walk.files or walk.unreadable or walk.outside):
                empty.append((path, walk.skipped))
            for file in walk.files:
                key = _real(file)
                if key not in seen:
                    seen.add(key)
                    found.append(file)
        else:
            key = _real(path)
            if key not in seen:
                seen.add(key)
                found.append(path)
    first = Path(paths[0])
    root = first if first.is_dir() else first.parent
    return Discovered(tuple(found), root, tuple(unreadable), tuple(outside), tuple(empty))


def refuse_empty(found: Discovered) -> None:
    """Raise EmptyWorkspace when a folder named holds no cxmodel files (the commands that
    read a workspace call this; the Python API reads an empty folder as an empty model)."""
    if not found.empty:
        return
    folder, skipped = found.empty[0]
    left_out = skipped.describe()
    shown = display_path(folder)
    raise EmptyWorkspace(NO_FILES(folder=shown) if left_out is None
                         else NO_FILES_LEFT_OUT(folder=shown, left_out=left_out))


def _roots(paths: list[str | Path]) -> list[str]:
    """The real paths of the paths named: nothing outside them is read."""
    return [os.path.realpath(given) for given in paths]


def is_inside(real: str, roots: list[str]) -> bool:
    """Whether the real path ``real`` is one of ``roots`` or lies below one."""
    return any(real == root or real.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _real(path: Path) -> Path:
    """The file a path stands for, so one file reached twice is read once; a symlink loop
    stands for itself (reading it then says what is wrong)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return path.absolute()


@dataclass(slots=True)
class _Walk:
    files: list[Path] = field(default_factory=list)
    unreadable: list[tuple[Path, Param]] = field(default_factory=list)
    outside: list[Path] = field(default_factory=list)
    skipped: Skipped = field(default_factory=Skipped)


def _walk(folder: Path, roots: list[str]) -> _Walk:
    """Files below ``folder`` in a stable order, the folders that could not be listed with
    why, and the links it refuses (link_allowed); symlinked folders it may follow are
    followed once (a symlink loop is not followed again)."""
    walk = _Walk()
    visited: set[str] = set()
    real_top = os.path.realpath(folder)
    pending = [(folder, IgnoreRules.for_folder(Path(real_top)))]
    while pending:
        current, rules = pending.pop()
        real = os.path.realpath(current)
        if real in visited:
            continue
        visited.add(real)
        if current is not folder:
            rules = rules.entering(Path(real))
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            walk.unreadable.append((current, os_reason(error)))
            continue
        subfolders: list[tuple[Path, IgnoreRules]] = []
        for entry in entries:
            if entry.name.startswith("."):
                if entry.name.endswith(MODEL_SUFFIXES) or (entry.name != ".git"
                                                          and _is_folder(entry)):
                    walk.skipped.hidden += 1
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # a symlink loop, say: reading it will say what is wrong
                is_dir = False
            if not is_dir and not entry.name.endswith(MODEL_SUFFIXES):
                continue
            path = Path(entry.path)
            if rules.ignores(Path(real) / entry.name, is_dir):
                walk.skipped.ignored += 1
                continue
            if entry.is_symlink() and not link_allowed(path, roots):
                walk.outside.append(path)
                continue
            if is_dir:
                if is_tool_folder(path):
                    walk.skipped.tool_folders += 1
                    continue
                subfolders.append((path, rules))
            else:
                walk.files.append(path)
        pending.extend(reversed(subfolders))
    walk.files.sort(key=lambda p: p.relative_to(folder).parts)
    return walk


def _is_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def link_allowed(link: Path, roots: list[str]) -> bool:
    """Whether a link may be followed: its target lies inside the roots, in a place the walk
    itself would read from that root (not hidden, not in a tool's folder, not ignored by
    git: a link to .git/config or .env would otherwise quote it). A dangling link or a loop
    is judged by where it points, so a link cannot tell whether a file outside exists.
    Where an ignore file in force is not used whole, a link is refused rather than risk
    following it to an ignored file."""
    try:
        target = Path(os.path.realpath(link))
    except (OSError, RuntimeError):  # a loop: reading it says what is wrong
        return True
    root = next((r for r in roots if is_inside(str(target), [r])), None)
    if root is None:
        return False
    if str(target) == root:
        return True
    here = Path(root)
    rules = IgnoreRules.for_folder(here)
    *folders, name = target.relative_to(root).parts
    for part in folders:
        here = here / part
        if part.startswith(".") or rules.ignores(here, is_folder=True) or is_tool_folder(here):
            return False
        rules = rules.entering(here)
    if name.startswith(".") or rules.partial:
        return False
    return not rules.ignores(target, os.path.isdir(target))
