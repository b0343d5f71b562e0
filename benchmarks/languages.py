"""What the message layer of #15 costs an English `check`, counted in instructions.

    python benchmarks/generate.py /tmp/bw --journeys 200 --steps 50
    python benchmarks/languages.py /tmp/bw

Runs `cxmodel check -j 1` twice under `valgrind --tool=callgrind` (Debian's valgrind): as it
is, and with every message formatted as English where it is made, as before the languages
work (the counterfactual replaces `Template.__call__`). Both must print the same lines; the
difference in instructions is what rendering messages at display, in the active language,
costs. Instructions, not seconds: the same build and input give the same count whatever
else the machine does, where timings here vary by more than the 3% the issue allows."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

COUNTERFACTUAL = '''
import sys
from cxmodel.messages import render as R
from cxmodel.messages import text as T


def eager(self, **params):
    pattern = self.english if self.english_plural is None or params.get(self.count) == 1 \\
        else self.english_plural
    shown = {}
    for key, value in params.items():
        kind = value.__class__
        if kind is str:
            shown[key] = value
        elif kind is T.Name:
            said = value.value
            shown[key] = "'" + (said if len(said) <= R.MOST_CHARACTERS else R.short(said)) + "'"
        else:
            shown[key] = R.render(value, "en")
    return pattern.format_map(shown)


T.Template.__call__ = eager
from cxmodel.cli import main

sys.exit(main())
'''


def _count(argv: list[str], workspace: Path, out: Path) -> tuple[int, str]:
    env = {**os.environ, "LANG": "C.UTF-8"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    # Once outside valgrind first: the modules' bytecode is then compiled and cached, as in
    # an installed wheel, and neither count includes compiling them.
    subprocess.run([*argv, "check", "-j", "1", str(workspace)], capture_output=True,
                   env=env, check=False)
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                           *argv, "check", "-j", "1", str(workspace)],
                          capture_output=True, text=True, env=env, check=False)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        sys.exit(f"valgrind did not count: {done.stderr[-400:]}")
    out.write_text(done.stdout, encoding="utf-8")
    return int(found.group(1)), done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workspace", type=Path)
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("needs valgrind (Debian: apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as scratch:
        runner = Path(scratch, "counterfactual.py")
        runner.write_text(COUNTERFACTUAL, encoding="utf-8")
        python = sys.executable
        real, said = _count([python, "-m", "cxmodel"], args.workspace, Path(scratch, "a"))
        eager, eager_said = _count([python, str(runner)], args.workspace, Path(scratch, "b"))
    if sorted(said.splitlines()) != sorted(eager_said.splitlines()):
        sys.exit("the two runs printed different findings: the counterfactual is wrong")
    print(f"check as it is:                         {real:>16,} instructions")
    print(f"messages formatted in English at once:  {eager:>16,} instructions")
    print(f"the message layer costs:                {real / eager - 1:>16.2%}")


if __name__ == "__main__":
    main()
