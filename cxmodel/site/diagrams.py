"""Diagrams for the site: rendered to SVG once per distinct DOT text (a content-hash cache in
the site folder), in parallel over the available cores, and prepared for inlining in a page."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

from cxmodel.diagrams import engine

CACHE_FOLDER = ".cxmodel-cache"


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
        basis = self.inputs if self.inputs is not None else self.dot
        text = f"{engine.engine_name()}\n{self.layout}\n{basis}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]

    def source(self) -> tuple[str, str]:
        if self.dot is not None:
            return self.dot, self.layout
        assert self.make is not None
        return self.make()


def _render(dot: str, layout: str) -> bytes:
    return engine.render(dot, "svg", layout)


def render_all(jobs: list[DiagramJob], folder: Path,
               progress: Callable[[int, int], None] | None = None) -> dict[str, str]:
    """SVG text by job key. Cached diagrams are read; the rest are rendered, in parallel
    when there are several, and cached. Cache entries no job uses any more are removed."""
    cache = folder / CACHE_FOLDER / "diagrams"
    results: dict[str, str] = {}
    missing: dict[str, DiagramJob] = {}
    for job in jobs:
        key = job.key
        if key in results or key in missing:
            continue
        cached = cache / f"{key}.svg"
        if cached.is_file():
            results[key] = cached.read_text(encoding="utf-8")
        else:
            missing[key] = job
    total, done = len(missing), 0
    if missing:
        cache.mkdir(parents=True, exist_ok=True)
        for key, svg in _render_missing(missing):
            (cache / f"{key}.svg").write_bytes(svg)
            results[key] = svg.decode("utf-8")
            done += 1
            if progress is not None:
                progress(done, total)
    if cache.is_dir():
        used = {f"{key}.svg" for key in results}
        for entry in cache.iterdir():
            if entry.suffix == ".svg" and entry.name not in used:
                entry.unlink(missing_ok=True)
    return results


def _render_missing(missing: dict[str, DiagramJob]) -> Iterator[tuple[str, bytes]]:
    """(key, SVG) for each missing diagram, as each is done (so progress can be shown)."""
    keys = sorted(missing)
    workers = min(len(keys), os.cpu_count() or 1)
    # Starting worker interpreters costs about a second: worth it for a cold build, not for
    # the few diagrams an edit changes (threads suffice for the system `dot`).
    native = engine.native_dot() is not None
    if workers <= 1 or len(keys) < (2 if native else 8):
        for key in keys:
            yield key, _render(*missing[key].source())
        return
    pool: Executor
    if native:
        # Each render is a `dot` process, so threads suffice; each thread also builds its
        # DOT text, so building one diagram overlaps rendering the others.
        pool = ThreadPoolExecutor(max_workers=workers)
        with pool:
            futures = {pool.submit(_render_job, missing[key]): key for key in keys}
            for future in as_completed(futures):
                yield futures[future], future.result()
        return
    # The embedded engine runs in-process: one interpreter per core. "spawn" keeps the
    # workers independent of whatever the parent (a long-running serve) holds; the DOT
    # text is built here (it needs the model) and sent as soon as it is ready.
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
    with pool:
        futures = {pool.submit(_render, *missing[key].source()): key for key in keys}
        for future in as_completed(futures):
            yield futures[future], future.result()


def _render_job(job: DiagramJob) -> bytes:
    return _render(*job.source())




def inline_svg(svg: str, prefix: str, title: str) -> str:
    """An SVG document made ready to inline in HTML: no XML prolog or doctype, ids prefixed
    so several diagrams can share a page, an accessible title. ``title`` is user text and is
    escaped here."""
    from markupsafe import escape

    body = svg[svg.index("<svg"):]  # no XML prolog, doctype or generator comments
    # Graphviz writes every id as ' id="...' and escapes quotes in text and attribute
    # values, so a plain replacement finds exactly the ids (a regular expression took 20 ms
    # a blueprint, 8 s over a 200-journey site). ``prefix`` is a slot name of ours.
    body = body.replace(' id="', f' id="{prefix}-')
    body = body.replace("<svg ", f'<svg role="img" aria-labelledby="{prefix}-title" ', 1)
    opening_end = body.index(">", body.index("<svg")) + 1
    return (body[:opening_end] + f'\n<title id="{prefix}-title">{escape(title)}</title>'
            + body[opening_end:])
