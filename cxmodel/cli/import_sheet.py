"""``cxmodel import csv|xlsx``: turn a workshop sheet (one row per step) into a journey
file, linked to the workspace it is written into."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit
from cxmodel.cli.workspace import add_language, positive
from cxmodel.importer import MAX_ROWS
from cxmodel.messages.text import Name, message, plural
from cxmodel.writing import is_stream

if TYPE_CHECKING:
    from cxmodel.importer.problems import SheetProblem

EXISTS = message("cli.import.exists", "{path} already exists; use --force to overwrite it")
NOTHING_WRITTEN = plural("cli.import.nothing-written", "Nothing written: {count} error in {sheet}.",
                         "Nothing written: {count} errors in {sheet}.")
WROTE = message("cli.import.wrote", "wrote {path}: {summary}")
READ = message("cli.import.read", "read {summary}")
# What the rest of the workspace must define: ids, and the text of the sheet they were made
# of when it differs: web, contact-centre ('Contact centre').
MUST_DEFINE = {
    "departments": message("cli.import.define-departments",
                           "The workspace must define these departments: {ids}."),
    "channels": message("cli.import.define-channels",
                        "The workspace must define these channels: {ids}."),
    "personas": message("cli.import.define-personas",
                        "The workspace must define these personas: {ids}."),
    "metrics": message("cli.import.define-metrics",
                       "The workspace must define these metrics: {ids}."),
    "problems": message("cli.import.define-problems",
                        "The workspace must define these problems: {ids}."),
    "offers": message("cli.import.define-offers",
                      "The workspace must define these offers: {ids}."),
}
# What is new to the workspace the sheet was linked to, defined in the file written.
CREATED = {
    "departments": message("cli.import.new-departments",
                           "New departments, defined in the file: {ids}."),
    "channels": message("cli.import.new-channels", "New channels, defined in the file: {ids}."),
    "personas": message("cli.import.new-personas", "New personas, defined in the file: {ids}."),
    "metrics": message("cli.import.new-metrics", "New metrics, defined in the file: {ids}."),
    "problems": message("cli.import.new-problems", "New problems, defined in the file: {ids}."),
    "offers": message("cli.import.new-offers", "New offers, defined in the file: {ids}."),
}
NOT_RESULTS_CSV = message(
    "cli.import.results-csv-name", "{path}: a workspace reads results kept as CSV from files "
    "named *.results.csv; name it {name}")
WROTE_RESULTS = plural("cli.import.wrote-results", "wrote {path}: {results} result (rows in "
                       "the export: {rows})", "wrote {path}: {results} results (rows in the "
                       "export: {rows})", count="results")
LINKED = message("cli.import.linked", "Linked to the workspace {path}.")

def register(commands: Any) -> None:
    parser = commands.add_parser(
        "import", help="import a workshop sheet (CSV or Excel) as a journey file",
        description="Turn what a workshop produced into cxmodel files.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, suffix, what in (
            ("csv", "csv", "a CSV sheet (comma, semicolon or tab separated; UTF-8 with or "
             "without BOM)"),
            ("xlsx", "xlsx", "an Excel workbook: one worksheet with a journey column, or one "
             "worksheet per journey, named after it")):
        sheet = kinds.add_parser(
            kind, help="a sheet with one row per step",
            description=f"Read {what} with one row per step and the header columns step, "
            "journey and any of the columns listed in docs/import-export.md (any order, any "
            "case, in any of cxmodel's languages), and write a journey file that loads with "
            "the rest of a workspace. Written inside a workspace (a folder with .cxmodel.yaml "
            "or cxmodel.schema.json) or with --workspace, channels, departments, personas, "
            "metrics, problems and offers are linked to what it defines, by id or name; near "
            "misses are listed with a suggestion, and what is new is defined in the file. "
            "Exit code 0: written; 1: the sheet has malformed rows (each is listed, nothing "
            "is written); 2: bad arguments, a missing sheet, or an output file that exists "
            "without --force.")
        sheet.add_argument("sheet", metavar=f"SHEET.{suffix}", help="the sheet to read")
        sheet.add_argument("-o", "--output", metavar="FILE.yaml",
                           help="the journey file to write (default: standard output)")
        sheet.add_argument("--workspace", metavar="DIR",
                           help="the workspace to link references to (default: the one the "
                           "output file is in)")
        sheet.add_argument("--force", action="store_true",
                           help="overwrite the output file if it exists")
        sheet.add_argument("--max-rows", type=positive, default=MAX_ROWS, metavar="N",
                           help=f"the most rows below the header to import (default "
                           f"{MAX_ROWS:,}); a longer sheet is refused")
        add_language(sheet)
    results = kinds.add_parser(
        "results", help="results from a survey platform's export (CSV)",
        description="Read a CSV export of results into a results file (results:): either "
        "one value per row (columns period, metric, value, responses and one of channel, "
        "journey, step or post; listening_post optional) or one answer per row with a date "
        "column, aggregated by --period (the mean for a scale, NPS as promoters minus "
        "detractors). Metrics, channels, journeys and posts are named by id or display name "
        "and linked to the workspace. Exit code 0: written; 1: the export has problems "
        "(each listed with its row and column, nothing written); 2: bad arguments, no "
        "workspace, or an output that exists without --force.")
    results.add_argument("sheet", metavar="EXPORT.csv", help="the export to read")
    results.add_argument("-o", "--output", metavar="FILE", required=True,
                         help="the results file to write: FILE.yaml, or FILE.results.csv for "
                         "a table of one result a row (a year of a large programme's results "
                         "reads several times faster)")
    results.add_argument("--workspace", metavar="DIR",
                         help="the workspace to link to (default: the one the output is in)")
    results.add_argument("--period", choices=("month", "quarter", "half-year", "year"),
                         default="month",
                         help="the period answers are grouped by, for an export of one answer "
                         "per row (default: month)")
    results.add_argument("--force", action="store_true",
                         help="overwrite the output file if it exists")
    results.add_argument("--max-rows", type=positive, default=MAX_ROWS, metavar="N",
                         help=f"the most rows to import (default {MAX_ROWS:,})")
    add_language(results)
    parser.set_defaults(run=run)


def _listing(template: Any, table: dict[str, str | None]) -> str:
    from cxmodel.messages.render import quoted, render

    named = [ident if text is None or text == ident else f"{ident} ({quoted(text)})"
             for ident, text in table.items()]
    return render(template(ids=", ".join(named)))


def taken(output: Path) -> bool:
    """Whether writing ``output`` would replace something: a file, a folder or a symlink,
    even a dangling one ('cxmodel init' counts it too). A device or a pipe (/dev/null,
    /dev/stdout) is written to, not replaced."""
    return os.path.lexists(output) and not is_stream(output)


def run(args: argparse.Namespace) -> int:
    if args.kind == "results":
        return run_results(args)
    from cxmodel.app.importing import SheetError, import_sheet
    from cxmodel.messages.render import render
    from cxmodel.text import visible

    output = Path(args.output) if args.output not in (None, "-") else None
    if output is not None and taken(output) and not args.force:
        raise UsageError(EXISTS(path=output.as_posix()))
    source = Path(args.sheet)
    name = source.as_posix()
    try:
        imported = import_sheet(source, output, args.max_rows,
                                Path(os.path.normpath(args.workspace)) if args.workspace
                                else None, args.kind, args.lang)
    except SheetError as failure:
        return _refused(failure.problems, name)
    notes = sys.stdout if output is not None else sys.stderr
    for problem in sorted(imported.warnings, key=_place):
        print(_listed(problem, name), file=sys.stderr)
    emit(imported.text, args.output if output is not None else None)
    print(render(WROTE(path=output.as_posix(), summary=imported.summary)
                 if output is not None else READ(summary=imported.summary)), file=notes)
    sheet = imported.sheet
    if imported.workspace is not None:
        from cxmodel.loader.discover import display_path

        print(render(LINKED(path=Name(display_path(imported.workspace)))), file=notes)
    for kind, table in sheet.created.items():
        print(visible(_listing(CREATED[kind], table)), file=notes)
    for kind, references in sheet.references.items():
        print(visible(_listing(MUST_DEFINE[kind], dict(sorted(references.items())))),
              file=notes)
    return EXIT_OK


def run_results(args: argparse.Namespace) -> int:
    from cxmodel.app.importing import SheetError, import_results
    from cxmodel.loader.csv_results import RESULTS_CSV_SUFFIX
    from cxmodel.loader.discover import display_path
    from cxmodel.messages.render import render

    output = Path(args.output)
    if output.suffix.lower() == ".csv" and not output.name.endswith(RESULTS_CSV_SUFFIX):
        raise UsageError(NOT_RESULTS_CSV(path=output.as_posix(), name=output.name[:-4]
                                         + RESULTS_CSV_SUFFIX))
    if taken(output) and not args.force:
        raise UsageError(EXISTS(path=output.as_posix()))
    name = Path(args.sheet).as_posix()
    try:
        imported = import_results(Path(args.sheet), output,
                                  Path(os.path.normpath(args.workspace)) if args.workspace
                                  else None, args.period, args.lang, args.max_rows)
    except SheetError as failure:
        return _refused(failure.problems, name)
    emit(imported.text, args.output)
    print(render(WROTE_RESULTS(path=output.as_posix(), results=imported.results,
                               rows=imported.rows)))
    print(render(LINKED(path=Name(display_path(imported.workspace)))))
    return EXIT_OK


def _refused(problems: list[SheetProblem], name: str) -> int:
    """List the sheet's problems in its order, say that nothing was written: exit 1."""
    from cxmodel.messages.render import render

    for problem in sorted(problems, key=_place):
        print(_listed(problem, name), file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    print(render(NOTHING_WRITTEN(count=errors, sheet=name)), file=sys.stderr)
    return EXIT_FINDINGS


def _place(problem: SheetProblem) -> tuple[str, int, int]:
    """Problems are listed in the sheet's order: by worksheet, row and column."""
    return (problem.sheet or "", problem.row or 0,
            problem.column if problem.column is not None else -1)


def _listed(problem: SheetProblem, name: str) -> str:
    """A problem as a line for the terminal: a cell's escape sequences, carriage returns and
    text-direction characters shown as <U+XXXX>, never acted on."""
    from cxmodel.messages.render import render
    from cxmodel.text import visible

    return visible(f"{render(problem.where(name))}: {problem.severity}: "
                   f"{render(problem.message)}")
