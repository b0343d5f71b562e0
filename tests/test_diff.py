"""``cxmodel diff`` on real edits of the bundled examples: new and fixed findings by
fingerprint, coverage change in percentage points, git revisions, every format."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from cxmodel.cli import main
from cxmodel.compare.revision import RevisionError, _unsafe_reason, export
from tests.conftest import EXAMPLES

SMS_POST = """  - id: sms-survey
    name: SMS survey
    method: survey
    owner: logistics
    metrics: [csat]
    covers: {channels: [sms]}
    closed_loop:  # no inner loop: CX401, the one new finding
      outer: {share_with: [logistics, e-commerce], cadence: monthly}
"""


def _copy(tmp_path: Path, name: str, example: str = "omnichannel-retailer") -> Path:
    target = tmp_path / name
    shutil.copytree(EXAMPLES / example, target)
    return target


def _add_sms_post(workspace: Path) -> None:
    posts = workspace / "listening-posts.yaml"
    posts.write_text(posts.read_text(encoding="utf-8") + SMS_POST, encoding="utf-8")


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["diff", *args])
    return code, capsys.readouterr().out


def _data(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out = _diff(capsys, "--format", "json", *args)
    return code, json.loads(out)


def _by_code(items: list[dict]) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return sorted((item["code"], item["fingerprint"]) for item in items)


def test_adding_a_post_on_sms_fixes_its_gaps_and_raises_coverage(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    old = _copy(tmp_path, "old")
    new = _copy(tmp_path, "new")
    _add_sms_post(new)
    code, data = _data(capsys, str(old), str(new))
    assert code == 0
    assert data["comparable"] is True
    assert _by_code(data["fixed_findings"]) == [
        ("CX101", "CX101:online-order/delivery-slot-sms"),
        ("CX103", "CX103:sms")]
    # The newly measured channel has no target.
    assert _by_code(data["new_findings"]) == [("CX401", "CX401:sms-survey")]
    assert data["waived_findings"] == []
    fixed = {item["code"]: item for item in data["fixed_findings"]}
    assert fixed["CX103"]["file"] == f"{old.as_posix()}/organisation.yaml"
    assert fixed["CX103"]["severity"] == "warning"
    assert data["summary"] == {
        "new": 1, "fixed": 2, "waived": 0, "unchanged": 24,
        "new_by_severity": {"errors": 0, "warnings": 1, "infos": 0},
        "fail_on": "error", "exit_code": 0}
    coverage = data["coverage"]
    assert coverage["workspace"] == {
        "before": {"covered": 13, "total": 14, "percent": 92.9},
        "after": {"covered": 14, "total": 14, "percent": 100.0}, "change": 7.1}
    journeys = {row["id"]: row for row in coverage["journeys"]}
    assert set(journeys) == {"online-order", "return-item", "store-pickup"}
    assert journeys["online-order"]["status"] == "changed"
    assert journeys["online-order"]["before"] == {"covered": 6, "total": 7, "percent": 85.7}
    assert journeys["online-order"]["after"] == {"covered": 7, "total": 7, "percent": 100.0}
    assert journeys["online-order"]["change"] == 14.3
    assert journeys["return-item"]["status"] == "unchanged"
    assert journeys["return-item"]["change"] == 0.0
    channels = {row["id"]: row for row in coverage["channels"]}
    assert channels["sms"]["change"] == 100.0
    assert channels["sms"]["name"] == "SMS"
    assert [row["id"] for row in coverage["channels"] if row["status"] != "unchanged"] == \
        ["sms"]
    # The reverse edit: the fixed findings come back as new, at warning level.
    code, data = _data(capsys, str(new), str(old), "--fail-on", "warning")
    assert code == 1
    assert _by_code(data["new_findings"]) == [
        ("CX101", "CX101:online-order/delivery-slot-sms"),
        ("CX103", "CX103:sms")]
    assert data["coverage"]["workspace"]["change"] == -7.1
    assert data["summary"]["exit_code"] == 1


def test_moving_text_is_no_change(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    old = _copy(tmp_path, "old")
    new = _copy(tmp_path, "new")
    # Move the organisation into another file, below a comment block, and reflow a journey.
    org = (new / "organisation.yaml").read_text(encoding="utf-8")
    (new / "organisation.yaml").unlink()
    (new / "org").mkdir()
    (new / "org" / "all.yaml").write_text("# moved\n\n\n" + org, encoding="utf-8")
    journey = new / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("\n  - id:", "\n\n  - id:"),
                       encoding="utf-8")
    code, data = _data(capsys, str(old), str(new))
    assert code == 0
    assert data["new_findings"] == data["fixed_findings"] == []
    assert data["summary"]["unchanged"] == data["old"]["findings"] == 26
    code, out = _diff(capsys, str(old), str(new))
    assert "(no journey or channel changed)" in out
    assert out.splitlines()[-1] == "0 new findings, 0 fixed, 26 unchanged."


def test_newly_waived_findings_are_listed_with_their_reason(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    old = _copy(tmp_path, "old")
    new = _copy(tmp_path, "new")
    journey = new / "journeys" / "store-pickup.yaml"
    text = journey.read_text(encoding="utf-8")
    journey.write_text(text.replace("  - id: store-pickup\n",
                                    "  - id: store-pickup\n    waive: {CX106: \"Goal | agreed "
                                    "in *Q3*\"}\n", 1), encoding="utf-8")
    code, data = _data(capsys, str(old), str(new))
    assert code == 0
    (waived,) = data["waived_findings"]
    assert waived["fingerprint"] == "CX106:store-pickup"
    assert waived["reason"] == "Goal | agreed in *Q3*"
    assert data["fixed_findings"] == []
    _, md = _diff(capsys, "--format", "md", str(old), str(new))
    assert "#### Newly waived" in md
    assert "Goal \\| agreed in \\*Q3\\*" in md


def test_text_and_markdown_formats(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    old = _copy(tmp_path, "old")
    new = _copy(tmp_path, "new")
    _add_sms_post(new)
    code, out = _diff(capsys, str(old), str(new))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"cxmodel diff: {old.as_posix()} -> {new.as_posix()}"
    assert lines[1] == "New findings (1):"
    assert lines[2].startswith(f"  {new.as_posix()}/listening-posts.yaml:")
    assert "warning CX401 open-inner-loop" in lines[2]
    assert "Fixed findings (2):" in lines
    workspace = next(line for line in lines if line.startswith("  workspace"))
    assert re.search(r"92\.9% \(13/14\) -> 100% \(14/14\)\s+\+7\.1 pp$", workspace)
    assert any(re.search(r"channel 'SMS'\s+0% \(0/1\) -> 100% \(1/1\)\s+\+100 pp$", line)
               for line in lines)
    assert lines[-1] == "1 new finding (1 warning), 2 fixed, 24 unchanged."
    _, md = _diff(capsys, "--format", "md", str(old), str(new))
    md_lines = md.splitlines()
    assert md_lines[0] == "<!-- cxmodel-diff -->"
    assert "**1 new finding (1 warning), 2 fixed, 24 unchanged.**" in md_lines
    assert "#### New findings" in md_lines and "#### Fixed findings" in md_lines
    rows = [line for line in md_lines if line.startswith("| ")]
    assert "| **Workspace** | 92.9% (13/14) | 100% (14/14) | +7.1 pp |" in rows
    assert "| Channel: SMS | 0% (0/1) | 100% (1/1) | +100 pp |" in rows
    assert "| Journey: Order a sofa online and get it delivered | 85.7% (6/7) | 100% (7/7) | " \
           "+14.3 pp |" in rows
    # Every table row has the same number of cells as its header: nothing broke a table.
    for line in rows:
        assert len(re.findall(r"(?<!\\)\|", line)) in (5, 6)


def test_markdown_escapes_hostile_names(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    old = tmp_path / "old"
    new = tmp_path / "new"
    base = ("departments: [{id: d}]\n"
            "channels: [{id: web, name: \"Web | <script>x</script> *bold* `tick`\", "
            "owner: d}]\n"
            "journeys: [{id: j, name: \"J | [link](http://x) \\n # heading\", goal: g, "
            "owner: d, steps: [{id: s, channel: web}]}]\n")
    old.mkdir()
    new.mkdir()
    (old / "a.yaml").write_text(base, encoding="utf-8")
    (new / "a.yaml").write_text(base + "listening_posts: [{id: p, owner: d, metrics: [m], "
                                "covers: {channels: [web]}}]\nmetrics: [{id: m}]\n",
                                encoding="utf-8")
    _, md = _diff(capsys, "--format", "md", str(old), str(new))
    assert "<script>" not in md
    assert "[link](http://x)" not in md
    assert "\\<script\\>" in md
    assert "\n # heading" not in md
    for line in md.splitlines():
        if line.startswith("| "):
            assert len(re.findall(r"(?<!\\)\|", line)) in (5, 6), line


def test_a_side_that_does_not_load_is_reported(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    good = _copy(tmp_path, "good")
    bad = _copy(tmp_path, "bad")
    journey = bad / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("channel: store",
                                                                   "channel: shop", 1),
                       encoding="utf-8")
    code, data = _data(capsys, str(good), str(bad))
    assert code == 1
    assert data["comparable"] is False
    assert data["new"]["loads"] is False
    assert [e["code"] for e in data["new"]["errors"]] == ["CX005"]
    assert data["new_findings"] == []
    assert data["coverage"]["journeys"] == []
    code, out = _diff(capsys, str(good), str(bad))
    assert code == 1
    assert f"The new workspace ({bad.as_posix()}) does not load (1 error); nothing can be " \
           "compared until it does:" in out
    assert "CX005 unknown-reference: Unknown channel 'shop'" in out
    assert main(["diff", "--fail-on", "never", str(good), str(bad)]) == 0
    capsys.readouterr()
    # The old side broken: every finding of the new side is new.
    code, data = _data(capsys, str(bad), str(good))
    assert data["old"]["loads"] is False
    assert len(data["new_findings"]) == data["new"]["findings"] == 26
    assert code == 1  # the example holds an error-level gap
    _, md = _diff(capsys, "--format", "md", str(bad), str(good))
    assert "**The old workspace does not load** (1 error); every finding of the new " \
           "workspace is listed as new." in md


def test_bad_arguments_are_exit_2(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    one = _copy(tmp_path, "one")
    assert main(["diff", str(one)]) == 2
    assert "diff needs two workspaces" in capsys.readouterr().err
    assert main(["diff", str(one), str(tmp_path / "missing")]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main(["diff", "--format", "html", str(one), str(one)])
    assert exit_info.value.code == 2


# --- against a git revision ------------------------------------------------------------------

def _git(repository: Path, *args: str, stdin: str | None = None) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(["git", "-C", str(repository), *args], capture_output=True,
                          text=True, check=True, env=env, timeout=60, input=stdin)
    return done.stdout


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding the retailer in cx/ (committed), the current folder."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q", "-b", "main")
    shutil.copytree(EXAMPLES / "omnichannel-retailer", root / "cx")
    (root / "README.md").write_text("not a workspace file\n", encoding="utf-8")
    _git(root, "add", ".")
    _git(root, "commit", "-q", "-m", "the retailer")
    monkeypatch.chdir(root)
    return root


def test_base_compares_the_working_tree_with_a_revision_without_touching_it(repository,  # type: ignore[no-untyped-def]
                                                                            capsys) -> None:
    _add_sms_post(repository / "cx")
    (repository / "cx" / "journeys" / "store-pickup.yaml").rename(
        repository / "cx" / "journeys" / "renamed.yaml")  # moved: not a change of findings
    _git(repository, "add", "cx/journeys")  # some staged, some not
    status = _git(repository, "status", "--porcelain")
    index = (repository / ".git" / "index").read_bytes()
    code, data = _data(capsys, "--base", "main", "cx")
    assert code == 0
    assert data["old"]["label"] == "main"
    assert data["new"]["label"] == "working tree"
    assert _by_code(data["fixed_findings"]) == [
        ("CX101", "CX101:online-order/delivery-slot-sms"),
        ("CX103", "CX103:sms")]
    # Files of the old side are named by their place in the working tree.
    assert {item["file"] for item in data["fixed_findings"]} == {
        "cx/organisation.yaml", "cx/journeys/online-order.yaml"}
    assert data["coverage"]["workspace"]["change"] == 7.1
    # Nothing in the working tree or the index changed.
    assert _git(repository, "status", "--porcelain") == status
    assert (repository / ".git" / "index").read_bytes() == index
    # The default path is the current folder; HEAD~0 is the same commit.
    code, data = _data(capsys, "--base", "HEAD~0")
    assert _by_code(data["fixed_findings"]) == [
        ("CX101", "CX101:online-order/delivery-slot-sms"),
        ("CX103", "CX103:sms")]


def test_base_reads_the_revision_not_the_current_commit(repository, capsys) -> None:  # type: ignore[no-untyped-def]
    _add_sms_post(repository / "cx")
    _git(repository, "commit", "-q", "-am", "cover the SMS")
    code, data = _data(capsys, "--base", "HEAD~1", "cx")
    assert code == 0
    assert data["summary"]["fixed"] == 2
    code, data = _data(capsys, "--base", "HEAD", "cx")
    assert data["summary"]["fixed"] == data["summary"]["new"] == 0


def test_base_with_a_path_absent_at_the_revision_compares_with_nothing(repository,  # type: ignore[no-untyped-def]
                                                                       capsys) -> None:
    shutil.copytree(repository / "cx", repository / "cx2")
    code, data = _data(capsys, "--base", "main", "cx2")
    assert data["old"]["note"] == "cx2: no YAML files at main, compared as an empty workspace"
    assert data["old"]["files"] == 0
    assert data["summary"]["new"] == 26
    assert data["coverage"]["workspace"]["before"] == {"covered": 0, "total": 0,
                                                       "percent": None}
    assert data["coverage"]["workspace"]["change"] is None
    assert {row["status"] for row in data["coverage"]["journeys"]} == {"added"}
    assert code == 1


def test_base_errors_are_exit_2(repository, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["diff", "--base", "no-such-branch", "cx"]) == 2
    assert "'no-such-branch' is not a commit of the repository" in capsys.readouterr().err
    assert main(["diff", "--base=--output=x", "cx"]) == 2  # never taken as a git option
    assert "'--output=x' is not a git revision" in capsys.readouterr().err
    assert main(["diff", "--base", "main", "nowhere"]) == 2
    assert "nowhere: no such file or folder" in capsys.readouterr().err
    outside = tmp_path / "outside"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", outside)
    assert main(["diff", "--base", "main", str(outside)]) == 2
    assert "is not inside a git repository" in capsys.readouterr().err


# --- a revision made by hand: paths git would never check out -----------------------------

def _tree(repository: Path, *entries: tuple[str, str, str]) -> str:
    """A tree made with git plumbing, which takes names git would never commit: (kind
    "tree" or "blob", object id, name) entries."""
    modes = {"tree": "040000", "blob": "100644"}
    listing = "".join(f"{modes[kind]} {kind} {oid}\t{name}\0" for kind, oid, name in entries)
    return _git(repository, "mktree", "-z", stdin=listing).strip()


def _blob(repository: Path, text: str) -> str:
    return _git(repository, "hash-object", "-w", "--stdin", stdin=text).strip()


def _crafted_branch(repository: Path, *cx_entries: tuple[str, str]) -> None:
    """The branch 'crafted': the committed cx/ with these trees (id, name) added."""
    listing = _git(repository, "ls-tree", "-z", "HEAD:cx")
    cx = _git(repository, "mktree", "-z", stdin=listing + "".join(
        f"040000 tree {oid}\t{name}\0" for oid, name in cx_entries)).strip()
    commit = _git(repository, "commit-tree", _tree(repository, ("tree", cx, "cx")), "-m",
                  "crafted", "-p", "HEAD").strip()
    _git(repository, "branch", "crafted", commit)


def _escaping_tree(repository: Path, outside: Path) -> tuple[str, str]:
    """A tree whose one file, read below a folder, lands in ``outside``: '..' forty
    times (more than the scratch folder is deep), then outside's absolute path."""
    tree = _tree(repository, ("blob", _blob(repository, PWNED), "ESCAPED.yaml"))
    for part in reversed(outside.parts[1:]):
        tree = _tree(repository, ("tree", tree, part))
    for _ in range(39):
        tree = _tree(repository, ("tree", tree, ".."))
    return tree, "cx/" + "../" * 40 + "/".join(outside.parts[1:]) + "/ESCAPED.yaml"


PWNED = "departments: [{id: pwned, name: Pwned}]\n"


@pytest.fixture
def scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where diff makes its scratch folder (so that a test sees everything it writes)."""
    folder = tmp_path / "scratch"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


@pytest.mark.skipif(os.name != "posix", reason="builds an absolute POSIX path into a tree")
def test_base_never_writes_outside_its_scratch_folder(repository, scratch, tmp_path,  # type: ignore[no-untyped-def]
                                                      capsys) -> None:
    outside = tmp_path / "outside"
    tree, name = _escaping_tree(repository, outside)
    _crafted_branch(repository, (tree, ".."))
    assert main(["diff", "--base", "crafted", "cx"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"cxmodel: error: --base crafted: the revision holds the path {name!r}, which has a "
        "'..' part: git itself would not check it out, and cxmodel does not write it; "
        "nothing is compared\n")
    assert not outside.exists()
    assert list(scratch.iterdir()) == []  # the scratch folder is gone too
    assert not (tmp_path / "ESCAPED.yaml").exists()


def test_base_refuses_paths_that_alias_another_file(repository, capsys) -> None:  # type: ignore[no-untyped-def]
    """cx/./organisation.yaml would silently replace cx/organisation.yaml."""
    organisation = _tree(repository, ("blob", _blob(repository, PWNED), "organisation.yaml"))
    _crafted_branch(repository, (organisation, "."))
    assert main(["diff", "--base", "crafted", "cx"]) == 2
    assert capsys.readouterr().err == (
        "cxmodel: error: --base crafted: the revision holds the path "
        "'cx/./organisation.yaml', which has a '.' part: git itself would not check it out, "
        "and cxmodel does not write it; nothing is compared\n")


@pytest.mark.parametrize(("name", "reason"), [
    ("cx/ok.yaml", None),
    ("cx/a b/ü.yaml", None),
    ("cx//a.yaml", "which has an empty part"),  # git ls-tree refuses these two itself
    ("/etc/a.yaml", "which is absolute"),
    ("cx/../a.yaml", "which has a '..' part"),
    ("./a.yaml", "which has a '.' part"),
])
def test_which_tree_paths_are_written(name, reason) -> None:  # type: ignore[no-untyped-def]
    assert _unsafe_reason(name) == reason


def test_base_refuses_a_tree_that_lists_a_file_twice(repository, capsys) -> None:  # type: ignore[no-untyped-def]
    journeys = _git(repository, "ls-tree", "-z", "HEAD:cx/journeys")
    twice = journeys + f"100644 blob {_blob(repository, PWNED)}\tonline-order.yaml\0"
    _crafted_branch(repository, (_git(repository, "mktree", "-z", stdin=twice).strip(),
                                 "more"))
    assert main(["diff", "--base", "crafted", "cx"]) == 2
    assert capsys.readouterr().err == (
        "cxmodel: error: --base crafted: the revision's tree lists the path "
        "'cx/more/online-order.yaml' twice (only a hand-made commit does), so which file it "
        "is is unclear; nothing is compared\n")


def test_base_with_a_name_too_long_for_the_file_system_is_exit_2(repository, capsys) -> None:  # type: ignore[no-untyped-def]
    inner = _tree(repository, ("blob", _blob(repository, PWNED), "x.yaml"))
    _crafted_branch(repository, (inner, "f" * 300))
    assert main(["diff", "--base", "crafted", "cx"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cxmodel: error: --base crafted: cannot write 'cx/{'f' * 300}/x.yaml'"
                          " of the revision into the scratch folder: File name too long")
    assert "Traceback" not in err


def test_export_never_writes_through_a_symlink_in_the_scratch_folder(repository,  # type: ignore[no-untyped-def]
                                                                      tmp_path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    target = tmp_path / "target"
    target.mkdir()
    (target / "cx").symlink_to(outside, target_is_directory=True)
    with pytest.raises(RevisionError) as failure:
        export("main", ["cx"], target)
    assert str(failure.value).startswith("cannot write 'cx/")
    assert str(failure.value).endswith("of the revision: 'cx' is not a folder")
    assert list(outside.iterdir()) == []


def test_base_with_nested_paths_reads_each_file_once(repository, capsys) -> None:  # type: ignore[no-untyped-def]
    _add_sms_post(repository / "cx")
    code, data = _data(capsys, "--base", "main", "cx", "cx/journeys")
    assert code == 0
    assert data["summary"]["fixed"] == 2


def test_diff_runs_from_the_installed_command(repository) -> None:  # type: ignore[no-untyped-def]
    _add_sms_post(repository / "cx")
    done = subprocess.run(["cxmodel", "diff", "--base", "main", "cx", "--format", "md",
                           "-o", "diff.md"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (repository / "diff.md").read_text(encoding="utf-8").startswith(
        "<!-- cxmodel-diff -->\n")


def test_results_added_and_corrected_and_a_target_that_moved(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    """Issue #20: diff shows the results a change records, the values it corrects, and
    the targets whose standing that moves."""
    old = _copy(tmp_path, "old")
    new = _copy(tmp_path, "new")
    results = new / "results.yaml"
    text = results.read_text(encoding="utf-8")
    text = text.replace("results:\n", "results:\n  - {metric: csat, period: 2026-12, value: 4.4, "
                        "responses: 298, channel: web-chat, listening_post: post-chat-survey}\n", 1)
    results.write_text(text.replace("value: 4.0, responses: 18, channel: store",
                                    "value: 4.1, responses: 18, channel: store"),
                       encoding="utf-8")
    code, data = _data(capsys, str(old), str(new))
    assert code == 0
    assert data["format_version"] == 2
    assert data["results"]["added"] == [{
        "metric": "csat", "period": "2026-12",
        "subject": {"kind": "channel", "id": "web-chat", "name": "Web chat"},
        "listening_post": "post-chat-survey", "value": 4.4, "responses": 298,
        "text": "2026-12: 'Customer satisfaction (CSAT)' of channel 'Web chat': 4.4 "
                "(298 responses)"}]
    [changed] = data["results"]["changed"]
    assert (changed["subject"]["id"], changed["before"], changed["value"]) == (
        "store", {"value": 4.0, "responses": 18}, 4.1)
    assert data["results"]["targets"] == [{
        "kind": "channel", "id": "web-chat", "metric": "csat", "before": "missed",
        "after": "met", "text": "'Customer satisfaction (CSAT)' of channel 'Web chat': "
                                "missed → met (4.1 → 4.4)"}]
    assert _by_code(data["fixed_findings"]) == [("CX802", "CX802:channel:web-chat:csat")]
    code, out = _diff(capsys, str(old), str(new))
    lines = out.splitlines()
    at = lines.index("Targets whose standing changed (1):")
    assert lines[at:at + 6] == [
        "Targets whose standing changed (1):",
        "  'Customer satisfaction (CSAT)' of channel 'Web chat': missed → met (4.1 → 4.4)",
        "Results added (1):",
        "  2026-12: 'Customer satisfaction (CSAT)' of channel 'Web chat': 4.4 (298 responses)",
        "Results corrected (1):",
        "  2026-11: 'Customer satisfaction (CSAT)' of channel 'Stores': 4 → 4.1"]
    code, out = _diff(capsys, "--format", "md", str(old), str(new))
    assert "#### Results added (1)\n\n- 2026-12: 'Customer satisfaction (CSAT)' of channel " \
           "'Web chat': 4.4 (298 responses)\n" in out
    # Nothing recorded on either side: nothing said.
    code, out = _diff(capsys, str(old), str(old))
    assert "Results" not in out and "Targets whose" not in out


def test_a_listening_posts_target_that_moves_is_listed(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A relationship study's own target (#20) whose standing changes between two versions
    is listed like a channel's (the diff failed on it before)."""
    model = ("departments: [{{id: cx}}]\n"
             "metrics: [{{id: nps, kind: experience, scope: relationship, "
             "scale: {{min: -100, max: 100}}}}]\n"
             "listening_posts:\n"
             "  - {{id: study, name: Study, owner: cx, metrics: [nps], "
             "covers: {{relationship: true}}, targets: [{{metric: nps, min: 18}}]}}\n"
             "results: [{{metric: nps, period: 2026, value: {value}, responses: 1500, "
             "post: study}}]\n")
    for folder, value in (("old", 14), ("new", 21)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "m.yaml").write_text(model.format(value=value), encoding="utf-8")
    main(["diff", str(tmp_path / "old"), str(tmp_path / "new")])
    out = capsys.readouterr().out
    assert "'nps' of listening post 'Study': missed → met (14 → 21)" in out
