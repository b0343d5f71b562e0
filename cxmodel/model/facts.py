"""Derived facts about a built workspace that both the gap rules and the outputs ask: who
owns what a listening post covers and whom its results reach, whether its inner loop is
open, how a post's use of a metric drifts from the metric, which metrics are comparable on a
channel or a journey. Rules turn them into findings; the site and the diagrams show them."""

from __future__ import annotations

from cxmodel.model.elements import (
    Channel,
    Department,
    Journey,
    ListeningPost,
    Metric,
    PostMetric,
    Scale,
    Workspace,
)

ASKING_METHODS = ("survey", "interview")


def owning_departments(post: ListeningPost) -> list[Department]:
    """The departments that own what a post covers: the owners and co-owners of its
    channels, the responsible departments of its touchpoints, the owners of its journeys."""
    found: list[Department] = []
    for channel in post.covers.channels:
        found.extend(d for d in (channel.owner, *channel.co_owners) if d is not None)
    for step in post.covers.touchpoints:
        if step.responsible is not None:
            found.append(step.responsible)
    for journey in post.covers.journeys:
        if journey.owner is not None:
            found.append(journey.owner)
    return list(dict.fromkeys(found))


def unreached_departments(post: ListeningPost) -> list[Department]:
    """Owning departments that neither run the post nor get its results."""
    reached = {id(d) for d in post.outer_loop.share_with} if post.outer_loop else set()
    if post.owner is not None:
        reached.add(id(post.owner))
    return [d for d in owning_departments(post) if id(d) not in reached]


def inner_loop_open(post: ListeningPost) -> bool:
    return post.inner_loop is None or not post.inner_loop.complete


def inner_loop_expected(post: ListeningPost) -> bool:
    """Whether a post is expected to follow up with the individual customer (the posts CX401
    applies to): those that ask customers for feedback."""
    return post.method in ASKING_METHODS


def outer_loop_closed(post: ListeningPost) -> bool:
    """Whether a post's results reach every department that owns what it covers (what CX402
    asks of every post)."""
    return not unreached_departments(post)


def drift(used: PostMetric) -> tuple[Scale | None, str | None]:
    """How a post's use of a metric departs from the metric's standard: the other scale and
    the other question it uses (None where it keeps to the standard, or the metric defines
    none)."""
    metric = used.metric
    scale = used.scale_override
    if scale is None or metric.scale is None or \
            (scale.min, scale.max) == (metric.scale.min, metric.scale.max):
        scale = None
    question = used.question_override
    if question is None or metric.question is None or \
            question.strip() == metric.question.strip():
        question = None
    return scale, question


def experience_metrics(ws: Workspace, channel: Channel) -> tuple[Metric, ...]:
    """Touchpoint-scoped experience metrics used on a channel."""
    return tuple(m for m in ws.metrics_on(channel)
                 if m.kind == "experience" and m.scope == "touchpoint")


def asks_customers(post: ListeningPost) -> bool:
    """Whether a post asks customers for feedback (a survey or an interview, or a post whose
    method is not written), rather than listening to what they say or do."""
    return post.method is None or post.method in ASKING_METHODS


def measured_channels(ws: Workspace, journey: Journey) -> list[Channel]:
    """The journey's channels that some listening post measures."""
    return [c for c in journey.channels if ws.is_measured(c)]


def asked_in_journey(ws: Workspace, journey: Journey) -> dict[Channel, tuple[Metric, ...]]:
    """The journey's channels whose experience can be compared (CX201), each with the
    metrics that posts asking customers collect there for this journey: posts covering the
    whole channel, and posts naming this journey's touchpoints in it. (A post naming the
    locker touchpoint of another journey says nothing about this one's locker.) A sentiment
    score that speech analytics infers is not the customers' answer: only asking posts
    count."""
    found: dict[Channel, dict[Metric, None]] = {
        c: dict.fromkeys(ws.asked_metrics[c]) for c in journey.channels
        if c in ws.asked_metrics}
    for step in journey.touchpoints:
        for post in ws.named_by.get(step, ()):
            if asks_customers(post):
                assert step.channel is not None
                found.setdefault(step.channel, {}).update(
                    dict.fromkeys(m.metric for m in post.metrics))
    return {c: tuple(found[c]) for c in journey.channels if c in found}


def touchpoint_experience(metrics: tuple[Metric, ...]) -> tuple[Metric, ...]:
    return tuple(m for m in metrics if m.kind == "experience" and m.scope == "touchpoint")


def shares_metric(ws: Workspace, journey: Journey) -> bool | None:
    """Whether the journey's compared channels share a touchpoint-scoped experience metric;
    None when fewer than two of its channels are compared (nothing to compare)."""
    compared = list(asked_in_journey(ws, journey).values())
    if len(compared) < 2:
        return None
    common = set(touchpoint_experience(compared[0]))
    for metrics in compared[1:]:
        common &= set(touchpoint_experience(metrics))
    return bool(common)
