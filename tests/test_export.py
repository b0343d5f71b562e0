"""``cxmodel export``: Mermaid journey diagrams and the resolved model as JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.export.mermaid import clean
from tests.conftest import EXAMPLES

RETAILER = EXAMPLES / "omnichannel-retailer"

# The statements of Mermaid's journey grammar (its lexer: title [^#\n;]+, section
# [^#:\n;]+, a task name [^#:\n;]+ followed by ':' and data [^#\n;]+).
_TITLE = re.compile(r"^    title [^#\n;]+$")
_SECTION = re.compile(r"^    section [^#:\n;]+$")
_TASK = re.compile(r"^      (?P<name>[^#:\n;]+): (?P<score>[1-5])(?:: (?P<actors>[^#:\n;]+))?$")


def _export(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["export", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _assert_grammar(diagram: str) -> list[re.Match[str]]:
    lines = diagram.splitlines()
    assert lines[0] == "journey"
    assert _TITLE.match(lines[1]), lines[1]
    tasks = []
    for line in lines[2:]:
        if line.startswith("    section "):
            assert _SECTION.match(line), line
        else:
            task = _TASK.match(line)
            assert task is not None, line
            tasks.append(task)
    return tasks


def test_mermaid_journey_of_the_retailer(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _export(capsys, "mermaid", str(RETAILER), "--journey", "online-order")
    assert code == 0
    assert out == """journey
    title Order a sofa online and get it delivered
    section Choose
      Compare sofas: 4: Digital experience, IT
      Ask whether it fits: 4: Customer contact centre, Product and community
    section Buy
      Pay and pick a delivery week: 4: Digital experience, Logistics and delivery
      Order confirmation: 3
    section Receive
      Delivery slot by SMS: 2: Logistics and delivery
      Call to change the delivery date: 1: Customer contact centre, Logistics and delivery
      Track the van on the day: 4: Logistics and delivery
      Sofa delivered and unpacked: 5: Logistics and delivery
"""
    _assert_grammar(out)


def test_mermaid_scores_actors_and_sections_follow_the_model(capsys) -> None:  # type: ignore[no-untyped-def]
    workspace = cxmodel.load(RETAILER).workspace
    assert workspace is not None
    for journey in workspace.journeys:
        _, out, _ = _export(capsys, "mermaid", str(RETAILER), "--journey", journey.id)
        tasks = _assert_grammar(out)
        assert len(tasks) == len(journey.steps)
        for task, step in zip(tasks, journey.steps, strict=True):
            assert task["name"] == step.name
            expected = 3 if step.emotion is None else step.emotion + 3
            assert int(task["score"]) == expected
            departments = []
            for entry in (*step.frontstage, *step.backstage, *step.support):
                if entry.actor is not None and entry.actor.name not in departments:
                    departments.append(entry.actor.name)
            assert (task["actors"].split(", ") if task["actors"] else []) == departments
        sections = [line[12:] for line in out.splitlines() if line.startswith("    section ")]
        stages = []
        for step in journey.steps:
            if step.stage is not None and (not stages or stages[-1] != step.stage.name):
                stages.append(step.stage.name)
        assert sections == stages


def test_mermaid_sanitises_names_that_break_the_syntax(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/a.yaml", """departments:
  - {id: d1, name: "Sales, EMEA: #1; %%team"}
journeys:
  - id: j
    name: "Title; with # and\\nnewline: yes"
    stages: [{id: s1, name: "Stage: one # two; three"}]
    steps:
      - {id: a, name: "Ask: fits? #1; ok\\n\\tnext", emotion: -2,
         frontstage: {actor: d1, action: x}}
      - {id: b, emotion: 2}
      - {id: c, stage: s1, emotion: 0}
      - {id: "%%d"}
""")
    code, out, _ = _export(capsys, "mermaid", str(path))
    assert code == 0
    assert out == (
        "journey\n"
        "    title Title\uff1b with \uff03 and newline\u2236 yes\n"
        "      Ask\u2236 fits? \uff031\uff1b ok next: 1: Sales\u201a EMEA\u2236 \uff031\uff1b "
        "\uff05\uff05team\n"
        "      b: 5\n"
        "    section Stage\u2236 one \uff03 two\uff1b three\n"
        "      c: 3\n"
        "    section (no stage)\n"
        "      \uff05\uff05d: 3\n")
    tasks = _assert_grammar(out)
    assert [t["score"] for t in tasks] == ["1", "5", "3", "3"]
    assert tasks[0]["actors"] == "Sales\u201a EMEA\u2236 \uff031\uff1b \uff05\uff05team"


@pytest.mark.parametrize(("name", "shown"), [
    ("Journey review", "\u201cJourney review\u201d"),
    ("JOURNEYMAN", "\u201cJOURNEYMAN\u201d"),
    ("section Fake", "\u201csection Fake\u201d"),
    ("title Hacked title", "\u201ctitle Hacked title\u201d"),
    ("accDescr {", "\u201caccDescr {\u201d"),
    ("ACCTITLE: x", "\u201cACCTITLE\u2236 x\u201d"),
    ("a %%%{init} b", "a \uff05\uff05\uff05{init} b"),
    ("Titles and sections", "Titles and sections"),
])
def test_mermaid_quotes_task_names_the_grammar_reads_as_statements(
        write, capsys, name: str, shown: str) -> None:  # type: ignore[no-untyped-def]
    """Checked against Mermaid 11 in a browser: unquoted, "Journey review" is a parse error,
    "title X" rewrites the title, "accDescr {" swallows the rest, '%%%{' a directive."""
    path = write("ws/a.yaml", f"""departments: [{{id: ops, name: "Ops %%%{{wrap}}"}}]
journeys:
  - id: j
    name: "T %%%{{init b"
    steps:
      - {{id: a, name: {json.dumps(name)}, frontstage: {{actor: ops, action: x}}}}
      - {{id: b, name: last step}}
""")
    code, out, _ = _export(capsys, "mermaid", str(path))
    assert code == 0
    assert out == ("journey\n    title T \uff05\uff05\uff05{init b\n"
                   f"      {shown}: 3: Ops \uff05\uff05\uff05{{wrap}}\n      last step: 3\n")
    assert len(_assert_grammar(out)) == 2


def test_clean_keeps_ordinary_text() -> None:
    assert clean("Pick a product (2 models)") == "Pick a product (2 models)"
    assert clean("Выбор товара") == "Выбор товара"
    assert clean("  a \n\n b\tc ") == "a b c"


def test_mermaid_journey_choice_and_errors(write, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _export(capsys, "mermaid", str(RETAILER))
    assert code == 2
    assert "name the journey to export with --journey (journeys: online-order, " \
           "return-item, store-pickup)" in err
    code, _, err = _export(capsys, "mermaid", str(RETAILER), "--journey", "nope")
    assert code == 2
    assert "there is no journey 'nope'" in err
    broken = write("broken/a.yaml", "journeys: [{id: j, steps: [{id: s, channel: web}]}]\n")
    code, out, err = _export(capsys, "mermaid", str(broken))
    assert code == 1
    assert out == ""
    assert "CX005" in err and "Nothing exported" in err
    code, _, err = _export(capsys, "json", str(broken.parent / "missing"))
    assert code == 2


def test_mermaid_to_a_file(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "docs" / "order.mmd"
    code, out, _ = _export(capsys, "mermaid", str(RETAILER), "--journey", "store-pickup", "-o",
                           str(target))
    assert code == 0
    assert out == ""
    assert target.read_text(encoding="utf-8").startswith("journey\n    title Click and collect")


# --- JSON -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def model() -> dict:  # type: ignore[type-arg]
    from cxmodel.export.model_json import model_data

    workspace = cxmodel.load(RETAILER).workspace
    assert workspace is not None
    return model_data(workspace)


def test_json_export_is_the_cli_output_and_deterministic(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code, first, _ = _export(capsys, "json", str(RETAILER))
    assert code == 0
    _, second, _ = _export(capsys, "json", str(RETAILER))
    assert first == second
    target = tmp_path / "model.json"
    assert main(["export", "json", str(RETAILER), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8") == first
    document = json.loads(first)
    assert document["format_version"] == 1
    assert list(document) == ["format_version", "tool", "files", "departments", "channels",
                              "metrics", "personas", "problems", "offers", "listening_posts",
                              "journeys"]


def test_json_export_resolves_references_and_derived_facts(model) -> None:  # type: ignore[no-untyped-def]
    ws = cxmodel.load(RETAILER).workspace
    assert ws is not None
    assert [d["id"] for d in model["departments"]] == [d.id for d in ws.departments]
    web = next(c for c in model["channels"] if c["id"] == "web")
    assert web["owner"] == "digital"
    assert web["co_owners"] == ["e-commerce"]
    assert web["targets"] == [{"metric": "csat", "min": 4.2, "max": None},
                              {"metric": "ces", "min": 5.5, "max": None}]
    assert web["measured_by"] == ["web-intercept"]
    assert web["metrics_used"] == ["csat", "ces", "goal-completion"]
    assert web["file"].endswith("organisation.yaml")
    chat = next(p for p in model["listening_posts"] if p["id"] == "post-chat-survey")
    assert chat["owner"] == "contact-centre"
    assert chat["metrics"][1] == {"metric": "ces", "scale": {"min": 1, "max": 7},
                                  "question": chat["metrics"][1]["question"]}
    assert chat["covers"] == {"channels": ["web-chat"], "touchpoints": [], "journeys": []}
    assert chat["closed_loop"] == {
        "inner": {"owner": "contact-centre", "within": "24h", "within_seconds": 86400.0,
                  "via": ["email", "phone"]},
        "outer": {"share_with": ["digital", "product"], "cadence": "weekly"}}
    intercept = next(p for p in model["listening_posts"] if p["id"] == "web-intercept")
    assert intercept["covers"]["touchpoints"] == ["online-order/checkout"]
    assert intercept["closed_loop"]["inner"] is None
    order = next(j for j in model["journeys"] if j["id"] == "online-order")
    assert order["persona"] == "online-shopper"
    assert order["owner"] == "e-commerce"
    assert [s["id"] for s in order["stages"]] == ["choose", "buy", "receive"]
    journey = ws.journey("online-order")
    assert journey is not None
    assert order["channels"] == [c.id for c in journey.channels]
    assert order["touchpoints"] == [s.id for s in journey.touchpoints]
    for data, step in zip(order["steps"], journey.steps, strict=True):
        assert data["id"] == step.id
        assert data["ref"] == f"online-order/{step.id}"
        assert data["stage"] == (step.stage.id if step.stage else None)
        assert data["channel"] == (step.channel.id if step.channel else None)
        assert data["touchpoint"] is step.is_touchpoint
        assert data["responsible"] == (step.responsible.id if step.responsible else None)
        assert data["covered_by"] == [p.id for p in ws.posts_covering(step)]
        assert data["named_by"] == [p.id for p in ws.named_by.get(step, ())]
        assert data["next"] == [s.id for s in journey.successors(step)]
        assert data["emotion"] == step.emotion
        assert data["moment_of_truth"] is step.moment_of_truth
    ask = order["steps"][1]
    assert ask["frontstage"] == [{"actor": "contact-centre", "system": None,
                                  "action": "Answers with the packed dimensions"}]
    assert ask["support"][0] == {"actor": None, "system": "Chat platform",
                                 "action": "Routes the chat to the furniture queue"}
    checkout = order["steps"][2]
    assert checkout["covered_by"] == ["web-intercept"]
    assert checkout["named_by"] == ["web-intercept"]
    assert checkout["offers"] == ["free-returns"]
    handoffs = [(h["from"], h["to"], h["channel_changes"], h["department_changes"])
                for h in order["handoffs"]]
    assert handoffs == [(h.source.ref, h.target.ref, h.channel_changes, h.department_changes)
                        for h in ws.handoffs if h.journey is journey]
    # Website (self-service) -> the automated e-mail: a channel move, no staff hand-over.
    assert ("online-order/checkout", "online-order/order-confirmation", True, False) in handoffs
    # Between departments' people: the chat and phone agents, then the delivery crew.
    assert [(h["from"], h["to"]) for h in order["staff_handoffs"]] == [
        ("online-order/ask-about-product", "online-order/courier-delivers"),
        ("online-order/call-to-change-date", "online-order/courier-delivers")]
    checkout_step = next(s for s in order["steps"] if s["id"] == "checkout")
    assert (checkout_step["staffed"], checkout_step["automated"]) == (False, False)
    email = next(c for c in model["channels"] if c["id"] == "email")
    assert (email["purpose"], email["working_mode"], email["for_notices"]) == (
        "notification", "proactive", True)
    speech = next(p for p in model["listening_posts"] if p["id"] == "speech-analytics")
    assert [(t["ref"], t["problems"]) for t in speech["themes"]] == [
        ("speech-analytics/change-delivery-day", ["reschedule-delivery"]),
        ("speech-analytics/where-is-my-refund", ["refund-delay"])]
    relationship = next(p for p in model["listening_posts"] if p["id"] == "relationship-nps")
    assert relationship["waive"] == {"CX403": relationship["waive"]["CX403"]}
    assert isinstance(relationship["waive"]["CX403"], str)


def test_json_export_keeps_unicode(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = _export(capsys, "json", str(EXAMPLES / "bank-account-opening"))
    assert code == 0
    assert "ł" in out or "ó" in out  # not \\u escapes
    document = json.loads(out)
    assert all(isinstance(j["steps"], list) for j in document["journeys"])


def test_output_file_under_a_new_folder_is_written_atomically(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "a" / "b" / "model.json"
    assert main(["export", "json", str(RETAILER), "-o", str(target)]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["journeys"]
    assert [p.name for p in target.parent.iterdir()] == ["model.json"]


# --- Whole numbers written as floats --------------------------------------------------------

_EMOTIONS = """channels: [{{id: web, kind: web}}]
journeys:
  - id: j
    name: J
    steps:
      - {{id: a, name: A, channel: web, emotion: {first}}}
      - {{id: b, name: B, channel: web, emotion: -2}}
"""


@pytest.mark.parametrize("written", ["1.0", "1e0", "+1.000"])
def test_an_integral_float_emotion_draws_and_exports_as_the_integer(write, capsys,
                                                                   written: str) -> None:  # type: ignore[no-untyped-def]
    # JSON Schema counts 1.0 as an integer, so it passes the check; the journey map
    # formatted it with {:+d} (ValueError) and Mermaid got a score of 4.0.
    as_float = write("float/a.yaml", _EMOTIONS.format(first=written))
    as_int = write("int/a.yaml", _EMOTIONS.format(first="1"))
    drawn = {}
    for path in (as_float, as_int):
        target = path.parent.parent / f"{path.parent.name}.dot"
        assert main(["render", str(path.parent), "--view", "journey", "--format", "dot",
                     "--fail-on", "never", "-o", str(target)]) == 0
        drawn[path] = target.read_text(encoding="utf-8")
        assert "Traceback" not in capsys.readouterr().err
    assert 'tooltip="A: emotion +1"' in drawn[as_float]
    assert drawn[as_float] == drawn[as_int]
    code, out, err = _export(capsys, "mermaid", str(as_float.parent))
    assert (code, err) == (0, "")
    assert out == "journey\n    title J\n      A: 4\n      B: 1\n"
