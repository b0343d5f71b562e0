"""Where a workspace's files are in their git repository: the repository-relative paths
that code scanning (SARIF) and GitHub annotations expect."""

from __future__ import annotations

import os
from collections.abc import Callable
from functools import cache
from pathlib import Path


def repository_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder, or a file in a
    worktree or submodule); None outside any repository. Reads the file system only."""
    current = start.absolute()
    if not current.is_dir():
        current = current.parent
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            return folder
    return None


def locator(workspace_root: Path | None) -> Callable[[str], str | None]:
    """A function from a file as cxmodel displays it to its path relative to the repository
    that holds the workspace (else to the current folder), in POSIX form; None when the file
    lies outside that folder."""
    base = repository_root(workspace_root) if workspace_root is not None else None
    root = os.path.realpath(base if base is not None else Path.cwd())

    @cache  # asked once per finding and location, for a few hundred files
    def locate(file: str) -> str | None:
        real = os.path.realpath(file)
        if real != root and not real.startswith(root.rstrip(os.sep) + os.sep):
            return None
        return Path(os.path.relpath(real, root)).as_posix()

    return locate
