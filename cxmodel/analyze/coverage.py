"""Coverage rules (CX1xx): is it measured?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name, names
from cxmodel.config import Config
from cxmodel.messages.text import Param, Text, message
from cxmodel.model import HandOff, Journey, Metric, Step, Workspace
from cxmodel.model.facts import served_channels, themed_problems, worst_moment_unheard

UNMEASURED_TOUCHPOINT = message(
    "CX101.unmeasured",
    "Touchpoint {step} ({channel}) in journey {journey} is not measured: no listening post "
    "covers it or the {channel} channel.")
# A text that names nothing (most hints) is made once, and shared by every finding.
UNMEASURED_TOUCHPOINT_HINT = message(
    "CX101.hint",
    "Add it to a listening post's covers.touchpoints, or cover its channel in "
    "covers.channels.")()

MOMENT_CHANNEL_ONLY_ONE = message(
    "CX102.channel-only-one",
    "Touchpoint {step} ({channel}) in journey {journey} is a moment of truth, but no "
    "listening post names it; {post} only covers the {channel} channel as a whole.")
MOMENT_CHANNEL_ONLY_MANY = message(
    "CX102.channel-only-many",
    "Touchpoint {step} ({channel}) in journey {journey} is a moment of truth, but no "
    "listening post names it; {posts} only cover the {channel} channel as a whole.")
MOMENT_UNMEASURED_TOUCHPOINT = message(
    "CX102.touchpoint-unmeasured",
    "Touchpoint {step} ({channel}) in journey {journey} is a moment of truth, but no "
    "listening post names it; it is not measured at all.")
MOMENT_UNMEASURED_STEP = message(
    "CX102.step-unmeasured",
    "Step {step} in journey {journey} is a moment of truth, but no listening post names it; "
    "it is not measured at all.")
MOMENT_HINT = message("CX102.hint", "Add {step_ref} to a listening post's covers.touchpoints.")

# Used in one journey, or in several (Russian and Polish say "journey" or "journeys").
UNMEASURED_CHANNEL_ONE = message(
    "CX103.unmeasured-one",
    "Channel {channel} is used in {journey} but no listening post covers it: what customers "
    "experience there is never heard.")
UNMEASURED_CHANNEL_MANY = message(
    "CX103.unmeasured-many",
    "Channel {channel} is used in {journeys} but no listening post covers it: what customers "
    "experience there is never heard.")
UNMEASURED_CHANNEL_HINT = message(
    "CX103.hint", "Cover it with a listening post (covers.channels: [{channel_id}]).")
# Journeys named in a CX103 message; the rest are counted.
MOST_JOURNEYS = 3

HANDOFF_CHANNEL = message(
    "CX104.channel",
    "The hand-off from {source} to {target} in journey {journey} (channel {from_channel} -> "
    "{to_channel}) is not measured: no listening post covers {target}.")
HANDOFF_DEPARTMENT = message(
    "CX104.department",
    "The hand-off from {source} to {target} in journey {journey} (department "
    "{from_department} -> {to_department}) is not measured: no listening post covers "
    "{target}.")
HANDOFF_BOTH = message(
    "CX104.channel-department",
    "The hand-off from {source} to {target} in journey {journey} (channel {from_channel} -> "
    "{to_channel}; department {from_department} -> {to_department}) is not measured: no "
    "listening post covers {target}.")
# TRANSLATORS: in place of a department's name, in "department X -> no department".
NO_DEPARTMENT = message("CX104.no-department", "no department")()
HANDOFF_HINT = message("CX104.hint", "Add {step_ref} to a listening post's covers.touchpoints.")

NO_OUTCOME_ONE = message(
    "CX105.covered-one",
    "Journey {journey} has no end-to-end outcome metric: {post} covers it but collects no "
    "outcome metric.")
NO_OUTCOME_MANY = message(
    "CX105.covered-many",
    "Journey {journey} has no end-to-end outcome metric: {posts} cover it but collect no "
    "outcome metric.")
# The journey-scoped metrics collected for the journey are all operational.
NO_OUTCOME_OPERATIONAL = message(
    "CX105.operational-only",
    "Journey {journey} has no end-to-end outcome metric: the journey-scoped metrics "
    "collected for it ({metrics}) are operational; they measure how the operation performs, "
    "not whether customers reach their goal.")
NO_OUTCOME_UNCOVERED = message(
    "CX105.uncovered",
    "Journey {journey} has no end-to-end outcome metric: no listening post covers the "
    "journey as a whole.")
NO_OUTCOME_HINT = message(
    "CX105.hint",
    "Collect an outcome metric in a post with covers.journeys: [{journey_id}]: one with "
    "kind: outcome (goal completion, first-contact resolution), or a metric at scope: journey "
    "that is not operational (effort for the whole task).")

NO_GOAL = message("CX106.no-goal", "Journey {journey} does not state the customer's goal.")
NO_GOAL_HINT = message(
    "CX106.hint", "Add goal: with what the customer wants to achieve, in their own words.")()


@rule("CX101", "unmeasured-touchpoint", "warning",
      "A touchpoint that no listening post covers, by channel or by name.")
def unmeasured_touchpoint(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A touchpoint (a step with a channel) that no listening post covers: no post lists it
    in `covers.touchpoints` and no post lists its channel in `covers.channels`. Nobody hears
    what customers think of it. Moments of truth are reported by CX102 instead, and
    touchpoints at the lowest emotion (-2) by CX108.

    A notice the company sends (a touchpoint on a channel for notices: `purpose:
    notification`, or a proactive channel such as SMS or push with no purpose written) is not
    reported: customers are told something there, not served or asked, and nobody surveys a
    shipping SMS. A notice that is a moment of truth (a decision told by push) is CX102's,
    and one where customers raise a problem (they reply to change the delivery slot) is a
    touchpoint like any other.

    Fails:
    ```yaml
    journeys:
      - id: order
        steps:
          - {id: delivery-question, channel: email}   # no post covers email or this step
    ```
    Passes:
    ```yaml
    listening_posts:
      - {id: email-survey, metrics: [csat], covers: {channels: [email]}}
    ```
    """
    themed = themed_problems(ws)
    for journey in ws.journeys:
        for step in journey.touchpoints:
            if step.moment_of_truth or step.is_notice or ws.is_covered(step) or \
                    worst_moment_unheard(ws, step, themed):
                continue
            assert step.channel is not None
            yield Finding(
                step,
                UNMEASURED_TOUCHPOINT(step=name(step), channel=bare(step.channel),
                                      journey=name(journey)),
                step.field_span("id"),
                hint=UNMEASURED_TOUCHPOINT_HINT,
                key=f"CX101:{step.ref}",
            )


@rule("CX102", "unmeasured-moment-of-truth", "error",
      "A moment of truth that no listening post names in covers.touchpoints.")
def unmeasured_moment_of_truth(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A moment of truth (`moment_of_truth: true`) that no listening post names in
    `covers.touchpoints`. Moments of truth decide whether the customer stays, so covering the
    channel as a whole is not enough: the post must ask about this very interaction.

    Fails:
    ```yaml
    listening_posts:
      - {id: after-call-survey, covers: {channels: [phone]}}   # the channel only
    journeys:
      - id: order
        steps:
          - {id: change-date, channel: phone, moment_of_truth: true}
    ```
    Passes:
    ```yaml
    listening_posts:
      - {id: after-call-survey, covers: {touchpoints: [order/change-date]}}
    ```
    """
    for journey in ws.journeys:
        for step in journey.steps:
            if not step.moment_of_truth or ws.named_by.get(step):
                continue
            channel_posts = ws.posts_covering(step)
            said: Text
            if step.channel is None:
                said = MOMENT_UNMEASURED_STEP(step=name(step), journey=name(journey))
            elif not channel_posts:
                said = MOMENT_UNMEASURED_TOUCHPOINT(step=name(step), channel=bare(step.channel),
                                                    journey=name(journey))
            elif len(channel_posts) == 1:
                said = MOMENT_CHANNEL_ONLY_ONE(step=name(step), channel=bare(step.channel),
                                               journey=name(journey),
                                               post=name(channel_posts[0]))
            else:
                said = MOMENT_CHANNEL_ONLY_MANY(step=name(step), channel=bare(step.channel),
                                                journey=name(journey),
                                                posts=names(channel_posts))
            yield Finding(step, said, step.field_span("id"),
                          hint=MOMENT_HINT(step_ref=step.ref), key=f"CX102:{step.ref}")


@rule("CX103", "unmeasured-channel", "warning",
      "A channel used by some journey that no listening post covers at all.")
def unmeasured_channel(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel that some journey's steps use, but that no listening post covers at all:
    neither the channel (`covers.channels`) nor any touchpoint in it
    (`covers.touchpoints`). Channels used only for proactive notices do not count as used,
    and nor does a channel whose every touchpoint is a notice the company sends (see CX101):
    customers are told something there, not served or asked.

    When every touchpoint in the channel waives CX101 (or CX102), the team decided not to
    measure them: the finding is listed as waived, with the first of those reasons.

    Fails:
    ```yaml
    channels: [{id: sms, owner: logistics}]
    journeys:
      - {id: order, steps: [{id: slot, channel: sms}]}
    ```
    Passes:
    ```yaml
    listening_posts:
      - {id: sms-reply, metrics: [csat], covers: {channels: [sms]}}
    ```
    """
    used: dict[str, list[Journey]] = {}
    steps: dict[int, list[Step]] = {}
    for journey in ws.journeys:
        for channel in journey.channels:
            used.setdefault(channel.id, []).append(journey)
        for step in journey.touchpoints:
            steps.setdefault(id(step.channel), []).append(step)
    served = served_channels(ws)
    for channel in ws.channels:
        if channel.id not in used or ws.is_measured(channel) or channel not in served:
            continue
        journeys = used[channel.id]
        reasons = [_unmeasured_on_purpose(step) for step in steps.get(id(channel), ())]
        yield Finding(
            channel,
            UNMEASURED_CHANNEL_ONE(channel=name(channel), journey=name(journeys[0]))
            if len(journeys) == 1 else
            UNMEASURED_CHANNEL_MANY(channel=name(channel),
                                    journeys=names(journeys, MOST_JOURNEYS)),
            channel.field_span("id"),
            hint=UNMEASURED_CHANNEL_HINT(channel_id=channel.id),
            key=f"CX103:{channel.id}",
            waived_for=reasons[0] if reasons and None not in reasons else None,
        )


def _unmeasured_on_purpose(step: Step) -> str | None:
    """Why a touchpoint is left unmeasured on purpose: its waiver of CX101 or CX102."""
    waivers = step.waivers
    return waivers.get("CX101", waivers.get("CX102"))


@rule("CX104", "unmeasured-handoff", "warning",
      "A hand-off (channel or responsible department changes) into a step no post covers.")
def unmeasured_handoff(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A hand-off, where the channel or the responsible department changes between a
    touchpoint and the next touchpoint the customer reaches, and the receiving touchpoint is
    not covered by any listening post. Hand-offs are where journeys break and where most
    organisations cannot see.

    A waiver of CX101 (or CX102) on the receiving touchpoint also covers the hand-off into
    it, with the same reason: a touchpoint left unmeasured on purpose is not measured on
    arrival either. The finding is then listed as waived.

    Fails:
    ```yaml
    journeys:
      - id: order
        steps:
          - {id: chat, channel: web-chat}     # covered by the post-chat survey
          - {id: call, channel: phone}        # the customer is handed to the phone: unmeasured
    ```
    Passes: a post covers `order/call` or the phone channel.

    A notice the company sends (a step on a channel for notices: `purpose: notification`,
    or a proactive channel such as SMS or push with no purpose written) is no hand-off:
    nobody hands the customer over, they are told something. Whether the notice is heard
    is CX101's (and CX103's, for its channel) to say. Nor is the customer's own move on
    from a notice (the policy arrives by e-mail, then they activate the app): nobody passes
    them on there either, and whether the next touchpoint is heard is CX101's.
    """
    for handoff in ws.handoffs:
        target = handoff.target
        if ws.is_covered(target) or (target.channel is not None
                                     and target.channel.for_notices) \
                or handoff.source.is_notice:
            continue
        source = handoff.source
        yield Finding(
            target,
            _handoff(handoff),
            target.field_span("id"),
            hint=HANDOFF_HINT(step_ref=target.ref),
            key=f"CX104:{source.ref}>{target.ref}",
            waived_for=_unmeasured_on_purpose(target),
        )


def _handoff(handoff: HandOff) -> Text:
    """What CX104 says of a hand-off: what changes in it, the channel, the department or
    both."""
    source, target = handoff.source, handoff.target
    where: dict[str, Param] = {"source": name(source), "target": name(target),
                               "journey": name(handoff.journey)}
    if handoff.channel_changes and source.channel and target.channel:
        where.update(from_channel=bare(source.channel), to_channel=bare(target.channel))
        if not handoff.department_changes:
            return HANDOFF_CHANNEL(**where)
        said = HANDOFF_BOTH
    else:
        said = HANDOFF_DEPARTMENT
    where.update(from_department=_department(source), to_department=_department(target))
    return said(**where)


def _department(step: Step) -> Param:
    return bare(step.responsible) if step.responsible is not None else NO_DEPARTMENT


@rule("CX105", "no-outcome-metric", "warning",
      "A journey with no outcome metric collected by a post covering the journey as a whole.")
def no_outcome_metric(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey for which no listening post that covers the journey (`covers.journeys`)
    collects an outcome metric: one with `kind: outcome` (goal completion, first-contact
    resolution), or a journey-scoped metric (`scope: journey`) that is not operational
    (effort for the whole task). Without one, the journey is only seen channel by channel.
    An operational metric at journey scope (complaint handling time, delivered on time)
    measures the operation, not whether customers reach their goal: it does not count.

    Fails:
    ```yaml
    journeys: [{id: order}]     # no post has covers.journeys: [order]
    ```
    Passes:
    ```yaml
    metrics: [{id: goal-completion, kind: outcome, scope: journey}]
    listening_posts:
      - {id: follow-up, metrics: [goal-completion], covers: {journeys: [order]}}
    ```
    """
    for journey in ws.journeys:
        posts = [p for p in ws.listening_posts if journey in p.covers.journeys]
        collected = [m.metric for p in posts for m in p.metrics]
        if any(_outcome(m) for m in collected):
            continue
        operational = list(dict.fromkeys(m for m in collected if m.scope == "journey"))
        if operational:
            said = NO_OUTCOME_OPERATIONAL(journey=name(journey), metrics=names(operational))
        elif len(posts) == 1:
            said = NO_OUTCOME_ONE(journey=name(journey), post=name(posts[0]))
        elif posts:
            said = NO_OUTCOME_MANY(journey=name(journey), posts=names(posts))
        else:
            said = NO_OUTCOME_UNCOVERED(journey=name(journey))
        yield Finding(
            journey,
            said,
            journey.field_span("id"),
            hint=NO_OUTCOME_HINT(journey_id=journey.id),
            key=f"CX105:{journey.id}",
        )


def _outcome(metric: Metric) -> bool:
    """An outcome metric: ``kind: outcome``, or journey-scoped and not operational."""
    return metric.kind == "outcome" or (metric.scope == "journey"
                                        and metric.kind != "operational")


@rule("CX106", "no-goal", "warning", "A journey that does not state the customer's goal.")
def no_goal(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey without a `goal`: what the customer is trying to achieve, in their words.
    Journeys are measured by whether customers reach their goal, not by channel.

    Fails:
    ```yaml
    journeys: [{id: order, name: Order online}]
    ```
    Passes:
    ```yaml
    journeys: [{id: order, goal: Get the right product on the promised day}]
    ```
    """
    for journey in ws.journeys:
        if journey.goal and journey.goal.strip():
            continue
        yield Finding(
            journey,
            NO_GOAL(journey=name(journey)),
            journey.field_span("id"),
            hint=NO_GOAL_HINT,
            key=f"CX106:{journey.id}",
        )
