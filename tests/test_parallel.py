"""Loading in several processes: the same result as one process, whatever happens to the
workers."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cxmodel import parallel
from cxmodel.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from generate import generate

linux_only = pytest.mark.skipif(not parallel.can_fork(), reason="workers fork (Linux only)")
BIG = parallel.MIN_PARALLEL_WEIGHT


def _pid(item: int) -> tuple[int, int]:
    return item * item, os.getpid()


@linux_only
def test_split_map_uses_a_worker_and_keeps_the_order() -> None:
    items = list(range(40))
    results = parallel.split_map(_pid, items, 2, lambda item: BIG // 10)
    assert [square for square, _ in results] == [i * i for i in items]
    pids = {pid for _, pid in results}
    assert os.getpid() in pids and len(pids) == 2


PARENT = os.getpid()


def _dies_in_worker(item: int) -> int:
    if os.getpid() != PARENT:
        os._exit(3)  # a worker killed half-way (out of memory, a signal)
    return item + 1


@linux_only
def test_a_failed_worker_share_is_done_in_the_parent() -> None:
    items = list(range(30))
    assert parallel.split_map(_dies_in_worker, items, 2, lambda item: BIG) == [
        i + 1 for i in items]


def test_small_inputs_stay_in_one_process() -> None:
    results = parallel.split_map(_pid, list(range(5)), 4, lambda item: 10)
    assert {pid for _, pid in results} == {os.getpid()}


def test_shares_are_contiguous_and_cover_everything() -> None:
    items = list(range(10))
    shares = parallel._split(items, 3, lambda item: 1, 10)
    assert len(shares) == 3
    assert [i for share in shares for i in share] == items
    assert all(len(share) >= 2 for share in shares)


def test_jobs_must_be_a_positive_number(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                        ) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["check", str(tmp_path), "--jobs", "0"])
    assert stopped.value.code == 2
    assert "'0' is not a whole number of at least 1" in capsys.readouterr().err


@linux_only
def test_check_in_parallel_gives_the_same_output(tmp_path: Path) -> None:
    workspace = tmp_path / "ws"
    generate(workspace, 40, 50)
    size = sum(p.stat().st_size for p in workspace.rglob("*.yaml"))
    assert size > BIG  # large enough for workers to be used
    outputs = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out-{jobs}.json"
        assert main(["check", str(workspace), "--jobs", jobs, "--format", "json",
                     "-o", str(out)]) == 1
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"CX101"' in outputs[0]
