"""``cxmodel import csv``: workshop sheets as spreadsheets export them (BOM, semicolons,
CRLF, quotes, separators and line breaks inside cells) become journey files that load."""

from __future__ import annotations

import codecs
import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxmodel
from cxmodel.cli import main
from cxmodel.importer.csv_sheet import (
    MAX_CELL_CHARS,
    MAX_SHEET_BYTES,
    SheetError,
    delimiter_of,
    read_sheet,
)
from cxmodel.importer.ids import IdMaker, slug
from tests.conftest import EXAMPLES


def _sheet(rows: list[list[str]], delimiter: str = ",", bom: bool = False,
           newline: str = "\r\n") -> bytes:
    """A sheet as a spreadsheet writes it (quotes where needed, CRLF rows)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator=newline).writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    return (codecs.BOM_UTF8 + data) if bom else data


def _import(capsys: pytest.CaptureFixture[str], sheet: Path, *args: str
            ) -> tuple[int, str, str]:
    code = main(["import", "csv", str(sheet), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_ids_keep_letters_of_every_alphabet() -> None:
    assert slug("Pick a product") == "pick-a-product"
    assert slug("Выбор товара") == "выбор-товара"
    assert slug("  Zamówienie / Płatność #2 ") == "zamówienie-płatność-2"
    assert slug("选择 产品") == "选择-产品"
    assert slug("हिन्दी चैट") == "हिन्दी-चैट"  # combining marks are kept
    assert slug("web-chat") == "web-chat"
    assert slug("?!") == ""
    maker = IdMaker("step")
    assert [maker.make(n) for n in ("Pay", "pay", "Pay!", "?", "?")] == \
        ["pay", "pay-2", "pay-3", "step", "step-2"]


def test_delimiter_is_read_from_the_header() -> None:
    assert delimiter_of("journey;step;channel\na,b;c;d\n") == ";"
    assert delimiter_of('"journey;x",step\n') == ","
    assert delimiter_of("journey\tstep\n") == "\t"
    assert delimiter_of("journey\n") == ","


AWKWARD = [
    ["Journey", "STAGE", "Step", "Moment of truth", "channel", "Customer", "Frontstage",
     "Backstage", "support", "Evidence", "Emotion", "Owner", "Notes"],
    ["Online order", "Choose", "Pick a product", "no", "Web",
     'Compares "two" models, then picks one', "Digital: Shows stock; and delivery dates",
     "IT: Syncs stock\nWarehouse team: Counts pallets", "PIM: Holds product data",
     "Product page", "+1", "Digital", ""],
    ["", "", "Ask: does it fit?", "yes", "Web chat", "Asks about\r\nthe door width",
     "Contact centre: Answers with the packed size", "", "Chat platform", "", "-1", "", ""],
    ["", "Buy", "Pay", "X", "web", "yes", "", "", "", "", "0", "", "a note"],
    ["", "", "Pay", "", "", "0777", "", "", "", "", "", "", ""],
    ["", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["Выбор товара", "Выбор", "Выбор товара", "1", "Веб", "Смотрит каталог #1", "", "", "",
     "", "2", "", ""],
]


@pytest.mark.parametrize("delimiter", [",", ";"])
@pytest.mark.parametrize("bom", [False, True])
def test_awkward_sheet_imports_exactly(delimiter, bom, write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = write("workshop.csv", _sheet(AWKWARD, delimiter, bom))
    target = tmp_path / "cx" / "journeys" / "imported.yaml"
    code, out, err = _import(capsys, sheet, "-o", str(target))
    assert code == 0, err
    assert err == (
        f"{sheet.as_posix()}: row 1, column M (Notes): warning: unknown column 'Notes' "
        "ignored (cxmodel reads: "
        "journey, journey id, journey description, persona, goal, owner, state, journey tags, "
        "targets, stage, stage id, step, step id, description, channel, customer, frontstage, "
        "backstage, support, evidence, emotion, moment of truth, pain points, problems, "
        "offers, next, delay risk, proactive notice, context, tags, waive)\n")
    assert out.splitlines() == [
        f"wrote {target.as_posix()}: 2 journeys, 3 stages, 5 steps",
        "The workspace must define these departments: contact-centre ('Contact centre'), "
        "digital ('Digital'), it ('IT'), warehouse-team ('Warehouse team').",
        "The workspace must define these channels: web ('Web'), web-chat ('Web chat'), "
        "веб ('Веб').",
    ]
    text = target.read_text(encoding="utf-8")
    assert text.splitlines()[0] == "# yaml-language-server: $schema=cxmodel.schema.json"
    document = yaml.safe_load(text)
    assert document["cxmodel"] == 1
    order, choice = document["journeys"]
    assert order["id"] == "online-order"
    assert order["name"] == "Online order"
    assert order["owner"] == "digital"  # the Owner column, linked like a lane's actor
    assert order["stages"] == [{"id": "choose", "name": "Choose"}, {"id": "buy", "name": "Buy"}]
    pick, ask, pay, pay2 = order["steps"]
    assert pick == {
        "id": "pick-a-product", "name": "Pick a product", "stage": "choose", "channel": "web",
        "customer": 'Compares "two" models, then picks one',
        "evidence": "Product page",
        "frontstage": {"actor": "digital", "action": "Shows stock; and delivery dates"},
        "backstage": [{"actor": "it", "action": "Syncs stock"},
                      {"actor": "warehouse-team", "action": "Counts pallets"}],
        "support": {"system": "PIM", "action": "Holds product data"},
        "emotion": 1,
    }
    assert ask == {
        "id": "ask-does-it-fit", "name": "Ask: does it fit?", "stage": "choose",
        "channel": "web-chat", "customer": "Asks about\nthe door width",
        "frontstage": {"actor": "contact-centre",
                       "action": "Answers with the packed size"},
        "support": "Chat platform", "emotion": -1, "moment_of_truth": True,
    }
    assert pay == {"id": "pay", "name": "Pay", "stage": "buy", "channel": "web",
                   "customer": "yes", "emotion": 0, "moment_of_truth": True}
    assert pay2 == {"id": "pay-2", "name": "Pay", "stage": "buy", "customer": "0777"}
    assert choice == {"id": "выбор-товара", "name": "Выбор товара",
                      "stages": [{"id": "выбор", "name": "Выбор"}],
                      "steps": [{"id": "выбор-товара", "name": "Выбор товара",
                                 "stage": "выбор", "channel": "веб",
                                 "customer": "Смотрит каталог #1", "emotion": 2,
                                 "moment_of_truth": True}]}
    # cxmodel reads it back the same way (YAML 1.2: 'yes' and '0777' stay text).
    loaded = cxmodel.load(target)
    assert [d.code for d in loaded.diagnostics] == ["CX005"] * len(loaded.diagnostics)
    assert loaded.diagnostics  # channels and departments are not defined in this file


def test_imported_journey_loads_with_the_rest_of_a_workspace(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    workspace = tmp_path / "retailer"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", workspace)
    sheet = write("sheet.csv", _sheet([
        ["journey", "stage", "step", "channel", "frontstage", "emotion", "moment_of_truth"],
        ["Gift card", "Buy", "Choose a card", "web", "Digital: Shows designs", "1", ""],
        ["", "", "Ask about expiry", "Web chat", "Contact centre: Explains", "0", "yes"],
        ["", "Use", "Redeem in store", "store", "Stores: Scans the card", "2", ""],
    ], ";", bom=True))
    target = workspace / "journeys" / "gift-card.yaml"
    code, out, err = _import(capsys, sheet, "-o", str(target))
    assert code == 0, err
    # The output lies in the retailer's folder (beside organisation.yaml): every reference
    # links to what it defines, by id ('web') or name ('Web chat'), and nothing is new.
    assert out.splitlines()[1:] == [f"Linked to the workspace '{workspace.as_posix()}'."]
    # No schema file above the output: the modeline names one beside it, as 'init' does.
    assert target.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=cxmodel.schema.json\n")
    result = cxmodel.check(workspace)
    assert result.load.diagnostics == []
    journey = result.workspace.journey("gift-card")  # type: ignore[union-attr]
    assert journey is not None
    assert [s.id for s in journey.steps] == ["choose-a-card", "ask-about-expiry",
                                             "redeem-in-store"]
    assert [s.stage.id for s in journey.steps] == ["buy", "buy", "use"]  # type: ignore[union-attr]
    assert [s.channel.id for s in journey.steps] == ["web", "web-chat", "store"]  # type: ignore[union-attr]
    assert [s.responsible.id for s in journey.steps] == ["digital", "contact-centre",  # type: ignore[union-attr]
                                                         "stores"]
    assert journey.steps[1].moment_of_truth is True
    fingerprints = {d.fingerprint for d in result.diagnostics}
    assert "CX102:gift-card/ask-about-expiry" in fingerprints


def test_modeline_points_at_the_nearest_schema(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "cx").mkdir()
    assert main(["schema", "-o", str(tmp_path / "cx" / "cxmodel.schema.json")]) == 0
    sheet = write("s.csv", "journey,step\nj,s\n")
    target = tmp_path / "cx" / "journeys" / "deep" / "j.yaml"
    code, _, _ = _import(capsys, sheet, "-o", str(target))
    assert code == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../../cxmodel.schema.json"


def test_never_overwrites_without_force(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = write("s.csv", "journey,step\nj,s\n")
    target = write("out.yaml", "# precious\n")
    code, out, err = _import(capsys, sheet, "-o", str(target))
    assert code == 2
    assert f"{target.as_posix()} already exists; use --force to overwrite it" in err
    assert target.read_text(encoding="utf-8") == "# precious\n"
    code, out, err = _import(capsys, sheet, "-o", str(target), "--force")
    assert code == 0, err
    assert out.startswith(f"wrote {target.as_posix()}: 1 journey, 0 stages, 1 step")
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["journeys"] == [
        {"id": "j", "steps": [{"id": "s"}]}]


def test_without_output_the_yaml_goes_to_standard_output(write, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = write("s.csv", "Journey;Step;Channel\nj;s;Web\n")
    code, out, err = _import(capsys, sheet)
    assert code == 0
    assert yaml.safe_load(out)["journeys"] == [{"id": "j", "steps": [{"id": "s",
                                                                       "channel": "web"}]}]
    assert "read 1 journey, 0 stages, 1 step" in err
    assert "channels: web ('Web')" in err


@pytest.mark.parametrize(("content", "expected"), [
    ("journey,step,emotion\nj,a,1\nj,b,3\nj,c,-2\nj,d,bad\n",
     ["row 3, column C (emotion): error: emotion: '3' is not a whole number from -2 to 2",
      "row 5, column C (emotion): error: emotion: 'bad' is not a whole number from -2 to 2"]),
    ("journey,step,moment_of_truth\nj,a,maybe\n",
     ["row 2, column C (moment_of_truth): error: moment of truth: 'maybe' is not yes or no "
      "(write one of yes, x, 1, ✓, no, 0)"]),
    # Every bad cell of a row is listed, not only the first: one round of fixes.
    ("journey,step,emotion,moment_of_truth\nj,a,3,maybe\n",
     ["row 2, column C (emotion): error: emotion: '3' is not a whole number from -2 to 2",
      "row 2, column D (moment_of_truth): error: moment of truth: 'maybe' is not yes or no "
      "(write one of yes, x, 1, ✓, no, 0)"]),
    ("journey,step,channel\nj,a,web,extra\n,b,web\nj,,web\n",
     ["row 2: error: the row has 4 cells but the header has 3: a cell holding a line break "
      "or the separator must be in double quotes",
      "row 4, column B (step): error: the step cell is empty"]),
    ("journey,step\n,a\n", ["row 2, column A (journey): error: the journey cell is empty"]),
    ('journey,step,customer\nj,a,"multi\nline",x\nj,b\n',
     ["row 2: error: the row has 4 cells but the header has 3: a cell holding a "
      "line break or the separator must be in double quotes"]),
    ('journey,step,emotion\nj,"multi\nline",2\nj,b,5\n',
     ["row 3 (line 4), column C (emotion): error: emotion: '5' is not a whole number from -2 "
      "to 2"]),
    ('journey,step,customer\nj,a,"never closed\nj,b,c\n',
     ["row 2: error: the row cannot be read (unexpected end of data): is a quote left open?"]),
    ("journey,stage,channel\nj,s,web\n",
     ["row 1: error: the header needs the column step (found: journey, stage, channel)"]),
    ("step,Step\na,b\n",
     ["row 1: error: the header needs the column journey (found: step, step)",
      "row 1, column B (Step): error: the column 'Step' appears twice"]),
    ("journey,step,channel\nj,a,???\n",
     ["row 2, column C (channel): error: '???' holds no letter or digit to make an id of"]),
    ("journey,step\n", ["error: the sheet has a header but no steps"]),
    ("", ["error: the sheet is empty: it needs a header row with at least the columns "
          "journey and step"]),
])
def test_malformed_rows_are_reported_by_row_and_nothing_is_written(content, expected, write,  # type: ignore[no-untyped-def]
                                                                    tmp_path, capsys) -> None:
    sheet = write("bad.csv", content)
    target = tmp_path / "out.yaml"
    code, out, err = _import(capsys, sheet, "-o", str(target))
    assert code == 1
    assert out == ""
    assert not target.exists()
    lines = err.splitlines()
    assert lines[:-1] == [f"{sheet.as_posix()}: {e}" for e in expected]
    errors = len(expected)
    assert lines[-1] == f"Nothing written: {errors} error{'' if errors == 1 else 's'} in " \
                        f"{sheet.as_posix()}."


def test_encodings_other_than_utf8_are_refused_with_a_hint(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    utf16 = write("u16.csv", "journey,step\nj,s\n".encode("utf-16"))
    code, _, err = _import(capsys, utf16, "-o", str(tmp_path / "o.yaml"))
    assert code == 1
    assert "saved as UTF-16" in err and "'CSV UTF-8'" in err
    latin = write("latin.csv", "journey,step\nj,Zamówienie\n".encode("cp1250"))
    code, _, err = _import(capsys, latin, "-o", str(tmp_path / "o.yaml"))
    assert code == 1
    assert "not UTF-8 text (byte 18, line 2)" in err
    assert not (tmp_path / "o.yaml").exists()


def test_missing_sheet_is_exit_2(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = _import(capsys, tmp_path / "nope.csv")
    assert code == 2
    assert "nope.csv" in err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and /dev/zero")
def test_a_sheet_that_is_not_a_regular_file_is_never_read(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    for sheet in (pipe, Path("/dev/zero")):
        done = subprocess.run([sys.executable, "-m", "cxmodel", "import", "csv", str(sheet)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2
        assert done.stdout == ""
        assert done.stderr == (f"cxmodel: error: {sheet.as_posix()}: it is not a regular file "
                               "(a pipe, socket or device?)\n")


def test_a_sheet_over_16_mib_is_refused_unread(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = tmp_path / "huge.csv"
    with sheet.open("wb") as stream:
        stream.truncate(MAX_SHEET_BYTES + 1)  # sparse: no disk used, and it is never read
    code, out, err = _import(capsys, sheet)
    assert (code, out) == (2, "")
    assert err == (f"cxmodel: error: {sheet.as_posix()} is 16,777,217 bytes, more than the "
                   "limit of 16,777,216 bytes for a sheet, the same as for a workspace "
                   "file\n")


def test_a_dangling_symlink_is_not_replaced_without_force(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = write("s.csv", "journey,step\nj,s\n")
    link = tmp_path / "out.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    code, out, err = _import(capsys, sheet, "-o", str(link))
    assert (code, out) == (2, "")
    assert err == (f"cxmodel: error: {link.as_posix()} already exists; use --force to "
                   "overwrite it\n")
    assert link.is_symlink()
    assert not (tmp_path / "nowhere.yaml").exists()
    code, _, err = _import(capsys, sheet, "-o", str(link), "--force")
    assert code == 0, err
    assert not link.is_symlink()  # replaced, not followed
    assert not (tmp_path / "nowhere.yaml").exists()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_a_device_is_written_to_without_force(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    sheet = write("s.csv", "journey,step\nj,s\n")
    link = tmp_path / "null.yaml"
    link.symlink_to("/dev/null")
    for target in ("/dev/null", str(link)):
        code, out, _ = _import(capsys, sheet, "-o", target)
        assert code == 0
        assert out.startswith(f"wrote {target}: 1 journey")
    assert link.is_symlink()


def test_long_cells_are_read_up_to_a_mebibyte(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    limit = csv.field_size_limit()
    long_text = "a" * MAX_CELL_CHARS  # the csv module alone stops at 131,072
    sheet = write("long.csv", f'journey,step,customer\nj,s,"{long_text}"\n')
    target = tmp_path / "j.yaml"
    code, _, err = _import(capsys, sheet, "-o", str(target))
    assert code == 0, err
    steps = yaml.safe_load(target.read_text(encoding="utf-8"))["journeys"][0]["steps"]
    assert steps[0]["customer"] == long_text
    for name, text, where in (
            ("too-long.csv", f'journey,step,customer\nj,s,"{long_text}a"\nj,t,u\n',
             "row 2: error: the row"),
            ("header.csv", f"journey,step,{long_text}a\nj,s,x\n",
             "row 1: error: the header row")):
        code, _, err = _import(capsys, write(name, text))
        assert code == 1
        assert err.splitlines()[0] == (
            f"{(tmp_path / name).as_posix()}: {where} cannot be read: a cell is longer than "
            "1,048,576 characters, the most cxmodel reads (is a quote left open?)")
    assert csv.field_size_limit() == limit  # the process-wide setting is put back


def test_empty_stage_continues_the_one_above_and_dash_means_none() -> None:
    sheet = read_sheet(b"journey,stage,step\nj,A,a\n,,b\nj,-,c\nk,,d\n")
    (j, k) = sheet.journeys
    assert [(s["id"], s.get("stage")) for s in j["steps"]] == [("a", "a"), ("b", "a"),
                                                                ("c", None)]
    assert j["stages"] == [{"id": "a", "name": "A"}]
    assert k == {"id": "k", "steps": [{"id": "d"}]}


def test_sheet_error_lists_every_problem() -> None:
    with pytest.raises(SheetError) as failure:
        read_sheet(b"journey,step,emotion,x\nj,a,5,\nj,b,6,\n")
    assert [(p.severity, p.row) for p in failure.value.problems] == \
        [("error", 2), ("error", 3), ("warning", 1)]


# Text a workshop might type: any printable character of several scripts, spaces, quotes,
# separators, colons, hashes, line breaks; YAML look-alikes such as yes, 0777, 1.10, ~.
_TEXT = st.one_of(
    st.sampled_from(["yes", "NO", "0777", "1.10", "~", "null", "2024-01-15", "12:30", "- a",
                     "a: b", "#x", "'q'", '"q"', "|", ">", "@", "`", "%", "!tag", "&a", "*a"]),
    st.text(alphabet=st.characters(codec="utf-8", categories=("L", "M", "N", "P", "S", "Zs")),
            min_size=1, max_size=30),
    st.text(alphabet="ab ,;:\"'#\n\t-", min_size=1, max_size=20),
).map(lambda t: t.replace("\r", "").strip()).filter(bool)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                   HealthCheck.function_scoped_fixture])
@given(customer=_TEXT, evidence=_TEXT, name=_TEXT, delimiter=st.sampled_from([",", ";"]),
       bom=st.booleans())
def test_any_text_round_trips(customer, evidence, name, delimiter, bom, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = _sheet([["journey", "step", "customer", "evidence"],
                    ["j", name, customer, evidence]], delimiter, bom)
    imported = read_sheet(sheet)
    from cxmodel.importer.journey_file import journey_file_text

    target = tmp_path / "round-trip.yaml"
    target.write_text(journey_file_text(imported.journeys, "s.csv", "x.json", [], []),
                      encoding="utf-8")
    loaded = cxmodel.load(target)
    assert loaded.diagnostics == []
    (step,) = loaded.workspace.journey("j").steps  # type: ignore[union-attr]
    assert step.customer == _typed(customer.replace("\r\n", "\n"))
    assert step.evidence == _typed(evidence)
    assert step.name == _typed(name)
    assert step.id == (slug(_typed(name)) or "step")


def _typed(text: str) -> str:
    """What a cell means: "'=x" is how a spreadsheet (and cxmodel's export) writes the text
    "=x" so that it is not run as a formula."""
    return text[1:] if text[:1] == "'" and text[1:2] in ("=", "+", "-", "@", "\t") and \
        text[1:2] else text


def test_import_runs_from_the_installed_command(write, tmp_path) -> None:  # type: ignore[no-untyped-def]
    sheet = write("s.csv", _sheet([["Journey", "Step"], ["Заказ", "Оплата"]], ";", bom=True))
    done = subprocess.run(["cxmodel", "import", "csv", str(sheet), "-o",
                           str(tmp_path / "j.yaml")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert "id: заказ" in (tmp_path / "j.yaml").read_text(encoding="utf-8")


def test_repeated_names_get_numbered_ids_in_order() -> None:
    from cxmodel.importer.ids import IdMaker

    maker = IdMaker("step")
    made = [maker.make("Call us") for _ in range(20_000)]
    assert made[:3] == ["call-us", "call-us-2", "call-us-3"] and made[-1] == "call-us-20000"
    assert maker.make("call-us-2") == "call-us-2-2"  # taken by the numbering above
    assert maker.make("Call us") == "call-us-20001"


def test_imported_text_is_written_as_people_typed_it_emoji_included() -> None:
    import yaml

    from cxmodel.importer.journey_file import journey_file_text

    journeys = [{"id": "j", "name": "Buy 😀", "steps": [{"id": "s", "customer": "Zamów"}]}]
    text = journey_file_text(journeys, "x.csv", "cxmodel.schema.json", [], [])
    assert "  name: Buy 😀\n" in text and "customer: Zamów\n" in text
    assert yaml.safe_load(text)["journeys"] == journeys
    plain = [{"id": "j", "name": "Buy now", "steps": [{"id": "s", "customer": "Zamów"}]}]
    assert yaml.safe_load(journey_file_text(plain, "x.csv", "s", [], []))["journeys"] == plain


def test_sheet_text_reaches_the_terminal_as_text(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """A header cell holding escape sequences, or a department named with a right-to-left
    override, is shown as <U+XXXX> in the warnings and notes, never acted on."""
    sheet = tmp_path / "b.csv"
    sheet.write_bytes("journey,step,channel,frontstage,\x1b]0;PWNED\x07\x1b[2Jevil\n"
                      "j,s,web,\u202eSales: greet,x\n".encode())
    code, _, err = _import(capsys, sheet)
    assert code == 0
    assert ("row 1, column E (<U+001B>]0;PWNED<U+0007><U+001B>[2Jevil): warning: unknown "
            "column '<U+001B>]0;PWNED<U+0007><U+001B>[2Jevil' ignored") in err
    assert "The workspace must define these departments: sales ('<U+202E>Sales')." in err
    assert "\x1b" not in err and "\u202e" not in err


def test_a_sheet_over_max_rows_is_refused(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    """850,000 rows (8.4 MB) took 46 s and 3.3 GB: the rows are bounded, like every input."""
    sheet = tmp_path / "rows.csv"
    sheet.write_text("journey,step\n" + "".join(f"j{n},s\n" for n in range(6)),
                     encoding="utf-8")
    code, _, err = _import(capsys, sheet, "--max-rows", "5")
    assert code == 1
    assert err.splitlines()[0] == (
        f"{sheet.as_posix()}: row 7: error: the sheet has more than 5 rows below its header, "
        "the most cxmodel imports at once (limit --max-rows): split it into several sheets, "
        "or raise the limit with --max-rows 20")
    code, out, _ = _import(capsys, sheet, "--max-rows", "6")
    assert code == 0 and "journeys:" in out
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "csv", str(sheet), "--max-rows", "0"])
    assert exit_info.value.code == 2


def test_invisible_characters_never_make_an_id() -> None:
    """Found by test_any_text_round_trips: a name of one variation selector (U+E0100, a
    mark) became an id holding it, which the schema then refused."""
    from cxmodel.importer.ids import slug

    assert slug("\U000e0100") == ""
    assert slug("Pay\u200bnow\ufe0f") == "pay-now"
    assert slug("Café\u034f au lait") == "café-au-lait"
