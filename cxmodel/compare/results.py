"""What a change did to the recorded results: the results it added, the values it
corrected, and the targets whose standing moved (missed to met, say). A result is the same
result on both sides when it has the same metric, period, subject and source post."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cxmodel.analyze.standing import (
    CHANNEL_WITHIN,
    JOURNEY_WITHIN,
    POST_SUBJECT,
    TARGET_STATES,
    subject_key,
    subject_kind,
    subject_words,
)
from cxmodel.messages.render import number
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Name, message, plural
from cxmodel.model import Result

if TYPE_CHECKING:
    from cxmodel.analyze import Analysis

ADDED = message("diff.results.added", "Results added ({count}):")
CHANGED = message("diff.results.changed", "Results corrected ({count}):")
TARGETS = message("diff.results.targets", "Targets whose standing changed ({count}):")
# TRANSLATORS: one result in the diff: "2026-12: 'CSAT' of channel 'Web chat': 4.2
# (298 responses)".
RESULT = message("diff.results.result", "{period}: {metric} of {subject}: {value}")
RESULT_WITH = plural("diff.results.result-responses",
                     "{period}: {metric} of {subject}: {value} ({count} response)",
                     "{period}: {metric} of {subject}: {value} ({count} responses)")
# TRANSLATORS: a corrected result: "2026-11: 'CSAT' of channel 'Web chat': 4.1 → 4.2".
CORRECTED = message("diff.results.corrected", "{period}: {metric} of {subject}: {before} → "
                    "{after}")
# TRANSLATORS: a target whose standing changed: "'CSAT' of channel 'Web chat': missed → met
# (4.1 → 4.4)"; {states} and {values} are before → after.
MOVED = message("diff.results.moved", "{metric} of {subject}: {states} ({values})")
TARGET_SUBJECTS = {"channel": CHANNEL_WITHIN, "journey": JOURNEY_WITHIN, "post": POST_SUBJECT}


def _key(result: Result) -> tuple[str, str, str, str]:
    post = result.listening_post.id if result.listening_post is not None else ""
    return result.metric.id, result.period, subject_key(result), post


def _item(result: Result) -> dict[str, Any]:
    subject = result.subject
    assert subject is not None
    said = (RESULT_WITH(count=result.responses, **_words(result)) if result.responses
            else RESULT(**_words(result)))
    return {"metric": result.metric.id, "period": result.period,
            "subject": {"kind": subject_kind(result), "id": subject_key(result).split(":", 1)[1],
                        "name": subject.name},
            "listening_post": (result.listening_post.id if result.listening_post is not None
                               else None),
            "value": result.value, "responses": result.responses, "text": say(said)}


def _words(result: Result) -> dict[str, Any]:
    return {"period": result.period, "metric": Name(result.metric.name),
            "subject": subject_words(result), "value": number(result.value)}


def _judged(results: Sequence[Result]) -> dict[tuple[str, str, str, str], Result]:
    return {_key(r): r for r in results if r.subject is not None and r.subjects == 1}


def _state(value: str | None) -> str:
    if value is None:
        return "–"
    return say(TARGET_STATES[value][1]()) if value in TARGET_STATES else value


def _targets(old: Analysis, new: Analysis) -> list[dict[str, Any]]:
    def standings(a: Analysis) -> dict[tuple[str, str, str], Any]:
        return {(s.kind, s.subject.id, s.target.metric.id): s for s in a.results.standings}

    before = standings(old)
    moved = []
    for key, after in standings(new).items():
        was = before.get(key)
        state = was.state if was is not None else "no-results"
        if state == after.state:
            continue
        values = " → ".join(number(round(s.point.value, 2)) if s is not None and s.point
                            else "–" for s in (was, after))
        words = MOVED(metric=Name(after.target.metric.name),
                      subject=TARGET_SUBJECTS[after.kind](name=Name(after.subject.name)),
                      states=f"{_state(state)} → {_state(after.state)}", values=values)
        moved.append({"kind": after.kind, "id": after.subject.id,
                      "metric": after.target.metric.id, "before": state,
                      "after": after.state, "text": say(words)})
    return moved


def results_changes(old: Sequence[Result], new: Sequence[Result],
                    old_analysis: Analysis | None, new_analysis: Analysis | None
                    ) -> dict[str, Any]:
    """The results added and corrected from ``old`` to ``new``, and the targets whose
    standing moved."""
    before, after = _judged(old), _judged(new)
    added = [_item(r) for key, r in after.items() if key not in before]
    changed = []
    for key, result in after.items():
        was = before.get(key)
        if was is None or (was.value, was.responses) == (result.value, result.responses):
            continue
        item = _item(result)
        item["before"] = {"value": was.value, "responses": was.responses}
        item["text"] = say(CORRECTED(**{**_words(result), "before": number(was.value),
                                        "after": number(result.value)}))
        changed.append(item)
    targets = (_targets(old_analysis, new_analysis)
               if old_analysis is not None and new_analysis is not None else [])
    return {"added": added, "changed": changed, "targets": targets}


def results_lines(data: dict[str, Any]) -> list[tuple[str, list[str]]]:
    """Each non-empty part of the results' diff: its heading and its lines."""
    results = data.get("results") or {}
    parts = []
    for key, heading in (("targets", TARGETS), ("added", ADDED), ("changed", CHANGED)):
        items = results.get(key) or []
        if items:
            parts.append((say(heading(count=len(items))), [item["text"] for item in items]))
    return parts
