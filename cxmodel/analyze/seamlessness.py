"""Seamlessness rules (CX6xx): hand-offs and proactive service."""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name, series
from cxmodel.config import Config
from cxmodel.messages.text import Param, message, plural
from cxmodel.model import Workspace
from cxmodel.model.build import longest_staff_path

TOO_MANY_HANDOFFS = plural(
    "CX601.too-many",
    "Journey {journey} passes the customer between departments {count} time on one path "
    "(maximum {maximum}): {handoffs}.",
    "Journey {journey} passes the customer between departments {count} times on one path "
    "(maximum {maximum}): {handoffs}.")
# The same, when more hand-offs follow than are listed.
TOO_MANY_HANDOFFS_MORE = plural(
    "CX601.too-many-more",
    "Journey {journey} passes the customer between departments {count} time on one path "
    "(maximum {maximum}): {handoffs}, ....",
    "Journey {journey} passes the customer between departments {count} times on one path "
    "(maximum {maximum}): {handoffs}, ....")
HANDOFF = message("CX601.handoff", "{source} -> {target}")
HANDOFFS_SEPARATOR = message("CX601.handoffs-separator", "{first}, {rest}")
# A text that names nothing (most hints) is made once, and shared by every finding.
TOO_MANY_HANDOFFS_HINT = message(
    "CX601.hint",
    "Let one department resolve more of the journey, or raise options.max_handoffs in "
    ".cxmodel.yaml if these hand-offs are intended.")()
# Hand-offs listed in a CX601 message.
MOST_HANDOFFS = 6

NO_NOTICE_TOUCHPOINT = message(
    "CX602.touchpoint",
    "At {step} ({channel}) in journey {journey} the customer waits for work done out of "
    "their sight, with no proactive notice.")
NO_NOTICE_STEP = message(
    "CX602.step",
    "At {step} in journey {journey} the customer waits for work done out of their sight, "
    "with no proactive notice.")
# {channel_id}: a channel of the model for notices.
NO_NOTICE_HINT = message(
    "CX602.hint",
    "Add proactive: {{channel: {channel_id}, message: ...}} to tell customers before they "
    "call.")
# The model has no channel for notices yet.
NO_NOTICE_CHANNEL_HINT = message(
    "CX602.hint-no-channel",
    "Add a channel for notices (an SMS or push channel, mode: proactive), then proactive: "
    "{{channel: ..., message: ...}} here to tell customers before they call.")()


@rule("CX601", "too-many-handoffs", "warning",
      "A journey that passes the customer between departments' people more often than the "
      "configured maximum (default 3).")
def too_many_handoffs(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey in which the customer is passed from one department's people to another's
    more often than the configured maximum (`options.max_handoffs`, default 3). Every such
    hand-off is a place where the customer repeats themselves or falls through the cracks.

    A hand-off is counted between two touchpoints where people serve the customer (staffed
    touchpoints), from one to the next staffed touchpoint the customer reaches, when the
    responsible department changes. A touchpoint is staffed unless:
    - its channel is for notices (`purpose: notification`, or, when no purpose is written,
      `mode: proactive`, which an SMS or push channel with no mode has): an order
      confirmation or a delivery SMS does not pass the case to anyone;
    - its channel is self-service (`mode: self-service`, or a web, app or self-service
      channel with no mode written): the customer moving between the app, a parcel locker
      and the website is no hand-off, as long as no staff take the case over;
    - its frontstage is systems alone (every entry written `{system: ..., action: ...}`,
      with no `actor`): an automated step.
    Steps in between (customer-only, notices, self-service, automated) are passed through.
    The hand-offs are counted along one path through the journey (following `next`), the
    one with the most: branches are alternatives a customer takes one of, so they are not
    added up, and a loop is followed once round (going round again is CX604's). The
    message lists that path's hand-offs.

    Fails (with the default): a customer served by the contact centre, then store staff,
    then the contact centre again, then the delivery crew, then the contact centre.
    Passes: three hand-offs between departments' people or fewer, however many self-service
    channels and notices the customer passes in between.
    """
    for journey in ws.journeys:
        if len(ws.staff_handoffs[journey]) <= config.max_handoffs:
            continue  # no path can have more (most journeys: nothing more worked out)
        changes = longest_staff_path(journey, ws.staff_moves[journey])
        if len(changes) <= config.max_handoffs:
            continue
        path: list[Param] = [HANDOFF(source=name(h.source), target=name(h.target))
                             for h in changes[:MOST_HANDOFFS]]
        said = TOO_MANY_HANDOFFS_MORE if len(changes) > MOST_HANDOFFS else TOO_MANY_HANDOFFS
        yield Finding(
            journey,
            said(journey=name(journey), count=len(changes), maximum=config.max_handoffs,
                 handoffs=series(HANDOFFS_SEPARATOR, path)),
            journey.field_span("id"),
            hint=TOO_MANY_HANDOFFS_HINT,
            key=f"CX601:{journey.id}",
        )


@rule("CX602", "no-proactive-notice", "info",
      "A step with delay_risk and no proactive notice.")
def no_proactive_notice(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A step where the customer waits for work done out of their sight (`delay_risk:
    true`) but gets no proactive notice: delays then turn into inbound calls that an SMS or
    push message would have prevented.

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
    notices = next((c for c in ws.channels if c.for_notices), None)
    hint = NO_NOTICE_HINT(channel_id=notices.id) if notices is not None \
        else NO_NOTICE_CHANNEL_HINT
    for journey in ws.journeys:
        for step in journey.steps:
            if step.delay_risk and step.proactive is None:
                said = NO_NOTICE_STEP(step=name(step), journey=name(journey)) \
                    if step.channel is None else \
                    NO_NOTICE_TOUCHPOINT(step=name(step), channel=bare(step.channel),
                                         journey=name(journey))
                yield Finding(step, said, step.field_span("delay_risk"),
                              hint=hint, key=f"CX602:{step.ref}")
