"""Progress on a terminal (#18): `render --all` and `site` redraw one line on standard error
while the diagrams are drawn, in the run's language, and print nothing of it when standard
error is not a terminal."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from cxmodel.cli import main, progress
from tests.conftest import EXAMPLES


@pytest.fixture
def bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    shutil.copytree(EXAMPLES / "bank-account-opening", folder)
    return folder


def _terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)


def test_render_all_shows_progress_on_a_terminal_in_the_workspace_language(
        bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _terminal(monkeypatch)
    main(["render", str(bank), "--all", "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    drawn = len(list((tmp_path / "out").glob("*.svg")))
    assert drawn == 6
    lines = err.split("\n")
    frames = lines[0].split("\r")[1:]
    assert frames[-1] == f"Rysowanie diagramów [{'#' * 30}] {drawn}/{drawn}"
    assert [f.rsplit(" ", 1)[1] for f in frames] == [f"{n}/{drawn}" for n in
                                                    range(1, drawn + 1)]


def test_no_progress_when_standard_error_is_not_a_terminal(
        bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.0)
    main(["render", str(bank), "--all", "-o", str(tmp_path / "out")])
    main(["site", str(bank), "-o", str(tmp_path / "site")])
    err = capsys.readouterr().err
    assert "\r" not in err and "[#" not in err


def test_site_shows_progress_and_quiet_silences_it(
        bank: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    _terminal(monkeypatch)
    main(["site", str(bank), "-o", str(tmp_path / "site"), "--lang", "en"])
    err = capsys.readouterr().err
    assert "\rDrawing the diagrams [" in err
    main(["site", str(bank), "-o", str(tmp_path / "quiet"), "--quiet"])
    assert "\r" not in capsys.readouterr().err
