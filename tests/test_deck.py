"""export pptx: the gap report as a deck for management, opened with python-pptx as
PowerPoint would: slides, titles, the coverage chart's values, the blueprints' pictures,
the findings in plain words, in the run's language; escaped and byte-identical."""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.shapes import MSO_SHAPE_TYPE

import cxmodel
from cxmodel.cli import main
from cxmodel.messages.render import use
from cxmodel.report.headlines import HEADLINES
from tests.conftest import EXAMPLES

RETAILER = EXAMPLES / "omnichannel-retailer"


def _deck(capsys: pytest.CaptureFixture[str], out: Path, *args: str) -> tuple[int, Any]:
    code = main(["export", "pptx", *args, "-o", str(out)])
    capsys.readouterr()
    return code, Presentation(str(out))


def _texts(slide: Any) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _laid_out(deck: Any, slide: Any) -> None:
    """Every shape of the slide lies on it, and no two overlap (a picture and the text
    beside or under it)."""
    boxes = [(s.left, s.top, s.left + s.width, s.top + s.height) for s in slide.shapes
             if s.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.TEXT_BOX)]
    for left, top, right, bottom in boxes:
        assert left >= 0 and top >= 0
        assert right <= deck.slide_width and bottom <= deck.slide_height
    for n, a in enumerate(boxes):
        for b in boxes[n + 1:]:
            assert min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])


def test_the_retailers_deck(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, deck = _deck(capsys, tmp_path / "deck.pptx", str(RETAILER))
    assert code == 1  # the example's error-level finding, as report says
    slides = list(deck.slides)
    titles = [s.shapes.title.text for s in slides]
    result = cxmodel.check(RETAILER)
    assert result.workspace is not None
    journeys = [title for j in result.workspace.journeys
                for title in (f"Journey: {j.name}", f"{j.name}: what to fix next")]
    assert titles[:3] == ["Voice of the customer: listening gap review", "How well we listen",
                          "Targets and results"]
    assert titles[3:9] == journeys
    assert titles[9:] == [
        "Department: E-commerce", "Department: Digital experience",
        "Department: Customer contact centre", "Department: Store operations",
        "Department: Logistics and delivery", "Department: Marketing and CRM",
        "Department: CX office", "Department: No responsible department"]
    assert deck.slide_width / deck.slide_height == pytest.approx(16 / 9, abs=0.01)
    # The title slide says what the model holds (with no --title, of which workspace).
    assert _texts(slides[0])[1].splitlines() == [
        "Workspace: omnichannel-retailer",
        "3 journeys, 14 touchpoints (plus 1 notice), 11 channels and 9 listening posts"]
    # Every run of text is tagged with the run's language, for spell-checking.
    runs = [run for slide in slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert runs and {run.font.language_id for run in runs} == {MSO_LANGUAGE_ID.ENGLISH_UK}
    # The coverage chart: the five headline figures, as the report counts them.
    (chart,) = [s.chart for s in slides[1].shapes if s.has_chart]
    plot = chart.plots[0]
    assert dict(zip(plot.categories, plot.series[0].values, strict=True)) == {
        "Journeys whose channels share an experience metric": pytest.approx(33.3),
        "Outer loops closed (of all listening posts)": pytest.approx(88.9),
        "Inner loops closed (of the posts that hear identifiable customers)":
            pytest.approx(71.4),
        "Moments of truth measured directly": pytest.approx(75.0),
        "Touchpoints covered by a listening post": pytest.approx(92.9)}
    assert "Findings: 1 error, 23 warnings, 2 infos" in _texts(slides[1])
    # Targets against their latest values, the worst first.
    lines = _texts(slides[2])[1].splitlines()
    assert lines[1] == ("✗ missed · Web chat · Customer satisfaction (CSAT): 4.1 (November 2026), "
                        "target at least 4.3")
    assert lines[2].startswith("~ indicative · Stores · Customer satisfaction (CSAT): 4")
    # A journey: its figures and its blueprint, as large as the slide allows (its cells
    # are read on a projector), its three most urgent findings beside it, and the rest of
    # what to fix first on the next slide.
    order = slides[3]
    (picture,) = [s for s in order.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    _laid_out(deck, order)
    assert picture.width * picture.height > 0.45 * deck.slide_width * deck.slide_height
    with Image.open(io.BytesIO(picture.image.blob)) as image:
        assert image.format == "PNG" and image.width <= 4000
    texts = _texts(order)
    assert texts[1] == ("Touchpoints covered: 6/7 (85.7%) · moments of truth measured "
                        "directly: 1/2 (50%)")
    findings = texts[2].splitlines()
    assert findings[0] == "Fix first"
    # Each says its severity first, in bold and the severity's colour.
    assert findings[1].startswith("error: Touchpoint 'Call to change the delivery date'")
    first_finding = [s for s in order.shapes if s.has_text_frame][2].text_frame.paragraphs[1]
    lead = first_finding.runs[0]
    assert lead.text == "error" and lead.font.bold
    assert str(lead.font.color.rgb) == "B3261E"
    assert findings[-1] == "and 1 more finding in the report"
    assert len(findings) == 5
    # The next slide goes on from the three beside the blueprint, not repeating them (a
    # Polish insurer's review: the same findings twice in a row).
    fix = _texts(slides[4])[1].splitlines()
    assert fix[0] == "Then" and len(fix) == 2 and fix[1] not in findings
    # A department's gaps.
    contact = _texts(slides[11])
    assert contact[1] == ("Touchpoints it is responsible for, covered: 4/4 (100%) · "
                          "findings: 8")
    listed = contact[2].splitlines()  # the five most urgent; the rest are counted
    assert len(listed) == 7 and listed[-1] == "and 3 more findings in the report"


def test_the_deck_speaks_the_workspaces_language(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, deck = _deck(capsys, tmp_path / "konto.pptx", str(EXAMPLES / "bank-account-opening"))
    assert code in (0, 1)
    slides = list(deck.slides)
    kicker = slides[0].shapes.title.text
    assert "Voice" not in kicker and "How well we listen" not in slides[1].shapes.title.text
    assert kicker == "Głos klienta: przegląd luk w słuchaniu"
    assert {run.font.language_id for shape in slides[2].shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs
            for run in paragraph.runs} == {MSO_LANGUAGE_ID.POLISH}
    assert slides[2].shapes.title.text.startswith("Ścieżka klienta: ")
    (chart,) = [s.chart for s in slides[1].shapes if s.has_chart]
    try:
        use("pl")
        labels = {h.label for h in HEADLINES}
    finally:
        use("en")
    assert set(chart.plots[0].categories) == labels
    assert any(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slides[2].shapes)
    for slide in slides:
        _laid_out(deck, slide)
    assert "Objęte punkty styku: 2/2 (100%) · momenty prawdy mierzone bezpośrednio: 1/1 (100%)" \
        in [t for s in slides for t in _texts(s)]
    # Percentages as Polish writes them: the retailer's, in Polish.
    _, retailer = _deck(capsys, tmp_path / "sklep.pptx", "--lang", "pl",
                        str(EXAMPLES / "omnichannel-retailer"))
    assert "(85,7%)" in " ".join(t for s in retailer.slides for t in _texts(s))


def test_user_text_is_text_and_the_deck_is_the_same_bytes_twice(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(RETAILER, ws)
    journey = ws / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace(
        "name: Click and collect in a store", 'name: "<b>Click</b> & collect \\"now\\""'),
        encoding="utf-8")
    first, second = tmp_path / "a.pptx", tmp_path / "b.pptx"
    _, deck = _deck(capsys, first, str(ws))
    assert "Journey: <b>Click</b> & collect \"now\"" in [s.shapes.title.text
                                                      for s in deck.slides]
    _deck(capsys, second, str(ws))
    assert first.read_bytes() == second.read_bytes()


def test_an_existing_file_is_kept_without_force(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "deck.pptx"
    out.write_bytes(b"mine")
    assert main(["export", "pptx", str(RETAILER), "-o", str(out)]) == 2
    assert "--force" in capsys.readouterr().err
    assert out.read_bytes() == b"mine"
    assert main(["export", "pptx", str(RETAILER), "-o", str(out), "--force"]) == 1
    assert capsys.readouterr().err.startswith(f"wrote {out.as_posix()}: 17 slides; exit 1")


def test_a_wide_blueprint_has_its_findings_under_it_and_both_fit_the_slide(
        write: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Nine steps in one row make a blueprint wider than the slide: its three most urgent
    findings go under it, in a box as tall as their wrapped lines need (measured with
    Arial's widths), and the picture shrinks to leave it room."""
    from cxmodel.diagrams.metrics import text_width

    steps = "".join(f"      - {{id: s{n}, name: Krok numer {n} w aplikacji banku, "
                    f"channel: app, moment_of_truth: true}}\n" for n in range(9))
    folder = write("wide/model.yaml", f"""\
departments: [{{id: d, name: Bankowość cyfrowa}}]
channels: [{{id: app, name: Aplikacja mobilna, kind: app, owner: d}}]
journeys:
  - id: j
    name: Otwarcie konta
    steps:
{steps}""").parent
    code, deck = _deck(capsys, tmp_path / "wide.pptx", str(folder), "--lang", "pl")
    assert code in (0, 1)
    slide = list(deck.slides)[2]
    (picture,) = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    box = [s for s in slide.shapes if s.has_text_frame and s.text_frame.text.startswith(
        "Do naprawy w pierwszej kolejności")]
    assert len(box) == 1
    (findings,) = box
    assert findings.top >= picture.top + picture.height  # under it
    _laid_out(deck, slide)
    usable = (findings.width - 0.2 * 914_400) / 914_400 * 72
    needed = sum(max(1, -(-text_width(p.text, 12) // usable))
                 for p in findings.text_frame.paragraphs)
    assert findings.height >= needed * 12 * 1.2 / 72 * 914_400
