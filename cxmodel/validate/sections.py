"""The kinds of element in the language and how to name them for a CX reader: "step 'pay' of
journey 'online-order'", said in the active language.

A description is a noun phrase in the nominative (the Russian and Polish translations never
decline it): the messages that use one put it where a nominative stands in every language,
as a sentence's subject, before a colon or in parentheses. The levels are chained innermost
first ("step 'pay' of journey 'x'"), and each language orders and links them itself
("шаг «pay», путь клиента «x»", 客户旅程“x”的步骤“pay”)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxmodel.messages.text import Name, Template, Text, message

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
    "actions": "action",
}

# Lists inside elements whose entries are named by this kind (for messages).
NESTED: dict[str, str] = {
    "stages": "stage",
    "steps": "step",
    "themes": "theme",
    "targets": "target",
    "metrics": "metric entry",
    "frontstage": "frontstage entry",
    "backstage": "backstage entry",
    "support": "support entry",
}

# The lanes of a step, each a list of entries or a single one.
LANES = frozenset({"frontstage", "backstage", "support"})

# An element named by its id, (within a sentence, at the start of one). The id is a name.
# TRANSLATORS: a noun phrase in the nominative; {id} is the element's id, quoted.
NAMED: dict[str, tuple[Template, Template]] = {
    "department": (message("where.department", "department {id}"),
                   message("where.department.start", "Department {id}")),
    "channel": (message("where.channel", "channel {id}"),
                message("where.channel.start", "Channel {id}")),
    "metric": (message("where.metric", "metric {id}"),
               message("where.metric.start", "Metric {id}")),
    "persona": (message("where.persona", "persona {id}"),
                message("where.persona.start", "Persona {id}")),
    "problem": (message("where.problem", "problem {id}"),
                message("where.problem.start", "Problem {id}")),
    "offer": (message("where.offer", "offer {id}"),
              message("where.offer.start", "Offer {id}")),
    "listening post": (message("where.listening-post", "listening post {id}"),
                       message("where.listening-post.start", "Listening post {id}")),
    "journey": (message("where.journey", "journey {id}"),
                message("where.journey.start", "Journey {id}")),
    "stage": (message("where.stage", "stage {id}"),
              message("where.stage.start", "Stage {id}")),
    "step": (message("where.step", "step {id}"),
             message("where.step.start", "Step {id}")),
    "theme": (message("where.theme", "theme {id}"),
              message("where.theme.start", "Theme {id}")),
    "action": (message("where.action", "action {id}"),
               message("where.action.start", "Action {id}")),
    "target": (message("where.target", "target {id}"),
               message("where.target.start", "Target {id}")),
    "metric entry": (message("where.metric-entry", "metric entry {id}"),
                     message("where.metric-entry.start", "Metric entry {id}")),
    "frontstage entry": (message("where.frontstage-entry", "frontstage entry {id}"),
                         message("where.frontstage-entry.start", "Frontstage entry {id}")),
    "backstage entry": (message("where.backstage-entry", "backstage entry {id}"),
                        message("where.backstage-entry.start", "Backstage entry {id}")),
    "support entry": (message("where.support-entry", "support entry {id}"),
                      message("where.support-entry.start", "Support entry {id}")),
}
# A result (it has no id), by its metric and period: "the result of 'csat' for 2026-11".
RESULT = (message("where.result", "the result of {metric} for {period}"),
          message("where.result.start", "The result of {metric} for {period}"))
# An element with no id, by its place in a list: {number} counts from 1, {section} is the
# list's YAML key.
ENTRY = (message("where.entry", "entry {number} of {section}"),
         message("where.entry.start", "Entry {number} of {section}"))
# TRANSLATORS: an element and the one it belongs to, both nominative noun phrases (as
# above): "step 'pay' of journey 'x'". Order and link them as the language does.
OF = message("where.of", "{element} of {parent}")
THIS_FILE = (message("where.this-file", "this file"), message("where.this-file.start", "This file"))


def element_kind(path: Sequence[str | int]) -> str:
    """The kind of the innermost element on ``path`` ('step', 'channel', 'file')."""
    kind = "file"
    for index, part in enumerate(path):
        if isinstance(part, str) and index + 1 < len(path) and isinstance(path[index + 1], int):
            kind = SECTIONS.get(part, kind) if index == 0 else NESTED.get(part, "entry")
    if len(path) > 1 and path[-1] in LANES:
        kind = NESTED[str(path[-1])]  # a lane written as one mapping: `frontstage: {...}`
    return kind


def element(root: Any, path: Sequence[str | int], start: bool = False) -> Text | None:
    """The innermost element on ``path``, named with those it belongs to: "step 'pay' of
    journey 'online-order'" (None when ``path`` is in no element). ``start``: for the start
    of a sentence."""
    levels: list[tuple[str, Any, str, int]] = []  # kind, id, section, index
    node = root
    for index, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and index > 0 and isinstance(path[index - 1], str):
            section = str(path[index - 1])
            if index == 1 and section == "results" and isinstance(node, dict):
                levels.append(("result", node, section, part))
                continue
            kind = SECTIONS.get(section, "") if index == 1 else NESTED.get(section, "")
            if kind:
                ident = node.get("id") if isinstance(node, dict) else None
                levels.append((kind, ident, section, part))
        elif part in LANES and index == len(path) - 1 and isinstance(node, dict):
            # a lane written as one mapping is its only entry: `frontstage: {actor: ...}`
            levels.append((NESTED[part], None, part, 0))
    said: Text | None = None
    for depth, (kind, ident, section, part) in enumerate(levels):
        first = start and depth == len(levels) - 1
        if kind == "result":
            metric = ident.get("metric")
            level = RESULT[first](metric=Name(metric if isinstance(metric, str) else "?"),
                                  period=str(ident.get("period", "?")))
        elif isinstance(ident, str) and ident:
            level = NAMED[kind][first](id=Name(ident))
        else:
            level = ENTRY[first](number=str(part + 1), section=Name(section))
        said = level if said is None else OF(element=level, parent=said)
    return said


def describe(root: Any, path: Sequence[str | int], start: bool = False) -> Text:
    """Where ``path`` is, in words: "step 'pay' of journey 'online-order'", or "this file".
    ``start``: for the start of a sentence ("Step 'pay' of ...")."""
    found = element(root, path, start)
    return found if found is not None else THIS_FILE[start]()
