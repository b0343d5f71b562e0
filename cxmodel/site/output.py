"""Writing a site: each file as soon as it is ready and only when its content changed,
atomically; at the end the stale files this tool wrote before are removed and the manifest
is written.

Files are written while diagrams are still being drawn, so rendering and writing overlap
the drawing. So that a build that fails half-way never leaves a manifest vouching for files
it did not write, the manifest is first rewritten, before the first file, without the input
hash and the render keys: the next build then builds, renders and checks everything again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from cxmodel import __version__
from cxmodel.diagnostics import Diagnostic
from cxmodel.site.fragments import SEPARATOR, said
from cxmodel.site.manifest import (
    AND_MORE,
    CLASHES,
    MANIFEST,
    THROUGH_A_LINK,
    Manifest,
    SiteFolderError,
    digest,
    own_folder,
    stale_files,
)
from cxmodel.writing import write_atomic


@dataclass
class SiteBuild:
    written: list[str] = field(default_factory=list)
    unchanged: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # stale, but edited by someone: not deleted
    up_to_date: bool = False  # nothing at all had to be done
    # CX006 for each journey too long to draw (its page says so instead of the diagrams)
    not_drawn: list[Diagnostic] = field(default_factory=list)
    # Why diagrams could not be drawn (Graphviz failed): their pages say so instead.
    failed: list[str] = field(default_factory=list)


class SiteWriter:
    """The files of one build, written as they come."""

    def __init__(self, folder: Path, previous: Manifest | None) -> None:
        self.folder = folder
        self.previous = previous
        self.report = SiteBuild()
        self.files: dict[str, str] = {}  # site path -> sha256 of its content
        self.rendered: dict[str, tuple[str, int]] = {}  # page -> (render key, size)
        self.planned: list[str] = []  # new names this build writes (see plan())
        self._started = False

    def plan(self, names: list[str]) -> None:
        """The files this build will write, before it writes any: a file there that no
        build of cxmodel wrote (not in the manifest) is never replaced, whatever --force
        says; the build stops and names them all (SiteFolderError, exit code 2). So does a
        link or a file in place of one of the site's folders."""
        for folder in sorted({(self.folder / name).parent for name in names}):
            if not own_folder(self.folder, folder):
                raise SiteFolderError(THROUGH_A_LINK(folder=str(folder)))
        owned = self.previous.files if self.previous is not None else {}
        clashes = sorted({name for name in names
                          if name not in owned and os.path.lexists(self.folder / name)})
        if clashes:
            listed = said(SEPARATOR).join(clashes[:20])
            shown = (AND_MORE(files=listed, count=len(clashes) - 20) if len(clashes) > 20
                     else listed)
            raise SiteFolderError(CLASHES(folder=self.folder.as_posix(), files=shown))
        self.planned = [name for name in names if name not in owned]

    def reuse(self, name: str, key: str) -> bool:
        """Leave the page ``name`` as the previous build wrote it, if that was from the
        same render key (see site/rendering.py) and the file is still as written."""
        previous = self.previous
        if previous is None or not previous.unchanged(self.folder, name, key):
            return False
        self.files[name] = previous.files[name]
        self.rendered[name] = previous.rendered[name]
        self.report.unchanged += 1
        return True

    def add(self, name: str, data: bytes, key: str | None = None) -> None:
        """A file of the site (a page with its render key), written now if it changed."""
        self.files[name] = found = digest(data)
        if key is not None:
            self.rendered[name] = (key, len(data))
        target = self.folder / name
        if not own_folder(self.folder, target.parent):
            raise SiteFolderError(THROUGH_A_LINK(folder=str(target.parent)))
        previous = self.previous
        if (previous is not None and previous.files.get(name) == found
                and target.is_file() and target.stat().st_size == len(data)):
            self.report.unchanged += 1
            return
        self._start()
        write_atomic(target, data)
        self.report.written.append(name)

    def _start(self) -> None:
        if self._started:
            return
        self._started = True
        self.folder.mkdir(parents=True, exist_ok=True)
        previous = self.previous
        # Also on a first build: interrupted, it leaves a folder that is a cxmodel site (the
        # next build goes on in it without --force), vouching for none of its pages.
        # The files about to be written are listed (with no digest, so none is ever taken
        # for unchanged or deleted as stale): after an interruption they are this tool's.
        files = {**{name: "" for name in self.planned},
                 **(previous.files if previous is not None else {})}
        interim = (Manifest(files, "", previous.version, previous.fails)
                   if previous is not None else Manifest(files, version=__version__))
        write_atomic(self.folder / MANIFEST, interim.to_json())

    def finish(self, inputs: str, fails: bool) -> SiteBuild:
        """Remove the stale files this tool wrote before and write the manifest."""
        out, report = self.folder, self.report
        out.mkdir(parents=True, exist_ok=True)
        remove, kept = stale_files(out, self.previous, self.files)
        for path in remove:
            path.unlink(missing_ok=True)
            report.removed.append(path.relative_to(out).as_posix())
            _remove_empty_parents(path.parent, out)
        report.kept = [p.relative_to(out).as_posix() for p in kept]
        report.written.sort()
        manifest = Manifest(self.files, inputs, __version__, fails, self.rendered)
        write_atomic(out / MANIFEST, manifest.to_json())
        return report


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and folder.is_relative_to(root):
        try:
            folder.rmdir()  # only succeeds when empty
        except OSError:
            return
        folder = folder.parent
