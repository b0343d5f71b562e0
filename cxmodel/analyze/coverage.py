"""Coverage rules (CX1xx): is it measured?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import names, q, short, step_label
from cxmodel.config import Config
from cxmodel.model import Workspace


@rule("CX101", "unmeasured-touchpoint", "warning",
      "A touchpoint that no listening post covers, by channel or by name.")
def unmeasured_touchpoint(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A touchpoint (a step with a channel) that no listening post covers: no post lists it
    in `covers.touchpoints` and no post lists its channel in `covers.channels`. Nobody hears
    what customers think of it. Moments of truth are reported by CX102 instead.

    Fails:
    ```yaml
    journeys:
      - id: order
        steps:
          - {id: confirmation, channel: email}   # no post covers email or this step
    ```
    Passes:
    ```yaml
    listening_posts:
      - {id: email-survey, metrics: [csat], covers: {channels: [email]}}
    ```
    """
    for journey in ws.journeys:
        for step in journey.touchpoints:
            if step.moment_of_truth or ws.is_covered(step):
                continue
            assert step.channel is not None
            yield Finding(
                step,
                f"Touchpoint {step_label(step)} in journey {q(journey)} is not measured: no "
                f"listening post covers it or the {short(step.channel.name)} channel.",
                step.field_span("id"),
                hint="Add it to a listening post's covers.touchpoints, or cover its channel "
                "in covers.channels.",
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
            kind = "Touchpoint" if step.is_touchpoint else "Step"
            message = (f"{kind} {step_label(step)} in journey {q(journey)} is a moment of "
                       "truth, but no listening post names it")
            if channel_posts and step.channel is not None:
                only = names(channel_posts)
                verb = "covers" if len(channel_posts) == 1 else "cover"
                message += (f"; {only} only {verb} the {short(step.channel.name)} channel as a "
                            "whole.")
            else:
                message += "; it is not measured at all."
            yield Finding(step, message, step.field_span("id"),
                          hint=f"Add {step.ref} to a listening post's covers.touchpoints.",
                          key=f"CX102:{step.ref}")


@rule("CX103", "unmeasured-channel", "warning",
      "A channel used by some journey that no listening post covers at all.")
def unmeasured_channel(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel that some journey's steps use, but that no listening post covers at all:
    neither the channel (`covers.channels`) nor any touchpoint in it
    (`covers.touchpoints`). Channels used only for proactive notices do not count as used.

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
    used: dict[str, list[str]] = {}
    for journey in ws.journeys:
        for channel in journey.channels:
            used.setdefault(channel.id, []).append(short(journey.name))
    for channel in ws.channels:
        if channel.id not in used or ws.is_measured(channel):
            continue
        journeys = used[channel.id]
        shown = [f"'{j}'" for j in journeys[:3]]
        if len(journeys) > 3:
            shown.append(f"{len(journeys) - 3} more")
        listed = shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + " and " + shown[-1]
        yield Finding(
            channel,
            f"Channel {q(channel)} is used in {listed} but no listening post covers it: "
            "what customers experience there is never heard.",
            channel.field_span("id"),
            hint=f"Cover it with a listening post (covers.channels: [{channel.id}]).",
            key=f"CX103:{channel.id}",
        )


@rule("CX104", "unmeasured-handoff", "warning",
      "A hand-off (channel or responsible department changes) into a step no post covers.")
def unmeasured_handoff(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A hand-off, where the channel or the responsible department changes between a
    touchpoint and the next touchpoint the customer reaches, and the receiving touchpoint is
    not covered by any listening post. Hand-offs are where journeys break and where most
    organisations cannot see.

    Fails:
    ```yaml
    journeys:
      - id: order
        steps:
          - {id: chat, channel: web-chat}     # covered by the post-chat survey
          - {id: call, channel: phone}        # the customer is handed to the phone: unmeasured
    ```
    Passes: a post covers `order/call` or the phone channel.
    """
    for handoff in ws.handoffs:
        target = handoff.target
        if ws.is_covered(target):
            continue
        source = handoff.source
        changes = []
        if handoff.channel_changes and source.channel and target.channel:
            changes.append(f"channel {short(source.channel.name)} -> {short(target.channel.name)}")
        if handoff.department_changes:
            before = short(source.responsible.name) if source.responsible else "no department"
            after = short(target.responsible.name) if target.responsible else "no department"
            changes.append(f"department {before} -> {after}")
        yield Finding(
            target,
            f"The hand-off from '{short(source.name)}' to '{short(target.name)}' in journey "
            f"{q(handoff.journey)} ({'; '.join(changes)}) is not measured: no listening "
            f"post covers '{short(target.name)}'.",
            target.field_span("id"),
            hint=f"Add {target.ref} to a listening post's covers.touchpoints.",
            key=f"CX104:{source.ref}>{target.ref}",
        )


@rule("CX105", "no-outcome-metric", "warning",
      "A journey with no journey-scoped metric collected by a post covering that journey.")
def no_outcome_metric(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey for which no listening post that covers the journey (`covers.journeys`)
    collects a journey-scoped metric (`scope: journey`, such as goal completion or effort for
    the whole task). Without one, the journey is only seen channel by channel.

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
        if any(m.metric.scope == "journey" for p in posts for m in p.metrics):
            continue
        if posts:
            verbs = "covers it but collects" if len(posts) == 1 else "cover it but collect"
            detail = f"{names(posts)} {verbs} no journey-scoped metric"
        else:
            detail = "no listening post covers the journey as a whole"
        yield Finding(
            journey,
            f"Journey {q(journey)} has no end-to-end outcome metric: {detail}.",
            journey.field_span("id"),
            hint="Collect a metric with scope: journey (goal completion, first-contact "
            f"resolution, effort for the whole task) in a post with covers.journeys: "
            f"[{journey.id}].",
            key=f"CX105:{journey.id}",
        )


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
            f"Journey {q(journey)} does not state the customer's goal.",
            journey.field_span("id"),
            hint="Add goal: with what the customer wants to achieve, in their own words.",
            key=f"CX106:{journey.id}",
        )
