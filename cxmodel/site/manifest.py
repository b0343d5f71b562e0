"""The site's manifest: which files cxmodel wrote, with their hashes, so that a rebuild
removes only its own stale files and never touches anything else in the folder."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxmodel.messages.text import message, plural
from cxmodel.said import SaysWhy

MANIFEST = ".cxmodel-site.json"
FORMAT = 1
# Where earlier versions kept the diagram cache, in the site folder (see site/diagrams.py).
OLD_CACHE = ".cxmodel-cache"

NOT_A_FOLDER = message("site.folder.not-a-folder", "{folder} exists and is not a folder")
NOT_A_SITE = message(
    "site.folder.not-a-site",
    "{folder} is not empty and is not a cxmodel site (no {manifest}); choose an empty folder, "
    "or use --force to write the site into it (cxmodel then only ever deletes files it wrote "
    "itself)")
THROUGH_A_LINK = message(
    "site.folder.link",
    "{folder} is a link or not a folder; cxmodel does not write the site through it (remove "
    "it, or build into another folder)")
CLASHES = message(
    "site.folder.clashes",
    "{folder} holds files that cxmodel did not write and the site would replace: {files}; "
    "move them away, or build into another folder")
AND_MORE = plural("site.folder.and-more", "{files} and {count} more", "{files} and {count} more")


class SiteFolderError(SaysWhy):
    """The output folder cannot be used (exit code 2); says why in the active language."""


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass
class Manifest:
    files: dict[str, str] = field(default_factory=dict)  # site path -> sha256
    inputs: str = ""  # hash of everything the site was built from
    version: str = ""
    fails: bool = False  # whether the findings reached fail_on (the exit code to repeat)
    # Rendered pages: site path -> (render key, size in bytes); see site/rendering.py.
    rendered: dict[str, tuple[str, int]] = field(default_factory=dict)

    def to_json(self) -> str:
        data = {"generator": "cxmodel", "format": FORMAT, "version": self.version,
                "inputs": self.inputs, "fails": self.fails,
                "files": dict(sorted(self.files.items())),
                "rendered": {name: list(entry) for name, entry in sorted(self.rendered.items())}}
        return json.dumps(data, indent=1, sort_keys=True) + "\n"

    def unchanged(self, folder: Path, name: str, key: str) -> bool:
        """Whether the page ``name`` was rendered from the same inputs (``key``) and its file
        is still there, as written (by its size, as for any file cxmodel writes)."""
        entry = self.rendered.get(name)
        if entry is None or entry[0] != key or name not in self.files:
            return False
        try:
            found = (folder / name).stat()
        except OSError:
            return False
        return stat.S_ISREG(found.st_mode) and found.st_size == entry[1]


def read_manifest(folder: Path) -> Manifest | None:
    path = folder / MANIFEST
    if not path.is_file():
        return None
    try:
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("generator") != "cxmodel":
        return None
    files = data.get("files")
    if not isinstance(files, dict):
        return None
    return Manifest({str(k): str(v) for k, v in files.items()}, str(data.get("inputs", "")),
                    str(data.get("version", "")), data.get("fails") is True,
                    _rendered(data.get("rendered")))


def _rendered(value: Any) -> dict[str, tuple[str, int]]:
    """The rendered pages' keys, as far as they are well-formed (a page with none is
    rendered again)."""
    found: dict[str, tuple[str, int]] = {}
    if isinstance(value, dict):
        for name, entry in value.items():
            if (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[0], str)
                    and type(entry[1]) is int):
                found[str(name)] = (entry[0], entry[1])
    return found


def own_folder(site: Path, folder: Path) -> bool:
    """Whether ``folder`` is (or would be made) inside ``site`` itself: none of the folders
    from the site down to it is a link or anything but a folder."""
    here = site
    for part in folder.relative_to(site).parts:
        here = here / part
        if here.is_symlink() or (here.exists() and not here.is_dir()):
            return False
    return True


@contextmanager
def held(folder: Path) -> Iterator[None]:
    """Hold the site folder for one build (``flock`` on the folder itself, so no file is
    added to the site): a second build into it (another ``site``, or ``serve -o`` on the
    same folder) waits until this one is done, instead of mixing its pages and manifest
    with this one's. Where there is no flock (Windows), nothing is held."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    if os.path.lexists(folder) and not folder.is_dir():
        yield  # check_folder says what is wrong
        return
    folder.mkdir(parents=True, exist_ok=True)
    handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        # NFS wants a folder opened for writing: there the build goes on without the lock.
        with contextlib.suppress(OSError):
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # and with it the lock


def check_folder(folder: Path, force: bool) -> Manifest | None:
    """The previous manifest; refuse a non-empty folder that is not a cxmodel site."""
    if folder.exists() and not folder.is_dir():
        raise SiteFolderError(NOT_A_FOLDER(folder=str(folder)))
    previous = read_manifest(folder)
    if previous is not None or not folder.exists():
        return previous
    # A folder holding nothing but the diagram cache of an earlier version (which drew the
    # diagrams before writing the manifest: its first build, interrupted, left only that)
    # counts as empty; the build removes that cache (site/diagrams.py: remove_old_cache).
    visible = [p for p in folder.iterdir() if p.name != OLD_CACHE]
    if visible and not force:
        raise SiteFolderError(NOT_A_SITE(folder=str(folder), manifest=MANIFEST))
    return None


def stale_files(folder: Path, previous: Manifest | None, current: dict[str, str]
                ) -> tuple[list[Path], list[Path]]:
    """(files to delete, files kept because someone changed them since cxmodel wrote them)
    among those the previous build wrote and this one does not."""
    remove: list[Path] = []
    kept: list[Path] = []
    if previous is None:
        return remove, kept
    root = folder.resolve()
    for name, recorded in sorted(previous.files.items()):
        if name in current:
            continue
        path = (folder / name)
        try:
            resolved = path.resolve()
        except OSError:
            continue
        if not resolved.is_relative_to(root) or not path.is_file():
            continue
        if digest(path.read_bytes()) == recorded:
            remove.append(path)
        else:
            kept.append(path)
    return remove, kept
