"""The workspace configuration .cxmodel.yaml and the flags that override it."""

from __future__ import annotations

import pytest

from cxmodel.analyze.registry import all_codes
from cxmodel.cli import main
from cxmodel.config import Config, ConfigError, load_config

WORKSPACE = """
departments: [{id: d}]
channels: [{id: web, owner: d, targets: [{metric: m, min: 1}]}]
metrics: [{id: m, kind: experience, scope: touchpoint}]
journeys:
  - id: j
    goal: g
    owner: d
    steps: [{id: s, channel: web}]
"""


def test_prefix_selection_longest_prefix_wins() -> None:
    config = Config(select=("CX1",), ignore=("CX10",))
    assert not config.enabled("CX101")
    assert config.enabled("CX110")
    assert not config.enabled("CX201")
    config = Config(select=("CX101",), ignore=("CX1",))
    assert config.enabled("CX101") and not config.enabled("CX102")
    assert not Config(severity={"CX101": "off"}).enabled("CX101")
    assert Config().severity_of("CX101", "warning") == "warning"
    assert Config(severity={"CX101": "error"}).severity_of("CX101", "warning") == "error"


def test_config_is_read_and_flags_override_it(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/model.yaml", WORKSPACE)
    write("ws/.cxmodel.yaml", "select: [CX1]\nseverity: {CX101: error}\nfail_on: warning\n"
          "options: {max_inner_loop: 2d, max_handoffs: 1}\nlimits: {max_depth: 10}\n")
    config = load_config(path.parent, all_codes())
    assert config.select == ("CX1",)
    assert config.max_inner_loop == 172800
    assert config.max_handoffs == 1
    assert config.limits.max_depth == 10
    assert main(["check", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert "error CX101 unmeasured-touchpoint" in out
    assert "CX501" not in out and "CX502" not in out
    assert main(["check", str(path.parent), "--ignore", "CX1", "--fail-on", "never"]) == 0
    assert "No problems found" in capsys.readouterr().out


@pytest.mark.parametrize(("content", "where", "words"), [
    ("fail_on: sometimes\n", ":1:10:", "not one of"),
    ("select: [CX9]\n", ":1:10:", "matches no rule"),
    ("severity: {CX1O1: error}\n", ":1:12:", "no rule CX1O1"),
    ("options: {max_inner_loop: soon}\n", ":1:27:", "not a duration"),
    ("selct: [CX1]\n", ":1:1:", "did you mean 'select'"),
    ("select: [CX1\n", ":2:1:", "not valid YAML"),
])
def test_bad_configuration_exits_2_with_a_located_message(write, capsys, content, where,
                                                          words) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/model.yaml", WORKSPACE)
    write("ws/.cxmodel.yaml", content)
    with pytest.raises(ConfigError):
        load_config(path.parent, all_codes())
    assert main(["check", str(path.parent)]) == 2
    err = capsys.readouterr().err
    assert f".cxmodel.yaml{where}" in err
    assert words in err.replace("Did", "did")
    assert "configuration .cxmodel.yaml is not valid" in err


def test_bad_flag_values_exit_2(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/model.yaml", WORKSPACE)
    assert main(["check", str(path), "--select", "coverage"]) == 2
    assert "not a rule code" in capsys.readouterr().err


def test_oversized_configuration_is_refused(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/model.yaml", WORKSPACE)
    write("ws/.cxmodel.yaml", "# padding\n" * 120_000)
    assert main(["check", str(path.parent)]) == 2
    assert "CX006" in capsys.readouterr().err


def test_a_rule_stops_at_max_findings_per_rule(write, capsys) -> None:  # type: ignore[no-untyped-def]
    steps = "".join(f"      - {{id: s{n}, channel: web}}\n" for n in range(5))
    path = write("many/a.yaml", "channels: [{id: web, kind: web}]\n"
                                f"journeys:\n  - id: j\n    steps:\n{steps}")
    write("many/.cxmodel.yaml", "limits: {max_findings_per_rule: 3}\nselect: [CX101]\n")
    assert main(["check", str(path.parent), "--format", "json"]) == 1
    import json

    found = json.loads(capsys.readouterr().out)["diagnostics"]
    assert [(d["code"], d["line"]) for d in found] == [
        ("CX101", 5), ("CX101", 6), ("CX101", 7), ("CX006", 8)]
    assert found[3]["message"] == ("Rule CX101 found more than 3 problems; the first 3 are "
                                   "listed and it stopped here (limit max_findings_per_rule).")
    assert found[3]["hint"] == ("Fix the findings listed first; to list more, set in "
                                ".cxmodel.yaml: limits: {max_findings_per_rule: 12}")


def test_waived_findings_are_bounded_apart_and_never_look_stale(write, capsys) -> None:  # type: ignore[no-untyped-def]
    """Waived findings do not use up the limit of listed ones, but are bounded by it too: one
    waiver on a step can waive every hand-off into it (hundreds of thousands)."""
    import json

    def steps(waived: int) -> str:
        return ("".join(f"      - {{id: s{n}, channel: web, waive: {{CX101: known}}}}\n"
                        for n in range(waived))
                + "".join(f"      - {{id: t{n}, channel: web}}\n" for n in range(3)))

    write("waived/.cxmodel.yaml", "limits: {max_findings_per_rule: 2}\nselect: [CX101, CX703]\n")
    path = write("waived/a.yaml", "channels: [{id: web, kind: web}]\n"
                                  f"journeys:\n  - id: j\n    steps:\n{steps(2)}")
    assert main(["check", str(path.parent), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"]) for d in document["diagnostics"]] == [
        ("CX101", 7), ("CX101", 8), ("CX006", 9)]
    assert len(document["waived"]) == 2
    path.write_text("channels: [{id: web, kind: web}]\n"
                    f"journeys:\n  - id: j\n    steps:\n{steps(4)}", encoding="utf-8")
    assert main(["check", str(path.parent), "--format", "json"]) == 1
    document = json.loads(capsys.readouterr().out)
    assert [(d["code"], d["line"]) for d in document["diagnostics"]] == [("CX006", 7)]
    assert document["diagnostics"][0]["message"] == (
        "Rule CX101 found more than 2 problems that are waived; the first 2 are listed and it "
        "stopped here (limit max_findings_per_rule).")
    assert len(document["waived"]) == 2  # and no CX703 for the waivers past the cut


@pytest.mark.parametrize("written", ["100.0", "1e2", "100"])
def test_a_whole_number_written_as_a_float_is_an_integer_setting(write, capsys,
                                                                 written: str) -> None:  # type: ignore[no-untyped-def]
    # JSON Schema counts 1.0 as an integer, so 100.0 and 1e2 pass the configuration schema;
    # they must then apply as 100, not be dropped (nor printed as 400.0 in the hint).
    path = write("ws/model.yaml", WORKSPACE)
    write("ws/.cxmodel.yaml", f"limits: {{max_file_bytes: {written}}}\n"
          "options: {max_handoffs: 2.0}\n")
    config = load_config(path.parent, all_codes())
    assert config.limits.max_file_bytes == 100
    assert type(config.limits.max_file_bytes) is int
    assert config.max_handoffs == 2 and type(config.max_handoffs) is int
    assert main(["check", str(path.parent), "--format", "json"]) == 1
    import json

    (found,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (found["code"], found["line"], found["column"]) == ("CX006", 1, 1)
    assert found["message"] == ("This file is 224 bytes, more than the limit of 100 "
                                "bytes.")
    assert found["hint"] == ("If the file is genuine, raise the limit in .cxmodel.yaml: "
                             "limits: {max_file_bytes: 400}")


def test_a_huge_limit_is_not_a_traceback(write, capsys) -> None:  # type: ignore[no-untyped-def]
    """10**19 passes the schema; reading must not ask for that many bytes at once."""
    path = write("ws/model.yaml", WORKSPACE)
    import json

    assert main(["check", str(path.parent), "--format", "json"]) in (0, 1)
    plain = json.loads(capsys.readouterr().out)["diagnostics"]
    write("ws/.cxmodel.yaml", "limits: {max_file_bytes: 1e19, max_workspace_bytes: 1e30}\n")
    assert main(["check", str(path.parent), "--format", "json"]) in (0, 1)
    assert json.loads(capsys.readouterr().out)["diagnostics"] == plain  # read and checked
