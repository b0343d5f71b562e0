"""How wide text is drawn: each character's advance, read from the font cxmodel ships
(``cxmodel/fonts``: Arimo, which has the advances of Arial and Helvetica, the first fonts the
diagrams ask for, and of Liberation Sans, which Linux puts in their place). Characters the
font lacks are measured by script: East Asian wide and full-width characters (CJK
ideographs, kana, hangul, full-width punctuation) take a full em in every CJK font;
combining marks take none; anything else is taken for a wide Latin letter, so that a box
errs on the roomy side.

The table is read once per process with fontTools, and only when a diagram is laid out."""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from pathlib import Path

FONT_FILE = Path(__file__).resolve().parent.parent / "fonts" / "cxmodelSans-Regular.ttf"
WIDE = 1.0  # CJK ideographs and other wide characters, in ems
UNKNOWN = 0.65  # a character no font cxmodel knows has: a little wider than most letters

_lock = threading.Lock()
_table: dict[int, float] | None = None


def _advances() -> dict[int, float]:
    """Each character the bundled font has, with its advance in ems."""
    global _table
    if _table is None:
        with _lock:
            if _table is None:
                from fontTools.ttLib import TTFont

                with TTFont(str(FONT_FILE), lazy=True) as font:
                    scale = 1.0 / font["head"].unitsPerEm
                    metrics = font["hmtx"].metrics
                    _table = {code: metrics[glyph][0] * scale
                              for code, glyph in font.getBestCmap().items()}
    return _table


@cache
def char_width(ch: str) -> float:
    """The advance of ``ch`` at font size 1."""
    if unicodedata.east_asian_width(ch) in "WF":
        return WIDE
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0.0
    found = _advances().get(ord(ch))
    return found if found is not None else UNKNOWN


def is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def text_width(text: str, size: float) -> float:
    """The width of ``text`` in points at font ``size``."""
    return sum(map(char_width, text)) * size
