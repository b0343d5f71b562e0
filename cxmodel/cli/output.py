"""Where a command's output goes: standard output, or a file written atomically."""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import TYPE_CHECKING

from cxmodel.cli import UsageError

if TYPE_CHECKING:
    from cxmodel.diagnostics import Diagnostic


def emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # `| head`: not an error worth a message (see main)
        except OSError as error:  # a full disk behind `> file`, say
            raise UsageError(f"cannot write to standard output: {error.strerror or error}") \
                from error
        return
    from cxmodel.writing import write_atomic

    try:
        write_atomic(output, text)
    except OSError as error:
        raise UsageError(f"cannot write {output}: {error.strerror or error}") from error


def use_colour(stream_is_output: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return stream_is_output and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def say_why_it_fails(wrote: str, diagnostics: list[Diagnostic], fail_on: str) -> None:
    """After an output was written, one line on standard error when findings reach fail_on,
    so that an exit 1 after a written report is not silent:
    ``wrote gaps.html; exit 1: 3 error-level findings (fail_on: error)``."""
    from cxmodel.diagnostics import SEVERITY_RANK

    if fail_on == "never":
        return
    threshold = SEVERITY_RANK[fail_on]
    counts: Counter[str] = Counter(d.severity for d in diagnostics
                                   if SEVERITY_RANK[d.severity] >= threshold)
    if not counts:
        return
    levels = [severity for severity in ("error", "warning", "info") if counts[severity]]
    parts = [f"{counts[severity]} {severity}-level" for severity in levels]
    total = sum(counts.values())
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    sys.stderr.write(f"{wrote}; exit 1: {listed} finding{'' if total == 1 else 's'} "
                     f"(fail_on: {fail_on})\n")
