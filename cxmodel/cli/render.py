"""``cxmodel render``: diagrams of the model as SVG, PNG, PDF or DOT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit, say_why_it_fails
from cxmodel.cli.workspace import (
    add_arguments,
    explain_load_failure,
    list_problems,
    run_check,
)

VIEWS = ("blueprint", "journey", "channels", "ownership")
FORMATS = ("svg", "png", "pdf", "dot")


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
    from cxmodel.diagrams import engine

    if args.all and not args.output:
        raise UsageError("--all needs -o DIR, the folder to write the diagrams into")
    if args.format in ("png", "pdf") and not args.output:
        raise UsageError(f"{args.format.upper()} is binary: give a file with -o")
    if args.format in ("png", "pdf") and engine.native_dot() is None:
        raise UsageError(f"{args.format.upper()} output needs the system Graphviz, which is "
                         f"not installed: {engine.INSTALL_HINT}")
    result = run_check(args)
    ws = result.workspace
    if ws is None:
        explain_load_failure(result, "Nothing drawn")
        return EXIT_FINDINGS
    from cxmodel.diagnostics import Diagnostic
    from cxmodel.diagrams.batch import draw_many, ready
    from cxmodel.diagrams.views import (
        MAPS,
        all_diagrams,
        diagram,
        drawable_map,
        pick_journey,
        too_long,
    )

    limits = result.config.limits
    oversized = too_long(ws, limits)
    root = result.load.root
    not_drawn: list[Diagnostic] = []
    try:
        if args.all:
            folder = Path(args.output)
            from cxmodel.writing import write_atomic

            not_drawn.extend(oversized.values())
            jobs = []
            for name, make in all_diagrams(ws, skip=oversized):
                if name in MAPS:
                    drawn = drawable_map(ws, name, limits, root)
                    if isinstance(drawn, Diagnostic):
                        not_drawn.append(drawn)
                        continue
                    make = ready(*drawn)
                jobs.append((name, make))
            written = 0
            for name, drawing in draw_many(jobs, args.format):
                write_atomic(folder / f"{name}.{args.format}", drawing())
                written += 1
            if not_drawn:
                list_problems(result, not_drawn)
            sys.stderr.write(f"wrote {written} diagrams to {folder.as_posix()}\n")
        else:
            try:
                if args.view in MAPS:
                    drawn = drawable_map(ws, args.view, limits, root)
                    if isinstance(drawn, Diagnostic):
                        not_drawn.append(drawn)
                else:
                    journey = pick_journey(ws, args.journey)
                    if journey in oversized:
                        not_drawn.append(oversized[journey])
                    drawn = ("", "") if not_drawn else diagram(ws, args.view, args.journey)
            except LookupError as problem:
                raise UsageError(str(problem.args[0])) from problem
            if not_drawn or isinstance(drawn, Diagnostic):
                list_problems(result, not_drawn)
                sys.stderr.write("Nothing drawn.\n")
                return EXIT_FINDINGS
            dot, layout = drawn
            output = engine.render(dot, args.format, layout)
            if args.output:
                from cxmodel.writing import write_atomic

                write_atomic(args.output, output)
            else:
                emit(output.decode("utf-8"), None)
    except engine.EngineError as problem:
        raise UsageError(str(problem)) from problem
    except OSError as problem:
        raise UsageError(f"cannot write {args.output}: {problem.strerror or problem}") from problem
    if not_drawn:
        return EXIT_FINDINGS
    if not result.fails():
        return EXIT_OK
    if args.all:
        wrote = f"wrote the diagrams to {args.output}"
    else:
        wrote = f"wrote {args.output}" if args.output else "wrote the diagram"
    say_why_it_fails(wrote, result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS
