"""``cxmodel export pptx``: the gap report as a deck for management. The workspace is
checked as for a report; each journey's blueprint is drawn as PNG (as ``render`` draws
it, with the latest results against their targets) and laid out with the report's facts
by report/deck.py."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from cxmodel.api import CheckResult
from cxmodel.app.render import fonts_cover
from cxmodel.app.workspace import RunOptions, open_workspace, titled, workspace_files
from cxmodel.diagrams import engine, pictures
from cxmodel.diagrams.blueprint import blueprint
from cxmodel.diagrams.metrics import text_width
from cxmodel.diagrams.views import too_long
from cxmodel.messages.render import render as say
from cxmodel.model import Element, Journey, Step
from cxmodel.report.data import report_data
from cxmodel.report.deck import JourneyPicture, deck
from cxmodel.said import why

# Blueprints are drawn at 150 dpi, or less for one so wide that it would pass this many
# pixels (a slide is shown at 1,920 at most; this leaves room to zoom).
DPI = 150.0
MOST_WIDTH = 4_000


@dataclass
class DeckOutcome:
    """The deck (None when the model does not load: ``result`` says why)."""

    result: CheckResult
    data: bytes | None
    slides: int = 0


def _journey_of(journey: Journey, element: Element | None) -> bool:
    if element is journey:
        return True
    if isinstance(element, Step):
        return any(step is element for step in journey.steps)
    return any(stage is element for stage in journey.stages)


def export_deck(paths: Sequence[str | Path], title: str | None = None,
                options: RunOptions | None = None, font_dirs: Sequence[str] = ()
                ) -> DeckOutcome:
    """The deck of the workspace at ``paths``. CannotRun when a blueprint's text has no
    font to draw it with (as render says)."""
    paths = list(paths)
    found = workspace_files(paths)
    title, given = titled(title, found.root)
    result = open_workspace(paths, options)
    ws, analysis = result.workspace, result.analysis
    if ws is None or analysis is None:
        return DeckOutcome(result, None)
    data = report_data(ws, analysis, title, len(result.files), result.load.root)
    oversized = too_long(ws, result.config.limits)
    dots = {j.id: blueprint(ws, j, analysis.results) for j in ws.journeys
            if j not in oversized}
    picture = pictures.Picture(DPI, 1.0, pictures.font_dirs(font_dirs))
    fonts_cover([dot for dot, _ in dots.values()], "png", picture)
    findings = {d["fingerprint"]: d for d in data["findings"]}
    shown = []
    for journey, entry in zip(ws.journeys, data["coverage"]["journeys"], strict=True):
        png, not_drawn = None, None
        if journey in oversized:
            not_drawn = say(oversized[journey].text)
        else:
            try:
                dot, layout = dots[journey.id]
                svg = engine.render(dot, "svg", layout)
                size = pictures.svg_size(svg.decode("utf-8"))
                dpi = DPI if size is None else min(DPI, MOST_WIDTH * 72 / size[0])
                png = pictures.png(svg.decode("utf-8"), pictures.Picture(
                    dpi, 1.0, picture.font_dirs))
            except (engine.EngineError, ValueError) as problem:
                not_drawn = say(why(problem))
        own = [item for key, item in findings.items()
               if _journey_of(journey, analysis.subjects.get(key))]
        shown.append(JourneyPicture(entry, png, not_drawn, own))
    made = deck(data, shown, given, measure=text_width)
    return DeckOutcome(result, made, _count_slides(made))


def _count_slides(package: bytes) -> int:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(package)) as parts:
        return sum(1 for name in parts.namelist()
                   if name.startswith("ppt/slides/slide") and name.endswith(".xml"))

