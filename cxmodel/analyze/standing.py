"""Where the recorded results stand: the periods they cover, one value per period, each
target's latest value against it (met, missed, indicative, stale), and the trend of a metric
for a channel, a journey or a listening post. The results rules (CX8xx) judge from these
facts, and the report, the site and the diagrams show them, so every output says the same."""

from __future__ import annotations

import datetime
import os
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

from cxmodel.config import Config
from cxmodel.messages.text import Name, Template, Text, message
from cxmodel.model import (
    Element,
    ListeningPost,
    Metric,
    PostMetric,
    Result,
    Target,
    Workspace,
)
from cxmodel.model.facts import NPS_RANGE, counted_in_full, net_promoter


@dataclass(frozen=True, slots=True)
class Period:
    """A results period: its first and last day."""

    first: datetime.date
    last: datetime.date


@cache
def period(text: str) -> Period | None:
    """2026-11, 2026-Q4, 2026-H2 or 2026 as the days it spans (None if it is none of
    those)."""
    try:
        year = int(text[:4])
        if len(text) == 4:
            return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
        if text[5] == "Q":
            months = 3
            first = datetime.date(year, 3 * int(text[6]) - 2, 1)
        elif text[5] == "H":
            months = 6
            first = datetime.date(year, 6 * int(text[6]) - 5, 1)
        else:
            months = 1
            first = datetime.date(year, int(text[5:7]), 1)
    except (ValueError, IndexError):
        return None
    following = datetime.date(first.year + (first.month + months - 1) // 12,
                              (first.month + months - 1) % 12 + 1, 1)
    return Period(first, following - datetime.timedelta(days=1))


def following_end(span: Period) -> datetime.date:
    """The last day of the period of the same kind (month, quarter, half-year, year) after
    ``span``."""
    days = (span.last - span.first).days
    first = span.last + datetime.timedelta(days=1)
    if days >= 364:
        return datetime.date(first.year, 12, 31)
    month = first.month + (6 if days >= 180 else 3 if days >= 88 else 1)
    after = datetime.date(first.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
    return after - datetime.timedelta(days=1)


def as_of(config: Config) -> datetime.date:
    """The day results and actions are read on: options.as_of; else the day of
    SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/), so that a
    reproducible build of the site reads them on the build's day; else today."""
    if config.as_of:
        try:
            return datetime.date.fromisoformat(config.as_of)
        except ValueError:
            pass
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (OverflowError, OSError, ValueError):
            pass
    return datetime.date.today()


def used(result: Result) -> PostMetric | None:
    """How the post a result came from collects its metric (None: no post, or it does not
    collect it)."""
    post = result.listening_post
    if post is None:
        return None
    return next((u for u in post.metrics if u.metric is result.metric), None)


def collected(result: Result) -> bool:
    """Whether the post a result came from (if it names one) collects its metric."""
    return result.listening_post is None or used(result) is not None


def scale(result: Result) -> tuple[float, float] | None:
    """The range a result's value lies in: the scale its metric was asked on (its post's
    own, else the metric's), or -100 to 100 for a Net Promoter Score."""
    how = used(result)
    found: tuple[float, float] | None = None
    if how is not None and how.scale_override is not None:
        found = how.scale_override.min, how.scale_override.max
    elif result.metric.scale is not None:
        found = result.metric.scale.min, result.metric.scale.max
    if net_promoter(result.metric.id, result.metric.name, found):
        return NPS_RANGE
    return found


def off_scale(result: Result) -> tuple[float, float] | None:
    """The scale a result's value lies off, if it does."""
    found = scale(result)
    return found if found is not None and not found[0] <= result.value <= found[1] else None


def sound(result: Result) -> bool:
    """Whether a result can be judged: it measures one subject, comes from a post that
    collects its metric, and lies on the metric's scale (what CX801 asks)."""
    return result.subjects == 1 and result.subject is not None and collected(result) \
        and off_scale(result) is None


def latest(results: Iterable[Result]) -> list[Result]:
    """The results of the latest period among ``results``."""
    known = [(p, r) for r in results if (p := period(r.period)) is not None]
    if not known:
        return []
    last = max((p.last, p.first) for p, _ in known)
    return [r for p, r in known if (p.last, p.first) == last]


# TRANSLATORS: what a result measures, within a sentence: "The latest CSAT of channel 'Web
# chat' (2026-11) rests on 12 responses".
STEP_SUBJECT = message("CX802.step", "touchpoint {name}")
POST_SUBJECT = message("CX802.post", "listening post {name}")
CHANNEL_WITHIN = message("CX803.channel", "channel {name}")
JOURNEY_WITHIN = message("CX803.journey", "journey {name}")


def subject_kind(result: Result) -> str:
    """What a result measures: channel, journey, step or post."""
    return ("channel" if result.channel else "journey" if result.journey
            else "step" if result.step else "post")


def subject_words(result: Result) -> Text:
    """What a result measures, in words: channel 'Web chat'."""
    if result.channel is not None:
        return CHANNEL_WITHIN(name=Name(result.channel.name))
    if result.journey is not None:
        return JOURNEY_WITHIN(name=Name(result.journey.name))
    if result.step is not None:
        return STEP_SUBJECT(name=Name(result.step.ref))
    assert result.post is not None
    return POST_SUBJECT(name=Name(result.post.name))


def subject_key(result: Result) -> str:
    """What a result measures, as kind:id (a step as journey/step): channel:web-chat."""
    subject = result.subject
    assert subject is not None
    ident = result.step.ref if result.step is not None else subject.id
    return f"{subject_kind(result)}:{ident}"


@dataclass(frozen=True, slots=True)
class Point:
    """One period's value of a metric for a subject: several results of the period (from
    several posts, or several subjects of a post) count as one, weighted by their responses
    where all of them say how many."""

    period: str
    value: float
    responses: int | None
    # False when every result comes from a post that takes every case (CENSUS_METHODS): a
    # small count is then all there was, not a small sample.
    sampled: bool = True

    def indicative(self, least: int) -> bool:
        """The value rests on fewer than ``least`` answers of a sample (CX803): it is not
        judged against a target."""
        return self.sampled and self.responses is not None and self.responses < least



def combined(results: list[Result]) -> Point:
    """One value of several results of one period."""
    sampled = not all(counted_in_full(r) for r in results)
    if all(r.responses for r in results):
        total = sum(r.responses or 0 for r in results)
        value = sum(r.value * (r.responses or 0) for r in results) / total
        return Point(results[0].period, value, total, sampled)
    return Point(results[0].period, sum(r.value for r in results) / len(results), None,
                 sampled)


def trend(results: Iterable[Result]) -> list[Point]:
    """One point per period, oldest first (periods that are not periods are left out)."""
    by_period: dict[str, list[Result]] = {}
    for result in results:
        if period(result.period) is not None:
            by_period.setdefault(result.period, []).append(result)
    order = sorted(by_period, key=lambda p: _bounds(p))
    return [combined(by_period[p]) for p in order]


def _bounds(text: str) -> tuple[datetime.date, datetime.date]:
    found = period(text)
    assert found is not None
    return found.last, found.first


@dataclass(frozen=True, slots=True)
class Grouped:
    """The sound results of a workspace by (subject, metric), and each post's results
    (those that came from it, or measure it), as ids of the objects."""

    by_subject: dict[tuple[int, int], list[Result]]
    by_post: dict[int, list[Result]]
    # (subject, metric) pairs with results recorded that cannot be judged (CX801)
    unsound: set[tuple[int, int]]
    # What is wrong with each result that cannot be judged (by id): whether its post
    # collects its metric, and the scale its value lies off (None: on it)
    faults: dict[int, tuple[bool, tuple[float, float] | None]]


_GROUPED: weakref.WeakKeyDictionary[Workspace, Grouped] = weakref.WeakKeyDictionary()


def grouped(ws: Workspace) -> Grouped:
    """The workspace's results grouped, worked out once per model (several rules and
    outputs ask)."""
    found = _GROUPED.get(ws)
    if found is not None:
        return found
    by_subject: dict[tuple[int, int], list[Result]] = {}
    by_post: dict[int, list[Result]] = {}
    unsound: set[tuple[int, int]] = set()
    faults: dict[int, tuple[bool, tuple[float, float] | None]] = {}
    # Whether a post collects a metric, and on what scale, once per (metric, post) pair:
    # a year of results asks it tens of thousands of times about a few dozen pairs.
    how: dict[tuple[int, int], tuple[bool, tuple[float, float] | None]] = {}
    for result in ws.results:
        pair = (id(result.metric), id(result.listening_post))
        asked = how.get(pair)
        if asked is None:
            asked = how[pair] = (collected(result), scale(result))
        is_collected, bounds = asked
        off = bounds if bounds is not None and not bounds[0] <= result.value <= bounds[1] \
            else None
        subject = result.subject
        is_sound = result.subjects == 1 and subject is not None and is_collected and off is None
        if not is_sound:
            faults[id(result)] = (is_collected, off)
        if subject is not None:
            key = (id(subject), id(result.metric))
            if is_sound:
                by_subject.setdefault(key, []).append(result)
            else:
                unsound.add(key)
        post = result.post
        if result.listening_post is not None:
            by_post.setdefault(id(result.listening_post), []).append(result)
            if post is result.listening_post:
                continue
        if post is not None:
            by_post.setdefault(id(post), []).append(result)
    found = _GROUPED[ws] = Grouped(by_subject, by_post, unsound, faults)
    return found


def results_of(ws: Workspace, subject: Element, metric: Metric) -> list[Result]:
    """The sound results of a metric for a subject (a channel, a journey, a step, a post)."""
    return grouped(ws).by_subject.get((id(subject), id(metric)), [])


def post_results(ws: Workspace, post: ListeningPost) -> list[Result]:
    """A post's results: those that came from it, or measure it (sound or not)."""
    return grouped(ws).by_post.get(id(post), [])


def stale(point: Point, today: datetime.date) -> bool:
    """Whether a value is out of date: the period after it has ended too, with no result."""
    span = period(point.period)
    return span is not None and following_end(span) < today


def verdict(target: Target, value: float) -> str:
    """"met", or "missed" when the value is below the target's min or above its max."""
    if target.min is not None and value < target.min:
        return "missed"
    if target.max is not None and value > target.max:
        return "missed"
    return "met"


@dataclass(frozen=True, slots=True)
class Standing:
    """A target (of a channel, a journey or a listening post) and where its latest value stands.

    ``state`` is one of: "no-results" (nothing recorded for it), "not-judged" (results are
    recorded, but none can be judged: they break CX801), "stale" (the latest value
    is out of date: see :func:`stale`), "indicative" (it rests on fewer responses than
    options.min_responses, so it is not judged), "missed", "met". ``verdict`` is the
    latest value against the target whatever the state ("met" or "missed"; None with no
    results)."""

    subject: Element
    kind: str  # channel | journey | post
    target: Target
    point: Point | None
    state: str
    verdict: str | None
    trend: tuple[Point, ...]


def targets(ws: Workspace) -> Iterator[tuple[Element, str, Target]]:
    """Every target in the model, with what it is set for."""
    for channel in ws.channels:
        for target in channel.targets:
            yield channel, "channel", target
    for journey in ws.journeys:
        for target in journey.targets:
            yield journey, "journey", target
    for post in ws.listening_posts:
        for target in post.targets:
            yield post, "post", target


def standing(ws: Workspace, config: Config, subject: Element, kind: str,
             target: Target, today: datetime.date | None = None) -> Standing:
    """Where one target stands."""
    points = trend(results_of(ws, subject, target.metric))
    if not points:
        unjudged = (id(subject), id(target.metric)) in grouped(ws).unsound
        return Standing(subject, kind, target, None,
                        "not-judged" if unjudged else "no-results", None, ())
    point = points[-1]
    judged = verdict(target, point.value)
    if stale(point, today or as_of(config)):
        state = "stale"
    elif point.indicative(config.min_responses):
        state = "indicative"
    else:
        state = judged
    return Standing(subject, kind, target, point, state, judged, tuple(points))


@dataclass(frozen=True, slots=True)
class Reading:
    """Where every target stands (in model order: channels, journeys, then posts), read on a day,
    with the least responses a value is judged on."""

    as_of: datetime.date
    min_responses: int
    standings: tuple[Standing, ...]


def reading(ws: Workspace, config: Config) -> Reading:
    today = as_of(config)
    return Reading(today, config.min_responses,
                   tuple(standing(ws, config, subject, kind, target, today)
                         for subject, kind, target in targets(ws)))


STATES = ("met", "missed", "not-judged", "indicative", "stale", "no-results")

# Where a target stands against its latest recorded value : a symbol
# as well as a colour, a label, and what it means (the legend).
TARGET_STATES: dict[str, tuple[str, Template, Template]] = {
    "missed": ("✗", message("report.target.missed", "missed"),
               message("report.target.missed-text",
                       "the latest value is below the target's minimum or above its maximum")),
    "not-judged": ("?", message("report.target.not-judged", "not judged (CX801)"),
                   message("report.target.not-judged-text",
                           "results are recorded, but none can be judged: each breaks CX801 "
                           "(a value off the metric's scale, or from a post that does not "
                           "collect the metric)")),
    "indicative": ("~", message("report.target.indicative", "indicative"),
                   message("report.target.indicative-text",
                           "too few responses to judge: the value is shown, not judged")),
    "stale": ("◌", message("report.target.stale", "stale"),
              message("report.target.stale-text",
                      "the latest value is out of date: the period after it has ended "
                      "too, with no result recorded")),
    "no-results": ("–", message("report.target.no-results", "no results"),
                   message("report.target.no-results-text",
                           "no result of the metric is recorded for it")),
    "met": ("✓", message("report.target.met", "met"),
            message("report.target.met-text", "the latest value meets the target")),
}
