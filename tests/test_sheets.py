"""Workshop sheets in and out: import linked to the workspace it writes into (ids or
names, did-you-mean at row and column, only what is new created), the journey's and the
steps' full columns, Excel workbooks, and export csv|xlsx that imports back to the same
model on both bundled examples."""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml

import cxmodel
from cxmodel.cli import main
from tests.conftest import EXAMPLES

RETAILER = EXAMPLES / "omnichannel-retailer"
BANK = EXAMPLES / "bank-account-opening"


def _csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def retailer(tmp_path: Path) -> Path:
    folder = tmp_path / "retailer"
    shutil.copytree(RETAILER, folder)
    return folder


GIFT = [
    ["Journey", "Owner", "Goal", "Persona", "Stage", "Step", "Channel", "Frontstage",
     "Pain points", "Problems", "Offers", "Next"],
    ["Gift card", "e-commerce", "Give a gift that arrives on time", "Busy online shopper",
     "Buy", "Choose a card", "Website", "Digital experience: Shows the designs",
     "Too many designs\nNo preview", "", "Free returns within 30 days", ""],
    ["", "", "", "", "", "Ask about expiry", "Webchat",
     "customer contact centre: Answers the chat", "", "Delivery is late\nGift card lost",
     "", "Choose a card"],
    ["", "", "", "", "Use", "Redeem", "Stores", "Store operations: Scans the card", "", "",
     "", "Choos a card"],
]


def test_import_links_names_to_the_workspace_and_creates_only_what_is_new(
        retailer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = retailer.parent / "gift.csv"
    sheet.write_bytes(_csv(GIFT))
    target = retailer / "journeys" / "gift.yaml"
    code, out, err = _run(capsys, "import", "csv", str(sheet), "-o", str(target),
                          "--workspace", str(retailer))
    assert code == 0, err
    where = sheet.as_posix()
    assert err.splitlines() == [
        f"{where}: row 3 (line 4), column G (Channel): warning: there is no channel "
        "'Webchat' in the workspace; did you mean 'Web chat'? Written as 'webchat', "
        "not created",
        f"{where}: row 4 (line 6), column L (Next): warning: there is no step 'Choos a card' "
        "in journey 'gift-card'; did you mean 'choose-a-card'?",
    ]
    assert out.splitlines()[1:] == [
        f"Linked to the workspace '{retailer.as_posix()}'.",
        "New problems, defined in the file: gift-card-lost ('Gift card lost').",
    ]
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["problems"] == [{"id": "gift-card-lost", "name": "Gift card lost"}]
    assert "channels" not in data and "departments" not in data
    (journey,) = data["journeys"]
    assert {k: journey[k] for k in ("owner", "goal", "persona")} == {
        "owner": "e-commerce", "goal": "Give a gift that arrives on time",
        "persona": "online-shopper"}
    choose, ask, redeem = journey["steps"]
    assert choose["channel"] == "web"  # "Website" is the name of channel web
    assert choose["frontstage"] == {"actor": "digital", "action": "Shows the designs"}
    assert choose["pain_points"] == ["Too many designs", "No preview"]
    assert choose["offers"] == ["free-returns"]
    assert ask["channel"] == "webchat"  # a near miss: not linked, not created
    assert ask["frontstage"]["actor"] == "contact-centre"  # the name, in another case
    assert ask["problems"] == ["late-delivery", "gift-card-lost"]
    assert ask["next"] == ["choose-a-card"]
    assert redeem["channel"] == "store" and redeem["frontstage"]["actor"] == "stores"
    # check then names exactly the near misses the import warned about
    result = cxmodel.load(retailer)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert [(d.code, lines[d.span.line - 1].strip(), d.message) for d in result.diagnostics] == [
        ("CX005", "channel: webchat", "Unknown channel 'webchat' in step 'ask-about-expiry' of "
         "journey 'gift-card', did you mean 'web-chat' or 'web'?"),
        ("CX005", "- choos-a-card", "Unknown step 'choos-a-card' in step 'redeem' of journey "
         "'gift-card', did you mean 'choose-a-card'?")]


def test_a_slip_in_a_display_name_is_a_near_miss_but_a_new_name_is_new(
        retailer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = retailer.parent / "slips.csv"
    sheet.write_bytes(_csv([
        ["journey", "owner", "step", "channel", "frontstage", "problems"],
        ["Returns", "Logistcs and delivery", "Ask", "Mobil app", "Digtal experience: Shows",
         "Item arrived dirty"],
    ]))
    code, out, err = _run(capsys, "import", "csv", str(sheet), "-o",
                          str(retailer / "journeys" / "returns.yaml"))
    assert code == 0, err
    assert [line.split(": warning: ")[1].split(";")[0] for line in err.splitlines()] == [
        "there is no department 'Logistcs and delivery' in the workspace",
        "there is no channel 'Mobil app' in the workspace",
        "there is no department 'Digtal experience' in the workspace",
    ]
    assert "did you mean 'Logistics and delivery'?" in err
    assert "did you mean 'Mobile app'?" in err
    # "Item arrived dirty" shares words with "Item arrived damaged" but is a problem of its
    # own: created, not blocked.
    assert "New problems, defined in the file: item-arrived-dirty ('Item arrived dirty')." \
        in out
    assert "New departments" not in out and "New channels" not in out


def test_output_inside_a_workspace_links_without_naming_it(
        retailer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (retailer / ".cxmodel.yaml").write_text("fail_on: error\n", encoding="utf-8")
    sheet = retailer.parent / "s.csv"
    sheet.write_bytes(_csv([["journey", "step", "channel", "owner"],
                            ["Returns", "Ask", "Customer service line", "Logistics and delivery"]]))
    target = retailer / "journeys" / "deep" / "returns.yaml"
    code, _, err = _run(capsys, "import", "csv", str(sheet), "-o", str(target))
    assert code == 0, err
    assert err == ""
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["journeys"][0]["owner"] == "logistics"
    assert data["journeys"][0]["steps"][0]["channel"] == "phone"
    assert list(data) == ["cxmodel", "journeys"]  # nothing new


def test_reimport_over_its_own_file_defines_again_what_it_created(
        retailer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = retailer.parent / "s.csv"
    sheet.write_bytes(_csv([["journey", "step", "channel"], ["Returns", "Ask", "Fax"]]))
    target = retailer / "journeys" / "returns.yaml"
    for force in ((), ("--force",)):
        code, out, err = _run(capsys, "import", "csv", str(sheet), "-o", str(target),
                              "--workspace", str(retailer), *force)
        assert code == 0, err
        assert "New channels, defined in the file: fax ('Fax')." in out
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["channels"] == [
        {"id": "fax", "name": "Fax"}]


def test_without_a_workspace_references_are_listed_for_the_workspace_to_define(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(_csv([["journey", "persona", "targets", "step", "problems"],
                            ["J", "Student", "NPS >= 40", "Ask", "Lost card"]]))
    code, out, err = _run(capsys, "import", "csv", str(sheet), "-o", str(tmp_path / "j.yaml"))
    assert code == 0, err
    assert out.splitlines()[1:] == [
        "The workspace must define these personas: student ('Student').",
        "The workspace must define these metrics: nps ('NPS').",
        "The workspace must define these problems: lost-card ('Lost card').",
    ]
    text = (tmp_path / "j.yaml").read_text(encoding="utf-8")
    assert "# Personas it names (define them in the workspace): student" in text
    assert yaml.safe_load(text)["journeys"][0]["targets"] == [{"metric": "nps", "min": 40}]


def test_every_step_column_reads_into_the_language(tmp_path: Path) -> None:
    from cxmodel.importer.csv_sheet import read_sheet

    sheet = read_sheet(_csv([
        ["journey", "journey id", "state", "journey tags", "targets", "stage", "stage id",
         "step", "step id", "description", "support", "moment of truth", "delay risk",
         "proactive notice", "context", "tags", "waive", "backstage"],
        ["Card", "card", "future", "b2c; pilot", "csat >= 4,3 <= 5\nwait <= 60", "Get",
         "get", "Card on its way", "ship", "Printed and sent", "[Logistics]: Packs it\nCRM",
         "no", "x", "SMS: Your card is on its way", "lost", "pilot",
         "CX101: measured by the carrier", "[Card printer]: Prints\n: Note: slow"],
    ]))
    (journey,) = sheet.journeys
    assert journey["state"] == "future" and journey["tags"] == ["b2c", "pilot"]
    assert journey["targets"] == [{"metric": "csat", "min": 4.3, "max": 5},
                                  {"metric": "wait", "max": 60}]
    assert journey["stages"] == [{"id": "get", "name": "Get"}]
    (step,) = journey["steps"]
    assert step == {
        "id": "ship", "name": "Card on its way", "stage": "get",
        "description": "Printed and sent",
        "backstage": [{"system": "Card printer", "action": "Prints"}, "Note: slow"],
        "support": [{"actor": "logistics", "action": "Packs it"}, "CRM"],
        "delay_risk": True, "proactive": {"channel": "sms",
                                          "message": "Your card is on its way"},
        "context": "lost", "tags": ["pilot"], "waive": {"CX101": "measured by the carrier"}}


def test_ragged_rows_read_as_empty_cells(tmp_path: Path) -> None:
    from cxmodel.importer.csv_sheet import read_sheet

    sheet = read_sheet(b"journey,step,channel,emotion\nj,a\nj,b,web\n,c,web,1\n")
    assert [s for s in sheet.journeys[0]["steps"]] == [
        {"id": "a"}, {"id": "b", "channel": "web"}, {"id": "c", "channel": "web",
                                                     "emotion": 1}]


@pytest.mark.parametrize(("rows", "expected"), [
    ([["journey", "owner", "step"], ["J", "it", "a"], ["J", "digital", "b"]],
     "row 3, column B (owner): error: journey 'j' already has owner 'it' (row 2); a "
     "journey's owner is the same on every row that gives it"),
    ([["journey", "step", "step id"], ["J", "a", "x"], ["J", "b", "x"]],
     "row 3, column C (step id): error: step id 'x' is already used in journey 'j' (row 2)"),
    ([["journey", "targets", "step"], ["J", "NPS about 40", "a"]],
     "row 2, column B (targets): error: 'NPS about 40' is not a target: write the metric, "
     "then >= and/or <= with a number (fcr >= 80, response-time <= 60)"),
    ([["journey", "step", "waive"], ["J", "a", "CX1: because"]],
     "row 2, column C (waive): error: 'CX1: because' is not a waiver: write the rule's code, "
     "a colon and the reason (CX101: measured by the carrier's survey)"),
    ([["journey", "step", "context"], ["J", "a", "forgotten"]],
     "row 2, column C (context): error: context: 'forgotten' is not one of carried, lost"),
])
def test_cell_problems_name_row_and_column(rows: list[list[str]], expected: str,
                                           tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_bytes(_csv(rows))
    code, _, err = _run(capsys, "import", "csv", str(sheet), "-o", str(tmp_path / "o.yaml"))
    assert code == 1
    assert err.splitlines()[0] == f"{sheet.as_posix()}: {expected}"
    assert not (tmp_path / "o.yaml").exists()


# -- Excel workbooks ------------------------------------------------------------------------
def _workbook(path: Path, sheets: dict[str, list[list[Any]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        page = book.create_sheet(title)
        for row in rows:
            page.append(row)
    book.save(path)
    return path


def test_xlsx_with_a_worksheet_per_journey(tmp_path: Path, retailer: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    book = _workbook(tmp_path / "plan.xlsx", {
        "Read me": [["How to fill in this workbook"], ["One row per step"]],
        "Gift card": [["Stage", "Step", "Channel", "Emotion", "Moment of truth"],
                      ["Buy", "Choose", "Website", 1, True],
                      [None, "Pay", "Website", -2.0, False],
                      ["Use", "Redeem", "Stores", None, None]],
        "Online order": [["Step", "Channel", "Emotion"], ["Track", "Mobile app", 3]],
    })
    code, _, err = _run(capsys, "import", "xlsx", str(book), "-o",
                          str(retailer / "journeys" / "more.yaml"), "--workspace", str(retailer))
    assert code == 1
    assert err.splitlines() == [
        f"{book.as_posix()}: 'Online order'!2: warning: journey 'online-order' is already in "
        "the workspace, so check will report it twice: give the sheet's journey another name "
        "or a journey id, or import over the file that holds it",
        f"{book.as_posix()}: 'Online order'!C2: error: emotion: '3' is not a whole number "
        "from -2 to 2",
        f"{book.as_posix()}: 'Read me': warning: worksheet 'Read me' has no step column in "
        "its first row and is skipped",
        f"Nothing written: 1 error in {book.as_posix()}.",
    ]
    page = openpyxl.load_workbook(book)
    page["Online order"]["C2"] = 2
    page.save(book)
    code, _, err = _run(capsys, "import", "xlsx", str(book), "-o",
                          str(retailer / "journeys" / "more.yaml"), "--workspace", str(retailer))
    assert code == 0, err
    gift, order = yaml.safe_load((retailer / "journeys" / "more.yaml").read_text(
        encoding="utf-8"))["journeys"]
    assert gift["id"] == "gift-card" and order["id"] == "online-order"
    assert [(s["id"], s["stage"], s["channel"], s.get("emotion"), s.get("moment_of_truth"))
            for s in gift["steps"]] == [("choose", "buy", "web", 1, True),
                                        ("pay", "buy", "web", -2, None),
                                        ("redeem", "use", "store", None, None)]
    assert order["steps"] == [{"id": "track", "name": "Track", "channel": "app",
                               "emotion": 2}]


def test_a_file_that_is_not_a_workbook_is_refused_plainly(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "plan.xlsx"
    fake.write_bytes(b"journey,step\nj,s\n")
    code, _, err = _run(capsys, "import", "xlsx", str(fake))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{fake.as_posix()}: error: the file is not an Excel workbook (.xlsx): save it as "
        "'Excel Workbook' (an older .xls or a CSV file is read by 'import csv' once saved as "
        "CSV UTF-8)")


def test_a_workbook_that_unpacks_to_gigabytes_is_refused(tmp_path: Path) -> None:
    from cxmodel.importer.problems import SheetError
    from cxmodel.importer.xlsx_sheet import MAX_UNPACKED_BYTES, read_workbook

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (MAX_UNPACKED_BYTES + 1))
    with pytest.raises(SheetError) as failure:
        read_workbook(buffer.getvalue())
    assert "unpacks to more than 268,435,456 bytes" in str(failure.value)


# -- export and the round trip --------------------------------------------------------------
def _model(folder: Path) -> dict[str, Any]:
    """The resolved model as JSON, without where things are written."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in ("file", "line")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    data = json.loads(_json(folder))
    data.pop("files")
    return strip(data)  # type: ignore[no-any-return]


def _json(folder: Path) -> str:
    from cxmodel.export.model_json import render

    loaded = cxmodel.load(folder)
    assert loaded.workspace is not None, loaded.diagnostics
    return render(loaded.workspace)


@pytest.mark.parametrize("example", [RETAILER, BANK], ids=["retailer", "bank"])
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_export_then_import_gives_back_the_same_model(
        example: Path, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "ws"
    shutil.copytree(example, folder)
    before = _model(folder)
    sheet = tmp_path / f"journeys.{kind}"
    code, out, err = _run(capsys, "export", kind, str(folder), "-o", str(sheet))
    assert code == 0, err
    assert err == ""  # nothing the sheet cannot hold
    journeys = sorted((folder / "journeys").glob("*.yaml"))
    for file in journeys:
        file.unlink()
    code, out, err = _run(capsys, "import", kind, str(sheet), "-o",
                          str(folder / "journeys" / "imported.yaml"))
    assert code == 0, err
    assert "New " not in out  # every reference linked to what the workspace defines
    assert _model(folder) == before


def test_export_is_byte_identical_and_never_runs_a_formula(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    journey = retailer / "journeys" / "online-order.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace(
        "name: Compare sofas", "name: '=HYPERLINK(\"http://x\";\"y\")'", 1), encoding="utf-8")
    outputs = {}
    for kind in ("csv", "xlsx"):
        for attempt in (1, 2):
            target = tmp_path / f"{attempt}.{kind}"
            code, _, err = _run(capsys, "export", kind, str(retailer), "--journey",
                                "online-order", "-o", str(target))
            assert code == 0, err
            outputs[(kind, attempt)] = target.read_bytes()
        assert outputs[(kind, 1)] == outputs[(kind, 2)]
    text = outputs[("csv", 1)]
    assert text.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(text[3:].decode("utf-8"), newline="")))
    assert rows[0][:3] == ["journey", "journey id", "journey description"]
    assert "'=HYPERLINK(\"http://x\";\"y\")" in [cell for row in rows for cell in row]
    page = openpyxl.load_workbook(tmp_path / "1.xlsx").worksheets[0]
    cells = [cell for row in page.iter_rows() for cell in row]
    formula = [c for c in cells if str(c.value).startswith("=")]
    assert [(c.value, c.data_type) for c in formula] == [('=HYPERLINK("http://x";"y")', "s")]
    # Excel's 31 characters, cut between words
    assert page.title == "Order a sofa online and get it" and page.freeze_panes == "A2"


def test_export_names_what_a_sheet_cannot_hold(retailer: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    journey = retailer / "journeys" / "store-pickup.yaml"
    text = journey.read_text(encoding="utf-8")
    assert "{id: reserve, name: Reserve}" in text
    journey.write_text(text.replace("{id: reserve, name: Reserve}",
                                    "{id: reserve, name: Reserve, description: Online}"),
                       encoding="utf-8")
    code, _, err = _run(capsys, "export", "csv", str(retailer), "--journey", "store-pickup",
                        "-o", str(tmp_path / "s.csv"))
    assert code == 0
    assert err == ("warning: journey 'store-pickup': a sheet cannot hold stage reserve: "
                   "description; importing the sheet back leaves it out\n")


def test_export_never_overwrites_a_sheet_without_force(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "edited.xlsx"
    target.write_bytes(b"the workshop's edits")
    code, _, err = _run(capsys, "export", "xlsx", str(RETAILER), "-o", str(target))
    assert code == 2
    assert "already exists; use --force to overwrite it" in err
    assert target.read_bytes() == b"the workshop's edits"
    code, out, _ = _run(capsys, "export", "xlsx", str(RETAILER), "-o", str(target), "--force")
    assert code == 0 and out == f"wrote {target.as_posix()}: 3 journeys, 17 steps\n"


def test_unknown_journey_is_exit_2_with_the_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "export", "csv", str(RETAILER), "--journey", "gift")
    assert code == 2
    assert "there is no journey 'gift' (journeys: online-order, return-item, store-pickup)" \
        in err


def test_a_workshop_moves_renames_and_adds_in_the_exported_sheet(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The edits a workshop makes to an exported sheet: a step moved to another stage by
    writing that stage's name (its stage id cell left as it was), a step renamed (its id
    kept, so the posts naming it still do), a stage renamed on all its rows (its id kept),
    and a new step with no id."""
    sheet = tmp_path / "order.csv"
    code, _, err = _run(capsys, "export", "csv", str(retailer), "--journey", "online-order",
                        "-o", str(sheet))
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(sheet.read_bytes()[3:].decode("utf-8"), newline="")))
    header = rows[0]
    assert header[:2] == ["journey", "journey id"] and "step id" in header
    stage, step, ident = header.index("stage"), header.index("step"), header.index("step id")
    by_step = {row[ident]: row for row in rows[1:]}
    by_step["order-confirmation"][stage] = "Receive"  # moved: its stage id cell says buy
    by_step["compare-products"][step] = "Compare sofas side by side"  # renamed
    for row in rows[1:]:
        if row[stage] == "Choose":
            row[stage] = "Pick"  # the stage renamed on all its rows
    rows.append([""] * len(header))
    rows[-1][step] = "Rate the delivery"
    sheet.write_bytes(_csv(rows))
    target = retailer / "journeys" / "online-order.yaml"
    code, _, err = _run(capsys, "import", "csv", str(sheet), "-o", str(target), "--force")
    assert code == 0, err
    assert err == ""
    journey = cxmodel.load(retailer).workspace.journey("online-order")  # type: ignore[union-attr]
    assert journey is not None
    steps = {s.id: s for s in journey.steps}
    assert steps["order-confirmation"].stage.id == "receive"  # type: ignore[union-attr]
    assert steps["compare-products"].name == "Compare sofas side by side"
    # Nothing outside its journey names a stage: the export writes a stage id column only
    # where a name would not make the id, and a renamed stage takes its new name's id.
    assert "stage id" not in header
    assert steps["compare-products"].stage.id == "pick"  # type: ignore[union-attr]
    assert steps["compare-products"].stage.name == "Pick"  # type: ignore[union-attr]
    assert journey.steps[-1].id == "rate-the-delivery"
    # the posts covering the renamed step still name it: the model loads
    assert cxmodel.load(retailer).ok


def test_the_stage_cell_decides_the_stage_and_the_id_cell_only_names_a_new_one() -> None:
    from cxmodel.importer.csv_sheet import read_sheet

    sheet = read_sheet(_csv([["journey", "stage", "stage id", "step"],
                             ["J", "Buy", "purchase", "a"],
                             ["J", "Receive", "purchase", "b"],  # moved: not renamed
                             ["J", "buy", "", "c"],  # the stage by its name, any case
                             ["J", "", "purchase", "d"]]))
    (journey,) = sheet.journeys
    assert journey["stages"] == [{"id": "purchase", "name": "Buy"},
                                 {"id": "receive", "name": "Receive"}]
    assert [s["stage"] for s in journey["steps"]] == ["purchase", "receive", "purchase",
                                                      "purchase"]


def test_chinese_lanes_name_their_actor_before_a_full_width_colon(
        retailer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from cxmodel.importer.cells import read_lane_line

    assert read_lane_line("数字化团队：显示退货选项").who == "数字化团队"
    assert read_lane_line("数字化团队：显示退货选项").what == "显示退货选项"
    assert read_lane_line("客服部：").who == "客服部"
    sheet = retailer.parent / "zh.csv"
    sheet.write_bytes(_csv([["旅程 id", "客户旅程", "步骤", "前台"],
                            ["zh-return", "退货", "申请退货", "Digital experience：显示退货选项"]]))
    code, _, err = _run(capsys, "import", "csv", str(sheet), "-o",
                        str(retailer / "journeys" / "zh.yaml"))
    assert code == 0, err
    data = yaml.safe_load((retailer / "journeys" / "zh.yaml").read_text(encoding="utf-8"))
    assert data["journeys"][0]["steps"][0]["frontstage"] == {"actor": "digital",
                                                             "action": "显示退货选项"}


def test_export_csv_takes_the_separator_of_the_spreadsheet_that_opens_it(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for separator, char in (("semicolon", ";"), ("tab", "\t"), ("comma", ",")):
        target = tmp_path / f"{separator}.csv"
        code, _, err = _run(capsys, "export", "csv", str(RETAILER), "--journey",
                            "store-pickup", "--separator", separator, "-o", str(target))
        assert code == 0, err
        header = target.read_bytes()[3:].decode("utf-8").split("\r\n")[0]
        assert header.startswith(f"journey{char}journey id{char}")
    bank = tmp_path / "bank.csv"
    _run(capsys, "export", "csv", str(BANK), "--journey", "aktywacja-karty", "-o", str(bank))
    assert bank.read_bytes()[3:].decode("utf-8").startswith("ścieżka klienta;")  # pl: ';'


def test_a_workbook_given_to_import_csv_is_pointed_to_import_xlsx(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _workbook(tmp_path / "plan.xlsx", {"Steps": [["journey", "step"], ["j", "s"]]})
    code, _, err = _run(capsys, "import", "csv", str(book))
    assert code == 1
    assert err.splitlines()[0] == (f"{book.as_posix()}: error: the file is an Excel "
                                   "workbook, not CSV: import it with 'cxmodel import xlsx'")


def test_formulas_are_read_as_their_values_and_a_formula_without_one_is_said(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    book = _workbook(tmp_path / "plan.xlsx", {"Gift": [
        ["step", "emotion", "customer"],
        ["Choose", "=1+0", "Compares designs"],  # openpyxl saves no value: never computed
        ["Pay", 1, "#DIV/0!"],  # what a spreadsheet saves for a failing formula
    ]})
    code, out, err = _run(capsys, "import", "xlsx", str(book))
    assert code == 0, err
    assert err.splitlines()[:2] == [
        f"{book.as_posix()}: Gift!B2: warning: the cell holds a formula with no saved value "
        "(the workbook was written by a program, not saved by a spreadsheet): open the "
        "workbook in a spreadsheet and save it, or type the value",
        f"{book.as_posix()}: Gift!C3: warning: the cell's formula gives #DIV/0!: the cell is "
        "read as empty",
    ]
    steps = yaml.safe_load(out)["journeys"][0]["steps"]
    assert steps[1] == {"id": "pay", "name": "Pay", "emotion": 1}


def test_import_speaks_the_workspace_language(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "bank"
    shutil.copytree(BANK, folder)
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(_csv([["journey", "step", "channel"], ["Karta", "Zamów", "Aplikacj"]]))
    code, out, err = _run(capsys, "import", "csv", str(sheet), "-o",
                          str(folder / "journeys" / "karta.yaml"))
    assert code == 0, err
    assert "wiersz 2, kolumna C (channel): warning:" in err
    assert out.startswith("zapisano ")


def test_the_modeline_points_where_the_workspace_files_point(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The examples point at the repository's specs/: an imported journey beside them
    does too, rather than at a schema file that is not there."""
    shutil.copytree(EXAMPLES.parent / "specs", tmp_path / "specs")
    shutil.copytree(RETAILER, tmp_path / "examples" / "retailer")
    sheet = tmp_path / "s.csv"
    sheet.write_bytes(_csv([["journey", "step"], ["Gift", "Buy"]]))
    target = tmp_path / "examples" / "retailer" / "journeys" / "gift.yaml"
    code, _, err = _run(capsys, "import", "csv", str(sheet), "-o", str(target))
    assert code == 0, err
    assert target.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../../../specs/cxmodel.schema.json"
