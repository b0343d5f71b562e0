"""Drawing the model's diagrams: one view, or every diagram of the workspace. What is too
large to draw (a journey past max_diagram_steps, a map past max_map_elements) is not
drawn but returned as its CX006 diagnostic; the rest is drawn by the rendering engine
(over every core for many diagrams)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from cxmodel.analyze.standing import Reading
from cxmodel.api import CheckResult
from cxmodel.app.errors import CannotRun
from cxmodel.diagnostics import Diagnostic
from cxmodel.diagrams import engine
from cxmodel.diagrams.batch import draw_many, ready
from cxmodel.diagrams.views import MAPS, all_diagrams, diagram, drawable_map, pick_journey, too_long
from cxmodel.model import Workspace
from cxmodel.said import why


@dataclass
class Drawing:
    """One view drawn (``output`` None when it is not drawn), and what was too large."""

    output: bytes | None
    not_drawn: list[Diagnostic] = field(default_factory=list)


@dataclass
class Drawings:
    """Every diagram of the workspace: (file stem, a call that draws it) as each is ready,
    and what was too large to draw."""

    drawn: Iterator[tuple[str, Callable[[], bytes]]]
    not_drawn: list[Diagnostic] = field(default_factory=list)
    total: int = 0  # how many ``drawn`` will yield


def check_format(fmt: str) -> None:
    """CannotRun for PNG or PDF where the system Graphviz is missing."""
    if fmt in ("png", "pdf") and engine.native_dot() is None:
        raise CannotRun(engine.NEEDS_GRAPHVIZ(format=fmt.upper(), hint=engine.INSTALL()))


def render_view(result: CheckResult, view: str, journey: str | None = None,
                fmt: str = "svg") -> Drawing:
    """One view (``journey`` names the journey of a blueprint or journey map, needed when
    there are several). CannotRun for an unknown view or journey, or a failed engine."""
    ws = _workspace(result)
    check_format(fmt)
    limits = result.config.limits
    try:
        if view in MAPS:
            drawn = drawable_map(ws, view, limits, result.load.root)
            if isinstance(drawn, Diagnostic):
                return Drawing(None, [drawn])
        else:
            chosen = pick_journey(ws, journey)
            oversized = too_long(ws, limits)
            if chosen in oversized:
                return Drawing(None, [oversized[chosen]])
            drawn = diagram(ws, view, journey, _reading(result))
        dot, layout = drawn
        return Drawing(engine.render(dot, fmt, layout))
    except LookupError as problem:
        raise CannotRun(why(problem)) from problem
    except engine.EngineError as problem:
        raise CannotRun(why(problem)) from problem


def render_all(result: CheckResult, fmt: str = "svg") -> Drawings:
    """Every journey's blueprint and journey map, and the channel and ownership maps, but
    those too large to draw. The drawings come as they are ready (over every core)."""
    ws = _workspace(result)
    check_format(fmt)
    limits = result.config.limits
    oversized = too_long(ws, limits)
    not_drawn: list[Diagnostic] = list(oversized.values())
    jobs = []
    for name, make in all_diagrams(ws, skip=oversized, reading=_reading(result)):
        if name in MAPS:
            drawn = drawable_map(ws, name, limits, result.load.root)
            if isinstance(drawn, Diagnostic):
                not_drawn.append(drawn)
                continue
            make = ready(*drawn)
        jobs.append((name, make))
    return Drawings(draw_many(jobs, fmt), not_drawn, len(jobs))


def _reading(result: CheckResult) -> Reading | None:
    """The results against their targets, as the diagrams show them."""
    return result.analysis.results if result.analysis is not None else None


def _workspace(result: CheckResult) -> Workspace:
    if result.workspace is None:
        raise ValueError("the workspace does not load: there is nothing to draw")
    return result.workspace
