"""Target rules (CX5xx): what does good look like, and is it measured?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name
from cxmodel.config import Config
from cxmodel.messages.text import Text, message
from cxmodel.model import Metric, Workspace
from cxmodel.model.elements import Channel, Department, Step
from cxmodel.model.facts import (
    CENSUS_METHODS,
    channel_metrics,
    collects,
    frontline,
    journey_metrics,
)

UNTARGETED = message("CX501.no-target", "Channel {channel} is measured but has no target.")
UNTARGETED_HINT = message(
    "CX501.hint",
    "Add targets: with the metrics it is measured by, e.g. [{{metric: {metric_id}, min: ...}}].")
NO_DATA = message(
    "CX502.no-data",
    "Channel {channel} has a target on {metric}, but no listening post collects "
    "{metric_name} on {channel_name}.")
NO_DATA_HINT = message(
    "CX502.hint",
    "Collect {metric_id} in a post that covers {channel_id}, or drop the target.")

# TRANSLATORS: CX502's hint for an operational metric (handling time, claim cycle time),
# which comes from a system, not from customers.
NO_DATA_OPERATIONAL_HINT = message(
    "CX502.hint-operational",
    "Record the system {metric_id} comes from as a post with method: operational-data that "
    "covers {channel_id}, or drop the target.")

NO_JOURNEY_DATA = message(
    "CX502.journey",
    "Journey {journey} has a target on {metric}, but no listening post collects it for this "
    "journey.")
NO_JOURNEY_DATA_HINT = message(
    "CX502.journey-hint",
    "Collect {metric_id} in a post that covers the journey ({journey_id}) or its "
    "touchpoints, or drop the target.")

NO_JOURNEY_DATA_OPERATIONAL_HINT = message(
    "CX502.journey-hint-operational",
    "Record the system {metric_id} comes from as a post with method: operational-data that "
    "covers the journey ({journey_id}), or drop the target.")

NO_POST_DATA = message(
    "CX502.post",
    "Listening post {post} has a target on {metric}, which it does not collect.")
NO_POST_DATA_HINT = message(
    "CX502.post-hint",
    "Add {metric_id} to the post's metrics, or drop the target.")

IN_CHANNEL_BONUS = message(
    "CX503.channel",
    "The bonus of {department} depends on the {metric} target of channel {channel}, a score "
    "customers give for contacts its own staff handle: staff start chasing the number "
    "(asking customers for top marks) instead of improving the experience.")
IN_JOURNEY_BONUS = message(
    "CX503.journey",
    "The bonus of {department} depends on the {metric} target of journey {journey}, a score "
    "customers give for contacts its own staff handle: staff start chasing the number "
    "(asking customers for top marks) instead of improving the experience.")
IN_BONUS = message(
    "CX503.metric",
    "The bonus of {department} depends on {metric}, a score customers give for contacts its "
    "own staff handle: staff start chasing the number (asking customers for top marks) "
    "instead of improving the experience.")
IN_BONUS_HINT = message(
    "CX503.hint",
    "Reward the loop, not the score: pay for follow-ups made in time and causes fixed, and "
    "use {metric_id} to coach, not to pay.")


@rule("CX501", "untargeted-channel", "warning",
      "A channel where listening posts collect metrics, with no target.")
def untargeted_channel(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel where listening posts collect metrics but that has no `targets`: the
    numbers come in, but nobody has said what good looks like, so nobody acts on them. A
    channel heard only through listening that collects no metric (social listening that
    produces themes, say) has nothing to set a target on, and is not reported; nor is a
    channel for notices (`purpose: notification`, or a proactive channel such as SMS or push
    with no purpose written): a survey that names a notice's touchpoint scores the event it
    announces, and a notice's own measures are delivery and open rates. Nor is a channel
    whose listening post that takes every case there has the target instead (a complaints
    register's target on the appeal rate, covering the regulator's appeal desk): what good
    looks like is said there. A survey's own target (its response rate) does not count.

    Fails:
    ```yaml
    channels: [{id: web-chat, owner: contact-centre}]     # measured by the post-chat survey
    ```
    Passes:
    ```yaml
    channels:
      - {id: web-chat, owner: contact-centre, targets: [{metric: csat, min: 4.3}]}
    ```
    """
    for channel in ws.channels:
        metrics = channel_metrics(ws, channel)  # about its contacts, as the report lists
        if channel.targets or not metrics or channel.for_notices \
                or _post_targeted(ws, channel):
            continue
        # The hint's example: an experience metric where one is collected (a target on
        # sentiment rather than on response time).
        example = next((m for m in metrics if m.kind == "experience"), metrics[0])
        yield Finding(channel, UNTARGETED(channel=name(channel)),
                      channel.field_span("id"),
                      hint=UNTARGETED_HINT(metric_id=example.id), key=f"CX501:{channel.id}")


def _post_targeted(ws: Workspace, channel: Channel) -> bool:
    """Whether a post that hears ``channel`` and takes every case there (complaints,
    operational data, analytics of every call: CENSUS_METHODS) has a target on a metric
    it collects: the rate the team judges the channel by (complaints or appeals per
    million customers) says what good looks like there. A survey's target (its response
    rate) says nothing of the channel."""
    return any(post.method in CENSUS_METHODS and collects(post, target.metric)
               for post in ws.channel_posts.get(channel, ()) for target in post.targets)


@rule("CX502", "target-without-data", "warning",
      "A channel, journey or listening post target on a metric no post collects there.")
def target_without_data(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel has a target on a metric that no listening post collects on that channel,
    or a journey has a target on a metric that no post collects for it (no post covering
    the journey, or one of its touchpoints by name or by channel, collects the metric): the
    target can never be checked.

    Fails:
    ```yaml
    channels: [{id: phone, targets: [{metric: csat, min: 4.3}]}]
    listening_posts:
      - {id: call-survey, metrics: [nps], covers: {channels: [phone]}}
    ```
    Passes: the post collects `csat`. Fails too:
    ```yaml
    journeys:
      - id: repair
        targets: [{metric: fcr, min: 80}]     # no post collects fcr for this journey
    ```
    A listening post's own target (a relationship study's NPS) on a metric the post does
    not collect is reported too.
    """
    for channel in ws.channels:
        used = ws.metrics_on(channel)
        for target in channel.targets:
            if target.metric in used:
                continue
            yield Finding(
                channel,
                NO_DATA(channel=name(channel), metric=name(target.metric),
                        metric_name=bare(target.metric), channel_name=bare(channel)),
                target.span,
                hint=(NO_DATA_OPERATIONAL_HINT if target.metric.kind == "operational"
                      else NO_DATA_HINT)(metric_id=target.metric.id, channel_id=channel.id),
                key=f"CX502:{channel.id}:{target.metric.id}",
            )
    for journey in ws.journeys:
        if not journey.targets:
            continue
        collected = journey_metrics(ws, journey)
        for target in journey.targets:
            if target.metric in collected:
                continue
            yield Finding(
                journey,
                NO_JOURNEY_DATA(journey=name(journey), metric=name(target.metric)),
                target.span,
                hint=(NO_JOURNEY_DATA_OPERATIONAL_HINT if target.metric.kind == "operational"
                      else NO_JOURNEY_DATA_HINT)(metric_id=target.metric.id,
                                                 journey_id=journey.id),
                key=f"CX502:journey/{journey.id}:{target.metric.id}",
            )
    for post in ws.listening_posts:
        for target in post.targets:
            if collects(post, target.metric):
                continue
            yield Finding(
                post,
                NO_POST_DATA(post=name(post), metric=name(target.metric)),
                target.span,
                hint=NO_POST_DATA_HINT(metric_id=target.metric.id),
                key=f"CX502:post/{post.id}:{target.metric.id}",
            )


@rule("CX503", "score-in-bonus", "warning",
      "An experience score customers give for the front line's own contacts, in that front "
      "line's bonus.")
def score_in_bonus(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A touchpoint-level experience score (such as CSAT after a delivery) in the bonus of
    the department whose own people serve the customers who give it (`incentive_for` on a
    target, or on the metric itself). Staff then chase the number: couriers ask for "fives",
    agents tell customers which answer keeps their job, bad contacts go unsurveyed. The
    literature's advice: reward the loop, not the score. Pay for follow-ups made in time
    and causes fixed; keep the score as a signal for coaching. A journey or relationship
    score (NPS) is reported only where a post asks it right after the front line's contacts
    (the agent who asks for "a 10"); asked in a relationship study, or in the bonus of a
    department that does not serve those contacts (a CX office, management), it is not.

    The front line of a score: the departments responsible for, or acting in the frontstage
    of, the staffed touchpoints it rates: those of the channel (a channel target), of the
    journey (a journey target), or those covered by posts collecting the metric.

    Fails:
    ```yaml
    channels:
      - id: home-delivery
        owner: couriers
        targets: [{metric: csat, min: 4.8, incentive_for: [couriers]}]
    ```
    Passes: `incentive_for` left out, or naming a department that does not deliver.
    """
    paid = [c for c in ws.channels if any(t.incentive_for for t in c.targets)]
    served: dict[Channel, list[Step]] = {c: [] for c in paid}
    if served:
        for journey in ws.journeys:
            for step in journey.touchpoints:
                if step.channel in served:
                    served[step.channel].append(step)
    for channel in paid:
        steps = served[channel]
        for target in channel.targets:
            for department in _chasing(ws, target.metric, target.incentive_for, steps):
                yield Finding(
                    channel,
                    IN_CHANNEL_BONUS(department=name(department), metric=name(target.metric),
                                     channel=name(channel)),
                    target.span, hint=IN_BONUS_HINT(metric_id=target.metric.id),
                    key=f"CX503:{channel.id}:{target.metric.id}:{department.id}")
    for journey in ws.journeys:
        for target in journey.targets:
            for department in _chasing(ws, target.metric, target.incentive_for,
                                       list(journey.touchpoints)):
                yield Finding(
                    journey,
                    IN_JOURNEY_BONUS(department=name(department), metric=name(target.metric),
                                     journey=name(journey)),
                    target.span, hint=IN_BONUS_HINT(metric_id=target.metric.id),
                    key=f"CX503:journey/{journey.id}:{target.metric.id}:{department.id}")
    rated = _rated_steps(ws)
    for metric in ws.metrics:
        if not metric.incentive_for:
            continue
        for department in _chasing(ws, metric, metric.incentive_for, rated.get(metric, [])):
            said: Text = IN_BONUS(department=name(department), metric=name(metric))
            yield Finding(metric, said, metric.incentive_span or metric.span,
                          hint=IN_BONUS_HINT(metric_id=metric.id),
                          key=f"CX503:{metric.id}:{department.id}")


def _chasing(ws: Workspace, metric: Metric, paid: tuple[Department, ...],
             steps: list[Step]) -> list[Department]:
    """The departments paid on an experience score that customers give for contacts their
    own people handle: a touchpoint score on those steps, or a journey or relationship score
    (NPS, say) that a post asks right after them ("please give me a 10")."""
    if not paid or metric.kind != "experience" or metric.scope is None:
        return []
    if metric.scope != "touchpoint":
        steps = [s for s in steps
                 if any(m.metric is metric for post in ws.posts_covering(s)
                        for m in post.metrics)]
    serving = frontline(steps)
    return [d for d in dict.fromkeys(paid) if d in serving]


def _rated_steps(ws: Workspace) -> dict[Metric, list[Step]]:
    """The touchpoints each metric rates: those covered by posts collecting it."""
    found: dict[Metric, list[Step]] = {}
    for step, posts in ws.covered_by.items():
        for metric in dict.fromkeys(m.metric for post in posts for m in post.metrics):
            found.setdefault(metric, []).append(step)
    return found

