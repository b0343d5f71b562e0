"""Editor set-up (modeline, VS Code yaml.schemas, the schema file) and the pre-commit hook
manifest, as a user follows the README."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from cxmodel.cli import main
from cxmodel.resources import LANGUAGE_SCHEMA, read_text
from tests.conftest import EXAMPLES, ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_shows_the_modeline_and_the_vs_code_setting() -> None:
    assert "# yaml-language-server: $schema=cxmodel.schema.json" in README
    assert "cxmodel schema -o cxmodel.schema.json" in README
    blocks = re.findall(r"```json\n(.*?)```", README, flags=re.S)
    settings = [json.loads(b) for b in blocks if "yaml.schemas" in b]
    assert settings, "the README shows .vscode/settings.json with yaml.schemas"
    schemas = settings[0]["yaml.schemas"]
    assert list(schemas) == ["./cxmodel.schema.json"]
    assert all(glob.endswith(".yaml") for glob in schemas["./cxmodel.schema.json"])


def test_schema_file_is_the_language_schema_and_accepts_the_starter(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    import jsonschema

    target = tmp_path / "cxmodel.schema.json"
    assert main(["schema", "-o", str(target)]) == 0
    assert capsys.readouterr().out == ""
    assert target.read_text(encoding="utf-8") == read_text("specs", LANGUAGE_SCHEMA)
    schema = json.loads(target.read_text(encoding="utf-8"))
    jsonschema.Draft7Validator.check_schema(schema)
    assert main(["init", str(tmp_path / "ws")]) == 0
    for path in (tmp_path / "ws").rglob("*.yaml"):
        jsonschema.Draft7Validator(schema).validate(yaml.safe_load(path.read_text("utf-8")))
    bad = yaml.safe_load("journeys: [{id: j, stepz: []}]")
    assert list(jsonschema.Draft7Validator(schema).iter_errors(bad))


HOOKS = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


def test_pre_commit_manifest_declares_the_check_hook() -> None:
    (hook,) = HOOKS
    assert hook["id"] == "cxmodel-check"
    assert hook["language"] == "python"
    assert hook["entry"] == "cxmodel check"
    # The rules read across files: the hook checks the workspace, not the changed files.
    assert hook["pass_filenames"] is False
    assert hook["args"] == ["."]
    files = re.compile(hook["files"])
    assert files.search("cx/journeys/order.yaml") and files.search("org.yml")
    assert not files.search("README.md") and not files.search("cxmodel.schema.json")


def test_pre_commit_manifest_is_valid_for_pre_commit() -> None:
    clientlib = pytest.importorskip("pre_commit.clientlib")
    clientlib.load_manifest(ROOT / ".pre-commit-hooks.yaml")


def test_the_hooks_command_line_works_as_pre_commit_runs_it(tmp_path: Path) -> None:
    (hook,) = HOOKS
    workspace = tmp_path / "repo"
    shutil.copytree(EXAMPLES / "bank-account-opening", workspace)
    command = [*hook["entry"].split(), *hook["args"]]
    done = subprocess.run(command, cwd=workspace, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1  # the example holds an error-level gap on purpose
    # in the workspace's language (its .cxmodel.yaml says language: pl)
    assert "znaleziono: 1 błąd" in done.stdout
    done = subprocess.run([*command, "--fail-on", "never"], cwd=workspace,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0
