"""Drawing many diagrams at once over the machine's cores (``render --all`` and the site).

With the system ``dot`` each drawing is a process of its own: threads build each diagram's
DOT text and wait for its process, so building one overlaps drawing the others. The
embedded engine runs inside the interpreter: then one worker interpreter per core draws,
while this process builds the DOT texts and sends each as soon as it is ready."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Hashable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor, as_completed
from multiprocessing import get_context
from typing import TypeVar

from cxmodel.diagrams import engine
from cxmodel.diagrams.pictures import Picture

Key = TypeVar("Key", bound=Hashable)
Source = Callable[[], tuple[str, str]]  # makes (DOT text, layout engine)
# Starting worker interpreters costs about a second: worth it for many diagrams, not for
# the few an edit of a site changes.
MIN_FOR_WORKERS = 8


def ready(dot: str, layout: str) -> Source:
    """The source of a diagram whose DOT text is already made."""
    return lambda: (dot, layout)


def draw(source: Source, fmt: str, picture: Picture | None = None) -> bytes:
    """One diagram: its DOT text made, then rendered as ``fmt``."""
    dot, layout = source()
    return engine.render(dot, fmt, layout, picture)


def draw_many(jobs: Sequence[tuple[Key, Source]], fmt: str, picture: Picture | None = None
              ) -> Iterator[tuple[Key, Callable[[], bytes]]]:
    """(key, a call giving the output or raising EngineError) for each job, as each is
    done (so progress can be shown). Leaving the loop early stops the drawings not started."""
    workers = min(len(jobs), os.cpu_count() or 1)
    native = engine.native_dot() is not None
    if fmt == "dot" or (not native and (workers <= 1 or len(jobs) < MIN_FOR_WORKERS)):
        for key, source in jobs:
            yield key, functools.partial(draw, source, fmt, picture)
        return
    pool: Executor
    if native:
        pool = ThreadPoolExecutor(max_workers=workers)
        futures = {pool.submit(draw, source, fmt, picture): key for key, source in jobs}
    else:
        # "spawn" keeps the workers independent of whatever this process holds (a
        # long-running serve has threads); the DOT text is built here, as it needs the model.
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"))
        futures = {}
        for key, source in jobs:
            dot, layout = source()
            futures[pool.submit(engine.render, dot, fmt, layout, picture)] = key
    try:
        for future in as_completed(futures):
            yield futures[future], future.result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
