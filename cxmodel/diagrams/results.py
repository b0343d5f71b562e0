"""The recorded results as the diagrams show them: a target's latest value against it
("csat 4.1 ✗ (target ≥ 4.3, 2026-11)") in the blueprint's listening lane, for the
channel of each touchpoint, and under the title of the blueprint and the journey map, for
the journey; a touchpoint's own latest values in its listening cell."""

from __future__ import annotations

from collections.abc import Collection

from cxmodel.analyze.standing import TARGET_STATES, Reading, grouped, trend
from cxmodel.messages.render import number
from cxmodel.messages.render import render as say
from cxmodel.messages.text import message
from cxmodel.model import Element, Step, Target, Workspace

# TRANSLATORS: a target's latest value under a diagram's title: "First contact resolution 71
# ✗ (target ≥ 80, 2026-Q4)"; {metric} is the metric's name, {symbol} where it stands
# (✓ met, ✗ missed, ~ indicative, ◌ stale), {bound} the target (≥ 4.3, ≤ 240, 4–5).
TARGET_LINE = message("diagram.result.target", "{metric} {value} {symbol} (target {bound}, "
                      "{period})")
# TRANSLATORS: the same in a cell of the blueprint's listening lane, where room is short:
# "csat 4.1 ✗ ≥ 4.3" (the legend says what it means).
TARGET_CELL = message("diagram.result.target-cell", "{metric} {value} {symbol} {bound}")
# TRANSLATORS: the blueprint's legend line for the values in the listening lane: their
# form, with words in place of numbers (no made-up figure a board could take for data).
LEGEND = message("diagram.result.legend", "metric value ✗ ≥ target: the latest value against "
                 "the channel's target (✓ met, ✗ missed, ~ too few responses, ◌ out of date)")
# TRANSLATORS: the latest value of a metric with no target: "ces 5.6 (2026)" in a cell (the
# metric's id), "Net Promoter Score 31 (2026-Q3)" under a title (its name).
VALUE_LINE = message("diagram.result.value", "{metric} {value} ({period})")


def bound(target: Target) -> str:
    """A target's bounds in signs, the same in every language: ≥ 4.3, ≤ 240, 4–5."""
    if target.min is not None and target.max is not None:
        return f"{number(target.min)}–{number(target.max)}"
    if target.min is not None:
        return f"≥ {number(target.min)}"
    return f"≤ {number(target.max or 0)}"


def target_lines(reading: Reading | None, subject: Element, short: bool = False
                 ) -> list[str]:
    """The latest value of each of a subject's targets that has results, against it
    (``short``: without the period, for a cell)."""
    if reading is None:
        return []
    lines = []
    for standing in reading.standings:
        point = standing.point
        if standing.subject is not subject or point is None:
            continue
        metric = standing.target.metric
        said = {"metric": metric.id if short else metric.name,
                "value": number(round(point.value, 2)),
                "symbol": TARGET_STATES[standing.state][0], "bound": bound(standing.target)}
        lines.append(say(TARGET_CELL(**said) if short
                         else TARGET_LINE(period=point.period, **said)))
    return lines


def value_lines(ws: Workspace, subject: Element, skip: Collection[int] = (),
                named: bool = False) -> list[str]:
    """The latest value of each metric measured for a subject, but the metrics in ``skip``
    (by id: those shown against a target); the metrics by their ids (in a cell), or by their
    names (``named``, under a title)."""
    by_subject = grouped(ws).by_subject
    lines = []
    for metric in ws.metrics:
        results = by_subject.get((id(subject), id(metric)))
        if results and id(metric) not in skip:
            point = trend(results)[-1]
            lines.append(say(VALUE_LINE(metric=metric.name if named else metric.id,
                                        value=number(round(point.value, 2)),
                                        period=point.period)))
    return lines


def subject_lines(ws: Workspace, subject: Element, targets: tuple[Target, ...],
                  reading: Reading | None) -> list[str]:
    """A journey's (or a channel's) latest values, the metrics by their names: against its
    targets, then the others."""
    if reading is None or not ws.results:
        return []
    return [*target_lines(reading, subject),
            *value_lines(ws, subject, {id(t.metric) for t in targets}, named=True)]


def step_lines(ws: Workspace, step: Step, reading: Reading | None) -> list[str]:
    """A touchpoint's listening results: its channel's targets, then its own latest values."""
    if reading is None or not ws.results:
        return []
    channel = target_lines(reading, step.channel, short=True) if step.channel else []
    return [*channel, *value_lines(ws, step)]
