"""The parameters of a finding's sentence: model elements by name, lists of them, durations.
A finding says nothing in any language until it is shown (cxmodel.messages): these helpers
only pick what goes into its placeholders."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

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
DAYS = plural("CX403.days", "{count} day", "{count} days")
HOURS = plural("CX403.hours", "{count} hour", "{count} hours")
MINUTES = plural("CX403.minutes", "{count} minute", "{count} minutes")


def duration(total: float) -> Text:
    """A duration for people: '72 hours', '2 days', '30 minutes' (whole units)."""
    if total >= 86400 and total % 86400 == 0:
        return DAYS(count=int(total // 86400))
    if total >= 3600 and total % 3600 == 0:
        return HOURS(count=int(total // 3600))
    return MINUTES(count=round(total / 60))
