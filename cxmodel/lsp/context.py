"""What the cursor is on, read from the text as typed (a file being edited is often not
valid YAML): the key a value is being written for, the keys it is nested in, and the part
already typed."""

from __future__ import annotations

import re
from dataclasses import dataclass

# The kind of element a key's value names, wherever the key is not a top-level section.
REFERENCE_KEYS = {
    "channel": "channel", "via": "channel", "resolvable_in": "channel", "channels": "channel",
    "actor": "department", "owner": "department", "co_owners": "department",
    "share_with": "department", "incentive_for": "department",
    "metric": "metric", "metrics": "metric", "persona": "persona", "problems": "problem",
    "offers": "offer", "stage": "stage", "next": "step", "touchpoints": "touchpoint",
    "journeys": "journey",
    # results and actions
    "journey": "journey", "step": "touchpoint", "post": "listening post",
    "listening_post": "listening post", "problem": "problem",
}
# The element kind the items of a list under these keys are (for completing keys).
ITEMS = {"departments": "department", "channels": "channel", "metrics": "metric",
         "personas": "persona", "problems": "problem", "offers": "offer",
         "listening_posts": "listeningPost", "journeys": "journey", "stages": "stage",
         "steps": "step", "themes": "theme", "targets": "target", "results": "result",
         "actions": "action"}
# Mappings under these keys, and the schema definition of their keys.
MAPPINGS = {"covers": "covers", "closed_loop": "closedLoop", "inner": "innerLoop",
            "outer": "outerLoop", "proactive": "proactiveNotice", "scale": "scale",
            "origin": "actionOrigin"}

_VALUE = re.compile(r"(?:^|[\s{,\[])([A-Za-z_]+)\s*:\s*(\[[^\]]*|[^\[\]{}:]*)$")
_ITEM = re.compile(r"^(\s*)-\s+([^:{}\[\]]*)$")
_KEY_LINE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]+)\s*:")
_BARE = re.compile(r"^(\s*)(?:-\s+)?([A-Za-z_]*)$")


@dataclass(frozen=True, slots=True)
class Cursor:
    """``key`` the value is for (None when a key itself is being typed), ``parents`` the
    keys it is nested in, outermost first, and ``typed`` what is typed so far."""

    key: str | None
    parents: tuple[str, ...]
    typed: str
    in_list: bool = False


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _opens_block(line: str) -> bool:
    """Whether a key's line ends at its colon: its value is the block below."""
    return re.search(r":\s*(#.*)?$", line) is not None


def parents_of(lines: list[str], number: int, column: int) -> tuple[str, ...]:
    """The keys that text starting at 0-based ``column`` of line ``number`` is nested in
    (by indentation, above it), outermost first."""
    found: list[str] = []
    limit = column
    for index in range(number - 1, -1, -1):
        line = lines[index]
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = _indent(line)
        if indent >= limit:
            continue
        match = _KEY_LINE.match(line)
        if match is not None and _opens_block(line):
            key_column = indent + (2 if stripped.startswith("-") else 0)
            if key_column < limit:
                found.append(match.group(2))
        limit = indent
        if limit == 0:
            break
    return tuple(reversed(found))


def cursor_at(text: str, line: int, character: int) -> Cursor | None:
    """What is being written at 0-based ``line`` and ``character``."""
    lines = text.split("\n")
    if line >= len(lines):
        return None
    prefix = lines[line][:character]
    if prefix.lstrip().startswith("#"):
        return None
    value = _VALUE.search(prefix)
    if value is not None:
        typed = re.split(r"[\[,]", value.group(2))[-1].strip()
        # Nested in what holds the line's first key (a flow mapping's keys share its line).
        first = _KEY_LINE.match(prefix)
        column = first.start(2) if first is not None else value.start(1)
        return Cursor(value.group(1), parents_of(lines, line, column), typed,
                      value.group(2).lstrip().startswith("["))
    item = _ITEM.match(prefix)
    if item is not None:
        parents = parents_of(lines, line, len(item.group(1)))
        if parents:
            return Cursor(parents[-1], parents[:-1], item.group(2).strip(), True)
        return None
    bare = _BARE.match(prefix)
    if bare is not None:
        column = len(bare.group(1)) + (2 if prefix.lstrip().startswith("-") else 0)
        return Cursor(None, parents_of(lines, line, column), bare.group(2))
    return None


def schema_definition(cursor: Cursor) -> str | None:
    """The schema definition whose keys fit where a key is being typed."""
    if not cursor.parents:
        return None
    last = cursor.parents[-1]
    if last in MAPPINGS:
        return MAPPINGS[last]
    if last == "metrics" and len(cursor.parents) > 1:
        return "postMetric"
    if last in ("frontstage", "backstage"):
        return "laneEntry"
    if last == "support":
        return "supportEntry"
    return ITEMS.get(last)
