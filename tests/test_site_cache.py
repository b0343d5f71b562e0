"""The site's diagram cache (#17): in the user's cache folder, shared by every site the user
builds and by ``serve`` from one start to the next, read only from private entries, never
in the site folder (an earlier version's cache there is removed, never through a link)."""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxmodel.cli import main
from cxmodel.site.diagrams import CACHED, MAX_AGE
from cxmodel.site.manifest import MANIFEST, read_manifest
from tests.conftest import EXAMPLES, start_serve

BANK = str(EXAMPLES / "bank-account-opening")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX owners and modes")


@pytest.fixture(autouse=True)
def cache(tmp_path: Path) -> Iterator[Path]:
    """The diagram cache, in a user cache folder of this test's own (not the test's
    ``monkeypatch``: tests undo theirs)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "user-cache"))
        yield tmp_path / "user-cache" / "diagrams"


@pytest.fixture
def drawings(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The first line of the DOT text of every diagram Graphviz draws from now on."""
    from cxmodel.diagrams import engine

    drawn: list[str] = []
    real = engine.render

    def counting(dot: str, fmt: str, layout: str = "dot", picture: Any = None) -> bytes:
        drawn.append(dot.split("\n", 1)[0])
        return real(dot, fmt, layout, picture)

    monkeypatch.setattr(engine, "render", counting)
    return drawn


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*")
            if p.is_file()}


def _pages(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in _files(folder).items() if name.endswith(".html")}


def _poison(entry: Path) -> None:
    text = entry.read_text(encoding="utf-8")
    if "onload" not in text:
        entry.write_text(text.replace("<svg ", '<svg onload="x()" ', 1), encoding="utf-8")


def test_a_second_build_draws_nothing_and_the_site_folder_holds_no_cache(
        tmp_path: Path, cache: Path, drawings: list[str]) -> None:
    site = tmp_path / "site"
    main(["site", BANK, "-o", str(site), "--quiet"])
    assert drawings
    entries = sorted(cache.iterdir())
    assert len(entries) == len(drawings)
    assert all(CACHED.fullmatch(entry.name) for entry in entries)
    if os.name == "posix":
        assert cache.stat().st_mode & 0o777 == 0o700
        assert {entry.stat().st_mode & 0o777 for entry in entries} == {0o600}
    # The site folder holds what is published and the manifest, nothing else.
    manifest = read_manifest(site)
    assert manifest is not None
    assert set(_files(site)) == {*manifest.files, MANIFEST}
    assert not (site / ".cxmodel-cache").exists()
    # Every page rendered again (another title), and another site of the same model (as
    # serve's temporary folder is at each start): nothing drawn, the same diagrams.
    drawings.clear()
    main(["site", BANK, "-o", str(site), "--quiet", "--title", "Other"])
    other = tmp_path / "other"
    main(["site", BANK, "-o", str(other), "--quiet"])
    assert drawings == []
    assert b"<svg" in _files(site)["maps.html"] and b"Other" in _files(site)["maps.html"]
    assert not (site / ".cxmodel-cache").exists() and not (other / ".cxmodel-cache").exists()
    with pytest.MonkeyPatch.context() as patch:  # the same site, drawn with no cache at all
        patch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "empty-cache"))
        cold = tmp_path / "cold"
        main(["site", BANK, "-o", str(cold), "--quiet"])
    assert _files(other) == _files(cold)


def test_serve_draws_from_the_cache_after_a_restart(drawings: list[str]) -> None:
    running = start_serve(BANK, "--port", "0")
    running.stop()
    assert drawings
    drawings.clear()
    running = start_serve(BANK, "--port", "0")
    try:
        assert drawings == []
        assert "<svg" in (running.site.folder / "maps.html").read_text(encoding="utf-8")
    finally:
        running.stop()


def test_with_no_cache_folder_everything_is_drawn_and_nothing_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, drawings: list[str]) -> None:
    from cxmodel import code_cache

    # (The other caches have their own look-up of the folder, unchanged here.)
    monkeypatch.setattr(code_cache, "cache_dir", lambda: None)
    for site in (tmp_path / "site", tmp_path / "again"):
        drawings.clear()
        assert main(["site", BANK, "-o", str(site), "--quiet"]) == 1  # the example's findings
        assert drawings and b"<svg" in _files(site)["maps.html"]
    assert not (tmp_path / "user-cache" / "diagrams").exists()
    assert not any(".cxmodel-cache" in name for name in _files(tmp_path))


def test_entries_not_used_for_14_days_are_removed(
        tmp_path: Path, cache: Path, drawings: list[str]) -> None:
    ws = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws)
    main(["site", str(ws), "-o", str(tmp_path / "site"), "--quiet"])
    used = sorted(cache.iterdir())
    old = time.time() - MAX_AGE - 3600
    for entry in used:
        os.utime(entry, (old, old))
    unused = cache / ("0" * 32 + ".svg")  # another site's, not used for 14 days
    unused.write_text("<svg/>", encoding="utf-8")
    unused.chmod(0o600)
    os.utime(unused, (old, old))
    recent = cache / ("1" * 32 + ".svg")  # another site's, used yesterday
    recent.write_text("<svg/>", encoding="utf-8")
    recent.chmod(0o600)
    os.utime(recent, (time.time() - 24 * 3600,) * 2)
    foreign = cache / "notes.txt"  # not a name of the cache's
    foreign.write_text("mine", encoding="utf-8")
    os.utime(foreign, (old, old))
    # A build of another site that adds one diagram (an edit of the organisation changes
    # the ownership map) and uses the others: those are kept another 14 days.
    organisation = next(p for p in ws.rglob("*.yaml")
                        if "departments:" in p.read_text(encoding="utf-8"))
    with organisation.open("a", encoding="utf-8") as stream:
        stream.write("# edited\n")
    drawings.clear()
    main(["site", str(ws), "-o", str(tmp_path / "other"), "--quiet"])
    assert drawings
    assert not unused.exists()
    assert recent.exists() and foreign.exists()
    still = [entry for entry in used if entry.exists()]
    assert still and all(entry.stat().st_mtime > old + 3600 for entry in still)


@POSIX
@pytest.mark.parametrize("planted", ["entry writable by others", "folder writable by others",
                                     "not the user's"])
def test_a_planted_diagram_cache_is_never_pasted_into_pages(
        tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch, planted: str) -> None:
    """Cached SVG goes into pages as it is: an entry is read only if it and its folder are
    the user's and nobody else can write to them (code_cache.trusted), as the compiled
    validator and templates are. Else the diagram is drawn again."""
    probe = tmp_path / "probe"
    main(["site", BANK, "-o", str(probe), "--quiet"])
    expected = _pages(probe)
    entries = sorted(cache.iterdir())
    real_uid = os.getuid()
    try:
        for entry in entries:
            _poison(entry)
            entry.chmod(0o666 if planted == "entry writable by others" else 0o600)
        if planted == "folder writable by others":
            cache.chmod(0o777)
        if planted == "not the user's":
            monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)
        site = tmp_path / "site"
        main(["site", BANK, "-o", str(site), "--quiet"])
        assert _pages(site) == expected
    finally:
        cache.chmod(0o700)
    monkeypatch.undo()
    # The same entries, private and the user's, are the user's own cache: read as they are
    # (which shows that the builds above did look them up).
    for entry in entries:
        _poison(entry)
        entry.chmod(0o600)
    trusting = tmp_path / "trusting"
    main(["site", BANK, "-o", str(trusting), "--quiet"])
    assert any(b"onload" in data for data in _pages(trusting).values())


def test_an_earlier_versions_cache_in_the_site_folder_is_removed_never_read(
        tmp_path: Path, cache: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Earlier versions kept the cache in the site folder, and read it after a complete
    build: entries of the user's, private, in a folder with a complete manifest. Now it is
    never read, and the next build removes it (its entries and then its empty folders),
    even if the site is otherwise up to date."""
    site = tmp_path / "site"
    # (The language given: without it, a site of a workspace that names its own language is
    # never up to date, a separate matter.)
    main(["site", BANK, "-o", str(site), "--quiet", "--lang", "en"])
    expected = _files(site)
    old = site / ".cxmodel-cache" / "diagrams"
    old.mkdir(parents=True, mode=0o700)
    (site / ".cxmodel-cache").chmod(0o700)
    for entry in cache.iterdir():
        shutil.copy(entry, old / entry.name)
        _poison(old / entry.name)
        (old / entry.name).chmod(0o600)
    capsys.readouterr()
    assert main(["site", BANK, "-o", str(site), "--lang", "en"]) == 1
    assert "up to date" not in capsys.readouterr().err  # built, if only to remove it
    assert _files(site) == expected
    assert not (site / ".cxmodel-cache").exists()
    # A folder holding nothing but such a cache (an earlier version's first build,
    # interrupted) is taken for empty, and left holding only the site.
    fresh = tmp_path / "fresh"
    (fresh / ".cxmodel-cache" / "diagrams").mkdir(parents=True)
    for entry in cache.iterdir():
        shutil.copy(entry, fresh / ".cxmodel-cache" / "diagrams" / entry.name)
    assert main(["site", BANK, "-o", str(fresh), "--quiet", "--lang", "en"]) == 1
    assert _files(fresh) == expected


def test_only_the_old_caches_own_entries_are_removed(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "site"
    main(["site", BANK, "-o", str(site), "--quiet", "--lang", "en"])
    old = site / ".cxmodel-cache" / "diagrams"
    old.mkdir(parents=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    kept = elsewhere / ("2" * 32 + ".svg")
    kept.write_text("<svg/>", encoding="utf-8")
    (old / ("3" * 32 + ".svg")).write_text("<svg/>", encoding="utf-8")
    (old / "notes.txt").write_text("mine", encoding="utf-8")
    (old / ("4" * 32 + ".svg")).symlink_to(kept)  # a link named like an entry: not followed
    (old / ("5" * 32 + ".svg")).mkdir()  # nor a folder of that name
    main(["site", BANK, "-o", str(site), "--quiet", "--title", "Other", "--lang", "en"])
    assert sorted(p.name for p in old.iterdir()) == ["4" * 32 + ".svg", "5" * 32 + ".svg",
                                                     "notes.txt"]
    assert kept.read_text(encoding="utf-8") == "<svg/>"
    # What is left is not the cache's: the site is up to date with it there.
    capsys.readouterr()
    assert main(["site", BANK, "-o", str(site), "--title", "Other", "--lang", "en"]) == 1
    assert f"{site.as_posix()}: up to date" in capsys.readouterr().err


def test_a_linked_cache_or_folder_is_never_written_or_cleaned_through(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link in the site folder (in place of an earlier version's diagram cache, or of a
    page folder) must not make a build read, write or delete files elsewhere."""
    ws_dir = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "bank-account-opening", ws_dir)
    site = tmp_path / "site"
    main(["site", str(ws_dir), "-o", str(site), "--quiet", "--lang", "en"])
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "diagrams").mkdir(parents=True)
    names = ["0" * 32 + ".svg", "precious.svg"]
    for name in names:
        (elsewhere / name).write_text("<svg/>", encoding="utf-8")
        (elsewhere / "diagrams" / name).write_text("<svg/>", encoding="utf-8")

    def left() -> list[str]:
        return sorted(p.relative_to(elsewhere).as_posix() for p in elsewhere.rglob("*"))

    before = left()
    # The cache folder a link, then its diagrams folder.
    for link, target in ((site / ".cxmodel-cache", elsewhere),
                         (site / ".cxmodel-cache" / "diagrams", elsewhere)):
        link.parent.mkdir(exist_ok=True)
        link.symlink_to(target, target_is_directory=True)
        with (ws_dir / "organizacja.yaml").open("a", encoding="utf-8") as stream:
            stream.write("# edited\n")
        assert main(["site", str(ws_dir), "-o", str(site), "--quiet", "--lang", "en"]) == 1
        assert left() == before and link.is_symlink()
        link.unlink()
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CXMODEL_CACHE_DIR", str(tmp_path / "empty-cache"))
        cold = tmp_path / "cold"
        main(["site", str(ws_dir), "-o", str(cold), "--quiet", "--lang", "en"])
    pages = _pages(cold)
    assert {name: _files(site)[name] for name in pages} == pages
    assert "<svg" in pages["maps.html"].decode("utf-8")
    # A page folder replaced by a link: refused, nothing written there.
    shutil.rmtree(site / "journeys")
    (site / "journeys").symlink_to(elsewhere)
    capsys.readouterr()
    assert main(["site", str(ws_dir), "-o", str(site), "--quiet", "--lang", "en", "--force"]) == 2
    assert "is a link or not a folder; cxmodel does not write the site through it" in (
        capsys.readouterr().err)
    assert left() == before
