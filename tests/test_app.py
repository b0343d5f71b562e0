"""The application layer as a Python user (and the coming language server) calls it: each
job returns data and diagnostics and prints nothing; what cannot be done at all is
CannotRun (issue #21)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from cxmodel import app
from tests.conftest import EXAMPLES

RETAILER = EXAMPLES / "omnichannel-retailer"


@pytest.fixture(autouse=True)
def _silent(capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    yield
    assert capsys.readouterr() == ("", ""), "the application layer printed"


def test_open_workspace_report_and_export() -> None:
    result = app.open_workspace([RETAILER], app.RunOptions(select="CX1,CX2"))
    assert result.analysis is not None
    assert {d.code[:3] for d in result.diagnostics} <= {"CX1", "CX2"}
    assert "CX102" in {d.code for d in result.diagnostics}
    data = json.loads(app.report(result, "json"))
    assert data["title"] == "omnichannel-retailer"
    assert app.report(result, "md", title="Board pack").startswith("# Board pack")
    model = app.load_model([RETAILER])
    assert model.workspace is not None
    assert json.loads(app.export_json(model.workspace))["journeys"][0]["id"]
    assert app.export_mermaid(model.workspace, "online-order").startswith("journey")


def test_render_view_and_all() -> None:
    result = app.open_workspace([RETAILER])
    drawing = app.render_view(result, "blueprint", "online-order", "dot")
    assert drawing.output is not None and drawing.output.startswith(b"digraph blueprint")
    assert drawing.not_drawn == []
    everything = app.render_all(result, "dot")
    names = sorted(name for name, _ in everything.drawn)
    assert names[-2:] == ["channels", "ownership"] and len(names) == 8
    with pytest.raises(app.CannotRun, match="no journey 'nope'"):
        app.render_view(result, "blueprint", "nope")


def test_build_site_then_up_to_date(tmp_path: Path) -> None:
    first = app.build_site([RETAILER], tmp_path / "site")
    assert first.built is not None and first.fails  # the example's error-level gap
    assert (tmp_path / "site" / "index.html").is_file()
    again = app.build_site([RETAILER], tmp_path / "site")
    assert again.up_to_date and again.fails and again.built is None
    (tmp_path / "portal").mkdir()
    (tmp_path / "portal" / "index.html").write_text("mine", encoding="utf-8")
    with pytest.raises(app.CannotRun, match="cxmodel did not write"):
        app.build_site([RETAILER], tmp_path / "portal", force=True)


def test_diff_workspaces_and_a_revision(tmp_path: Path) -> None:
    new = tmp_path / "new"
    shutil.copytree(RETAILER, new)
    data = app.diff_workspaces(str(RETAILER), str(new))
    assert data["new_findings"] == [] and data["fixed_findings"] == []
    if shutil.which("git") is None:
        return
    subprocess.run(["git", "init", "-q", str(new)], check=True)
    subprocess.run(["git", "-C", str(new), "-c", "user.name=t", "-c", "user.email=t@e.x",
                    "add", "."], check=True)
    subprocess.run(["git", "-C", str(new), "-c", "user.name=t", "-c", "user.email=t@e.x",
                    "commit", "-qm", "model"], check=True)
    assert app.diff_revision("HEAD", [str(new)])["summary"]["exit_code"] == 0


def test_import_sheet_and_what_cannot_run(tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("journey,stage,step,channel\nOrder,Buy,Pay,web\n", encoding="utf-8")
    imported = app.import_sheet(sheet)
    assert imported.summary == "1 journey, 1 stage, 1 step"
    assert "- id: order" in imported.text
    with pytest.raises(app.CannotRun, match="no such file or folder"):
        app.open_workspace([tmp_path / "missing"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(app.CannotRun, match="no cxmodel files"):
        app.open_workspace([tmp_path / "empty"])
    with pytest.raises(app.CannotRun, match="matches no rule"):
        app.open_workspace([RETAILER], app.RunOptions(select="CX9"))


def test_check_against_a_baseline_recorded_then_read(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    recorded = app.check([RETAILER], write_baseline=str(baseline))
    assert recorded.written and recorded.diagnostics == [] and not recorded.fails
    again = app.check([RETAILER], baseline=str(baseline))
    assert again.diagnostics == [] and len(again.accepted) == len(recorded.accepted)
    plain = app.check([RETAILER])
    assert plain.fails and plain.baseline is None and plain.accepted == []


def test_start_preview_serves_and_stops(tmp_path: Path) -> None:
    import urllib.request

    builds: list[bool] = []
    preview = app.start_preview([RETAILER], port=0, output=tmp_path / "site",
                                on_build=lambda outcome, seconds: builds.append(outcome.ok))
    try:
        request = urllib.request.Request(preview.url)
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.status == 200 and b"Headline coverage" in response.read()
    finally:
        preview.stop()
    assert builds == [True]


def test_a_job_does_not_inherit_what_an_earlier_job_read(tmp_path: Path) -> None:
    """Each job protects the files it reads from being replaced by its own outputs. In one
    long-running process, a file an earlier job read (since deleted, its inode reused) was
    still protected: a later job's site failed with "a file this command reads"."""
    from cxmodel.writing import write_atomic

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    app.open_workspace([ws])
    read = next(ws.glob("*.yaml"))
    with pytest.raises(OSError, match="reads"):
        write_atomic(read, "replaced")  # within the job: refused
    app.open_workspace([RETAILER])  # a new job
    write_atomic(read, "replaced")
    assert read.read_text(encoding="utf-8") == "replaced"
