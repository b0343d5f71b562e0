"""Every bundled example is an acceptance test: it loads with no diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

import cxmodel
from tests.conftest import EXAMPLES

EXAMPLE_DIRS = sorted(p for p in EXAMPLES.iterdir() if p.is_dir())


def test_there_are_at_least_two_examples() -> None:
    assert len(EXAMPLE_DIRS) >= 2


@pytest.mark.parametrize("example", EXAMPLE_DIRS, ids=lambda p: p.name)
def test_example_loads_clean(example: Path) -> None:
    result = cxmodel.load(example)
    assert [f"{d.code} {d.span.file}:{d.span.line}" for d in result.diagnostics] == []
    assert result.workspace is not None
    assert result.workspace.journeys
    assert result.workspace.listening_posts


def test_bank_example_is_written_in_polish() -> None:
    result = cxmodel.load(EXAMPLES / "bank-account-opening")
    ws = result.workspace
    assert ws is not None
    assert ws.channel("oddział") is not None
    names = " ".join(s.name for j in ws.journeys for s in j.steps)
    assert any(letter in names for letter in "ąćęłńóśźż")
