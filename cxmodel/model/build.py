"""The build stage: validated YAML data -> the frozen model, references resolved and the
derived facts (coverage of each step, hand-offs) computed. No checks here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

from cxmodel import durations
from cxmodel.loader.nodes import YList, YMap, value_span
from cxmodel.model import (
    Action,
    Channel,
    Covers,
    Department,
    Element,
    HandOff,
    InnerLoop,
    Journey,
    LaneEntry,
    ListeningPost,
    Metric,
    Offer,
    OuterLoop,
    Persona,
    PostMetric,
    ProactiveNotice,
    Problem,
    Result,
    Scale,
    Stage,
    Step,
    Target,
    Theme,
    Workspace,
)
from cxmodel.model.facts import asks_customers

E = TypeVar("E", bound=Element)


def _lookup(known: Mapping[str, Any], ident: Any) -> Any:
    """An element by its id, None for an id that is not text (a list written by mistake)."""
    return known.get(ident) if isinstance(ident, str) else None


def _items(root_or_element: Any, key: str) -> Iterator[Any]:
    value = root_or_element.get(key) if isinstance(root_or_element, dict) else None
    if isinstance(value, list):
        yield from value


def _ids(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _common(data: YMap) -> dict[str, Any]:
    waive = data.get("waive")
    return {
        "id": data["id"],
        "name": data.get("name") or data["id"],
        "description": data.get("description"),
        "tags": tuple(data.get("tags") or ()),
        "waivers": MappingProxyType(dict(waive)) if isinstance(waive, dict) else
        MappingProxyType({}),
        "span": data.span(),
        "source": data,
    }


def _scale(value: Any) -> Scale | None:
    if isinstance(value, dict) and "min" in value and "max" in value:
        return Scale(min=value["min"], max=value["max"])
    return None


class _Builder:
    def __init__(self) -> None:
        self.by_id: dict[str, dict[str, Any]] = {}

    def add(self, kind: str, element: E) -> E:
        self.by_id.setdefault(kind, {}).setdefault(element.id, element)
        return element

    def get(self, kind: str, ident: Any) -> Any:
        return self.by_id.get(kind, {}).get(ident) if isinstance(ident, str) else None

    def many(self, kind: str, value: Any) -> tuple[Any, ...]:
        found = (self.get(kind, ident) for ident in _ids(value))
        return tuple(element for element in found if element is not None)

    def build(self, roots: list[YMap], files: tuple[str, ...],
              comment_cuts: Mapping[str, Mapping[int, str]]) -> Workspace:
        departments = [self.add("department", Department(**_common(d), kind=d.get("kind")))
                       for root in roots for d in _items(root, "departments")]
        metrics = [self.add("metric", self._metric(m)) for root in roots
                   for m in _items(root, "metrics")]
        channels = [self.add("channel", self._channel(c)) for root in roots
                    for c in _items(root, "channels")]
        personas = [self.add("persona", Persona(**_common(p))) for root in roots
                    for p in _items(root, "personas")]
        problems = [self.add("problem", Problem(
            **_common(p), resolvable_in=self.many("channel", p.get("resolvable_in")),
            owner=self.get("department", p.get("owner")))) for root in roots
            for p in _items(root, "problems")]
        offers = [self.add("offer", Offer(**_common(o), journey_ids=_ids(o.get("journeys")),
                                          channels=self.many("channel", o.get("channels"))))
                  for root in roots for o in _items(root, "offers")]
        journeys = [self.add("journey", self._journey(j)) for root in roots
                    for j in _items(root, "journeys")]
        posts = [self.add("listening post", self._post(p)) for root in roots
                 for p in _items(root, "listening_posts")]
        covered_by, named_by = _coverage(journeys, posts)
        channel_posts = _channel_posts(posts)
        journey_handoffs = {journey: tuple(handoffs(journey)) for journey in journeys}
        moves = {journey: tuple(_next_of(journey, _is_staffed)) for journey in journeys}
        staff = {journey: tuple(staff_handoffs(journey, moves[journey]))
                 for journey in journeys}
        metric_order = {metric: index for index, metric in enumerate(metrics)}
        return Workspace(
            departments=tuple(departments), channels=tuple(channels), metrics=tuple(metrics),
            personas=tuple(personas), problems=tuple(problems), offers=tuple(offers),
            listening_posts=tuple(posts), journeys=tuple(journeys), files=files,
            covered_by=MappingProxyType(covered_by), named_by=MappingProxyType(named_by),
            handoffs=tuple(h for found in journey_handoffs.values() for h in found),
            journey_handoffs=MappingProxyType(journey_handoffs),
            staff_handoffs=MappingProxyType(staff),
            staff_moves=MappingProxyType(moves),
            channel_posts=MappingProxyType(channel_posts),
            # In the order the workspace defines the metrics, whatever posts' order.
            channel_metrics=MappingProxyType({
                channel: tuple(sorted(_unique(m.metric for post in found for m in post.metrics),
                                      key=lambda m: metric_order.get(m, len(metric_order))))
                for channel, found in channel_posts.items()}),
            asked_metrics=MappingProxyType(_asked_metrics(posts)),
            by_id=MappingProxyType({k: MappingProxyType(v) for k, v in self.by_id.items()}),
            comment_cuts=MappingProxyType(dict(comment_cuts)),
            results=tuple(r for root in roots for r in self._results(root, journeys)),
            actions=tuple(self.add("action", self._action(a)) for root in roots
                          for a in _items(root, "actions") if isinstance(a, YMap)),
        )

    def _results(self, root: YMap, journeys: list[Journey]) -> Iterator[Result]:
        # A year of monthly results is tens of thousands of entries: the lookups are bound
        # once here, and only the keys an entry has are looked up.
        by_id = {journey.id: journey for journey in journeys}
        metrics = self.by_id.get("metric", {})
        channels = self.by_id.get("channel", {})
        posts = self.by_id.get("listening post", {})
        for data in _items(root, "results"):
            if not isinstance(data, YMap):
                continue
            metric = _lookup(metrics, data.get("metric"))
            if metric is None:
                continue
            channel = journey = step = post = source = None
            subjects = 0
            if "channel" in data:
                subjects += 1
                channel = _lookup(channels, data["channel"])
            if "journey" in data:
                subjects += 1
                journey = self.get("journey", data["journey"])
            if "step" in data:
                subjects += 1
                ref = data["step"]
                if isinstance(ref, str) and "/" in ref:
                    journey_id, _, step_id = ref.partition("/")
                    owner = by_id.get(journey_id)
                    step = owner.step(step_id) if owner is not None else None
            if "post" in data:
                subjects += 1
                post = _lookup(posts, data["post"])
            if "listening_post" in data:
                source = _lookup(posts, data["listening_post"])
            value = data.get("value")
            responses = data.get("responses")
            yield Result(
                metric=metric, period=str(data.get("period")),
                value=float(value) if isinstance(value, int | float) else 0.0,
                responses=responses if isinstance(responses, int) else None,
                channel=channel, journey=journey, step=step, post=post,
                listening_post=source, subjects=subjects, source=data)

    def _action(self, data: YMap) -> Action:
        found = data.get("origin")
        origin: dict[str, Any] = found if isinstance(found, dict) else {}
        theme = None
        ref = origin.get("theme")
        if isinstance(ref, str) and "/" in ref:
            post_id, _, theme_id = ref.partition("/")
            post = self.get("listening post", post_id)
            theme = next((t for t in post.themes if t.id == theme_id), None) if post else None
        expected = data.get("expected")
        target = None
        if isinstance(expected, YMap):
            metric = self.get("metric", expected.get("metric"))
            if metric is not None:
                target = Target(metric=metric, min=expected.get("min"),
                                max=expected.get("max"), span=expected.span())
        common = _common(data)
        common["name"] = data.get("title") or data["id"]
        finding = origin.get("finding")
        return Action(**common, owner=self.get("department", data.get("owner")),
                      finding=finding if isinstance(finding, str) else None,
                      problem=self.get("problem", origin.get("problem")),
                      listening_post=self.get("listening post", origin.get("listening_post")),
                      theme=theme, due=data.get("due"), status=data.get("status") or "open",
                      expected=target)

    def _metric(self, data: YMap) -> Metric:
        return Metric(**_common(data), kind=data.get("kind"), dimension=data.get("dimension"),
                      scope=data.get("scope"), scale=_scale(data.get("scale")),
                      unit=data.get("unit"), question=data.get("question"),
                      incentive_for=self.many("department", data.get("incentive_for")),
                      incentive_span=value_span(data, "incentive_for")
                      if "incentive_for" in data else None)

    def _targets(self, data: YMap) -> tuple[Target, ...]:
        targets = []
        for index, target in enumerate(_items(data, "targets")):
            metric = self.get("metric", target.get("metric"))
            if metric is not None:
                targets.append(Target(metric=metric, min=target.get("min"),
                                      max=target.get("max"),
                                      incentive_for=self.many("department",
                                                              target.get("incentive_for")),
                                      span=value_span(data["targets"], index)))
        return tuple(targets)

    def _channel(self, data: YMap) -> Channel:
        targets = self._targets(data)
        return Channel(**_common(data), kind=data.get("kind"), mode=data.get("mode"),
                       presence=data.get("presence"), purpose=data.get("purpose"),
                       owner=self.get("department", data.get("owner")),
                       co_owners=self.many("department", data.get("co_owners")),
                       targets=targets)

    def _lane(self, step: YMap, key: str) -> tuple[LaneEntry, ...]:
        value = step.get(key)
        if value is None:
            return ()
        entries = value if isinstance(value, list) else [value]
        container = value if isinstance(value, YList) else None
        result = []
        for index, entry in enumerate(entries):
            at = (container, index) if container is not None else (step, key)
            if isinstance(entry, str):
                result.append(LaneEntry(action=entry, at=at))
            elif isinstance(entry, dict):
                result.append(LaneEntry(actor=self.get("department", entry.get("actor")),
                                        action=entry.get("action"), system=entry.get("system"),
                                        at=at))
        return tuple(result)

    def _journey(self, data: YMap) -> Journey:
        journey_id = data["id"]
        stages = {s["id"]: Stage(**_common(s), journey_id=journey_id)
                  for s in _items(data, "stages")}
        steps = []
        for position, step in enumerate(_items(data, "steps")):
            proactive = step.get("proactive")
            notice = None
            if isinstance(proactive, dict):
                notice = ProactiveNotice(channel=self.get("channel", proactive.get("channel")),
                                         message=proactive.get("message"),
                                         span=value_span(step, "proactive"))
            steps.append(Step(
                **_common(step), journey_id=journey_id, position=position,
                stage=stages.get(step.get("stage")) if isinstance(step.get("stage"), str)
                else None,
                channel=self.get("channel", step.get("channel")),
                customer=step.get("customer"), evidence=step.get("evidence"),
                frontstage=self._lane(step, "frontstage"),
                backstage=self._lane(step, "backstage"),
                support=self._lane(step, "support"),
                emotion=step.get("emotion"),
                moment_of_truth=step.get("moment_of_truth") is True,
                pain_points=tuple(step.get("pain_points") or ()),
                problems=self.many("problem", step.get("problems")),
                offers=self.many("offer", step.get("offers")),
                delay_risk=step.get("delay_risk") is True,
                proactive=notice,
                context=step.get("context"),
                next_ids=_ids(step["next"]) if "next" in step else None,
            ))
        return Journey(**_common(data), persona=self.get("persona", data.get("persona")),
                       goal=data.get("goal"), owner=self.get("department", data.get("owner")),
                       state=data.get("state"), targets=self._targets(data),
                       stages=tuple(stages.values()),
                       steps=tuple(steps))

    def _touchpoint(self, ref: str) -> Step | None:
        journey_id, _, step_id = ref.partition("/")
        journey = self.get("journey", journey_id)
        return journey.step(step_id) if isinstance(journey, Journey) else None

    def _post(self, data: YMap) -> ListeningPost:
        metrics = []
        for index, entry in enumerate(_items(data, "metrics")):
            span = value_span(data["metrics"], index)
            if isinstance(entry, str):
                metric = self.get("metric", entry)
                if metric is not None:
                    metrics.append(PostMetric(metric=metric, span=span))
            elif isinstance(entry, dict):
                metric = self.get("metric", entry.get("metric"))
                if metric is not None:
                    metrics.append(PostMetric(metric=metric,
                                              scale_override=_scale(entry.get("scale")),
                                              question_override=entry.get("question"),
                                              span=span))
        covers_data: Any = data.get("covers") if isinstance(data.get("covers"), dict) else {}
        touchpoints = (self._touchpoint(r) for r in _ids(covers_data.get("touchpoints")))
        covers = Covers(channels=self.many("channel", covers_data.get("channels")),
                        touchpoints=tuple(s for s in touchpoints if s is not None),
                        journeys=self.many("journey", covers_data.get("journeys")),
                        relationship=covers_data.get("relationship") is True)
        loop: Any = data.get("closed_loop") if isinstance(data.get("closed_loop"), dict) else {}
        inner = outer = None
        if isinstance(loop.get("inner"), dict):
            raw = loop["inner"]
            within = raw.get("within")
            written = within if isinstance(within, str) else None
            inner = InnerLoop(owner=self.get("department", raw.get("owner")), within=within,
                              within_seconds=durations.seconds(written) if written else None,
                              within_unit=durations.unit(written),
                              via=self.many("channel", raw.get("via")),
                              may=_ids(raw.get("may")),
                              compensation_up_to=raw.get("compensation_up_to"),
                              span=value_span(loop, "inner"), source=raw)
        if isinstance(loop.get("outer"), dict):
            raw = loop["outer"]
            outer = OuterLoop(share_with=self.many("department", raw.get("share_with")),
                              cadence=raw.get("cadence"), span=value_span(loop, "outer"))
        themes: dict[str, Theme] = {}
        for theme in _items(data, "themes"):
            if isinstance(theme, YMap) and isinstance(theme.get("id"), str):
                themes.setdefault(theme["id"], Theme(
                    **_common(theme), post_id=data["id"],
                    problems=self.many("problem", theme.get("problems"))))
        return ListeningPost(**_common(data), method=data.get("method"),
                             anonymous=data.get("anonymous") is True,
                             owner=self.get("department", data.get("owner")),
                             metrics=tuple(metrics), covers=covers,
                             themes=tuple(themes.values()), inner_loop=inner,
                             outer_loop=outer, targets=self._targets(data))


def _coverage(journeys: list[Journey], posts: list[ListeningPost]
              ) -> tuple[dict[Step, tuple[ListeningPost, ...]],
                         dict[Step, tuple[ListeningPost, ...]]]:
    # Ordered sets (dicts), not lists: with many posts on one channel, membership tests on
    # lists make this quadratic.
    by_channel: dict[int, dict[ListeningPost, None]] = {}
    named: dict[Step, dict[ListeningPost, None]] = {}
    for post in posts:
        for channel in post.covers.channels:
            by_channel.setdefault(id(channel), {})[post] = None
        for step in post.covers.touchpoints:
            named.setdefault(step, {})[post] = None
    # The steps of a channel that no post names share one tuple.
    of_channel = {channel: tuple(found) for channel, found in by_channel.items()}
    covered: dict[Step, tuple[ListeningPost, ...]] = {}
    for journey in journeys:
        for step in journey.steps:
            if step.channel is None:
                continue
            here = named.get(step)
            found = (of_channel.get(id(step.channel), ()) if here is None
                     else tuple({**here, **by_channel.get(id(step.channel), {})}))
            if found:
                covered[step] = found
    return covered, {step: tuple(found) for step, found in named.items()}


def _channel_posts(posts: list[ListeningPost]) -> dict[Channel, tuple[ListeningPost, ...]]:
    found: dict[Channel, dict[ListeningPost, None]] = {}
    for post in posts:
        channels = list(post.covers.channels)
        channels.extend(s.channel for s in post.covers.touchpoints if s.channel is not None)
        for channel in channels:
            found.setdefault(channel, {})[post] = None
    return {channel: tuple(bucket) for channel, bucket in found.items()}


def _asked_metrics(posts: list[ListeningPost]) -> dict[Channel, tuple[Metric, ...]]:
    """For each channel a post asking customers covers as a whole (covers.channels), the
    metrics such posts collect."""
    found: dict[Channel, dict[Metric, None]] = {}
    for post in posts:
        if asks_customers(post):
            for channel in post.covers.channels:
                found.setdefault(channel, {}).update(dict.fromkeys(m.metric for m in post.metrics))
    return {channel: tuple(metrics) for channel, metrics in found.items()}


def _unique(items: Iterator[E]) -> tuple[E, ...]:
    return tuple(dict.fromkeys(items))


def handoffs(journey: Journey) -> Iterator[HandOff]:
    """Hand-offs between each touchpoint and the next touchpoints the customer reaches
    (customer-only steps in between are passed through), where the channel changes, or the
    responsible department changes between two staffed touchpoints (between a notice and
    the app, say, no department's people take anything over)."""
    for step, following in _next_of(journey, _is_touchpoint):
        channel_changes = following.channel is not step.channel
        department_changes = following.responsible is not step.responsible \
            and step.staffed and following.staffed
        if channel_changes or department_changes:
            yield HandOff(journey=journey, source=step, target=following,
                          channel_changes=channel_changes,
                          department_changes=department_changes)


def staff_handoffs(journey: Journey, moves: Iterable[tuple[Step, Step]]) -> Iterator[HandOff]:
    """Hand-offs between departments' people: of the ``moves`` from each staffed touchpoint
    to the next staffed touchpoints the customer reaches (passing through customer-only
    steps, notices, self-service and automated touchpoints: Workspace.staff_moves), those
    where the responsible department changes. The customer's own moves between
    self-service channels, and notices, are no hand-off."""
    for step, following in moves:
        if following.responsible is not step.responsible:
            yield _staff_handoff(journey, step, following)


def _staff_handoff(journey: Journey, source: Step, target: Step) -> HandOff:
    """A hand-off between two departments' people."""
    return HandOff(journey=journey, source=source, target=target,
                   channel_changes=target.channel is not source.channel,
                   department_changes=True)


def longest_staff_path(journey: Journey, moves: Iterable[tuple[Step, Step]]
                       ) -> tuple[HandOff, ...]:
    """The hand-offs between departments' people on the path through the journey that has
    the most of them (``moves``: its Workspace.staff_moves): what one customer goes
    through at worst (CX601). Branches are alternatives, not added up; a loop is followed
    up to the step that would close it (going round is CX604's). Of paths with as many,
    the one whose steps come first."""
    edges: dict[Step, list[Step]] = {}
    for step, following in moves:
        edges.setdefault(step, []).append(following)
    # Depth-first from the steps in their order, noting where each search leaves a step:
    # an edge back to a step whose search is still open closes a loop and is not followed.
    order: list[Step] = []
    state: dict[Step, bool] = {}  # False: open; True: done
    back: set[tuple[Step, Step]] = set()
    for root in journey.steps:
        if root in state or not _is_staffed(root):
            continue
        state[root] = False
        work = [(root, iter(edges.get(root, ())))]
        while work:
            step, children = work[-1]
            for child in children:
                if child not in state:
                    state[child] = False
                    work.append((child, iter(edges.get(child, ()))))
                    break
                if state[child] is False:
                    back.add((step, child))
            else:
                state[step] = True
                order.append(step)  # after all it leads to
                work.pop()
    best: dict[Step, tuple[int, Step | None]] = {}
    for step in order:  # each after the steps it leads to
        count, then = 0, None
        for following in edges.get(step, ()):
            if (step, following) in back:
                continue
            gained = best[following][0] + (following.responsible is not step.responsible)
            if gained > count:
                count, then = gained, following
        best[step] = (count, then)
    at = max(order, key=lambda s: (best[s][0], -s.position), default=None)
    path: list[HandOff] = []
    while at is not None:
        then = best[at][1]
        if then is not None and then.responsible is not at.responsible:
            path.append(_staff_handoff(journey, at, then))
        at = then
    return tuple(path)


def _is_touchpoint(step: Step) -> bool:
    return step.channel is not None


def _is_staffed(step: Step) -> bool:
    return step.staffed


def _next_of(journey: Journey, stop: Callable[[Step], bool]) -> Iterator[tuple[Step, Step]]:
    """Each step where ``stop`` holds, with each next such step the customer reaches: its
    own next ones in the order of ``next``, then those it reaches through steps where
    ``stop`` does not hold, in the order of the steps."""
    steps = journey.steps
    stops = [stop(step) for step in steps]
    through = _reach_through(journey, stops)
    for step in steps:
        if not stops[step.position]:
            continue
        direct: dict[Step, None] = {}
        reached = 0
        for following in journey.successors(step):
            if stops[following.position]:
                direct[following] = None
            else:
                reached |= through[following.position]
        for following in direct:
            reached &= ~(1 << following.position)
        reached &= ~(1 << step.position)  # a loop back to the step is no hand-off
        later = []
        while reached:
            lowest = reached & -reached
            later.append(steps[lowest.bit_length() - 1])
            reached ^= lowest
        for following in [*direct, *later]:
            if following is not step:
                yield step, following


def _reach_through(journey: Journey, stops: list[bool]) -> dict[int, int]:
    """For each step passed through (by position: ``stops`` false), the stopping steps the
    customer reaches from it through steps passed through, as a bit set of positions.

    One pass over the passed-through steps' strongly connected components (Tarjan's
    algorithm, iterative), each component's set made from its successors' sets, which are
    done first. A search from every stopping step instead was quadratic: such steps times
    the length of the stretch they lead into."""
    steps = journey.steps
    successors = {step.position: [s.position for s in journey.successors(step)]
                  for step in steps if not stops[step.position]}
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    reach: dict[int, int] = {}
    for root in successors:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, next_child = work[-1]
            if next_child == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            children = successors[node]
            while next_child < len(children):
                child = children[next_child]
                next_child += 1
                if child not in successors:  # a stopping step
                    continue
                if child not in index:
                    work[-1] = (node, next_child)
                    work.append((child, 0))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
                if low[node] == index[node]:
                    members = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        members.append(member)
                        if member == node:
                            break
                    inside = set(members)
                    bits = 0
                    for member in members:
                        for child in successors[member]:
                            if child not in successors:
                                bits |= 1 << child
                            elif child not in inside:
                                bits |= reach[child]
                    for member in members:
                        reach[member] = bits
                continue
    return reach


def build(roots: list[YMap], files: tuple[str, ...],
          comment_cuts: Mapping[str, Mapping[int, str]] | None = None) -> Workspace:
    """The model of the parsed files; ``comment_cuts`` (per file, where a comment may have
    cut a text short: loader/comments.py) is kept for CX704."""
    return _Builder().build(roots, files, comment_cuts or {})
