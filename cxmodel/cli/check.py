"""``cxmodel check``: validate a workspace, run the gap rules and list what they find."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK
from cxmodel.cli.output import emit, use_colour
from cxmodel.cli.workspace import add_arguments, run_check

FORMATS = ("text", "json")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "check", help="validate a workspace and list every problem and gap with its location",
        description="Load every *.yaml/*.yml file below the given folders (and the given "
        "files), check them against the cxmodel language, and when the model is valid run the "
        "gap rules (see 'cxmodel rules'). Each problem is listed with its file, line and "
        "column. Exit code 0: nothing at or above --fail-on; 1: findings at or above it; "
        "2: cxmodel could not run (bad arguments, missing path, bad .cxmodel.yaml).")
    add_arguments(parser)
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="output format (default: text)")
    parser.add_argument("-o", "--output", metavar="FILE",
                        help="write the output to FILE instead of the terminal")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.formats import Summary

    result = run_check(args)
    diagnostics = result.diagnostics
    summary = Summary.of(diagnostics, len(result.files))
    exit_code = EXIT_FINDINGS if result.fails() else EXIT_OK
    waived = result.analysis.waived if result.analysis is not None else []
    if args.format == "json":
        from cxmodel.formats import json_format

        emit(json_format.render(diagnostics, summary, exit_code, waived), args.output)
    else:
        from cxmodel.formats import text

        lines = text.source_lines({f.path: f.text for f in result.files})
        colour = use_colour(args.output in (None, "-"))
        emit(text.render(diagnostics, summary, lines, colour, waived=len(waived)), args.output)
    return exit_code
