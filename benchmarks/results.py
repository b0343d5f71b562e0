"""What a year of results costs `check` (#20: at most 30% more).

    python benchmarks/generate.py /tmp/bw --journeys 200 --steps 50
    python benchmarks/results.py /tmp/bw [--runs 5]

Copies the workspace, adds a year of monthly results for every channel and journey (each
metric the workspace defines, about 30,000 entries) and a few hundred actions, and prints
the median time of `cxmodel check -j 1` (fresh processes, as users run it) with and
without them, and the ratio."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _write_results(folder: Path) -> int:
    import cxmodel

    ws = cxmodel.load(folder).workspace
    assert ws is not None, "the workspace does not load"
    channels = [c.id for c in ws.channels]
    metrics = [m.id for m in ws.metrics]
    journeys = [j.id for j in ws.journeys]
    lines = ["cxmodel: 1", "results:"]
    count = 0
    for month in range(1, 13):
        for metric in metrics:
            for channel in channels:
                lines.append(f"  - {{metric: {metric}, period: 2026-{month:02d}, value: 4, "
                             f"responses: 120, channel: {channel}}}")
                count += 1
            for journey in journeys:
                lines.append(f"  - {{metric: {metric}, period: 2026-{month:02d}, value: 4, "
                             f"responses: 120, journey: {journey}}}")
                count += 1
        for journey in ws.journeys:  # and the first seven touchpoints, on the first metric
            for step in [s for s in journey.steps if s.is_touchpoint][:7]:
                lines.append(f"  - {{metric: {metrics[0]}, period: 2026-{month:02d}, "
                             f"value: 4, responses: 40, step: {step.ref}}}")
                count += 1
    problems = [p.id for p in ws.problems]
    departments = [d.id for d in ws.departments]
    if problems and departments:
        lines.append("actions:")
        for number in range(300):
            lines.append(f"  - {{id: action-{number}, title: Action {number}, owner: "
                         f"{departments[number % len(departments)]}, origin: {{problem: "
                         f"{problems[number % len(problems)]}}}, due: 2026-12-31, "
                         f"status: open}}")
    (folder / "results.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / ".cxmodel.yaml").write_text("options: {as_of: 2026-12-20}\n", encoding="utf-8")
    return count


def _time(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cxmodel", "check", "-j", "1", str(folder)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        plain = Path(scratch) / "plain"
        with_results = Path(scratch) / "results"
        shutil.copytree(arguments.folder, plain)
        shutil.copytree(arguments.folder, with_results)
        (plain / ".cxmodel.yaml").write_text("options: {as_of: 2026-12-20}\n",
                                             encoding="utf-8")
        entries = _write_results(with_results)
        before: list[float] = []
        after: list[float] = []
        for _ in range(arguments.runs):  # alternated: the machine's noise falls on both
            before.append(_time(plain))
            after.append(_time(with_results))
    ratio = statistics.median(a / b for a, b in zip(after, before, strict=True))
    print(f"results: {entries} entries, 300 actions")
    print(f"check -j 1 without results: median {statistics.median(before):.2f} s")
    print(f"check -j 1 with results:    median {statistics.median(after):.2f} s")
    print(f"paired ratio: median {ratio:.2f} (target: at most 1.30)")


if __name__ == "__main__":
    main()
