"""Characters that make text display differently from what it is: controls, zero-width and
text-direction characters ("Trojan Source"). Ids may not hold them (the id pattern in
specs/cxmodel.schema.json excludes the same set), and messages show them as <U+202E>."""

from __future__ import annotations

import re
import unicodedata

# C0 and C1 controls, soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width
# spaces and joiners, left-to-right and right-to-left marks, line and paragraph separators,
# bidi embeddings, overrides and isolates, word joiner and invisible operators, the byte
# order mark, interlinear annotation controls, the replacement character (what an escaped
# control character is read as) and the invisible "tag" characters.
INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffd\U000e0000-\U000e007f]"
)


def first_invisible(text: str) -> str | None:
    """'U+202E RIGHT-TO-LEFT OVERRIDE' for the first invisible character in ``text``."""
    found = INVISIBLE.search(text)
    if found is None:
        return None
    char = found.group()
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
    """``text`` with every invisible, control and text-direction character but the line
    break and the replacement character (a visible glyph) written as <U+XXXX>, not cut: for
    the terminal listing (messages, hints, source lines), where a right-to-left override
    would reorder the line, a carriage return or an escape sequence act on the terminal
    instead of being seen."""
    return INVISIBLE.sub(_code_unless_seen, text)


def _code(match: re.Match[str]) -> str:
    return f"<U+{ord(match.group()):04X}>"


def _code_unless_seen(match: re.Match[str]) -> str:
    return match.group() if match.group() in "\n\ufffd" else _code(match)
