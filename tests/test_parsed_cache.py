"""The parsed-file cache of site and serve: only edited files are parsed again, the result
is the same as without it, and only private entries are ever unpickled."""

from __future__ import annotations

import builtins
import os
import pickle
import shutil
from pathlib import Path

import pytest

import cxmodel
import cxmodel.api
from cxmodel.cli import main
from cxmodel.loader import Source
from cxmodel.loader.limits import Limits
from cxmodel.parsed_cache import ParsedCache
from tests.conftest import EXAMPLES


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def test_a_site_rebuild_parses_only_the_edited_file(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "cache"))
    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", workspace)
    parsed: list[str] = []
    real = cxmodel.api.parse_source
    monkeypatch.setattr(cxmodel.api, "parse_source",
                        lambda source, limits: parsed.append(source.name) or real(source,
                                                                                  limits))
    site = tmp_path / "site"
    main(["site", str(workspace), "-o", str(site), "--quiet"])
    assert len(parsed) == len([p for p in workspace.rglob("*.yaml") if p.name != ".cxmodel.yaml"])
    journey = workspace / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace(
        "name: Click and collect in a store", "name: Reserve and collect", 1), encoding="utf-8")
    parsed.clear()
    main(["site", str(workspace), "-o", str(site), "--quiet"])
    assert [Path(name).name for name in parsed] == ["store-pickup.yaml"]
    # The same site as one built from scratch, with nothing cached.
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "empty-cache"))
    cold = tmp_path / "cold"
    main(["site", str(workspace), "-o", str(cold), "--quiet"])
    assert _files(site) == _files(cold)
    assert "Reserve and collect" in (cold / "index.html").read_text(encoding="utf-8")


class _Planted:
    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, ("import builtins; builtins.cxmodel_planted = True",))


def test_entries_are_unpickled_only_from_private_files(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    cache = ParsedCache(Limits(), tmp_path)
    source = Source("a.yaml", b"personas: [{id: p}]\n")
    cache.put(source, "an entry")
    (stored,) = (tmp_path / "parsed").iterdir()
    assert stored.stat().st_mode & 0o777 == 0o600
    assert cache.get(source) == "an entry"
    try:
        for folder_mode, file_mode, runs in ((0o700, 0o666, False), (0o777, 0o600, False),
                                             (0o700, 0o600, True)):
            stored.write_bytes(pickle.dumps(_Planted()))
            stored.chmod(file_mode)
            stored.parent.chmod(folder_mode)
            monkeypatch.delattr(builtins, "cxmodel_planted", raising=False)
            cache.get(source)
            assert getattr(builtins, "cxmodel_planted", False) is runs, (folder_mode, file_mode)
    finally:
        stored.parent.chmod(0o700)
        monkeypatch.delattr(builtins, "cxmodel_planted", raising=False)


def test_a_damaged_or_old_entry_is_parsed_again(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "cache"))
    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", workspace)
    first = cxmodel.load(workspace, cache=True)
    entries = list((tmp_path / "cache" / "parsed").iterdir())
    assert entries
    for entry in entries:
        entry.write_bytes(b"not a pickle")
    again = cxmodel.load(workspace, cache=True)
    assert again.diagnostics == first.diagnostics
    assert [f.root for f in again.files] == [f.root for f in first.files]
    old = entries[0]
    os.utime(old, (0, 0))
    cxmodel.load(workspace, cache=True)  # stored anew, so kept
    assert old.exists() and old.stat().st_mtime > 0
    os.utime(old, (0, 0))
    ParsedCache(Limits(), tmp_path / "cache").prune()
    assert not old.exists()
