"""Diagrams: the SVG structure users rely on (every step, lane, line and mark), escaping of
user text, determinism, golden DOT for the examples, and both rendering engines."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.diagrams import engine
from cxmodel.diagrams.blueprint import blueprint
from cxmodel.diagrams.channels_map import channels_map
from cxmodel.diagrams.journey_map import journey_map
from cxmodel.diagrams.ownership_map import ownership_map
from cxmodel.diagrams.views import all_diagrams, diagram, map_size, safe_stem
from cxmodel.model import Workspace
from tests.conftest import EXAMPLES, skip_without

SVG = "{http://www.w3.org/2000/svg}"
GOLDEN = Path(__file__).parent / "golden" / "diagrams"


def workspace(name: str = "omnichannel-retailer") -> Workspace:
    ws = cxmodel.load(EXAMPLES / name).workspace
    assert ws is not None
    return ws


def svg_of(source: tuple[str, str]) -> ET.Element:
    dot, layout = source
    return ET.fromstring(engine.render(dot, "svg", layout))


def groups(root: ET.Element) -> dict[str, ET.Element]:
    return {g.get("id", ""): g for g in root.iter(f"{SVG}g")}


def has_class(group: ET.Element, *names: str) -> bool:
    """Graphviz writes class="node step ..." (its own kind first)."""
    return set(names) <= set((group.get("class") or "").split())


def text_of(group: ET.Element) -> str:
    return " ".join(t.text or "" for t in group.iter(f"{SVG}text"))


def texts_of(group: ET.Element) -> list[str]:
    """The group's text lines."""
    return [t.text or "" for t in group.iter(f"{SVG}text")]


def legend_of(found: dict[str, ET.Element]) -> list[str]:
    """The legend's lines in order: its title, then each entry's text (beside its swatch)."""
    entries = sorted((int(key.split("-")[1]), text_of(group)) for key, group in found.items()
                     if key.startswith("legend-") and key.endswith("-text"))
    return [text_of(found["legend-title"]), *(text for _, text in entries)]


@pytest.fixture(autouse=True)
def embedded_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    """The embedded engine, unless a test asks for the native one."""
    monkeypatch.setenv("CXMODEL_ENGINE", "embedded")


def test_blueprint_has_every_step_lane_line_and_mark() -> None:
    ws = workspace()
    journey = ws.journey("online-order")
    assert journey is not None
    found = groups(svg_of(blueprint(ws, journey)))
    for index, step in enumerate(journey.steps):
        assert step.name.split()[0] in text_of(found[f"step-{index}"])
    for lane in ("channel", "evidence", "customer", "frontstage", "backstage", "support",
                 "listening"):
        assert f"lane-{lane}" in found
        assert f"band-{lane}" in found
    assert "Physical evidence" in text_of(found["lane-evidence"])
    for line, words in (("interaction", "line of interaction"),
                        ("visibility", "line of visibility"),
                        ("internal", "line of internal interaction")):
        assert "line" in found[f"line-{line}"].get("class", "")
        assert words in text_of(found[f"line-{line}-title"])
    classes = {journey.steps[i].id: set(found[f"step-{i}"].get("class", "").split())
               for i in range(len(journey.steps))}
    assert {"step", "mot-unmeasured"} <= classes["call-to-change-date"]
    assert {"step", "unmeasured"} <= classes["delivery-slot-sms"]
    assert {"step", "notice"} <= classes["order-confirmation"]  # an automated e-mail
    confirmation = journey.step("order-confirmation")
    assert confirmation is not None
    assert "notice to the customer: not surveyed" in text_of(
        found[f"step-{confirmation.position}"])
    assert {"step", "measured"} <= classes["compare-products"]
    call = journey.step("call-to-change-date")
    assert call is not None
    assert "✗★" in text_of(found[f"step-{call.position}"])
    stages = [text_of(g) for key, g in found.items() if key.startswith("stage-")]
    assert [s.strip() for s in stages] == ["Choose", "Buy", "Receive"]
    # Hand-offs are where departments' people pass the customer on (CX601's definition):
    # the chat agent and the phone agent (contact centre) to the delivery crew (logistics).
    # The e-mail and SMS notices and the app are no hand-off, whoever owns them.
    marked = {step.id for index, step in enumerate(journey.steps)
              if "⇄" in text_of(found[f"cell-channel-{index}"])}
    assert marked == {"courier-delivers"}
    courier = journey.steps.index(journey.step("courier-delivers"))  # type: ignore[arg-type]
    assert "hand-off from Customer contact centre" in text_of(found[f"cell-channel-{courier}"])
    # Those two are not next to each other: no arrow; the bank's adjacent one has its arrow.
    assert not [key for key in found if key.startswith("handoff-")]
    bank = workspace("bank-account-opening")
    opening = bank.journey("otwarcie-konta")
    assert opening is not None
    in_bank = groups(svg_of(blueprint(bank, opening)))
    arrows = [key for key in in_bank if key.startswith("handoff-")
              and has_class(in_bank[key], "handoff")]
    assert arrows == ["handoff-2-3"]  # the video verification partner -> the branch
    for key in arrows:  # each arrow has its ⇄ mark drawn as text above it
        assert text_of(in_bank[f"{key}-mark"]).strip() == "⇄"
    # The branch after the SMS (next: [track-delivery, call-to-change-date]).
    sms = journey.steps.index(journey.step("delivery-slot-sms"))  # type: ignore[arg-type]
    track = journey.steps.index(journey.step("track-delivery"))  # type: ignore[arg-type]
    assert f"flow-{sms}-{track}" in found
    assert legend_of(found)[0] == "Legend"
    actors = text_of(found[f"cell-frontstage-{sms}"])
    assert "Logistics and delivery:" in actors


def test_journey_map_has_emotion_curve_moments_of_truth_and_pain_points() -> None:
    ws = workspace()
    journey = ws.journey("online-order")
    assert journey is not None
    found = groups(svg_of(journey_map(ws, journey)))
    points = [key for key in found if key.startswith("point-")]
    assert len(points) == sum(1 for s in journey.steps if s.emotion is not None)
    stars = [key for key, g in found.items() if has_class(g, "moment-of-truth")]
    assert len(stars) == sum(1 for s in journey.steps if s.moment_of_truth)
    assert any(key.startswith("curve-") for key in found)
    pains = [key for key in found if key.startswith("pain-")]
    assert len(pains) == sum(1 for s in journey.steps if s.pain_points)
    assert {f"axis-{n}" for n in range(5)} <= set(found)


def test_channel_map_highlights_unmeasured_channels_and_moves() -> None:
    ws = workspace()
    found = groups(svg_of(channels_map(ws)))
    unmeasured = sorted(text_of(g).split("✗")[0].strip() for g in found.values()
                        if has_class(g, "channel", "unmeasured"))
    assert unmeasured == ["SMS"]  # customers reply to the slot SMS: a gap
    notices = [text_of(g) for g in found.values() if has_class(g, "channel", "notice")]
    assert [text.split("notice")[0].strip() for text in notices] == ["E-mail"]  # only notices
    moves = [g for g in found.values() if has_class(g, "move")]
    assert moves
    assert any(has_class(g, "unmeasured") for g in moves)
    assert any("Logistics and delivery" in text_of(g) for g in found.values()
               if has_class(g, "department"))


def test_switches_both_ways_between_two_channels_are_one_two_headed_arrow() -> None:
    """Two arrows between the same two channels put their labels on top of each other: the
    retailer's customers go from the website to web chat and back, drawn as one arrow with
    a head at each end, each direction's count by the channels' names."""
    found = groups(svg_of(channels_map(workspace())))
    both = [g for g in found.values() if has_class(g, "move", "both-ways")]
    assert [[t.strip() for t in texts_of(g)] for g in both] == [
        ["Website → Web chat ×1", "Web chat → Website ×1"]]
    assert "move-2-0" not in found  # not drawn a second time
    one_way = found["move-3-4"]  # e-mail to the slot SMS, where customers reply: unheard
    assert [t.strip() for t in texts_of(one_way)] == ["×1 ✗ 1 unmeasured"]
    # to the order confirmation: a notice, no unheard hand-off (CX104)
    assert [t.strip() for t in texts_of(found["move-0-3"])] == ["×1"]


def busy_workspace(write, channels: int = 12, journeys: int = 20):  # type: ignore[no-untyped-def]
    """A model whose journeys wander between many channels (a deterministic shuffle)."""
    kinds = ["web", "app", "chat", "voice", "in-person", "email", "sms", "push", "social",
             "community", "self-service", "mail"]
    text = "departments: [{id: d, name: Digital}]\nchannels:\n" + "".join(
        f"  - {{id: c{n}, name: Channel {n}, kind: {kinds[n % 12]}, owner: d}}\n"
        for n in range(channels)) + "journeys:\n"
    for j in range(journeys):
        text += f"  - id: j{j}\n    steps:\n" + "".join(
            f"      - {{id: s{s}, channel: c{(j * 7 + s * (j % 5 + 1)) % channels}}}\n"
            for s in range(8))
    return write("busy/model.yaml", text).parent


def test_a_busy_channel_map_keeps_counts_in_tooltips_and_points_to_the_matrix(
        write, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    folder = busy_workspace(write)
    ws = cxmodel.load(folder).workspace
    assert ws is not None
    found = groups(svg_of(channels_map(ws)))
    moves = [g for key, g in found.items() if key.startswith("move-")]
    assert len(moves) > 24
    assert all(texts_of(g) == [] for g in moves)  # no labels to pile up
    tips = [a.get("{http://www.w3.org/1999/xlink}title") or "" for g in moves
            for a in g.iter(f"{SVG}a")]
    assert all(re.match(r"(×\d+|c\d+ → c\d+ ×\d+)", tip) for tip in tips) and tips
    out = folder / "channels.svg"
    assert main(["render", str(folder), "--view", "channels", "-o", str(out)]) in (0, 1)
    err = capsys.readouterr().err
    assert (f"the channel map has too many arrows to label each ({len(moves)} arrows between "
            "12 channels): each arrow's count is in its tooltip and its thickness. The "
            "journeys × channels coverage matrix of cxmodel report reads better at this "
            "size") in err
    # A map of a few arrows says nothing of the kind.
    assert main(["render", str(EXAMPLES / "omnichannel-retailer"), "--view", "channels",
                 "-o", str(folder / "small.svg")]) == 1
    assert "too many arrows" not in capsys.readouterr().err


def test_a_hand_off_to_others_than_the_channels_owner_says_to_whom(write) -> None:  # type: ignore[no-untyped-def]
    """The channel cell names the channel's owner; when another department's people serve
    the step (the complaint desk calls back on the contact centre's line), the hand-off
    says to whom, not only from whom: "owned by the contact centre, hand-off from the
    contact centre" read as a hand-off to itself."""
    path = write("ws/a.yaml", """
departments: [{id: centre, name: Contact centre}, {id: desk, name: Complaint desk}]
channels:
  - {id: hotline, name: Hotline, kind: voice, owner: centre}
  - {id: call-back, name: Call-back line, kind: voice, mode: proactive, purpose: service,
     owner: centre}
journeys:
  - id: bill
    steps:
      - {id: complain, channel: hotline}
      - {id: called-back, channel: call-back, frontstage: {actor: desk, action: Calls back}}
      - {id: again, channel: hotline}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    journey = ws.journeys[0]
    found = groups(svg_of(blueprint(ws, journey)))
    called = text_of(found["cell-channel-1"])
    assert "owned by Contact centre" in called
    assert "hand-off from Contact centre to Complaint desk" in called
    again = text_of(found["cell-channel-2"])  # back to the line's owner: from whom is enough
    assert "hand-off from Complaint desk" in again and " to " not in again


def test_ownership_map_draws_open_loops_dashed() -> None:
    ws = workspace()
    found = groups(svg_of(ownership_map(ws)))
    open_posts = {text_of(g).split("✗")[0].strip() for g in found.values()
                  if has_class(g, "post", "open-loop")}
    assert "Social listening" in " ".join(open_posts)
    assert any(key.startswith("open-loop-") for key in found)
    for key, g in found.items():
        if key.startswith("open-loop-"):
            path = g.find(f"{SVG}path")
            assert path is not None and path.get("stroke-dasharray")


def test_ownership_map_has_owned_things_either_side_and_draws_where_results_go() -> None:
    """Issue #17: not one tall column. Channels and journeys lie left of the departments,
    listening posts right of them; each post's results reach each department it shares them
    with along a green arrow, not in a line of text cut with an ellipsis."""
    ws = workspace()
    found = groups(svg_of(ownership_map(ws)))

    def xs(group: ET.Element) -> tuple[float, float]:
        shape = next(e for e in group.iter() if e.tag in (f"{SVG}polygon", f"{SVG}path"))
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", shape.get("points") or
                                                shape.get("d") or "")]
        return min(numbers[0::2]), max(numbers[0::2])

    departments = [xs(g) for key, g in found.items() if re.fullmatch(r"department-\d+", key)]
    left = min(x for x, _ in departments)
    right = max(x for _, x in departments)
    for key, g in found.items():
        if re.fullmatch(r"(channel|journey)-\d+", key):
            assert xs(g)[1] < left, key
        if re.fullmatch(r"post-\d+", key):
            assert xs(g)[0] > right, key
    shared = [(post.name, d.name) for post in ws.listening_posts if post.outer_loop
              for d in post.outer_loop.share_with]
    arrows = [g for key, g in found.items() if key.startswith("results-to-")
              and has_class(g, "results-to")]
    assert len(arrows) == len(shared) > 5
    assert all(p.get("stroke") == "#188038" for g in arrows for p in g.iter(f"{SVG}path"))
    tips = {a.get("{http://www.w3.org/1999/xlink}title")
            for g in arrows for a in g.iter(f"{SVG}a")}
    assert "The results of 'Post-chat survey' are shared with 'Digital experience'" in tips
    assert not any("…" in text_of(g) or "results to" in text_of(g)
                   for key, g in found.items() if key.startswith("post-"))


def test_ownership_map_bundles_the_results_that_reach_one_department() -> None:
    """A board reads the map: the green arrows of every post whose results reach a
    department merge into one bundle with one arrowhead at it, not a dozen crossing arrows
    (the retailer: 22 arrows into 8 departments). Each arrow is still there, with its
    tooltip, for the reader who follows one."""
    ws = workspace()
    found = groups(svg_of(ownership_map(ws)))
    arrows = [g for key, g in found.items() if key.startswith("results-to-")]
    receiving = {d.name for post in ws.listening_posts if post.outer_loop
                 for d in post.outer_loop.share_with}
    heads = [g for g in arrows if any(True for _ in g.iter(f"{SVG}polygon"))]
    assert len(arrows) == 22 and len(receiving) == 8
    assert len(heads) == len(receiving)


# Short enough to fit the three lines a box shows before it cuts text with an ellipsis.
PAYLOADS = ['"><script>x</script>', "a\\b \\N \\l", "{b} <b>&amp;", "]]> -->", "{{ 7*7 }}"]


def payload_workspace(write) -> Workspace:  # type: ignore[no-untyped-def]
    name = " ".join(PAYLOADS).replace("'", "''")
    path = write("ws/a.yaml", f"""
departments: [{{id: d, name: '{name}'}}]
channels: [{{id: web, name: '{name}', owner: d}}]
listening_posts: [{{id: p, name: '{name}', owner: d, covers: {{channels: [web]}}}}]
journeys:
  - id: j
    name: '{name}'
    stages: [{{id: s, name: '{name}'}}]
    steps:
      - {{id: a, name: '{name}', channel: web, customer: '{name}', emotion: 1,
          pain_points: ['{name}'], frontstage: {{actor: d, action: '{name}'}}}}
      - {{id: b, name: '{name}', channel: web, evidence: '{name}'}}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    return ws


@pytest.mark.parametrize("view", ["blueprint", "journey", "channels", "ownership"])
def test_user_text_is_escaped_in_dot_and_svg(write, view) -> None:  # type: ignore[no-untyped-def]
    ws = payload_workspace(write)
    from cxmodel.diagrams.views import diagram

    dot, layout = diagram(ws, view, "j")
    assert "<script>" not in dot.replace('"><script>', "")  # only inside quoted strings
    raw = engine.render(dot, "svg", layout).decode("utf-8")
    assert "<script" not in raw and "<b>" not in raw
    root = ET.fromstring(raw)  # well-formed XML
    # Long text wraps, so compare without white space.
    every_text = "".join("".join(t.itertext()) for t in root.iter(f"{SVG}text"))
    every_text = "".join(every_text.split())
    for fragment in ('"><script>x</script>', "a\\b\\N\\l", "{b}<b>&amp;", "]]>-->",
                     "{{7*7}}"):
        assert fragment in every_text, fragment


def test_svg_is_byte_identical_across_runs() -> None:
    ws = workspace("bank-account-opening")
    for name, make in all_diagrams(ws):
        dot, layout = make()
        assert engine.render(dot, "svg", layout) == engine.render(dot, "svg", layout), name


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir()))
def test_golden_dot(example: str) -> None:
    folder = GOLDEN / example
    for name, make in all_diagrams(workspace(example)):
        dot, _layout = make()
        golden = folder / f"{name}.dot"
        if os.environ.get("CXMODEL_UPDATE_GOLDEN"):
            folder.mkdir(parents=True, exist_ok=True)
            golden.write_text(dot, encoding="utf-8")
        assert dot == golden.read_text(encoding="utf-8"), name


def test_fifty_step_blueprint_renders() -> None:
    steps = "\n".join(f"      - {{id: s{i}, name: Step number {i} with a fairly long name that "
                      f"wraps, channel: web, customer: The customer does something {i}}}"
                      for i in range(50))
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "big.yaml"
        path.write_text("departments: [{id: d}]\nchannels: [{id: web, owner: d}]\njourneys:\n"
                        "  - id: big\n    steps:\n" + steps + "\n", encoding="utf-8")
        ws = cxmodel.load(path).workspace
    assert ws is not None
    found = groups(svg_of(blueprint(ws, ws.journeys[0])))
    assert all(f"step-{i}" in found for i in range(50))


def test_render_cli_writes_all_diagrams(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["render", str(EXAMPLES / "bank-account-opening"), "--all", "-o",
                 str(tmp_path / "out"), "--lang", "en"])
    assert code == 1  # the example holds error-level gaps on purpose
    # One line says what was written and why the exit code is 1 (not two lines).
    assert capsys.readouterr().err == (
        f"wrote 6 diagrams to {(tmp_path / 'out').as_posix()}; exit 1: 1 error-level "
        "finding (fail_on: error)\n")
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == ["01-aktywacja-karty-blueprint.svg", "01-aktywacja-karty-journey.svg",
                     "02-otwarcie-konta-blueprint.svg", "02-otwarcie-konta-journey.svg",
                     "channels.svg", "ownership.svg"]
    assert safe_stem("a/b c#d..") == "a-b-c-d"


@pytest.mark.parametrize("chosen", ["embedded", "native"])
def test_render_all_draws_in_parallel_what_render_draws_one_by_one(
        tmp_path: Path, chosen: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Eight diagrams: with the embedded engine they are drawn by worker interpreters, with
    the system one by threads waiting on its processes; each file is what drawing that view
    alone writes."""
    if chosen == "native":
        if shutil.which("dot") is None:
            skip_without("dot", "the system Graphviz is not installed")
        monkeypatch.setenv("CXMODEL_ENGINE", "system")
    retailer = str(EXAMPLES / "omnichannel-retailer")
    out = tmp_path / "all"
    assert main(["render", retailer, "--all", "-o", str(out)]) == 1
    written = sorted(p.name for p in out.iterdir())
    assert len(written) == 8
    for name in written:
        stem = name.removesuffix(".svg")
        if stem in ("channels", "ownership"):
            view = ["--view", stem]
        else:
            journey, kind = stem[3:].rsplit("-", 1)
            view = ["--view", kind, "--journey", journey]
        main(["render", retailer, *view, "-o", str(tmp_path / name)])
        assert (out / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_render_cli_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    retailer = str(EXAMPLES / "omnichannel-retailer")
    assert main(["render", retailer]) == 2
    assert "--journey" in capsys.readouterr().err
    assert main(["render", retailer, "--journey", "online-ordr"]) == 2
    assert "did you mean 'online-order'" in capsys.readouterr().err
    assert main(["render", retailer, "--journey", "online-order", "--format", "png"]) == 2
    assert "PNG is binary: give a file with -o" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["render", retailer, "--format", "png", "--dpi", "5000", "-o", "x.png"])
    assert "--dpi takes a number from 10 to 1200, not '5000'" in capsys.readouterr().err
    assert not (tmp_path / "x.png").exists()
    assert main(["render", retailer, "--view", "channels", "--format", "dot"]) in (0, 1)
    assert capsys.readouterr().out.startswith("digraph channels {")


def test_huge_texts_are_cut_to_a_few_lines_in_every_cell(write) -> None:  # type: ignore[no-untyped-def]
    long = "word " * 20_000  # 100 KB
    path = write("huge/a.yaml", f"""\
departments: [{{id: d}}]
channels: [{{id: web, kind: web, owner: d}}]
journeys:
  - id: j
    steps:
      - id: s
        name: "{long}"
        channel: web
        customer: "{long}"
        frontstage: [{{actor: d, action: "{long}"}}]
        pain_points: {["x" * 5000] * 300}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    journey = ws.journeys[0]
    found = groups(svg_of(blueprint(ws, journey)))
    for cell in ("cell-customer-0", "cell-frontstage-0"):
        lines = [t.text for t in found[cell].iter(f"{SVG}text")]
        assert len(lines) == 8 and lines[-1] == "…", cell
    assert len(list(found["step-0"].iter(f"{SVG}text"))) <= 5
    found = groups(svg_of(journey_map(ws, journey)))
    pains = [t.text or "" for t in found["pain-0"].iter(f"{SVG}text")]
    # Lines are measured with the bundled font: 27 "x" fill a pain box.
    assert len(pains) == 12 and pains[-1] == "…" and pains[:2] == ["⚡", "x" * 27]


def test_journeys_over_max_diagram_steps_are_reported_not_drawn(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "bank"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (ws / ".cxmodel.yaml").write_text("limits: {max_diagram_steps: 6}\n", encoding="utf-8")
    long_one = (ws / "journeys" / "otwarcie-konta.yaml").as_posix()
    # One view: a CX006 at the journey's steps, and nothing written.
    out = tmp_path / "bp.svg"
    assert main(["render", str(ws), "--journey", "otwarcie-konta", "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{long_one}:22:7: error CX006 input-limit: Journey 'otwarcie-konta' "
                      "has 7 steps: too many to draw (blueprints and journey maps are drawn "
                      "for at most 6 steps, limit max_diagram_steps). It is checked and "
                      "reported, but not drawn.")
    assert err[1] == ("    hint: Split the journey into shorter ones, or to draw it anyway set "
                      "in .cxmodel.yaml: limits: {max_diagram_steps: 24}")
    assert err[-1] == "Nothing drawn."
    assert not out.exists()
    # A journey within the limit, and the maps, are drawn as before.
    assert main(["render", str(ws), "--journey", "aktywacja-karty", "-o", str(out)]) == 1
    assert "step-4" in groups(ET.fromstring(out.read_bytes()))
    # --all: every other diagram, and the CX006.
    assert main(["render", str(ws), "--all", "-o", str(tmp_path / "all")]) == 1
    assert sorted(p.name for p in (tmp_path / "all").iterdir()) == [
        "01-aktywacja-karty-blueprint.svg", "01-aktywacja-karty-journey.svg", "channels.svg",
        "ownership.svg"]
    assert f"{long_one}:22:7: error CX006" in capsys.readouterr().err
    # Raised, the journey is drawn.
    (ws / ".cxmodel.yaml").write_text("limits: {max_diagram_steps: 7}\n", encoding="utf-8")
    assert main(["render", str(ws), "--journey", "otwarcie-konta", "-o", str(out)]) == 1
    assert "step-6" in groups(ET.fromstring(out.read_bytes()))
    assert "CX006" not in capsys.readouterr().err


def test_maps_over_max_map_elements_are_reported_not_drawn(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "bank"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    model = workspace("bank-account-opening")
    sizes = {view: map_size(diagram(model, view, None)[0]) for view in ("channels", "ownership")}
    assert 10 < sizes["channels"] < sizes["ownership"]  # boxes and arrows
    limit = sizes["channels"]
    (ws / ".cxmodel.yaml").write_text(f"limits: {{max_map_elements: {limit}}}\n",
                                      encoding="utf-8")
    out = tmp_path / "map.svg"
    assert main(["render", str(ws), "--view", "ownership", "-o", str(out)]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0] == (f"{ws.as_posix()}:1:1: error CX006 input-limit: The ownership map has "
                      f"{sizes['ownership']} boxes and arrows: too many to draw (maps are drawn "
                      f"with at most {limit}, limit max_map_elements: Graphviz's layout time "
                      "grows steeply with their number).")
    assert err[1] == ("    hint: To draw it anyway (slowly), set in .cxmodel.yaml: limits: "
                      f"{{max_map_elements: {limit * 4}}}")
    assert not out.exists()
    assert main(["render", str(ws), "--view", "channels", "-o", str(out)]) == 1
    assert "channel-0" in groups(ET.fromstring(out.read_bytes()))
    assert main(["render", str(ws), "--all", "-o", str(tmp_path / "all")]) == 1
    assert "ownership.svg" not in {p.name for p in (tmp_path / "all").iterdir()}
    assert "channels.svg" in {p.name for p in (tmp_path / "all").iterdir()}
    assert "error CX006 input-limit: The ownership map" in capsys.readouterr().err


def test_native_engine(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if shutil.which("dot") is None:
        skip_without("dot", "the system Graphviz is not installed")
    monkeypatch.setenv("CXMODEL_ENGINE", "system")
    assert engine.engine_name() == "native"
    ws = workspace()
    journey = ws.journey("online-order")
    assert journey is not None
    dot, layout = blueprint(ws, journey)
    found = groups(ET.fromstring(engine.render(dot, "svg", layout)))
    assert all(f"step-{i}" in found for i in range(len(journey.steps)))
    for fmt, magic in (("png", b"\x89PNG"), ("pdf", b"%PDF")):
        assert engine.render(dot, fmt, layout).startswith(magic)
    out = tmp_path / "bp.pdf"
    assert main(["render", str(EXAMPLES / "omnichannel-retailer"), "--journey", "online-order",
                 "--format", "pdf", "-o", str(out)]) == 1
    assert out.read_bytes().startswith(b"%PDF")


def test_a_very_large_ownership_map_drops_the_group_boxes_but_no_element(write) -> None:  # type: ignore[no-untyped-def]
    def workspace(journeys: int) -> Workspace:
        text = "departments: [{id: d}]\nchannels: [{id: web, kind: web, owner: d}]\njourneys:\n"
        text += "".join(f"  - {{id: j{n}, owner: d, steps: [{{id: s, channel: web}}]}}\n"
                        for n in range(journeys))
        result = cxmodel.load(write(f"ws{journeys}/a.yaml", text))
        assert result.workspace is not None, result.diagnostics
        return result.workspace

    small, _ = ownership_map(workspace(20))
    assert "subgraph cluster_journeys" in small
    large, _ = ownership_map(workspace(650))
    assert "subgraph cluster_" not in large and "subgraph journeys {" in large
    assert all(f'"journey-{n}"' in large for n in range(650))


def test_long_names_are_cut_so_graphviz_accepts_every_label(write) -> None:  # type: ignore[no-untyped-def]
    name = "中文字符测试汉语" * 5000  # 40,000 characters, no spaces
    steps = "".join(f"      - {{id: s{n}, channel: web, stage: st}}\n" for n in range(40))
    path = write("names/a.yaml", f"""\
departments: [{{id: d, name: "{name}"}}]
channels: [{{id: web, kind: web, owner: d, name: "{name}"}}]
journeys:
  - id: j
    name: "{name}"
    stages: [{{id: st, name: "{name}"}}]
    steps:
{steps}""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    for name_, make in all_diagrams(ws):
        dot, layout = make()
        assert max(len(line) for line in dot.splitlines()) < 16_000, name_
        assert svg_of((dot, layout)) is not None, name_


def test_the_listening_lane_and_the_titles_show_the_latest_values_against_targets() -> None:
    """Issue #20: each touchpoint's listening cell shows its channel's targets against the
    latest value; the titles show the journey's own latest values."""
    result = cxmodel.check(EXAMPLES / "omnichannel-retailer")
    ws, analysis = result.workspace, result.analysis
    assert ws is not None and analysis is not None
    journey = ws.journey("online-order")
    assert journey is not None
    found = groups(svg_of(blueprint(ws, journey, analysis.results)))
    cell = {step.id: text_of(found[f"cell-listening-{index}"])
            for index, step in enumerate(journey.steps) if f"cell-listening-{index}" in found}
    assert "csat 4.1 ✗ ≥ 4.3" in cell["ask-about-product"]  # the web chat: missed
    assert "ces 5.6 ✓ ≥ 5.5" in cell["ask-about-product"]
    assert "csat 4.4 ✓ ≥ 4.2" in cell["compare-products"]  # the website: met
    assert "csat 4.37 ✓ ≥ 4.3" in cell["track-delivery"]  # the app's two posts, weighted
    assert "order-confirmation" not in cell  # a notice no post hears: nothing, and no ✗
    assert "✗ no listening post" in cell["delivery-slot-sms"]  # the SMS: no value
    assert "✓" not in cell["delivery-slot-sms"] and "≥" not in cell["delivery-slot-sms"]
    title = " ".join(t.text or "" for t in svg_of(blueprint(ws, journey, analysis.results))
                     .find(f"{SVG}g").findall(f"{SVG}text"))  # type: ignore[union-attr]
    # Measured, no target on the journey; under the title the metric goes by its name.
    assert "Net Promoter Score 31 (2026-Q3)" in title
    assert "the latest value against the channel's target" in legend_of(found)[-1]
    journey_title = " ".join(t.text or "" for t in svg_of(journey_map(ws, journey,
                                                                      analysis.results))
                             .find(f"{SVG}g").findall(f"{SVG}text"))  # type: ignore[union-attr]
    assert "Net Promoter Score 31 (2026-Q3)" in journey_title
    # Without the results read (or with none recorded) nothing changes.
    plain = groups(svg_of(blueprint(ws, journey)))
    assert "≥" not in text_of(plain[f"cell-listening-{journey.steps.index(journey.step('ask-about-product'))}"])  # type: ignore[arg-type]  # noqa: E501
    assert "the latest value" not in " ".join(legend_of(plain))


# --- PNG and PDF from pip alone (issue #17) ----------------------------------------------

def _png_size_and_dpi(data: bytes) -> tuple[tuple[int, int], tuple[float, float]]:
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        return image.size, image.info["dpi"]


def _points(svg: bytes) -> tuple[float, float]:
    root = ET.fromstring(svg)
    return (float(root.get("width", "").removesuffix("pt")),
            float(root.get("height", "").removesuffix("pt")))


def test_png_and_pdf_are_drawn_from_the_embedded_engine_with_no_system_graphviz(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The embedded engine's SVG drawn by resvg (PNG) and svg2pdf (PDF): sizes follow
    --dpi and --scale from the diagram's size in points, the PNG says its resolution, the
    PDF keeps its text as text (Polish letters included), its page in points."""
    from pypdf import PdfReader

    bank = str(EXAMPLES / "bank-account-opening")
    svg = tmp_path / "bp.svg"
    assert main(["render", bank, "--journey", "otwarcie-konta", "-o", str(svg)]) in (0, 1)
    width, height = _points(svg.read_bytes())
    png = tmp_path / "bp.png"
    assert main(["render", bank, "--journey", "otwarcie-konta", "--format", "png",
                 "--dpi", "150", "--scale", "2", "-o", str(png)]) in (0, 1)
    (pixels_wide, pixels_high), dpi = _png_size_and_dpi(png.read_bytes())
    assert abs(pixels_wide - width * 150 / 72 * 2) <= 1
    assert abs(pixels_high - height * 150 / 72 * 2) <= 1
    assert round(dpi[0]) == 300
    pdf = tmp_path / "bp.pdf"
    assert main(["render", bank, "--journey", "otwarcie-konta", "--format", "pdf",
                 "--scale", "1.5", "-o", str(pdf)]) in (0, 1)
    page = PdfReader(pdf).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (
        round(width * 1.5), round(height * 1.5))
    text = page.extract_text()
    assert "Weryfikacja tożsamości" in text and "Wideoweryfikacja" in text
    capsys.readouterr()


def test_a_pdf_without_svg2pdf_holds_the_diagram_drawn_at_300_dpi(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Where svg2pdf has no wheel, the PDF holds the PNG drawn at 300 dpi, and the run
    says so once."""
    from pypdf import PdfReader

    from cxmodel.diagrams import pictures

    monkeypatch.setattr(pictures, "vector_pdf", lambda: False)
    pdf = tmp_path / "bp.pdf"
    retailer = str(EXAMPLES / "omnichannel-retailer")
    assert main(["render", retailer, "--journey", "online-order", "--format", "pdf", "-o",
                 str(pdf)]) == 1
    err = capsys.readouterr().err
    assert err.count("svg2pdf-py is not installed") == 1
    assert 'the PDF holds the diagram drawn at 300 dpi. pip install svg2pdf-py' in err
    page = PdfReader(pdf).pages[0]
    assert page.extract_text() == ""  # a picture
    assert len(page.images) == 1


def test_the_bundled_font_has_every_latin_polish_and_cyrillic_letter_and_says_what_it_lacks(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine with no fonts at all (no system font folders), the font cxmodel ships
    draws the Polish and Russian diagrams and every mark; Chinese is named as missing."""
    from cxmodel.diagrams import pictures
    from cxmodel.messages.render import use

    monkeypatch.setattr(pictures, "_system_font_dirs", lambda: [])
    bare = pictures.Picture()
    polish = workspace("bank-account-opening")
    for journey in polish.journeys:
        for dot, _ in (blueprint(polish, journey), journey_map(polish, journey)):
            assert pictures.missing_glyphs(pictures.label_text(dot), bare) == {}
    text = ("Zażółć gęślą jaźń Съешь же ещё этих мягких французских булок ✓ ✗ ★ ⚠ ⚡ ✉ ⇄ ◆ "
            "◐ ◌ ≥ ≤ → − … –")
    assert pictures.missing_glyphs(text, bare) == {}
    try:
        use("ru")
        retailer = workspace()
        journey = retailer.journey("online-order")
        assert journey is not None
        dot, _ = blueprint(retailer, journey)
        assert pictures.missing_glyphs(pictures.label_text(dot), bare) == {}
    finally:
        use("en")
    assert pictures.missing_glyphs("服务蓝图：客户旅程", bare) == {
        "CJK": "".join(sorted("服务蓝图：客户旅程"))}


def test_text_no_font_can_draw_is_refused_with_how_to_add_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write,  # type: ignore[no-untyped-def]
        capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.diagrams import pictures

    monkeypatch.setattr(pictures, "_system_font_dirs", lambda: [])
    monkeypatch.setattr(pictures, "FONT_PACKAGES", ())
    monkeypatch.delenv("CXMODEL_FONT_PATH", raising=False)
    path = write("ws/a.yaml", "channels: [{id: web, name: 网站, kind: web}]\n"
                              "journeys: [{id: j, name: 网上下单,\n"
                              "            steps: [{id: s, channel: web}]}]\n")
    out = tmp_path / "j.png"
    assert main(["render", str(path.parent), "--format", "png", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "no font this machine has, nor any cxmodel ships, has the CJK characters" in err
    assert "--font-dir FOLDER or in CXMODEL_FONT_PATH" in err
    assert not out.exists()
    assert main(["render", str(path.parent), "--all", "--format", "pdf", "-o",
                 str(tmp_path / "all")]) == 2
    assert "the CJK characters" in capsys.readouterr().err
    assert not (tmp_path / "all").exists()
    # SVG is drawn by the browser's fonts: nothing to refuse.
    assert main(["render", str(path.parent), "-o", str(tmp_path / "j.svg")]) in (0, 1)


def test_chinese_is_drawn_with_a_cjk_font_installed_from_pip(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """pip install noto-cjk-sans-otc is found by itself: the Chinese starter is drawn."""
    from PIL import Image

    from cxmodel.diagrams import pictures

    monkeypatch.setattr(pictures, "_system_font_dirs", lambda: [])
    dirs = pictures.font_dirs()
    assert any(Path(d, "NotoSansCJK-Regular.ttc").exists() for d in dirs)
    assert pictures.missing_glyphs("服务蓝图：客户旅程，关键时刻", pictures.Picture(
        font_dirs=dirs)) == {}
    assert main(["init", str(tmp_path / "ws"), "--lang", "zh"]) == 0
    out = tmp_path / "bp.png"
    assert main(["render", str(tmp_path / "ws"), "--format", "png", "-o", str(out)]) in (0, 1)
    assert "no font" not in capsys.readouterr().err
    with Image.open(out) as image:  # the title's ideographs are drawn: dark pixels there
        title = image.convert("L").crop((0, 0, image.width // 3, 60))
        assert title.histogram()[:128] and sum(title.histogram()[:128]) > 500


@pytest.mark.parametrize(("language", "face"), [("zh", "NotoSansCJKsc"),
                                              ("zh-Hant", "NotoSansCJKtc")])
def test_chinese_in_a_pdf_takes_its_own_glyph_forms_not_the_japanese(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str, face: str) -> None:
    """The Noto CJK collection's first face is Japanese, and svg2pdf falls back to the first
    face with a glyph: the ideographs of a Chinese drawing were drawn in Japanese forms
    (直, 骨). Each is drawn with the face its language names first: SC, or TC in zh-Hant."""
    pytest.importorskip("svg2pdf_py")
    pytest.importorskip("noto_cjk_sans_otc")
    from pypdf import PdfReader

    from cxmodel.diagrams import pictures

    monkeypatch.setattr(pictures, "_system_font_dirs", lambda: [])
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "m.yaml").write_text(
        "departments: [{id: kefu, name: 客服中心}]\n"
        "channels: [{id: phone, name: 客服热线, kind: voice, owner: kefu}]\n"
        "journeys:\n  - id: j\n    name: 直接退货\n    goal: 拿回我的钱\n"
        "    steps: [{id: s, name: 打电话询问退款进度, channel: phone}]\n", encoding="utf-8")
    out = tmp_path / "bp.pdf"
    assert main(["render", str(ws), "--lang", language, "--format", "pdf",
                 "-o", str(out)]) in (0, 1)
    drawn: dict[str, str] = {}

    def seen(text: str, cm: object, tm: object, font: dict[str, str] | None,
             size: float) -> None:
        if font is not None:
            drawn[font["/BaseFont"]] = drawn.get(font["/BaseFont"], "") + text

    PdfReader(out).pages[0].extract_text(visitor_text=seen)
    ideographs = {name: "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
                  for name, text in drawn.items()}
    assert "直接退货" in "".join(ideographs.values())
    assert {name.split("+")[1].split("-")[0] for name, text in ideographs.items() if text} \
        == {face}


def test_an_empty_lane_is_left_out_and_the_title_is_aligned_left(write) -> None:  # type: ignore[no-untyped-def]
    """Issue #17: no grey band for a lane nothing is in; the lines stay; the title's lines
    start at the diagram's left edge."""
    path = write("ws/a.yaml", "channels: [{id: web, kind: web}]\n"
                              "journeys:\n  - id: j\n    name: Buy online\n    goal: Get it\n"
                              "    steps:\n      - {id: s, channel: web, customer: Buys,\n"
                              "         frontstage: [{system: Shop, action: Sells}]}\n")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    dot, layout = blueprint(ws, ws.journeys[0])
    found = groups(svg_of((dot, layout)))
    assert {"lane-customer", "lane-frontstage", "lane-listening"} <= set(found)
    assert not {"lane-evidence", "lane-backstage", "lane-support", "band-support"} & set(found)
    assert {"line-interaction", "line-visibility", "line-internal"} <= set(found)
    assert 'label="Service blueprint: Buy online\\lCustomer goal: Get it\\l"' in dot


def test_the_output_files_extension_chooses_the_format(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    retailer = str(EXAMPLES / "omnichannel-retailer")
    for name, magic in (("bp.png", b"\x89PNG"), ("bp.pdf", b"%PDF"), ("bp.svg", b"<?xml"),
                        ("bp.dot", b"digraph")):
        assert main(["render", retailer, "--journey", "online-order", "-o",
                     str(tmp_path / name)]) == 1
        assert (tmp_path / name).read_bytes().startswith(magic), name
    capsys.readouterr()
    # An extension that names no format render draws is refused, not written as SVG.
    assert main(["render", retailer, "--journey", "online-order", "-o",
                 str(tmp_path / "bp.jpg")]) == 2
    assert capsys.readouterr().err == (
        "cxmodel: error: bp.jpg: render draws SVG, PNG, PDF and DOT, not .jpg; name the file "
        ".svg, .png, .pdf or .dot, or give --format\n")
    assert not (tmp_path / "bp.jpg").exists()


def test_a_department_that_owns_nothing_stays_in_the_departments_column(write) -> None:  # type: ignore[no-untyped-def]
    path = write("idle/model.yaml", """\
departments: [{id: d, name: Digital}, {id: idle, name: Idle team}, {id: s, name: Service}]
channels: [{id: web, kind: web, owner: d}, {id: phone, kind: voice, owner: s}]
listening_posts:
  - {id: p, name: Survey, method: survey, owner: s, covers: {channels: [web]}}
journeys:
  - id: j
    owner: d
    steps: [{id: a, channel: web}, {id: b, channel: phone}]
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None
    found = groups(svg_of(ownership_map(ws)))
    x = {key: float(next(found[key].iter(f"{SVG}text")).get("x", 0))
         for key in ("department-0", "department-1", "department-2", "channel-0", "post-0")}
    assert x["department-1"] == x["department-0"] == x["department-2"]
    assert x["channel-0"] < x["department-1"] < x["post-0"]


def test_no_diagram_shows_graphviz_internal_names_on_hover() -> None:
    """Graphviz gives every group a <title> with its internal name (blueprint, cluster_0,
    cell-customer-0:s->cell-frontstage-0:n): a browser shows it on hover and a screen reader
    reads it. None is left; the tooltips cxmodel sets (xlink:title) stay."""
    retailer = str(EXAMPLES / "omnichannel-retailer")
    for view in ("blueprint", "journey", "channels", "ownership"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            main(["render", retailer, "--view", view, "--journey", "online-order"])
        svg = ET.fromstring(out.getvalue().encode("utf-8"))
        assert [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")] == [], view
        tips = [a.get("{http://www.w3.org/1999/xlink}title")
                for a in svg.iter("{http://www.w3.org/2000/svg}a")]
        assert any(tips), view


def test_the_listening_lane_names_the_post_of_a_step_without_channel_and_no_gap_at_a_notice(
        write) -> None:  # type: ignore[no-untyped-def]
    """A moment of truth the customer lives alone (checking the parcel at the door), named
    by the delivery survey, shows that survey in the listening lane, as its header says it
    is measured; the shipping SMS, a notice no post hears, shows no ✗ (no gap) and a grey
    box that says what it is."""
    folder = write("ws/model.yaml", """\
departments: [{id: logistics, name: Logistics}]
channels:
  - {id: web, name: Website, kind: web, owner: logistics}
  - {id: sms, name: SMS, kind: sms, owner: logistics}
metrics: [{id: nps, name: NPS}]
journeys:
  - id: delivery
    name: Delivery
    steps:
      - {id: order, name: Order, channel: web}
      - {id: shipped, name: Shipping SMS, channel: sms}
      - {id: unpack, name: Check the parcel at the door, moment_of_truth: true}
listening_posts:
  - id: after-delivery
    name: After-delivery survey
    owner: logistics
    metrics: [nps]
    covers: {touchpoints: [delivery/unpack, delivery/order]}
""").parent
    ws = cxmodel.load(folder).workspace
    assert ws is not None
    journey = ws.journeys[0]
    found = groups(svg_of(blueprint(ws, journey)))
    assert "After-delivery survey" in text_of(found["cell-listening-2"])
    assert "moment of truth, measured" in text_of(found["step-2"])
    assert "cell-listening-1" not in found  # no ✗ in the listening lane
    assert "notice to the customer: not surveyed" in text_of(found["step-1"])
    assert "notice" in found["step-1"].get("class", "").split()


def test_a_full_cell_says_how_many_entries_it_leaves_out() -> None:
    """A blueprint cell ended in a bare "…", hiding which listening posts hear the step (a
    Polish insurer's review): its last line counts the entries not shown whole."""
    from cxmodel.diagrams.blueprint import _lines

    posts = [f"Listening post number {n}" for n in range(1, 7)]
    shown = _lines(posts, 4)
    assert shown[:3] == posts[:3] and shown[3] == "… and 3 more"  # the 4th to the 6th
    assert _lines(posts[:2], 4) == posts[:2]
