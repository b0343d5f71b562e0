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
    Problem,
    Result,
    Scale,
    Step,
    Workspace,
)

ASKING_METHODS = ("survey", "interview")
# Listening that reaches customers who can be named without asking them: their public posts,
# their complaints, their reviews. Each of them expects an answer (CX404).
SPEAKING_UP_METHODS = ("social-listening", "complaints", "reviews")
# Methods that take every case, not a sample: the calls and chats analysed, the complaints
# lodged, the figures of operational systems, what every visitor clicked.
CENSUS_METHODS = ("speech-analytics", "text-analytics", "complaints", "operational-data",
                  "behavioural-analytics")
# The lowest emotion a step can have: one of the journey's worst moments (CX108).
WORST_EMOTION = -2


def owning_departments(post: ListeningPost) -> list[Department]:
    """The departments that own what a post covers: the owners and co-owners of its
    channels, the responsible departments of its touchpoints, the owners of its journeys.
    A co-owner that is a partner (an outside company acting for you: the courier firm, the
    video-identification vendor) is left out: it gets its own cases through whoever manages
    it, not the post's results, which may hold what customers told you in confidence."""
    found: list[Department] = []
    for channel in post.covers.channels:
        found.extend(d for d in (channel.owner, *channel.co_owners)
                     if d is not None and (d is channel.owner or d.kind != "partner"))
    for step in post.covers.touchpoints:
        if step.responsible is not None:
            found.append(step.responsible)
    for journey in post.covers.journeys:
        if journey.owner is not None:
            found.append(journey.owner)
    return list(dict.fromkeys(found))


def cause_owners(post: ListeningPost) -> dict[Department, tuple[Problem, ...]]:
    """The departments that own the problems a post's themes point at, each with those
    problems: the teams that cause what customers talk about there."""
    found: dict[Department, dict[Problem, None]] = {}
    for theme in post.themes:
        for problem in theme.problems:
            if problem.owner is not None:
                found.setdefault(problem.owner, {})[problem] = None
    return {owner: tuple(problems) for owner, problems in found.items()}


def _reached(post: ListeningPost) -> set[int]:
    reached = {id(d) for d in post.outer_loop.share_with} if post.outer_loop else set()
    if post.owner is not None:
        reached.add(id(post.owner))
    return reached


def unreached_owners(post: ListeningPost) -> list[Department]:
    """Departments owning what a post covers that neither run the post nor get its
    results."""
    reached = _reached(post)
    return [d for d in owning_departments(post) if id(d) not in reached]


def unreached_causes(post: ListeningPost) -> dict[Department, tuple[Problem, ...]]:
    """Owners of the problems a post's themes point at that neither run the post nor get
    its results, and own nothing it covers (those are unreached owners already)."""
    reached = _reached(post)
    owners = {id(d) for d in owning_departments(post)}
    return {d: problems for d, problems in cause_owners(post).items()
            if id(d) not in reached and id(d) not in owners}


def unreached_departments(post: ListeningPost) -> list[Department]:
    """Departments the post's results should reach and do not (CX402): the owners of what
    it covers and the owners of the problems its themes point at."""
    return [*unreached_owners(post), *unreached_causes(post)]


def inner_loop_open(post: ListeningPost) -> bool:
    return post.inner_loop is None or not post.inner_loop.complete


def inner_loop_expected(post: ListeningPost) -> bool:
    """Whether a post is expected to follow up with the individual customer: those that ask
    customers for feedback (CX401) and those that hear customers who spoke up where they
    can be answered: in public, in a complaint, in a review (CX404). Not an anonymous post
    (`anonymous: true`, a blind agency study): its answers cannot be traced to anyone."""
    return not post.anonymous and (post.method in ASKING_METHODS
                                   or post.method in SPEAKING_UP_METHODS)


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


def collects(post: ListeningPost, metric: Metric) -> bool:
    """Whether a post collects ``metric``."""
    return any(used.metric is metric for used in post.metrics)


def channel_metrics(ws: Workspace, channel: Channel) -> tuple[Metric, ...]:
    """The metrics collected about a channel's contacts (touchpoint scope, or none written),
    as the matrix's cells list them: a journey or relationship metric that a post covering
    the channel also collects (the NPS after a whole claim) is about the journey or the
    company, not this channel, and is not listed as the channel's (a Polish insurer's
    review)."""
    return tuple(m for m in ws.metrics_on(channel) if m.scope in (None, "touchpoint"))


def experience_metrics(ws: Workspace, channel: Channel) -> tuple[Metric, ...]:
    """Touchpoint-scoped experience metrics used on a channel."""
    return tuple(m for m in ws.metrics_on(channel)
                 if m.kind == "experience" and m.scope == "touchpoint")


def served_channels(ws: Workspace) -> set[Channel]:
    """The channels where some journey's customers are served or asked, not only told: used
    by a touchpoint that is not a notice (Step.is_notice). A channel used only for notices
    is not expected to be heard (CX103)."""
    return {step.channel for journey in ws.journeys for step in journey.touchpoints
            if step.channel is not None and not step.is_notice}


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


def themed_problems(ws: Workspace) -> frozenset[Problem]:
    """The problems some listening post's themes point at: what the company hears about."""
    return frozenset(problem for post in ws.listening_posts for theme in post.themes
                     for problem in theme.problems)


def worst_moment_unheard(ws: Workspace, step: Step, themed: frozenset[Problem]) -> bool:
    """A step at the lowest emotion, not a moment of truth (CX102 asks more of those), that
    no listening post hears: none names it, none covers its channel, and no post's theme
    points at a problem raised there (CX108; CX101 leaves such touchpoints to it)."""
    if step.emotion != WORST_EMOTION or step.moment_of_truth:
        return False
    if ws.named_by.get(step) or ws.is_covered(step):
        return False
    return not any(problem in themed for problem in step.problems)


def frontline(steps: list[Step]) -> set[Department]:
    """The departments whose people serve the customer at these steps: the responsible
    department and the frontstage actors of each staffed touchpoint."""
    found: set[Department] = set()
    for step in steps:
        if not step.staffed:
            continue
        if step.responsible is not None:
            found.add(step.responsible)
        found.update(entry.actor for entry in step.frontstage if entry.actor is not None)
    return found


def posts_covering_steps(ws: Workspace) -> dict[ListeningPost, list[Step]]:
    """For each listening post, the touchpoints it covers (by name or by channel)."""
    found: dict[ListeningPost, list[Step]] = {}
    for step, posts in ws.covered_by.items():
        for post in posts:
            found.setdefault(post, []).append(step)
    return found


def journey_metrics(ws: Workspace, journey: Journey) -> set[Metric]:
    """The metrics collected for a journey: by posts covering it, or covering one of its
    touchpoints (by name or by channel)."""
    posts = {p for p in ws.listening_posts if journey in p.covers.journeys}
    for step in journey.touchpoints:
        posts.update(ws.posts_covering(step))
    return {m.metric for post in posts for m in post.metrics}


# What names a Net Promoter Score, in a metric's id or name, in the languages models are
# written in: Polish practice says "wskaźnik rekomendacji netto" (or "polecenia netto"),
# Russian "индекс потребительской лояльности" or "индекс чистой поддержки", Chinese
# 净推荐值 / 淨推薦值.
_NPS_WORDS = ("nps", "net promoter", "rekomendacji netto", "polecenia netto",
              "потребительской лояльности", "чистой поддержки", "净推荐", "淨推薦")
# An NPS result is the share of promoters (9-10) minus the share of detractors (0-6), in
# percentage points: not a value on the 0-10 scale its question is asked on.
NPS_RANGE = (-100.0, 100.0)


def net_promoter(ident: str, name: str | None, scale: tuple[float, float] | None) -> bool:
    """Whether a metric is a Net Promoter Score: asked on 0 to 10, and its id or name says
    NPS (nps, t-nps, relationship-nps, "Net Promoter Score", 净推荐值)."""
    if scale != (0, 10):
        return False
    said = f"{ident} {name or ''}".casefold()
    return any(word in said for word in _NPS_WORDS)


def counted_in_full(result: Result) -> bool:
    """The result comes from a post that counts every case (CENSUS_METHODS): a small count
    is all there was, not a small sample."""
    source = result.listening_post or result.post
    return source is not None and source.method in CENSUS_METHODS
