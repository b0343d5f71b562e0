"""Positions between cxmodel and the editor: cxmodel counts lines and columns from 1, in
characters (code points); the protocol counts from 0, in the code units of the encoding
agreed at initialisation (UTF-16 unless the editor offers another: Neovim 0.11 and Helix
offer UTF-8 first, so ``ł`` counts 2 there and an emoji 4; in UTF-16 an emoji counts 2).

The units are counted by pygls' PositionCodec, the same that applies the editor's changes
to the open documents. One server process serves one editor connection, so the agreed
encoding is kept here for the process (:func:`use_encoding`), as the language of the
messages is (cxmodel.messages.render.use)."""

from __future__ import annotations

from lsprotocol import types
from pygls.workspace import PositionCodec

_codec = PositionCodec()  # UTF-16: the protocol's default


def use_encoding(encoding: types.PositionEncodingKind | str | None) -> None:
    """Count columns in ``encoding`` from now on (what the server announced)."""
    global _codec
    _codec = PositionCodec(encoding or types.PositionEncodingKind.Utf16)


def _line(text: str | None, number: int) -> str:
    if text is None:
        return ""
    lines = text.split("\n")
    return lines[number - 1] if 0 < number <= len(lines) else ""


def to_lsp(text: str | None, line: int, column: int) -> types.Position:
    """The protocol's position of cxmodel's 1-based ``line`` and ``column``."""
    before = _line(text, line)[:max(column - 1, 0)]
    units = _codec.client_num_units(before) + max(column - 1 - len(before), 0)
    return types.Position(line=max(line - 1, 0), character=units)


def from_lsp(text: str | None, position: types.Position) -> tuple[int, int]:
    """cxmodel's 1-based line and column of a protocol position."""
    line = _line(text, position.line + 1)
    units = 0
    for index, char in enumerate(line):
        if units >= position.character:
            return position.line + 1, index + 1
        units += _codec.client_num_units(char)
    return position.line + 1, len(line) + 1 + max(position.character - units, 0)
