"""The guarantees users rely on (docs/security.md), each with a test: no command changes an
input file; outputs are written atomically; init never overwrites; nothing touches the
network; every user string is escaped in every output; Jinja2 autoescapes; JSON Schema
$refs are local; the compiled-validator cache runs only code its owner wrote."""

from __future__ import annotations

import builtins
import contextlib
import csv
import io
import json
import marshal
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from cxmodel import resources, templating, writing
from cxmodel.cli import main
from tests.conftest import EXAMPLES, skip_without


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def snapshot(folder: Path) -> dict[str, tuple[bytes | None, int, int]]:
    """Every file and folder below ``folder`` (hidden ones too): content, mtime, mode."""
    found: dict[str, tuple[bytes | None, int, int]] = {}
    for path in sorted(folder.rglob("*")):
        status = path.lstat()
        content = path.read_bytes() if path.is_file() and not path.is_symlink() else None
        found[path.relative_to(folder).as_posix()] = (content, status.st_mtime_ns,
                                                      status.st_mode)
    status = folder.stat()
    found["."] = (None, status.st_mtime_ns, status.st_mode)
    return found


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The retailer example with a configuration and a read-only file."""
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", ws)
    (ws / ".cxmodel.yaml").write_text("fail_on: error\noptions: {max_handoffs: 4}\n",
                                      encoding="utf-8")
    (ws / "organisation.yaml").chmod(0o444)
    return ws


# --- No command changes an input file ------------------------------------------------------

def _commands(ws: Path, out: Path) -> Iterator[list[str]]:
    yield ["check", str(ws)]
    yield ["check", "--format", "json", str(ws)]
    yield ["check", str(ws / "journeys" / "online-order.yaml"), str(ws)]
    for fmt in ("html", "md", "json", "csv"):
        yield ["report", str(ws), "--format", fmt, "-o", str(out / f"report.{fmt}")]
    yield ["report", str(ws), "--format", "md"]
    yield ["render", str(ws), "--view", "channels", "--format", "dot", "-o", str(out / "c.dot")]
    yield ["render", str(ws), "--view", "blueprint", "--journey", "online-order", "--format",
           "svg", "-o", str(out / "b.svg")]
    yield ["render", str(ws), "--all", "--format", "dot", "-o", str(out / "diagrams")]
    yield ["rules"]
    yield ["rules", "CX101"]
    yield ["schema", "-o", str(out / "schema.json")]
    yield ["schema", "--config"]
    yield ["init", str(out / "starter")]


def test_no_command_changes_an_input_file(workspace: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    before = snapshot(workspace)
    for argv in _commands(workspace, out):
        code, _, err = run(*argv)
        assert code in (0, 1), (argv, err)
        assert snapshot(workspace) == before, argv
    leftovers = [p.name for p in out.rglob(".*")]
    assert leftovers == [], "temporary files left behind"


def test_outputs_next_to_the_inputs_leave_the_inputs_alone(workspace: Path) -> None:
    # A report written into the workspace folder itself: only that file appears.
    before = snapshot(workspace)
    code, _, err = run("report", str(workspace), "--format", "md", "-o",
                       str(workspace / "gaps.md"))
    assert code == 1, err
    after = snapshot(workspace)
    assert set(after) - set(before) == {"gaps.md"}
    assert {k: v for k, v in after.items() if k not in ("gaps.md", ".")} == \
        {k: v for k, v in before.items() if k != "."}


# --- Outputs are written atomically --------------------------------------------------------

def _boom(*_args: object, **_kwargs: object) -> None:
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("failing", ["os.replace", "os.fsync"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path, failing: str,
                                                             monkeypatch: pytest.MonkeyPatch
                                                             ) -> None:
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")
    monkeypatch.setattr(failing, _boom)
    with pytest.raises(OSError, match="No space left"):
        writing.write_atomic(target, "new report " * 1000)
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_an_interrupted_write_leaves_the_old_file(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.html"
    target.write_text("old report", encoding="utf-8")

    def interrupt(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("os.fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        writing.write_atomic(target, "new report")
    assert target.read_text(encoding="utf-8") == "old report"
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_a_failed_write_through_the_cli_exits_2_and_keeps_the_old_file(
        workspace: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_text("{}", encoding="utf-8")
    monkeypatch.setattr("os.replace", _boom)
    code, _, err = run("report", str(workspace), "--format", "json", "-o", str(target))
    assert code == 2
    assert "cannot write" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "{}"
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]


def test_permissions_are_kept_and_new_files_follow_the_umask(tmp_path: Path) -> None:
    kept = tmp_path / "kept.md"
    kept.write_text("x", encoding="utf-8")
    kept.chmod(0o640)
    writing.write_atomic(kept, "y")
    assert kept.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0o027)
    try:
        writing.write_atomic(tmp_path / "new.md", "z")
    finally:
        os.umask(umask)
    assert (tmp_path / "new.md").stat().st_mode & 0o777 == 0o640
    writing.write_atomic(tmp_path / "private.bin", b"z", mode=0o600)
    assert (tmp_path / "private.bin").stat().st_mode & 0o777 == 0o600


def test_a_symlink_at_the_output_path_is_replaced_not_followed(tmp_path: Path) -> None:
    elsewhere = tmp_path / "precious.txt"
    elsewhere.write_text("do not touch", encoding="utf-8")
    link = tmp_path / "report.html"
    link.symlink_to(elsewhere)
    writing.write_atomic(link, "<p>report</p>")
    assert elsewhere.read_text(encoding="utf-8") == "do not touch"
    assert not link.is_symlink() and link.read_text(encoding="utf-8") == "<p>report</p>"


def _read_in_background(fifo: Path) -> tuple[Any, list[bytes]]:
    import threading

    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    return reader, received


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_device_is_written_to_not_replaced(workspace: Path, tmp_path: Path) -> None:
    """`-o /dev/null`, `-o /dev/stdout` or a named pipe: renaming a file over them would turn
    /dev/null into a regular file for the whole machine."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    link = tmp_path / "stdout-like"
    link.symlink_to(fifo)
    for target in (fifo, link):
        reader, received = _read_in_background(fifo)
        code, _, err = run("check", "--format", "json", "-o", str(target), str(workspace))
        reader.join(timeout=30)
        assert code == 1, err
        assert json.loads(received[0])["summary"]["exit_code"] == 1
        assert fifo.is_fifo() and link.is_symlink()
    sheet = workspace / "sheet.csv"
    sheet.write_text("journey,step\nreturns,Print the label\n", encoding="utf-8")
    reader, received = _read_in_background(fifo)
    code, _, err = run("import", "csv", str(sheet), "-o", str(fifo))  # no --force needed
    reader.join(timeout=30)
    assert code == 0, err
    assert b"journeys:" in received[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe", "stdout-like", "ws"]
    writing.write_atomic(os.devnull, "nothing")
    assert writing.is_stream(Path(os.devnull))



@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="Linux /proc")
def test_a_name_in_proc_is_written_through_a_link_into_it_replaced(
        workspace: Path, tmp_path: Path) -> None:
    """`-o /dev/stdout` (a link to /proc/self/fd/1) while standard output goes to a file: the
    output reaches the file. But a link of a workspace's own into /proc (/proc/self/root/
    reaches every file) is replaced like any link, never written through."""
    captured = tmp_path / "captured.json"
    with captured.open("wb") as stream:
        code, _, err = run("check", "--format", "json", "-o",
                           f"/proc/self/fd/{stream.fileno()}", str(workspace))
    assert code == 1, err
    assert json.loads(captured.read_bytes())["summary"]["exit_code"] == 1
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    link = tmp_path / "out.json"
    link.symlink_to(f"/proc/self/root{victim}")
    code, _, err = run("check", "--format", "json", "-o", str(link), str(workspace))
    assert code == 1, err
    assert victim.read_text(encoding="utf-8") == "keep"
    assert not link.is_symlink() and json.loads(link.read_bytes())["summary"]["exit_code"] == 1


@pytest.mark.parametrize("command", [
    ["report", "{ws}", "--format", "md", "-o", "{target}"],
    ["check", "{ws}", "--format", "json", "-o", "{target}"],
    ["check", "{ws}", "--write-baseline", "{target}"],
    ["render", "{ws}", "--view", "channels", "--format", "svg", "-o", "{target}"],
    ["export", "json", "{ws}", "-o", "{target}"],
    ["export", "mermaid", "{ws}", "--journey", "online-order", "-o", "{target}"],
    ["diff", "{ws}", "{ws}", "-o", "{target}"],
], ids=lambda command: "-".join(command[:2]))
@pytest.mark.parametrize("target", ["organisation.yaml", ".cxmodel.yaml", "../hard-link.yaml"])
def test_an_output_never_replaces_an_input(workspace: Path, command: list[str],
                                           target: str) -> None:
    """Not even under another name: a hard link outside the workspace to one of its files."""
    os.link(workspace / "journeys" / "online-order.yaml", workspace.parent / "hard-link.yaml")
    before = snapshot(workspace)
    output = workspace / target
    argv = [part.format(ws=workspace, target=output) for part in command]
    code, _, err = run(*argv)
    assert code == 2
    assert err.endswith(f"cxmodel: error: cannot write {output}: it is a file this command "
                        "reads; write the output somewhere else\n")
    assert snapshot(workspace) == before


def test_an_output_never_replaces_a_baseline_or_sheet_it_reads(workspace: Path,
                                                              tmp_path: Path) -> None:
    baseline = tmp_path / "base.json"
    assert run("check", str(workspace), "--write-baseline", str(baseline))[0] == 0
    kept = baseline.read_bytes()
    code, _, err = run("check", str(workspace), "--baseline", str(baseline), "-o", str(baseline))
    assert code == 2 and "it is a file this command reads" in err
    assert baseline.read_bytes() == kept
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("journey,step\nj,s\n", encoding="utf-8")
    code, _, err = run("import", "csv", str(sheet), "-o", str(sheet), "--force")
    assert code == 2 and "it is a file this command reads" in err
    assert sheet.read_text(encoding="utf-8") == "journey,step\nj,s\n"

# --- init never overwrites without --force -------------------------------------------------

STARTER = ("organisation.yaml", "listening-posts.yaml", "journeys/order-online.yaml",
           "cxmodel.schema.json")


@pytest.mark.parametrize("existing", STARTER)
def test_init_writes_nothing_when_any_starter_file_exists(tmp_path: Path,
                                                          existing: str) -> None:
    target = tmp_path / "ws"
    (target / existing).parent.mkdir(parents=True, exist_ok=True)
    (target / existing).write_text("mine", encoding="utf-8")
    before = snapshot(target)
    code, _, err = run("init", str(target))
    assert code == 2 and "already exist" in err
    assert snapshot(target) == before  # all or nothing: not even the missing files
    code, _, _ = run("init", str(target), "--force")
    assert code == 0
    assert (target / existing).read_text(encoding="utf-8") != "mine"


def test_init_into_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "not-a-folder"
    target.write_text("keep", encoding="utf-8")
    code, _, err = run("init", str(target), "--force")
    assert code == 2 and "not a folder" in err
    assert target.read_text(encoding="utf-8") == "keep"


@pytest.mark.parametrize(("setup", "message"), [
    ("file journeys", "{t}/journeys exists and is not a folder"),
    ("link to nowhere", "{t} exists and is not a folder"),
    ("folder organisation.yaml", "{t}/organisation.yaml is not a file; cxmodel init replaces "
     "only files"),
    ("pipe organisation.yaml", "{t}/organisation.yaml is not a file; cxmodel init replaces "
     "only files"),
    ("pipelink organisation.yaml", "{t}/organisation.yaml is not a file; cxmodel init "
     "replaces only files"),
])
def test_init_refuses_before_writing_anything(tmp_path: Path, setup: str, message: str) -> None:
    """Exit 2 with a reason, nothing written, never a traceback or a hang on a pipe."""
    target = tmp_path / "ws"
    kind, name = setup.split(" ", 1)
    if kind == "link":
        target.symlink_to(tmp_path / "nowhere" / "dir")
    else:
        target.mkdir()
        if kind == "file":
            (target / name).write_text("keep", encoding="utf-8")
        elif kind == "folder":
            (target / name).mkdir()
        elif kind == "pipe":
            os.mkfifo(target / name)
        else:
            os.mkfifo(tmp_path / "fifo")
            (target / name).symlink_to(tmp_path / "fifo")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    code, _, err = run("init", str(target), "--force")
    assert code == 2
    assert err == f"cxmodel: error: {message.format(t=target)}\n"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_init_that_fails_half_way_leaves_nothing(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk at the last file: the files written before it are removed again, so a
    second try is not refused for a half starter."""
    real = writing.write_atomic

    def full_at_the_schema(path: Any, content: Any, *args: Any, **kwargs: Any) -> None:
        if str(path).endswith("cxmodel.schema.json"):
            raise OSError(28, "No space left on device")
        real(path, content, *args, **kwargs)

    monkeypatch.setattr(writing, "write_atomic", full_at_the_schema)
    code, _, err = run("init", str(tmp_path / "ws"))
    assert code == 2
    assert err == (f"cxmodel: error: cannot write {tmp_path / 'ws' / 'cxmodel.schema.json'}: "
                   "No space left on device; nothing of the starter was left behind\n")
    assert [p for p in (tmp_path / "ws").rglob("*") if p.is_file()] == []
    assert run("init", "")[2] == "cxmodel: error: DIR is empty: name a folder (an unset " \
        "variable?)\n"


def test_init_treats_a_dangling_symlink_as_existing(tmp_path: Path) -> None:
    target = tmp_path / "ws"
    target.mkdir()
    (target / "organisation.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    code, _, _ = run("init", str(target))
    assert code == 2
    assert (target / "organisation.yaml").is_symlink()


# --- Nothing touches the network ------------------------------------------------------------

def test_the_network_guard_blocks_remote_hosts_and_allows_loopback(
        network_attempts: list[str]) -> None:
    import socket

    attempts = len(network_attempts)
    with pytest.raises(RuntimeError, match="network access during tests"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)
    with pytest.raises(RuntimeError, match="network access during tests"):
        socket.getaddrinfo("example.com", 443)
    with pytest.raises(RuntimeError, match="network access during tests"), \
            socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw:
        raw.connect(("192.0.2.1", 80))
    assert len(network_attempts) == attempts + 3
    del network_attempts[attempts:]
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.create_connection(server.getsockname(), timeout=5):
            pass


def test_commands_run_with_the_network_blocked(workspace: Path, tmp_path: Path,
                                               network_attempts: list[str]) -> None:
    attempts = len(network_attempts)
    for argv in _commands(workspace, tmp_path / "out"):
        code, _, err = run(*argv)
        assert code in (0, 1), (argv, err)
    assert network_attempts[attempts:] == []


# A fresh interpreter (every module imported anew) with sockets blocked.
_OFFLINE = """
import socket, sys
def refuse(*args, **kwargs):
    sys.stderr.write("NETWORK ATTEMPT %r\\n" % (args[1:] or args,))
    sys.stderr.flush()
    raise SystemExit(99)
for name in ("connect", "connect_ex", "sendto"):
    setattr(socket.socket, name, refuse)
socket.getaddrinfo = refuse
socket.create_connection = refuse
from cxmodel.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.parametrize("engine", ["native", "embedded"])
def test_a_fresh_process_never_opens_a_socket(workspace: Path, tmp_path: Path,
                                              engine: str) -> None:
    if engine == "native" and shutil.which("dot") is None:
        skip_without("dot", "no system Graphviz")
    env = {**os.environ, "CXMODEL_ENGINE": "system" if engine == "native" else engine}
    for argv in (["check", "--format", "json", str(workspace)],
                 ["report", str(workspace), "-o", str(tmp_path / "r.html")],
                 ["render", str(workspace), "--view", "ownership", "-o",
                  str(tmp_path / f"o-{engine}.svg")]):
        done = subprocess.run([sys.executable, "-c", _OFFLINE, *argv], capture_output=True,
                              text=True, env=env, timeout=300)
        assert "NETWORK ATTEMPT" not in done.stderr, done.stderr
        assert done.returncode in (0, 1), done.stderr


# --- JSON Schemas: only local $refs, nothing fetched ----------------------------------------

def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


@pytest.mark.parametrize("name", [resources.LANGUAGE_SCHEMA, resources.CONFIG_SCHEMA])
def test_schemas_hold_only_local_refs(name: str) -> None:
    refs = list(_refs(resources.schema(name)))
    assert refs and all(ref.startswith("#/") for ref in refs)


def test_validation_needs_no_network(write, tmp_path: Path,  # type: ignore[no-untyped-def]
                                     monkeypatch: pytest.MonkeyPatch,
                                     network_attempts: list[str]) -> None:
    from cxmodel.validate import fast
    from cxmodel.validate.schema import check_schema, validator

    attempts = len(network_attempts)
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "fresh-cache"))
    fast.fast_check.cache_clear()
    validator.cache_clear()
    try:
        import cxmodel

        result = cxmodel.load(write("a.yaml", "channels: [{id: web, kind: webb}]\n"))
        assert [d.code for d in result.diagnostics] == ["CX003"]
        root = result.files[0].root
        assert root is not None
        assert len(check_schema(root, resources.LANGUAGE_SCHEMA)) == 1
    finally:
        fast.fast_check.cache_clear()
        validator.cache_clear()
    assert network_attempts[attempts:] == []


# --- The compiled-validator cache -----------------------------------------------------------

def _planted_code(schema_name: str) -> bytes:
    from cxmodel.validate.fast import _function_suffix

    suffix = _function_suffix(resources.schema(schema_name))
    source = ("import builtins\nbuiltins.cxmodel_planted = True\n"
              f"def validate_{suffix}(data, custom_formats={{}}, name_prefix=None):\n"
              "    return data\n")
    return marshal.dumps(compile(source, "<planted>", "exec"))


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX ownership checks")
def test_the_validator_cache_runs_only_private_files(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from cxmodel.validate import fast

    name = resources.CONFIG_SCHEMA
    cache = tmp_path / "cache"
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(cache))
    fast.fast_check.cache_clear()
    try:
        fast.fast_check(name)  # compiles and stores the validator
        (stored,) = cache.iterdir()
        assert stored.stat().st_mode & 0o777 == 0o600
        assert cache.stat().st_mode & 0o077 == 0
        for folder_mode, file_mode, runs in ((0o700, 0o666, False), (0o777, 0o600, False),
                                             (0o700, 0o600, True)):
            stored.write_bytes(_planted_code(name))
            stored.chmod(file_mode)
            cache.chmod(folder_mode)
            fast.fast_check.cache_clear()
            monkeypatch.delattr(builtins, "cxmodel_planted", raising=False)
            fast.fast_check(name)
            assert getattr(builtins, "cxmodel_planted", False) is runs, (folder_mode, file_mode)
    finally:
        cache.chmod(0o700)
        monkeypatch.delattr(builtins, "cxmodel_planted", raising=False)
        fast.fast_check.cache_clear()


def test_compiled_templates_run_only_from_private_files(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import jinja2

    cache = tmp_path / "cache"
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(cache))
    templating.environment.cache_clear()
    try:
        env = templating.environment()
        env.get_template("report.md")  # compiles and stores the template
        (stored,) = cache.iterdir()
        assert stored.name.startswith("template-") and stored.stat().st_mode & 0o777 == 0o600
        # Plant code where the compiled report.md is looked for.
        source, filename, _ = env.loader.get_source(env, "report.md")  # type: ignore[union-attr]
        bcc = env.bytecode_cache
        assert bcc is not None
        bucket = jinja2.bccache.Bucket(env, bcc.get_cache_key("report.md", filename),
                                       bcc.get_source_checksum(source))
        bucket.code = compile("import builtins\nbuiltins.cxmodel_planted = True\n",
                              "<planted>", "exec")
        for folder_mode, file_mode, runs in ((0o700, 0o666, False), (0o777, 0o600, False),
                                             (0o700, 0o600, True)):
            stored.write_bytes(bucket.bytecode_to_string())
            stored.chmod(file_mode)
            cache.chmod(folder_mode)
            templating.environment.cache_clear()
            monkeypatch.delattr(builtins, "cxmodel_planted", raising=False)
            # The planted "template" is no template; only whether it ran counts.
            with contextlib.suppress(Exception):
                templating.environment().get_template("report.md")
            assert getattr(builtins, "cxmodel_planted", False) is runs, (folder_mode, file_mode)
    finally:
        cache.chmod(0o700)
        monkeypatch.delattr(builtins, "cxmodel_planted", raising=False)
        templating.environment.cache_clear()


# --- Jinja2 autoescape -------------------------------------------------------------------------

def test_jinja_autoescapes_html_svg_xml_and_strings() -> None:
    env = templating.environment()
    assert callable(env.autoescape)
    for name in ("report.html", "page.html", "figure.svg", "feed.xml"):
        assert env.autoescape(name) is True, name
    assert env.autoescape(None) is True  # templates from strings
    assert env.from_string("{{ v }}").render(v="<script>") == "&lt;script&gt;"
    assert env.autoescape("report.md") is False  # Markdown escapes with its own filter
    assert isinstance(env.undefined, type) and env.undefined.__name__ == "StrictUndefined"


def test_report_templates_mark_nothing_but_our_css_safe() -> None:
    for name in ("report.html", "report.md"):
        source = resources.read_text("templates", name)
        marked = re.findall(r"\{\{\s*([^}|]+?)\s*\|\s*safe\s*\}\}", source)
        assert marked in ([], ["css"]), (name, marked)
        assert "autoescape false" not in source and "Markup" not in source


# --- Every user string is escaped in every output ------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "]]>",
            "{{ 7*7 }}", "\\N", '=HYPERLINK("http://x","y")', "javascript:alert(1)")


def _q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return json.dumps(text)


def _hostile_workspace(folder: Path) -> Path:
    """Payloads in every kind of user text: names, descriptions, goals, pain points, waiver
    reasons, department names, lane actions, questions, tags, and ids where ids allow."""
    p = [_q(x) for x in PAYLOADS]
    folder.mkdir(parents=True)
    (folder / "model.yaml").write_text(f"""\
departments:
  - {{id: d1, name: {p[0]}, description: {p[1]}}}
  - {{id: '"><img-src=x-onerror=alert(1)>', name: {_q(PAYLOADS[2] + " " + PAYLOADS[4])}}}
channels:
  - {{id: web, name: {p[5]}, kind: web, owner: d1, description: {p[6]}, tags: [{p[0]}]}}
  - id: "javascript:alert(1)"
    name: {p[1]}
    kind: voice
    waive: {{CX301: {p[5]}}}
metrics:
  - {{id: csat, name: {p[3]}, kind: experience, scope: touchpoint, question: {p[0]}}}
personas:
  - {{id: p, name: {_q("]]><script>alert(1)</script>")}}}
problems:
  - {{id: pr, name: {p[1]}, owner: d1, resolvable_in: [web]}}
offers:
  - {{id: of, name: {p[0]}, channels: [web]}}
journeys:
  - id: "<b>j"
    name: {p[0]}
    goal: {p[1]}
    persona: p
    stages: [{{id: s1, name: {p[2]}}}]
    steps:
      - id: a
        name: {p[3]}
        stage: s1
        channel: web
        customer: {p[0]}
        evidence: {p[4]}
        frontstage: {{actor: d1, action: {p[1]}}}
        backstage: [{p[6]}]
        support: [{{system: {p[2]}, action: {p[3]}}}]
        pain_points: [{p[5]}, "+SUM(1)", "-1+1", "@cmd", {p[4]}]
        emotion: -2
        moment_of_truth: true
        problems: [pr]
        offers: [of]
        proactive: {{channel: web, message: {p[3]}}}
        waive: {{CX102: {p[0]}}}
      - id: b
        name: {p[1]}
        channel: "javascript:alert(1)"
        emotion: 2
listening_posts:
  - id: post
    name: {p[0]}
    description: {p[2]}
    method: survey
    owner: d1
    metrics: [csat]
    covers: {{channels: [web]}}
    themes: [{{id: t, name: {p[6]}, problems: [pr]}}]
    closed_loop:
      inner: {{owner: d1, within: 24h, via: [web], may: [escalate], compensation_up_to: {p[0]}}}
""", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = _hostile_workspace(tmp_path_factory.mktemp("escaping") / "ws")
    code, out, err = run("check", "--format", "json", str(folder))
    assert code in (0, 1), err
    assert not [d for d in json.loads(out)["diagnostics"] if d["code"].startswith("CX0")]
    return folder


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes.extend(attrs)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _squeezed(text: str) -> str:
    """Text without white space (diagram labels wrap lines between words)."""
    return "".join(text.split())


def test_html_report_escapes_every_payload(hostile: Path, tmp_path: Path) -> None:
    code, _, err = run("report", str(hostile), "--format", "html", "-o",
                       str(tmp_path / "r.html"))
    assert code in (0, 1), err
    page = _Page()
    page.feed((tmp_path / "r.html").read_text(encoding="utf-8"))
    assert "script" not in page.tags and "img" not in page.tags and "svg" not in page.tags
    assert not [name for name, _ in page.attributes if name.startswith("on")]
    assert not [value for _, value in page.attributes
                if value and value.strip().lower().startswith("javascript:")]
    text = "".join(page.text)
    for payload in PAYLOADS:
        assert payload in text, payload


def test_markdown_report_has_no_raw_html(hostile: Path) -> None:
    code, out, err = run("report", str(hostile), "--format", "md")
    assert code in (0, 1), err
    # An unescaped '<' followed by a letter, '/' or '!' would start raw HTML in GFM; the
    # report's own line breaks (<br>) are the only HTML it holds.
    assert not re.search(r"(?<!\\)<(?!br>)[A-Za-z/!?]", out)
    assert "](javascript:" not in out
    for payload in ("\\<script\\>alert(1)\\</script\\>", "{{ 7\\*7 }}"):
        assert payload in out, payload


def test_markdown_pages_escape_every_payload(hostile: Path, tmp_path: Path) -> None:
    """`export markdown`: no raw HTML, no link made of a name, safe file names, and the
    front matter's title exactly the name as written."""
    import yaml

    out = tmp_path / "docs"
    code, _, err = run("export", "markdown", str(hostile), "-o", str(out), "--quiet")
    assert code in (0, 1), err
    names = [p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()]
    safe = re.compile(r"(?:[a-z-]+/)?README\.md|[a-z0-9_./-]+|\.cxmodel-site\.json")
    assert all(safe.fullmatch(n) for n in names), names
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.rglob("*.md")}
    everything = "\n".join(texts.values())
    for name, text in texts.items():
        front, body = text.split("\n---\n\n", 1)
        meta = yaml.safe_load(front.removeprefix("---\n"))
        assert set(meta) == {"title", "description", "tags"}, name
        assert not re.search(r"(?<![\\`])<[A-Za-z/!?]", body), name
        assert "](javascript:" not in body and "](http" not in body, name
    journey = next(t for t in texts.values() if "journey" in t.split("---\n\n", 1)[0])
    assert yaml.safe_load(journey.split("\n---\n\n", 1)[0].removeprefix("---\n"))[
        "title"] == PAYLOADS[0]
    for payload in ("\\<script\\>alert(1)\\</script\\>", "{{ 7\\*7 }}"):
        assert payload in everything, payload
    for svg in out.rglob("*.svg"):
        assert "<script" not in svg.read_text(encoding="utf-8")


def test_markdown_never_mentions_anyone_or_links_issues(tmp_path: Path) -> None:
    """`diff --format md` is posted as a pull-request comment: a name holding @octocat or
    #123 must not notify anyone or link an issue (a zero-width space after '@' or '#')."""
    from cxmodel.templating import markdown_escape

    assert markdown_escape("Ask @octocat, @org/team or #123; C# stays") == (
        "Ask @&#8203;octocat, @&#8203;org/team or #&#8203;123; C# stays")
    new = tmp_path / "new"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", new)
    journey = new / "journeys" / "online-order.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace(
        "name: Order a sofa online and get it delivered", 'name: "Ask @octocat about #123"', 1),
        encoding="utf-8")
    code, out, err = run("report", str(new), "--format", "md")
    assert code in (0, 1), err
    assert "@&#8203;octocat" in out and "#&#8203;123" in out
    assert not re.search(r"@[A-Za-z]|(?<!&)#[0-9]", out)


def test_csv_report_cells_never_start_a_formula(hostile: Path) -> None:
    code, out, err = run("report", str(hostile), "--format", "csv")
    assert code in (0, 1), err
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells  # the waiver reason, neutralised


def test_json_outputs_carry_the_payloads_verbatim(hostile: Path) -> None:
    for argv in (["report", str(hostile), "--format", "json"],
                 ["check", "--format", "json", str(hostile)]):
        code, out, err = run(*argv)
        assert code in (0, 1), err
        document = json.loads(out)
        assert "<script>alert(1)</script>" in json.dumps(document, ensure_ascii=False)


def _svg_check(svg: bytes) -> str:
    root = ET.fromstring(svg)  # well-formed XML, or this raises
    for element in root.iter():
        assert not element.tag.endswith("}script"), "script element"
        assert not element.tag.endswith("}foreignObject")
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), name
            if name.endswith("href"):
                assert not value.strip().lower().startswith("javascript:"), value
    return "".join(root.itertext())


def test_diagrams_escape_every_payload(hostile: Path, tmp_path: Path) -> None:
    # DOT: Graphviz must parse it (rendering succeeds) and show each payload literally.
    code, _, err = run("render", str(hostile), "--all", "--format", "dot", "-o",
                       str(tmp_path / "dot"))
    assert code in (0, 1), err
    code, _, err = run("render", str(hostile), "--all", "--format", "svg", "-o",
                       str(tmp_path / "svg"))
    assert code in (0, 1), err
    dots = sorted((tmp_path / "dot").iterdir())
    assert len(dots) == 4
    seen = ""
    for dot in dots:
        source = dot.read_text(encoding="utf-8")
        assert "label=<" not in source  # never an HTML-like label
        svg = (tmp_path / "svg" / dot.with_suffix(".svg").name).read_bytes()
        seen += _squeezed(_svg_check(svg))
    for payload in PAYLOADS:
        assert _squeezed(payload) in seen, payload
    assert "49" not in seen  # {{ 7*7 }} was never evaluated


def test_text_output_holds_no_terminal_control_characters(hostile: Path) -> None:
    code, out, err = run("check", str(hostile))
    assert code in (0, 1), err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", out)
    assert "<script>alert(1)</script>" in out  # plain text: shown as written


@pytest.mark.skipif(sys.platform == "win32", reason="such file names")
def test_names_and_file_names_cannot_inject_lines_or_terminal_codes(tmp_path: Path) -> None:
    """A line break in a name, or in a file name, would start a line of its own: in GitHub
    Actions a line starting with '::' is a workflow command. Escape sequences, carriage
    returns and text-direction characters in file names must not reach the terminal."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "org.yaml").write_text(
        'channels:\n  - {id: c2, kind: "Unused\\n::error file=INJECTED.md,line=1::injected'
        '\\n::stop-commands::tok"}\n', encoding="utf-8")
    bad = "channels: [{id: c, kind: webb}]\n"
    for name in ("a\n::error file=X,line=1::from filename\n.yaml", "esc\x1b[2J\x1b]0;t\x07.yaml",
                 "cr\rFound 0 errors.yaml", "rtl\u202egpj.yaml"):
        (ws / name).write_text(bad, encoding="utf-8")
    code, out, err = run("check", "--format", "github", str(ws))
    assert code == 1, err
    lines = out.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("::stop-commands::"))
    token = lines[start].removeprefix("::stop-commands::")
    assert lines[-1] == f"::{token}::"
    assert all(line.startswith(("::error ", "::warning ", "::notice "))
               for line in lines[:start])
    assert not any(line.startswith("::") for line in lines[start + 1:-1])
    assert not any(line.startswith("::error file=INJECTED") for line in lines)
    code, out, _ = run("check", str(ws))
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]", out)
    assert "<U+001B>" in out and "<U+000D>" in out and "<U+202E>" in out
    assert "Unused<U+000A>::error file=INJECTED.md" in out
    assert not any(line.startswith("::") for line in out.splitlines())


def test_escaped_control_characters_reach_no_output(tmp_path: Path) -> None:
    # "\e", "\0", "\a" and "\uFFFF" are read as U+FFFD, so no terminal escape reaches the
    # terminal, Graphviz gets no NUL byte, and the SVG stays well-formed XML.
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "model.yaml").write_text(
        'departments: [{id: d, name: "red\\e[31m \\e]0;title\\a"}]\n'
        'channels: [{id: web, name: "nul\\0 and \\uFFFF", kind: web, owner: d}]\n'
        "journeys:\n  - id: j\n    steps:\n"
        '      - {id: a, name: "bell\\a", channel: web, frontstage: {actor: d, action: x}}\n'
        "      - {id: b, channel: web}\n", encoding="utf-8")
    code, out, err = run("check", str(ws))
    assert code in (0, 1), err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]", out + err)
    code, _, err = run("render", str(ws), "--all", "--format", "svg", "-o", str(tmp_path / "svg"))
    assert code in (0, 1), err
    for svg in (tmp_path / "svg").iterdir():
        _svg_check(svg.read_bytes())
    code, out, err = run("report", str(ws), "--format", "html")
    assert code in (0, 1), err
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]", out)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="/dev/full")
@pytest.mark.parametrize("command", [["schema"], ["rules"], ["check", "--format", "json"]])
def test_a_full_disk_behind_standard_output_is_exit_2(command: list[str]) -> None:
    """`cxmodel check --format sarif > results.sarif` on a full runner: "could not run" (2),
    not "findings" (1), and no traceback."""
    if command[0] == "check":
        command = [*command, str(EXAMPLES / "omnichannel-retailer")]
    with open("/dev/full", "w", encoding="utf-8") as full:
        done = subprocess.run([sys.executable, "-m", "cxmodel", *command], stdout=full,
                              stderr=subprocess.PIPE, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr == ("cxmodel: error: cannot write to standard output: No space left on "
                           "device\n")
