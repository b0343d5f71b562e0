"""Ids and references: duplicate ids (CX004) and references that name nothing (CX005).

Ids are unique within their kind across the workspace; stage and step ids are unique
within their journey (a step is named from outside as journey-id/step-id)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cxmodel.diagnostics import Diagnostic, Fix, Related, loading_diagnostic, replace_with_id
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YList, YMap, value_span
from cxmodel.loader.parse import too_many_problems
from cxmodel.messages.text import Name, Text
from cxmodel.suggest import Budget, Suggester, either, folded_name, listed_ids
from cxmodel.text import shown
from cxmodel.validate.reference_wording import (
    BY_NAME,
    BY_NAME_HINT,
    DUPLICATE,
    POST_THEME,
    SEVERAL_IDS_HINT,
    TOUCHPOINT_STEP,
    UNKNOWN,
    Unknown,
)
from cxmodel.validate.sections import NAMED, OF, RESULT, SECTIONS

# A touchpoint reference as the schema's touchpointRef pattern has it.
_TOUCHPOINT = re.compile(r"[^\s/#]+/[^\s/#]+")

# The section of a journey that holds its stages, its steps.
LOCAL = {"stage": "stages", "step": "steps"}

# The kind of element that holds an element of a kind that is not a journey's (a theme is
# its listening post's).
PARENT = {"theme": "listening post"}

# Where a reference is: the kind and the element it is in (and for a step or a theme, the
# journey or listening post holding it).
# Said in words only for a reference that names nothing.
Owner = tuple[str, YMap, YMap | None]


class Reference(NamedTuple):
    """One place in the model that names another element (a named tuple: there is one per
    reference, tens of thousands in a large workspace, and tuples are made fastest)."""

    kind: str  # department, channel, ..., stage, step (journey-local), touchpoint
    target: str
    container: YMap | YList
    key: str | int
    where: Owner  # (step, the step, its journey): "step 'pay' of journey 'online-order'"
    journey: YMap | None = None  # for stage and step references


def id_elements(section: Any) -> Iterator[YMap]:
    """The mappings with an id in a list (a section, or a journey's steps)."""
    if isinstance(section, YList):
        for item in section:
            if isinstance(item, YMap) and isinstance(item.get("id"), str):
                yield item


def _name(kind: str, element: YMap) -> Owner:
    return (kind, element, None)


def where_text(owner: Owner) -> Text:
    """"step 'pay' of journey 'online-order'": where a reference is, in words."""
    kind, element, journey = owner
    if kind == "result":
        metric = element.get("metric")
        return RESULT[0](metric=Name(metric if isinstance(metric, str) else "?"),
                         period=str(element.get("period", "?")))
    said = NAMED[kind][0](id=Name(element["id"]))
    if journey is None:
        return said
    parent = PARENT.get(kind, "journey")
    return OF(element=said, parent=NAMED[parent][0](id=Name(journey["id"])))


def _refs(container: Any, key: str, kind: str, where: Owner,
          journey: YMap | None = None) -> list[Reference]:
    """References in ``container[key]``: one id, or a list of ids. (A list, not a generator:
    this runs for every possible reference of every step, most of them absent.)"""
    if not isinstance(container, YMap) or key not in container:
        return []
    value = container[key]
    if isinstance(value, str):
        return [Reference(kind, value, container, key, where, journey)]
    if isinstance(value, YList):
        return [Reference(kind, item, value, index, where, journey)
                for index, item in enumerate(value) if isinstance(item, str)]
    return []


def _lane_entries(value: Any) -> Iterator[YMap]:
    if isinstance(value, YMap):
        yield value
    elif isinstance(value, YList):
        for item in value:
            if isinstance(item, YMap):
                yield item


def references(root: YMap) -> Iterator[Reference]:
    """Every reference in one file, in file order."""
    for channel in id_elements(root.get("channels")):
        where = _name("channel", channel)
        yield from _refs(channel, "owner", "department", where)
        yield from _refs(channel, "co_owners", "department", where)
        yield from _target_references(channel, where)
    for metric in id_elements(root.get("metrics")):
        yield from _refs(metric, "incentive_for", "department", _name("metric", metric))
    for problem in id_elements(root.get("problems")):
        where = _name("problem", problem)
        yield from _refs(problem, "owner", "department", where)
        yield from _refs(problem, "resolvable_in", "channel", where)
    for offer in id_elements(root.get("offers")):
        where = _name("offer", offer)
        yield from _refs(offer, "journeys", "journey", where)
        yield from _refs(offer, "channels", "channel", where)
    for post in id_elements(root.get("listening_posts")):
        yield from _post_references(post)
    for journey in id_elements(root.get("journeys")):
        yield from _journey_references(journey)
    yield from _result_references(root)
    for action in id_elements(root.get("actions")):
        where = _name("action", action)
        yield from _refs(action, "owner", "department", where)
        origin = action.get("origin")
        yield from _refs(origin, "problem", "problem", where)
        yield from _refs(origin, "listening_post", "listening post", where)
        yield from _refs(origin, "theme", "post-theme", where)
        yield from _refs(action.get("expected"), "metric", "metric", where)


def _result_references(root: YMap) -> Iterator[Reference]:
    """What each result measures and where it came from (results have no ids)."""
    results = root.get("results")
    if not isinstance(results, YList):
        return
    for result in results:  # tens of thousands in a year of results: kept short
        if not isinstance(result, YMap):
            continue
        where: Owner = ("result", result, None)
        for key in result:
            kind = _RESULT_REFERENCES.get(key)
            if kind is None:
                continue
            value = result[key]
            if value.__class__ is str:
                yield Reference(kind, value, result, key, where, None)
            else:
                yield from _refs(result, key, kind, where)


# The keys of a result that name an element, and the element's kind.
_RESULT_REFERENCES = {"metric": "metric", "channel": "channel", "journey": "journey",
                      "step": "touchpoint", "post": "listening post",
                      "listening_post": "listening post"}


def _target_references(element: YMap, where: Owner) -> Iterator[Reference]:
    """The metric and the departments in the bonus of each of a channel's, a journey's or
    a listening post's targets."""
    targets = element.get("targets")
    if isinstance(targets, YList):
        for target in targets:
            yield from _refs(target, "metric", "metric", where)
            yield from _refs(target, "incentive_for", "department", where)


def _post_references(post: YMap) -> Iterator[Reference]:
    where = _name("listening post", post)
    yield from _refs(post, "owner", "department", where)
    metrics = post.get("metrics")
    if isinstance(metrics, YList):
        for index, entry in enumerate(metrics):
            if isinstance(entry, str):
                yield Reference("metric", entry, metrics, index, where)
            else:
                yield from _refs(entry, "metric", "metric", where)
    covers = post.get("covers")
    yield from _refs(covers, "channels", "channel", where)
    yield from _refs(covers, "touchpoints", "touchpoint", where)
    yield from _refs(covers, "journeys", "journey", where)
    loop = post.get("closed_loop")
    if isinstance(loop, YMap):
        inner = loop.get("inner")
        yield from _refs(inner, "owner", "department", where)
        yield from _refs(inner, "via", "channel", where)
        yield from _refs(loop.get("outer"), "share_with", "department", where)
    for theme in id_elements(post.get("themes")):
        yield from _refs(theme, "problems", "problem", ("theme", theme, post))
    yield from _target_references(post, where)


def _journey_references(journey: YMap) -> Iterator[Reference]:
    where = _name("journey", journey)
    yield from _refs(journey, "persona", "persona", where)
    yield from _refs(journey, "owner", "department", where)
    yield from _target_references(journey, where)
    for step in id_elements(journey.get("steps")):
        at = ("step", step, journey)
        yield from _refs(step, "stage", "stage", at, journey)
        yield from _refs(step, "channel", "channel", at)
        for lane in ("frontstage", "backstage", "support"):
            for entry in _lane_entries(step.get(lane)):
                yield from _refs(entry, "actor", "department", at)
        yield from _refs(step, "problems", "problem", at)
        yield from _refs(step, "offers", "offer", at)
        yield from _refs(step.get("proactive"), "channel", "channel", at)
        yield from _refs(step, "next", "step", at, journey)


@dataclass
class IdIndex:
    """Ids of every kind across the workspace (first definition wins)."""

    ids: dict[str, dict[str, YMap]]

    def known(self, kind: str) -> dict[str, YMap]:
        return self.ids.setdefault(kind, {})


def index_ids(roots: list[YMap]) -> tuple[IdIndex, list[Diagnostic]]:
    index = IdIndex({kind: {} for kind in SECTIONS.values()})
    diagnostics: list[Diagnostic] = []
    for root in roots:
        for section, kind in SECTIONS.items():
            for element in id_elements(root.get(section)):
                _add(index.known(kind), kind, element, None, diagnostics)
    for journey in index.known("journey").values():
        for kind, section in LOCAL.items():
            local: dict[str, YMap] = {}
            for element in id_elements(journey.get(section)):
                _add(local, kind, element, journey, diagnostics)
    for post in index.known("listening post").values():
        themes: dict[str, YMap] = {}
        for element in id_elements(post.get("themes")):
            _add(themes, "theme", element, post, diagnostics)
    return index, diagnostics


def _add(known: dict[str, YMap], kind: str, element: YMap, journey: YMap | None,
         diagnostics: list[Diagnostic]) -> None:
    """Index ``element``, or CX004 when its kind already has its id (across the workspace,
    or within ``journey``)."""
    ident = element["id"]
    first = known.get(ident)
    if first is None:
        known[ident] = element
        return
    first_span = first.value_span("id")
    name = Name(shown(ident))
    words = DUPLICATE[kind]
    place = f"{first_span.file}:{first_span.line}"
    if journey is None:
        said = words.message(id=name, place=place)
    elif kind == "theme":
        said = words.message(id=name, place=place, post=Name(journey["id"]))
    else:
        said = words.message(id=name, place=place, journey=Name(journey["id"]))
    diagnostics.append(loading_diagnostic(
        "CX004", said, element.value_span("id"), hint=words.hint(),
        related=(Related(words.first(id=name), first_span),),
    ))


def check_references(roots: list[YMap], index: IdIndex, room: dict[str, int] | None = None,
                     limits: Limits | None = None) -> list[Diagnostic]:
    """CX005 for every reference that names nothing. ``room``: how many more problems each
    file (by name) may list; past that, one CX006 and the file's other references are not
    checked."""
    limits = limits or Limits()
    diagnostics: list[Diagnostic] = []
    lookups = _Lookups()
    # The ids of each kind looked up by id alone (not in a journey, not parent/child): most
    # references name one that exists, and are answered here at once.
    plain = {kind: ids for kind, ids in index.ids.items()
             if kind not in PAIRS and kind not in LOCAL}
    # Touchpoints (journey/step) and themes found to exist: a year of results names each
    # touchpoint it measures once a month.
    found_pairs: set[tuple[str, str]] = set()
    for root in roots:
        left = room.get(root.file, limits.max_problems) if room is not None \
            else limits.max_problems
        if left < 0:
            continue
        for ref in references(root):
            known = plain.get(ref.kind)
            if known is not None and ref.target in known:
                continue
            pair = (ref.kind, ref.target)
            if pair in found_pairs:
                continue
            problem = _resolve(ref, index, lookups)
            if problem is None:
                if ref.kind in PAIRS:
                    found_pairs.add(pair)
                continue
            if left == 0:
                span = problem.span
                diagnostics.append(too_many_problems(span.file, span.line, span.column, limits))
                break
            diagnostics.append(problem)
            left -= 1
    return diagnostics


@dataclass
class _Lookups:
    """What one check_references call works out once: each journey's stage and step ids,
    and a suggester for each set of ids an unknown reference was looked up in (20,000
    channels are indexed once, not once per unknown channel), sharing one budget."""

    local: dict[tuple[int, str], dict[str, YMap]] = field(default_factory=dict)
    suggesters: dict[int, tuple[dict[str, YMap], Suggester]] = field(default_factory=dict)
    names: dict[int, tuple[dict[str, YMap], dict[str, str]]] = field(default_factory=dict)
    budget: Budget = field(default_factory=Budget)

    def named(self, known: dict[str, YMap], target: str) -> str | None:
        """The id of the element in ``known`` whose display name ``target`` is (a workshop
        writes "My Telco app" where the id "app" belongs), whatever the case and accents."""
        found = self.names.get(id(known))
        if found is None:
            index: dict[str, str] = {}
            for ident, element in known.items():
                name = element.get("name")
                if isinstance(name, str):
                    index.setdefault(folded_name(name), ident)
            found = (known, index)
            self.names[id(known)] = found
        folded = folded_name(target)
        named = found[1].get(folded)
        if named is not None and folded_name(named) == folded:
            return None  # the id itself without its accents ('oddzial'): a plain did-you-mean
        return named

    def ids(self, journey: YMap | None, section: str) -> dict[str, YMap]:
        """Stage or step ids of one journey."""
        if journey is None:
            return {}
        key = (id(journey), section)
        found = self.local.get(key)
        if found is None:
            found = {e["id"]: e for e in id_elements(journey.get(section))}
            self.local[key] = found
        return found

    def suggester(self, known: dict[str, YMap]) -> Suggester:
        """The suggester for the ids in ``known`` (kept with it, so that its id() stays
        that dictionary's)."""
        found = self.suggesters.get(id(known))
        if found is None:
            found = (known, Suggester(known, self.budget))
            self.suggesters[id(known)] = found
        return found[1]


def _resolve(ref: Reference, index: IdIndex, lookups: _Lookups) -> Diagnostic | None:
    if ref.kind in PAIRS:
        return _resolve_pair(ref, index, lookups)
    if ref.kind in LOCAL:
        assert ref.journey is not None  # a stage or step is looked up in its journey
        known = lookups.ids(ref.journey, LOCAL[ref.kind])
        if ref.target in known:
            return None
        return _unknown(ref, UNKNOWN[ref.kind], ref.target, lookups.suggester(known),
                        journey=ref.journey["id"], named=lookups.named(known, ref.target))
    known = index.known(ref.kind)
    if ref.target in known:
        return None
    return _unknown(ref, UNKNOWN[ref.kind], ref.target, lookups.suggester(known),
                    named=lookups.named(known, ref.target))


# References written parent-id/child-id: the parent's kind, the section of the parent that
# holds the children, the words for an unknown child, and how those words name the parent.
PAIRS: dict[str, tuple[str, str, Unknown, str]] = {
    "touchpoint": ("journey", "steps", TOUCHPOINT_STEP, "journey"),
    "post-theme": ("listening post", "themes", POST_THEME, "post"),
}


def _resolve_pair(ref: Reference, index: IdIndex, lookups: _Lookups) -> Diagnostic | None:
    """A touchpoint (journey-id/step-id) or an action's origin theme (post-id/theme-id)."""
    if not _TOUCHPOINT.fullmatch(ref.target):
        return None  # not of the form parent-id/child-id: the schema check says so
    parent_kind, section, words, scope = PAIRS[ref.kind]
    parent_id, _, child_id = ref.target.partition("/")
    parents = index.known(parent_kind)
    parent = parents.get(parent_id)
    if parent is None:
        return _unknown(ref, UNKNOWN[parent_kind], parent_id, lookups.suggester(parents),
                        candidates_format=lambda p: f"{p}/{child_id}")
    children = lookups.ids(parent, section)
    if child_id in children:
        return None
    return _unknown(ref, words, child_id, lookups.suggester(children), journey=parent_id,
                    candidates_format=lambda c: f"{parent_id}/{c}",
                    named=lookups.named(children, child_id), scope_key=scope)


# What a Chinese or Japanese input method types between ids where ', ' was meant.
_JOINED = re.compile(r"\s*[，、､﹐；]\s*")


def _unknown(ref: Reference, words: Unknown, target: str, candidates: Suggester,
             journey: str | None = None,
             candidates_format: Callable[[str], str] | None = None,
             named: str | None = None, scope_key: str = "journey") -> Diagnostic:
    """CX005: ``target`` names no element of its kind (in ``journey``, for a stage or a
    step), with the element whose display name it is (``named``), else the closest ids,
    and the ids there are."""
    scope = {} if journey is None else {scope_key: Name(journey)}
    name = Name(shown(target))
    where = where_text(ref.where)
    span = value_span(ref.container, ref.key)
    if named is not None:
        ident = candidates_format(named) if candidates_format is not None else named
        suggestion = BY_NAME(id=Name(shown(ident)), name=name)
        return loading_diagnostic(
            "CX005", words.suggesting(target=name, where=where, suggestions=suggestion, **scope),
            span, BY_NAME_HINT(id=Name(shown(ident))), fixes=(replace_with_id(span, ident),))
    joined = _JOINED.search(target)
    if joined is not None and all(part in candidates.pool for part in _JOINED.split(target)):
        return loading_diagnostic(
            "CX005", words.message(target=name, where=where, **scope), span,
            SEVERAL_IDS_HINT(target=name, separator=Name(joined.group().strip())))
    found = candidates.closest(target)
    fixes: tuple[Fix, ...] = ()
    if found:
        written = [candidates_format(c) if candidates_format is not None else c
                   for c in found]
        names = [Name(shown(c)) for c in written]
        message = words.suggesting(target=name, where=where, suggestions=either(names),
                                   **scope)
        fixes = tuple(replace_with_id(span, c) for c in written)
    else:
        message = words.message(target=name, where=where, **scope)
    pool = candidates.pool
    if pool:
        hint = words.use_one_of(ids=listed_ids([shown(c) for c in pool[:12]], 12, len(pool)),
                                **scope)
    else:
        hint = words.none_yet(target=name, **scope)
    return loading_diagnostic("CX005", message, span, hint, fixes=fixes)
