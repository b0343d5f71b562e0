"""Where a comment may have cut a text short: ``goal: Be reachable again #1 priority`` is
read as "Be reachable again", because YAML starts a comment at a ``#`` after a space. A
``#`` followed straight by a letter or digit ("#1", "#hashtag") is almost always part of the
text; a real comment has a space after it ("# renamed in May") or starts with a marker
("#TODO"). Found in the file's text
once, and looked up by the value that ends where the comment's space starts (CX704)."""

from __future__ import annotations

import re

from cxmodel.loader.nodes import pos

# Markers people start real comments with, with no space after the '#' ("#TODO check").
_MARKERS = re.compile(r"#(?:TODO|FIXME|XXX|NOTE|HACK)\b", re.IGNORECASE)
# A '#' followed by neither space nor another '#', to the end of its line. Starting with
# the literal '#', the search skips ahead at C speed (a lookbehind for the space before it
# made it twenty times slower); the space is checked for each of the few found.
_CUT = re.compile(r"#[^\s#][^\r\n]*")


def cuts(text: str) -> dict[int, str]:
    """Position (as nodes.pos) where a plain value would end before a comment -> what
    follows it on its line: the spaces and the comment, '#' included. The rule compares
    the positions with the values' ends."""
    if "#" not in text:
        return {}
    found: dict[int, str] = {}
    line = 0
    counted = 0  # the text up to here has ``line`` line breaks
    for match in _CUT.finditer(text):
        start = match.start()
        if start == 0 or text[start - 1] not in " \t" or _MARKERS.match(match.group()):
            continue  # a '#' inside a word ("order#4521") starts no comment
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] in "\n\r\"'":
            continue  # a comment line, or a comment after a quoted text
        line += text.count("\n", counted, start)
        counted = start
        column = start - (text.rfind("\n", 0, start) + 1)
        found[pos(line, column)] = text[start:match.end()].rstrip()
    return found
