"""Diagrams for the site: rendered to SVG once per distinct DOT text (a content-hash cache in
the site folder), in parallel over the available cores (``diagrams/batch.py``), and
prepared for inlining in a page."""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from cxmodel import code_cache
from cxmodel.diagrams import engine
from cxmodel.diagrams.batch import draw, draw_many
from cxmodel.site.manifest import own_folder
from cxmodel.writing import write_atomic

CACHE_FOLDER = ".cxmodel-cache"
CACHED = re.compile(r"[0-9a-f]{32}\.svg")  # what the cache holds: key.svg


def _make_private(folder: Path) -> None:
    """A cache folder of this user's that others may write to (made under umask 002 by an
    earlier version) becomes 0700, so that its entries can be trusted again."""
    if not hasattr(os, "getuid"):
        return
    try:
        status = folder.lstat()
        if status.st_uid == os.getuid() and status.st_mode & 0o022 and folder.is_dir():
            folder.chmod(0o700)
    except OSError:
        pass


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
        return self.key_for(engine.engine_name())

    def key_for(self, engine_name: str) -> str:
        """The key with the engine's name given (finding the engine looks through PATH,
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
    wasted)."""

    def __init__(self, folder: Path, trusted: bool = True) -> None:
        self.cache = folder / CACHE_FOLDER / "diagrams"
        # Only a cache that is really inside the site folder is used: through a link, the
        # build would read, write and delete files somewhere else. Without it, everything
        # is drawn again and nothing is kept.
        self.usable = own_folder(folder, self.cache)
        # Cached SVG is pasted into pages as it is, so an entry is read only from a folder
        # this tool built before (``trusted``: it has a manifest; a folder holding nothing
        # but a planted cache has none, and an interrupted or failed build leaves one that
        # vouches for nothing) and only if it is this user's and nobody else can write to
        # it or its folder (the rule of every cache: see code_cache.trusted). Anything else
        # is drawn again (and an entry of the same key replaced).
        self.keys: dict[int, str] = {}  # id(job) -> key; the jobs live as long as the pages
        self.missing: dict[str, DiagramJob] = {}  # key -> job, not in the cache at the start
        self.fresh: dict[str, str] = {}  # drawn by this build
        self.failed: dict[str, str] = {}  # key -> why Graphviz could not draw it
        if self.usable:
            _make_private(self.cache)
        self._cached = ({entry.name for entry in self.cache.iterdir()
                         if CACHED.fullmatch(entry.name) and code_cache.trusted(entry)}
                        if trusted and self.usable and self.cache.is_dir() else set())
        self._engine = engine.engine_name()
        self._native = engine.native_dot() is not None
        self._pool: ThreadPoolExecutor | None = None
        self._futures: dict[Future[bytes], str] = {}

    def add(self, jobs: Iterable[DiagramJob]) -> None:
        for job in jobs:
            key = self.keys[id(job)] = job.key_for(self._engine)
            if f"{key}.svg" in self._cached or key in self.missing:
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
            found = (self.cache / f"{key}.svg").read_text(encoding="utf-8")
        return found

    def finish(self, progress: Callable[[int, int], None] | None = None,
               drawn: Callable[[str], None] | None = None) -> None:
        """Wait for the missing diagrams (with the embedded engine: draw them now) and cache
        them, calling ``drawn`` with each key as soon as it is; then remove the cache entries
        no job uses."""
        total, done = len(self.missing), 0
        if self.missing:
            if self.usable:
                self.cache.mkdir(parents=True, exist_ok=True, mode=0o700)
            results = self._collect() if self._native else draw_many(
                [(key, self.missing[key].source) for key in sorted(self.missing)], "svg")
            for key, drawing in results:
                try:
                    svg = drawing()
                except engine.EngineError as problem:  # not cached: tried again next build
                    self.failed[key] = str(problem)
                else:
                    if self.usable:
                        write_atomic(self.cache / f"{key}.svg", svg, mode=0o600, durable=False)
                    self.fresh[key] = svg.decode("utf-8")
                done += 1
                if progress is not None:
                    progress(done, total)
                if drawn is not None:
                    drawn(key)
        self.close()
        used = {f"{key}.svg" for key in self.keys.values()}
        for name in sorted(self._cached - used):  # only names of ours (CACHED)
            (self.cache / name).unlink(missing_ok=True)

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
