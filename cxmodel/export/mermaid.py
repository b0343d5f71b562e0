"""A journey as a Mermaid ``journey`` diagram, for embedding in Markdown (GitHub, GitLab and
most docs sites draw it): a section per stage, a task per step scored by the customer's
emotion, with the departments that act in the step as actors."""

from __future__ import annotations

import re

from cxmodel.model import Department, Journey, Step

# Mermaid's journey grammar ends a task name at ':' and every statement at '#', ';' or a
# line break; actors are separated by ','. These stand-ins look the same to a reader.
_STAND_INS = {":": "\u2236", ";": "\uff1b", "#": "\uff03"}
_ACTOR_STAND_INS = {**_STAND_INS, ",": "\u201a"}
NEUTRAL_SCORE = 3


def clean(text: str, stand_ins: dict[str, str] | None = None) -> str:
    """Text that cannot break the diagram: line breaks and tabs become spaces, runs of
    spaces one space, and ':' ';' '#' (and ',' in actor names) their look-alikes
    U+2236, U+FF1B, U+FF03 (U+201A); '%%', which starts a comment, is split."""
    table = stand_ins or _STAND_INS
    text = re.sub(r"\s+", " ", text).strip()
    text = "".join(table.get(char, char) for char in text)
    return text.replace("%%", "% %")


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
                lines.append("    section (no stage)")
        task = f"      {clean(step.name) or clean(step.id)}: {score(step)}"
        people = [clean(d.name, _ACTOR_STAND_INS) or clean(d.id, _ACTOR_STAND_INS)
                  for d in actors(step)]
        if people:
            task += ": " + ", ".join(people)
        lines.append(task)
    return "\n".join(lines) + "\n"
