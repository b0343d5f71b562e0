"""Naming model elements in messages the way a CX person reads them."""

from __future__ import annotations

from collections.abc import Iterable

from cxmodel.model import Channel, Element, Step


def q(element: Element) -> str:
    """An element by its display name, quoted: 'Web chat'."""
    return f"'{element.name}'"


def step_label(step: Step) -> str:
    """"'Change the delivery date' (phone)": a step with its channel."""
    if step.channel is not None:
        return f"'{step.name}' ({step.channel.name})"
    return f"'{step.name}'"


def names(elements: Iterable[Element]) -> str:
    """'A', 'B' and 'C'."""
    quoted = [q(e) for e in elements]
    if not quoted:
        return "none"
    if len(quoted) == 1:
        return quoted[0]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


def channel_names(channels: Iterable[Channel]) -> str:
    return names(channels)


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count} {word if count == 1 else (words or word + 's')}"
