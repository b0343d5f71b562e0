"""Results and actions (CX8xx): from listening design to listening results. Whether the
values recorded contradict the design, whether targets are met, whether there are enough
answers to judge, whether posts still report, and whether actions are done on time."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from cxmodel.analyze.rule import Finding, RulesRun, post_pass_rule, rule
from cxmodel.analyze.standing import (
    as_of,
    combined,
    grouped,
    latest,
    period,
    post_results,
    standing,
    subject_key,
    subject_words,
    targets,
    used,
)
from cxmodel.analyze.words import name
from cxmodel.config import Config
from cxmodel.messages.render import number, quantity
from cxmodel.messages.text import Day, Items, Name, Param, Period, Template, message, plural
from cxmodel.model import (
    Action,
    Element,
    Journey,
    ListeningPost,
    Metric,
    Result,
    Step,
    Workspace,
)
from cxmodel.model.facts import drift

NO_SUBJECT = message("CX801.no-subject", "The result of {metric} for {period} does not say "
                     "what it measures.")
SUBJECTS = message("CX801.subjects", "The result of {metric} for {period} names several "
                   "subjects; a result measures one.")
SUBJECT_HINT = message("CX801.subject.hint", "Give exactly one of channel, journey, step "
                       "(journey-id/step-id) or post.")
NOT_COLLECTED = message("CX801.not-collected", "Listening post {post} does not collect "
                        "{metric}, yet the result of {metric} for {period} comes from it.")
NOT_COLLECTED_HINT = message("CX801.not-collected.hint", "Name the post that collects the "
                             "metric, or add the metric to the post's metrics.")
# TRANSLATORS: {low} to {high} is what a result can be: the scale the metric is asked on,
# or, for an NPS, -100 to 100 (asked on 0 to 10).
OFF_SCALE = message("CX801.off-scale", "The result of {metric} for {period} is {value}, "
                    "outside the {low} to {high} its results can take.")
OFF_SCALE_HINT = message("CX801.off-scale.hint", "Check the value, or the scale the post "
                         "asks the metric on.")
# TRANSLATORS: {subject} is "channel 'Web chat'" or "journey 'Online order'";
# {bound} is AT_LEAST or AT_MOST.
MISSED = message("CX802.missed", "{subject} missed its {metric} target in {period}: {value}, "
                 "against {bound}.")
AT_LEAST = message("CX802.at-least", "at least {value}")
AT_MOST = message("CX802.at-most", "at most {value}")
MISSED_HINT = message("CX802.hint", "Find out why, and record an action (actions:) whose "
                      "expected effect is this target.")
# TRANSLATORS: CX802's hint when an unfinished action already aims at the target; {due} is
# its due date as the language writes one in running text (15 November 2026, 15 ноября
# 2026 г., 15 listopada 2026: the genitive in Russian and Polish).
UNDER_WAY_HINT = message("CX802.hint-under-way",
                         "Action {action} is under way for it (due {due}); if the next "
                         "period misses too, find out why it is not enough.")
# TRANSLATORS: CX802's hint when the action aimed at the target is past its due date.
OVERDUE_FOR_HINT = message("CX802.hint-overdue",
                           "Action {action} answers it, but was due on {due} and is overdue "
                           "(CX807): finish it or agree a new date, and find out why the "
                           "target is still missed.")
FEW = message("CX803.few", "The latest {metric} of {subject} ({period}) rests on {responses} "
              "responses, fewer than {least}: it is indicative only.")
FEW_HINT = message("CX803.hint", "Judge it with the next period's results, or collect more "
                   "answers (options.min_responses sets the least).")
STALE = message("CX804.stale", "Listening post {post} shares its results {cadence}, but its "
                "last result is for {period}.")
STALE_HINT = message("CX804.hint", "Record the results of the periods since, or say why the "
                     "post stopped reporting.")
CADENCES: dict[str, Template] = {
    "daily": message("CX804.daily", "every day"),
    "weekly": message("CX804.weekly", "every week"),
    "monthly": message("CX804.monthly", "every month"),
    "quarterly": message("CX804.quarterly", "every quarter"),
    "half-yearly": message("CX804.half-yearly", "every six months"),
    "yearly": message("CX804.yearly", "every year"),
}
CADENCE_DAYS = {"daily": 1, "weekly": 7, "monthly": 31, "quarterly": 92, "half-yearly": 184,
                "yearly": 366}
APART = message("CX805.apart", "The results of {metric} for {period} cannot be compared "
                "across channels: {ways}.")
# TRANSLATORS: how one post asks a metric, in CX805's list: "'chat-survey' on 0 to 10".
ASKED_ON = message("CX805.scale", "{post} on {low} to {high}")
ASKED_AS = message("CX805.question", "{post} asks {question}")
APART_HINT = message("CX805.hint", "Ask the metric on its own scale and question in every "
                     "post, or compare only results asked alike.")
SHELF = plural("CX806.periods", "Listening post {post} has reported for {periods} period, "
               "but no action answers it or its themes.",
               "Listening post {post} has reported for {periods} periods, but no action "
               "answers it or its themes.", count="periods")
SHELF_HINT = message("CX806.hint-waiver", "Record what was decided on its results (actions: "
                     "with origin: {{listening_post: ...}}), or waive CX806 on the post "
                     "(waive:) with why nothing is to be done.")
OVERDUE = message("CX807.overdue", "Action {action} was due on {due} and is still {status}.")
OVERDUE_HINT = message("CX807.hint", "Finish it, set a new due date the owner agrees to, or "
                       "drop it on purpose (status: dropped).")
STATUSES: dict[str, Template] = {
    "open": message("CX807.open", "open"),
    "in-progress": message("CX807.in-progress", "in progress"),
}
GONE = message("CX808.gone", "Action {action} answers the finding {finding}, which no longer "
               "fires.")
GONE_HINT = message("CX808.hint", "If the action fixed it, set status: done; else point the "
                    "action at what it answers now.")
# TRANSLATORS: what a result measures, as the subject of a sentence (it starts CX802's).
CHANNEL_SUBJECT = message("CX802.channel", "Channel {name}")
JOURNEY_SUBJECT = message("CX802.journey", "Journey {name}")
POST_TARGET_SUBJECT = message("CX802.post-target", "Listening post {name}")


@rule("CX801", "result-against-design", "error",
      "A result that contradicts the design: no subject or several, a post that does not "
      "collect the metric, a value off the metric's scale.")
def result_against_design(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A result (`results:`) that cannot be true of the model: it measures nothing, or
    several subjects at once; it comes from a listening post (`listening_post:`) that does
    not collect the metric; or its value lies outside the scale the metric is asked on
    (the post's own scale where it uses one, else the metric's). Such a value would be
    compared with targets and other channels as if it were sound.

    Fails:
    ```yaml
    results:
      - {metric: csat, period: 2026-11, value: 7, channel: web-chat}   # CSAT is 1-5
    ```
    Passes: `value: 4.4`.
    """
    faults = grouped(ws).faults
    for result in ws.results:
        fault = faults.get(id(result))
        if fault is None:
            continue  # sound (most of them: nothing is worked out for those)
        is_collected, scale = fault
        said: dict[str, Param] = {"metric": name(result.metric), "period": result.period}
        subject: Element = result.subject or result.metric
        key = f"CX801:{result.metric.id}:{result.period}"
        if result.subjects != 1:
            template = NO_SUBJECT if result.subjects == 0 else SUBJECTS
            yield Finding(subject, template(**said), result.span, hint=SUBJECT_HINT(),
                          key=f"{key}:subject:{result.span.line}")
            continue
        if not is_collected and result.listening_post is not None:
            yield Finding(subject, NOT_COLLECTED(post=name(result.listening_post), **said),
                          result.field_span("listening_post"), hint=NOT_COLLECTED_HINT(),
                          key=f"{key}:{subject_key(result)}:post")
        if scale is not None:
            yield Finding(subject, OFF_SCALE(value=number(result.value), low=number(scale[0]),
                                             high=number(scale[1]), **said),
                          result.field_span("value"), hint=OFF_SCALE_HINT(),
                          key=f"{key}:{subject_key(result)}:scale")


SUBJECT_WORDS = {"channel": CHANNEL_SUBJECT, "journey": JOURNEY_SUBJECT,
                 "post": POST_TARGET_SUBJECT}


@rule("CX802", "target-missed", "warning",
      "The latest period's result of a channel, journey or listening post misses its "
      "target.")
def target_missed(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel's or a journey's target (`targets:`) that the latest period's result does
    not meet: below its `min` or above its `max`. Several results of that period (from
    several posts) count as one, weighted by their responses. A value resting on fewer than
    `options.min_responses` answers is not judged here (CX803 says it is indicative). A
    listening post's own target (a relationship study's NPS, the board's target for the
    company) is judged against the results recorded for the post (`post:`).

    Fails:
    ```yaml
    channels: [{id: web-chat, targets: [{metric: csat, min: 4.3}]}]
    results: [{metric: csat, period: 2026-11, value: 4.1, responses: 312, channel: web-chat}]
    ```
    Passes: `value: 4.4`.
    """
    today = as_of(config)
    for subject, kind, target in targets(ws):
        found = standing(ws, config, subject, kind, target, today)
        point = found.point
        if point is None or found.verdict != "missed" or \
                point.indicative(config.min_responses):
            continue
        unit = target.metric.unit
        if target.min is not None and point.value < target.min:
            bound = AT_LEAST(value=quantity(target.min, unit))
        else:
            bound = AT_MOST(value=quantity(target.max or 0, unit))
        key = _missed_key(kind, subject, target.metric)
        acting = _under_way(ws, subject, target.metric, key)
        if acting is None:
            hint = MISSED_HINT()
        elif _overdue(acting, today):
            hint = OVERDUE_FOR_HINT(action=name(acting), due=Day(acting.due or "—"))
        else:
            hint = UNDER_WAY_HINT(action=name(acting), due=Day(acting.due or "—"))
        yield Finding(subject, MISSED(subject=SUBJECT_WORDS[kind](name=name(subject)),
                                      metric=name(target.metric), period=Period(point.period),
                                      value=quantity(point.value, unit), bound=bound),
                      target.span, hint=hint, key=key)


def _missed_key(kind: str, subject: Element, metric: Element) -> str:
    """The fingerprint of CX802 on a channel's, journey's or post's target on ``metric``."""
    return f"CX802:{kind}:{subject.id}:{metric.id}"


def _under_way(ws: Workspace, subject: Element, metric: Element, key: str) -> Action | None:
    """An unfinished action aimed at a target that is missed: one answering this very
    finding (``origin: {finding: KEY}``), or one whose expected effect is on the target's
    metric and whose origin is a listening post (or a post's theme) that hears the subject
    (covers the channel; covers the journey, one of its channels or its touchpoints)."""
    for action in ws.actions:
        if action.finished:
            continue
        if action.finding == key:
            return action
        if action.expected is None or action.expected.metric is not metric:
            continue
        post = _origin_post(ws, action)
        if post is not None and _hears(post, subject):
            return action
    return None


def _origin_post(ws: Workspace, action: Action) -> ListeningPost | None:
    """The listening post an action comes from: its origin post, or its theme's post."""
    if action.listening_post is None and action.theme is not None:
        return ws.listening_post(action.theme.post_id)
    return action.listening_post


def _hears(post: ListeningPost, subject: Element) -> bool:
    if subject is post:  # a post's own target: an action from the post answers it
        return True
    covers = post.covers
    if subject in covers.channels or subject in covers.journeys:
        return True
    if isinstance(subject, Journey):
        return any(step in covers.touchpoints or step.channel in covers.channels
                   for step in subject.steps)
    return any(step.channel is subject for step in covers.touchpoints)  # a channel


@rule("CX803", "too-few-responses", "info",
      "The latest result of a metric rests on fewer responses than options.min_responses.")
def too_few_responses(ws: Workspace, config: Config) -> Iterator[Finding]:
    """The latest period's result of a metric for a subject rests on fewer answers
    (`responses:`) than `options.min_responses` (default 30): the value is indicative,
    and no target is judged on it. A result without `responses:` is not reported, nor is
    one from a post that takes every case rather than a sample (speech and text analytics,
    complaints, operational data, behavioural analytics): 22 complaints in a month are all
    the complaints there were, not a small sample of them.

    Fails:
    ```yaml
    results: [{metric: csat, period: 2026-11, value: 3.9, responses: 12, channel: store}]
    ```
    Passes: `responses: 240`, or a period that collects more answers (a quarter).
    """
    for found in grouped(ws).by_subject.values():
        last = latest(found)
        if not last:
            continue
        point = combined(last)
        if not point.indicative(config.min_responses):
            continue
        responses = point.responses
        first = last[0]
        subject = first.subject
        assert subject is not None
        yield Finding(subject, FEW(metric=name(first.metric), subject=subject_words(first),
                                   period=Period(first.period), responses=responses,
                                   least=config.min_responses),
                      first.field_span("responses"), hint=FEW_HINT(),
                      key=f"CX803:{subject_key(first)}:{first.metric.id}")


@rule("CX804", "stale-results", "warning",
      "A listening post's cadence has passed since its last recorded result.")
def stale_results(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post that has reported (a result names it as `listening_post` or `post`)
    and shares its results on a cadence (`closed_loop.outer.cadence`), whose last result is
    for a period that ended more than one cadence before the day the results are read on
    (`options.as_of`, default today): it stopped reporting, or its results stopped being
    recorded. A post with no result at all is not reported: not every team keeps results
    in the model. Results recorded by month (or quarter) are judged by month (quarter): a
    post that shares weekly dashboards but records monthly figures is up to date while its
    last result is for the last month that has ended.

    Fails (read on 2026-12-20):
    ```yaml
    listening_posts: [{id: chat-survey, closed_loop: {outer: {cadence: monthly}}}]
    results: [{metric: csat, period: 2026-09, value: 4.4, listening_post: chat-survey}]
    ```
    Passes: a result for 2026-11.
    """
    today = as_of(config)
    for post in ws.listening_posts:
        loop = post.outer_loop
        if loop is None or loop.cadence not in CADENCE_DAYS:
            continue
        last = latest(post_results(ws, post))
        if not last:
            continue
        ended = period(last[0].period)
        assert ended is not None
        # Results recorded by month (quarter, half-year) come a month (...) apart, however
        # often the post shares them: a weekly dashboard recorded monthly is up to date
        # while its last month is the last one ended.
        recorded = (ended.last - ended.first).days + 1
        if (today - ended.last).days <= max(CADENCE_DAYS[loop.cadence], recorded):
            continue
        yield Finding(post, STALE(post=name(post), cadence=CADENCES[loop.cadence](),
                                  period=Period(last[0].period)),
                      post.field_span("id"), hint=STALE_HINT(), key=f"CX804:{post.id}")


def _asked(result: Result) -> tuple[tuple[float, float] | None, str | None]:
    """The scale and the question a result's metric was asked with, where its post departs
    from the metric's own."""
    how = used(result)
    if how is None:
        return None, None
    scale, question = drift(how)
    return ((scale.min, scale.max) if scale is not None else None), question


@rule("CX805", "results-not-comparable", "warning",
      "One metric's results of one period, across channels, asked on different scales or "
      "with different questions.")
def results_not_comparable(ws: Workspace, config: Config) -> Iterator[Finding]:
    """Results of one metric for one period on different channels that came from posts
    asking it differently: on another scale, or with another question, than the metric's
    own. Put side by side in a report, they compare what cannot be compared: the seeds'
    inconsistent channels (CX202), now in the data.

    Fails:
    ```yaml
    listening_posts:
      - {id: chat-survey, metrics: [{metric: csat, scale: {min: 0, max: 10}}], ...}
      - {id: ivr-survey, metrics: [csat], ...}
    results:
      - {metric: csat, period: 2026-11, value: 8.1, channel: chat, listening_post: chat-survey}
      - {metric: csat, period: 2026-11, value: 4.2, channel: phone, listening_post: ivr-survey}
    ```
    Passes: both posts ask CSAT on its 1-5 scale.
    """
    groups: dict[tuple[int, str], list[Result]] = {}
    for result in ws.results:
        if result.channel is not None and result.subjects == 1:
            groups.setdefault((id(result.metric), result.period), []).append(result)
    for found in groups.values():
        asked = {(_asked(r), r.listening_post.id if r.listening_post else "") for r in found}
        if len({way for way, _ in asked}) < 2:
            continue
        ways = []
        for (scale, question), post_id in sorted(asked, key=lambda a: a[1]):
            if not post_id:
                continue
            if scale is not None:
                ways.append(ASKED_ON(post=Name(post_id), low=number(scale[0]),
                                     high=number(scale[1])))
            elif question is not None:
                ways.append(ASKED_AS(post=Name(post_id), question=Name(question)))
        first = found[0]
        yield Finding(first.metric, APART(metric=name(first.metric), period=Period(first.period),
                                          ways=Items(tuple(ways))),
                      first.span, hint=APART_HINT(),
                      key=f"CX805:{first.metric.id}:{first.period}")


def _cites(action: Action, post: ListeningPost, measured: _Measured) -> bool:
    """Whether an action answers a post: its results, one of its themes, a finding about
    the post or about a target its results are judged against (CX802), or, by its expected
    effect, a metric the post reports, from an origin that concerns what the post's results
    measure (a post or theme hearing it, a problem raised there)."""
    if action.listening_post is post or (action.theme is not None
                                         and action.theme in post.themes):
        return True
    if action.finding is not None and (f":{post.id}" in action.finding
                                       or action.finding in measured.findings):
        return True
    expected = action.expected
    if expected is None or expected.metric not in measured.metrics:
        return False
    origin = _origin_post(measured.ws, action)
    if origin is not None:
        return any(_hears(origin, subject) for subject in measured.subjects)
    if action.problem is not None:
        return any(_measures_step(measured, step) for step in measured.raised.get(
            id(action.problem), ()))
    return False


def _measures_step(measured: _Measured, step: Step) -> bool:
    """Whether the post's results measure ``step``: itself, its journey or its channel."""
    return any(subject is step or subject is step.channel
               or (isinstance(subject, Journey) and subject.id == step.journey_id)
               for subject in measured.subjects)


@dataclass(frozen=True, slots=True)
class _Measured:
    """What a post's results measure: their metrics, their subjects (channels, journeys
    and steps), and the keys of CX802 findings on them; with the workspace, and the steps
    each problem is raised at (by the problem's id())."""

    ws: Workspace
    metrics: frozenset[Metric]
    subjects: tuple[Element, ...]
    findings: frozenset[str]
    raised: dict[int, list[Step]]


def _measured(ws: Workspace, found: list[Result], raised: dict[int, list[Step]]
              ) -> _Measured:
    subjects: dict[int, Element] = {}
    for result in found:
        for measures in (result.channel, result.journey, result.step, result.post):
            if measures is not None:
                subjects.setdefault(id(measures), measures)
    metrics = frozenset(r.metric for r in found)
    findings = frozenset(_missed_key(kind, subject, metric)
                         for subject in subjects.values() for metric in metrics
                         for kind in SUBJECT_WORDS)
    return _Measured(ws, metrics, tuple(subjects.values()), findings, raised)


def _raised_at(ws: Workspace) -> dict[int, list[Step]]:
    """The steps each problem is raised at, by the problem's id()."""
    raised: dict[int, list[Step]] = {}
    for journey in ws.journeys:
        for step in journey.steps:
            for problem in step.problems:
                raised.setdefault(id(problem), []).append(step)
    return raised


def _on_target(ws: Workspace, config: Config, measured: _Measured,
               today: datetime.date) -> bool:
    """Whether the post's results feed at least one target, and every such target is met
    in its latest period: nothing there calls for a decision."""
    fed = [standing(ws, config, subject, kind, target, today)
           for subject, kind, target in targets(ws)
           if target.metric in measured.metrics
           and any(subject is s for s in measured.subjects)]
    return bool(fed) and all(s.state == "met" for s in fed)


@rule("CX806", "report-on-the-shelf", "warning",
      "A listening post that has reported for several periods, with no action answering it.")
def report_on_the_shelf(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post whose results cover `options.shelf_periods` (default 3) periods
    or more, while no action (`actions:`) answers it. Listening that leads to no decision
    is a report on the shelf.

    An action answers a post when its origin is the post, one of its themes, or a finding
    about the post or about a target its results are judged against (CX802's fingerprint);
    or when its expected effect is on a metric the post reports and its origin concerns
    what the post measures (a post or theme that hears the same channel or journey, a
    problem raised there). A post whose results meet every target they feed, in the
    latest period, calls for no decision and is not reported; one that feeds no target
    is, after `shelf_periods`.

    Fails:
    ```yaml
    results:   # three months of chat-survey results, and no actions: at all
      - {metric: csat, period: 2026-09, value: 4.1, channel: chat, listening_post: chat-survey}
      - {metric: csat, period: 2026-10, value: 4.0, channel: chat, listening_post: chat-survey}
      - {metric: csat, period: 2026-11, value: 4.1, channel: chat, listening_post: chat-survey}
    ```
    Passes: an action with `origin: {listening_post: chat-survey}`, or one answering the
    chat target's CX802 (`origin: {finding: "CX802:channel:chat:csat"}`); or a waiver of
    CX806 on the post that says why nothing is to be done.
    """
    today = as_of(config)
    raised: dict[int, list[Step]] | None = None
    for post in ws.listening_posts:
        found = post_results(ws, post)
        periods = {r.period for r in found}
        if len(periods) < config.shelf_periods:
            continue
        if raised is None:
            raised = _raised_at(ws)
        measured = _measured(ws, found, raised)
        if any(_cites(a, post, measured) for a in ws.actions) \
                or _on_target(ws, config, measured, today):
            continue
        yield Finding(post, SHELF(post=name(post), periods=len(periods)),
                      post.field_span("id"), hint=SHELF_HINT(), key=f"CX806:{post.id}")


def _overdue(action: Action, today: datetime.date) -> bool:
    """Whether an action is past its due date and neither done nor dropped."""
    if action.finished or action.due is None:
        return False
    try:
        return datetime.date.fromisoformat(action.due) < today
    except ValueError:
        return False


@rule("CX807", "overdue-action", "warning",
      "An action past its due date that is neither done nor dropped.")
def overdue_action(ws: Workspace, config: Config) -> Iterator[Finding]:
    """An action (`actions:`) whose `due` date is before the day the results are read on
    (`options.as_of`, default today) and whose status is still open or in progress.
    Reports on the shelf start here: a date that slips without anyone deciding.

    Fails (read on 2026-12-20):
    ```yaml
    actions:
      - {id: refund-date, title: Say when the refund comes, owner: finance,
         origin: {problem: refund-delay}, due: 2026-11-30, status: in-progress}
    ```
    Passes: `status: done`, or `due: 2027-01-31`.
    """
    today = as_of(config)
    for action in ws.actions:
        if not _overdue(action, today):
            continue
        status = STATUSES.get(action.status)
        yield Finding(action, OVERDUE(action=name(action), due=Day(action.due or ""),
                                      status=status() if status else action.status),
                      action.field_span("due"), hint=OVERDUE_HINT(),
                      key=f"CX807:{action.id}")


@post_pass_rule("CX808", "orphan-action", "warning",
                "An open action answering a finding that no longer fires.")
def orphan_action(ws: Workspace, config: Config, run: RulesRun) -> Iterator[Finding]:
    """An action that is neither done nor dropped whose origin is a finding
    (`origin: {finding: FINGERPRINT}`, as `check --format json` gives it) that no longer
    fires, waived or not: the gap was closed, perhaps by this very action, or the model
    changed under it. (An origin that names a problem, a post or a theme that does not
    exist is an unknown reference, CX005.)

    Fails:
    ```yaml
    actions:
      - {id: survey-chat, title: Survey the chat, owner: digital,
         origin: {finding: "CX101:online-order/ask-about-product"}, status: open}
    ```
    Passes: `status: done` once the chat is surveyed.
    """
    for action in ws.actions:
        if action.finished or action.finding is None or action.finding in run.keys:
            continue
        yield Finding(action, GONE(action=name(action), finding=Name(action.finding)),
                      action.field_span("origin"), hint=GONE_HINT(),
                      key=f"CX808:{action.id}")




LEFT = plural("CX809.left",
              "An error-level finding ({code}) has stood since {since}, for {count} day, with "
              "no action answering it and no waiver: {finding}",
              "An error-level finding ({code}) has stood since {since}, for {count} days, "
              "with no action answering it and no waiver: {finding}")
LEFT_HINT = message("CX809.hint", "Fix it; or record an action that answers it (actions: "
                    "with origin: {{finding: {fingerprint}}}); or waive it with the reason "
                    "(waive:). options.max_finding_age sets how many days it may stand.")


@post_pass_rule("CX809", "error-left-standing", "warning",
                "An error-level finding older than options.max_finding_age days, by the "
                "baseline's first-seen date, with no action and no waiver.")
def error_left_standing(ws: Workspace, config: Config, run: RulesRun) -> Iterator[Finding]:
    """An error-level finding that has stood for more than `options.max_finding_age` days
    (default 90) since a baseline first recorded it, while no action answers it (an
    action whose `origin: {finding: FINGERPRINT}` is its fingerprint, and which is not
    dropped) and no waiver excuses it. A baseline accepts known gaps so that CI reports
    only new ones: this is how an accepted error is not forgotten there.

    It needs the day each finding was first recorded, so it runs with `check --baseline
    FILE`: `--write-baseline` records that day (`first_seen`, the day the results are
    read on) and keeps it when the baseline is recorded again. Its findings are never
    recorded in, nor accepted by, a baseline; they are not waived either (waive the
    error itself).

    Fails (checked on 2026-12-01 against a baseline that first recorded the CX102 on
    2026-06-01):
    ```yaml
    journeys:
      - id: online-order
        steps:
          - {id: call-to-change-date, channel: phone, moment_of_truth: true}  # CX102, error
    ```
    Passes: an action with `origin: {finding: "CX102:online-order/call-to-change-date"}`,
    or a post that names the touchpoint.
    """
    if not config.first_seen:
        return
    today = as_of(config)
    answered = {a.finding for a in ws.actions if a.finding and a.status != "dropped"}
    for key, found in run.errors.items():
        seen = config.first_seen.get(key)
        if seen is None or key in answered:
            continue
        days = (today - datetime.date.fromisoformat(seen)).days
        if days <= config.max_finding_age:
            continue
        yield Finding(found.subject, LEFT(code=key.split(":", 1)[0], since=seen, count=days,
                                          finding=found.message),
                      found.span, hint=LEFT_HINT(fingerprint=key), key=f"CX809:{key}")
