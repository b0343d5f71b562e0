"""Text for DOT labels: wrapped to a width in points, every user string escaped so that
Graphviz shows it literally (no \\N or \\l escapes, no HTML-like labels)."""

from __future__ import annotations

import unicodedata
from functools import cache

import graphviz

# Average advance of a character at font size 1, for Helvetica-like sans-serif fonts.
_NARROW = 0.55
_WIDE = 1.0  # CJK ideographs and other wide characters

FONT = "Helvetica,Arial,Noto Sans,Noto Sans CJK SC,Microsoft YaHei,PingFang SC,sans-serif"


@cache
def char_width(ch: str) -> float:
    if unicodedata.east_asian_width(ch) in "WF":
        return _WIDE
    if unicodedata.combining(ch):
        return 0.0
    return _NARROW


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` in points at font ``size``."""
    if text.isascii():
        return len(text) * _NARROW * size
    return sum(map(char_width, text)) * size


def wrap(text: str, width: float, size: float, max_lines: int = 0) -> list[str]:
    """Greedy lines of at most ``width`` points at font ``size``; a word longer than a line
    (or CJK text, which has no spaces) is broken between characters. With ``max_lines``, the
    last kept line ends in an ellipsis, and the text past it is not even looked at (a
    100 KB pain point would otherwise cost a tenth of a second to wrap, for nothing)."""
    lines: list[str] = []
    current = ""
    enough = max_lines + 1 if max_lines else 0
    for word in text.split():
        if enough and len(lines) >= enough:
            break
        candidate = f"{current} {word}" if current else word
        if text_width(candidate, size) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
            current = ""
        for ch in word:
            if current and text_width(current + ch, size) > width:
                lines.append(current)
                current = ch
                if enough and len(lines) >= enough:
                    break
            else:
                current += ch
    if current:
        lines.append(current)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def label(lines: list[str], align: str = "l") -> graphviz.quoting.NoHtml:
    """A DOT label from plain lines: each escaped, each ended by a justified line break
    (``\\l`` left, ``\\n`` centre, ``\\r`` right). Never an HTML-like label."""
    end = {"l": "\\l", "n": "\\n", "r": "\\r"}[align]
    body = "".join(_escape(line) + end for line in lines)
    return graphviz.nohtml(body or " ")


def plain(text: str) -> graphviz.quoting.NoHtml:
    """One escaped line for a tooltip or title."""
    return graphviz.nohtml(_escape(text))


def _escape(text: str) -> str:
    """Literal text in a DOT string: backslashes doubled (no \\N, \\l... escapes) and
    ampersands written as &amp; (Graphviz decodes HTML entities such as &lt; in labels)."""
    return str(graphviz.escape(" ".join(text.split()).replace("&", "&amp;")))
