"""``cxmodel check``: validate a workspace and list what is wrong."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit, use_colour

FORMATS = ("text", "json")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help="validate a workspace and list every problem with file, line and column",
        description="Load every *.yaml/*.yml file below the given folders (and the given "
        "files), check them against the cxmodel language and list each problem with its "
        "file, line and column. Exit code 0: nothing at or above --fail-on; 1: findings at "
        "or above it; 2: cxmodel could not run (bad arguments, missing path).")
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="workspace folders and/or YAML files")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the output to FILE instead of the terminal")
    parser.add_argument("--fail-on", choices=("error", "warning", "info", "never"),
                        default="error",
                        help="the lowest severity that makes the exit code 1 (default: error)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.api import load
    from cxmodel.formats import Summary, fails
    from cxmodel.loader import PathProblem

    try:
        result = load(args.paths)
    except PathProblem as problem:
        raise UsageError(str(problem)) from problem
    diagnostics = result.diagnostics
    summary = Summary.of(diagnostics, len(result.files))
    exit_code = EXIT_FINDINGS if fails(diagnostics, args.fail_on) else EXIT_OK
    if args.format == "json":
        from cxmodel.formats import json_format

        emit(json_format.render(diagnostics, summary, exit_code), args.output)
    else:
        from cxmodel.formats import text

        lines = text.source_lines({f.path: f.text for f in result.files})
        colour = use_colour(args.output in (None, "-"))
        emit(text.render(diagnostics, summary, lines, colour), args.output)
    return exit_code
