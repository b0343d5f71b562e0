"""Turning a file's bytes into text: UTF-8 only (a BOM is fine), no NUL or control characters."""

from __future__ import annotations

import re

from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.loader.wording import (
    CONTROL_CHARACTER,
    CONTROL_CHARACTER_HINT,
    CONVERT_TO_UTF8,
    NOT_UTF8,
    NUL_BYTE,
    NUL_BYTE_BINARY,
    NUL_BYTE_UTF16,
    SAVE_AS_UTF8,
    UTF16_BOM,
)

# YAML allows tab, LF, CR, NEL and printable characters; everything else is refused by the
# parser with a poor message, so we find it first and say where it is.
NOT_PRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]"
)

_BOM = b"\xef\xbb\xbf"
# Every byte but the C0 controls YAML refuses and DEL: what deleting from a file's bytes
# leaves only those.
_ALL_BUT_CONTROLS = bytes(b for b in range(256) if not NOT_PRINTABLE.match(chr(b)) or b >= 0x80)
# How the other characters NOT_PRINTABLE finds start in UTF-8: C1 controls (U+0080 to
# U+009F: C2 80 to C2 9F) and U+FFFE, U+FFFF (EF BF BE, EF BF BF). Surrogates cannot be in
# text that decoded as UTF-8.
_C1 = re.compile(b"\xc2[\x80-\x84\x86-\x9f]")
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")


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
        return None, loading_diagnostic("CX006", UTF16_BOM(), Span.point(path, 1, 1),
                                        hint=SAVE_AS_UTF8())
    nul = data.find(b"\x00")
    if nul >= 0:
        line, column = _byte_position(data, nul)
        said = {"UTF-16": NUL_BYTE_UTF16, "binary": NUL_BYTE_BINARY}.get(
            _looks_like(data) or "", NUL_BYTE)
        return None, loading_diagnostic("CX006", said(offset=str(nul)),
                                        Span.point(path, line, column), hint=SAVE_AS_UTF8())
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _byte_position(data, error.start)
        return None, loading_diagnostic(
            "CX006", NOT_UTF8(byte=f"0x{data[error.start]:02X}", offset=str(error.start)),
            Span.point(path, line, column), hint=CONVERT_TO_UTF8())
    bad = NOT_PRINTABLE.search(text) if _may_hold_unprintable(data) else None
    if bad is not None:
        line, column = position_of(text, bad.start())
        return None, loading_diagnostic(
            "CX001", CONTROL_CHARACTER(character=f"U+{ord(bad.group()):04X}"),
            Span.point(path, line, column), hint=CONTROL_CHARACTER_HINT())
    return text, None


def _may_hold_unprintable(data: bytes) -> bool:
    """Whether the UTF-8 bytes of a text may hold a character NOT_PRINTABLE finds. Searching
    the text with it tests every character (4% of a check's instructions on a 5 MB
    workspace); these byte scans run at C speed and leave the search to the rare file with
    a control byte, a C1 control or a noncharacter (the C1 search looks for its literal
    first byte at C speed: it is also the first byte of «, » and the no-break space)."""
    return bool(data.translate(None, _ALL_BUT_CONTROLS)) or _C1.search(data) is not None \
        or any(bad in data for bad in _NONCHARACTERS)


def _looks_like(data: bytes) -> str | None:
    """'UTF-16' when NUL bytes alternate with text (ASCII letters saved as UTF-16 without a
    byte order mark), 'binary' when control bytes abound, else no guess."""
    head = data[:512]
    pairs = len(head) // 2
    if pairs and max(head[0::2].count(0), head[1::2].count(0)) >= 0.3 * pairs \
            and min(head[0::2].count(0), head[1::2].count(0)) <= 0.05 * pairs:
        return "UTF-16"
    controls = sum(1 for byte in head if byte < 9 or 13 < byte < 32)
    return "binary" if controls >= 0.05 * len(head) else None


def _byte_position(data: bytes, offset: int) -> tuple[int, int]:
    line_start = data.rfind(b"\n", 0, offset) + 1
    line = data.count(b"\n", 0, offset) + 1
    column = len(data[line_start:offset].decode("utf-8", errors="replace")) + 1
    return line, column
