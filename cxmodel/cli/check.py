"""``cxmodel check``: validate a workspace, run the gap rules and list what they find."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmodel.app.errors import BrokenConfiguration
from cxmodel.cli import EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit, use_colour
from cxmodel.cli.workspace import (
    add_arguments,
    list_configuration_problems,
    options,
)
from cxmodel.messages.text import message, plural

if TYPE_CHECKING:
    from cxmodel.api import CheckResult
    from cxmodel.baseline import Baseline
    from cxmodel.diagnostics import Diagnostic

FORMATS = ("text", "json", "sarif", "github", "junit")
BASELINE_WRITTEN = plural("cli.check.baseline-written",
                          "cxmodel: wrote {path} with {count} finding",
                          "cxmodel: wrote {path} with {count} findings")
NO_BASELINE = message("cli.check.no-baseline",
                      "not writing the baseline {path}: the workspace does not load; fix the "
                      "errors listed first")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help="validate a workspace and list every problem and gap with its location",
        description="Load every *.yaml/*.yml file below the given folders (and the given "
        "files), check them against the cxmodel language, and when the model is valid run the "
        "gap rules (see 'cxmodel rules'). Each problem is listed with its file, line and "
        "column. Exit code 0: nothing at or above --fail-on; 1: findings at or above it; "
        "2: cxmodel could not run (bad arguments, missing path, bad .cxmodel.yaml, broken "
        "baseline).")
    add_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text): text for people, json for "
                        "scripts, sarif for code scanning, github for pull-request "
                        "annotations in GitHub Actions, junit for CI test reports")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the output to FILE instead of the terminal")
    recorded = parser.add_mutually_exclusive_group()
    recorded.add_argument("--baseline", metavar="FILE",
                          help="report only findings that are not in this baseline file")
    recorded.add_argument("--write-baseline", metavar="FILE",
                          help="record every current finding in FILE as accepted, then "
                          "report as with --baseline FILE (so nothing is left)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.app.checking import check

    try:
        checked = check(list(args.paths), options(args), args.baseline, args.write_baseline)
    except BrokenConfiguration as problem:
        list_configuration_problems(problem)
        if args.format != "text":  # CI reading JSON or SARIF gets a document that says why
            _render(args, problem.diagnostics, EXIT_FAILURE)
        raise
    if checked.written is not None:
        from cxmodel.messages.render import render

        print(render(BASELINE_WRITTEN(path=Path(args.write_baseline).as_posix(),
                                      count=checked.written)), file=sys.stderr)
    exit_code = EXIT_FINDINGS if checked.fails else EXIT_OK
    _render(args, checked.diagnostics, exit_code, checked.result, checked.accepted,
            checked.baseline)
    if args.write_baseline and checked.result.analysis is None:
        raise UsageError(NO_BASELINE(path=args.write_baseline))
    return exit_code


def _render(args: argparse.Namespace, diagnostics: list[Diagnostic], exit_code: int,
            result: CheckResult | None = None, accepted: list[Diagnostic] | None = None,
            baseline: Baseline | None = None) -> None:
    """Write the listing in the format asked for. Without ``result`` (the configuration is
    broken), the diagnostics are the configuration's."""
    from cxmodel.formats import Summary

    accepted = accepted or []
    if result is not None:
        files = {f.path: f.text for f in result.files}
        root = result.load.root
    else:
        files = {d.span.file: None for d in diagnostics}
        root = Path(diagnostics[0].span.file).parent if diagnostics else Path(".")
    summary = Summary.of(diagnostics, len(files))
    waived = result.analysis.waived if result is not None and result.analysis else []
    if args.format == "json":
        from cxmodel.formats import json_listing as json_format

        used = {"file": baseline.path, "accepted": len(accepted)} if baseline else None
        emit(json_format.render(diagnostics, summary, exit_code, waived, used), args.output)
        return
    if args.format == "junit":
        from cxmodel.formats import junit

        emit(junit.render(diagnostics, list(files)), args.output)
        return
    if args.format in ("sarif", "github"):
        from cxmodel.repository import locator

        locate = locator(root)
        if args.format == "sarif":
            from cxmodel.formats import sarif

            emit(sarif.render(diagnostics, locate), args.output)
            return
    from cxmodel.formats import terminal as text

    lines = text.source_lines(files)
    colour = args.format == "text" and use_colour(args.output in (None, "-"))
    listing = text.render(diagnostics, summary, lines, colour, waived=len(waived),
                          baselined=len(accepted))
    if args.format == "github":
        from cxmodel.formats import github

        listing = github.render(diagnostics, locate, listing)
    emit(listing, args.output)
