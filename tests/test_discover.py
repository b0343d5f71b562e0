"""Which files a workspace is: nothing outside the paths named (a link that leads out is
refused, its target never quoted), nothing git ignores or tools made, and a folder with no
model files is an error, not a pass (issue #14)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import cxmodel
from cxmodel.cli import main
from tests.conftest import EXAMPLES

SECRET = "ghp_SECRET0123456789"
OUTSIDE_MESSAGE = ("This is a link to something outside the workspace, or to something the "
                   "workspace leaves out (hidden, ignored by git, in a tool's folder); cxmodel "
                   "reads only the folders and files named on the command line.")


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """The bank workspace with a link to a credentials file outside it, and a link to a
    folder outside it holding a YAML file that quotes the secret."""
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (tmp_path / "secret.txt").write_text(f"https://user:{SECRET}@github.com\n",
                                         encoding="utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "leak.yaml").write_text(f"token: {SECRET}\n", encoding="utf-8")
    (ws / "notes.yaml").symlink_to("../secret.txt")
    (ws / "more").symlink_to("../elsewhere", target_is_directory=True)
    return ws


def test_a_link_out_of_the_workspace_is_a_cx006_at_the_link(linked: Path) -> None:
    result = cxmodel.load(linked)
    located = sorted((Path(d.span.file).name, d.code, d.span.line, d.span.column, d.message)
                     for d in result.diagnostics)
    assert located == [("more", "CX006", 1, 1, OUTSIDE_MESSAGE),
                       ("notes.yaml", "CX006", 1, 1, OUTSIDE_MESSAGE)]
    assert all(SECRET not in (f.text or "") for f in result.files)


@pytest.mark.parametrize("command", [
    ["check"], ["check", "--format", "json"], ["check", "--format", "sarif"],
    ["check", "--format", "github"], ["check", "--format", "junit"],
    ["report", "--format", "html"], ["report", "--format", "md"],
    ["report", "--format", "json"], ["report", "--format", "csv"],
    ["export", "json"], ["render", "--view", "channels"],
])
def test_no_command_quotes_what_a_link_points_to(
        linked: Path, command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    head, *rest = command
    argv = [head, *rest[:1], str(linked), *rest[1:]] if head == "export" else \
        [head, str(linked), *rest]
    assert main(argv) == 1
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert "notes.yaml" in out + err  # the refusal is said


def test_the_site_and_a_diff_quote_nothing_a_link_points_to(linked: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]
                                                            ) -> None:
    assert main(["site", str(linked), "-o", str(tmp_path / "site")]) == 1
    for page in (tmp_path / "site").rglob("*"):
        if page.is_file():
            assert SECRET.encode() not in page.read_bytes(), page
    assert main(["diff", str(EXAMPLES / "bank-account-opening"), str(linked)]) == 1
    assert SECRET not in "".join(capsys.readouterr())


def test_the_configuration_may_not_link_out(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (tmp_path / "secret.txt").write_text(f"fail_on: {SECRET}\n", encoding="utf-8")
    (ws / ".cxmodel.yaml").unlink(missing_ok=True)  # the example's own (language: pl)
    (ws / ".cxmodel.yaml").symlink_to("../secret.txt")
    assert main(["check", str(ws), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    (d,) = json.loads(out)["diagnostics"]
    assert (d["code"], d["line"], d["column"]) == ("CX006", 1, 1)
    assert d["file"].endswith(".cxmodel.yaml")
    assert "link to a file outside the workspace" in d["message"]


def test_links_inside_the_named_paths_are_followed(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "persona.yaml").write_text("personas: [{id: visitor}]\n", encoding="utf-8")
    (ws / "inside.yaml").symlink_to(next(ws.glob("*.yaml")).name)  # the same file twice
    (ws / "shared").symlink_to(shared, target_is_directory=True)
    # Outside the first path, but inside the second one named: read.
    result = cxmodel.load([ws, shared])
    assert [d.code for d in result.diagnostics] == []
    assert result.workspace is not None
    assert "visitor" in {persona.id for persona in result.workspace.personas}


def test_a_folder_with_no_model_files_is_exit_2(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    empty = tmp_path / "wrong"
    (empty / "docs").mkdir(parents=True)
    (empty / "docs" / "readme.md").write_text("# not a model\n", encoding="utf-8")
    for command in (["check"], ["report", "-o", str(tmp_path / "r.html")],
                    ["site", "-o", str(tmp_path / "site")],
                    ["render", "--view", "channels", "-o", str(tmp_path / "c.svg")]):
        assert main([command[0], str(empty), *command[1:]]) == 2
        err = capsys.readouterr().err
        assert err == (f"cxmodel: error: no cxmodel files under {empty.as_posix()}: no *.yaml "
                       "or *.yml file there; name the folder that holds the model\n")
    assert not (tmp_path / "r.html").exists()
    assert not (tmp_path / "site").exists()
    # The Python API reads an empty folder as an empty model.
    assert cxmodel.load(empty).diagnostics == []


def _repository(tmp_path: Path) -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "bank-account-opening", repo / "cx")
    (repo / ".git").mkdir()  # all the walk looks for; git itself is not needed
    return repo


def _broken(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "config.yaml").write_text("not: [a, cxmodel, file\n", encoding="utf-8")


def test_a_repository_root_leaves_out_what_git_ignores_and_tool_folders(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repository(tmp_path)
    (repo / ".gitignore").write_text("/generated/\n*.draft.yaml\n!keep.draft.yaml\n",
                                     encoding="utf-8")
    (repo / "cx" / ".gitignore").write_text("local/\n", encoding="utf-8")
    for folder in ("generated", "cx/local", "venv/lib", "node_modules/x", "dist",
                   "my-env/lib", "cx/journeys/node_modules"):
        _broken(repo / folder)
    (repo / "my-env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (repo / "cx" / "old.draft.yaml").write_text("broken: [\n", encoding="utf-8")
    (repo / "cx" / "keep.draft.yaml").write_text("personas: [{id: kept}]\n", encoding="utf-8")
    result = cxmodel.load(repo)
    assert result.diagnostics == []
    names = sorted(Path(f.path).relative_to(repo).as_posix() for f in result.files)
    assert "cx/keep.draft.yaml" in names
    assert not [n for n in names if not n.startswith("cx/") or ("draft" in n and "keep" not in n)]
    # The same from inside the repository: the root's .gitignore still applies.
    assert cxmodel.load(repo / "cx").diagnostics == []
    # A file named explicitly is always read.
    assert main(["check", str(repo / "cx" / "old.draft.yaml")]) == 1
    assert "CX001" in capsys.readouterr().out


def test_a_folder_where_everything_is_left_out_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / ".gitignore").write_text("*.yaml\n", encoding="utf-8")
    (repo / "a.yaml").write_text("personas: [{id: a}]\n", encoding="utf-8")
    _broken(repo / "venv")
    assert main(["check", str(repo)]) == 2
    assert capsys.readouterr().err == (
        f"cxmodel: error: no cxmodel files under {repo.as_posix()}: no *.yaml or *.yml file "
        "there but 1 entry that .gitignore excludes and 1 tool folder (virtual environments, "
        "node_modules, build output); name the folder that holds the model\n")


def test_outside_a_repository_gitignore_means_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (ws / ".gitignore").write_text("*.yaml\n", encoding="utf-8")
    assert len(cxmodel.load(ws).files) == _model_files(ws)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_diff_against_a_revision_leaves_out_the_same_files(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An ignored file committed anyway (git add -f) is left out on both sides, so the diff
    shows no change from it."""
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "bank-account-opening", repo / "cx")
    (repo / "cx" / ".gitignore").write_text("scratch.yaml\n", encoding="utf-8")
    (repo / "cx" / "scratch.yaml").write_text("broken: [\n", encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "add", "-f", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "model")
    assert main(["diff", "--base", "main", str(repo / "cx"), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["loads"] and data["old"]["files"] == data["new"]["files"] == 4
    assert data["new_findings"] == [] and data["fixed_findings"] == []


# --- Found by a review of the first version (issue #14) ------------------------------------

@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero and named pipes")
def test_a_configuration_or_file_that_never_ends_stops_nothing(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A .cxmodel.yaml linking to /dev/zero was passed over (not a file), and site then read
    it whole to hash its inputs; a named pipe in the workspace made site wait for ever."""
    import os

    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    (ws / ".cxmodel.yaml").unlink(missing_ok=True)  # the example's own (language: pl)
    (ws / ".cxmodel.yaml").symlink_to("/dev/zero")
    for command in (["check"], ["site", "-o", str(tmp_path / "site")]):
        assert main([command[0], str(ws), *command[1:]]) == 2
        assert "CX006" in capsys.readouterr().err
    (ws / ".cxmodel.yaml").unlink()
    os.mkfifo(ws / ".cxmodel.yaml")
    assert main(["check", str(ws)]) == 2
    assert "not a regular file" in capsys.readouterr().err
    (ws / ".cxmodel.yaml").unlink()
    os.mkfifo(ws / "pipe.yaml")
    done = subprocess.run([sys.executable, "-m", "cxmodel", "site", str(ws), "-o",
                           str(tmp_path / "site2")], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "not a regular file" in done.stderr


def test_a_hostile_gitignore_pattern_cannot_hang_the_walk(tmp_path: Path) -> None:
    """`*a*a*a...b` made pathspec's regular expression backtrack for minutes on a file named
    with 60 letters; such a pattern is not used (which can only make cxmodel read more)."""
    repo = _repository(tmp_path)
    (repo / ".gitignore").write_text("*a" * 20 + "b\n" + "a/**/b/**/c/**/d/**/e\n"
                                     + "\n".join(f"p{i}" for i in range(5000)) + "\n",
                                     encoding="utf-8")
    (repo / "cx" / ("a" * 60 + ".yaml")).write_text("personas: [{id: x}]\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cxmodel", "check", "--format", "json",
                           str(repo)], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["summary"]["files"] == _model_files(repo)


@pytest.mark.parametrize(("ignore", "kept"), [
    ("*\n!*/\n!*.yaml\n", ["cx/a.yaml", "cx/j/b.yaml", "foo/keep.yaml", "foo/x.yaml"]),
    ("foo/**\n!foo/keep.yaml\n", ["cx/a.yaml", "cx/j/b.yaml", "foo/keep.yaml"]),
    ("**/j/**\n!cx/j/b.yaml\n", ["cx/a.yaml", "cx/j/b.yaml", "foo/keep.yaml", "foo/x.yaml"]),
    ("/foo\n", ["cx/a.yaml", "cx/j/b.yaml"]),
    ("*.yaml\n!cx/\n", []),
    ("cx/**/\n", ["cx/a.yaml", "foo/keep.yaml", "foo/x.yaml"]),
])
def test_gitignore_idioms_leave_out_what_git_does(ignore: str, kept: list[str],
                                                   tmp_path: Path) -> None:
    """Each case checked against `git ls-files -co --exclude-standard`."""
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    for name in ("cx/a.yaml", "cx/j/b.yaml", "foo/keep.yaml", "foo/x.yaml"):
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(f"personas: [{{id: p{len(name)}{name[0]}}}]\n",
                                 encoding="utf-8")
    (repo / ".gitignore").write_text(ignore, encoding="utf-8")
    found = cxmodel.load(repo).files
    assert sorted(Path(f.path).relative_to(repo).as_posix() for f in found) == kept


def test_a_folder_named_is_read_even_where_git_ignores_it(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    shutil.move(repo / "cx", repo / "build")
    (repo / ".gitignore").write_text("build/\n", encoding="utf-8")
    assert len(cxmodel.load(repo / "build").files) == _model_files(repo / "build")


def test_a_link_to_a_hidden_ignored_or_tool_file_inside_is_refused(tmp_path: Path) -> None:
    """With the repository root named, .env, .git/config and node_modules are inside it;
    the walk leaves them out, so a link must not bring them in."""
    repo = _repository(tmp_path)
    (repo / ".env").write_text(f"GH_TOKEN={SECRET}\n", encoding="utf-8")
    (repo / ".git" / "config").write_text(f"[remote]\n url = {SECRET}\n", encoding="utf-8")
    (repo / "node_modules" / "p").mkdir(parents=True)
    (repo / "node_modules" / "p" / "x.yaml").write_text(f"password: {SECRET}\n",
                                                       encoding="utf-8")
    (repo / "generated").mkdir()
    (repo / "generated" / "y.yaml").write_text(f"token: {SECRET}\n", encoding="utf-8")
    (repo / ".gitignore").write_text("generated/\n", encoding="utf-8")
    for name, target in (("env.yaml", "../.env"), ("cfg.yaml", "../.git/config"),
                         ("nm.yaml", "../node_modules/p/x.yaml"),
                         ("gen.yaml", "../generated/y.yaml")):
        (repo / "cx" / name).symlink_to(target)
    result = cxmodel.load(repo)
    refused = sorted(Path(d.span.file).name for d in result.diagnostics
                     if d.message == OUTSIDE_MESSAGE)
    assert refused == ["cfg.yaml", "env.yaml", "gen.yaml", "nm.yaml"]
    assert all(SECRET not in (f.text or "") for f in result.files)


def test_the_site_is_out_of_date_once_a_link_leading_out_is_added(
        linked: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (linked / "notes.yaml").unlink()
    (linked / "more").unlink()
    out = tmp_path / "site"
    assert main(["site", str(linked), "-o", str(out), "--fail-on", "never", "--quiet"]) == 0
    (linked / "notes.yaml").symlink_to("../secret.txt")
    assert main(["site", str(linked), "-o", str(out), "--fail-on", "never"]) == 1
    assert "up to date" not in capsys.readouterr().err


# --- Found by a second review (issue #14) ---------------------------------------------------

def test_the_configuration_may_not_link_to_what_the_walk_leaves_out(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo = _repository(tmp_path)
    (repo / ".env").write_text(f"AWS_SECRET_ACCESS_KEY={SECRET}\n", encoding="utf-8")
    (repo / ".cxmodel.yaml").symlink_to(".env")
    assert main(["check", str(repo), "--format", "json"]) == 2
    out, err = capsys.readouterr()
    assert SECRET not in out + err
    assert "link to a file outside the workspace, or to one it leaves out" in out


def test_wildcards_across_segments_cannot_hang_the_walk(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    deep = repo / "cx"
    for _ in range(5):
        deep = deep / ("a" * 30)
    deep.mkdir(parents=True)
    (deep / ("a" * 30 + ".yaml")).write_text("personas: [{id: deep}]\n", encoding="utf-8")
    (repo / "cx" / ".gitignore").write_text("/".join(["*a*a"] * 8) + "b\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "cxmodel", "check", "--format", "json",
                           str(repo / "cx")], capture_output=True, text=True, timeout=60)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["summary"]["files"] == _model_files(repo / "cx")


def test_a_link_is_refused_where_an_ignore_file_is_not_used_whole(tmp_path: Path) -> None:
    """A pattern too costly to match is not used, so the walk may read a file git ignores;
    a link must not lead to one: links are refused there."""
    repo = _repository(tmp_path)
    (repo / ".gitignore").write_text("*secret*key*.yaml\n", encoding="utf-8")
    (repo / "my-secret-api-key.yaml").write_text(f"token: {SECRET}\n", encoding="utf-8")
    (repo / "cx" / "sk.yaml").symlink_to("../my-secret-api-key.yaml")
    result = cxmodel.load(repo / "cx")
    assert [Path(d.span.file).name for d in result.diagnostics] == ["sk.yaml"]
    assert all(SECRET not in (f.text or "") for f in result.files)


def test_links_inside_a_named_folder_git_ignores_are_followed(tmp_path: Path) -> None:
    repo = _repository(tmp_path)
    (repo / ".gitignore").write_text("build/\n", encoding="utf-8")
    shutil.move(repo / "cx", repo / "build")
    model = repo / "build"
    (model / "shared").mkdir()
    shutil.move(model / "glos-klienta.yaml", model / "shared" / "glos-klienta.yaml")
    (model / "posts.yaml").symlink_to("shared/glos-klienta.yaml")
    (model / "linked").symlink_to("shared", target_is_directory=True)
    result = cxmodel.load(model)
    assert result.diagnostics == [], [d.message for d in result.diagnostics]


def _model_files(folder: Path) -> int:
    """The model files under ``folder``: its YAML files but the configuration."""
    return sum(1 for path in folder.rglob("*.yaml") if path.name != ".cxmodel.yaml")
