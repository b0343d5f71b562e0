"""Choosing a diagram builder by view name, and the set of diagrams ``--all`` writes."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterator
from functools import partial
from pathlib import Path

from cxmodel.analyze.standing import Reading
from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.diagrams.blueprint import blueprint
from cxmodel.diagrams.channels_map import channels_map
from cxmodel.diagrams.journey_map import journey_map
from cxmodel.diagrams.ownership_map import ownership_map
from cxmodel.loader.limits import Limits
from cxmodel.messages.render import listing, render
from cxmodel.messages.text import Items, Name, message, plural
from cxmodel.model import Journey, Workspace
from cxmodel.suggest import closest
from cxmodel.text import cut_to_bytes, shown

# TRANSLATORS: errors of "cxmodel render"; --journey is an option, {journeys} a list of ids.
NAME_IT = message("diagram.pick.name-it",
                  "name the journey to draw with --journey (journeys: {journeys})")
NAME_IT_NONE = message("diagram.pick.name-it-none",
                       "name the journey to draw with --journey (journeys: none)")
NO_JOURNEY = message("diagram.pick.no-journey", "no journey {journey}")
# TRANSLATORS: {candidates} is one or more quoted ids joined by "or".
NO_JOURNEY_SUGGEST = message("diagram.pick.no-journey-suggest",
                             "no journey {journey}, did you mean {candidates}?")
UNKNOWN_VIEW = message("diagram.pick.unknown-view", "unknown view {view}")
# TRANSLATORS: CX006 for a journey longer than blueprints and journey maps are drawn for.
TOO_LONG = plural(
    "CX006.diagram-steps",
    "Journey {journey} has {count} step: too many to draw (blueprints and journey maps are "
    "drawn for at most {most} steps, limit max_diagram_steps). It is checked and reported, "
    "but not drawn.",
    "Journey {journey} has {count} steps: too many to draw (blueprints and journey maps are "
    "drawn for at most {most} steps, limit max_diagram_steps). It is checked and reported, "
    "but not drawn.")
# TRANSLATORS: CX006 for a map with more boxes and arrows than are drawn.
MAP_TOO_LARGE = {
    "channels": plural(
        "CX006.channels-map-size",
        "The channels map has {count} box or arrow: too many to draw (maps are drawn with at "
        "most {most}, limit max_map_elements: Graphviz's layout time grows steeply with "
        "their number).",
        "The channels map has {count} boxes and arrows: too many to draw (maps are drawn "
        "with at most {most}, limit max_map_elements: Graphviz's layout time grows steeply "
        "with their number)."),
    "ownership": plural(
        "CX006.ownership-map-size",
        "The ownership map has {count} box or arrow: too many to draw (maps are drawn with "
        "at most {most}, limit max_map_elements: Graphviz's layout time grows steeply with "
        "their number).",
        "The ownership map has {count} boxes and arrows: too many to draw (maps are drawn "
        "with at most {most}, limit max_map_elements: Graphviz's layout time grows steeply "
        "with their number)."),
}


def pick_journey(ws: Workspace, ident: str | None) -> Journey:
    known = [j.id for j in ws.journeys]
    if ident is None:
        if len(ws.journeys) == 1:
            return ws.journeys[0]
        raise LookupError(render(NAME_IT(journeys=listing(known)) if known
                                 else NAME_IT_NONE()))
    journey = ws.journey(ident)
    if journey is None:
        found = closest(ident, known)
        raise LookupError(render(
            NO_JOURNEY_SUGGEST(journey=Name(ident),
                               candidates=Items(tuple(Name(c) for c in found), "or"))
            if found else NO_JOURNEY(journey=Name(ident))))
    return journey


def diagram(ws: Workspace, view: str, journey_id: str | None,
            reading: Reading | None = None) -> tuple[str, str]:
    """DOT source and layout engine of one view (``reading``: the results, shown against
    their targets in a blueprint and a journey map)."""
    if view == "blueprint":
        return blueprint(ws, pick_journey(ws, journey_id), reading)
    if view == "journey":
        return journey_map(ws, pick_journey(ws, journey_id), reading)
    if view == "channels":
        return channels_map(ws)
    if view == "ownership":
        return ownership_map(ws)
    raise LookupError(render(UNKNOWN_VIEW(view=Name(view))))


def too_long(ws: Workspace, limits: Limits) -> dict[Journey, Diagnostic]:
    """The journeys with more steps than blueprints and journey maps are drawn for, each
    with its CX006 diagnostic (at the journey's ``steps``)."""
    found: dict[Journey, Diagnostic] = {}
    most = limits.max_diagram_steps
    for journey in ws.journeys:
        if len(journey.steps) > most:
            found[journey] = loading_diagnostic(
                "CX006",
                TOO_LONG(journey=Name(shown(journey.id)), count=len(journey.steps), most=most),
                journey.field_span("steps"), hint=limits.how_to_raise("max_diagram_steps"))
    return found


MAPS = ("channels", "ownership")
# A node or edge statement: the names are cxmodel's own (user text only follows the "[").
_STATEMENT = re.compile(r'^\t+(?!(?:graph|node|edge) \[)[\w"-]+(?: -> [\w"-]+)? \[', re.M)


def map_size(dot: str) -> int:
    """The boxes and arrows of a map: the node and edge statements of its DOT text."""
    return len(_STATEMENT.findall(dot))


def map_too_large(view: str, dot: str, limits: Limits, root: Path | None) -> Diagnostic | None:
    """CX006 when the map has more boxes and arrows than are drawn (max_map_elements). A
    map is of the whole workspace: the diagnostic names the workspace folder ``root``."""
    where = Span.point(root.as_posix() if root is not None else ".", 1, 1)
    size, most = map_size(dot), limits.max_map_elements
    if size <= most:
        return None
    return loading_diagnostic("CX006", MAP_TOO_LARGE[view](count=size, most=most), where,
                              hint=limits.how_to_raise("max_map_elements"))


def drawable_map(ws: Workspace, view: str, limits: Limits, root: Path | None
                 ) -> tuple[str, str] | Diagnostic:
    """The map's (DOT, layout), or its CX006 when it has more boxes and arrows than are
    drawn (its size is known from its DOT text only)."""
    dot, layout = diagram(ws, view, None)
    too_big = map_too_large(view, dot, limits, root)
    return (dot, layout) if too_big is None else too_big


def all_diagrams(ws: Workspace, skip: Collection[Journey] = (),
                 reading: Reading | None = None) -> (
        Iterator[tuple[str, Callable[[], tuple[str, str]]]]):
    """(file stem, a call making (DOT, layout)) for every diagram of the workspace but the
    journeys in ``skip``: made when called, so they can be built where they are drawn.
    Journeys are numbered in file names (their ids may hold any character); the stem also
    carries a safe form of the id for people. Numbers have as many digits as the last one
    (at least two), so that files sort in the journeys' order past 99 (001-...)."""
    digits = max(2, len(str(len(ws.journeys))))
    for number, journey in enumerate(ws.journeys, start=1):
        if journey in skip:
            continue
        stem = f"{number:0{digits}d}-{safe_stem(journey.id)}"
        yield f"{stem}-blueprint", partial(blueprint, ws, journey, reading)
        yield f"{stem}-journey", partial(journey_map, ws, journey, reading)
    yield "channels", partial(channels_map, ws)
    yield "ownership", partial(ownership_map, ws)


def safe_stem(text: str) -> str:
    """A file-name-safe form of an id: letters (any script), digits, dash, underscore; at
    most 60 characters and 120 bytes (with its number and "-blueprint.svg", a file name
    holds at most 255)."""
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    return cut_to_bytes(kept.strip("-")[:60], 120) or "journey"
