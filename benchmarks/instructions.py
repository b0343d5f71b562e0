"""Instructions a `check -j 1` takes with each of several installs of cxmodel, and their
ratios to the first: how a change is measured against the 3% of #15 (the machines' noise
in seconds is larger than that). Needs valgrind (Debian: apt-get install valgrind).

    git worktree add /tmp/old adc7700                # the build to compare with
    python3 -m venv /tmp/va && /tmp/va/bin/pip install /tmp/old
    python3 -m venv /tmp/vh && /tmp/vh/bin/pip install .
    /tmp/va/bin/python /tmp/old/benchmarks/generate.py /tmp/bwa --journeys 200 --steps 50
    python benchmarks/instructions.py /tmp/bwa /tmp/va/bin/python /tmp/vh/bin/python

Each install is run once outside valgrind first, so that neither count includes compiling
modules or the schema's validator (both are cached), and with PYTHONHASHSEED=0: with
random hashing, the order of sets and the work that follows from it varies, and two counts
of one build differed by 0.5%. The runs are counted one after the
other, each about four minutes on the 10,000-step workspace."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path


def count(python: str, workspace: Path) -> tuple[int, str]:
    """The instructions of one `check -j 1`, and what it printed."""
    env = {**os.environ, "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    argv = [python, "-m", "cxmodel", "check", "-j", "1", str(workspace)]
    subprocess.run(argv, capture_output=True, env=env, check=False)
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *argv], capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"valgrind did not count: {done.stderr[-400:]}")
    return int(found.group(1)), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    parser.add_argument("python", nargs="+", help="the Python of each install")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind (Debian: apt-get install valgrind)")
    first = 0
    for python in args.python:
        instructions, said = count(python, args.workspace)
        first = first or instructions
        summary = said.strip().splitlines()[-1] if said.strip() else ""
        print(f"{python}: {instructions:,} instructions, {instructions / first:.3f}"
              f" of the first ({summary})")


if __name__ == "__main__":
    main()
