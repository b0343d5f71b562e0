"""The hostile-input corpus: each case gives exactly the diagnostics it names, never a
traceback, a hang or unbounded memory.

Cases that are plain text live in tests/cases/hostile/ with '# expect: CODE@line:col' lines;
cases that are bytes, big, or need the file system (symlinks, pipes) are generated here."""

from __future__ import annotations

import json
import os
import random
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import cxmodel
from cxmodel.cli import main
from cxmodel.loader import Limits
from tests.conftest import CASES
from tests.test_cases import _expected

HOSTILE = CASES / "hostile"


def located(result: cxmodel.LoadResult) -> set[str]:
    return {f"{d.code}@{d.span.line}:{d.span.column}" for d in result.diagnostics}


def assert_well_formed(result: cxmodel.LoadResult) -> None:
    """Every diagnostic reads as a sentence, is an error, and has a place."""
    for d in result.diagnostics:
        assert d.message and not d.message[0].islower(), d.message
        assert d.severity == "error"
        assert d.span.line >= 1 and d.span.column >= 1
        assert len(d.message) < 600, d.message[:200]


def check_json(path: Path | str, capsys: pytest.CaptureFixture[str]) -> dict:  # type: ignore[type-arg]
    """`cxmodel check --format json PATH` in-process: exit 0 or 1, valid JSON out."""
    code = main(["check", "--format", "json", str(path)])
    out = capsys.readouterr().out
    assert code in (0, 1)
    document: dict = json.loads(out)  # type: ignore[type-arg]
    assert document["summary"]["exit_code"] == code
    return document


@pytest.mark.parametrize("case", sorted(HOSTILE.glob("*.yaml")), ids=lambda p: p.name)
def test_hostile_case_file(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = _expected(case)
    assert expected, f"{case.name} names no '# expect:' diagnostics"
    result = cxmodel.load(case)
    assert located(result) == expected
    assert result.workspace is None
    assert_well_formed(result)
    assert check_json(case, capsys)["summary"]["exit_code"] == 1


# --- Generated cases: (name, how to make the workspace, expected diagnostics) -------------

Maker = Callable[[Path], Path]


def _file(name: str, content: bytes | str) -> Maker:
    def make(tmp: Path) -> Path:
        path = tmp / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return path

    return make


def _binary_garbage(tmp: Path) -> Path:
    noise = bytes(random.Random(8).randrange(256) for _ in range(4096))
    path = tmp / "image.yaml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + noise)
    return path


def _fifty_megabytes(tmp: Path) -> Path:
    path = tmp / "big.yaml"
    line = b"  - {id: p, name: padding padding padding padding padding padding}\n"
    with path.open("wb") as stream:
        stream.write(b"personas:\n")
        chunk = line * (1024 * 1024 // len(line) + 1)
        while stream.tell() < 50 * 1024 * 1024:
            stream.write(chunk)
    return path


def _libyaml_stops_nesting() -> bool:
    try:
        list(yaml.parse("[" * 1001 + "]" * 1001, Loader=yaml.CSafeLoader))
    except yaml.YAMLError:
        return True
    return False


LIBYAML_STOPS_NESTING = _libyaml_stops_nesting()


def _deep(tmp: Path) -> Path:
    path = tmp / "deep.yaml"
    path.write_text("channels: " + "[" * 20_000 + "]" * 20_000 + "\n", encoding="utf-8")
    return path


def _deep_block(tmp: Path) -> Path:
    path = tmp / "deep-block.yaml"
    path.write_text("channels:\n  " + "- " * 20_000 + "x\n", encoding="utf-8")
    return path


def _long_line(tmp: Path) -> Path:
    path = tmp / "long.yaml"
    path.write_text("personas:\n  - id: p\n    description: " + "x" * (1024 * 1024)
                    + "\n    kind: 1\n", encoding="utf-8")
    return path


def _long_key(tmp: Path) -> Path:
    path = tmp / "long-key.yaml"
    path.write_text("? " + "k" * (1024 * 1024) + "\n: 1\n", encoding="utf-8")
    return path


def _long_plain_key(tmp: Path) -> Path:
    # YAML allows at most 1024 characters in a key written without '? '.
    path = tmp / "long-plain-key.yaml"
    path.write_text("k" * (1024 * 1024) + ": 1\n", encoding="utf-8")
    return path


GENERATED: list[tuple[str, Maker, set[str]]] = [
    ("empty-file", _file("empty.yaml", b""), {"CX003@1:1"}),
    ("only-a-bom", _file("bom.yaml", b"\xef\xbb\xbf"), {"CX003@1:1"}),
    ("binary-garbage", _binary_garbage, {"CX006@1:1"}),
    ("nul-byte", _file("nul.yaml", b"personas:\n  - id: a\x00b\n"), {"CX006@2:10"}),
    ("utf-16-le-without-bom", _file("u16le.yaml", "channels: []\n".encode("utf-16-le")),
     {"CX006@1:2"}),
    ("utf-16-be-without-bom", _file("u16be.yaml", "channels: []\n".encode("utf-16-be")),
     {"CX006@1:1"}),
    ("utf-16-with-bom", _file("u16.yaml", "channels: []\n".encode("utf-16")), {"CX006@1:1"}),
    ("utf-32", _file("u32.yaml", "channels: []\n".encode("utf-32")), {"CX006@1:1"}),
    ("windows-1251", _file("ru.yaml", "personas:\n  - id: клиент\n".encode("cp1251")),
     {"CX006@2:9"}),
    ("latin-1", _file("fr.yaml", "personas:\n  - id: café\n".encode("latin-1")),
     {"CX006@2:12"}),
    ("bom-then-error-columns-stay-right",
     _file("bom.yaml", b"\xef\xbb\xbfchannels:\n  - id: web\n    kind: webb\n"), {"CX003@3:11"}),
    ("byte-order-mark-in-the-middle", _file("mid.yaml", "personas: [{id: a\ufeffb}]\n"),
     {"CX003@1:17"}),
    ("raw-escape-character", _file("esc.yaml", "personas:\n  - id: a\x1b[31mb\n"),
     {"CX001@2:10"}),
    ("lone-surrogate-bytes", _file("sur.yaml", b"personas: [{id: \xed\xa0\x80}]\n"),
     {"CX006@1:17"}),
    ("fifty-megabytes", _fifty_megabytes, {"CX006@1:1"}),
    # Where libyaml refuses deep nesting itself (PyYAML 6.0.4 and later), it meets its limit
    # looking ahead, before cxmodel's reader reaches level 65: the same CX006, where it
    # stopped. Both are the contract (docs/security.md).
    ("nesting-20000-deep-flow", _deep,
     {"CX006@1:1010" if LIBYAML_STOPS_NESTING else "CX006@1:74"}),
    ("nesting-20000-deep-block", _deep_block, {"CX006@2:129"}),
    ("one-megabyte-line", _long_line, {"CX003@4:5"}),
    ("one-megabyte-key", _long_key, {"CX003@1:3"}),
    ("one-megabyte-key-without-question-mark", _long_plain_key, {"CX001@1:1048577"}),
]


@pytest.mark.parametrize(("make", "expected"), [(m, e) for _, m, e in GENERATED],
                         ids=[name for name, _, _ in GENERATED])
def test_generated_hostile_case(make: Maker, expected: set[str], tmp_path: Path,
                                capsys: pytest.CaptureFixture[str]) -> None:
    path = make(tmp_path)
    result = cxmodel.load(path)
    assert located(result) == expected, [d.message for d in result.diagnostics]
    assert result.workspace is None
    assert_well_formed(result)
    assert check_json(path, capsys)["summary"]["exit_code"] == 1


def test_fifty_megabyte_file_names_the_limit_without_reading_it(tmp_path: Path) -> None:
    path = _fifty_megabytes(tmp_path)
    (diagnostic,) = cxmodel.load(path).diagnostics
    assert "more than the limit of 16,777,216 bytes" in diagnostic.message
    assert diagnostic.hint == ("If the file is genuine, raise the limit in .cxmodel.yaml: "
                               "limits: {max_file_bytes: 67108864}")


def test_encodings_name_the_byte_offset(tmp_path: Path) -> None:
    messages = {name: cxmodel.load(make(tmp_path)).diagnostics[0].message
                for name, make, _ in GENERATED
                if name in ("nul-byte", "utf-16-le-without-bom", "windows-1251",
                            "binary-garbage")}
    assert messages["nul-byte"] == ("This file is not UTF-8 text: it holds a NUL byte at byte "
                                    "offset 19.")
    assert messages["utf-16-le-without-bom"].endswith("offset 1 (it looks like UTF-16).")
    assert "byte 0xEA at byte offset 18 is not valid UTF-8" in messages["windows-1251"]
    assert "byte 0x89 at byte offset 0" in messages["binary-garbage"]


def test_every_character_yaml_refuses_is_found_at_its_place() -> None:
    """The byte scans that spare most files the character search miss no character: for
    every code point of the Basic Multilingual Plane (the search's characters are all
    in it) and a few beyond, in Polish and Russian text (whose «, » and no-break space
    share their first byte with the C1 controls), decoding refuses exactly those the
    search finds, at their line and column."""
    from cxmodel.loader.decode import NOT_PRINTABLE, decode

    for code in [*range(1, 0x10000), 0x1F600, 0x1FFFE, 0x10FFFF]:
        if 0xD800 <= code <= 0xDFFF:
            continue
        char = chr(code)
        text = f"name: «Zgłoszenie szkody»\u00a0{char}\n"
        found, problem = decode("f.yaml", text.encode("utf-8"))
        if NOT_PRINTABLE.match(char):
            assert found is None and problem is not None, hex(code)
            assert (problem.code, problem.span.line, problem.span.column) == ("CX001", 1, 27)
            assert f"U+{code:04X}" in problem.message
        else:
            assert found == text and problem is None, hex(code)


def test_invisible_characters_are_named_and_shown_escaped() -> None:
    result = cxmodel.load(HOSTILE / "invisible-characters-in-ids.yaml")
    first = result.diagnostics[0]
    assert first.message == (
        "The id 'web<U+202E>chat' contains an invisible, control or text-direction "
        "character (U+202E RIGHT-TO-LEFT OVERRIDE), which ids may not: it makes the id look "
        "different from what it is.")
    for d in result.diagnostics:
        # Nothing in a message may reorder or hide text on the user's terminal.
        assert not any(ch in d.message for ch in "\u202e\u2066\u200b\ufeff\u200d\x07\u00ad")


def test_unicode_letters_stay_allowed_in_ids(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "personas:\n  - id: клиент\n  - id: 顧客\n  - id: عميل\n"
                 "  - id: café-crème\n  - id: 😀\n  - id: क्षत्रिय\n")
    assert cxmodel.load(path).diagnostics == []


def test_a_reference_with_a_text_direction_character_is_shown_escaped(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", 'departments: [{id: it}]\nchannels:\n'
                 '  - {id: web, owner: "i\\u202Et"}\n')
    (d,) = cxmodel.load(path).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("CX005", 3, 22)
    assert "'i<U+202E>t'" in d.message and "\u202e" not in d.message + (d.hint or "")


def test_the_terminal_listing_shows_text_direction_characters_escaped(write, capsys) -> None:  # type: ignore[no-untyped-def]
    # A raw right-to-left override on the reported line, and a bad id among the candidates
    # of the hint: the listing must show them, not let the terminal reorder the line.
    path = write("ws/a.yaml", "channels:\n  - {id: web, kind: web}\n"
                 "journeys:\n  - id: j\n    steps:\n"
                 "      - {id: s, channel: webb}  # \u202egnol\n")
    assert main(["check", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert "\u202e" not in out
    lines = out.splitlines()
    excerpt = lines.index("    6 |       - {id: s, channel: webb}  # <U+202E>gnol")
    assert lines[excerpt + 1] == "      |                          ^^^^"
    bad = write("ws2/a.yaml", 'channels:\n  - {id: "w\u202eeb", kind: web}\n')
    assert main(["check", str(bad.parent)]) == 1
    assert "\u202e" not in capsys.readouterr().out


def test_escaped_control_characters_are_read_as_replacement_characters(write) -> None:  # type: ignore[no-untyped-def]
    # A terminal escape in a name would reach the terminal through messages; a NUL byte
    # breaks Graphviz; U+0007 or U+FFFF makes an SVG ill-formed XML. Tabs and line breaks
    # stay as they are.
    path = write("a.yaml", 'departments:\n  - {id: d, name: "red\\e[31m"}\n'
                 '  - {id: e, description: "nul\\0 bell\\a end\\uFFFF"}\n'
                 'personas: [{id: p, name: "tab\\tand\\nbreaks"}]\n')
    result = cxmodel.load(path)
    assert result.diagnostics == []
    ws = result.workspace
    assert ws is not None
    assert [d.name for d in ws.departments] == ["red\ufffd[31m", "e"]
    assert ws.departments[1].description == "nul\ufffd bell\ufffd end\ufffd"
    assert ws.personas[0].name == "tab\tand\nbreaks"
    ids = write("b.yaml", 'personas: [{id: "a\\x1bb"}]\n')
    (d,) = cxmodel.load(ids).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("CX003", 1, 17)
    assert "U+FFFD" in d.message


def test_a_long_key_is_cut_in_the_message(tmp_path: Path) -> None:
    (d,) = cxmodel.load(_long_key(tmp_path)).diagnostics
    assert d.message.startswith("'kkkk") and len(d.message) < 200


# --- The file system -----------------------------------------------------------------------

def test_symlink_loop_in_the_workspace(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    ws = tmp_path / "ws"
    (ws / "a" / "b").mkdir(parents=True)
    (ws / "a" / "b" / "up").symlink_to(ws, target_is_directory=True)
    (ws / "a" / "b" / "self").symlink_to(ws / "a" / "b", target_is_directory=True)
    (ws / "loop1").symlink_to(ws / "loop2")
    (ws / "loop2").symlink_to(ws / "loop1")
    (ws / "a" / "one.yaml").write_text("personas: [{id: p}]\n", encoding="utf-8")
    result = cxmodel.load(ws)
    assert result.diagnostics == []
    assert [Path(f.path).name for f in result.files] == ["one.yaml"]
    assert check_json(ws, capsys)["summary"]["files"] == 1


def test_symlinked_file_loop_named_yaml(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "a.yaml").symlink_to(ws / "b.yaml")
    (ws / "b.yaml").symlink_to(ws / "a.yaml")
    result = cxmodel.load(ws)
    assert {f"{Path(d.span.file).name}:{d.code}@{d.span.line}:{d.span.column}"
            for d in result.diagnostics} == {"a.yaml:CX006@1:1", "b.yaml:CX006@1:1"}
    assert all("cannot be read" in d.message for d in result.diagnostics)


def test_dangling_symlink_is_unreadable(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "gone.yaml").symlink_to(ws / "nowhere.yaml")
    (d,) = cxmodel.load(ws).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("CX006", 1, 1)
    assert d.message.startswith("This file cannot be read")
    # A dangling link out of the workspace is judged by where it points, like any other:
    # what it says must not tell whether a file outside exists.
    (ws / "gone.yaml").unlink()
    (ws / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "there.yaml").write_text("x: 1\n", encoding="utf-8")
    (ws / "there.yaml").symlink_to(tmp_path / "there.yaml")
    messages = {d.message for d in cxmodel.load(ws).diagnostics}
    assert len(messages) == 1 and "link to something outside" in messages.pop()


def _unreadable(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """``folder`` cannot be listed, nor anything in it looked at, as for another user's
    folder of mode 000 (root, which runs the tests in CI, reads every folder)."""
    real_scandir, real_stat = os.scandir, Path.stat

    def scandir(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    def stat(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.parent == folder:
            raise PermissionError(13, "Permission denied", str(self))
        return real_stat(self, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "stat", stat)


def test_a_folder_that_cannot_be_read_is_said_not_skipped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """Its files would otherwise go unchecked and the check pass."""
    ws = tmp_path / "ws"
    (ws / "secret").mkdir(parents=True)
    (ws / "a.yaml").write_text("personas: [{id: p}]\n", encoding="utf-8")
    (ws / "secret" / "b.yaml").write_text("personas: [{id: p}]\n", encoding="utf-8")
    _unreadable(monkeypatch, ws / "secret")
    result = cxmodel.load(ws)
    (d,) = result.diagnostics
    assert (d.code, d.span.file, d.span.line, d.span.column) == (
        "CX006", (ws / "secret").as_posix(), 1, 1)
    assert d.message == ("This folder cannot be read: Permission denied; its files are not "
                         "checked.")
    # A path given inside it, or the folder itself: exit 2 or the CX006, never a traceback.
    assert main(["check", str(ws / "secret" / "b.yaml")]) == 2
    assert capsys.readouterr().err == (
        f"cxmodel: error: {ws / 'secret' / 'b.yaml'}: Permission denied\n")
    assert main(["check", str(ws / "secret")]) == 1
    assert "This folder cannot be read" in capsys.readouterr().out


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root reads files whatever their permissions")
def test_file_without_read_permission(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    secret = ws / "secret.yaml"
    secret.write_text("personas: [{id: p}]\n", encoding="utf-8")
    secret.chmod(0)
    try:
        (d,) = cxmodel.load(ws).diagnostics
        assert (d.code, d.span.line, d.span.column) == ("CX006", 1, 1)
        assert "Permission denied" in d.message
    finally:
        secret.chmod(0o644)


def test_folder_named_like_a_yaml_file_is_a_folder(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    (ws / "x.yaml").mkdir(parents=True)
    (ws / "x.yaml" / "inside.yaml").write_text("personas: [{id: p}]\n", encoding="utf-8")
    result = cxmodel.load(ws)
    assert result.diagnostics == []
    assert [Path(f.path).name for f in result.files] == ["inside.yaml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_and_device_are_not_read(tmp_path: Path) -> None:
    # Reading a named pipe would wait forever, /dev/zero would never end.
    ws = tmp_path / "ws"
    ws.mkdir()
    os.mkfifo(ws / "pipe.yaml")
    if Path("/dev/zero").exists():
        (ws / "zero.yaml").symlink_to("/dev/zero")
    result = cxmodel.load(ws)
    assert {d.code for d in result.diagnostics} == {"CX006"}
    assert len(result.diagnostics) == len(list(ws.iterdir()))
    messages = {Path(d.span.file).name: d.message for d in result.diagnostics}
    assert "not a regular file" in messages["pipe.yaml"]
    if "zero.yaml" in messages:  # a link out of the workspace: refused before any read
        assert "link to something outside the workspace" in messages["zero.yaml"]
    # Named on the command line, a device is still never read.
    if Path("/dev/zero").exists():
        (zero,) = cxmodel.load(ws / "zero.yaml").diagnostics
        assert "not a regular file" in zero.message


# --- Limits: each one hit is a CX006 naming the limit and how to raise it -------------------

def _limit_hint(name: str, limits: Limits) -> str:
    return f"limits: {{{name}: {getattr(limits, name) * 4}}}"


def test_every_limit_is_named_with_how_to_raise_it(tmp_path: Path) -> None:
    small = Limits(max_file_bytes=2300, max_workspace_bytes=3000, max_depth=5,
                   max_alias_nodes=50, max_file_values=400, max_problems=3,
                   max_alias_characters=1000)
    cases = {
        "max_file_bytes": ("big.yaml", "personas:\n" + "  - {id: p}\n" * 200),  # 2,410 B
        "max_workspace_bytes": ("z-last.yaml", "personas:\n" + "".join(
            f"  - {{id: p{i}}}\n" for i in range(150))),
        "max_depth": ("deep.yaml", "channels: [[[[[[[x]]]]]]]\n"),
        "max_alias_nodes": ("alias.yaml", "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9]\n"
                            "b: [*a, *a, *a, *a, *a, *a]\n"),
        "max_file_values": ("values.yaml", "x: [" + ", ".join(["1"] * 500) + "]\n"),
        "max_problems": ("problems.yaml", "".join(f"k{i}: 1\n" for i in range(10))),
        "max_alias_characters": ("text.yaml", f"personas:\n  - {{id: p, name: &n {'x' * 300}}}\n"
                                 + "".join(f"  - {{id: p{i}, name: *n}}\n" for i in range(4))),
    }
    folders = {}
    for limit, (name, text) in cases.items():
        folder = tmp_path / limit
        folder.mkdir()
        (folder / name).write_text(text, encoding="utf-8")
        folders[limit] = folder
    (folders["max_workspace_bytes"] / "a-first.yaml").write_text(
        "channels:\n" + "".join(f"  - {{id: c{i}}}\n" for i in range(150)), encoding="utf-8")
    for limit, folder in folders.items():
        result = cxmodel.load(folder, limits=small)
        limit_hits = [d for d in result.diagnostics if d.code == "CX006"]
        assert len(limit_hits) == 1, (limit, [d.message for d in result.diagnostics])
        assert _limit_hint(limit, small) in (limit_hits[0].hint or ""), limit
        assert "limit" in limit_hits[0].hint.lower()  # type: ignore[union-attr]


@pytest.mark.parametrize("strict", ["", "1"])
def test_strict_limits_keep_the_defaults_as_ceilings(
        tmp_path: Path, strict: str, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """CI on untrusted pull requests: with CXMODEL_STRICT_LIMITS set, the workspace's own
    .cxmodel.yaml may lower a limit but not raise one."""
    monkeypatch.setenv("CXMODEL_STRICT_LIMITS", strict)
    (tmp_path / ".cxmodel.yaml").write_text("limits: {max_problems: 400, max_depth: 3}\n",
                                            encoding="utf-8")
    (tmp_path / "many.yaml").write_text("".join(f"k{i}: 1\n" for i in range(150)),
                                        encoding="utf-8")
    (tmp_path / "deep.yaml").write_text("channels: [[[x]]]\n", encoding="utf-8")
    found = check_json(tmp_path, capsys)["diagnostics"]
    many = [d for d in found if d["file"].endswith("many.yaml")]
    assert [d["code"] for d in found if d["file"].endswith("deep.yaml")] == ["CX006"]
    if not strict:
        assert [d["code"] for d in many] == ["CX003"] * 150
        return
    assert [d["code"] for d in many] == ["CX003"] * 100 + ["CX006"]
    assert many[-1]["hint"] == (
        "Fix the problems listed first; to list more, set in .cxmodel.yaml: limits: "
        "{max_problems: 400} (this run has CXMODEL_STRICT_LIMITS set, which keeps the default "
        "limits as ceilings that .cxmodel.yaml cannot raise: raise it where the workspace is "
        "trusted)")


@pytest.mark.parametrize(("value", "strict"), [("", False), ("0", False), ("no", False),
                                               ("False", False), ("1", True), ("yes", True),
                                               ("true", True)])
def test_which_values_make_the_limits_strict(value: str, strict: bool) -> None:
    from cxmodel.loader.limits import configured, strict_limits

    assert strict_limits({"CXMODEL_STRICT_LIMITS": value}) is strict
    assert strict_limits({}) is False
    limits = configured({"max_depth": 10, "max_problems": 1000}, strict=strict)
    assert (limits.max_depth, limits.max_problems) == (10, 100 if strict else 1000)


def test_aliases_are_bounded_over_the_whole_workspace(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """Each file under the bound, together over it: the values and the characters aliases
    add count over the workspace, in file order (every output holds each copy)."""
    tags = "[" + ", ".join(f"t{i}" for i in range(1000)) + "]"
    for number in range(3):
        (tmp_path / f"p{number}.yaml").write_text(
            f"personas:\n  - {{id: a{number}, tags: &t {tags}}}\n"
            + "".join(f"  - {{id: a{number}-{i}, tags: *t}}\n" for i in range(40)),
            encoding="utf-8")
    result = cxmodel.load(tmp_path)
    assert located(result) == {"CX006@3:22"}  # p2.yaml's first alias: 120,000 values
    (d,) = result.diagnostics
    assert d.span.file.endswith("p2.yaml")
    assert d.message == ("Aliases in this workspace expand to more than 100,000 values, "
                         "counting this file's (an 'alias bomb'?).")
    assert cxmodel.load(tmp_path / "p0.yaml").ok
    big = "x" * 100_000
    text = tmp_path / "text"
    text.mkdir()
    (text / "strings.yaml").write_text(
        f'personas:\n  - {{id: p, name: &n "{big}"}}\n'
        + "".join(f"  - {{id: p{i}, name: *n, description: *n}}\n" for i in range(3000)),
        encoding="utf-8")
    assert main(["export", "json", str(text), "-o", str(tmp_path / "out.json")]) == 1
    assert "expand to more than 4,000,000 characters of text" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()
    # Nested: an anchored list of aliases, aliased in turn, adds what its own aliases add.
    (text / "strings.yaml").write_text(
        f"personas:\n  - {{id: p, name: &a \"{'x' * 10_000}\", "
        f"tags: &b [{', '.join(['*a'] * 10)}]}}\n"
        + "".join(f"  - {{id: p{i}, tags: *b}}\n" for i in range(50)), encoding="utf-8")
    (d,) = cxmodel.load(text).diagnostics  # 50 copies of 10 copies of 10,000 characters
    assert (d.code, d.span.line, d.span.column) == ("CX006", 2, 10_036)  # the first alias
    assert "more than 4,000,000 characters" in d.message
    assert cxmodel.load(text, limits=Limits(max_alias_characters=6_000_000)).ok


def test_too_many_problems_stops_at_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("personas: [" + ", ".join(f"x{i}" for i in range(200_000)) + "]\n",
                    encoding="utf-8")
    result = cxmodel.load(path)
    assert len(result.diagnostics) == 101
    last = [d for d in result.diagnostics if d.code == "CX006"]
    assert [(d.span.line, d.span.column) for d in last] == [(1, 502)]
    assert last[0].message == "This file has more than 100 problems; the rest are not listed."
    assert last[0].hint == ("Fix the problems listed first; to list more, set in .cxmodel.yaml: "
                            "limits: {max_problems: 400}")


def test_duplicate_keys_and_ids_also_stop_at_the_limit(tmp_path: Path) -> None:
    keys = tmp_path / "keys.yaml"
    keys.write_text("channels:\n  - id: a\n    name: a\n" + "    name: a\n" * 50_000,
                    encoding="utf-8")
    result = cxmodel.load(keys)
    assert [d.code for d in result.diagnostics].count("CX002") == 100
    assert located(result) >= {"CX006@104:5"}
    # The item's first key again and again reads as items missing their "- ": said once.
    keys.write_text("channels:\n  - id: a\n" + "    id: a\n" * 50_000, encoding="utf-8")
    assert located(cxmodel.load(keys)) == {"CX002@3:5"}
    ids = tmp_path / "ids.yaml"
    ids.write_text("personas:\n" + "  - {id: same}\n" * 5_000 + "journeys:\n  - id: j\n"
                   "    persona: nobody\n", encoding="utf-8")
    result = cxmodel.load(ids)
    assert [d.code for d in result.diagnostics].count("CX004") == 100
    assert len(result.diagnostics) == 101


def test_too_many_values_in_one_file(tmp_path: Path) -> None:
    path = tmp_path / "tiny.yaml"
    path.write_text("x:\n" + "  - {a: 1}\n" * 130_000, encoding="utf-8")
    (d,) = cxmodel.load(path).diagnostics
    assert (d.code, d.span.line, d.span.column) == ("CX006", 125_001, 5)
    assert "more than 250,000 YAML values" in d.message
    assert d.hint is not None and "limits: {max_file_values: 1000000}" in d.hint


def test_a_huge_duration_is_no_crash(write) -> None:  # type: ignore[no-untyped-def]
    path = write("a.yaml", "listening_posts:\n  - id: p\n    closed_loop: {inner: {within: "
                 + "9" * 400 + "m}}\n")
    result = cxmodel.check(path)
    assert result.diagnostics


# --- Bounded resources: 10 s and 1 GB on nasty inputs under 10 MB ---------------------------

def _nasty_inputs(folder: Path) -> dict[str, Path]:
    """A few inputs of 5-10 MB built to make a YAML tool slow or greedy."""
    made = {}

    def write(name: str, text: str) -> None:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        assert 4_000_000 < path.stat().st_size < 10_000_000, (name, path.stat().st_size)
        made[name] = path

    write("flow-list.yaml", "personas: [" + ", ".join(f"x{i}" for i in range(600_000)) + "]\n")
    write("one-scalar.yaml", "personas:\n  - id: p\n    description: " + "x" * 9_000_000 + "\n")
    write("tiny-mappings.yaml", "x:\n" + "  - {a: 1}\n" * 500_000)
    write("unknown-keys.yaml", "".join(f"k{i}: 1\n" for i in range(600_000)))
    write("duplicate-keys.yaml", "channels:\n  - id: a\n" + "    id: a\n" * 600_000)
    write("flow-ids.yaml", "personas: [" + ", ".join(f"{{id: p{i}}}" for i in range(400_000))
          + "]\n")
    write("aliases.yaml", "a: &a [1, 2, 3]\nb: [" + ", ".join(["*a"] * 1_200_000) + "]\n")
    return made


def _limited() -> None:  # runs in the child, before cxmodel starts
    import resource

    gigabyte = 1024 ** 3
    resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_nasty_inputs_finish_within_10_s_and_1_gb(tmp_path: Path) -> None:
    import subprocess
    import time

    for name, path in _nasty_inputs(tmp_path).items():
        started = time.monotonic()
        done = subprocess.run([sys.executable, "-m", "cxmodel", "check", "--format", "json",
                               str(path)], capture_output=True, text=True, timeout=10,
                              preexec_fn=_limited)
        elapsed = time.monotonic() - started
        assert done.returncode in (0, 1), (name, done.stderr[-2000:])
        document = json.loads(done.stdout)
        codes = [d["code"] for d in document["diagnostics"]]
        assert len(codes) <= 101, name
        assert "Traceback" not in done.stderr
        assert elapsed < 10, (name, elapsed)


@pytest.mark.parametrize(("char", "name"), [
    ("\u3164", "HANGUL FILLER"), ("\u034f", "COMBINING GRAPHEME JOINER"),
    ("\ufe0f", "VARIATION SELECTOR-16"), ("\U000e0100", "VARIATION SELECTOR-17"),
    ("\uffa0", "HALFWIDTH HANGUL FILLER"), ("\u115f", "HANGUL CHOSEONG FILLER"),
    ("\u2800", "BRAILLE PATTERN BLANK"), ("\u17b4", "KHMER VOWEL INHERENT AQ"),
    ("\u180b", "MONGOLIAN FREE VARIATION SELECTOR ONE"), ("\U000e0fff", ""),
])
def test_default_ignorable_and_blank_characters_are_refused_in_ids(write, char: str,
                                                                    name: str) -> None:  # type: ignore[no-untyped-def]
    # 'web' and 'web' + a Hangul filler (or a variation selector...) look identical.
    escaped = f"\\U{ord(char):08X}"
    path = write("a.yaml", f'channels:\n  - {{id: web, kind: web}}\n'
                           f'  - {{id: "web{escaped}", kind: web}}\n')
    (d,) = cxmodel.load(path).diagnostics
    code = f"U+{ord(char):04X}"
    assert (d.code, d.span.line, d.span.column) == ("CX003", 3, 10)
    assert d.message == (
        f"The id 'web<{code}>' contains an invisible, control or text-direction character "
        f"({code}{' ' + name if name else ''}), which ids may not: it makes the id look "
        "different from what it is.")
    assert char not in d.message


def _unknown_channels(folder: Path, channels: int, files: int, references: int) -> Path:
    """A workspace of ``channels`` channels (channel-000000...) and ``files`` journey files,
    each with ``references`` steps naming an unknown channel (channel-00000x...)."""
    folder.mkdir()
    (folder / "org.yaml").write_text(
        "departments: [{id: d}]\nchannels:\n"
        + "".join(f"  - {{id: channel-{i:06d}, kind: web, owner: d}}\n"
                  for i in range(channels)), encoding="utf-8")
    for number in range(files):
        steps = "".join(f"      - {{id: s{i}, channel: channel-{number * references + i:05d}x}}\n"
                        for i in range(references))
        (folder / f"j{number}.yaml").write_text(
            f"journeys:\n  - id: j{number}\n    steps:\n{steps}", encoding="utf-8")
    return folder


@pytest.mark.skipif(sys.platform == "win32", reason="resource limits are POSIX")
def test_suggestions_among_20000_ids_finish_within_10_s(tmp_path: Path) -> None:
    # The audit's 936 KB workspace: each of 300 unknown references was compared with 20,000
    # channel ids (26.8 s).
    import subprocess

    folder = _unknown_channels(tmp_path / "ws", 20_000, 3, 100)
    done = subprocess.run([sys.executable, "-m", "cxmodel", "check", "--format", "json",
                           str(folder)], capture_output=True, text=True, timeout=10,
                          preexec_fn=_limited)
    assert done.returncode == 1, done.stderr[-2000:]
    found = [d for d in json.loads(done.stdout)["diagnostics"] if d["code"] == "CX005"]
    assert len(found) == 300
    assert all(", did you mean 'channel-0" in d["message"] for d in found)
    assert (found[12]["line"], found[12]["column"], found[12]["message"]) == (
        16, 28, "Unknown channel 'channel-00012x' in step 's12' of journey 'j0', did you "
        "mean 'channel-001012' or 'channel-000912' or 'channel-000812'?")


def _old_closest(word: str, candidates: list[str], limit: int = 3) -> list[str]:
    """Suggestions as they were made before the Suggester: difflib against every
    candidate."""
    import difflib

    def fold(text: str) -> str:
        return "".join(ch for ch in text.casefold() if ch.isalnum())

    pool = sorted(set(candidates))
    same = [c for c in pool if fold(c) == fold(word) and c != word]
    close = difflib.get_close_matches(word, pool, n=limit, cutoff=0.6)
    if not close:
        lowered = {c.casefold(): c for c in pool}
        close = [lowered[c] for c in difflib.get_close_matches(
            word.casefold(), list(lowered), n=limit, cutoff=0.6)]
    result: list[str] = []
    for candidate in [*same, *close]:
        if candidate not in result and candidate != word:
            result.append(candidate)
    return result[:limit]


def test_suggestions_are_those_of_comparing_every_candidate() -> None:
    # Skipping what the bounds rule out must not change a suggestion: on models typed by
    # hand (up to EXACT_POOL ids, the budget far from spent) they are difflib's, ties
    # included.
    from cxmodel.suggest import Budget, Suggester

    rnd = random.Random(11)
    alphabets = ["ab-", "abcde-_", "abcdefghijklmnopqrstuvwxyzABC-_ ", "aAbBéÉßẞ-", "xy01"]
    budget = Budget()
    for _ in range(120):
        alphabet = rnd.choice(alphabets)
        pool = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 14)))
                for _ in range(rnd.choice([0, 1, 5, 40, 200]))]
        suggester = Suggester(pool, budget)
        for _ in range(6):
            word = list(rnd.choice(pool)) if pool and rnd.random() < 0.7 else ["?"]
            for _ in range(rnd.randint(0, 3)):
                word.insert(rnd.randint(0, len(word)), rnd.choice(alphabet))
                del word[rnd.randrange(len(word))]
                word.insert(rnd.randint(0, len(word)), rnd.choice(alphabet))
            typed = "".join(word)
            for limit in (1, 3):
                assert suggester.closest(typed, limit) == _old_closest(typed, pool, limit), (
                    typed, pool)
    assert budget.left > budget.reserve  # never fell back to shortlists


def test_the_suggestion_budget_bounds_the_work(monkeypatch: pytest.MonkeyPatch) -> None:
    # 2,000 ids of 199 letters 'a' and 'b': difflib needs 6 ms for each pair, 12 s for each
    # unknown word compared with them all. The budget stops that within its work (a tenth
    # of the default here, to keep the test short).
    import difflib

    from cxmodel import suggest

    calls = []
    ratio = difflib.SequenceMatcher.ratio

    def counted(self: difflib.SequenceMatcher[str]) -> float:
        calls.append(1)
        return ratio(self)

    monkeypatch.setattr(difflib.SequenceMatcher, "ratio", counted)
    rnd = random.Random(5)
    pool = ["".join(rnd.choice("ab") for _ in range(199)) for _ in range(2000)]
    budget = suggest.Budget(suggest.WORK // 10, suggest.RESERVE // 10)
    suggester = suggest.Suggester([*pool, "Web-Chat"], budget)
    for word in pool[:200]:
        suggester.closest(word[:-1] + "x")
    most = suggest.WORK // 10 // (100 + 199 * 199) + suggest.SHORTLIST
    assert 0 < len(calls) <= most
    assert budget.left <= 0
    # Spelling variants are a look-up, suggested even with the budget spent.
    assert suggester.closest("webchat") == ["Web-Chat"]
    assert suggester.closest("aab") == []


def test_a_misspelt_id_among_thousands_is_still_found(write) -> None:  # type: ignore[no-untyped-def]
    # Past EXACT_POOL ids, a word is compared with the ids sharing the most letter pairs.
    channels = "".join(f"  - {{id: channel-{i:05d}, kind: web}}\n" for i in range(5000))
    path = write("ws/a.yaml", f"channels:\n  - {{id: web-chat, kind: chat}}\n{channels}"
                 "journeys:\n  - id: j\n    steps:\n      - {id: s, channel: web-caht}\n"
                 "      - {id: t, channel: Channel-0049}\n")
    found = [d for d in cxmodel.load(path.parent).diagnostics if d.code == "CX005"]
    assert [(d.span.line, d.span.column, d.message) for d in found] == [
        (5006, 26, "Unknown channel 'web-caht' in step 's' of journey 'j', did you mean "
                   "'web-chat'?"),
        (5007, 26, "Unknown channel 'Channel-0049' in step 't' of journey 'j', did you mean "
                   "'channel-02049' or 'channel-01049' or 'channel-00949'?")]
