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
from cxmodel.diagrams import engine, pictures
from cxmodel.diagrams.batch import draw_many, ready
from cxmodel.diagrams.channels_map import busy
from cxmodel.diagrams.pictures import Picture
from cxmodel.diagrams.views import MAPS, all_diagrams, diagram, drawable_map, pick_journey, too_long
from cxmodel.messages.render import number
from cxmodel.messages.text import Text, message
from cxmodel.model import Workspace
from cxmodel.said import why

# TRANSLATORS: {script} is the Unicode name of a script (CJK, HANGUL, ARABIC...),
# {characters} a few of its characters.
MISSING_GLYPHS = message(
    "app.render.missing-glyphs",
    "no font this machine has, nor any cxmodel ships, has the {script} characters of the "
    "diagram ({characters}): they would be drawn as empty boxes, so nothing was drawn. Add a "
    "font that has them: its folder with --font-dir FOLDER or in CXMODEL_FONT_PATH (for "
    "Chinese, pip install noto-cjk-sans-otc is found by itself)")
# TRANSLATORS: a note on standard error when the channel map is drawn with more arrows than
# can carry labels; "cxmodel report" and --format stay as they are.
BUSY_CHANNELS = message(
    "app.render.busy-channels",
    "the channel map has too many arrows to label each ({arrows} arrows between {channels} "
    "channels): each arrow's count is in its tooltip and its thickness. The journeys × "
    "channels coverage matrix of cxmodel report reads better at this size")
# TRANSLATORS: a note on standard error when a PDF is drawn without svg2pdf.
RASTER_PDF = message(
    "app.render.raster-pdf",
    "svg2pdf-py is not installed (it has wheels for Windows, macOS on Apple silicon and "
    "Linux on x86-64 with glibc 2.35 or later): the PDF holds the diagram drawn at "
    "{dpi} dpi. pip install svg2pdf-py for a vector PDF")


@dataclass
class Drawing:
    """One view drawn (``output`` None when it is not drawn), what was too large, and
    notes on how it was drawn."""

    output: bytes | None
    not_drawn: list[Diagnostic] = field(default_factory=list)
    notes: list[Text] = field(default_factory=list)


@dataclass
class Drawings:
    """Every diagram of the workspace: (file stem, a call that draws it) as each is ready,
    what was too large to draw, and notes on how they are drawn."""

    drawn: Iterator[tuple[str, Callable[[], bytes]]]
    not_drawn: list[Diagnostic] = field(default_factory=list)
    total: int = 0  # how many ``drawn`` will yield
    notes: list[Text] = field(default_factory=list)


def _notes(fmt: str, ws: Workspace | None = None) -> list[Text]:
    """How the drawings were made: a PDF drawn as a picture; with ``ws`` (the channel map
    is drawn), a channel map too busy to label."""
    notes = []
    if fmt == "pdf" and not pictures.vector_pdf():
        notes.append(RASTER_PDF(dpi=number(pictures.RASTER_PDF_DPI)))
    crowded = busy(ws) if ws is not None else None
    if crowded is not None:
        notes.append(BUSY_CHANNELS(arrows=number(crowded[0]), channels=number(crowded[1])))
    return notes


def fonts_cover(dots: list[str], fmt: str, picture: Picture) -> None:
    """CannotRun, before anything is drawn, when a PNG or PDF would show empty boxes."""
    if fmt not in ("png", "pdf"):
        return
    missing = pictures.missing_glyphs("".join(pictures.label_text(d) for d in dots), picture)
    if missing:
        script, characters = next(iter(missing.items()))
        raise CannotRun(MISSING_GLYPHS(script=script, characters=characters[:12]))


def render_view(result: CheckResult, view: str, journey: str | None = None,
                fmt: str = "svg", picture: Picture | None = None) -> Drawing:
    """One view (``journey`` names the journey of a blueprint or journey map, needed when
    there are several). CannotRun for an unknown view or journey, a failed engine, or text
    no font can draw."""
    ws = _workspace(result)
    picture = picture or Picture()
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
        fonts_cover([dot], fmt, picture)
        return Drawing(engine.render(dot, fmt, layout, picture),
                       notes=_notes(fmt, ws if view == "channels" else None))
    except LookupError as problem:
        raise CannotRun(why(problem)) from problem
    except engine.EngineError as problem:
        raise CannotRun(why(problem)) from problem


def render_all(result: CheckResult, fmt: str = "svg", picture: Picture | None = None
               ) -> Drawings:
    """Every journey's blueprint and journey map, and the channel and ownership maps, but
    those too large to draw. The drawings come as they are ready (over every core).
    CannotRun, before any is drawn, for text no font can draw in a PNG or PDF."""
    ws = _workspace(result)
    picture = picture or Picture()
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
    if fmt in ("png", "pdf"):  # every text is known before the first is drawn
        jobs = [(name, ready(*make())) for name, make in jobs]
        fonts_cover([make()[0] for _, make in jobs], fmt, picture)
    names = {name for name, _ in jobs}
    return Drawings(draw_many(jobs, fmt, picture), not_drawn, len(jobs),
                    _notes(fmt, ws if "channels" in names else None))


def _reading(result: CheckResult) -> Reading | None:
    """The results against their targets, as the diagrams show them."""
    return result.analysis.results if result.analysis is not None else None


def _workspace(result: CheckResult) -> Workspace:
    if result.workspace is None:
        raise ValueError("the workspace does not load: there is nothing to draw")
    return result.workspace
