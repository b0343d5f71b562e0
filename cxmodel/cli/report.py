"""``cxmodel report``: the gap report as HTML, Markdown, JSON or CSV."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK
from cxmodel.cli.output import WROTE_FILE, WROTE_REPORT, emit, say_why_it_fails
from cxmodel.cli.workspace import add_arguments, explain_load_failure, run_check

FORMATS = ("html", "md", "json", "csv")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "report", help="write the gap report (HTML, Markdown, JSON or CSV)",
        description="Analyse the workspace and write the gap report: coverage per journey, "
        "stage, channel and department, the journeys x channels coverage matrix, the findings "
        "grouped by family and by department, and the waivers with their reasons. If the "
        "model does not load (CX0xx errors) no report is written: the errors are listed and "
        "the exit code is 1.")
    add_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="html",
                        help="report format (default: html)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the report to FILE (default: standard output)")
    parser.add_argument("--title", help="the report's title (default: the workspace folder)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.app.gap_report import report

    result = run_check(args)
    if result.analysis is None or result.workspace is None:
        explain_load_failure(result, "report")
        return EXIT_FINDINGS
    emit(report(result, args.format, args.title), args.output)
    if not result.fails():
        return EXIT_OK
    to_file = args.output not in (None, "-")
    say_why_it_fails(WROTE_FILE(path=args.output) if to_file else WROTE_REPORT(),
                     result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS
