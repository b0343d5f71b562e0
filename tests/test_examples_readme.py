"""Each bundled example's README tells a new user which findings its gaps give (its tables
of rule, where, why): every code listed there is found in the example (or waived there,
as the README says), and every code the example gives is listed, so that the README
never promises a finding the tool does not make, nor hides one it does."""

from __future__ import annotations

import re

import pytest

import cxmodel
from tests.conftest import EXAMPLES

_ROW = re.compile(r"^\|\s*(CX\d{3}(?:\s*,\s*CX\d{3})*)\s*\|", re.MULTILINE)


def _listed(example: str) -> set[str]:
    text = (EXAMPLES / example / "README.md").read_text(encoding="utf-8")
    return {code.strip() for row in _ROW.findall(text) for code in row.split(",")}


@pytest.mark.parametrize("example", ["omnichannel-retailer", "bank-account-opening"])
def test_the_readme_lists_exactly_the_codes_the_example_gives(example: str) -> None:
    result = cxmodel.check(EXAMPLES / example)
    assert result.analysis is not None
    found = {d.code for d in result.analysis.findings}
    waived = {w.diagnostic.code for w in result.analysis.waived}
    listed = _listed(example)
    assert listed, "the README has no table of findings"
    assert listed - found - waived == set(), "listed in the README, never found"
    assert found - listed == set(), "found, not listed in the README"
