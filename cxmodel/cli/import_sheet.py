"""``cxmodel import csv``: turn a workshop sheet (one row per step) into a journey file."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit
from cxmodel.cli.workspace import positive
from cxmodel.importer import MAX_ROWS
from cxmodel.writing import is_stream

if TYPE_CHECKING:
    from cxmodel.importer.csv_sheet import SheetProblem

SCHEMA_FILE = "cxmodel.schema.json"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import", help="import a workshop sheet (CSV) as a journey file",
        description="Turn what a workshop produced into cxmodel files.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    sheet = kinds.add_parser(
        "csv", help="a sheet with one row per step",
        description="Read a CSV sheet with one row per step and the header columns journey, "
        "step and any of stage, channel, customer, frontstage, backstage, support, evidence, "
        "emotion, moment_of_truth (any order, any case; comma, semicolon or tab separated; "
        "UTF-8 with or without BOM) and write a journey file that loads with the rest of a "
        "workspace. Stages and steps keep the sheet's order; ids are made from names. Exit "
        "code 0: written; 1: the sheet has malformed rows (each is listed, nothing is "
        "written); 2: bad arguments, a missing sheet, or an output file that exists without "
        "--force.")
    sheet.add_argument("sheet", metavar="SHEET.csv", help="the sheet to read")
    sheet.add_argument("-o", "--output", metavar="FILE.yaml",
                       help="the journey file to write (default: standard output)")
    sheet.add_argument("--force", action="store_true",
                       help="overwrite the output file if it exists")
    sheet.add_argument("--max-rows", type=positive, default=MAX_ROWS, metavar="N",
                       help=f"the most rows below the header to import (default {MAX_ROWS:,}); "
                       "a longer sheet is refused")
    parser.set_defaults(run=run)


def schema_reference(output: Path | None) -> str:
    """Where the modeline points: the nearest cxmodel.schema.json at or above the output's
    folder, relative to it; else one beside it (what 'cxmodel init' writes)."""
    if output is None:
        return SCHEMA_FILE
    folder = output.absolute().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return Path(os.path.relpath(candidate / SCHEMA_FILE, folder)).as_posix()
    return SCHEMA_FILE


def _references(kind: str, table: dict[str, str]) -> str:
    named = [ident if text == ident else f"{ident} ('{text}')"
             for ident, text in sorted(table.items())]
    return f"The workspace must define these {kind}: {', '.join(named)}."


def _taken(output: Path) -> bool:
    """Whether writing ``output`` would replace something: a file, a folder or a symlink,
    even a dangling one ('cxmodel init' counts it too). A device or a pipe (/dev/null,
    /dev/stdout) is written to, not replaced."""
    return os.path.lexists(output) and not is_stream(output)


def _read(sheet: Path) -> bytes:
    """The sheet's bytes: a regular file, at most MAX_SHEET_BYTES (as workspace files)."""
    from cxmodel.importer.csv_sheet import MAX_SHEET_BYTES
    from cxmodel.loader.reading import FileTooLarge, read_regular_file
    from cxmodel.writing import protect

    try:
        data = read_regular_file(sheet, MAX_SHEET_BYTES)
        protect([sheet])  # -o must not replace the sheet, even with --force
        return data
    except FileTooLarge as error:
        raise UsageError(f"{sheet.as_posix()} {error} for a sheet, the same as for a "
                         "workspace file") from error
    except OSError as error:
        raise UsageError(f"{sheet.as_posix()}: {error.strerror or error}") from error


def run(args: argparse.Namespace) -> int:
    from cxmodel.importer.csv_sheet import SheetError, read_sheet
    from cxmodel.importer.journey_file import journey_file_text

    output = Path(args.output) if args.output not in (None, "-") else None
    if output is not None and _taken(output) and not args.force:
        raise UsageError(f"{output.as_posix()} already exists; use --force to overwrite it")
    source = Path(args.sheet)
    data = _read(source)
    name = source.as_posix()
    try:
        sheet = read_sheet(data, args.max_rows)
    except SheetError as failure:
        for problem in failure.problems:
            print(_listed(problem, name), file=sys.stderr)
        errors = sum(1 for p in failure.problems if p.severity == "error")
        print(f"Nothing written: {errors} error{'' if errors == 1 else 's'} in {name}.",
              file=sys.stderr)
        return EXIT_FINDINGS
    text = journey_file_text(sheet.journeys, source.name, schema_reference(output),
                             sorted(sheet.channels), sorted(sheet.departments))
    notes = sys.stdout if output is not None else sys.stderr
    for problem in sheet.warnings:
        print(_listed(problem, name), file=sys.stderr)
    emit(text, args.output if output is not None else None)
    journeys = len(sheet.journeys)
    stages = sum(len(j.get("stages", ())) for j in sheet.journeys)
    summary = (f"{journeys} journey{'' if journeys == 1 else 's'}, {stages} "
               f"stage{'' if stages == 1 else 's'}, {sheet.steps} "
               f"step{'' if sheet.steps == 1 else 's'}")
    print(f"wrote {output.as_posix()}: {summary}" if output is not None else
          f"read {summary}", file=notes)
    from cxmodel.text import visible

    if sheet.channels:
        print(visible(_references("channels", sheet.channels)), file=notes)
    if sheet.departments:
        print(visible(_references("departments", sheet.departments)), file=notes)
    return EXIT_OK


def _listed(problem: SheetProblem, name: str) -> str:
    """A problem as a line for the terminal: a cell's escape sequences, carriage returns and
    text-direction characters shown as <U+XXXX>, never acted on."""
    from cxmodel.text import visible

    return visible(f"{problem.where(name)}: {problem.severity}: {problem.message}")
