"""Positions between cxmodel and the editor: cxmodel counts lines and columns from 1, in
characters (code points); the protocol counts from 0, in UTF-16 code units (so an emoji or
a character past U+FFFF counts twice there)."""

from __future__ import annotations

from lsprotocol import types


def _line(text: str | None, number: int) -> str:
    if text is None:
        return ""
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def to_lsp(text: str | None, line: int, column: int) -> types.Position:
    """The protocol's position of cxmodel's 1-based ``line`` and ``column``."""
    before = _line(text, line)[:max(column - 1, 0)]
    units = len(before.encode("utf-16-le")) // 2 + max(column - 1 - len(before), 0)
    return types.Position(line=max(line - 1, 0), character=units)


def from_lsp(text: str | None, position: types.Position) -> tuple[int, int]:
    """cxmodel's 1-based line and column of a protocol position."""
    line = _line(text, position.line + 1)
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return position.line + 1, index + 1
        units += 2 if ord(char) > 0xFFFF else 1
    return position.line + 1, len(line) + 1 + max(position.character - units, 0)
