"""Text utilities every stage shares: the characters that make text display differently
from what it is (controls, zero-width and text-direction characters, "Trojan Source"),
which ids may not hold (the id pattern in specs/cxmodel.schema.json excludes the same set)
and messages show as <U+202E>; and cutting text to a number of bytes."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# C0 and C1 controls; every Default_Ignorable_Code_Point of Unicode (DerivedCoreProperties:
# soft hyphen, combining grapheme joiner, Arabic letter mark, the Hangul fillers U+115F,
# U+1160, U+3164 and U+FFA0, Khmer inherent vowels, Mongolian variation selectors and vowel
# separator, zero-width spaces and joiners, left-to-right and right-to-left marks, bidi
# embeddings, overrides and isolates, word joiner and invisible operators, variation
# selectors, the byte order mark, U+FFF0-FFF8, shorthand format controls, musical
# formatting controls, the "tag" characters and U+E0000-E0FFF); line and paragraph
# separators; interlinear annotation controls, the object replacement character and the
# replacement character (what an escaped control character is read as); and characters
# that show as nothing though Unicode does not call them ignorable: the braille blank
# U+2800, Egyptian hieroglyph format controls U+13430-1343F, the Khitan filler U+16FE4 and
# the null notehead U+1D159.
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f"
    "\u200b-\u200f\u2028-\u202e\u2060-\u206f\u2800\u3164\ufe00-\ufe0f\ufeff\uffa0"
    "\ufff0-\ufffd\U00013430-\U0001343f\U00016fe4\U0001bca0-\U0001bca3"
    "\U0001d159\U0001d173-\U0001d17a\U000e0000-\U000e0fff]"
)


def first_invisible(text: str) -> str | None:
    """'U+202E RIGHT-TO-LEFT OVERRIDE' for the first invisible character in ``text``."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    return code_point(found.group())


def code_point(char: str) -> str:
    """'U+3000 IDEOGRAPHIC SPACE': a character by its code point and Unicode name, for a
    message about a character people cannot tell apart from another by looking."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X}" + (f" {name}" if name else "")


def shown(text: str, limit: int = 80) -> str:
    """``text`` for a message: every invisible character written as <U+XXXX>, so the message
    shows what is really there (a right-to-left override would otherwise reverse the rest of
    the line on the user's terminal), and cut to ``limit`` characters (a key can be a
    megabyte long)."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return INVISIBLE.sub(_code, text)


def visible(text: str) -> str:
    """``text`` with every invisible, control and text-direction character but the
    replacement character (a visible glyph) written as <U+XXXX>, not cut: for the terminal
    listing (file names, messages, hints, source lines), where a right-to-left override
    would reorder the line, a carriage return or an escape sequence act on the terminal
    instead of being seen, and a line break in a name start a line of its own (which CI
    reads as a command when it starts with '::')."""
    if text.isascii() and text.isprintable():
        return text  # (spaces to tildes: none is invisible; two scans at C speed)
    return INVISIBLE.sub(_code_unless_seen, text)


def _code(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def _code_unless_seen(match: re.Match[str]) -> str:
    return match.group() if match.group() == "\ufffd" else _code(match)


def cut_to_bytes(text: str, most: int) -> str:
    """``text`` cut to at most ``most`` bytes of UTF-8, between characters: a file name may
    hold 255 bytes, and a letter outside the basic plane takes four."""
    return text.encode("utf-8")[:most].decode("utf-8", errors="ignore")


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: a wide character (Chinese, Japanese,
    Korean, full-width forms) takes two, a combining mark none."""
    return sum(0 if unicodedata.combining(char) else
               2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
               for char in text)


def pad(text: str, width: int, right: bool = False) -> str:
    """``text`` filled with spaces to ``width`` terminal columns, on the right (or, with
    ``right``, on the left): a table that lines up in every script."""
    fill = " " * max(0, width - columns(text))
    return fill + text if right else text + fill


# Sheets repeat the same channel, department and stage names on every row.
@lru_cache(maxsize=4096)
def slug(text: str) -> str:
    """An id for ``text``: letters, marks and digits of any script kept and lower-cased,
    every other run of characters a single hyphen; '' when nothing is left."""
    normal = unicodedata.normalize("NFC", text).lower()
    out: list[str] = []
    for char in normal:
        # Invisible marks (variation selectors, U+E0100-E01EF, are marks) never make an id:
        # ids may not hold them.
        if unicodedata.category(char)[0] in "LMN" and not INVISIBLE.match(char):
            out.append(char)
        elif out and out[-1] != "-":
            out.append("-")
    return "".join(out).strip("-")


# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (OWASP "CSV injection"); a leading apostrophe makes it plain text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def formula_safe(text: str) -> str:
    """``text`` for a CSV cell: with a leading apostrophe when a spreadsheet would run it."""
    return "'" + text if text.startswith(FORMULA_START) else text


def with_minus(number: float) -> str:
    """A number as typography writes it: −1 with a minus sign, not a hyphen."""
    shown = str(int(number)) if float(number).is_integer() else str(number)
    return shown.replace("-", "\u2212")


def signed(number: int) -> str:
    """A score on a scale around zero as typography writes it: +1, −1 (a minus sign, not
    a hyphen), 0 (no sign)."""
    return f"+{number}" if number > 0 else with_minus(number)
