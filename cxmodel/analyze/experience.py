"""Coverage of the experience itself (CX107, CX108, CX109): is the effort a journey takes
measured, is anyone listening at its worst moments, and are customers asked, or only heard
when they complain?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name, names
from cxmodel.config import Config
from cxmodel.messages.text import Text, message
from cxmodel.model import Journey, Metric, Step, Workspace
from cxmodel.model.facts import themed_problems, worst_moment_unheard

NO_EFFORT = message(
    "CX107.no-effort",
    "Nobody measures how much effort journey {journey} takes: no listening post collects an "
    "effort metric (such as CES) on its touchpoints or on the journey as a whole.")
# {metric_id}: an effort metric of the model.
NO_EFFORT_HINT = message(
    "CX107.hint",
    "Collect {metric_id} in a post that covers the journey or its key touchpoints.")
NO_EFFORT_METRIC_HINT = message(
    "CX107.hint-no-metric",
    "Define an effort metric (dimension: effort, e.g. CES: \"How easy was it to ...?\") and "
    "collect it in a post that covers the journey or its key touchpoints.")()

UNHEARD_TOUCHPOINT = message(
    "CX108.touchpoint",
    "Step {step} ({channel}) is one of the worst moments of journey {journey} (emotion -2), "
    "and no listening post hears it.")
UNHEARD_STEP = message(
    "CX108.step",
    "Step {step} is one of the worst moments of journey {journey} (emotion -2), and no "
    "listening post hears it.")
UNHEARD_TOUCHPOINT_HINT = message(
    "CX108.hint",
    "Name it in a post's covers.touchpoints, or cover its channel, to hear what goes wrong "
    "here.")()
UNHEARD_STEP_HINT = message(
    "CX108.hint-step",
    "Ask about this moment (name it in the covers.touchpoints of a journey survey), or give "
    "a post a theme pointing at a problem raised here.")()

ONLY_COMPLAINTS = message(
    "CX109.channel",
    "Channel {channel} is heard only through complaints ({posts}): customers who do not "
    "complain are never asked about this channel, so how most of them find it is not known.")
ONLY_COMPLAINTS_HINT = message(
    "CX109.hint",
    "Ask customers there too: a short survey after contacts in it (a post with covers.channels: "
    "[{channel_id}]), or analyse every contact (speech or text analytics).")


@rule("CX107", "effort-unmeasured", "info",
      "A journey where no post measures effort (CES or another effort metric).")
def effort_unmeasured(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey where no listening post collects an effort metric (a metric with
    `dimension: effort`, such as CES) on any of its touchpoints (by name or by channel) or
    on the journey itself. Effort predicts whether customers come back better than
    satisfaction does, and it is what customers repeating their story, switching channels
    and calling twice cost them. Journeys with no touchpoint are not reported.

    Fails:
    ```yaml
    listening_posts:
      - {id: after-call-survey, metrics: [csat], covers: {channels: [phone]}}
    ```
    Passes:
    ```yaml
    metrics: [{id: ces, kind: experience, dimension: effort, scope: touchpoint}]
    listening_posts:
      - {id: after-call-survey, metrics: [csat, ces], covers: {channels: [phone]}}
    ```
    """
    effort = [m for m in ws.metrics if m.dimension == "effort"]
    hint = NO_EFFORT_HINT(metric_id=effort[0].id) if effort else NO_EFFORT_METRIC_HINT
    for journey in ws.journeys:
        if not journey.touchpoints or _effort_measured(ws, journey):
            continue
        yield Finding(journey, NO_EFFORT(journey=name(journey)), journey.field_span("id"),
                      hint=hint, key=f"CX107:{journey.id}")


def _effort_measured(ws: Workspace, journey: Journey) -> bool:
    def effort(metrics: tuple[Metric, ...]) -> bool:
        return any(m.dimension == "effort" for m in metrics)

    for post in ws.listening_posts:
        if journey in post.covers.journeys and effort(tuple(m.metric for m in post.metrics)):
            return True
    return any(effort(tuple(m.metric for m in post.metrics))
               for step in journey.touchpoints for post in ws.posts_covering(step))


@rule("CX108", "unheard-worst-moment", "warning",
      "A step at emotion -2 that no listening post hears.")
def unheard_worst_moment(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A step at the lowest emotion (`emotion: -2`) that no listening post hears, even when
    it is not marked as a moment of truth: no post names it in `covers.touchpoints`, none
    covers its channel, and no post's theme points at a problem raised there. The worst
    moments are where customers decide to leave; a step where the customer waits alone
    (no channel) is heard only when a post asks about it or hears about its problems.

    Moments of truth are CX102's (it asks more: they must be named), and an uncovered
    touchpoint at -2 is reported here instead of by CX101, not twice.

    Fails:
    ```yaml
    steps:
      - {id: wait-for-technician, emotion: -2, problems: [missed-appointment]}
    ```
    Passes: a post names `repair/wait-for-technician` in `covers.touchpoints`, or has a
    theme pointing at `missed-appointment`.
    """
    themed = themed_problems(ws)
    for journey in ws.journeys:
        for step in journey.steps:
            if not worst_moment_unheard(ws, step, themed):
                continue
            said: Text
            if step.channel is not None:
                said = UNHEARD_TOUCHPOINT(step=name(step), channel=bare(step.channel),
                                          journey=name(journey))
                hint = UNHEARD_TOUCHPOINT_HINT
            else:
                said = UNHEARD_STEP(step=name(step), journey=name(journey))
                hint = UNHEARD_STEP_HINT
            yield Finding(step, said, step.field_span("emotion"), hint=hint,
                          key=f"CX108:{step.ref}")


@rule("CX109", "heard-only-through-complaints", "info",
      "A channel customers use that only complaints hear: those who do not complain are "
      "never asked.")
def heard_only_through_complaints(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel that some journey's touchpoints use, where every listening post that
    hears it (covering the channel or a touchpoint in it) is a complaints register
    (`method: complaints`). Complaints come from the few who are unhappy enough to write
    and know how: they say what went badly for them, not how the channel serves the
    customers who do not complain. The coverage figures count the channel as heard; this
    says how.

    Only the channel's ordinary touchpoints count: not one where customers only escalate
    (they raise problems there that the channel cannot resolve, as at a regulator's or an
    ombudsman's desk, which forwards the case: everyone there is a complainant, and the
    register is where they are heard), nor one a complaints register
    names where it asks the complainant an experience metric (satisfaction with how the
    complaint was handled, asked in the call that closes it). Not reported either: a
    channel no post hears (that is CX103), and a channel used only for notices. A survey
    of a whole journey (`covers.journeys`) asks about the journey, not this channel: as for
    CX101, it does not hear the channel unless it names a touchpoint in it
    (`covers.touchpoints`).

    Fails:
    ```yaml
    listening_posts:
      - {id: complaints-register, method: complaints, covers: {channels: [branch]}}
    ```
    Passes: a post-visit survey also covers `branch`.
    """
    ordinary = {step.channel for journey in ws.journeys for step in journey.touchpoints
                if step.channel is not None and not step.is_notice
                and not _escalation(step) and not _asked_at_closure(ws, step)}
    for channel in ws.channels:
        posts = ws.channel_posts.get(channel, ())
        if channel not in ordinary or not posts \
                or any(post.method != "complaints" for post in posts):
            continue
        yield Finding(channel, ONLY_COMPLAINTS(channel=name(channel), posts=names(posts)),
                      channel.field_span("id"),
                      hint=ONLY_COMPLAINTS_HINT(channel_id=channel.id),
                      key=f"CX109:{channel.id}")


def _escalation(step: Step) -> bool:
    """Whether customers come to ``step`` only to escalate: they raise problems there that
    its channel cannot resolve (none lists it in resolvable_in), as at a regulator's or an
    ombudsman's desk, which forwards the case. Everyone there is a complainant, and a
    complaints register is where they are heard."""
    return bool(step.problems) and all(step.channel not in problem.resolvable_in
                                       for problem in step.problems)


def _asked_at_closure(ws: Workspace, step: Step) -> bool:
    """Whether a complaints register names ``step`` and asks there what the complainant
    thinks (an experience metric: satisfaction with how the complaint was handled, asked
    in the call that closes it)."""
    return any(post.method == "complaints"
               and any(m.metric.kind == "experience" for m in post.metrics)
               for post in ws.named_by.get(step, ()))
