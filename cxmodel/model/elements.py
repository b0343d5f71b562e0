"""The model: frozen dataclasses for every element of the language, references resolved.

Elements compare by identity, so they can key dictionaries of derived facts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, TypeVar

from cxmodel.diagnostics import Span
from cxmodel.durations import Unit
from cxmodel.text import with_minus

E = TypeVar("E", bound="Element")

_EMPTY: Mapping[str, str] = MappingProxyType({})


def field_span(source: Any, key: str, whole: Span) -> Span:
    """Where ``key`` is written in the mapping ``source`` was read from; ``whole`` if it is
    not written there."""
    if source is not None and key in source:
        span: Span = source.value_span(key)
        return span
    return whole


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Element:
    """What every element has: id, display name, free text, tags, waivers and a place."""

    id: str
    name: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    waivers: Mapping[str, str] = field(default_factory=lambda: _EMPTY)
    span: Span
    source: Any = field(default=None, repr=False)  # the YMap it came from, for field spans

    def field_span(self, key: str) -> Span:
        """Where a field of this element is written (the element itself if it is missing)."""
        return field_span(self.source, key, self.span)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Department(Element):
    kind: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Scale:
    min: float
    max: float

    def __str__(self) -> str:
        """As a range is written in running text: 1–5, with an en dash (−100–100 for a
        negative bound)."""
        return f"{with_minus(self.min)}\u2013{with_minus(self.max)}"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Metric(Element):
    kind: str | None = None  # experience | operational | outcome
    dimension: str | None = None
    scope: str | None = None  # touchpoint | journey | relationship
    scale: Scale | None = None
    unit: str | None = None
    question: str | None = None
    # Departments whose pay or bonus depends on the metric, whatever the target.
    incentive_for: tuple[Department, ...] = ()
    incentive_span: Span | None = None  # where incentive_for is written


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Target:
    metric: Metric
    min: float | None = None
    max: float | None = None
    # Departments whose pay or bonus depends on meeting the target.
    incentive_for: tuple[Department, ...] = ()
    span: Span


# How a channel works when its mode is not written, by its kind, where the kind says it:
# people serve the customer in person, by voice and in chat; websites, apps and kiosks are
# self-service; push and SMS messages are the company's notices (a team that serves
# customers by two-way SMS writes `mode: assisted`). E-mail, mail, social and community are
# used both ways, so their mode is not guessed.
# The kinds of channel where people can be there when the company comes to the customer
# (an engineer's visit, an agent's call-back): a proactive letter or e-mail passes the
# customer to nobody.
PEOPLE_KINDS = ("in-person", "voice", "chat")
MODE_OF_KIND = {"in-person": "assisted", "voice": "assisted", "chat": "assisted",
                "web": "self-service", "app": "self-service", "self-service": "self-service",
                "push": "proactive", "sms": "proactive"}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Channel(Element):
    kind: str | None = None
    mode: str | None = None
    presence: str | None = None
    purpose: str | None = None  # sales | service | notification, as written
    owner: Department | None = None
    co_owners: tuple[Department, ...] = ()
    targets: tuple[Target, ...] = ()

    @property
    def working_mode(self) -> str | None:
        """The mode as written, else as the kind says it (MODE_OF_KIND); None if unknown."""
        return self.mode or MODE_OF_KIND.get(self.kind or "")

    @property
    def served_by_people(self) -> bool:
        """A department's people can serve the customer here: not a channel for notices or
        for self-service; a proactive one only where people are there (PEOPLE_KINDS: an
        engineer's visit, an agent's call-back), not a letter or an e-mail the company
        sends, which passes the customer to nobody."""
        mode = self.working_mode
        if self.for_notices or mode == "self-service":
            return False
        return mode != "proactive" or self.kind in PEOPLE_KINDS

    @property
    def for_notices(self) -> bool:
        """The channel only informs customers (purpose notification, written or, for a
        proactive channel, inferred): nothing is sold or resolved there."""
        if self.purpose is not None:
            return self.purpose == "notification"
        return self.working_mode == "proactive"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Persona(Element):
    pass


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Problem(Element):
    resolvable_in: tuple[Channel, ...] = ()
    owner: Department | None = None  # accountable for the cause and the fix


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Offer(Element):
    journey_ids: tuple[str, ...] = ()  # journeys are built after offers; see Workspace
    channels: tuple[Channel, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LaneEntry:
    """One entry of a blueprint lane: who (a department, or a system) does what."""

    actor: Department | None = None
    action: str | None = None
    system: str | None = None

    @property
    def automated(self) -> bool:
        """A system does it, and no department's people: ``{system: CRM, action: ...}``."""
        return self.system is not None and self.actor is None
    # Where the entry is written: its lane's list and index, or its step and lane key. The
    # span is made only when asked: a large workspace has tens of thousands of entries and
    # reports few, so making every span up front would be work mostly thrown away.
    at: tuple[Any, str | int] = field(repr=False)

    @property
    def span(self) -> Span:
        from cxmodel.loader.nodes import value_span

        return value_span(*self.at)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ProactiveNotice:
    channel: Channel | None = None
    message: str | None = None
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Stage(Element):
    journey_id: str


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Step(Element):
    journey_id: str
    position: int  # 0-based, in the order the customer lives the steps
    stage: Stage | None = None
    channel: Channel | None = None
    customer: str | None = None
    evidence: str | None = None
    frontstage: tuple[LaneEntry, ...] = ()
    backstage: tuple[LaneEntry, ...] = ()
    support: tuple[LaneEntry, ...] = ()
    emotion: int | None = None
    moment_of_truth: bool = False
    pain_points: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()
    offers: tuple[Offer, ...] = ()
    delay_risk: bool = False
    proactive: ProactiveNotice | None = None
    context: str | None = None  # carried | lost: whether the customer's history is seen here
    next_ids: tuple[str, ...] | None = None  # None: the following step

    # Whether the step is staffed, and whether it is a notice, worked out on first use:
    # hand-offs, coverage, figures and several rules ask it of every step, several times.
    _staffed: bool | None = field(default=None, init=False, repr=False)
    _is_notice: bool | None = field(default=None, init=False, repr=False)

    @property
    def ref(self) -> str:
        """How the step is named from outside its journey: journey-id/step-id."""
        return f"{self.journey_id}/{self.id}"

    @property
    def is_touchpoint(self) -> bool:
        return self.channel is not None

    @property
    def is_notice(self) -> bool:
        """A notice the company sends (a touchpoint on a channel for notices: a shipping SMS,
        a push message) that is no moment of truth and where customers raise no problem:
        they are told something there, not served or asked, so no listening post is
        expected to hear it (CX101, CX103 and the coverage figures leave it out unless a
        post does hear it). Where customers do raise a problem (they reply to the SMS to
        change the slot), they act there, and it is a touchpoint like any other."""
        known = self._is_notice
        if known is None:
            channel = self.channel
            known = channel is not None and channel.for_notices and not self.moment_of_truth \
                and not self.problems
            object.__setattr__(self, "_is_notice", known)
        return known

    @property
    def is_back_office(self) -> bool:
        """A step with no channel and no customer action, only work the company does (the
        frontstage, backstage or support lanes): dispatching a ticket, planning a route. A
        step with no channel otherwise is the customer's own action."""
        return self.channel is None and not self.customer and \
            bool(self.frontstage or self.backstage or self.support)

    @property
    def automated(self) -> bool:
        """Systems alone serve the customer here: every frontstage entry is a system's."""
        return bool(self.frontstage) and all(entry.automated for entry in self.frontstage)

    @property
    def staffed(self) -> bool:
        """A department's people serve the customer at this touchpoint: its channel is not a
        notice or self-service channel (Channel.served_by_people: people the company sends,
        an engineer's visit or an agent's call-back, count), and its frontstage is not
        systems alone. Where the customer is passed from one department's people to
        another's is a hand-off (CX601)."""
        known = self._staffed
        if known is None:
            channel = self.channel
            known = channel is not None and channel.served_by_people and not self.automated
            object.__setattr__(self, "_staffed", known)
        return known

    @property
    def responsible(self) -> Department | None:
        """The first frontstage actor, else the channel's owner."""
        for entry in self.frontstage:
            if entry.actor is not None:
                return entry.actor
        return self.channel.owner if self.channel is not None else None


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Journey(Element):
    persona: Persona | None = None
    goal: str | None = None
    owner: Department | None = None
    state: str | None = None  # current | future
    targets: tuple[Target, ...] = ()
    stages: tuple[Stage, ...] = ()
    steps: tuple[Step, ...] = ()

    # Steps by id, made on first use (a journey can have thousands of steps, and successors()
    # looks steps up by id for every `next`).
    _by_id: dict[str, Step] = field(default_factory=dict, init=False, repr=False)
    # Its touchpoints and channels, made on first use: rules and figures ask for them
    # thousands of times.
    _touchpoints: tuple[Step, ...] | None = field(default=None, init=False, repr=False)
    _channels: tuple[Channel, ...] | None = field(default=None, init=False, repr=False)

    def step(self, step_id: str) -> Step | None:
        by_id = self._by_id
        if not by_id and self.steps:
            for step in reversed(self.steps):  # the first of equal ids wins
                by_id[step.id] = step
        return by_id.get(step_id)

    def successors(self, step: Step) -> tuple[Step, ...]:
        """The steps that follow ``step``: its ``next`` list, else the following step."""
        if step.next_ids is not None:
            found = (self.step(i) for i in step.next_ids)
            return tuple(s for s in found if s is not None)
        following = step.position + 1
        return (self.steps[following],) if following < len(self.steps) else ()

    @property
    def touchpoints(self) -> tuple[Step, ...]:
        found = self._touchpoints
        if found is None:
            found = tuple(step for step in self.steps if step.channel is not None)
            object.__setattr__(self, "_touchpoints", found)
        return found

    @property
    def channels(self) -> tuple[Channel, ...]:
        """The channels this journey uses, in order of first use."""
        found = self._channels
        if found is None:
            seen: dict[int, Channel] = {}
            for step in self.steps:
                if step.channel is not None:
                    seen.setdefault(id(step.channel), step.channel)
            found = tuple(seen.values())
            object.__setattr__(self, "_channels", found)
        return found


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PostMetric:
    """A metric a listening post collects, with the scale and question it really uses."""

    metric: Metric
    scale_override: Scale | None = None
    question_override: str | None = None
    span: Span

    @property
    def scale(self) -> Scale | None:
        return self.scale_override if self.scale_override is not None else self.metric.scale

    @property
    def question(self) -> str | None:
        return self.question_override if self.question_override is not None \
            else self.metric.question


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Covers:
    channels: tuple[Channel, ...] = ()
    touchpoints: tuple[Step, ...] = ()
    journeys: tuple[Journey, ...] = ()
    relationship: bool = False  # the relationship with the company as a whole

    @property
    def empty(self) -> bool:
        return not (self.channels or self.touchpoints or self.journeys or self.relationship)

    @property
    def contacts(self) -> bool:
        """The post hears particular contacts: it covers channels or touchpoints."""
        return bool(self.channels or self.touchpoints)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class InnerLoop:
    """Follow-up with the individual customer who gave feedback."""

    owner: Department | None = None
    within: str | None = None
    within_seconds: float | None = None
    within_unit: Unit | None = None  # the unit it is written in, to be said back in
    via: tuple[Channel, ...] = ()
    may: tuple[str, ...] = ()  # reopen-case | escalate | compensate | refund
    compensation_up_to: str | None = None
    span: Span
    source: Any = field(default=None, repr=False)  # the YMap it came from, for field spans

    def field_span(self, key: str) -> Span:
        """Where a key of the inner loop is written (the loop itself if it is missing)."""
        if self.source is not None and key in self.source:
            span: Span = self.source.value_span(key)
            return span
        return self.span

    @property
    def can_escalate(self) -> bool:
        return "escalate" in self.may

    @property
    def complete(self) -> bool:
        return self.owner is not None and self.within is not None and bool(self.via)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class OuterLoop:
    """The tactical loop: results shared with the departments that own what was measured."""

    share_with: tuple[Department, ...] = ()
    cadence: str | None = None
    span: Span


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Theme(Element):
    """A theme a listening post produces (what customers talk about), with the problems it
    points at. Its id is unique within its post."""

    post_id: str
    problems: tuple[Problem, ...] = ()

    @property
    def ref(self) -> str:
        """How the theme is named from outside its post: post-id/theme-id."""
        return f"{self.post_id}/{self.id}"


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class ListeningPost(Element):
    method: str | None = None
    anonymous: bool = False  # answers cannot be traced to the customer: no inner loop
    owner: Department | None = None
    metrics: tuple[PostMetric, ...] = ()
    covers: Covers = field(default_factory=Covers)
    themes: tuple[Theme, ...] = ()
    inner_loop: InnerLoop | None = None
    outer_loop: OuterLoop | None = None
    # What good looks like for what it measures as a whole (a relationship study's NPS):
    # judged against the results recorded for the post itself.
    targets: tuple[Target, ...] = ()


@dataclass(slots=True, kw_only=True, eq=False)
class Result:
    """A measured value of a metric in one period for one subject (a channel, a journey, a
    touchpoint or everything a post covers), resting on ``responses`` answers. (Not frozen,
    unlike the elements: a year of results is tens of thousands of them, and a frozen
    dataclass takes three times as long to make. Nothing changes one once built.)"""

    metric: Metric
    period: str  # 2026-11, 2026-Q4, 2026-H2 or 2026
    value: float
    responses: int | None = None
    channel: Channel | None = None
    journey: Journey | None = None
    step: Step | None = None
    post: ListeningPost | None = None
    listening_post: ListeningPost | None = None  # where it came from
    subjects: int = 1  # how many of channel, journey, step and post it names (one is right)
    source: Any = field(repr=False)  # the entry as read (a YMap): where it is written

    @property
    def span(self) -> Span:
        """Where the entry is written (worked out when asked: few results are ever
        located, a finding's)."""
        found: Span = self.source.span()
        return found

    @property
    def subject(self) -> Element | None:
        return self.channel or self.journey or self.step or self.post

    def field_span(self, key: str) -> Span:
        """Where a field of this result is written (the entry itself if it is missing)."""
        return field_span(self.source, key, self.span)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Action(Element):
    """An improvement action: what is done (``name`` is its title), by whom, about what
    (one origin: a finding's fingerprint, a problem, a listening post or a theme), by when,
    and where it stands."""

    owner: Department | None = None
    finding: str | None = None
    problem: Problem | None = None
    listening_post: ListeningPost | None = None
    theme: Theme | None = None
    due: str | None = None  # 2027-01-31
    status: str = "open"  # open | in-progress | done | dropped
    expected: Target | None = None

    @property
    def finished(self) -> bool:
        return self.status in ("done", "dropped")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class HandOff:
    """Between a touchpoint and the next touchpoint the customer reaches (customer-only
    steps in between are skipped), the channel or the responsible department changes."""

    journey: Journey
    source: Step
    target: Step
    channel_changes: bool
    department_changes: bool


# weakref_slot: analyses remember what they worked out per model (analyze/standing.py).
@dataclass(frozen=True, slots=True, kw_only=True, eq=False, weakref_slot=True)
class Workspace:
    """The whole model, with lookups by id and the derived facts the rules rely on."""

    departments: tuple[Department, ...]
    channels: tuple[Channel, ...]
    metrics: tuple[Metric, ...]
    personas: tuple[Persona, ...]
    problems: tuple[Problem, ...]
    offers: tuple[Offer, ...]
    listening_posts: tuple[ListeningPost, ...]
    journeys: tuple[Journey, ...]
    files: tuple[str, ...]
    covered_by: Mapping[Step, tuple[ListeningPost, ...]]  # by name or by channel
    named_by: Mapping[Step, tuple[ListeningPost, ...]]  # in covers.touchpoints
    handoffs: tuple[HandOff, ...]
    journey_handoffs: Mapping[Journey, tuple[HandOff, ...]]  # the same, by journey
    # Hand-offs between departments' people (CX601): between a staffed touchpoint and the
    # next staffed touchpoints the customer reaches, where the department changes.
    staff_handoffs: Mapping[Journey, tuple[HandOff, ...]]
    # Each staffed touchpoint with the next staffed touchpoints the customer reaches, the
    # department changing or not: the paths CX601 counts hand-offs along.
    staff_moves: Mapping[Journey, tuple[tuple[Step, Step], ...]]
    # Metric used on a channel: collected by a post that covers the channel, or covers a
    # touchpoint in that channel. Channels absent here are measured by no post at all.
    channel_metrics: Mapping[Channel, tuple[Metric, ...]]
    channel_posts: Mapping[Channel, tuple[ListeningPost, ...]]
    # For each channel that a post asking customers (a survey, an interview, or a post with
    # no method) covers as a whole (covers.channels): the metrics such posts collect.
    asked_metrics: Mapping[Channel, tuple[Metric, ...]]
    by_id: Mapping[str, Mapping[str, Element]]  # kind ("channel") -> id -> element
    results: tuple[Result, ...] = ()
    actions: tuple[Action, ...] = ()
    # Per file, where a plain text would end before a comment that may have cut it short
    # (loader/comments.py: position -> the comment), for CX704.
    comment_cuts: Mapping[str, Mapping[int, str]] = field(default_factory=dict)

    def _get(self, kind: str, ident: str, cls: type[E]) -> E | None:
        found = self.by_id.get(kind, {}).get(ident)
        return found if isinstance(found, cls) else None

    def department(self, ident: str) -> Department | None:
        return self._get("department", ident, Department)

    def channel(self, ident: str) -> Channel | None:
        return self._get("channel", ident, Channel)

    def metric(self, ident: str) -> Metric | None:
        return self._get("metric", ident, Metric)

    def journey(self, ident: str) -> Journey | None:
        return self._get("journey", ident, Journey)

    def listening_post(self, ident: str) -> ListeningPost | None:
        return self._get("listening post", ident, ListeningPost)

    def offer_journeys(self, offer: Offer) -> tuple[Journey, ...]:
        found = (self.journey(i) for i in offer.journey_ids)
        return tuple(j for j in found if j is not None)

    def posts_covering(self, step: Step) -> tuple[ListeningPost, ...]:
        return self.covered_by.get(step, ())

    def is_covered(self, step: Step) -> bool:
        return bool(self.covered_by.get(step))

    def to_be_heard(self, step: Step) -> bool:
        """Whether a touchpoint counts in coverage: every touchpoint but a notice
        (Step.is_notice) that no post hears; a notice a post does hear counts as heard."""
        return not step.is_notice or bool(self.covered_by.get(step))

    def is_measured(self, channel: Channel) -> bool:
        """Some post covers the channel, or a touchpoint in it."""
        return bool(self.channel_posts.get(channel))

    def metrics_on(self, channel: Channel) -> tuple[Metric, ...]:
        return self.channel_metrics.get(channel, ())

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for journey in self.journeys for step in journey.steps)

