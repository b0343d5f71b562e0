"""Every output of the bundled examples, byte for byte: the findings in every CI format, the
exported model and journeys, and every file of the docs site (by hash). With the golden
reports and diagrams (tests/test_report.py, tests/test_diagrams.py), a change that must not
change behaviour (a refactoring) is held to that here. CXMODEL_UPDATE_GOLDEN=1 writes them
anew after a change that should alter them; the diff then shows what changed."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest

from cxmodel.cli import main
from tests.conftest import EXAMPLES

GOLDEN = Path(__file__).parent / "golden" / "outputs"
EXAMPLE_NAMES = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())


def _compare(name: str, produced: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("CXMODEL_UPDATE_GOLDEN"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), name


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    main(argv)
    return capsys.readouterr().out


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_findings_in_every_format(example: str, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # SARIF and GitHub name files from the repository's root: a copy in a repository of its
    # own, so the files are named alike in a clone and in an unpacked archive of it.
    repository = tmp_path / "repository"
    (repository / ".git").mkdir(parents=True)
    shutil.copytree(EXAMPLES, repository / "examples")
    monkeypatch.chdir(repository / "examples")  # file names relative to the examples folder
    for fmt in ("text", "json", "sarif", "junit", "github"):
        _compare(f"{example}/check.{fmt}", _run(["check", example, "--format", fmt], capsys))
    _compare(f"{example}/rules.txt", _run(["rules"], capsys))


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_exports(example: str, capsys: pytest.CaptureFixture[str],
                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(EXAMPLES)
    exported = _run(["export", "json", example], capsys)
    _compare(f"{example}/model.json", exported)
    for journey in sorted(j["id"] for j in json.loads(exported)["journeys"]):
        _compare(f"{example}/{journey}.mmd",
                 _run(["export", "mermaid", example, "--journey", journey], capsys))


@pytest.mark.parametrize("example", EXAMPLE_NAMES)
def test_site(example: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXMODEL_ENGINE", "embedded")  # the same SVG on every machine
    monkeypatch.chdir(EXAMPLES)
    out = tmp_path / "site"
    main(["site", example, "-o", str(out), "--quiet"])
    listing = "".join(
        f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(out).as_posix()}\n"
        for path in sorted(out.rglob("*"))
        # The manifest holds render keys, which hash cxmodel's own code: it changes with
        # any change of the code, as it must (pages are then rendered again).
        if path.is_file() and path.name != ".cxmodel-site.json")
    _compare(f"{example}/site.sha256", listing)
