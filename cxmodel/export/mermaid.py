"""A journey as a Mermaid ``journey`` diagram, for embedding in Markdown (GitHub, GitLab and
most docs sites draw it): a section per stage, a task per step scored by the customer's
emotion, with the departments that act in the step as actors."""

from __future__ import annotations

import re

from cxmodel.messages.render import render
from cxmodel.messages.text import message
from cxmodel.model import Department, Journey, Step

# Mermaid's journey grammar ends a task name at ':' and every statement at '#', ';' or a
# line break; actors are separated by ','; '%%' starts a comment or a directive. These
# stand-ins look the same to a reader.
_STAND_INS = {":": "\u2236", ";": "\uff1b", "#": "\uff03", "%": "\uff05"}
_ACTOR_STAND_INS = {**_STAND_INS, ",": "\u201a"}
NEUTRAL_SCORE = 3

# TRANSLATORS: the Mermaid export's section for steps that belong to no stage.
NO_STAGE = message("diagram.mermaid.no-stage", "(no stage)")


# What the grammar reads as a statement at the start of a line (it ignores case): a task
# named so would end the diagram or rewrite its title.
_KEYWORD = re.compile(r"(?i)journey|(?:title|section)\s|acc(?:title|descr)\s*[\u2236{]")


def clean(text: str, stand_ins: dict[str, str] | None = None) -> str:
    """Text that cannot break the diagram: line breaks and tabs become spaces, runs of
    spaces one space, and ':' ';' '#' '%' (and ',' in actor names) their look-alikes
    U+2236, U+FF1B, U+FF03, U+FF05 (U+201A)."""
    table = stand_ins or _STAND_INS
    text = re.sub(r"\s+", " ", text).strip()
    return "".join(table.get(char, char) for char in text)


def task(text: str) -> str:
    """A task name: cleaned, and quoted when it starts with a word the grammar reads as a
    statement ("Journey review", "title ...", "section ...")."""
    text = clean(text)
    return f"\u201c{text}\u201d" if _KEYWORD.match(text) else text


def score(step: Step) -> int:
    """Emotion -2..+2 as Mermaid's 1..5; a step without an emotion is neutral (3)."""
    if step.emotion is None:
        return NEUTRAL_SCORE
    return max(1, min(5, step.emotion + 3))


def actors(step: Step) -> list[Department]:
    """The departments acting in the step's lanes (frontstage, backstage, support), each
    once, in that order."""
    found: dict[int, Department] = {}
    for entry in (*step.frontstage, *step.backstage, *step.support):
        if entry.actor is not None:
            found.setdefault(id(entry.actor), entry.actor)
    return list(found.values())


def journey_diagram(journey: Journey) -> str:
    lines = ["journey", f"    title {clean(journey.name) or clean(journey.id)}"]
    section: object = None
    for step in journey.steps:
        if step.stage is not section:
            section = step.stage
            if step.stage is not None:
                lines.append(f"    section {clean(step.stage.name) or clean(step.stage.id)}")
            elif len(lines) > 2:
                lines.append(f"    section {clean(render(NO_STAGE()))}")
        line = f"      {task(step.name) or task(step.id)}: {score(step)}"
        people = [clean(d.name, _ACTOR_STAND_INS) or clean(d.id, _ACTOR_STAND_INS)
                  for d in actors(step)]
        if people:
            line += ": " + ", ".join(people)
        lines.append(line)
    return "\n".join(lines) + "\n"
