"""The kinds of element in the language and how to name them for a CX reader."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

# Top-level sections and the element kind each holds.
SECTIONS: dict[str, str] = {
    "departments": "department",
    "channels": "channel",
    "metrics": "metric",
    "personas": "persona",
    "problems": "problem",
    "offers": "offer",
    "listening_posts": "listening post",
    "journeys": "journey",
}

# Lists inside elements whose entries are named by this kind (for messages).
NESTED: dict[str, str] = {
    "stages": "stage",
    "steps": "step",
    "targets": "target",
    "metrics": "metric entry",
    "frontstage": "frontstage entry",
    "backstage": "backstage entry",
    "support": "support entry",
}


def element_kind(path: Sequence[str | int]) -> str:
    """The kind of the innermost element on ``path`` ('step', 'channel', 'file')."""
    kind = "file"
    for index, part in enumerate(path):
        if isinstance(part, str) and index + 1 < len(path) and isinstance(path[index + 1], int):
            kind = SECTIONS.get(part, kind) if index == 0 else NESTED.get(part, "entry")
    return kind


def describe(root: Any, path: Sequence[str | int]) -> str:
    """Where ``path`` is, in words: "step 'pay' of journey 'online-order'"."""
    names: list[str] = []
    node = root
    for index, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and index > 0 and isinstance(path[index - 1], str):
            section = path[index - 1]
            kind = SECTIONS.get(str(section), "") if index == 1 else NESTED.get(str(section), "")
            if not kind:
                continue
            ident = node.get("id") if isinstance(node, dict) else None
            if isinstance(ident, str) and ident:
                names.append(f"{kind} '{ident}'")
            else:
                names.append(f"entry {part + 1} of '{section}'")
    return " of ".join(reversed(names)) if names else "this file"
