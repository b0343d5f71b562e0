"""Reading a file cxmodel is given (a workspace file, a sheet, a baseline): only a regular
file, and only up to a limit, so that a named pipe cannot block the read forever and
/dev/zero cannot fill the memory."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from cxmodel.loader import wording
from cxmodel.messages.text import Param, Template

NOT_REGULAR = "it is not a regular file (a pipe, socket or device?)"
# The errors whose reason cxmodel words in each language (when the system's words are these).
_REASONS: dict[int, Template] = {
    errno.EACCES: wording.PERMISSION_DENIED,
    errno.ENOENT: wording.NO_SUCH_FILE,
    errno.EISDIR: wording.IS_A_DIRECTORY,
    errno.ENOTDIR: wording.NOT_A_DIRECTORY,
    errno.ELOOP: wording.LINK_LOOP,
    errno.ENAMETOOLONG: wording.NAME_TOO_LONG,
}
# Opening a named pipe for reading waits for a writer; non-blocking, it returns at once (and
# the check below refuses it). Windows has no such flag, and no named pipes in its folders.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def os_reason(error: OSError) -> Param:
    """Why a file or folder cannot be read, for a sentence: the operating system's words
    (its ``strerror``), in the active language where cxmodel knows them."""
    reason = error.strerror or str(error)
    if reason == NOT_REGULAR:
        return wording.NOT_REGULAR()
    known = _REASONS.get(error.errno or 0)
    if known is not None and known.english == reason:
        return known()
    return reason


class FileTooLarge(Exception):
    """The file is over the limit; the message ends a sentence that starts with its name
    (English: for the messages not yet templates; ``limit`` and ``size`` for those that
    are)."""

    def __init__(self, limit: int, size: int | None = None) -> None:
        shown = f"is {size:,} bytes," if size is not None else "is"
        super().__init__(f"{shown} more than the limit of {limit:,} bytes")
        self.limit = limit
        self.size = size


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of ``path`` (a symlink is followed), at most ``limit`` of them. Raises
    OSError when it cannot be read or is not a regular file (the message of such an error is
    its ``strerror``), FileTooLarge when it holds more than ``limit`` bytes."""
    _refuse_unless_regular(os.stat(path), limit)  # before opening: opening has effects
    descriptor = os.open(path, _OPEN_FLAGS)
    with os.fdopen(descriptor, "rb") as stream:
        # Again on what was opened, in case the path was swapped since the stat().
        size = _refuse_unless_regular(os.fstat(stream.fileno()), limit)
        data = _read_at_most(stream, limit + 1, size)  # even if it grew since the stat()
    if len(data) > limit:
        raise FileTooLarge(limit)
    return data


def _read_at_most(stream: BinaryIO, most: int, expected: int) -> bytes:
    """The stream's bytes up to ``most``: first the ``expected`` size and one byte more (to
    see that it grew), then in chunks. Never read(most): that allocates ``most`` bytes first
    (a limit of 10**19 is valid configuration), and a 16 MiB buffer for every small file
    raised glibc's mmap threshold, and with it a check's peak memory."""
    chunks = [stream.read(min(most, expected + 1))]
    left = most - len(chunks[0])
    while left > 0 and chunks[-1]:
        chunks.append(stream.read(min(left, _CHUNK)))
        left -= len(chunks[-1])
    return b"".join(chunks)


_CHUNK = 1024 * 1024


def _refuse_unless_regular(status: os.stat_result, limit: int) -> int:
    """The file's size, if it is a regular file within ``limit``; else raises."""
    if stat.S_ISDIR(status.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
    if not stat.S_ISREG(status.st_mode):
        raise OSError(0, NOT_REGULAR)
    if status.st_size > limit:
        raise FileTooLarge(limit, status.st_size)
    return status.st_size
