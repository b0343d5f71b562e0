"""Text for DOT labels: wrapped to a width in points, every user string escaped so that
Graphviz shows it literally (no \\N or \\l escapes, no HTML-like labels)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cache

import graphviz

from cxmodel.messages.render import render
from cxmodel.messages.text import message

# Fixed texts more than one diagram shows (each diagram's own are declared in its module).
# TRANSLATORS: the title of a diagram's legend box.
LEGEND = message("diagram.legend.title", "Legend")
# TRANSLATORS: a line under the title of a blueprint or journey map; {goal} is the user's text.
GOAL = message("diagram.title.goal", "Customer goal: {goal}")
# TRANSLATORS: what separates the items of a list of names or metric ids in a diagram
# (", " in English; "、" in Chinese).
SEPARATOR = message("diagram.list.separator", ", ")

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
    """Greedy lines of at most ``width`` points at font ``size``. A word that does not fit
    the rest of the line breaks where Chinese text may (before and after each ideograph, not
    before closing punctuation: CJK text has no spaces, and a translated sentence glues a
    Latin name to it); a word longer than a line, between characters. With ``max_lines``, the
    last kept line ends in an ellipsis, and the text past it is not even looked at (a very
    long pain point would otherwise be wrapped whole, for nothing).

    The width of the line being filled is kept as it grows (measuring it again for every
    word or character was quadratic in the line's length, and a wide stage holds long
    lines of CJK text). It is the same sum, in the same order, as text_width(), so lines
    break exactly where text_width() says."""
    lines: list[str] = []
    line = _Line(size)
    enough = max_lines + 1 if max_lines else 0
    for word in text.split():
        if enough and len(lines) >= enough:
            break
        if line.fits(word, width):
            line.add(word)
            continue
        # A word too long for the rest of the line breaks where Chinese text may break
        # (between ideographs, before or after them), else between any two characters.
        glue = " "  # before the word's first part; its other parts follow without a space
        for piece in _pieces(word) if not word.isascii() else (word,):
            if enough and len(lines) >= enough:
                break
            if line.fits(piece, width, glue):
                line.add(piece, glue)
                glue = ""
                continue
            glue = ""
            if line.text:
                lines.append(line.text)
                line = _Line(size)
            for ch in piece:
                if line.text and not line.fits_char(ch, width):
                    lines.append(line.text)
                    line = _Line(size)
                    if enough and len(lines) >= enough:
                        break
                line.add_char(ch)
    if line.text:
        lines.append(line.text)
    if max_lines and len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


# Where a line may not break: before closing punctuation, after opening punctuation.
_CLOSING = frozenset("，。：；、！？）」』》〉】〕”’…")
_OPENING = frozenset("（「『《〈【〔“‘")


def _pieces(word: str) -> Iterator[str]:
    """The parts of a word between which a line may break: before and after a wide (CJK)
    character, but not before closing punctuation nor after opening punctuation. Made
    lazily: a line cut after a few lines never looks at the rest of a long word."""
    start = 0
    for index in range(1, len(word)):
        before, after = word[index - 1], word[index]
        if after in _CLOSING or before in _OPENING:
            continue
        if char_width(before) == _WIDE or char_width(after) == _WIDE:
            yield word[start:index]
            start = index
    yield word[start:]


class _Line:
    """A line being filled, with its width as text_width() computes it: the count of
    characters times the narrow advance for ASCII, else the sum of each character's."""

    __slots__ = ("ascii", "size", "text", "units")

    def __init__(self, size: float) -> None:
        self.size = size
        self.text = ""
        self.units = 0.0  # sum of char_width over the text, left to right
        self.ascii = True

    def _width(self, length: int, units: float, ascii: bool) -> float:
        return length * _NARROW * self.size if ascii else units * self.size

    def fits(self, word: str, width: float, glue: str = " ") -> bool:
        """Whether ``word`` fits after ``glue`` (or alone, on an empty line)."""
        joined = f"{glue}{word}" if self.text else word
        units = self.units
        for ch in joined:
            units += char_width(ch)
        ascii = self.ascii and joined.isascii()
        return self._width(len(self.text) + len(joined), units, ascii) <= width

    def add(self, word: str, glue: str = " ") -> None:
        joined = f"{glue}{word}" if self.text else word
        for ch in joined:
            self.units += char_width(ch)
        self.ascii = self.ascii and joined.isascii()
        self.text += joined

    def fits_char(self, ch: str, width: float) -> bool:
        ascii = self.ascii and ch.isascii()
        return self._width(len(self.text) + 1, self.units + char_width(ch), ascii) <= width

    def add_char(self, ch: str) -> None:
        self.units += char_width(ch)
        self.ascii = self.ascii and ch.isascii()
        self.text += ch


# The longest line a label or tooltip holds: Graphviz refuses a quoted string over 16,384
# bytes ("syntax error ... longer than 16384?"), which a 100 KB name in a title, or a name
# wrapped to the width of a stage spanning thousands of steps, would make.
MAX_LINE_CHARACTERS = 300


# The average advance of a character of prose, for sizing a box to lines that are not
# wrapped (a legend): English prose averages under half an em; Cyrillic letters are wider
# than Latin ones in the usual sans-serif fonts.
_PROSE_LATIN = 0.45
_PROSE_OTHER = 0.62


def prose_width(text: str, size: float) -> float:
    """Estimated width of a line of prose in points at font ``size``."""
    if text.isascii():
        return len(text) * _PROSE_LATIN * size
    total = 0.0
    for ch in text:
        wide = char_width(ch)
        total += (_PROSE_LATIN if ch.isascii() else _PROSE_OTHER) if wide == _NARROW else wide
    return total * size


def box_width(lines: list[str], size: float, least: float, padding: float = 16.0) -> float:
    """The width of a fixed-size box of unwrapped lines (a legend): ``least``, or wider when
    a line (in a language whose words are longer) needs it."""
    return max(least, max((prose_width(line, size) for line in lines), default=0.0) + padding)


def listing(items: list[str] | tuple[str, ...]) -> str:
    """Names or ids listed as the active language separates them (``A, B`` / ``A、B``)."""
    return render(SEPARATOR()).join(items)


def label(lines: list[str], align: str = "l") -> graphviz.quoting.NoHtml:
    """A DOT label from plain lines: each escaped, each ended by a justified line break
    (``\\l`` left, ``\\n`` centre, ``\\r`` right). Never an HTML-like label."""
    end = {"l": "\\l", "n": "\\n", "r": "\\r"}[align]
    body = "".join(_escape(_cut(line)) + end for line in lines)
    return graphviz.nohtml(body or " ")


def plain(text: str) -> graphviz.quoting.NoHtml:
    """One escaped line for a tooltip or title."""
    return graphviz.nohtml(_escape(_cut(text)))


def _cut(text: str) -> str:
    if len(text) <= MAX_LINE_CHARACTERS:
        return text
    return text[:MAX_LINE_CHARACTERS - 1].rstrip() + "…"


def _escape(text: str) -> str:
    """Literal text in a DOT string: backslashes doubled (no \\N, \\l... escapes) and
    ampersands written as &amp; (Graphviz decodes HTML entities such as &lt; in labels)."""
    return str(graphviz.escape(" ".join(text.split()).replace("&", "&amp;")))
