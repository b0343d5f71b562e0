"""Dates that have the form of a date but name no day: the schema's pattern lets
``2025-02-30`` through (a pattern cannot count a month's days), and a due date that never
comes would keep an action from ever being overdue (CX807), an ``as_of`` that is no day
would quietly read results as of today."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from cxmodel.diagnostics import Diagnostic, loading_diagnostic
from cxmodel.loader.nodes import YList, YMap
from cxmodel.messages.text import Name, message

NO_SUCH_DAY = message("CX003.no-such-day", "{value} is not a date: {month} has no day {day}.")
NO_SUCH_DAY_HINT = message("CX003.no-such-day.hint",
                           "Write a day of the calendar as year-month-day: 2027-01-31.")


def no_such_day(container: YMap, key: str) -> Diagnostic | None:
    """CX003 when ``container[key]`` has the form year-month-day but is no day."""
    value = container.get(key)
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return None
    try:
        datetime.date.fromisoformat(value)
        return None
    except ValueError:
        pass
    month, day = value[:7], value[8:]
    if not (month[:4].isdigit() and month[5:].isdigit() and day.isdigit()):
        return None  # not of the form: the schema's pattern says so
    return loading_diagnostic("CX003", NO_SUCH_DAY(value=Name(value), month=month,
                                                   day=str(int(day))),
                              container.value_span(key), hint=NO_SUCH_DAY_HINT())


def impossible_dates(root: YMap) -> Iterator[Diagnostic]:
    """Every action's ``due`` that is no day of the calendar."""
    actions = root.get("actions")
    if not isinstance(actions, YList):
        return
    for action in actions:
        if isinstance(action, YMap):
            found = no_such_day(action, "due")
            if found is not None:
                yield found
