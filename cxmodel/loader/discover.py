"""Finding a workspace's files: every *.yaml and *.yml below the given folders, recursively,
except hidden files and folders; files named on the command line are always taken."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

YAML_SUFFIXES = (".yaml", ".yml")


class PathProblem(Exception):
    """A path given by the user does not exist or cannot be read (exit code 2)."""


@dataclass(frozen=True, slots=True)
class Discovered:
    files: tuple[Path, ...]
    root: Path  # the workspace root: where .cxmodel.yaml is looked for
    # Folders that could not be listed, with why: their files are not read, which must be
    # said (a CX006 each), or a check would pass without them.
    unreadable: tuple[tuple[Path, str], ...] = ()


def display_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the current folder when below it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return path.as_posix()
    if relative.startswith(".."):
        return path.absolute().as_posix() if not path.is_absolute() else path.as_posix()
    return Path(relative).as_posix()


def discover(paths: list[str | Path]) -> Discovered:
    if not paths:
        raise PathProblem("no workspace given: name a folder or YAML files")
    found: list[Path] = []
    seen: set[Path] = set()
    unreadable: list[tuple[Path, str]] = []
    for given in paths:
        path = Path(given)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            raise PathProblem(f"{given}: no such file or folder") from None
        except OSError as error:  # in a folder that cannot be read, say
            raise PathProblem(f"{given}: {error.strerror or error}") from error
        if is_dir:
            files, problems = _walk(path)
            unreadable.extend(problems)
            for file in files:
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
    return Discovered(tuple(found), root, tuple(unreadable))


def _real(path: Path) -> Path:
    """The file a path stands for, so one file reached twice is read once; a symlink loop
    stands for itself (reading it then says what is wrong)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return path.absolute()


def _walk(folder: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files below ``folder`` in a stable order, and the folders that could not be listed
    with why; symlinked folders are followed once (a symlink loop is not followed again)."""
    result: list[Path] = []
    unreadable: list[tuple[Path, str]] = []
    visited: set[Path] = set()
    pending = [folder]
    while pending:
        current = pending.pop()
        real = current.resolve()
        if real in visited:
            continue
        visited.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda entry: entry.name)
        except OSError as error:
            unreadable.append((current, error.strerror or str(error)))
            continue
        subfolders: list[Path] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                is_dir = entry.is_dir()
            except OSError:  # a symlink loop, say: reading it will say what is wrong
                is_dir = False
            if is_dir:
                subfolders.append(Path(entry.path))
            elif entry.name.endswith(YAML_SUFFIXES):
                result.append(Path(entry.path))
        pending.extend(reversed(subfolders))
    return sorted(result, key=lambda p: p.relative_to(folder).parts), unreadable
