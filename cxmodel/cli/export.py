"""``cxmodel export``: the model in other formats: a Mermaid journey diagram, JSON, or
Markdown pages for a team's own docs site."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cxmodel.app.errors import BrokenConfiguration
from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit, emit_bytes, write_bytes
from cxmodel.cli.workspace import (
    add_arguments,
    add_language,
    explain_load_failure,
    list_configuration_problems,
    options,
)
from cxmodel.messages.text import message, plural

if TYPE_CHECKING:
    from cxmodel.model import Workspace

SEPARATORS = {"comma": ",", "semicolon": ";", "tab": "\t"}
WROTE_SHEET = message("cli.export.wrote-sheet", "wrote {path}: {journeys}, {steps}")
JOURNEYS = plural("cli.export.journeys", "{count} journey", "{count} journeys")
STEPS = plural("cli.export.steps", "{count} step", "{count} steps")
WARNING = message("cli.export.warning", "warning: {note}")
WROTE_DECK = plural("cli.export.wrote-deck", "wrote {path}: {count} slide",
                    "wrote {path}: {count} slides")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "export", help="export a journey as a Mermaid diagram, journeys as a workshop sheet, "
        "the gap report as a deck, the resolved model as JSON, or the model as Markdown "
        "pages",
        description="Export the model for other tools. Exit code 0: written; 1: the "
        "workspace does not load (its errors are listed), or for markdown and pptx (which "
        "are written all the same, as report's files are), findings reach fail_on; 2: bad "
        "arguments or paths.")
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    mermaid = kinds.add_parser(
        "mermaid", help="a journey as a Mermaid 'journey' diagram, for Markdown",
        description="Write a Mermaid 'journey' diagram of one journey: a section per stage, "
        "a task per step scored by the customer's emotion (-2..+2 as 1..5, none as 3), the "
        "departments acting in the step as actors. Paste it into a ```mermaid block.")
    mermaid.add_argument("paths", nargs="+", metavar="PATH",
                         help="workspace folders and/or YAML files")
    mermaid.add_argument("--journey", metavar="ID",
                         help="the journey to draw (needed when there are several)")
    mermaid.add_argument("-o", "--output", metavar="FILE", help="write it to FILE")
    add_language(mermaid)
    mermaid.set_defaults(run=run_mermaid)
    for kind, what in (("csv", "a CSV file (UTF-8 with BOM; semicolon-separated where the "
                               "language writes decimal commas)"),
                       ("xlsx", "an Excel workbook with a worksheet per journey")):
        sheet = kinds.add_parser(
            kind, help="journeys as a workshop sheet, one row per step",
            description=f"Write journeys as a workshop sheet, {what}: one row per step in the "
            "columns 'cxmodel import' reads, headers in the chosen language, references by "
            "name. Edit it in a spreadsheet and import it back to the same journeys. "
            "Whatever a sheet cannot hold is named on standard error. Never overwrites a "
            "file without --force.")
        sheet.add_argument("paths", nargs="+", metavar="PATH",
                           help="workspace folders and/or YAML files")
        sheet.add_argument("--journey", metavar="ID", action="append", default=[],
                           help="a journey to export (repeat for several; default: all)")
        sheet.add_argument("-o", "--output", metavar=f"FILE.{kind}", required=kind == "xlsx",
                           help="write it to FILE" + (" (default: standard output)"
                                                      if kind == "csv" else ""))
        sheet.add_argument("--force", action="store_true",
                           help="overwrite the output file if it exists")
        if kind == "csv":
            sheet.add_argument("--separator", choices=sorted(SEPARATORS),
                               help="the separator the spreadsheet that opens the file uses "
                               "(default: the language's: semicolon where the comma is the "
                               "decimal sign, as in Polish or Russian Excel)")
        add_language(sheet)
        sheet.set_defaults(run=run_sheet)
    slides = kinds.add_parser(
        "pptx", help="the gap report as a PowerPoint deck for management",
        description="Write a deck (PowerPoint .pptx, also read by Keynote, LibreOffice and "
        "Google Slides) in the run's language: a title slide; the coverage summary as a "
        "chart; the targets against their latest results, where results are recorded; a "
        "slide per journey with its service blueprint and its most urgent findings in "
        "plain words; a slide per department with its coverage and gaps. Never overwrites "
        "a file without --force.")
    add_arguments(slides)
    slides.add_argument("-o", "--output", metavar="FILE.pptx", required=True,
                        help="the deck to write")
    slides.add_argument("--title", help="the deck's title (default: a listening gap "
                        "review of the workspace folder)")
    slides.add_argument("--font-dir", action="append", default=[], metavar="FOLDER",
                        help="a folder of fonts to draw the blueprints with besides the "
                        "system's (repeatable; also CXMODEL_FONT_PATH)")
    slides.add_argument("--force", action="store_true",
                        help="overwrite the output file if it exists")
    slides.set_defaults(run=run_deck)
    model = kinds.add_parser(
        "json", help="the resolved model as JSON",
        description="Write the whole model as JSON: every element with its references as "
        "ids, plus derived facts (touchpoints, responsible departments, the listening posts "
        "covering each step, hand-offs). The format is documented in "
        "docs/import-export.md.")
    model.add_argument("paths", nargs="+", metavar="PATH",
                       help="workspace folders and/or YAML files")
    model.add_argument("-o", "--output", metavar="FILE", help="write it to FILE")
    add_language(model)
    model.set_defaults(run=run_json)
    pages = kinds.add_parser(
        "markdown", help="the model and its gaps as Markdown pages for MkDocs, Docusaurus, "
        "Hugo or Backstage TechDocs",
        description="Write the model as a folder of Markdown pages that static site "
        "generators read: an index, a page per journey (goal, owner, persona, the blueprint "
        "and journey map as SVG beside it, the steps, the findings and how to fix them), per "
        "channel, department, listening post, metric and persona, and the gap report. "
        "CommonMark with GitHub tables, YAML front matter (title, description, tags), "
        "relative links, no raw HTML. Re-running replaces only what it wrote; a non-empty "
        "folder cxmodel did not write is refused unless --force. Recipes: docs/site.md.")
    add_arguments(pages)
    pages.add_argument("-o", "--output", metavar="DIR", required=True,
                       help="the folder to write the pages into (e.g. docs/cx of an MkDocs "
                       "project)")
    pages.add_argument("--title", help="the index page's title (default: the workspace "
                       "folder)")
    pages.add_argument("--force", action="store_true",
                       help="write into a non-empty folder that cxmodel did not write")
    pages.add_argument("--quiet", action="store_true", help="no summary output")
    pages.set_defaults(run=run_markdown)


def _workspace(args: argparse.Namespace) -> Workspace | None:
    """The loaded model; None after listing its errors on standard error."""
    from cxmodel.app.export import load_model
    from cxmodel.formats import Summary
    from cxmodel.formats import terminal as text
    from cxmodel.parallel import available_cores

    try:
        result = load_model(list(args.paths), available_cores(), args.lang)
    except BrokenConfiguration as problem:
        sys.stderr.write(text.render(problem.diagnostics, Summary.of(problem.diagnostics, 1)))
        raise
    if result.workspace is None:
        explain_load_failure(result, "export")
    return result.workspace


def run_mermaid(args: argparse.Namespace) -> int:
    from cxmodel.app.export import export_mermaid

    ws = _workspace(args)
    if ws is None:
        return EXIT_FINDINGS
    emit(export_mermaid(ws, args.journey), args.output)
    return EXIT_OK


def run_sheet(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cxmodel.app.export import export_sheet
    from cxmodel.cli.import_sheet import EXISTS, taken
    from cxmodel.messages.render import render
    from cxmodel.text import visible

    output = args.output if args.output not in (None, "-") else None
    if output is not None and taken(Path(output)) and not args.force:
        raise UsageError(EXISTS(path=Path(output).as_posix()))
    ws = _workspace(args)
    if ws is None:
        return EXIT_FINDINGS
    separator = SEPARATORS[args.separator] if getattr(args, "separator", None) else None
    exported = export_sheet(ws, args.journey, args.kind, separator)
    for note in exported.left_out:
        print(visible(render(WARNING(note=note))), file=sys.stderr)
    if output is None:
        emit_bytes(exported.data)
        return EXIT_OK
    write_bytes(output, exported.data)
    print(render(WROTE_SHEET(path=Path(output).as_posix(), journeys=JOURNEYS(
        count=exported.journeys), steps=STEPS(count=exported.steps))))
    return EXIT_OK


def run_deck(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cxmodel.app.deck import export_deck
    from cxmodel.cli.import_sheet import EXISTS, taken
    from cxmodel.cli.output import say_why_it_fails
    from cxmodel.messages.render import render

    output = Path(args.output)
    if taken(output) and not args.force:
        raise UsageError(EXISTS(path=output.as_posix()))
    try:
        outcome = export_deck(list(args.paths), args.title, options(args), args.font_dir)
    except BrokenConfiguration as problem:
        list_configuration_problems(problem)
        raise
    result = outcome.result
    if outcome.data is None:
        explain_load_failure(result, "export")
        return EXIT_FINDINGS
    write_bytes(args.output, outcome.data)
    wrote = WROTE_DECK(path=output.as_posix(), count=outcome.slides)
    if not result.fails():
        print(render(wrote))
        return EXIT_OK
    say_why_it_fails(wrote, result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS


def run_json(args: argparse.Namespace) -> int:
    from cxmodel.app.export import export_json

    ws = _workspace(args)
    if ws is None:
        return EXIT_FINDINGS
    emit(export_json(ws), args.output)
    return EXIT_OK


def run_markdown(args: argparse.Namespace) -> int:
    from pathlib import Path

    from cxmodel.app.export import export_markdown
    from cxmodel.cli.output import WROTE_PAGES, say_why_it_fails
    from cxmodel.cli.site import tell_what_was_written

    try:
        outcome = export_markdown(list(args.paths), Path(args.output), args.title,
                                  options(args), args.force)
    except BrokenConfiguration as problem:
        list_configuration_problems(problem)
        raise
    out = outcome.folder.as_posix()
    result, written = outcome.result, outcome.written
    if written is None:
        explain_load_failure(result, "export")
        return EXIT_FINDINGS
    tell_what_was_written(result, out, written.built, written.not_drawn, written.failed,
                          args.quiet)
    if written.not_drawn or written.failed:
        return EXIT_FINDINGS
    if not result.fails():
        return EXIT_OK
    say_why_it_fails(WROTE_PAGES(path=out), result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS
