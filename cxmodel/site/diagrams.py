"""Diagrams for the site: rendered to SVG once per distinct DOT text, in parallel over the
available cores (``diagrams/batch.py``), and prepared for inlining in a page.

The SVG of each diagram is kept in the user's cache folder (``diagrams/KEY.svg`` in
``code_cache.cache_dir()``), named by a hash of everything it is drawn from, so that every
site the user builds, and ``serve`` from one start to the next, draws only what it has not
drawn before; nothing of it is in the site folder (a host would publish it). The SVG is
pasted into pages as it is, so the cache follows the rules of every cache of cxmodel's
(``code_cache``): entries are written 0600 into a private folder and read only if the entry
and its folder are the user's and nobody else can write to them; anything else is drawn
again. Entries not used for 14 days are removed. Earlier versions kept the cache in the
site folder (``.cxmodel-cache/diagrams``): ``remove_old_cache`` removes it from there."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from cxmodel import code_cache
from cxmodel.diagrams import engine
from cxmodel.diagrams.batch import draw, draw_many
from cxmodel.site.manifest import OLD_CACHE, own_folder

CACHED = re.compile(r"[0-9a-f]{32}\.svg")  # what the cache holds: key.svg
MAX_AGE = 14 * 24 * 3600  # an entry not used for this long is removed


def old_cache_left(site: Path) -> bool:
    """Whether the site folder still holds an entry of an earlier version's diagram cache
    (which the next build removes: a site holding one is not up to date)."""
    folder = site / OLD_CACHE / "diagrams"
    try:
        if not own_folder(site, folder):
            return False
        with os.scandir(folder) as entries:
            return any(CACHED.fullmatch(entry.name) and entry.is_file(follow_symlinks=False)
                       for entry in entries)
    except OSError:  # none (the usual case), or unreadable
        return False


def remove_old_cache(site: Path) -> None:
    """Remove the diagram cache an earlier version kept in the site folder
    (``.cxmodel-cache/diagrams/KEY.svg``): those entries, then the two folders if that
    left them empty. Never through a link (a link in place of either folder is left as it
    is, and so is a link named like an entry) and nothing else: a file of any other name
    stays, and with it its folders."""
    old = site / OLD_CACHE
    folder = old / "diagrams"
    if not own_folder(site, folder) or not folder.is_dir():
        return
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if CACHED.fullmatch(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
    for empty in (folder, old):
        try:
            empty.rmdir()  # only succeeds when empty (and never on a link)
        except OSError:
            return


@dataclass(frozen=True, slots=True)
class DiagramJob:
    """A diagram to render: its DOT text, or a way to make it plus a key for everything the
    text depends on (so a cached diagram is found without building its DOT)."""

    dot: str | None
    layout: str
    inputs: str | None = None
    make: Callable[[], tuple[str, str]] | None = field(default=None, compare=False)

    @property
    def key(self) -> str:
        return self.key_for(engine.engine_identity())

    def key_for(self, engine_name: str) -> str:
        """The key with the engine's identity given (finding the engine looks through PATH,
        too slow to repeat for each of a site's diagrams)."""
        basis = self.inputs if self.inputs is not None else self.dot
        text = f"{engine_name}\n{self.layout}\n{basis}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def source(self) -> tuple[str, str]:
        if self.dot is not None:
            return self.dot, self.layout
        assert self.make is not None
        return self.make()


class Diagrams:
    """The diagrams of one build. Each job is added as its page is built: its key is worked
    out and, if the cache does not hold it, it starts being drawn in the background where
    that overlaps the rest of the build (with the system ``dot`` each drawing is a process,
    waited for by a thread: an edit's ownership map is the slowest, started as soon as its
    page exists). The SVG text is read from the cache only when a page that shows it is
    rendered (a rebuild renders few pages, so reading every cached SVG would be mostly
    wasted).

    The cache is ``folder``, by default ``diagrams`` in the user's cache folder. Where
    there is none (``code_cache.cache_dir()`` gives None) or it cannot be written,
    everything is drawn and nothing is kept."""

    def __init__(self, folder: Path | None = None) -> None:
        if folder is None:
            base = code_cache.cache_dir()
            folder = base / "diagrams" if base is not None else None
        self.cache = folder
        self.keys: dict[int, str] = {}  # id(job) -> key; the jobs live as long as the pages
        self.missing: dict[str, DiagramJob] = {}  # key -> job, not in the cache at the start
        self.found: dict[str, DiagramJob] = {}  # key -> job, in the cache at the start
        self.fresh: dict[str, str] = {}  # drawn by this build
        self.failed: dict[str, str] = {}  # key -> why Graphviz could not draw it
        self.stored = False  # whether this build added to the cache
        self._engine = engine.engine_identity()
        self._native = engine.native_dot() is not None
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[Future[bytes], str] = {}

    def _entry(self, key: str) -> Path | None:
        return self.cache / f"{key}.svg" if self.cache is not None else None

    def _cached(self, key: str) -> bool:
        """Whether the cache holds the diagram, in an entry that may be pasted into pages
        (``code_cache.trusted``: this user's, and nobody else can write to it or its
        folder). Used, it is kept another MAX_AGE. Only the entries this build shows are
        looked at: the cache holds those of every site the user builds."""
        path = self._entry(key)
        if path is None or not code_cache.trusted(path):
            return False
        with contextlib.suppress(OSError):
            os.utime(path)
        return True

    def _store(self, key: str, svg: bytes) -> None:
        path = self._entry(key)
        if path is not None:
            # Written 0600 into a private folder, or not at all (see code_cache.store).
            code_cache.store(path, svg, durable=False)
            self.stored = True

    def add(self, jobs: Iterable[DiagramJob]) -> None:
        for job in jobs:
            key = self.keys[id(job)] = job.key_for(self._engine)
            if key in self.found or key in self.missing:
                continue
            if self._cached(key):
                self.found[key] = job
                continue
            self.missing[key] = job
            if self._native:
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(max_workers=os.cpu_count() or 1)
                # The thread also builds the DOT text, so building one diagram overlaps
                # drawing the others.
                self._futures[self._pool.submit(draw, job.source, "svg")] = key

    def key(self, job: DiagramJob) -> str:
        return self.keys[id(job)]

    def drawn_here(self, job: DiagramJob) -> bool:
        """Whether the job's diagram is drawn by this build (not found in the cache)."""
        return self.keys[id(job)] in self.missing

    def svg(self, key: str) -> str | None:
        """The diagram's SVG text, or None if it could not be drawn (see ``failed``)."""
        if key in self.failed:
            return None
        found = self.fresh.get(key)
        if found is None:
            found = self._read(key)
        return found

    def _read(self, key: str) -> str | None:
        """A cached diagram's SVG; drawn now if its entry is gone since the build found it
        (another build of this user's removed it as unused, or the user emptied the cache)
        or is damaged (a crash can leave an entry empty: they are written without fsync)."""
        path = self._entry(key)
        if path is not None:
            with contextlib.suppress(OSError, UnicodeDecodeError):
                text = path.read_text(encoding="utf-8")
                if "<svg" in text:
                    return text
        return self._draw_now(key)

    def _draw_now(self, key: str) -> str | None:
        job = self.found.get(key) or self.missing[key]
        try:
            svg = draw(job.source, "svg")
        except engine.EngineError as problem:  # not cached: tried again next build
            self.failed[key] = str(problem)
            return None
        self._store(key, svg)
        self.fresh[key] = text = svg.decode("utf-8")
        return text

    def finish(self, progress: Callable[[int, int], None] | None = None,
               drawn: Callable[[str], None] | None = None) -> None:
        """Wait for the missing diagrams (with the embedded engine: draw them now) and cache
        them, calling ``drawn`` with each key as soon as it is; then, if any was added to
        the cache, remove the entries not used for MAX_AGE."""
        total, done = len(self.missing), 0
        if self.missing:
            results = self._collect() if self._native else draw_many(
                [(key, self.missing[key].source) for key in sorted(self.missing)], "svg")
            for key, drawing in results:
                try:
                    svg = drawing()
                except engine.EngineError as problem:  # not cached: tried again next build
                    self.failed[key] = str(problem)
                else:
                    self._store(key, svg)
                    self.fresh[key] = svg.decode("utf-8")
                done += 1
                if progress is not None:
                    progress(done, total)
                if drawn is not None:
                    drawn(key)
        self.close()
        if self.stored:  # only a build that adds to the cache makes it grow
            self.prune()

    def prune(self) -> None:
        """Remove the entries not used for MAX_AGE (only names of ours, CACHED). Not the
        entries this site no longer shows: other sites of the user's, and ``serve``'s
        temporary ones, share the cache."""
        if self.cache is None:
            return
        oldest = time.time() - MAX_AGE
        with contextlib.suppress(OSError), os.scandir(self.cache) as entries:
            for entry in entries:
                with contextlib.suppress(OSError):
                    if (CACHED.fullmatch(entry.name)
                            and entry.stat(follow_symlinks=False).st_mtime < oldest):
                        os.unlink(entry.path)

    def _collect(self) -> Iterator[tuple[str, Callable[[], bytes]]]:
        for future in as_completed(self._futures):
            yield self._futures[future], future.result

    def close(self) -> None:
        """Stop drawing (after a failure elsewhere: what is not started yet is dropped)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


def inline_svg(svg: str, prefix: str, title: str) -> str:
    """An SVG document made ready to inline in HTML: no XML prolog or doctype, ids prefixed
    so several diagrams can share a page, an accessible title. ``title`` is user text and is
    escaped here."""
    from markupsafe import escape

    body = svg[svg.index("<svg"):]  # no XML prolog, doctype or generator comments
    # Graphviz writes every id as ' id="...' and escapes quotes in text and attribute
    # values, so a plain replacement finds exactly the ids (a regular expression is far
    # slower, and runs once per diagram). ``prefix`` is a slot name of ours.
    body = body.replace(' id="', f' id="{prefix}-')
    body = body.replace("<svg ", f'<svg role="img" aria-labelledby="{prefix}-title" ', 1)
    opening_end = body.index(">", body.index("<svg")) + 1
    return (body[:opening_end] + f'\n<title id="{prefix}-title">{escape(title)}</title>'
            + body[opening_end:])
