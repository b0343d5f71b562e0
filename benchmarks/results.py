"""What a year of results costs `check` (#20: at most 30% more).

    python benchmarks/generate.py /tmp/bw --journeys 200 --steps 50
    python benchmarks/results.py /tmp/bw [--runs 5]

Copies the workspace three times: as it is, with a year of monthly results for every channel
and journey (each metric the workspace defines, about 30,000 entries) and a few hundred
actions in results.yaml, and with the same results in a results CSV (results.results.csv,
the actions in actions.yaml). Prints the median wall and CPU time of `cxmodel check -j 1`
(fresh processes, as users run it) of each, and the paired ratios to the workspace
without results."""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _results(folder: Path) -> tuple[list[dict[str, object]], list[str]]:
    """A year of monthly results for the workspace in ``folder`` (every metric for every
    channel and journey, and the first seven touchpoints of each journey on the first
    metric), values with a decimal as survey platforms report them; and 300 actions, as
    YAML lines."""
    import cxmodel

    ws = cxmodel.load(folder).workspace
    assert ws is not None, "the workspace does not load"
    metrics = [m.id for m in ws.metrics]
    results: list[dict[str, object]] = []

    def add(metric: str, month: int, responses: int, subject: str, ident: str) -> None:
        value = 4 + ((month + len(results)) % 5 - 2) / 10  # 3.8 to 4.2, on every scale
        results.append({"metric": metric, "period": f"2026-{month:02d}", "value": value,
                        "responses": responses, subject: ident})

    for month in range(1, 13):
        for metric in metrics:
            for channel in ws.channels:
                add(metric, month, 120, "channel", channel.id)
            for journey in ws.journeys:
                add(metric, month, 120, "journey", journey.id)
        for journey in ws.journeys:
            for step in [s for s in journey.steps if s.is_touchpoint][:7]:
                add(metrics[0], month, 40, "step", step.ref)
    problems = [p.id for p in ws.problems]
    departments = [d.id for d in ws.departments]
    actions = []
    if problems and departments:
        actions.append("actions:")
        for number in range(300):
            actions.append(f"  - {{id: action-{number}, title: Action {number}, owner: "
                           f"{departments[number % len(departments)]}, origin: {{problem: "
                           f"{problems[number % len(problems)]}}}, due: 2026-12-31, "
                           f"status: open}}")
    return results, actions


def _write_yaml(folder: Path, results: list[dict[str, object]], actions: list[str]) -> None:
    """The results as YAML, one entry a line, as 'import results -o FILE.yaml' writes them."""
    from cxmodel.importer.journey_file import results_file_text

    text = results_file_text(results, "benchmark.csv", "cxmodel.schema.json")
    (folder / "results.yaml").write_text(text + "\n".join(actions) + "\n", encoding="utf-8")


def _write_csv(folder: Path, results: list[dict[str, object]], actions: list[str]) -> None:
    """The results as a workspace's results CSV, as 'import results -o FILE.results.csv'
    writes them, and the actions in YAML."""
    from cxmodel.importer.journey_file import results_csv_text

    (folder / "results.results.csv").write_text(results_csv_text(results), encoding="utf-8")
    (folder / "actions.yaml").write_text("\n".join(["cxmodel: 1", *actions]) + "\n",
                                         encoding="utf-8")


def _time(folder: Path) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one `check -j 1` in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "cxmodel", "check", "-j", "1", str(folder)],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folders = {name: Path(scratch) / name for name in ("without", "yaml", "csv")}
        for folder in folders.values():
            shutil.copytree(arguments.folder, folder)
            (folder / ".cxmodel.yaml").write_text("options: {as_of: 2026-12-20}\n",
                                                  encoding="utf-8")
        results, actions = _results(folders["without"])
        _write_yaml(folders["yaml"], results, actions)
        _write_csv(folders["csv"], results, actions)
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in folders}
        for run in range(arguments.runs):  # alternated: the machine's noise falls on all
            for name in (list(folders) if run % 2 == 0 else list(reversed(folders))):
                times[name].append(_time(folders[name]))
    print(f"results: {len(results)} entries, {len(actions) - 1 if actions else 0} actions, "
          f"{arguments.runs} alternated runs of check -j 1")
    for kind, index in (("wall", 0), ("CPU", 1)):
        base = [t[index] for t in times["without"]]
        print(f"{kind} time without results: median {statistics.median(base):.2f} s")
        for name, label in (("yaml", "results.yaml"), ("csv", "results.results.csv")):
            mine = [t[index] for t in times[name]]
            ratio = statistics.median(m / b for m, b in zip(mine, base, strict=True))
            print(f"  with {label:<20} median {statistics.median(mine):.2f} s, paired ratio "
                  f"{ratio:.2f} (target: at most 1.30)")


if __name__ == "__main__":
    main()
