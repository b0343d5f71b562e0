"""Fixes for machines (#18): where a diagnostic's fix is obvious (a did-you-mean, a missing
dash, quotes), the JSON listing and SARIF carry the replacement text and its range, and
applying them gives a file without that problem."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cxmodel.cli import main

SLIPS = """channels:
  - {id: web-chat, name: Web chat, kind: chat, owner: service}
  - {id: app, name: My Telco app, kind: app, owner: service}
departments: [{id: service}]
journeys:
  - id: move
    owner: service
    goal: Move the contract to the new address
    steps:
      - id: ask
        channel: webchat
        frontstage: {actor: service, action: Checks, that it works}
      - id: use
        channel: My Telco app
"""

DASH = """journeys:
  - id: move
    steps:
      - id: ask
        name: Ask
        id: use
        name: Use
"""

COMMENT = """departments: [{id: service}]
journeys:
  - id: move
    owner: service
    goal: Be reachable again #1 priority
    steps:
      - id: ask
"""


def _listing(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> dict[str, Any]:
    main(["check", str(path), "--format", "json", *args])
    document: dict[str, Any] = json.loads(capsys.readouterr().out)
    return document


def _apply(text: str, replacements: list[dict[str, Any]]) -> str:
    """The text with the replacements made, last first (1-based lines and columns, the end
    exclusive), as an editor applies a workspace edit."""
    lines = text.split("\n")
    for r in sorted(replacements, key=lambda r: (r["line"], r["column"]), reverse=True):
        start = sum(len(line) + 1 for line in lines[:r["line"] - 1]) + r["column"] - 1
        end = sum(len(line) + 1 for line in lines[:r["end_line"] - 1]) + r["end_column"] - 1
        joined = "\n".join(lines)
        lines = (joined[:start] + r["text"] + joined[end:]).split("\n")
    return "\n".join(lines)


def test_did_you_mean_display_name_and_cut_text_carry_their_fixes(
        write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("move.yaml", SLIPS)
    found = {(d["code"], d["line"], d["column"]): d["fixes"]
             for d in _listing(capsys, path)["diagnostics"]}
    assert found == {
        ("CX005", 11, 18): [{"description": "Write 'web-chat'", "replacements": [
            {"line": 11, "column": 18, "end_line": 11, "end_column": 25,
             "text": "web-chat"}]}],
        ("CX003", 12, 54): [{"description": "Put the whole text in quotes", "replacements": [
            {"line": 12, "column": 38, "end_line": 12, "end_column": 67,
             "text": 'action: "Checks, that it works"'}]}],
        ("CX005", 14, 18): [{"description": "Write 'app'", "replacements": [
            {"line": 14, "column": 18, "end_line": 14, "end_column": 30, "text": "app"}]}],
    }
    fixed = _apply(SLIPS, [fix["replacements"][0] for fixes in found.values()
                           for fix in fixes[:1]])
    assert "channel: web-chat" in fixed and "channel: app" in fixed
    path.write_text(fixed, encoding="utf-8")
    assert [d["code"] for d in _listing(capsys, path, "--select", "CX0")["diagnostics"]] == []


def test_a_missing_dash_is_fixed_by_writing_it(write: Any,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    path = write("move.yaml", DASH)
    (diagnostic,) = _listing(capsys, path)["diagnostics"]
    assert diagnostic["code"] == "CX002"
    assert diagnostic["fixes"] == [{"description": "Start a new item with '- '",
                                    "replacements": [{"line": 6, "column": 7, "end_line": 6,
                                                      "end_column": 9, "text": "- "}]}]
    path.write_text(_apply(DASH, diagnostic["fixes"][0]["replacements"]), encoding="utf-8")
    assert path.read_text(encoding="utf-8").splitlines()[5] == "      - id: use"
    assert _listing(capsys, path, "--select", "CX0")["diagnostics"] == []


def test_a_comment_that_cut_a_text_is_fixed_by_quoting_it_whole(
        write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("move.yaml", COMMENT)
    (diagnostic,) = _listing(capsys, path, "--select", "CX704")["diagnostics"]
    assert diagnostic["fixes"] == [{"description": "Put the whole text in quotes",
                                    "replacements": [{"line": 5, "column": 11, "end_line": 5,
                                                      "end_column": 41,
                                                      "text": '"Be reachable again #1 priority"'}
                                                     ]}]
    path.write_text(_apply(COMMENT, diagnostic["fixes"][0]["replacements"]), encoding="utf-8")
    assert _listing(capsys, path, "--select", "CX704")["diagnostics"] == []
    import cxmodel

    journey = cxmodel.load(path).workspace.journey("move")  # type: ignore[union-attr]
    assert journey is not None and journey.goal == "Be reachable again #1 priority"


def test_sarif_carries_the_same_fixes(write: Any, capsys: pytest.CaptureFixture[str]) -> None:
    path = write("move.yaml", SLIPS)
    main(["check", str(path), "--format", "sarif"])
    log = json.loads(capsys.readouterr().out)
    results = log["runs"][0]["results"]
    first = next(r for r in results if r["ruleId"] == "CX005")
    assert first["fixes"] == [{
        "description": {"text": "Write 'web-chat'"},
        "artifactChanges": [{
            "artifactLocation": first["locations"][0]["physicalLocation"]["artifactLocation"],
            "replacements": [{"deletedRegion": {"startLine": 11, "startColumn": 18,
                                                "endLine": 11, "endColumn": 25},
                              "insertedContent": {"text": "web-chat"}}]}]}]
    import jsonschema

    from tests.test_ci_formats import _sarif_schema

    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
