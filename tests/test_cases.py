"""Data-driven cases: each file (or folder) under cases/invalid names the diagnostics it must
give as '# expect: CODE@line:col' lines; each under cases/valid must load with none."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import cxmodel
from tests.conftest import CASES

_EXPECT = re.compile(r"#\s*expect:\s*(.+)")


def _cases(folder: str) -> list[Path]:
    return sorted(p for p in (CASES / folder).iterdir() if not p.name.startswith("."))


def _expected(case: Path) -> set[str]:
    if case.is_dir():
        text = (case / "expect.txt").read_text(encoding="utf-8")
    else:
        text = case.read_bytes().decode("utf-8", errors="replace")
    found: set[str] = set()
    for line in text.splitlines():
        match = _EXPECT.search(line)
        if match:
            found.update(match.group(1).split())
    return found


def _actual(result: cxmodel.LoadResult, case: Path) -> set[str]:
    out = set()
    for d in result.diagnostics:
        where = f"{d.span.line}:{d.span.column}"
        if case.is_dir():
            where = f"{Path(d.span.file).name}:{where}"
        out.add(f"{d.code}@{where}")
    return out


@pytest.mark.parametrize("case", _cases("invalid"), ids=lambda p: p.name)
def test_invalid_case(case: Path) -> None:
    expected = _expected(case)
    assert expected, f"{case.name} names no '# expect:' diagnostics"
    result = cxmodel.load(case)
    assert _actual(result, case) == expected
    assert result.workspace is None
    for d in result.diagnostics:
        assert d.message and not d.message[0].islower(), d.message
        assert d.severity == "error"


@pytest.mark.parametrize("case", _cases("valid"), ids=lambda p: p.name)
def test_valid_case(case: Path) -> None:
    result = cxmodel.load(case)
    assert result.diagnostics == []
    assert result.workspace is not None
