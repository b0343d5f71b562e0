"""The gap report as a deck for management (``cxmodel export pptx``), built with
python-pptx from the report's data (report/data.py) and the journeys' blueprints drawn as
PNG by the caller: a title slide; the coverage summary as a bar chart, with the findings
counted; where results are recorded, the targets against their latest values; a slide per
journey with its blueprint and its most urgent findings in plain words; a slide per
department with its coverage and gaps. In the active language; the same model gives the
same bytes (no time stamps in the package or its properties)."""

from __future__ import annotations

import datetime
import io
import math
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cxmodel.counts import ERRORS, INFOS, WARNINGS, severity_name
from cxmodel.messages.render import active, number, percent
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Period, message, plural
from cxmodel.report.data import fix_first, not_owned
from cxmodel.report.headlines import HEADLINES
from cxmodel.report.targets import targets_view
from cxmodel.report.words import (
    CHANNELS,
    JOURNEYS,
    NO_RESPONSIBLE,
    POSTS,
    touchpoints_held,
)

# TRANSLATORS: the deck's slides. deck.kicker is the line over the title slide's title.
KICKER = message("deck.kicker", "Voice of the customer: listening gap review")
# TRANSLATORS: the title slide's subtitle when no --title is given: {workspace} is the name
# of the workspace's folder.
WORKSPACE = message("deck.workspace", "Workspace: {workspace}")
# TRANSLATORS: a finding on a slide: its severity ("error", "warning", "info", as the
# report's tables say it) and its message.
FINDING_LINE = message("deck.finding", "{severity}: {message}")
SUMMARY = message("deck.summary", "{journeys}, {touchpoints}, {channels} and {posts}")
COVERAGE = message("deck.coverage", "How well we listen")
# TRANSLATORS: the value axis of the coverage chart.
PERCENT_COVERED = message("deck.percent-covered", "% covered")
FINDINGS = message("deck.findings", "Findings: {errors}, {warnings}, {infos}")
TARGETS = message("deck.targets", "Targets and results")
# TRANSLATORS: a target against its latest value in the deck: "✗ missed · Web chat ·
# CSAT: 4.1 (2026-11), target at least 4.3".
TARGET_LINE = message("deck.target-line", "{symbol} {state} · {subject} · {metric}: {value} "
                      "({period}), target {target}")
TARGET_NONE = message("deck.target-none", "{symbol} {state} · {subject} · {metric}, target "
                      "{target}")
MORE_TARGETS = plural("deck.more-targets", "and {count} more target in the report",
                      "and {count} more targets in the report")
JOURNEY = message("deck.journey", "Journey: {name}")
# TRANSLATORS: the title of the slide after a journey's blueprint: its findings.
JOURNEY_FIX = message("deck.journey-fix", "{name}: what to fix next")
JOURNEY_FIGURES = message("deck.journey-figures", "Touchpoints covered: {coverage} · moments "
                          "of truth measured directly: {moments}")
NOT_DRAWN = message("deck.not-drawn", "(The blueprint is not drawn: {why})")
TOP = message("deck.top", "Fix first")
# TRANSLATORS: heads the findings on the slide after a journey's blueprint, which go on
# from the three under the blueprint.
NEXT = message("deck.next", "Then")
NOTHING = message("deck.nothing", "No findings: nothing to fix here.")
MORE = plural("deck.more", "and {count} more finding in the report",
              "and {count} more findings in the report")
DEPARTMENT = message("deck.department", "Department: {name}")
DEPARTMENT_FIGURES = message("deck.department-figures", "Touchpoints it is responsible for, "
                             "covered: {coverage} · findings: {findings}")

# A 16:9 slide, in EMU (914,400 to the inch).
INCH = 914_400
WIDTH, HEIGHT = int(13.333 * INCH), int(7.5 * INCH)
MARGIN = int(0.5 * INCH)
TOP_FINDINGS = 5  # on a department's slide
SLIDE_FINDINGS = 3  # beside or under a journey's blueprint
COLUMN = int(3.8 * INCH)  # the least width of the findings beside a blueprint
JOURNEY_FINDINGS = 7  # on the slide after it, when there are more
MOST_TARGETS = 12
# Every part of the package gets this time: a deck made twice is the same bytes.
FIXED = (1980, 1, 1, 0, 0, 0)
# The language each run of text is tagged with, so that the slide software spell-checks
# and hyphenates it as what it is (python-pptx tags nothing, and PowerPoint then takes the
# text for the editing language: Polish checked as English).
LANGUAGE_IDS = {"en": "ENGLISH_UK", "ru": "RUSSIAN", "pl": "POLISH", "zh": "SIMPLIFIED_CHINESE",
                "zh-Hant": "TRADITIONAL_CHINESE"}
# The colour of a finding's severity on a slide, as the report's badges.
SEVERITY_COLOURS = {"error": "B3261E", "warning": "8A5A00", "info": "5F6368"}


# A text's width in points at a font size (the application passes the diagrams' measure).
Measure = Callable[[str, float], float]


@dataclass(frozen=True, slots=True)
class JourneyPicture:
    """A journey's blueprint as PNG (None when not drawn, with why), and the report data's
    findings on the journey, its stages and steps."""

    journey: dict[str, Any]
    png: bytes | None
    not_drawn: str | None
    findings: list[dict[str, Any]]


def _ratio(value: dict[str, Any]) -> str:
    if not value["total"]:
        return "–"
    return f"{value['covered']}/{value['total']} ({percent(value['percent'])})"


class _Deck:
    def __init__(self, title: str, given: bool, measure: Measure) -> None:
        from pptx import Presentation
        from pptx.enum.lang import MSO_LANGUAGE_ID
        from pptx.util import Emu

        self.measure = measure
        self.presentation = Presentation()
        self.presentation.slide_width = Emu(WIDTH)
        self.presentation.slide_height = Emu(HEIGHT)
        self.title = title
        self.given = given  # the title was given (--title), not the workspace folder's name
        self.language = getattr(MSO_LANGUAGE_ID, LANGUAGE_IDS.get(active(), "ENGLISH_UK"))

    def _slide(self, title: str) -> Any:
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[5])
        heading = slide.shapes.title
        heading.left, heading.top = MARGIN, int(0.3 * INCH)
        heading.width, heading.height = WIDTH - 2 * MARGIN, int(0.9 * INCH)
        heading.text = title
        self._size(heading.text_frame, 30)
        return slide

    def _size(self, frame: Any, points: float, bold: bool = False) -> None:
        from pptx.util import Pt

        for paragraph in frame.paragraphs:
            for run in paragraph.runs:
                run.font.size = Pt(points)
                if run.font.bold is None:
                    run.font.bold = bold
                run.font.language_id = self.language

    def _text(self, slide: Any, lines: list[str | tuple[str, str, str, str]], top: int,
              height: int, points: float = 16, left: int = MARGIN,
              width: int = WIDTH - 2 * MARGIN) -> None:
        """A text box of lines; a line given as (before, marked, colour, after) shows
        ``marked`` in bold and that colour (a finding's severity)."""
        from pptx.dml.color import RGBColor
        from pptx.enum.text import MSO_AUTO_SIZE

        box = slide.shapes.add_textbox(left, top, width, height)
        frame = box.text_frame
        frame.word_wrap = True
        # Should a long finding still not fit, the slide software shrinks the text.
        frame.auto_size = MSO_AUTO_SIZE.TEXT_TO_FIT_SHAPE
        for index, line in enumerate(lines):
            paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
            if isinstance(line, str):
                paragraph.text = line
                continue
            before, marked, colour, after = line
            if before:
                paragraph.add_run().text = before
            run = paragraph.add_run()
            run.text = marked
            run.font.bold = True
            run.font.color.rgb = RGBColor(*bytes.fromhex(colour))  # type: ignore[no-untyped-call]
            if after:
                paragraph.add_run().text = after
        self._size(frame, points)

    def title_slide(self, summary: str) -> None:
        slide = self.presentation.slides.add_slide(self.presentation.slide_layouts[0])
        heading, subtitle = slide.shapes.title, slide.placeholders[1]
        heading.left, heading.top = MARGIN, int(2.2 * INCH)
        heading.width, heading.height = WIDTH - 2 * MARGIN, int(1.5 * INCH)
        heading.text = self.title if self.given else say(KICKER())
        self._size(heading.text_frame, 40, bold=True)
        subtitle.left, subtitle.top = MARGIN, int(3.9 * INCH)
        subtitle.width, subtitle.height = WIDTH - 2 * MARGIN, int(1.4 * INCH)
        subtitle.text = say(KICKER()) if self.given else say(WORKSPACE(workspace=self.title))
        subtitle.text_frame.add_paragraph().text = summary
        self._size(subtitle.text_frame, 20)

    def coverage(self, data: dict[str, Any]) -> None:
        from pptx.chart.data import CategoryChartData
        from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION
        from pptx.util import Pt

        slide = self._slide(say(COVERAGE()))
        chart_data = CategoryChartData(number_format='0.0"%"')  # type: ignore[no-untyped-call]
        figures = [(h.label, data["coverage"][h.key]) for h in HEADLINES]
        chart_data.categories = [label for label, _ in reversed(figures)]
        chart_data.add_series(say(PERCENT_COVERED()),  # type: ignore[no-untyped-call]
                              [value["percent"] or 0 for _, value in reversed(figures)])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, int(1.3 * INCH), WIDTH - 2 * MARGIN,
            int(4.9 * INCH), chart_data)
        chart = frame.chart
        chart.has_legend = False
        chart.has_title = False
        chart.value_axis.maximum_scale = 100
        chart.value_axis.minimum_scale = 0
        chart.value_axis.tick_labels.font.size = Pt(12)
        chart.category_axis.tick_labels.font.size = Pt(14)
        plot = chart.plots[0]
        plot.has_data_labels = True
        plot.data_labels.number_format = '0.0"%"'
        plot.data_labels.number_format_is_linked = False
        plot.data_labels.position = XL_LABEL_POSITION.OUTSIDE_END
        plot.data_labels.font.size = Pt(14)
        summary = data["summary"]
        self._text(slide, [say(FINDINGS(errors=ERRORS(count=summary["errors"]),
                                        warnings=WARNINGS(count=summary["warnings"]),
                                        infos=INFOS(count=summary["infos"])))],
                   int(6.4 * INCH), int(0.6 * INCH), 18)

    def targets(self, results: dict[str, Any]) -> None:
        view = targets_view(results)
        slide = self._slide(say(TARGETS()))
        lines = []
        for row in view["rows"][:MOST_TARGETS]:
            said = {"symbol": row["symbol"], "state": row["label"],
                    "subject": row["subject"]["name"], "metric": row["metric"]["name"],
                    "target": row["target"]}
            lines.append(say(TARGET_LINE(value=row["value"], period=Period(row["latest"]["period"]),
                                         **said) if row["latest"] else TARGET_NONE(**said)))
        if len(view["rows"]) > MOST_TARGETS:
            lines.append(say(MORE_TARGETS(count=len(view["rows"]) - MOST_TARGETS)))
        self._text(slide, [view["lead"], *lines], int(1.3 * INCH), int(5.8 * INCH), 14)

    def journey(self, picture: JourneyPicture) -> None:
        """The blueprint as large as the slide allows under the journey's figures (on a
        wall or a projector its cells must be read), and under it the three most urgent
        findings; when there are more, the next slide goes on from there."""
        journey = picture.journey
        slide = self._slide(say(JOURNEY(name=journey["name"])))
        top = int(1.1 * INCH)
        figures = say(JOURNEY_FIGURES(coverage=_ratio(journey["coverage"]),
                                      moments=_ratio(journey["moments_of_truth"])))
        self._text(slide, [figures], top, int(0.4 * INCH), 14)
        top += int(0.45 * INCH)
        edge = int(0.2 * INCH)
        wide, room = WIDTH - 2 * edge, HEIGHT - top - int(0.15 * INCH)
        png = picture.png
        size = _png_size(png) if png is not None else None
        if png is not None and size is not None and wide - room * size[0] / size[1] >= COLUMN:
            # Not as wide as the slide at its full height: the findings go beside it.
            shown = self._picture(slide, png, top, room, edge, wide - COLUMN, centred=False)
            left = edge + shown + int(0.2 * INCH)
            self._findings(slide, picture.findings, top, SLIDE_FINDINGS, 12, left=left,
                           width=WIDTH - left - edge, height=room)
        else:
            # "Fix first" and three findings at 12 pt, as tall as their lines need.
            strip = min(_height(self._finding_lines(picture.findings, SLIDE_FINDINGS),
                                WIDTH - 2 * MARGIN, 12, self.measure), room // 2)
            if png is not None:
                self._picture(slide, png, top, room - strip, edge, wide)
            else:
                self._text(slide, [say(NOT_DRAWN(why=picture.not_drawn or ""))], top,
                           int(0.5 * INCH), 14)
            self._findings(slide, picture.findings, HEIGHT - strip - int(0.05 * INCH),
                           SLIDE_FINDINGS, 12, height=strip)
        if len(fix_first(picture.findings, SLIDE_FINDINGS + 1)) > SLIDE_FINDINGS:
            # The next slide goes on from there: the three above are not listed again.
            slide = self._slide(say(JOURNEY_FIX(name=journey["name"])))
            self._findings(slide, picture.findings, int(1.3 * INCH), JOURNEY_FINDINGS, 14,
                           after=SLIDE_FINDINGS)

    def _picture(self, slide: Any, png: bytes, top: int, room: int, left: int, wide: int,
                 centred: bool = True) -> int:
        """The picture as large as ``wide`` by ``room`` allows, centred in that width or at
        its left; its width."""
        width, height = _png_size(png)
        if width / height >= wide / room:
            shown = (wide, int(wide * height / width))
        else:
            shown = (int(room * width / height), room)
        if centred:
            left += (wide - shown[0]) // 2
        slide.shapes.add_picture(io.BytesIO(png), left, top, shown[0], shown[1])
        return shown[0]

    def _findings(self, slide: Any, findings: list[dict[str, Any]], top: int,
                  most: int = TOP_FINDINGS, points: float = 12, left: int = MARGIN,
                  width: int = WIDTH - 2 * MARGIN, height: int | None = None,
                  after: int = 0) -> None:
        self._text(slide, self._finding_lines(findings, most, after), top,
                   height or HEIGHT - top - int(0.2 * INCH), points, left, width)

    def _finding_lines(self, findings: list[dict[str, Any]], most: int, after: int = 0
                       ) -> list[str | tuple[str, str, str, str]]:
        """What to fix first (or, ``after`` that many, next), one line per cause as in the
        report's "Fix first", and how many findings the report holds besides."""
        ordered = fix_first(findings, len(findings))
        shown = ordered[after:after + most]
        lines: list[str | tuple[str, str, str, str]] = [say(NEXT() if after else TOP())]
        for item in shown:
            # The sentence is the translator's; only the severity in it is coloured.
            line = say(FINDING_LINE(severity="\0", message=item["message"].replace("\0", "")))
            before, _, rest = line.partition("\0")
            lines.append((before, severity_name(item["severity"]),
                          SEVERITY_COLOURS.get(item["severity"], "202124"), rest))
        told = len(ordered[:after + most])  # the lines shown; a cause's others are in the report
        if len(findings) > told:
            lines.append(say(MORE(count=len(findings) - told)))
        if not ordered:
            lines.append(say(NOTHING()))
        return lines

    def department(self, entry: dict[str, Any], findings: list[dict[str, Any]]) -> None:
        name = entry["department"]["name"] if entry["department"] else say(NO_RESPONSIBLE())
        slide = self._slide(say(DEPARTMENT(name=name)))
        self._text(slide, [say(DEPARTMENT_FIGURES(coverage=_ratio(entry["coverage"]),
                                                  findings=number(entry["findings"])))],
                   int(1.2 * INCH), int(0.5 * INCH), 14)
        self._findings(slide, findings, int(1.9 * INCH))

    def save(self) -> bytes:
        properties = self.presentation.core_properties
        properties.title = self.title
        properties.author = properties.last_modified_by = "cxmodel"
        properties.revision = 1
        properties.created = properties.modified = datetime.datetime(2000, 1, 1)
        out = io.BytesIO()
        self.presentation.save(out)
        return _fixed_times(out.getvalue())


_DATED = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _height(lines: list[str | tuple[str, str, str, str]], width: int, points: float,
            measure: Measure) -> int:
    """How tall a text box ``width`` wide must be for ``lines`` at ``points`` (``measure``
    gives a text's width in points at a size), each line wrapped, at 1.2 lines to the
    point size, with the box's insets (0.1 inch each side, 0.05 above and below)."""
    usable = (width - int(0.2 * INCH)) / INCH * 72
    shown = [line if isinstance(line, str) else line[0] + line[1] + line[3] for line in lines]
    count = sum(max(1, math.ceil(measure(line, points) / usable)) for line in shown)
    return int(count * points * 1.2 / 72 * INCH + 0.1 * INCH)


def _rough_width(text: str, points: float) -> float:
    """Half an em a character: a text's width when no better measure is given."""
    return len(text) * points * 0.5


def _png_size(png: bytes) -> tuple[int, int]:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as image:
        return image.size


def _fixed_times(package: bytes) -> bytes:
    """The package with every part dated alike: python-pptx dates the zip entries now, and
    the workbook behind a chart (written by XlsxWriter) says when it was created."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, FIXED)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            part = source.read(item.filename)
            if item.filename.endswith(".xlsx"):
                part = _fixed_times(part)
            elif item.filename.endswith("core.xml"):
                part = _DATED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", part)
            target.writestr(entry, part)
    return out.getvalue()


def deck(data: dict[str, Any], journeys: list[JourneyPicture], titled: bool = True,
         measure: Measure = _rough_width) -> bytes:
    """The deck of a report (report data) and its journeys' blueprints; without ``titled``,
    the report's title is the workspace folder's name, and the deck is titled as a review
    of that workspace."""
    made = _Deck(data["title"], titled, measure)
    summary = data["summary"]
    made.title_slide(say(SUMMARY(journeys=JOURNEYS(count=summary["journeys"]),
                                 touchpoints=touchpoints_held(summary),
                                 channels=CHANNELS(count=summary["channels"]),
                                 posts=POSTS(count=summary["listening_posts"]))))
    made.coverage(data)
    if data["results"]["recorded"]:
        made.targets(data["results"])
    for picture in journeys:
        made.journey(picture)
    by_department: dict[str | None, list[dict[str, Any]]] = {}
    for item in data["findings"]:
        if not not_owned(item):  # those are counted apart from every department
            by_department.setdefault(item["department"], []).append(item)
    for entry in data["coverage"]["departments"]:
        key = entry["department"]["id"] if entry["department"] else None
        if entry["findings"] or entry["coverage"]["total"]:
            made.department(entry, by_department.get(key, []))
    return made.save()
