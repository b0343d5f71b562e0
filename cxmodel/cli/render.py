"""``cxmodel render``: diagrams of the model as SVG, PNG, PDF or DOT."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import (
    WROTE_DIAGRAM,
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
# TRANSLATORS: -o names a file whose extension is no format render draws (bp.jpg).
UNKNOWN_SUFFIX = message("cli.render.unknown-suffix",
                         "{file}: render draws SVG, PNG, PDF and DOT, not {suffix}; name the "
                         "file .svg, .png, .pdf or .dot, or give --format")
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
        "PDF are drawn from it with the fonts cxmodel ships and the system's, no system "
        "package needed.")
    add_arguments(parser)
    parser.add_argument("--view", choices=VIEWS, default="blueprint",
                        help="which diagram (default: blueprint)")
    parser.add_argument("--journey", metavar="ID", help="the journey to draw")
    parser.add_argument("--format", choices=FORMATS, default=None,
                        help="image format (default: the -o file's extension, .png, .pdf, "
                        ".dot or .svg; else svg)")
    parser.add_argument("-o", "--output", metavar="FILE|DIR",
                        help="the file to write (with --all: the folder); default: standard "
                        "output for svg and dot")
    parser.add_argument("--dpi", type=_positive("--dpi", 10, 1200), default=96.0,
                        help="PNG resolution in dots per inch (default: 96; 300 for print)")
    parser.add_argument("--scale", type=_positive("--scale", 0.1, 10), default=1.0,
                        help="PNG and PDF size, times the diagram's own (default: 1)")
    parser.add_argument("--font-dir", action="append", default=[], metavar="FOLDER",
                        help="a folder of fonts to draw PNG and PDF with besides the "
                        "system's (repeatable; also CXMODEL_FONT_PATH)")
    parser.add_argument("--all", action="store_true",
                        help="every journey's blueprint and journey map plus the channel and "
                        "ownership maps, into the folder given by -o")
    parser.set_defaults(run=run)


def _positive(flag: str, least: float, most: float) -> Any:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            value = float("nan")
        if not least <= value <= most:
            raise argparse.ArgumentTypeError(
                f"{flag} takes a number from {least:g} to {most:g}, not {text!r}")
        return value

    return parse


def run(args: argparse.Namespace) -> int:
    from cxmodel.app.render import render_all, render_view
    from cxmodel.cli.progress import ProgressBar
    from cxmodel.diagrams import engine
    from cxmodel.diagrams.pictures import Picture, font_dirs
    from cxmodel.messages.render import render
    from cxmodel.said import cannot_write, why
    from cxmodel.writing import write_atomic

    if args.format is None:  # -o bp.png draws a PNG, not an SVG named .png
        suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
        if suffix and suffix not in FORMATS and not args.all:
            raise UsageError(UNKNOWN_SUFFIX(file=Path(args.output).name, suffix="." + suffix))
        args.format = suffix if suffix in FORMATS and not args.all else "svg"
    if args.all and not args.output:
        raise UsageError(ALL_NEEDS_FOLDER())
    if args.format in ("png", "pdf") and not args.output:
        raise UsageError(BINARY(format=args.format.upper()))
    picture = Picture(args.dpi, args.scale, font_dirs(args.font_dir))
    result = run_check(args)
    if result.workspace is None:
        explain_load_failure(result, "render")
        return EXIT_FINDINGS
    try:
        if args.all:
            folder = Path(args.output)
            drawings = render_all(result, args.format, picture)
            for note in drawings.notes:
                sys.stderr.write(render(note) + "\n")
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
            wrote_all = WROTE(count=written, folder=folder.as_posix())
            if drawings.not_drawn or not result.fails():  # (else said once, below)
                sys.stderr.write(render(wrote_all) + "\n")
            not_drawn = drawings.not_drawn
        else:
            one = render_view(result, args.view, args.journey, args.format, picture)
            for note in one.notes:
                sys.stderr.write(render(note) + "\n")
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
        wrote = wrote_all
    else:
        wrote = WROTE_FILE(path=args.output) if args.output else WROTE_DIAGRAM()
    say_why_it_fails(wrote, result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS
