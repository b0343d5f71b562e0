"""Atomic file writes: a temporary file in the same folder, then a rename, so a reader never
sees half a file and an interrupted run leaves the old file intact. A device or a pipe
(``-o /dev/null``, ``-o /dev/stdout``, a named pipe), or anything in /dev or /proc, is
written to as a stream instead: renaming a file over it would replace ``/dev/null`` or the
``/dev/stdout`` link with a regular file for every program on the machine."""

from __future__ import annotations

import errno
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from cxmodel.messages.text import message

_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0) \
    | getattr(os, "O_NOFOLLOW", 0)


# The files this run reads (device and inode, through links and not): an output path that
# names one of them is refused, so `report ws -o ws/organisation.yaml` cannot replace the
# model with a report.
_inputs: set[tuple[int, int]] = set()

READ_HERE = message("common.output-is-input",
                    "it is a file this command reads; write the output somewhere else")


class InputInTheWay(FileExistsError):
    """An output path that names a file this run reads. Its ``strerror`` is English (the
    operating system's errors are read that way); ``said`` says it in the active
    language."""

    def __init__(self, path: Path) -> None:
        super().__init__(errno.EEXIST, "it is a file this command reads; write the output "
                         "somewhere else", str(path))
        self.said = READ_HERE()


def protect(paths: Iterable[str | Path]) -> None:
    """Mark files as inputs of this run: write_atomic refuses to replace them."""
    for path in paths:
        _inputs.update(_identities(path))


def forget_inputs() -> None:
    """A new run (a test may run several in one process, and inode numbers are reused)."""
    _inputs.clear()


def _identities(path: str | Path) -> set[tuple[int, int]]:
    found = set()
    for look in (os.lstat, os.stat):
        try:
            status = look(path)
        except (OSError, ValueError):
            continue
        found.add((status.st_dev, status.st_ino))
    return found


def write_atomic(path: str | Path, content: str | bytes, mode: int | None = None,
                 durable: bool = True) -> None:
    """Write ``content`` to ``path`` all at once, or not at all.

    The file keeps the permissions of the file it replaces; a new file gets the usual ones
    (0o666 less the umask), or ``mode``. A symlink at ``path`` is replaced, not followed, so
    an output path never writes through a link into some other file. ``durable=False``
    skips the fsync, for caches (still never half-written, but a crash may lose them)."""
    target = Path(path)
    if _inputs and _identities(target) & _inputs:
        raise InputInTheWay(target)
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
            if durable:
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


# Nothing there is a file to replace: /dev/stdout is a link to /proc/self/fd/1, which is
# whatever standard output is (a terminal, a pipe, or a file the shell redirected it to).
_SYSTEM = ("/dev/", "/proc/")


def is_stream(path: Path) -> bool:
    """Whether ``path`` is (or links to) a character device, a pipe or a socket, or is named
    in /dev or /proc (``/dev/stdout``, ``/proc/self/fd/1``), where a file must be written to,
    never replaced. Only the name as given counts for that: a link elsewhere that points
    into /proc (``/proc/self/root/...`` reaches every file) is replaced like any link."""
    try:
        kind = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    if stat.S_ISCHR(kind) or stat.S_ISFIFO(kind) or stat.S_ISSOCK(kind):
        return True
    return os.name != "nt" and (os.path.abspath(path) + "/").startswith(_SYSTEM)


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
