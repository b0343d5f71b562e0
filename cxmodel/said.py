"""Exceptions that say why in a sentence of the catalogues: the sentence is kept as a
language-neutral Text and shown in the active language when the exception is printed, so
an error raised before the workspace's language is known still reads in it."""

from __future__ import annotations

from pathlib import Path

from cxmodel.messages.render import render
from cxmodel.messages.text import Text, message

Said = Text | str

CANNOT_WRITE = message("common.cannot-write", "cannot write {path}: {reason}")
NOT_REGULAR = message("common.not-regular",
                      "it is not a regular file (a pipe, socket or device?)")
# What the loader says of a pipe, a socket or a device (cxmodel.loader.reading.NOT_REGULAR).
_NOT_REGULAR_ENGLISH = "it is not a regular file (a pipe, socket or device?)"


class SaysWhy(Exception):
    """An exception whose message is a Text (or a plain string that is not translated:
    a path, a message of git or of the operating system)."""

    def __init__(self, said: Said) -> None:
        super().__init__(said)
        self.said = said

    def __str__(self) -> str:
        return render(self.said)


def why(error: BaseException) -> Said:
    """What ``error`` says: its Text when it carries one (shown later, in the language
    active then), else its message."""
    said = getattr(error, "said", None)
    if isinstance(said, Text | str):
        return said
    if error.args and isinstance(error.args[0], Text):
        return error.args[0]
    return str(error)


def os_reason(error: OSError) -> Said:
    """Why a file operation failed: cxmodel's own reasons in the active language, the
    operating system's in its own words ('No space left on device')."""
    said = getattr(error, "said", None)
    if isinstance(said, Text):
        return said
    if isinstance(error.strerror, Text):
        return error.strerror
    if error.errno == 0 and error.strerror == _NOT_REGULAR_ENGLISH:
        return NOT_REGULAR()
    return str(error.strerror or error)


def cannot_write(path: object, error: OSError) -> Text:
    """'cannot write out.html: Permission denied'."""
    return CANNOT_WRITE(path=str(path), reason=os_reason(error))


def size_over(error: BaseException, path: Path) -> int | None:
    """The size of a file refused for being over its limit (FileTooLarge), when it is
    known."""
    size = getattr(error, "size", None)
    if isinstance(size, int):
        return size
    try:
        size = path.stat().st_size
    except OSError:
        return None
    limit = getattr(error, "limit", None)
    return size if isinstance(limit, int) and size > limit else None
