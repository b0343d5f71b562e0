"""Atomic file writes: a temporary file in the same folder, then a rename, so a reader never
sees half a file and an interrupted run leaves the old file intact. A device or a pipe
(``-o /dev/null``, ``-o /dev/stdout``, a named pipe) is written to as a stream instead:
renaming a file over it would replace ``/dev/null`` with a regular file for every program
on the machine."""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) \
    | getattr(os, "O_NOFOLLOW", 0)


def write_atomic(path: str | Path, content: str | bytes, mode: int | None = None) -> None:
    """Write ``content`` to ``path`` all at once, or not at all.

    The file keeps the permissions of the file it replaces; a new file gets the usual ones
    (0o666 less the umask), or ``mode``. A symlink at ``path`` is replaced, not followed, so
    an output path never writes through a link into some other file."""
    target = Path(path)
    data = content.encode("utf-8") if isinstance(content, str) else content
    if is_stream(target):
        with open(target, "wb") as stream:
            stream.write(data)
        return
    folder = target.parent if str(target.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = _temporary(folder, target.name, 0o600 if mode is not None else 0o666)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if mode is not None:
            os.chmod(temporary, mode)
        elif target.is_file() and not target.is_symlink():
            os.chmod(temporary, target.stat().st_mode & 0o777)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def is_stream(path: Path) -> bool:
    """Whether ``path`` is (or links to) a character device, a pipe or a socket."""
    try:
        kind = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISCHR(kind) or stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind)


def _temporary(folder: Path, name: str, permissions: int) -> tuple[int, Path]:
    """A new, hidden file beside the target. Created with open(O_EXCL) and ``permissions``,
    so the operating system applies the umask (reading the umask means changing it for a
    moment, which is not safe with threads)."""
    # Room for the suffix within the usual limit of 255 bytes on a name.
    stem = os.fsencode(name)[:200].decode(errors="ignore") if os.name != "nt" else name[:200]
    for _ in range(100):
        candidate = folder / f".{stem}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(candidate, _FLAGS, permissions), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a temporary file in {folder}")
