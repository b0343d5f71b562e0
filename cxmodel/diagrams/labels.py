"""Text for DOT labels: wrapped to a width in points, every user string escaped so that
Graphviz shows it literally (no \\N or \\l escapes, no HTML-like labels)."""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache

import graphviz

from cxmodel.diagrams.metrics import is_wide, text_width
from cxmodel.messages.render import language_info
from cxmodel.messages.text import message

# Fixed texts more than one diagram shows (each diagram's own are declared in its module).
# TRANSLATORS: the title of a diagram's legend box.
LEGEND = message("diagram.legend.title", "Legend")
# TRANSLATORS: a line under the title of a blueprint or journey map; {goal} is the user's text.
GOAL = message("diagram.title.goal", "Customer goal: {goal}")

# The font Graphviz lays text out by. It estimates widths from the fonts it knows by name,
# and knows Helvetica's (Arimo's, which cxmodel measures with, and Arial's): given a list of
# names it takes Times's, narrower, and the maps' boxes came out narrower than their text.
FONT = "Helvetica"
# The fonts the SVG names, in its place (with_font_list): what a browser or the PNG and PDF
# renderer looks for, the CJK ones last.
FONT_LIST = "Helvetica,Arial,Noto Sans,Noto Sans CJK SC,Microsoft YaHei,PingFang SC,sans-serif"
# Traditional Chinese: the TC fonts first, so that 說 and 體 take Taiwan's and Hong Kong's
# forms, not the mainland's.
FONT_LISTS = {"zh-Hant": "Helvetica,Arial,Noto Sans,Noto Sans CJK TC,Microsoft JhengHei,"
                         "PingFang TC,Noto Sans CJK SC,sans-serif"}
_GRAPHVIZ_FAMILY = b'font-family="Helvetica,sans-Serif"'
# Graphviz's estimate, in ems, of a character outside ASCII: by the length of its UTF-8
# form, not its shape (an ideograph 0.833 where it takes 1, a Cyrillic Ж 0.556 for 0.923).
_GRAPHVIZ_TWO_BYTES = 0.556
_GRAPHVIZ_LONGER = 0.833
# A shortfall this small (in ems) is inside a box's margins.
_SHORT_ENOUGH = 0.1


def with_font_list(svg: bytes) -> bytes:
    """The SVG Graphviz drew with every text naming :data:`FONT_LIST`, not Helvetica, and
    without the <title> Graphviz gives every group: those name the graph's internal ids
    (cell-customer-0:s->cell-frontstage-0:n), which a browser shows on hover and a screen
    reader reads out. What a person should read on hover is in the tooltips cxmodel sets.
    The fonts are the active language's (FONT_LISTS), and the root says its language."""
    language = language_info()
    fonts = FONT_LISTS.get(language.code, FONT_LIST)
    svg = svg.replace(_GRAPHVIZ_FAMILY, f'font-family="{fonts}"'.encode())
    # The drawing's language, as a page declares its own: glyph forms, screen readers.
    svg = svg.replace(b"<svg ", f'<svg xml:lang="{language.html}" '.encode(), 1)
    return _GROUP_TITLE.sub(rb"\1", svg)


# A group Graphviz opens (the graph, a cluster, a node, an edge) and the <title> it puts first.
_GROUP_TITLE = re.compile(rb'(<g id="[^"]*" class="[^"]*"[^>]*>\n)<title>[^<]*</title>\n')


def _graphviz_ems(text: str) -> float:
    """How wide Graphviz thinks ``text`` is, in ems: Helvetica's widths for ASCII (the
    bundled font's), and by UTF-8 length for the rest."""
    ascii_part = "".join(ch for ch in text if ch.isascii())
    others = [ch for ch in text if not ch.isascii()]
    return (text_width(ascii_part, 1.0)
            + sum(_GRAPHVIZ_TWO_BYTES if ord(ch) < 0x800 else _GRAPHVIZ_LONGER
                  for ch in others))


def _padded(line: str, align: str) -> str:
    """``line`` with no-break spaces where Graphviz would size its box or label narrower
    than the text is drawn (Cyrillic capitals, CJK, arrows): Graphviz counts each as 0.556
    em, so it makes room for the text; on the side the text is not aligned to, both sides
    when centred."""
    if line.isascii():
        return line
    short = text_width(line, 1.0) - _graphviz_ems(line)
    if short <= _SHORT_ENOUGH:
        return line
    count = math.ceil(short / _GRAPHVIZ_TWO_BYTES)
    if align == "n":
        before = count // 2 + count % 2
        return "\u00a0" * before + line + "\u00a0" * (count - before)
    return line + "\u00a0" * count if align == "l" else "\u00a0" * count + line

# The narrowest advance of a character in ems (an "i", a full stop): enough characters of
# a text for ``max_lines`` lines are never fewer than this says.
_NARROWEST = 0.2


def wrap(text: str, width: float, size: float, max_lines: int = 0) -> list[str]:
    """Lines of at most ``width`` points at font ``size``, broken where the Unicode
    line-breaking algorithm (UAX #14, by the ``uniseg`` library) allows: after spaces,
    between CJK ideographs, but never before a closing mark or a Chinese comma (，。）」),
    nor after an opening one, nor after a hyphen inside a word or id, nor after a
    one-letter word such as Polish "w" or "z" (it goes down to the next line). Each line
    is filled as far as its measured width allows (diagrams/metrics.py). A part longer
    than a line breaks between characters. A lone ideograph is not left on a line of its
    own: the last part of the line before it goes down with it. With ``max_lines``, the
    last kept line ends in an ellipsis, and the text past what that many lines can hold
    is not even looked at.

    Text all in ASCII breaks at its spaces only: UAX #14 would add breaks after hyphens
    and slashes, which are not worth its cost on the 10,000-step workspace's site."""
    text = _SPACES.sub(" ", text).strip(" ")
    if not text:
        return []
    if max_lines:
        enough = max_lines * (int(width / (_NARROWEST * size)) + 1) + 1
        if len(text) > enough:
            text = text[:enough]
    lines: list[list[str]] = []
    line: list[str] = []
    filled = 0.0  # the width of the line's parts, their spaces included
    for part in _fitting(_parts(text), width, size):
        if max_lines and len(lines) > max_lines:
            break
        bare = part.rstrip(" ")
        needed = text_width(bare, size)
        if line and filled + needed > width:
            carried = _hanging(line)
            carried_width = sum(text_width(p, size) for p in carried)
            if carried and carried_width + needed > width:  # it would not fit down there
                line.extend(carried)
                carried, carried_width = [], 0.0
            lines.append(line)
            line, filled = carried, carried_width
        if needed <= width or not bare:
            line.append(part)
            filled += needed + text_width(part[len(bare):], size)
            continue
        for piece in _characters(bare):  # longer than a line: broken between characters
            step = text_width(piece, size)
            if line and filled + step > width:
                lines.append(line)
                line, filled = [], 0.0
            line.append(piece)
            filled += step
        if part != bare:
            line.append(part[len(bare):])
            filled += text_width(part[len(bare):], size)
    if line:
        lines.append(line)
    _no_orphan(lines, width, size)
    shown = ["".join(parts).rstrip(" ") for parts in lines]
    if max_lines and len(shown) > max_lines:
        shown = shown[:max_lines]
        last = shown[-1]
        while last and text_width(last + "…", size) > width:
            last = last[:-1]
        shown[-1] = last.rstrip() + "…"
    return shown


# One-letter words that Polish (and Czech, Slovak) typesetting never leaves at the end of
# a line ("w", "z", "i"...): the line breaks before them. English "a" and "I" read better
# so too.
_NOT_AT_LINE_END = frozenset("aiouwzAIOUWZ")


def _fitting(parts: list[str], width: float, size: float) -> list[str]:
    """The parts, a word with hyphens inside that is wider than a line cut after its
    hyphens (ubezpieczeniowo- / oszczędnościowym) rather than between its letters."""
    if all("-" not in part for part in parts):
        return parts
    cut: list[str] = []
    for part in parts:
        if "-" in part.rstrip(" ")[:-1] and text_width(part.rstrip(" "), size) > width:
            cut.extend(_AFTER_HYPHEN.findall(part))
        else:
            cut.append(part)
    return cut


_AFTER_HYPHEN = re.compile(r"[^-]*-+|[^-]+")


def _hanging(line: list[str]) -> list[str]:
    """The one-letter word ending ``line``, taken off it to start the next line (none when
    it is the line's only part)."""
    if len(line) > 1 and line[-1].rstrip(" ") in _NOT_AT_LINE_END and line[-1].endswith(" "):
        return [line.pop()]
    return []


# Runs of white space of every kind (tabs, line breaks, an ideographic space), read as one
# space; the no-break spaces stay, so a date written with them ("31\u00a0January\u00a02027")
# keeps to one line.
_SPACES = re.compile(r"[^\S\u00a0\u2007\u202f]+")


def _parts(text: str) -> list[str]:
    """The text cut where a line may break, each part with the spaces after it."""
    if text.isascii():
        return _ASCII_PART.findall(text)
    return _breaks(text)


_ASCII_PART = re.compile(r"[^ ]+ *| +")


@lru_cache(maxsize=8192)
def _breaks(text: str) -> list[str]:
    from uniseg.linebreak import line_break_units

    parts: list[str] = []
    for unit in line_break_units(text):
        # Not after a hyphen inside a word or an id (otwarcie-konta, e-mail): as in ASCII
        # text, and as Polish and Russian typesetting would repeat the hyphen anyway.
        if parts and parts[-1].endswith("-") and len(parts[-1]) > 1 \
                and parts[-1][-2].isalnum() and unit[:1].isalnum():
            parts[-1] += unit
        else:
            parts.append(unit)
    return parts


def _characters(text: str) -> list[str]:
    """A part's characters as a reader sees them (grapheme clusters: a letter with its
    accents, an emoji with its modifiers)."""
    if text.isascii():
        return list(text)
    from uniseg.graphemecluster import grapheme_clusters

    return list(grapheme_clusters(text))


def _no_orphan(lines: list[list[str]], width: float, size: float) -> None:
    """A last line of one ideograph (工程 / 师) takes the last part of the line before it
    down with it, where that line keeps something and the two fit."""
    if len(lines) < 2 or len(lines[-1]) != 1:
        return
    alone = lines[-1][0].rstrip(" ")
    if len(alone) != 1 or not is_wide(alone):
        return
    before = lines[-2]
    if len(before) < 2:
        return
    moved = before[-1]
    if text_width(moved + alone, size) <= width:
        lines[-2] = before[:-1]
        lines[-1] = [moved, *lines[-1]]


# The longest line a label or tooltip holds: Graphviz refuses a quoted string over 16,384
# bytes ("syntax error ... longer than 16384?"), which a 100 KB name in a title, or a name
# wrapped to the width of a stage spanning thousands of steps, would make.
MAX_LINE_CHARACTERS = 300


def box_width(lines: list[str], size: float, least: float, padding: float = 16.0) -> float:
    """The width of a fixed-size box of unwrapped lines (a legend): ``least``, or wider when
    a line (in a language whose words are longer) needs it."""
    return max(least, max((text_width(line, size) for line in lines), default=0.0) + padding)


def isolated(name: str) -> str:
    """A name written right to left (Hebrew, Arabic) kept in its place inside a sentence
    written left to right, between left-to-right marks (U+200E): else a browser reorders
    "אתר → טלפון ×2" and the arrow reads the other way. (Chromium's SVG text ignores the
    isolate marks FSI ... PDI.) Other names as they are."""
    if any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in name):
        return f"\u200e{name}\u200e"
    return name


def label(lines: list[str], align: str = "l", sized: bool = False) -> graphviz.quoting.NoHtml:
    """A DOT label from plain lines: each escaped, each ended by a justified line break
    (``\\l`` left, ``\\n`` centre, ``\\r`` right). Never an HTML-like label.

    ``sized``: Graphviz sizes the box, the cluster or the arrow's label from this text
    (not a fixed-size box), so each line is padded to make it room (_padded)."""
    end = {"l": "\\l", "n": "\\n", "r": "\\r"}[align]
    body = "".join(_escape(_cut(line)) + end for line in lines)
    if sized:
        body = "".join(_padded(_escape(_cut(line)), align) + end for line in lines)
    return graphviz.nohtml(body or " ")


def plain(text: str, sized: bool = False) -> graphviz.quoting.NoHtml:
    """One escaped line for a tooltip or title; ``sized`` as for :func:`label`."""
    escaped = _escape(_cut(text))
    return graphviz.nohtml(_padded(escaped, "n") if sized else escaped)


def _cut(text: str) -> str:
    if len(text) <= MAX_LINE_CHARACTERS:
        return text
    return text[:MAX_LINE_CHARACTERS - 1].rstrip() + "…"


def _escape(text: str) -> str:
    """Literal text in a DOT string: backslashes doubled (no \\N, \\l... escapes) and
    ampersands written as &amp; (Graphviz decodes HTML entities such as &lt; in labels)."""
    return str(graphviz.escape(_SPACES.sub(" ", text).strip(" ").replace("&", "&amp;")))
