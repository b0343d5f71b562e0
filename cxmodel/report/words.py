"""Words the gap reports share (HTML, Markdown, CSV): severities and cell states with what
they mean, the counts of what a model holds, a journey's state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from cxmodel.messages.render import render
from cxmodel.messages.text import Items, Template, Text, message, plural

# What the model holds, each counted as a noun phrase in the nominative.
JOURNEYS = plural("report.count.journeys", "{count} journey", "{count} journeys")
TOUCHPOINTS = plural("report.count.touchpoints", "{count} touchpoint", "{count} touchpoints")
CHANNELS = plural("report.count.channels", "{count} channel", "{count} channels")
POSTS = plural("report.count.listening-posts", "{count} listening post",
               "{count} listening posts")
# TRANSLATORS: the touchpoints to be heard ({touchpoints}, report.count.touchpoints) and
# the notices to customers no post hears (a shipping SMS), which the coverage figures leave
# out: "13 touchpoints (plus 5 notices)".
WITH_NOTICES = plural("report.count.touchpoints-and-notices", "{touchpoints} (plus {count} notice)",
                      "{touchpoints} (plus {count} notices)")


def touchpoints_held(summary: Mapping[str, Any]) -> Text:
    """The touchpoints a report's summary counts, as the coverage figures count them (those
    to be heard), and the notices left out, when there are any."""
    held = TOUCHPOINTS(count=summary["touchpoints"])
    notices = summary.get("notices", 0)
    return WITH_NOTICES(touchpoints=held, count=notices) if notices else held


# TRANSLATORS: a journey's state, as the YAML writes it (state: current | future).
JOURNEY_STATES = {
    "current": message("report.journey-state.current", "current"),
    "future": message("report.journey-state.future", "future"),
}


def journey_state(state: str | None) -> str | None:
    """A journey's state in the active language; one the language does not know as written."""
    if state is None:
        return None
    known = JOURNEY_STATES.get(state)
    return render(known()) if known is not None else state


# How a coverage cell is shown: a symbol as well as a colour, for colour-blind readers; its
# label and what it means (the legend) in the active language. A cell whose touchpoints are
# all covered but where an error stands is never shown as all good.
STATES: dict[str, tuple[str, Template, Template]] = {
    "measured": ("✓", message("report.state.measured", "measured"),
                 message("report.state.measured-text",
                         "every touchpoint here is covered by a listening post")),
    "measured-with-error": ("✓!", message("report.state.measured-with-error",
                                          "measured, with an error"),
                            message("report.state.measured-with-error-text",
                                    "every touchpoint here is covered, but an error-level "
                                    "finding stands on one of them")),
    "partial": ("◐", message("report.state.partial", "partly measured"),
                message("report.state.partial-text",
                        "some touchpoints here are covered, others are not")),
    "unmeasured": ("✗", message("report.state.unmeasured", "unmeasured"),
                   message("report.state.unmeasured-text",
                           "touchpoints here that no listening post covers")),
    "none": ("·", message("report.state.none", "not used"),
             message("report.state.none-text", "the journey does not use this channel")),
}

# Each severity's badge and what it means (the legend).
SEVERITIES: dict[str, tuple[Template, Template]] = {
    "error": (message("report.severity.error-label", "Error"),
              message("report.severity.error-text",
                      "fix first: a decisive gap, such as an unmeasured moment of truth or a "
                      "channel nobody owns")),
    "warning": (message("report.severity.warning-label", "Warning"),
                message("report.severity.warning-text",
                        "plan a fix: the voice of the customer is incomplete, not comparable, "
                        "unowned or leads nowhere here")),
    "info": (message("report.severity.info-label", "Info"),
             message("report.severity.info-text", "worth a look; not a gap on its own")),
}

# TRANSLATORS: the count of findings next to a big number ("3 | errors"): the noun alone.
COUNT_LABELS: dict[str, Template] = {
    "error": plural("report.count-label.errors", "error", "errors"),
    "warning": plural("report.count-label.warnings", "warning", "warnings"),
    "info": plural("report.count-label.infos", "info", "infos"),
    "waived": plural("report.count-label.waived", "waived", "waived"),
}


# TRANSLATORS: what an error badge on a journey, a stage or a headline figure means (the
# legend): it is never shown as all good while an error stands on what it counts.
ERRORS_HERE = message("report.errors-here.text",
                      "error-level findings stand on this journey, stage or figure's "
                      "elements: it is not all good, whatever its coverage")

# Findings grouped by department: elements that could have a responsible department and
# lack one, and elements that have no owning department in the language.
NO_RESPONSIBLE = message("report.department.none-responsible", "No responsible department")
NOT_OWNED = message("report.department.not-owned", "Not owned by a department")
# TRANSLATORS: {elements} is a list of report.element.* ("offers, metrics and personas").
NOT_OWNED_LISTED = message("report.department.not-owned-listed",
                           "Not owned by a department: {elements}")
# TRANSLATORS: kinds of element that no department owns, in the list of
# report.department.not-owned-listed (plural, nominative).
ELEMENT_NAMES: dict[str, Template] = {
    "offer": message("report.element.offers", "offers"),
    "metric": message("report.element.metrics", "metrics"),
    "persona": message("report.element.personas", "personas"),
    "problem": message("report.element.problems", "problems"),
    "stage": message("report.element.stages", "stages"),
    "theme": message("report.element.themes", "themes"),
}


def not_owned_label(elements: list[str]) -> str:
    """'Not owned by a department: offers and metrics', in the active language."""
    names = [ELEMENT_NAMES[kind]() for kind in elements if kind in ELEMENT_NAMES]
    if not names:
        return render(NOT_OWNED())
    return render(NOT_OWNED_LISTED(elements=Items(tuple(names))))


# TRANSLATORS: what a target is set for, in the "Targets and results" table.
TARGET_KINDS: dict[str, Template] = {
    "channel": message("report.target.kind.channel", "channel"),
    "journey": message("report.target.kind.journey", "journey"),
    "post": message("report.target.kind.post", "listening post"),
}
