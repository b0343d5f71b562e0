"""The load stage: YAML 1.2 scalars, text as typed, duplicate keys, encodings and limits."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import cxmodel
from cxmodel.loader import Limits, discover, load_files
from cxmodel.loader.parse import resolve_plain


def codes(result: cxmodel.LoadResult) -> list[str]:
    return [f"{d.code}@{d.span.line}:{d.span.column}" for d in result.diagnostics]


def test_plain_scalars_follow_yaml_1_2_and_the_schema() -> None:
    text = {"string"}
    assert resolve_plain("NO", text) == "NO"
    assert resolve_plain("0777", text) == "0777"
    assert resolve_plain("1.10", text) == "1.10"
    assert resolve_plain("2024-01-15", text) == "2024-01-15"
    assert resolve_plain("12:30", text) == "12:30"
    assert resolve_plain("true", text) == "true"
    assert resolve_plain("yes", {"boolean"}) == "yes"
    assert resolve_plain("true", {"boolean"}) is True
    assert resolve_plain("false", {"boolean"}) is False
    assert resolve_plain("4.3", {"number"}) == 4.3
    assert resolve_plain("0x1F", {"integer"}) == 31
    assert resolve_plain(".nan", {"number"}) == ".nan"
    assert resolve_plain("1e999", {"number"}) == "1e999"
    assert resolve_plain("", text) is None


def test_text_fields_keep_what_was_typed(write) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/a.yaml", "personas:\n  - id: NO\n    name: 0777\n    description: 12:30\n"
                 "    tags: [1.10, 2024-01-15, yes]\n")
    result = cxmodel.load(path)
    assert result.diagnostics == []
    assert result.workspace is not None
    persona = result.workspace.personas[0]
    assert (persona.id, persona.name, persona.description) == ("NO", "0777", "12:30")
    assert persona.tags == ("1.10", "2024-01-15", "yes")


def test_duplicate_key_is_reported_at_the_second_key(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "departments:\n  - id: it\n    name: IT\n    name: Tech\n")
    result = cxmodel.load(path)
    assert codes(result) == ["CX002@4:5"]
    assert "first on line 3" in result.diagnostics[0].message


def test_alias_bomb_is_stopped(write) -> None:  # type: ignore[no-untyped-def]
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = write("bomb.yaml", "\n".join(lines) + "\n")
    result = cxmodel.load(path)
    assert [d.code for d in result.diagnostics] == ["CX006"]
    assert "alias" in result.diagnostics[0].message
    assert "max_alias_nodes" in (result.diagnostics[0].hint or "")


def test_modest_aliases_are_fine(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "departments:\n  - &it {id: it}\nchannels:\n  - id: web\n"
                 "    owner: it\n")
    assert cxmodel.load(path).diagnostics == []


def test_deep_nesting_is_stopped_without_recursion(write) -> None:  # type: ignore[no-untyped-def]
    path = write("deep.yaml", "a: " + "[" * 20_000 + "]" * 20_000 + "\n")
    result = cxmodel.load(path)
    assert [d.code for d in result.diagnostics] == ["CX006"]
    assert "deeper than 64" in result.diagnostics[0].message


def test_extreme_nesting_does_not_crash_the_parser(tmp_path: Path) -> None:
    # libyaml's own composer recurses and crashes on such input; our event reader must not.
    path = tmp_path / "deeper.yaml"
    path.write_text("- " * 300_000 + "x\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "cxmodel", "check", "--format", "json",
                          str(path)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1, run.stderr
    import json

    assert [d["code"] for d in json.loads(run.stdout)["diagnostics"]] == ["CX006"]


def test_file_size_limit(write) -> None:  # type: ignore[no-untyped-def]
    path = write("big.yaml", "personas:\n" + "  - id: p\n" * 100)
    result = cxmodel.load(path, limits=Limits(max_file_bytes=100))
    assert codes(result) == ["CX006@1:1"]
    assert "max_file_bytes" in (result.diagnostics[0].hint or "")


def test_workspace_size_limit(write) -> None:  # type: ignore[no-untyped-def]
    write("ws/a.yaml", "personas: [{id: a}]\n")
    write("ws/b.yaml", "personas: [{id: b}]\n")
    result = cxmodel.load(write("ws/c.yaml", "personas: [{id: c}]\n").parent,
                          limits=Limits(max_workspace_bytes=45))
    assert [(Path(d.span.file).name, d.code) for d in result.diagnostics] == [("c.yaml", "CX006")]


def test_bom_is_accepted_and_columns_stay_right(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "\ufeffchannels:\n  - id: web\n    kind: webb\n")
    assert codes(cxmodel.load(path)) == ["CX003@3:11"]


def test_windows_1251_names_the_byte_offset(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "personas:\n  - id: клиент\n".encode("cp1251"))
    result = cxmodel.load(path)
    assert codes(result) == ["CX006@2:9"]
    assert "byte offset 18" in result.diagnostics[0].message


def test_control_character(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "personas:\n  - id: a\x07b\n")
    assert codes(cxmodel.load(path)) == ["CX001@2:10"]


def test_unicode_columns_count_characters(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "channels:\n  - {id: 网页, name: 网页渠道, kind: 网页}\n")
    assert codes(cxmodel.load(path)) == ["CX003@2:32"]


def test_discovery_skips_hidden_and_follows_symlink_loops_once(tmp_path: Path) -> None:
    (tmp_path / "ws" / "sub").mkdir(parents=True)
    (tmp_path / "ws" / "sub" / "b.yml").write_text("personas: [{id: b}]\n")
    (tmp_path / "ws" / "a.yaml").write_text("personas: [{id: a}]\n")
    (tmp_path / "ws" / ".hidden.yaml").write_text("nonsense: [\n")
    (tmp_path / "ws" / ".git").mkdir()
    (tmp_path / "ws" / ".git" / "x.yaml").write_text("nonsense: [\n")
    (tmp_path / "ws" / "notes.txt").write_text("not yaml")
    (tmp_path / "ws" / "sub" / "loop").symlink_to(tmp_path / "ws", target_is_directory=True)
    found = discover([tmp_path / "ws"])
    assert [p.name for p in found.files] == ["a.yaml", "b.yml"]
    files = load_files(found, Limits())
    assert all(not f.diagnostics for f in files)


def test_unreadable_file_is_a_diagnostic(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "gone.yaml").symlink_to(tmp_path / "ws" / "missing.yaml")
    result = cxmodel.load(tmp_path / "ws")
    assert [d.code for d in result.diagnostics] == ["CX006"]
    assert "cannot be read" in result.diagnostics[0].message


def test_check_takes_any_iterable_of_paths() -> None:
    """A generator is read twice (the configuration's folder, then the files)."""
    from tests.conftest import EXAMPLES

    folder = EXAMPLES / "bank-account-opening"
    once = cxmodel.check(path for path in [folder])
    assert once.diagnostics == cxmodel.check([folder]).diagnostics
    assert len(once.files) > 0
