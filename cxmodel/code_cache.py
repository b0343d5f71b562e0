"""The user's cache folder for compiled code (the schema validator, the templates), and the
rule for trusting what is in it: cached code is run, so it is read only from a file and a
folder that belong to this user and nobody else can write to (as ssh checks its keys), and
written only into such a folder. The parsed files (parsed_cache.py) and the site's diagrams
(site/diagrams.py), which are unpickled or pasted into pages as they are, follow the same
rule."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path | None:
    configured = os.environ.get("CXMODEL_CACHE_DIR")
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "cxmodel"


def trusted(path: Path) -> bool:
    """Whether cached code may be run: only if the file and its folder belong to this user
    and nobody else can write to them. Otherwise it is ignored and compiled afresh."""
    try:
        return path.is_file() and _private(path) and _private(path.parent)
    except OSError:
        return False


def _private(node: Path) -> bool:
    """Owned by this user and writable by no one else."""
    if not hasattr(os, "getuid"):  # Windows: the cache is in the user's own profile
        return True
    status = node.stat()
    return status.st_uid == os.getuid() and not status.st_mode & 0o022


def store(path: Path, data: bytes, durable: bool = True) -> None:
    """Write cached code, private to this user; nothing if the folder is not private.
    ``durable=False`` skips the fsync (see writing.write_atomic): for many small entries
    that are simply made again if a crash loses them."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not _private(path.parent):
            return  # a folder others can write to: never leave code there
        from cxmodel.writing import write_atomic

        write_atomic(path, data, mode=0o600, durable=durable)
    except OSError:
        pass  # no writable cache: compile again next time
