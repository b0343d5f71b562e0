"""Seamlessness rules (CX6xx): hand-offs and proactive service."""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import q, short, step_label
from cxmodel.config import Config
from cxmodel.model import Workspace


@rule("CX601", "too-many-handoffs", "warning",
      "A journey with more department hand-offs than the configured maximum (default 3).")
def too_many_handoffs(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey in which the responsible department changes more often than the configured
    maximum (`options.max_handoffs`, default 3). Every hand-off is a place where the customer
    repeats themselves or falls through the cracks. Branches count: every transition between
    touchpoints (following `next`) where the department changes is one hand-off.

    Fails (with the default): a journey passing digital -> contact centre -> digital ->
    logistics -> contact centre.
    Passes: three department hand-offs or fewer.
    """
    for journey in ws.journeys:
        changes = [h for h in ws.journey_handoffs[journey] if h.department_changes]
        if len(changes) <= config.max_handoffs:
            continue
        path = ", ".join(f"'{short(h.source.name)}' -> '{short(h.target.name)}'"
                         for h in changes[:6])
        if len(changes) > 6:
            path += ", ..."
        yield Finding(
            journey,
            f"Journey {q(journey)} has {len(changes)} hand-offs between departments "
            f"(maximum {config.max_handoffs}, branches counted): {path}.",
            journey.field_span("id"),
            hint="Let one department resolve more of the journey, or raise "
            "options.max_handoffs in .cxmodel.yaml if these hand-offs are intended.",
            key=f"CX601:{journey.id}",
        )


@rule("CX602", "no-proactive-notice", "info",
      "A step with delay_risk and no proactive notice.")
def no_proactive_notice(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A step where the customer waits on a back-office process (`delay_risk: true`) but
    gets no proactive notice: delays then turn into inbound calls that an SMS or push
    message would have prevented.

    Fails:
    ```yaml
    steps: [{id: wait-for-refund, delay_risk: true}]
    ```
    Passes:
    ```yaml
    steps:
      - id: wait-for-refund
        delay_risk: true
        proactive: {channel: email, message: Your refund is on its way}
    ```
    """
    for journey in ws.journeys:
        for step in journey.steps:
            if step.delay_risk and step.proactive is None:
                yield Finding(
                    step,
                    f"At {step_label(step)} in journey {q(journey)} the customer waits on a "
                    "back-office process, with no proactive notice.",
                    step.field_span("delay_risk"),
                    hint="Add proactive: {channel: sms, message: ...} to tell customers before "
                    "they call.", key=f"CX602:{step.ref}")
