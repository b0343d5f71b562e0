"""Report formats: each is parsed back and checked; the examples' reports are golden files
(regenerate with CXMODEL_UPDATE_GOLDEN=1 after a deliberate change, and review the diff)."""

from __future__ import annotations

import csv
import io
import json
import os
from pathlib import Path

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.report import csv_report
from cxmodel.report import markdown_report as markdown
from cxmodel.report.data import report_data
from cxmodel.templating import markdown_code, markdown_escape
from tests.conftest import EXAMPLES, ROOT

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def _report(fmt: str, example: str, tmp_path: Path) -> str:
    target = tmp_path / f"report.{fmt}"
    code = main(["report", f"examples/{example}", "--format", fmt, "-o", str(target)])
    assert code == 1  # both examples hold an error-level gap on purpose
    return target.read_bytes().decode("utf-8")


@pytest.mark.parametrize("fmt", ["json", "md", "csv", "html"])
@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_golden_reports(fmt: str, example: str, tmp_path: Path,
                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    produced = _report(fmt, example, tmp_path)
    golden = GOLDEN / f"{example}.{fmt}"
    if os.environ.get("CXMODEL_UPDATE_GOLDEN"):
        golden.write_bytes(produced.encode("utf-8"))
    assert produced == golden.read_bytes().decode("utf-8")


def test_json_report_parses_and_agrees_with_the_analysis(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    data = json.loads(_report("json", "omnichannel-retailer", tmp_path))
    result = cxmodel.check(EXAMPLES / "omnichannel-retailer")
    assert result.analysis is not None
    assert [f["code"] for f in data["findings"]] == [d.code for d in result.diagnostics]
    assert data["summary"]["errors"] == 1
    # (the order-confirmation e-mail, a notice no post hears, is not counted)
    assert data["coverage"]["workspace"] == {"covered": 13, "total": 14, "percent": 92.9,
                                             "errors": 1}
    assert data["coverage"]["moments_of_truth"] == {"covered": 3, "total": 4, "percent": 75.0,
                                                    "errors": 1}
    online = data["coverage"]["journeys"][0]
    assert online["id"] == "online-order"
    assert online["shares_metric"] is False
    cells = {c["channel"]: c for c in online["cells"]}
    # The order confirmation, an automated e-mail, is a notice no post hears: nothing in
    # the e-mail column to measure, and no CX101, CX103 or CX104 about it.
    assert cells["email"]["state"] == "none"
    assert "email" not in [c["id"] for c in data["matrix"]["channels"]]
    assert cells["sms"]["state"] == "unmeasured"  # customers reply to the slot SMS
    assert cells["web"]["metrics"] == ["csat", "ces"]
    assert [c["id"] for c in data["matrix"]["channels"]][:3] == ["web", "app", "web-chat"]
    assert not [f for f in data["findings"] if "order-confirmation" in f["fingerprint"]]
    # The relationship study's slower call-backs are a decision: waived, with its reason.
    assert [w["code"] for w in data["waived"]] == ["CX403"]
    assert {w["reason"] for w in data["waived"]} == {
        "A relationship study: account managers call detractors back within a week, after "
        "reading their whole account"}
    assert data["fix_first"][0]["code"] == "CX102"


def test_csv_parses_back_with_one_row_per_finding(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    text = _report("csv", "omnichannel-retailer", tmp_path)
    assert text.startswith("\ufeffstatus,severity,code,")  # Excel's mark, then commas
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"), newline="")))
    assert list(rows[0]) == list(csv_report.COLUMNS)
    result = cxmodel.check(EXAMPLES / "omnichannel-retailer")
    assert result.analysis is not None
    assert len(rows) == len(result.diagnostics) + len(result.analysis.waived)
    assert rows[-1]["status"] == "waived" and rows[-1]["reason"]
    assert all(row["line"].isdigit() for row in rows)


def test_a_polish_csv_report_opens_in_polish_excel(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Polish Excel reads ';'-separated UTF-8 with a byte-order mark: the header and the
    cells land in their columns, the Polish letters intact."""
    monkeypatch.chdir(ROOT)
    target = tmp_path / "raport.csv"
    assert main(["report", "examples/bank-account-opening", "--format", "csv", "-o",
                 str(target)]) == 1
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert len(rows[0]) == len(csv_report.COLUMNS) == len(rows[1])
    assert rows[0][:3] == ["status", "ważność", "kod"]
    assert any("ł" in cell or "ś" in cell for row in rows[1:] for cell in row)


PAYLOAD = "=HYPERLINK(\"http://evil\",\"x\") | <script>alert(1)</script> *bold* `code` [a](b)"


def _payload_workspace(write) -> cxmodel.CheckResult:  # type: ignore[no-untyped-def]
    path = write("ws/a.yaml", f"""
departments: [{{id: d}}]
channels: [{{id: web, owner: d}}]
journeys:
  - id: j
    name: '{PAYLOAD.replace("'", "''")}'
    owner: d
    steps: [{{id: s, name: "-1+1", channel: web}}]
""")
    return cxmodel.check(path.parent)


def test_csv_neutralises_formulas(write) -> None:  # type: ignore[no-untyped-def]
    result = _payload_workspace(write)
    assert result.workspace is not None and result.analysis is not None
    data = report_data(result.workspace, result.analysis, "=cmd|' /C calc'!A0", 1)
    for row in csv.reader(io.StringIO(csv_report.render(data), newline="")):
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert csv_report.neutralise("=1+2") == "'=1+2"
    assert csv_report.neutralise("-1") == "'-1"
    assert csv_report.neutralise(42) == "42"


def test_markdown_escapes_user_text(write) -> None:  # type: ignore[no-untyped-def]
    result = _payload_workspace(write)
    assert result.workspace is not None and result.analysis is not None
    text = markdown.render(report_data(result.workspace, result.analysis, "T", 1))
    assert "<script>" not in text
    assert r"\<script\>" in text
    assert r"\*bold\*" in text and r"\`code\`" in text and r"\[a\](b)" in text
    for line in text.splitlines():
        if line.startswith("| ") and "HYPERLINK" in line:
            # the pipe inside the name must not open a new table cell
            assert r"\|" in line


def test_markdown_helpers() -> None:
    assert markdown_escape("a|b\nc") == r"a\|b c"
    assert markdown_escape("x & y") == "x &amp; y"
    assert markdown_code("a`b|c") == r"``a`b\|c``"
    assert markdown_code("plain") == "`plain`"


def test_report_of_a_broken_model_writes_nothing(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/a.yaml", "channels:\n  - id: web\n    kind: webb\n")
    target = tmp_path / "r.html"
    assert main(["report", str(path.parent), "-o", str(target)]) == 1
    assert not target.exists()
    err = capsys.readouterr().err
    assert "CX003" in err and "No report written" in err


def test_reports_are_byte_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for fmt in ("json", "md", "csv", "html"):
        first = _report(fmt, "bank-account-opening", tmp_path)
        assert _report(fmt, "bank-account-opening", tmp_path) == first


def test_html_groups_list_at_most_the_limit_errors_first() -> None:
    from cxmodel.report.html import GROUP_LIMIT, _capped

    findings = [{"severity": "warning", "n": n} for n in range(GROUP_LIMIT + 50)]
    findings.append({"severity": "error", "n": -1})
    group = _capped({"findings": findings})
    assert len(group["shown"]) == GROUP_LIMIT
    assert group["more"] == 51
    assert group["shown"][0]["severity"] == "error"


def test_markdown_summary_counts_in_words(tmp_path: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """'1 journeys' (issue #21): the starter workspace has one journey."""

    assert main(["init", str(tmp_path / "ws")]) == 0
    capsys.readouterr()
    main(["report", str(tmp_path / "ws"), "--format", "md"])
    summary = capsys.readouterr().out.splitlines()[2]
    assert summary.startswith("1 journey, ") and " 1 journeys" not in summary


def test_the_workspaces_title_names_the_report_the_site_and_the_deck(tmp_path: Path) -> None:
    """`title:` in .cxmodel.yaml, escaped wherever it is shown; --title overrides it."""
    import shutil

    from pptx import Presentation

    ws = tmp_path / "retailer"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", ws)
    with (ws / ".cxmodel.yaml").open("a", encoding="utf-8") as config:
        config.write('title: "Hearth & Home <listening>"\n')
    main(["report", str(ws), "-o", str(tmp_path / "r.html")])
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    assert "<title>Hearth &amp; Home &lt;listening&gt;: listening gap report</title>" in page
    main(["report", str(ws), "--format", "md", "--title", "Other", "-o", str(tmp_path / "r.md")])
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith(
        "# Other: listening gap report")
    main(["export", "pptx", str(ws), "-o", str(tmp_path / "d.pptx")])
    first = Presentation(str(tmp_path / "d.pptx")).slides[0]
    assert next(s.text_frame.text for s in first.shapes if s.has_text_frame) == \
        "Hearth & Home <listening>"
    main(["site", str(ws), "-o", str(tmp_path / "site")])
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Hearth &amp; Home &lt;listening&gt;" in index
