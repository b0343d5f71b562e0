"""Naming model elements in messages the way a CX person reads them."""

from __future__ import annotations

from collections.abc import Iterable

from cxmodel.model import Element, Step

# A name in a message is cut to this many characters: a name is repeated in every finding
# about it, so output grows with its length times the number of findings.
MOST_CHARACTERS = 80


def short(name: str) -> str:
    """A name cut for a message: at most MOST_CHARACTERS, ending in … when cut."""
    if len(name) <= MOST_CHARACTERS:
        return name
    return name[:MOST_CHARACTERS - 1].rstrip() + "…"


def q(element: Element) -> str:
    """An element by its display name, quoted: 'Web chat'."""
    return f"'{short(element.name)}'"


def step_label(step: Step) -> str:
    """"'Change the delivery date' (phone)": a step with its channel."""
    if step.channel is not None:
        return f"'{short(step.name)}' ({short(step.channel.name)})"
    return f"'{short(step.name)}'"


# Names listed in one message; the rest are counted. Otherwise a problem raised at many
# steps, each message listing many candidates, grows with steps times candidates.
MOST_NAMES = 10


def names(elements: Iterable[Element]) -> str:
    """'A', 'B' and 'C'; past MOST_NAMES, "'A', 'B', ... 'J' and 4,990 more"."""
    listed = list(elements)
    quoted = [q(e) for e in listed[:MOST_NAMES]]
    if not quoted:
        return "none"
    if len(listed) > MOST_NAMES:
        return ", ".join(quoted) + f" and {len(listed) - MOST_NAMES:,} more"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]
