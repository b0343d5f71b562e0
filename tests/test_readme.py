"""The README's quick start: two commands that work on a fresh machine, the second being
what CI runs."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from tests.conftest import ROOT

_BLOCK = re.compile(r"```sh\n(.*?)\n```", re.S)


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Quick start"):]
    section = section[:section.index("\n## ", 1)]
    return _BLOCK.findall(section)


def test_the_quick_start_is_two_commands_and_ci_runs_the_second() -> None:
    install_and_report, install_and_test = quick_start()
    for command in (install_and_report, install_and_test):
        assert "\n" not in command
        # A virtual environment first: Debian's Python refuses `pip install` outside one
        # (PEP 668), and has no ensurepip unless python3-venv is installed.
        assert command.startswith("python3 -m venv --without-pip .venv && "
                                  "python3 -m pip --python .venv/bin/python install ")
    assert install_and_test.endswith(" && .venv/bin/python -m pytest -q")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert install_and_test in ci


def test_the_first_command_writes_the_report_from_a_copy_of_the_checkout(tmp_path: Path) -> None:
    install_and_report, _ = quick_start()
    copy = tmp_path / "cxmodel"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns(
        ".git", ".venv*", "__pycache__", "*.egg-info", ".*_cache", "build", "dist"))
    # `python3` here is the interpreter running the tests (tests/conftest.py puts its folder
    # first on PATH), whatever the machine's own python3 is.
    done = subprocess.run(["bash", "-c", install_and_report], cwd=copy, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 1, done.stderr[-2000:]  # the example's error-level gap
    assert done.stderr.splitlines()[-1].startswith("wrote gaps.html; exit 1: ")
    html = (copy / "gaps.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    assert "unmeasured-moment-of-truth" in html or "CX102" in html
    installed = subprocess.run([str(copy / ".venv" / "bin" / "python"), "-c",
                                "import cxmodel; print(cxmodel.__file__)"],
                               capture_output=True, text=True, cwd=tmp_path, check=True)
    assert str(copy / ".venv") in installed.stdout  # installed, not the checkout


def test_the_tour_of_the_language_is_a_workspace_that_loads_clean(tmp_path: Path) -> None:
    """The tour's YAML, saved as a file, is a valid model: no loading problem (a reference
    to a channel the tour never defines was one)."""
    import cxmodel

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## A short tour of the language"):]
    (block,) = re.findall(r"```yaml\n(.*?)\n```", section[:section.index("\n## ", 1)], re.S)
    (tmp_path / "cx.yaml").write_text(block + "\n", encoding="utf-8")
    loaded = cxmodel.load(tmp_path)
    assert [f"{d.code} {d.message}" for d in loaded.diagnostics] == []
