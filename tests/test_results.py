"""Results and actions (#20): `cxmodel import results` reads both shapes of a survey
platform's export into `results:`, linked to the workspace; the CX8xx rules read them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

import cxmodel
from cxmodel.cli import main
from tests.conftest import EXAMPLES


@pytest.fixture
def retailer(tmp_path: Path) -> Path:
    folder = tmp_path / "retailer"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", folder)
    (folder / "results.yaml").unlink()  # the design alone: these tests import results
    (folder / ".cxmodel.yaml").write_text("options: {as_of: 2026-12-20}\n", encoding="utf-8")
    return folder


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _refused(capsys: pytest.CaptureFixture[str], export: Path, rows: str,
             target: Path) -> tuple[str, list[str]]:
    """Import ``rows`` (a CSV export) into ``target``: refused (exit 1), nothing written; the
    export's name as the problems say it, and the lines on standard error."""
    export.write_text(rows, encoding="utf-8")
    code, _, err = _run(capsys, "import", "results", str(export), "-o", str(target))
    assert code == 1
    assert not target.exists()
    return export.as_posix(), err.splitlines()


def test_the_long_format_links_names_and_the_rules_judge_it(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "export.csv"
    export.write_text("period;metric;channel;value;responses\n"
                      "2026-11;Customer satisfaction (CSAT);Web chat;4,1;312\n"
                      "2026-11;csat;Stores;3,9;12\n", encoding="utf-8")
    target = retailer / "results.yaml"
    code, out, err = _run(capsys, "import", "results", str(export), "-o", str(target))
    assert code == 0, err
    assert out.splitlines()[0] == f"wrote {target.as_posix()}: 2 results (rows in the export: 2)"
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["results"] == [
        {"metric": "csat", "period": "2026-11", "value": 4.1, "responses": 312,
         "channel": "web-chat"},
        {"metric": "csat", "period": "2026-11", "value": 3.9, "responses": 12,
         "channel": "store"}]
    result = cxmodel.check(retailer)
    found = {(d.code, d.fingerprint) for d in result.diagnostics if d.code.startswith("CX8")}
    assert found == {("CX802", "CX802:channel:web-chat:csat"),
                     ("CX803", "CX803:channel:store:csat")}
    missed = next(d for d in result.diagnostics if d.code == "CX802")
    assert missed.message == ("Channel 'Web chat' missed its 'Customer satisfaction (CSAT)' "
                              "target in November 2026: 4.1, against at least 4.3.")
    assert (missed.span.file.endswith("organisation.yaml"), missed.span.line) == (True, 45)


def test_one_answer_per_row_is_aggregated_by_period(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "answers.csv"
    export.write_text("date,metric,journey,value\n"
                      "2026-11-03,nps,Order a sofa online and get it delivered,10\n"
                      "2026-11-09,nps,online-order,3\n"
                      "2026-11-20,nps,online-order,9\n"
                      "2026-12-01T10:00:00,ces,online-order,5\n"
                      "2026-12-02,ces,online-order,6\n", encoding="utf-8")
    target = retailer / "answers.yaml"
    code, _, err = _run(capsys, "import", "results", str(export), "-o", str(target))
    assert code == 0, err
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["results"] == [
        {"metric": "nps", "period": "2026-11", "value": 33.3, "responses": 3,
         "journey": "online-order"},  # promoters 2 of 3, detractors 1 of 3
        {"metric": "ces", "period": "2026-12", "value": 5.5, "responses": 2,
         "journey": "online-order"}]
    code, _, err = _run(capsys, "import", "results", str(export), "-o",
                        str(retailer / "q.yaml"), "--period", "quarter")
    assert code == 0, err
    assert [r["period"] for r in yaml.safe_load((retailer / "q.yaml").read_text(
        encoding="utf-8"))["results"]] == ["2026-Q4", "2026-Q4"]
    code, _, err = _run(capsys, "import", "results", str(export), "-o",
                        str(retailer / "h.yaml"), "--period", "half-year")
    assert code == 0, err
    assert [r["period"] for r in yaml.safe_load((retailer / "h.yaml").read_text(
        encoding="utf-8"))["results"]] == ["2026-H2", "2026-H2"]


def test_bad_rows_are_located_and_nothing_is_written(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "bad.csv"
    where, err = _refused(capsys, export, "period,metric,channel,journey,value,responses\n"
                          "2026-13,csat,web-chat,,4.1,10\n"
                          "2026-11,csatt,Webchat,,4.1,10\n"
                          "2026-11,csat,web-chat,online-order,4.1,10\n"
                          "2026-11,csat,web-chat,,lots,ten\n", retailer / "bad.yaml")
    assert err == [
        f"{where}: row 2, column A (period): error: '2026-13' is not a period: write a month "
        "(2026-11), a quarter (2026-Q4), a half-year (2026-H2) or a year (2026)",
        f"{where}: row 3, column B (metric): error: there is no metric 'csatt' in the "
        "workspace; did you mean 'csat'?",
        f"{where}: row 3, column C (channel): error: there is no channel 'Webchat' in the "
        "workspace; did you mean 'web-chat'?",
        f"{where}: row 4: error: the row names more than one of channel, journey, step or "
        "post",
        f"{where}: row 5, column E (value): error: value: 'lots' is not a number",
        f"{where}: row 5, column F (responses): error: responses: 'ten' is not a number",
        f"Nothing written: 6 errors in {where}.",
    ]


def test_results_need_a_workspace_and_never_overwrite(
        tmp_path: Path, retailer: Path, capsys: pytest.CaptureFixture[str]) -> None:
    export = tmp_path / "e.csv"
    export.write_text("period,metric,channel,value\n2026-11,csat,web-chat,4\n",
                      encoding="utf-8")
    code, _, err = _run(capsys, "import", "results", str(export), "-o",
                        str(tmp_path / "alone.yaml"))
    assert code == 2
    assert "results are linked to a workspace" in err
    kept = retailer / "kept.yaml"
    kept.write_text("# precious\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", "results", str(export), "-o", str(kept))
    assert code == 2 and kept.read_text(encoding="utf-8") == "# precious\n"


def test_the_step_column_is_linked_by_journey_and_step(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A touchpoint is journey/step, each by id or display name, as other cells are; one
    that names no step of the workspace is an error at its cell, with the steps it is a
    slip of, and nothing is written (before, it was written and only `check` found it)."""
    export = tmp_path / "steps.csv"
    export.write_text("period,metric,step,value,responses\n"
                      "2026-11,csat,online-order/call-to-change-date,4.1,40\n"
                      "2026-11,csat,Order a sofa online and get it delivered/Call to change "
                      "the delivery date,4.2,40\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", "results", str(export), "-o",
                        str(retailer / "steps.yaml"))
    assert code == 0, err
    steps = [r["step"] for r in yaml.safe_load((retailer / "steps.yaml").read_text(
        encoding="utf-8"))["results"]]
    assert steps == ["online-order/call-to-change-date"] * 2
    where, err = _refused(capsys, tmp_path / "bad-steps.csv",
                          "period,metric,step,value,responses\n"
                          "2026-11,csat,online-order/call-to-change-dat,4.1,40\n"
                          "2026-11,csat,online-ordr/checkout,4.1,40\n"
                          "2026-11,csat,checkout,4.1,40\n", retailer / "bad-steps.yaml")
    assert err == [
        f"{where}: row 2, column C (step): error: there is no step 'call-to-change-dat' in "
        "the workspace; did you mean 'online-order/call-to-change-date'?",
        f"{where}: row 3, column C (step): error: there is no journey 'online-ordr' in the "
        "workspace; did you mean 'online-order'?",
        f"{where}: row 4, column C (step): error: 'checkout' is not a touchpoint: write it "
        "as journey-id/step-id, e.g. online-order/pay",
        f"Nothing written: 3 errors in {where}.",
    ]


def test_a_value_off_its_metrics_scale_is_refused_at_its_cell(
        retailer: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CSAT 9 on its 1-5 scale is refused by the import, as `check` would refuse it (CX801);
    an NPS of -20 is on its -100 to 100 range, though its question is asked on 0 to 10."""
    export = tmp_path / "scale.csv"
    export.write_text("period,metric,channel,value,responses\n"
                      "2026-11,csat,web-chat,9,40\n"
                      "2026-11,nps,phone,-20,400\n", encoding="utf-8")
    code, _, err = _run(capsys, "import", "results", str(export), "-o",
                        str(retailer / "scale.yaml"))
    assert code == 1
    assert err.splitlines()[0] == (
        f"{export.as_posix()}: row 2, column D (value): error: value 9 lies off the scale of "
        "the metric 'csat', 1 to 5")
    assert len(err.splitlines()) == 2  # the NPS row is fine: the count line follows
