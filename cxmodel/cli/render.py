"""``cxmodel render``: diagrams of the model as SVG, PNG, PDF or DOT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import (
    WROTE_DIAGRAM,
    WROTE_DIAGRAMS,
    WROTE_FILE,
    emit,
    say_why_it_fails,
)
from cxmodel.cli.workspace import (
    add_arguments,
    explain_load_failure,
    list_problems,
    run_check,
)
from cxmodel.messages.text import message, plural

VIEWS = ("blueprint", "journey", "channels", "ownership")
FORMATS = ("svg", "png", "pdf", "dot")
ALL_NEEDS_FOLDER = message("cli.render.all-needs-folder",
                           "--all needs -o DIR, the folder to write the diagrams into")
BINARY = message("cli.render.binary", "{format} is binary: give a file with -o")
WROTE = plural("cli.render.wrote", "wrote {count} diagram to {folder}",
               "wrote {count} diagrams to {folder}")
NOTHING_DRAWN = message("cli.render.nothing-drawn", "Nothing drawn.")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "render", help="draw a service blueprint, journey map, channel map or ownership map",
        description="Draw a diagram of the workspace. blueprint and journey need --journey "
        "(unless the workspace has one journey); --all writes every journey's blueprint and "
        "journey map, and the channel and ownership maps, into a folder. SVG works "
        "everywhere (an embedded Graphviz is used when the system one is missing); PNG and "
        "PDF need the system Graphviz.")
    add_arguments(parser)
    parser.add_argument("--view", choices=VIEWS, default="blueprint",
                        help="which diagram (default: blueprint)")
    parser.add_argument("--journey", metavar="ID", help="the journey to draw")
    parser.add_argument("--format", choices=FORMATS, default="svg",
                        help="image format (default: svg)")
    parser.add_argument("-o", "--output", metavar="FILE|DIR",
                        help="the file to write (with --all: the folder); default: standard "
                        "output for svg and dot")
    parser.add_argument("--all", action="store_true",
                        help="every journey's blueprint and journey map plus the channel and "
                        "ownership maps, into the folder given by -o")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.app.render import check_format, render_all, render_view
    from cxmodel.cli.progress import ProgressBar
    from cxmodel.diagrams import engine
    from cxmodel.messages.render import render
    from cxmodel.said import cannot_write, why
    from cxmodel.writing import write_atomic

    if args.all and not args.output:
        raise UsageError(ALL_NEEDS_FOLDER())
    if args.format in ("png", "pdf") and not args.output:
        raise UsageError(BINARY(format=args.format.upper()))
    check_format(args.format)  # before reading the workspace
    result = run_check(args)
    if result.workspace is None:
        explain_load_failure(result, "render")
        return EXIT_FINDINGS
    try:
        if args.all:
            folder = Path(args.output)
            drawings = render_all(result, args.format)
            written = 0
            progress = ProgressBar.on_terminal()
            try:
                for name, drawing in drawings.drawn:
                    write_atomic(folder / f"{name}.{args.format}", drawing())
                    written += 1
                    progress("diagrams", written, drawings.total)
            finally:
                progress.finish()
            if drawings.not_drawn:
                list_problems(result, drawings.not_drawn)
            sys.stderr.write(render(WROTE(count=written, folder=folder.as_posix())) + "\n")
            not_drawn = drawings.not_drawn
        else:
            one = render_view(result, args.view, args.journey, args.format)
            if one.output is None:
                list_problems(result, one.not_drawn)
                sys.stderr.write(render(NOTHING_DRAWN()) + "\n")
                return EXIT_FINDINGS
            if args.output:
                write_atomic(args.output, one.output)
            else:
                emit(one.output.decode("utf-8"), None)
            not_drawn = []
    except engine.EngineError as problem:
        raise UsageError(why(problem)) from problem
    except OSError as problem:
        raise UsageError(cannot_write(args.output, problem)) from problem
    if not_drawn:
        return EXIT_FINDINGS
    if not result.fails():
        return EXIT_OK
    if args.all:
        wrote = WROTE_DIAGRAMS(path=args.output)
    else:
        wrote = WROTE_FILE(path=args.output) if args.output else WROTE_DIAGRAM()
    say_why_it_fails(wrote, result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS
