"""The command line as a user runs it: output, formats, exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cxmodel import __version__
from cxmodel.cli import main
from tests.conftest import EXAMPLES

BROKEN = """channels:
  - id: web-chat
    kind: chat
journeys:
  - id: order
    steps:
      - id: ask
        channel: webchat
"""


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cxmodel", *args], capture_output=True,
                          text=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=120)


def test_text_listing_has_location_hint_source_and_summary(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", BROKEN)
    assert main(["check", str(path.parent)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (f"{path.as_posix()}:8:18: error CX005 unknown-reference: Unknown channel "
                      "'webchat' in step 'ask' of journey 'order', did you mean 'web-chat'?")
    assert out[1] == "    hint: Use one of the channels: web-chat."
    assert out[2] == "    8 |         channel: webchat"
    assert out[3] == "      |                  ^^^^^^^"
    assert out[-1] == "Found 1 error, 0 warnings in 1 file."
    assert "\033[" not in "\n".join(out)


def test_clean_workspace_exits_zero(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/a.yaml", "personas: [{id: p}]\njourneys: [{id: j, persona: p, goal: g}]\n")
    assert main(["check", "--ignore", "CX105,CX302", str(path)]) == 0
    assert capsys.readouterr().out == "No problems found in 1 file.\n"


def test_json_format_is_documented_shape(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", BROKEN)
    assert main(["check", "--format", "json", str(path)]) == 1
    document = json.loads(capsys.readouterr().out)
    assert document["summary"] == {"errors": 1, "warnings": 0, "infos": 0, "files": 1,
                                   "waived": 0, "exit_code": 1}
    assert document["waived"] == []
    assert document["tool"] == {"name": "cxmodel", "version": __version__}
    (diagnostic,) = document["diagnostics"]
    assert diagnostic == {
        "code": "CX005", "name": "unknown-reference", "severity": "error",
        "message": "Unknown channel 'webchat' in step 'ask' of journey 'order', did you mean "
                   "'web-chat'?",
        "hint": "Use one of the channels: web-chat.",
        "file": path.as_posix(), "line": 8, "column": 18, "end_line": 8, "end_column": 25,
        "fingerprint": None, "related": [],
        "fixes": [{"description": "Write 'web-chat'", "replacements": [
            {"line": 8, "column": 18, "end_line": 8, "end_column": 25, "text": "web-chat"}]}],
    }


def test_output_file_is_written(write, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", BROKEN)
    target = tmp_path / "out" / "report.json"
    assert main(["check", str(path), "--format", "json", "-o", str(target)]) == 1
    assert capsys.readouterr().out == ""
    assert json.loads(target.read_text())["summary"]["errors"] == 1


def test_fail_on_never(write) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", BROKEN)
    assert main(["check", "--fail-on", "never", str(path)]) == 0


def test_missing_path_and_bad_option_exit_2(tmp_path: Path) -> None:
    missing = run_cli("check", str(tmp_path / "nope"))
    assert missing.returncode == 2
    assert "no such file or folder" in missing.stderr
    bad = run_cli("check", "--format", "xml", str(tmp_path))
    assert bad.returncode == 2
    assert "invalid choice" in bad.stderr
    assert run_cli().returncode == 2


def test_colour_only_on_a_terminal_and_never_with_no_color(write, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", BROKEN)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    main(["check", str(path)])
    assert "\033[1;31merror" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", str(path)])
    assert "\033[" not in capsys.readouterr().out


def test_version_and_module_entry_point() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cxmodel {__version__} (language version 1)"


def test_schema_command(capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert main(["schema", "--config", "-o", str(tmp_path / "c.json")]) == 0
    assert "fail_on" in json.loads((tmp_path / "c.json").read_text())["properties"]


def test_init_writes_a_valid_workspace_and_never_overwrites(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "ws"
    assert main(["init", str(target)]) == 0
    written = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert written == ["cxmodel.schema.json", "journeys/order-online.yaml",
                       "listening-posts.yaml", "organisation.yaml"]
    for name in written:
        if name.endswith(".yaml"):
            first = (target / name).read_text().splitlines()[0]
            assert first.startswith("# yaml-language-server: $schema=")
            schema_path = (target / name).parent / first.split("$schema=")[1]
            assert schema_path.resolve() == (target / "cxmodel.schema.json").resolve()
    capsys.readouterr()
    assert main(["check", str(target)]) == 0
    (target / "organisation.yaml").write_text("departments: [{id: mine}]\n")
    assert main(["init", str(target)]) == 2
    assert "already exist" in capsys.readouterr().err
    assert (target / "organisation.yaml").read_text() == "departments: [{id: mine}]\n"
    assert main(["init", str(target), "--force"]) == 0
    assert "departments:" in (target / "organisation.yaml").read_text()


@pytest.mark.parametrize("payload", ["a: [\n", "- x\n", "", "a: !!python/object:os.system x\n"])
def test_never_a_traceback(write, payload) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/x.yaml", payload)
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout


def test_check_never_modifies_input(write) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", BROKEN)
    before = path.read_bytes(), path.stat().st_mtime_ns
    run_cli("check", str(path.parent), "--format", "json")
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http", "8_000", " 80"])
def test_serve_refuses_a_port_outside_0_to_65535(port, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--port", port, str(tmp_path)])
    assert exit_info.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"cxmodel: error: argument --port: '{port}' is not a port: use a number from 0 to "
        "65535 (0 picks a free port)")


def test_serve_takes_every_port_from_0_to_65535() -> None:
    from cxmodel.cli import build_parser

    for port in (0, 8000, 65535):
        args = build_parser().parse_args(["serve", "--port", str(port), "ws"])
        assert args.port == port


@pytest.mark.parametrize(("flag", "value", "message"), [
    ("--select", "CX110", "--select: 'CX110' matches no rule, did you mean 'CX109', 'CX108' "
     "or 'CX107'? (see 'cxmodel rules')"),
    ("--ignore", "CX9", "--ignore: 'CX9' matches no rule, did you mean 'CX809' or 'CX109'? "
     "(see 'cxmodel rules')"),
    ("--ignore", "XY1", "--ignore: 'XY1' is not a rule code or prefix such as CX1 or CX201"),
])
def test_a_rule_flag_that_selects_nothing_is_refused(flag: str, value: str, message: str,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """As in .cxmodel.yaml: a typo in --select would silently turn every rule off."""
    for command in (["check"], ["diff", str(EXAMPLES / "bank-account-opening")]):
        bank = str(EXAMPLES / "bank-account-opening")
        assert main([*command, bank, flag, value, "--lang", "en"]) == 2
        assert capsys.readouterr().err == f"cxmodel: error: {message}\n"


def test_an_empty_rule_flag_overrides_the_file_with_nothing(tmp_path: Path) -> None:
    """`--ignore "$IGNORED"` with the variable unset: the file's ignore list is cleared."""
    import shutil

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (ws / ".cxmodel.yaml").write_text("ignore: [CX1, CX2, CX3, CX4, CX5, CX6, CX7]\n",
                                      encoding="utf-8")
    assert main(["check", str(ws), "--fail-on", "never"]) == 0
    assert main(["check", str(ws), "--ignore", ""]) == 1  # the example's gaps again


def test_a_long_line_is_cut_around_the_column_and_the_caret_says_it(write, capsys) -> None:  # type: ignore[no-untyped-def]
    # Issue #14: the diagnostic said column 1003 while the caret stood near column 80 of a
    # cut line, with nothing to say the line was cut.
    name = "x" * 400
    path = write("long.yaml", f"channels:\n  - {{id: a, name: {name}, kind: wrongkind}}\n")
    assert main(["check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith(f"{path.as_posix()}:2:427: error CX003 schema: 'kind'")
    (excerpt,) = [i for i, text in enumerate(out) if text.startswith("    2 | ")]
    source, caret = out[excerpt], out[excerpt + 1]
    assert source.startswith("    2 | …x") and source.endswith(", kind: wrongkind}")
    shown = source[len("    2 | "):]
    at = caret[len("      | "):].index("^")
    # The caret stands under 'wrongkind' in the excerpt, and says the column it stands at.
    assert shown[at:at + 9] == "wrongkind"
    assert caret.endswith("^" * 9 + " column 427")


@pytest.mark.parametrize("command", [
    ["report", "-o", "{out}/gaps.html"],
    ["render", "--view", "channels", "-o", "{out}/channels.svg"],
    ["render", "--all", "-o", "{out}/all"],
    ["site", "-o", "{out}/site", "--quiet"],
])
def test_an_output_written_with_findings_says_why_the_exit_code_is_1(
        command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Issue #14: report, render and site wrote their output and exited 1 without a word."""
    argv = [part.format(out=tmp_path) for part in command]
    retailer = str(EXAMPLES / "omnichannel-retailer")
    assert main([argv[0], retailer, *argv[1:]]) == 1
    last = capsys.readouterr().err.splitlines()[-1]
    assert last.startswith("wrote ") and last.endswith(
        "; exit 1: 1 error-level finding (fail_on: error)")
    assert main([argv[0], retailer, *argv[1:], "--fail-on", "warning"]) == 1
    assert capsys.readouterr().err.splitlines()[-1].endswith(
        "; exit 1: 1 error-level and 23 warning-level findings (fail_on: warning)")
    assert main([argv[0], retailer, *argv[1:], "--fail-on", "never"]) == 0
    assert "exit 1" not in capsys.readouterr().err


def test_a_workspace_beside_the_current_folder_is_named_without_dot_dot(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """`cxmodel check ../ws` (or `diff ../ws .`) run in a sibling folder named its files
    `/tmp/x/ws2/../ws/a.yaml` (a Polish CX manager's review): the path is absolute with no
    `..` in it."""
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws2").mkdir()
    (tmp_path / "ws" / "a.yaml").write_text("channels: [{id: web}]\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path / "ws2")
    main(["check", "../ws"])
    out = capsys.readouterr().out
    assert f"{(tmp_path / 'ws' / 'a.yaml').resolve().as_posix()}:1:" in out
    assert "/../" not in out
