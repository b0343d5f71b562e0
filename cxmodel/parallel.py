"""Spreading per-file work over the machine's cores for the one-shot commands.

Parsing and the schema check are per file and take most of a check. With several cores,
``split_map`` hands a share of the items to forked worker processes and does the rest itself,
so the parent never sits idle; the workers' results come back pickled. Fork is used because
the workers then start at once with everything the parent has loaded (the compiled schema,
the shapes) and nothing is imported again. It is used only on Linux (macOS and Windows
have no safe fork), only when asked (the CLI asks; the Python API and the long-running
``serve``, which has threads, do not), and only for inputs large enough to pay for a fork.
Any failure of a worker (killed, out of memory, a result that cannot be pickled) falls back
to doing its share in the parent: the result never depends on whether workers were used.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this much input, one process is faster than forking and pickling.
MIN_PARALLEL_WEIGHT = 1_000_000
# A worker's results are pickled and unpickled on the way back, so it gets a little less
# than an equal share (this fraction of it, tuned with one worker beside the parent).
WORKER_SHARE = 0.9


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork")


def split_map(function: Callable[[Item], Result], items: Sequence[Item], workers: int,
              weight: Callable[[Item], int]) -> list[Result]:
    """``[function(item) for item in items]``, with up to ``workers - 1`` forked processes
    taking contiguous shares (by ``weight``) while this process does the last share."""
    total = sum(weight(item) for item in items)
    workers = min(workers, len(items))
    if workers <= 1 or total < MIN_PARALLEL_WEIGHT or not can_fork():
        return [function(item) for item in items]
    shares = _split(items, workers, weight, total)
    from multiprocessing import get_context

    results: list[list[Result]] = []
    try:
        pool = ProcessPoolExecutor(max_workers=workers - 1, mp_context=get_context("fork"))
    except (OSError, ValueError):
        return [function(item) for item in items]
    with pool:
        futures: list[Future[list[Result]] | None] = []
        for share in shares[:-1]:
            try:
                futures.append(pool.submit(_map, function, share))
            except Exception:  # a broken pool: this share is done here
                futures.append(None)
        mine = _map(function, shares[-1])
        for future, share in zip(futures, shares[:-1], strict=True):
            try:
                if future is None:
                    raise RuntimeError("not submitted")
                results.append(future.result())
            except Exception:  # the worker failed: do its share here
                results.append(_map(function, share))
    results.append(mine)
    return [result for share_results in results for result in share_results]


def _map(function: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    return [function(item) for item in items]


def _split(items: Sequence[Item], workers: int, weight: Callable[[Item], int], total: int
           ) -> list[Sequence[Item]]:
    """Contiguous shares: each worker's a little under an equal part, the parent's the rest."""
    target = total / workers * WORKER_SHARE
    shares: list[Sequence[Item]] = []
    start, taken = 0, 0
    for index, item in enumerate(items):
        if len(shares) == workers - 1:
            break
        taken += weight(item)
        if taken >= target:
            shares.append(items[start:index + 1])
            start, taken = index + 1, 0
    while len(shares) < workers - 1:
        shares.append(items[start:start])
    shares.append(items[start:])
    return shares
