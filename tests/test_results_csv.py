"""Results kept as CSV in the workspace (*.results.csv, #20): read into the same results as
YAML, every problem at its cell's line and column, the header's problems said once."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.loader import Limits
from cxmodel.lsp.state import Session
from tests.conftest import EXAMPLES

MODEL = """cxmodel: 1
departments: [{id: cx, name: CX}]
channels:
  - {id: web, name: Website, owner: cx}
  - {id: web-chat, name: Web chat, owner: cx}
metrics:
  - {id: csat, name: CSAT, kind: experience, scale: {min: 1, max: 5}}
"""


def _workspace(tmp_path: Path, csv: str | bytes, name: str = "r.results.csv") -> Path:
    folder = tmp_path / "ws"
    folder.mkdir(exist_ok=True)
    (folder / "organisation.yaml").write_text(MODEL, encoding="utf-8")
    path = folder / name
    if isinstance(csv, bytes):
        path.write_bytes(csv)
    else:
        path.write_text(csv, encoding="utf-8")
    return folder


def _found(folder: Path) -> list[tuple[str, int, int, str]]:
    """Each diagnostic of the CSV file: code, line, column, message."""
    result = cxmodel.load(folder)
    return [(d.code, d.span.line, d.span.column, d.message) for d in result.diagnostics
            if d.span.file.endswith(".csv")]


def _values(folder: Path) -> list[tuple[str, str, float, int | None, str]]:
    result = cxmodel.load(folder)
    assert result.workspace is not None, result.diagnostics
    return [(r.metric.id, r.period, r.value, r.responses,
             r.channel.id if r.channel else "") for r in result.workspace.results]


def test_a_csv_of_results_is_read_as_the_same_results_as_yaml(tmp_path: Path) -> None:
    """The retailer's chat results moved from results.yaml into a CSV: every finding, its
    fingerprint and its message the same."""
    yaml_only = tmp_path / "yaml"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", yaml_only)
    split = tmp_path / "csv"
    shutil.copytree(yaml_only, split)
    lines = (split / "results.yaml").read_text(encoding="utf-8").split("\n")
    chat = [line for line in lines if "channel: web-chat" in line]
    assert len(chat) == 8
    rows = ["period,metric,value,responses,channel,listening_post"]
    for line in chat:
        entry = dict(pair.split(": ") for pair in line[5:-1].split(", "))
        rows.append(",".join(entry[key] for key in ("period", "metric", "value", "responses",
                                                    "channel", "listening_post")))
    (split / "chat.results.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (split / "results.yaml").write_text(
        "\n".join(line for line in lines if line not in chat), encoding="utf-8")

    def said(folder: Path) -> list[tuple[str, str | None, str]]:
        return sorted((d.code, d.fingerprint, d.message)
                      for d in cxmodel.check(folder).diagnostics)

    assert said(split) == said(yaml_only)
    assert any(code == "CX802" for code, _, _ in said(split))  # the chat's missed target


def test_each_problem_is_at_its_cell(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, "period,metric,value,responses,channel\n"
                                  "2026-11,csat,4.2,300,webchat\n"
                                  "2026-13,csat,abc,300,web\n"
                                  "2026-11,csat,4.5,-3,  web-chat\n")
    assert _found(folder) == [
        ("CX005", 2, 22, "Unknown channel 'webchat' in the result of 'csat' for 2026-11, did "
                         "you mean 'web-chat' or 'web'?"),
        ("CX003", 3, 1, "'2026-13' is not a period."),
        ("CX003", 3, 14, "'value' of the result of 'csat' for 2026-13 should be a number, but "
                         "it is the text 'abc'."),
        ("CX003", 4, 18, "'responses' of the result of 'csat' for 2026-11 must be at least 0, "
                         "but it is -3."),
    ]


def test_quoted_cells_and_a_line_break_inside_one_are_located(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, 'period,metric,listening_post,value,channel\n'
                                  '2026-11,"csat","a ""quoted""\nname",4.2,"web chat"\n'
                                  '2026-11,csat,,4.3,wbe\n')
    found = _found(folder)
    assert [(code, line, column) for code, line, column, _ in found] == [
        ("CX005", 2, 16), ("CX005", 3, 11), ("CX005", 4, 19)]
    assert found[1][3].startswith("Unknown channel 'web chat'")
    assert "did you mean 'web'" in found[2][3]


def test_semicolons_decimal_commas_a_bom_and_spreadsheet_apostrophes(tmp_path: Path) -> None:
    """What Excel writes in Warsaw: ';' between cells, '4,1', a byte order mark; and an id
    a spreadsheet would take for a formula, escaped with an apostrophe."""
    text = "\ufeffPeriod;Metric;Value;Responses;Channel\r\n2026-10;csat;4,1;312;web-chat\r\n" \
           "2026-11;csat;\"4,25\";12;'-web\r\n\r\n2026-12;csat;5;7;web-chat\r\n"
    folder = _workspace(tmp_path, text.encode("utf-8"))
    (folder / "organisation.yaml").write_text(MODEL.replace("{id: web,", "{id: '-web',"),
                                              encoding="utf-8")
    assert _values(folder) == [("csat", "2026-10", 4.1, 312, "web-chat"),
                               ("csat", "2026-11", 4.25, 12, "-web"),
                               ("csat", "2026-12", 5.0, 7, "web-chat")]


def test_the_headers_problems_are_said_once_at_the_header(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, "period,metrc,value,channel,channel,date\n"
                                  "2026-11,csat,4.2,web,web,2026-11-03\n")
    assert _found(folder) == [
        ("CX003", 1, 1, "The header has no column 'metric', which every result needs."),
        ("CX003", 1, 8, "The column 'metrc' is not a field of a result, so its cells are not "
                        "read."),
        ("CX002", 1, 28, "The column 'channel' appears twice in the header; a result has one "
                         "value for each."),
        ("CX003", 1, 36, "The column 'date' is not a field of a result, so its cells are not "
                         "read."),
    ]
    hints = {d.span.column: d.hint for d in cxmodel.load(folder).diagnostics}
    assert hints[8] == "Did you mean 'metric'?"
    assert hints[36] == ("A results file holds one value per period. An export with one answer "
                         "per row and its date is turned into one with 'cxmodel import "
                         "results'.")
    folder = _workspace(tmp_path, "period,metric,value\n2026-11,csat,4\n")
    assert _found(folder) == [("CX003", 1, 1, "The header has none of the columns channel, "
                                              "journey, step or post: each result names what "
                                              "was measured in one of them.")]


def test_broken_csv_is_cx001_where_it_breaks(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, "period,metric,value,channel\n2026-11,csat,4,web,extra\n")
    assert _found(folder) == [("CX001", 2, 20, "This row has 5 cells but the header has 4: a "
                                               "cell holding the separator or a line break "
                                               "must be in double quotes.")]
    folder = _workspace(tmp_path, 'period,metric,value,channel\n2026-11,csat,4,"web\n')
    [(code, line, column, message)] = _found(folder)
    assert (code, line, column) == ("CX001", 2, 1)
    assert message.endswith("is a double quote left open?")
    folder = _workspace(tmp_path, "")
    assert _found(folder) == [("CX003", 1, 1, "This results file is empty: it needs a header "
                                              "row naming its columns, then one result a row.")]
    folder = _workspace(tmp_path, b"period,metric\n\xff\n")
    assert [(code, line) for code, line, _, _ in _found(folder)] == [("CX006", 2)]


def test_the_file_value_limit_holds(tmp_path: Path) -> None:
    rows = "".join(f"2026-{month:02d},csat,4,web\n" for month in range(1, 13))
    folder = _workspace(tmp_path, "period,metric,value,channel\n" + rows)
    result = cxmodel.load(folder, limits=Limits(max_file_values=20))
    [problem] = [d for d in result.diagnostics if d.span.file.endswith(".csv")]
    assert (problem.code, problem.span.line) == ("CX006", 6)
    assert problem.message == ("This file holds more than 20 values (filled cells and rows); "
                               "the rest is not read.")


def test_only_results_csv_files_are_part_of_the_workspace(tmp_path: Path) -> None:
    folder = _workspace(tmp_path, "period,metric,value,channel\n2026-11,csat,4,web\n")
    (folder / "notes.csv").write_text("not,a,results,file\n", encoding="utf-8")
    (folder / ".old.results.csv").write_text("broken", encoding="utf-8")
    result = cxmodel.load(folder)
    assert result.ok, result.diagnostics
    assert sorted(Path(f.path).name for f in result.files) == ["organisation.yaml",
                                                               "r.results.csv"]
    assert len(result.workspace.results) == 1  # type: ignore[union-attr]
    server = Session(folder)  # the language server's test of a workspace file
    assert server.contains(str(folder / "r.results.csv"))
    assert not server.contains(str(folder / "notes.csv"))


def test_problems_are_said_in_the_workspaces_language(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    folder = _workspace(tmp_path, "okres;metric;value;channel\n2026-11;csat;4,2;web;x\n")
    code = main(["check", str(folder), "--lang", "pl", "--format", "json"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Kolumna „okres” nie jest polem wyniku, więc jej komórki nie są odczytywane." in out
    assert "W nagłówku brakuje kolumny „period”, której potrzebuje każdy wynik." in out


def test_import_writes_a_results_csv_the_workspace_reads(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    folder = _workspace(tmp_path, "period,metric,value,channel\n2026-09,csat,4,web\n")
    export = tmp_path / "export.csv"
    export.write_text("period;metric;channel;value;responses\n"
                      "2026-11;CSAT;Web chat;4,1;312\n2026-11;csat;Website;3,9;12\n",
                      encoding="utf-8")
    code = main(["import", "results", str(export), "-o", str(folder / "november.csv")])
    assert code == 2
    assert "name it november.results.csv" in capsys.readouterr().err
    target = folder / "november.results.csv"
    code = main(["import", "results", str(export), "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    assert target.read_text(encoding="utf-8") == ("period,metric,value,responses,channel\n"
                                                  "2026-11,csat,4.1,312,web-chat\n"
                                                  "2026-11,csat,3.9,12,web\n")
    assert _values(folder) == [("csat", "2026-11", 4.1, 312, "web-chat"),
                               ("csat", "2026-11", 3.9, 12, "web"),
                               ("csat", "2026-09", 4.0, None, "web")]
    code = main(["import", "results", str(export), "-o", str(target)])
    assert code == 2  # never replaced without --force
    assert "already exists" in capsys.readouterr().err


def _git(repository: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repository), "-c", "user.name=t", "-c",
                    "user.email=t@example.org", *args], check=True, capture_output=True,
                   timeout=60)


def test_diff_reads_results_csv_at_a_revision(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    folder = _workspace(tmp_path, "period,metric,value,responses,channel\n"
                                  "2026-10,csat,4.2,300,web\n")
    _git(folder, "init", "-q", "-b", "main")
    _git(folder, "add", ".")
    _git(folder, "commit", "-q", "-m", "October")
    with (folder / "r.results.csv").open("a", encoding="utf-8") as stream:
        stream.write("2026-11,csat,4.4,310,web\n")
    monkeypatch.chdir(folder)
    code = main(["diff", "--base", "main", "."])
    out = capsys.readouterr().out
    assert code == 0
    assert "Results added (1):\n  2026-11: 'CSAT' of channel 'Website': 4.4 (310 responses)\n" \
        in out


def test_the_parsed_cache_and_parallel_workers_keep_every_place(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A row's places are worked out when asked; pickled (the cache `site` and `serve` keep,
    the workers of `check -j`) it keeps them."""
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "cache"))
    rows = "".join(f"2026-{month:02d},csat,4.{month % 10},{100 + month},web\n"
                   for month in range(1, 13))
    folder = _workspace(tmp_path, "period,metric,value,responses,channel\n" + rows
                        + "2026-12,csat,4.4,300,webchat\n", name="a.results.csv")
    expected = [("CX005", 14, 22, "Unknown channel 'webchat' in the result of 'csat' for "
                                  "2026-12, did you mean 'web-chat' or 'web'?")]
    assert _found(folder) == expected
    for _ in range(2):  # written to the cache, then read from it
        result = cxmodel.load(folder, cache=True)
        assert [(d.code, d.span.line, d.span.column, d.message) for d in result.diagnostics
                if d.span.file.endswith(".csv")] == expected
    assert list((tmp_path / "cache").rglob("*.pickle"))
    # Worth a second process, which reads the first file (the CSV) and sends it back pickled.
    monkeypatch.setattr("cxmodel.api._weight", lambda item: 10**7)
    result = cxmodel.load(folder, workers=2)
    assert [(d.code, d.span.line, d.span.column) for d in result.diagnostics] == [
        ("CX005", 14, 22)]
