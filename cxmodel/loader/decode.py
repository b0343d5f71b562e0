"""Turning a file's bytes into text: UTF-8 only (a BOM is fine), no NUL or control characters."""

from __future__ import annotations

import re

from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic

# YAML allows tab, LF, CR, NEL and printable characters; everything else is refused by the
# parser with a poor message, so we find it first and say where it is.
NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

_BOM = b"\xef\xbb\xbf"


def position_of(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def decode(path: str, data: bytes) -> tuple[str | None, Diagnostic | None]:
    """The file's text, or the CX006/CX001 diagnostic that says why it is not readable text."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, loading_diagnostic(
            "CX006", "This file is not UTF-8 text: it starts with a UTF-16 byte order mark.",
            Span.point(path, 1, 1),
            hint="Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).")
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        looks = _looks_like(data)
        return None, loading_diagnostic(
            "CX006",
            f"This file is not UTF-8 text: it holds a NUL byte at byte offset {nul}"
            + (f" (it looks like {looks})." if looks else "."),
            Span.point(path, line, column),
            hint="Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        return None, loading_diagnostic(
            "CX006",
            f"This file is not UTF-8 text: byte 0x{data[error.start]:02X} at byte offset "
            f"{error.start} is not valid UTF-8.",
            Span.point(path, line, column),
            hint="Save the file as UTF-8; files saved as Windows-1251, Latin-1 or UTF-16 "
            "must be converted.",
        )
    bad = NOT_PRINTABLE.search(text)
    if bad is not None:
        line, column = position_of(text, bad.start())
        return None, loading_diagnostic(
            "CX001",
            f"This file holds a control character (U+{ord(bad.group()):04X}) that YAML does "
            "not allow.",
            Span.point(path, line, column),
            hint="Delete the invisible character; it often comes from copying text out of "
            "another program.",
        )
    return text, None


def _looks_like(data: bytes) -> str | None:
    """'UTF-16' when NUL bytes alternate with text (ASCII letters saved as UTF-16 without a
    byte order mark), 'a binary file' when control bytes abound, else no guess."""
    head = data[:512]
    pairs = len(head) // 2
    if pairs and max(head[0::2].count(0), head[1::2].count(0)) >= 0.3 * pairs \
            and min(head[0::2].count(0), head[1::2].count(0)) <= 0.05 * pairs:
        return "UTF-16"
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return "a binary file" if controls >= 0.05 * len(head) else None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
