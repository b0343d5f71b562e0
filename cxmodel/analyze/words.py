"""The parameters of a finding's sentence: model elements by name, lists of them, durations.
A finding says nothing in any language until it is shown (cxmodel.messages): these helpers
only pick what goes into its placeholders."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from cxmodel.durations import Unit
from cxmodel.messages.render import MOST_CHARACTERS, short
from cxmodel.messages.text import Name, Names, Param, Template, Text, plural
from cxmodel.model import Element

# Names listed in one message; the rest are counted. Otherwise a problem raised at many
# steps, each message listing many candidates, grows with steps times candidates.
MOST_NAMES = 10


def name(element: Element) -> Name:
    """An element by its display name, quoted in the language's marks: 'Web chat'."""
    return Name(element.name)


def bare(element: Element) -> str:
    """An element's display name unquoted (cut like a quoted one), where the sentence says
    it plainly: "the Phone channel"."""
    said = element.name
    return said if len(said) <= MOST_CHARACTERS else short(said)


def names(elements: Iterable[Element], most: int = MOST_NAMES) -> Names:
    """Elements listed by name ('A', 'B' and 'C'); past ``most``, the rest are counted."""
    return Names(tuple(e.name for e in elements), most)


def series(pair: Template, parts: Sequence[Param]) -> Param:
    """``parts`` joined by ``pair`` (a template "{first}, {rest}": a separator, no
    conjunction, as the language writes it). Nested by halves, so a list of thousands is
    a few levels deep."""
    if len(parts) == 1:
        return parts[0]
    middle = len(parts) // 2
    return pair(first=series(pair, parts[:middle]), rest=series(pair, parts[middle:]))


# TRANSLATORS: a duration as a subject says it (nominative), in a CX403 message.
WEEKS = plural("CX403.weeks", "{count} week", "{count} weeks")
DAYS = plural("CX403.days", "{count} day", "{count} days")
HOURS = plural("CX403.hours", "{count} hour", "{count} hours")
MINUTES = plural("CX403.minutes", "{count} minute", "{count} minutes")
SECONDS = plural("CX403.seconds", "{count} second", "{count} seconds")
_UNITS: tuple[tuple[Unit, int, Template], ...] = (
    ("w", 604800, WEEKS), ("d", 86400, DAYS), ("h", 3600, HOURS), ("m", 60, MINUTES),
    ("s", 1, SECONDS))


def duration(total: float, unit: Unit | None = None) -> Text:
    """A duration for people, in whole units: in the unit it was written in (``unit``, as
    durations.unit() reads it: '24h' is '24 hours', '2d' '2 days', '1w' '1 week', '0d'
    '0 days'), else in the next smaller one it is a whole number of ('1.5h' is '90
    minutes', 'PT150S' '150 seconds'); with no unit known, in the largest whole one of days,
    hours and minutes. What is not a whole number of seconds is rounded up: a follow-up
    is never said faster than it is."""
    units = [name for name, _, _ in _UNITS]
    start = units.index(unit if unit is not None else "d")
    for index, (_, size, said) in enumerate(_UNITS[start:]):
        if total % size == 0 and (total >= size or (index == 0 and total == 0)):
            return said(count=int(total // size))
    return SECONDS(count=math.ceil(total))
