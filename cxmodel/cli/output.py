"""Where a command's output goes: standard output, or a file written atomically."""

from __future__ import annotations

import os
import sys
from collections import Counter
from typing import TYPE_CHECKING

from cxmodel.cli import UsageError
from cxmodel.messages.text import Items, Text, message, plural
from cxmodel.said import cannot_write, os_reason

if TYPE_CHECKING:
    from cxmodel.diagnostics import Diagnostic

STDOUT_FAILED = message("cli.stdout-failed", "cannot write to standard output: {reason}")
# What was written before the exit code 1 is explained (say_why_it_fails).
WROTE_FILE = message("cli.wrote.file", "wrote {path}")
WROTE_REPORT = message("cli.wrote.report", "wrote the report")
WROTE_DIAGRAM = message("cli.wrote.diagram", "wrote the diagram")
WROTE_SITE = message("cli.wrote.site", "wrote the site to {path}")
WROTE_PAGES = message("cli.wrote.pages", "wrote the Markdown pages to {path}")
# TRANSLATORS: {levels} lists the findings by level (3 error-level and 1 warning-level);
# {total} findings in all.
FAILS = plural("cli.fails", "{wrote}; exit 1: {levels} finding (fail_on: {fail_on})",
               "{wrote}; exit 1: {levels} findings (fail_on: {fail_on})", count="total")
LEVELS = {
    "error": plural("cli.fails.error", "{count} error-level", "{count} error-level"),
    "warning": plural("cli.fails.warning", "{count} warning-level", "{count} warning-level"),
    "info": plural("cli.fails.info", "{count} info-level", "{count} info-level"),
}


def emit(text: str, output: str | None) -> None:
    if output is None or output == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # `| head`: not an error worth a message (see main)
        except OSError as error:  # a full disk behind `> file`, say
            raise UsageError(STDOUT_FAILED(reason=os_reason(error))) from error
        return
    from cxmodel.writing import write_atomic

    try:
        write_atomic(output, text)
    except OSError as error:
        raise UsageError(cannot_write(output, error)) from error


def emit_bytes(data: bytes) -> None:
    """Bytes (a CSV sheet with its byte-order mark) to standard output, as they are."""
    try:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        raise
    except OSError as error:
        raise UsageError(STDOUT_FAILED(reason=os_reason(error))) from error


def write_bytes(output: str, data: bytes) -> None:
    """``data`` written to the file ``output`` atomically (or to a device such as
    /dev/stdout)."""
    from cxmodel.writing import write_atomic

    try:
        write_atomic(output, data)
    except OSError as error:
        raise UsageError(cannot_write(output, error)) from error


def use_colour(stream_is_output: bool) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    if os.environ.get("NO_COLOR"):
        return False
    return stream_is_output and sys.stdout.isatty() and os.environ.get("TERM") != "dumb"


def say_why_it_fails(wrote: Text, diagnostics: list[Diagnostic], fail_on: str) -> None:
    """After an output was written, one line on standard error when findings reach fail_on,
    so that an exit 1 after a written report is not silent:
    ``wrote gaps.html; exit 1: 3 error-level findings (fail_on: error)``."""
    from cxmodel.diagnostics import SEVERITY_RANK
    from cxmodel.messages.render import render

    if fail_on == "never":
        return
    threshold = SEVERITY_RANK[fail_on]
    counts: Counter[str] = Counter(d.severity for d in diagnostics
                                   if SEVERITY_RANK[d.severity] >= threshold)
    if not counts:
        return
    levels = Items(tuple(LEVELS[severity](count=counts[severity])
                         for severity in ("error", "warning", "info") if counts[severity]))
    said = FAILS(wrote=wrote, levels=levels, fail_on=fail_on, total=sum(counts.values()))
    sys.stderr.write(render(said) + "\n")
