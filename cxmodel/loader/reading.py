"""Reading a file cxmodel is given (a workspace file, a sheet, a baseline): only a regular
file, and only up to a limit, so that a named pipe cannot block the read forever and
/dev/zero cannot fill the memory."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

NOT_REGULAR = "it is not a regular file (a pipe, socket or device?)"
# Opening a named pipe for reading waits for a writer; non-blocking, it returns at once (and
# the check below refuses it). Windows has no such flag, and no named pipes in its folders.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class FileTooLarge(Exception):
    """The file is over the limit; the message ends a sentence that starts with its name."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        shown = f"is {size:,} bytes," if size is not None else "is"
        super().__init__(f"{shown} more than the limit of {limit:,} bytes")
        self.limit = limit


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (a symlink is followed), at most ``limit`` of them. Raises
    OSError when it cannot be read or is not a regular file (the message of such an error is
    its ``strerror``), FileTooLarge when it holds more than ``limit`` bytes."""
    _refuse_unless_regular(os.stat(path), limit)  # before opening: opening has effects
    descriptor = os.open(path, _OPEN_FLAGS)
    with os.fdopen(descriptor, "rb") as stream:
        # Again on what was opened, in case the path was swapped since the stat().
        _refuse_unless_regular(os.fstat(stream.fileno()), limit)
        data = _read_at_most(stream, limit + 1)  # even if the file grew since the stat()
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data


def _read_at_most(stream: BinaryIO, most: int) -> bytes:
    """The stream's bytes up to ``most``, in chunks (read(most) would first allocate
    ``most`` bytes, and a limit of 10**19 is valid configuration)."""
    chunks: list[bytes] = []
    left = most
    while left > 0:
        chunk = stream.read(min(left, _CHUNK))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


_CHUNK = 16 * 1024 * 1024


def _refuse_unless_regular(status: os.stat_result, limit: int) -> None:
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    if not stat.S_ISREG(status.st_mode):
        raise OSError(0, NOT_REGULAR)
    if status.st_size > limit:
        raise FileTooLarge(limit, status.st_size)
