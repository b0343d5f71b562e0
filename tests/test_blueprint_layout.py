"""The blueprint as practitioners draw it (issue #17): the customer's emotion as a curve, pain
points at their steps, a legend of swatches, a long journey wrapped into rows at stage
boundaries, and text broken by the Unicode line-breaking rules."""

from __future__ import annotations

import itertools
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import cxmodel
from cxmodel.diagrams import engine
from cxmodel.diagrams.blueprint import EMOTION_COLOURS, blueprint
from cxmodel.diagrams.labels import wrap
from cxmodel.diagrams.marks import MAX_COLUMNS, rows_of
from cxmodel.diagrams.metrics import text_width
from cxmodel.model import Journey, Workspace
from tests.conftest import EXAMPLES

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(autouse=True)
def embedded_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXMODEL_ENGINE", "embedded")


def drawn(ws: Workspace, journey: Journey) -> ET.Element:
    dot, layout = blueprint(ws, journey)
    return ET.fromstring(engine.render(dot, "svg", layout))


def by_id(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("id", ""): g for g in root.iter(f"{SVG}g")}


def texts(group: ET.Element) -> list[str]:
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def centre(group: ET.Element) -> tuple[float, float]:
    """The centre of a node's shape (an ellipse, or a polygon's points)."""
    ellipse = next(group.iter(f"{SVG}ellipse"), None)
    if ellipse is not None:
        return float(ellipse.get("cx", 0)), float(ellipse.get("cy", 0))
    polygon = next(group.iter(f"{SVG}polygon"), None)
    assert polygon is not None
    points = [tuple(map(float, p.split(","))) for p in (polygon.get("points") or "").split()]
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


def retailer() -> tuple[Workspace, Journey]:
    ws = cxmodel.load(EXAMPLES / "omnichannel-retailer").workspace
    assert ws is not None
    journey = ws.journey("online-order")
    assert journey is not None
    return ws, journey


def test_the_emotion_curve_runs_through_each_step_with_an_emotion() -> None:
    ws, journey = retailer()
    found = by_id(drawn(ws, journey))
    assert texts(found["lane-emotion"]) == ["Customer emotion"]
    feeling = {i: s.emotion for i, s in enumerate(journey.steps) if s.emotion is not None}
    assert feeling == {0: 1, 1: 1, 2: 1, 3: 0, 4: -1, 5: -2, 6: 1, 7: 2}
    points = {i: found[f"emotion-{i}"] for i in feeling}
    # Each point is coloured by its level, and sits higher the better the customer feels:
    # 11 points per level, in its step's column.
    # The call to change the date (5) is a branch: a hollow point, its border coloured.
    for index, point in points.items():
        ellipse = next(point.iter(f"{SVG}ellipse"), None)
        assert ellipse is not None
        shown = ellipse.get("stroke") if index == 5 else ellipse.get("fill")
        assert shown == EMOTION_COLOURS[feeling[index]]
    assert next(points[5].iter(f"{SVG}ellipse")).get("fill") == "white"
    ys = {i: centre(p)[1] for i, p in points.items()}
    for index in feeling:
        assert ys[index] - ys[7] == pytest.approx(11.0 * (2 - feeling[index]), abs=0.2)
    xs = [centre(points[i])[0] for i in sorted(points)]
    assert xs == sorted(xs) and len(set(xs)) == len(xs)
    step_x = [centre(found[f"step-{i}"])[0] for i in sorted(points)]
    assert xs == pytest.approx(step_x, abs=0.2)
    # The curve joins them in the customer's order along the main path (past the branch);
    # the neutral level is dotted.
    curve = sorted(key for key in found if key.startswith("emotion-curve-"))
    assert curve == [*(f"emotion-curve-{i}-{i + 1}" for i in range(4)), "emotion-curve-4-6",
                     "emotion-curve-6-7"]
    assert "emotion-zero" in found
    assert [texts(found[f"emotion-axis-{n}"]) for n in (4, 2, 0)] == [["+2"], ["0"], ["−2"]]
    # The emotion and pain points sit above the customer's actions, so the arrows from the
    # customer's actions to the frontstage cross no other lane.
    top = {key: centre(found[f"lane-{key}"])[1] for key in ("emotion", "pain", "customer",
                                                             "frontstage")}
    assert top["emotion"] < top["pain"] < top["customer"] < top["frontstage"]


def test_a_gap_in_the_emotions_is_dashed(write) -> None:  # type: ignore[no-untyped-def]
    path = write("gap/model.yaml", """\
departments: [{id: d}]
channels: [{id: web, kind: web, owner: d}]
journeys:
  - id: j
    steps:
      - {id: a, channel: web, customer: Looks, emotion: 2}
      - {id: b, channel: web, customer: Waits}
      - {id: c, channel: web, customer: Gives up, emotion: -2}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    found = by_id(drawn(ws, ws.journeys[0]))
    curve = found["emotion-curve-0-2"].find(f"{SVG}path")
    assert curve is not None and curve.get("stroke-dasharray")
    assert "emotion-1" not in found


def test_pain_points_have_their_own_lane_at_their_steps() -> None:
    ws, journey = retailer()
    found = by_id(drawn(ws, journey))
    assert texts(found["lane-pain"]) == ["Pain points"]
    for index, step in enumerate(journey.steps):
        if not step.pain_points:
            assert f"cell-pain-{index}" not in found
            continue
        cell = found[f"cell-pain-{index}"]
        polygon = cell.find(f"{SVG}polygon")
        assert polygon is not None and polygon.get("fill") == "#fef7e0"
        assert polygon.get("stroke") == "#f9ab00"
        lines = " ".join(texts(cell))
        assert lines.count("⚡") == len(step.pain_points)
    assert texts(found["cell-pain-1"]) == ["⚡ Packed dimensions are not on",
                                           "the product page"]


def test_the_legend_explains_each_fill_and_mark_with_a_swatch() -> None:
    ws, journey = retailer()
    found = by_id(drawn(ws, journey))
    entries = {" ".join(texts(found[key])): key.rsplit("-", 1)[0] for key in found
               if key.startswith("legend-") and key.endswith("-text")}

    def swatch(text: str) -> ET.Element:
        return found[f"{entries[text]}-swatch"].find(f"{SVG}polygon")  # type: ignore[return-value]

    # A swatch has the fill and border of the cells it explains.
    unmeasured = next(found["step-4"].iter(f"{SVG}polygon"))  # the delivery-slot SMS
    assert texts(found["step-4"])[-1] == "✗ not measured"
    assert swatch("✗ not measured").get("fill") == unmeasured.get("fill")
    assert swatch("✗ not measured").get("stroke") == unmeasured.get("stroke")
    # The order confirmation is a notice the company sends, which no post hears: grey, no
    # ✗, and the legend says what that means.
    notice = next(found["step-3"].iter(f"{SVG}polygon"))
    assert found["step-3"].get("class") == "node step notice touchpoint"
    assert " ".join(texts(found["step-3"])).endswith("notice to the customer: not surveyed")
    assert swatch("notice to the customer: not surveyed").get("fill") == notice.get("fill")
    assert notice.get("fill") != unmeasured.get("fill")
    assert not any("✗" in text for text in texts(found["step-3"]))
    assert swatch("✓ measured").get("fill") != swatch("✗ not measured").get("fill")
    assert swatch("⚡ a pain point the customer feels here").get("fill") == "#fef7e0"
    emotion = entries["● the customer's emotion at each step, from −2 to +2 (dashed: steps "
                      "without an emotion in between)"]
    dots = [next(found[f"{emotion}-swatch{n}"].iter(f"{SVG}ellipse")) for n in (0, 2, 4)]
    assert [d.get("fill") for d in dots] == [
        EMOTION_COLOURS[-2], EMOTION_COLOURS[0], EMOTION_COLOURS[2]]
    # Every text lies inside the legend's box.
    box = found["legend"].find(f"{SVG}polygon")
    assert box is not None
    points = [tuple(map(float, p.split(","))) for p in (box.get("points") or "").split()]
    right = max(p[0] for p in points)
    for text in entries:
        line = next(found[f"{entries[text]}-text"].iter(f"{SVG}text"))
        x = float(line.get("x", 0))
        assert x + text_width(text, 10) <= right, text


def long_journey(write, steps: int = 40) -> tuple[Workspace, Journey]:  # type: ignore[no-untyped-def]
    stages = "\n".join(f"      - {{id: s{n}, name: Stage {n}}}" for n in range(5))
    rows = "\n".join(
        f"      - {{id: p{i}, name: Step {i}, stage: s{i * 5 // steps}, channel: web, "
        f"customer: Does thing {i}, emotion: {i % 5 - 2}}}" for i in range(steps))
    path = write("long/model.yaml", f"""\
departments: [{{id: d}}]
channels: [{{id: web, kind: web, owner: d}}]
journeys:
  - id: long
    stages:
{stages}
    steps:
{rows}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    return ws, ws.journeys[0]


def test_a_40_step_journey_wraps_into_rows_at_stage_boundaries(write) -> None:  # type: ignore[no-untyped-def]
    ws, journey = long_journey(write)
    # Five stages of eight steps: one stage a row, each within the nine columns a row holds.
    assert rows_of(journey.steps) == [range(n * 8, n * 8 + 8) for n in range(5)]
    root = drawn(ws, journey)
    width = float(re.sub("pt$", "", root.get("width", "")))
    assert width <= 2000, width
    found = by_id(root)
    # Each row repeats the lane titles; the customer's path leaves a row at its edge with the
    # next step's name, and comes into the next row with an arrow.
    assert texts(found["lane-customer"]) == ["Customer actions"]
    for row in range(2, 6):
        assert texts(found[f"lane-customer-row{row}"]) == ["Customer actions"]
    for row in range(4):
        last = row * 8 + 7
        assert texts(found[f"flow-{last}-{last + 1}-to"]) == [f"→ Step {last + 1}"]
        assert f"flow-{last}-{last + 1}-in" in found
    stages = sorted(key for key in found if re.fullmatch(r"stage-\d+", key))
    assert stages == sorted(f"stage-{n * 8}" for n in range(5))


def test_a_stage_longer_than_a_row_is_cut_into_even_parts(write) -> None:  # type: ignore[no-untyped-def]
    _, journey = long_journey(write, steps=60)  # five stages of twelve
    assert [len(r) for r in rows_of(journey.steps)] == [6, 6] * 5
    assert all(len(r) <= MAX_COLUMNS for r in rows_of(journey.steps))


# --- Line breaking: UAX #14 with the CJK prohibitions ---------------------------------------

def test_chinese_lines_never_start_with_closing_punctuation() -> None:
    text = ("客户在签署协议之前，需要确认身份（通过视频），然后等待审核。"
            "审核通过后，工程师会联系客户。")
    for width in range(40, 200, 7):
        lines = wrap(text, width, 11)
        assert "".join(lines) == text
        for line in lines:
            assert line[0] not in "，。）、：；」』", (width, lines)
            assert line[-1] not in "（「『", (width, lines)
            assert text_width(line, 11) <= width or len(line) == 1, (width, lines)


def test_a_lone_ideograph_is_not_left_on_a_line_of_its_own() -> None:
    for width in range(30, 160, 3):
        lines = wrap("需要联系的是现场工程师", width, 11)
        if len(lines) > 1:
            assert len(lines[-1]) > 1, (width, lines)


def test_latin_breaks_at_spaces_and_keeps_words_whole() -> None:
    text = "Zamówienie potwierdza Centrum operacji sp. z o.o. w ciągu minuty"
    for width in range(60, 240, 5):
        lines = wrap(text, width, 11)
        assert " ".join(lines) == text, (width, lines)  # no word broken, none lost
        for line, following in itertools.pairwise(lines):
            assert text_width(line, 11) <= width
            # Filled as far as the measured width allows: the next word did not fit, or
            # the next line starts with a one-letter word that may not end a line and the
            # word after it did not fit.
            words = following.split()
            if len(words[0]) == 1 and len(words) > 1:
                assert text_width(f"{line} {words[0]} {words[1]}", 11) > width, (width, lines)
            else:
                assert text_width(f"{line} {words[0]}", 11) > width, (width, lines)


def test_max_lines_ends_with_an_ellipsis() -> None:
    lines = wrap("word " * 200, 100, 11, max_lines=3)
    assert len(lines) == 3 and lines[-1].endswith("…")


def test_a_row_of_a_huge_journey_is_never_wider_than_nine_columns(
        write) -> None:  # type: ignore[no-untyped-def]
    _, journey = long_journey(write, steps=100)
    assert max(len(r) for r in rows_of(journey.steps)) <= MAX_COLUMNS


@pytest.mark.parametrize("view", ["blueprint", "journey", "channels", "ownership"])
def test_every_text_is_at_least_11_px_at_100_percent(
        view: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Graphviz draws in points (72 to the inch), a screen at 100% in CSS pixels (96): 11 px
    is 8.25 pt. The emotion axis and a row's "→ next step" are the smallest, at 9 pt."""
    from cxmodel.cli import main

    assert main(["render", str(EXAMPLES / "omnichannel-retailer"), "--journey",
                 "online-order", "--view", view]) == 1
    root = ET.fromstring(capsys.readouterr().out)
    sizes = {float(t.get("font-size", "0")) for t in root.iter(f"{SVG}text")}
    assert sizes and min(sizes) * 96 / 72 >= 11, sorted(sizes)


def test_a_one_letter_word_never_ends_a_line() -> None:
    """Polish typesetting leaves no "w", "z" or "i" at the end of a line: it goes down with
    the word it belongs to."""
    lines = wrap("Klient loguje się w aplikacji i sprawdza status wniosku z banku", 120, 11)
    assert lines == ["Klient loguje się", "w aplikacji i sprawdza", "status wniosku z banku"]
    for text in ("Klient loguje się w aplikacji i sprawdza status wniosku z banku",
                 "Doradca w oddziale i klient w domu z aplikacją o północy",
                 "Customer pays with a card and gets a receipt by e-mail"):
        for width in range(60, 200, 7):
            assert not any(line.split()[-1] in set("aiouwzAIOUWZ") and len(line.split()) > 1
                           for line in wrap(text, width, 11)[:-1]), (text, width)


def test_a_hyphenated_id_in_non_ascii_text_is_not_broken_at_its_hyphen() -> None:
    lines = wrap("Przejście do otwarcie-konta w aplikacji mobilnej banku", 90, 11)
    assert "otwarcie-konta" in " ".join(lines).split()
    assert not any(line.endswith("-") for line in lines)


def test_improvement_actions_are_drawn_at_the_steps_they_aim_at() -> None:
    """The retailer's refund-eta action answers a speech-analytics theme that points at the
    "refund has not arrived" problem: it is drawn, with its owner and due date, under the
    listening of both steps where customers raise that problem, and the legend says what
    the lane holds."""
    ws = cxmodel.load(EXAMPLES / "omnichannel-retailer").workspace
    assert ws is not None
    journey = ws.journey("return-item")
    assert journey is not None
    found = by_id(drawn(ws, journey))
    assert texts(found["lane-actions"]) == ["Improvement actions"]
    cells = {key: texts(g) for key, g in found.items() if key.startswith("cell-actions-")}
    raising = [n for n, s in enumerate(journey.steps)
               if any(p.id == "refund-delay" for p in s.problems)]
    assert len(raising) == 2
    for n in raising:
        assert cells[f"cell-actions-{n}"] == [
            "▲ Tell customers when the refund", "comes, in the return confirmation",
            "E-commerce, due", "31\u00a0January\u00a02027"]
    assert set(cells) == {f"cell-actions-{n}" for n in raising}
    legend = [" ".join(texts(g)) for key, g in found.items()
              if key.startswith("legend-") and key.endswith("-text")]
    assert "▲ improvement action at this step, with its owner and due date" in legend


def test_an_overdue_action_says_so_and_a_finished_one_is_not_drawn(write) -> None:  # type: ignore[no-untyped-def]
    path = write("acts/model.yaml", """\
departments: [{id: d, name: Digital}]
channels: [{id: sms, kind: sms, owner: d}]
journeys:
  - id: j
    steps:
      - {id: a, channel: sms}
      - {id: b, channel: sms}
actions:
  - {id: late, title: Measure the SMS, owner: d, origin: {finding: "CX101:j/a"},
     due: 2026-01-31, status: open}
  - {id: soon, title: Ask after the SMS, owner: d, origin: {finding: "CX101:j/b"},
     due: 2099-01-31, status: in-progress}
  - {id: over, title: Old idea, owner: d, origin: {finding: "CX101:j/a"}, due: 2025-01-31,
     status: done}
""")
    result = cxmodel.check(path.parent)
    ws = result.workspace
    assert ws is not None
    dot, layout = blueprint(ws, ws.journeys[0], result.analysis.results)
    found = by_id(ET.fromstring(engine.render(dot, "svg", layout)))
    # The date is kept on one line (no-break spaces).
    assert texts(found["cell-actions-0"]) == [
        "▲ Measure the SMS", "Digital, overdue since", "31\u00a0January\u00a02026"]
    assert texts(found["cell-actions-1"]) == [
        "▲ Ask after the SMS", "Digital, due 31\u00a0January\u00a02099"]


def test_paths_going_on_in_the_next_row_keep_their_labels_apart(write) -> None:  # type: ignore[no-untyped-def]
    """A branch at the end of a row (face check passed, or the account is frozen) sends the
    customer to two steps of the next row: each path ends at the row's edge with its own
    "→ step" label, and the labels do not lie on top of each other."""
    steps = "\n".join(f"      - {{id: s{n}, name: Step number {n}, channel: web}}"
                       for n in range(12))
    # Twelve steps without stages: two rows of six.
    steps = steps.replace("{id: s5, name: Step number 5, channel: web}",
                          "{id: s5, name: Step number 5, channel: web, next: [s6, s10]}")
    path = write("rows/model.yaml", f"""\
departments: [{{id: d}}]
channels: [{{id: web, kind: web, owner: d}}]
journeys:
  - id: j
    steps:
{steps}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    found = by_id(drawn(ws, ws.journeys[0]))
    labels = {key: g for key, g in found.items() if key.endswith("-to")}
    assert {key: texts(g) for key, g in labels.items()} == {
        "flow-5-6-to": ["→ Step number 6"], "flow-5-10-to": ["→ Step number 10"]}
    ys = sorted(float(next(g.iter(f"{SVG}text")).get("y", 0)) for g in labels.values())
    assert ys[1] - ys[0] >= 12  # a 9-pt line each
    # The branch comes into the next row from its left edge, named, down into its step
    # (the path from step 5 to step 6, the row's first, has its own arrow).
    assert texts(found["flow-5-10-in-from"]) == ["Step number 5 →"]
    assert "flow-5-10-in" in found and "flow-5-6-in-from" not in found
    assert "flow-5-6-in" in found


def test_the_journey_maps_curve_follows_the_main_path_and_marks_branches() -> None:
    """The call to change the delivery date is a branch (the SMS step's `next` lists
    tracking first): its −2 is a hollow point off the curve, its box says so, and the
    curve runs from the SMS step to tracking, so the dip does not read as everyone's."""
    from cxmodel.diagrams.journey_map import journey_map, main_path

    ws, journey = retailer()
    found = by_id(ET.fromstring(engine.render(*journey_map(ws, journey)[:1], "svg", "nop")))
    positions = {s.id: s.position for s in journey.steps}
    call, sms = positions["call-to-change-date"], positions["delivery-slot-sms"]
    track = positions["track-delivery"]
    assert call not in main_path(journey) and {sms, track} <= main_path(journey)
    point = found[f"point-{call}"]
    assert "detour" in (point.get("class") or "")
    assert next(point.iter(f"{SVG}polygon")).get("fill") == "white"  # a hollow star
    assert texts(found[f"step-{call}"])[-1] == "○ on a branch"
    curves = {key for key in found if key.startswith("curve-")}
    assert f"curve-{sms}-{track}" in curves
    assert not any(str(call) in key.split("-")[1:] for key in curves)
    legend = texts(found["legend"])
    assert legend[-1] == ("○ a step on a branch, not on every customer's path (the curve "
                          "follows the main path)")
    # A journey without branches has no such line.
    pickup = ws.journey("store-pickup")
    assert pickup is not None and len(main_path(pickup)) == len(pickup.steps)
    plain_legend = texts(by_id(ET.fromstring(engine.render(
        *journey_map(ws, pickup)[:1], "svg", "nop")))["legend"])
    assert not any(line.startswith("○") for line in plain_legend)


def test_an_actions_finding_is_found_at_the_step_its_fingerprint_names(write) -> None:  # type: ignore[no-untyped-def]
    from cxmodel.diagrams.marks import step_actions

    path = write("prints/model.yaml", """\
departments: [{id: d}]
channels: [{id: web, kind: web, owner: d}, {id: sms, kind: sms, owner: d}]
journeys:
  - id: j
    steps:
      - {id: a, channel: web}
      - {id: "a:x", channel: web}
      - {id: b, channel: sms}
actions:
  - {id: gap, title: Gap, owner: d, origin: {finding: "CX101:j/a"},
     due: 2099-01-01, status: open}
  - {id: metric, title: Metric, owner: d, origin: {finding: "CX203:j/a:x:p1"},
     due: 2099-01-01, status: open}
  - {id: handoff, title: Hand-off, owner: d, origin: {finding: "CX104:j/a>j/b"},
     due: 2099-01-01, status: open}
  - {id: old, title: Old, owner: d, origin: {finding: "CX809:CX101:j/a"},
     due: 2099-01-01, status: open}
  - {id: channel, title: Channel, owner: d, origin: {finding: "CX301:sms"},
     due: 2099-01-01, status: open}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    at = {s.id: [a.id for a in step_actions(ws, s)] for s in ws.journeys[0].steps}
    assert at == {"a": ["gap", "old"], "a:x": ["metric"], "b": ["handoff"]}


def test_a_40_step_journey_map_wraps_into_rows_as_the_blueprint_does(write) -> None:  # type: ignore[no-untyped-def]
    """Five stages of eight steps: a row each, each with its own emotion axis; the curve
    does not run across rows, and the picture stays within a printable width."""
    from cxmodel.diagrams.journey_map import journey_map

    ws, journey = long_journey(write)
    root = ET.fromstring(engine.render(journey_map(ws, journey)[0], "svg", "nop"))
    assert float((root.get("width") or "0").removesuffix("pt")) <= 2000
    found = by_id(root)
    assert {f"axis-0{s}" for s in ("", "-row2", "-row3", "-row4", "-row5")} <= set(found)
    assert "axis-0-row6" not in found
    curves = [tuple(map(int, key.split("-")[1:])) for key in found if key.startswith("curve-")]
    assert len(curves) == 40 - 5  # seven in each row of eight
    assert all(a // 8 == b // 8 for a, b in curves)
    # Each row lies below the one before it.
    tops = [centre(found[f"step-{n}"])[1] for n in (0, 8, 16, 24, 32)]
    assert tops == sorted(tops) and len(set(tops)) == 5


def test_a_waived_gap_is_muted_and_the_legend_says_why(tmp_path: Path) -> None:
    """The delivery-slot SMS left unmeasured on purpose (it waives CX101): muted, not red,
    and the legend says what that means."""
    shutil.copytree(EXAMPLES / "omnichannel-retailer", tmp_path / "ws")
    path = tmp_path / "ws" / "journeys" / "online-order.yaml"
    text = path.read_text(encoding="utf-8")
    step = "      - id: delivery-slot-sms\n"
    assert step in text
    waiver = "        waive: {CX101: \"The carrier surveys it\"}\n"
    path.write_text(text.replace(step, step + waiver), encoding="utf-8")
    ws = cxmodel.load(tmp_path / "ws").workspace
    assert ws is not None
    journey = ws.journey("online-order")
    assert journey is not None
    found = by_id(drawn(ws, journey))
    entries = {" ".join(texts(found[key])): key.rsplit("-", 1)[0] for key in found
               if key.startswith("legend-") and key.endswith("-text")}
    waived = next(found["step-4"].iter(f"{SVG}polygon"))
    assert found["step-4"].get("class") == "node step waived touchpoint"
    assert texts(found["step-4"])[-1] == "✗ not measured (waived)"
    means = "✗ not measured on purpose: the step waives the gap, with its reason"
    swatch = found[f"{entries[means]}-swatch"]
    assert next(swatch.iter(f"{SVG}polygon")).get("fill") == waived.get("fill")
    unmeasured = next(found["step-5"].iter(f"{SVG}polygon"))  # the call: a moment of truth
    assert waived.get("fill") != unmeasured.get("fill")
    assert waived.get("stroke") != unmeasured.get("stroke")
