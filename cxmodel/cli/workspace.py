"""Options every command that reads a workspace shares, opening the workspace with them,
and listing its problems on standard error."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cxmodel.app.errors import BrokenConfiguration
from cxmodel.diagnostics import FAIL_LEVELS
from cxmodel.messages.text import message

if TYPE_CHECKING:
    from cxmodel.api import CheckResult, LoadResult
    from cxmodel.app.workspace import RunOptions
    from cxmodel.diagnostics import Diagnostic

# What was not produced when the workspace does not load, by command.
NOT_PRODUCED = {
    "report": message("cli.not-produced.report",
                      "No report written: fix the errors above first."),
    "render": message("cli.not-produced.render", "Nothing drawn: fix the errors above first."),
    "export": message("cli.not-produced.export",
                      "Nothing exported: fix the errors above first."),
    "site": message("cli.not-produced.site", "No site written: fix the errors above first."),
}

# The application layer and the formats are imported when a command runs, not when the
# parser is built: `cxmodel --help` and every command start without them.

__all__ = [
    "FAIL_LEVELS",
    "add_arguments",
    "add_language",
    "explain_load_failure",
    "language",
    "list_configuration_problems",
    "list_problems",
    "options",
    "positive",
    "run_check",
    "workers",
]


def add_arguments(parser: Any, jobs: bool = True) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="workspace folders and/or YAML files")
    if jobs:
        parser.add_argument("-j", "--jobs", type=positive, metavar="N",
                            help="processes that read and check the files (default: one per "
                            "core, for workspaces over 1 MB; 1: this process only)")
    parser.add_argument("--select", metavar="CODES",
                        help="only these rules: comma-separated codes or prefixes (CX1,CX201); "
                        "overrides select in .cxmodel.yaml")
    parser.add_argument("--ignore", metavar="CODES",
                        help="not these rules: comma-separated codes or prefixes; overrides "
                        "ignore in .cxmodel.yaml")
    parser.add_argument("--fail-on", choices=FAIL_LEVELS, default=None,
                        help="the lowest severity that makes the exit code 1 (default: "
                        "fail_on in .cxmodel.yaml, else error)")
    add_language(parser)


def add_language(parser: Any) -> None:
    parser.add_argument("--lang", type=language, metavar="CODE", default=None,
                        help="the language of messages, reports, pages and diagrams: en, ru, "
                        "pl, zh (zh-Hans, zh-CN) or zh-Hant (zh-TW, zh-HK); default: "
                        "language in .cxmodel.yaml, else LC_ALL/LC_MESSAGES/LANG, else en")


def workspace_language(args: argparse.Namespace) -> str | None:
    """The ``language:`` of the workspace a command names (its first path, its
    --workspace, the workspace its output goes to), or of the current folder for a command
    that names none (rules, diff --base): the run speaks it from the start, so that a
    refusal made before the workspace is read (an output that exists) is in the team's
    language too. None with --lang, which wins anyway."""
    if getattr(args, "lang", None):
        return None
    from pathlib import Path

    from cxmodel.app.workspace import configured_language

    try:  # a path that cannot be read is the command's to report, in whatever language
        folders = [Path(p) if Path(p).is_dir() else Path(p).parent
                   for p in (getattr(args, "paths", None) or [])[:1]]
        if getattr(args, "workspace", None):
            folders.append(Path(args.workspace))
        output = getattr(args, "output", None)
        if not folders and isinstance(output, str) and output != "-":
            # (only here: importing it loads every sheet reader, 7 ms of each command)
            from cxmodel.app.importing import find_workspace

            folders.extend(found for found in [find_workspace(Path(output))] if found)
        for folder in folders or [Path.cwd()]:
            found = configured_language(folder)
            if found is not None:
                return found
    except (OSError, ValueError):
        pass
    return None


def language(value: str) -> str:
    """A --lang value as the language it names; an error (exit 2) that lists the languages
    and suggests the nearest for a code cxmodel does not speak."""
    from cxmodel.messages.languages import listed, resolve
    from cxmodel.suggest import asked_in_english, language_suggestions

    found = resolve(value)
    if found is None:
        suggestion = asked_in_english(language_suggestions(value))
        raise argparse.ArgumentTypeError(
            f"'{value}' is not a language of cxmodel"
            + (f" ({suggestion})" if suggestion else "") + f"; the languages are {listed()}")
    return found


def positive(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number of at least 1")
    return number


def workers(args: argparse.Namespace) -> int:
    """How many processes load the workspace: --jobs, else one per core."""
    from cxmodel.parallel import available_cores

    jobs: int | None = getattr(args, "jobs", None)
    return jobs if jobs is not None else available_cores()


def options(args: argparse.Namespace, cache: bool = False) -> RunOptions:
    """The run's options from the command line."""
    from cxmodel.app.workspace import RunOptions

    return RunOptions(args.select, args.ignore, args.fail_on, workers(args), cache,
                      getattr(args, "lang", None))


def run_check(args: argparse.Namespace, cache: bool = False) -> CheckResult:
    """The workspace opened for the command (cxmodel.app.workspace); a broken
    configuration's diagnostics are listed on standard error before it is raised (exit 2)."""
    from cxmodel.app.workspace import open_workspace

    try:
        return open_workspace(list(args.paths), options(args, cache))
    except BrokenConfiguration as problem:
        list_configuration_problems(problem)
        raise


def list_configuration_problems(problem: BrokenConfiguration) -> None:
    """A broken .cxmodel.yaml's diagnostics on standard error."""
    from cxmodel.formats import Summary
    from cxmodel.formats import terminal as text

    sys.stderr.write(text.render(problem.diagnostics, Summary.of(problem.diagnostics, 1)))


def list_problems(result: CheckResult | LoadResult, diagnostics: list[Diagnostic]) -> None:
    """List diagnostics about the workspace on standard error, with their source lines."""
    from cxmodel.formats import Summary
    from cxmodel.formats import terminal as text

    lines = text.source_lines({f.path: f.text for f in result.files})
    sys.stderr.write(text.render(diagnostics, Summary.of(diagnostics, len(result.files)),
                                 lines))


def explain_load_failure(result: CheckResult | LoadResult, command: str) -> None:
    """List the loading problems on standard error, then say what ``command`` (a key of
    NOT_PRODUCED) did not produce."""
    from cxmodel.messages.render import render

    list_problems(result, result.diagnostics)
    sys.stderr.write(render(NOT_PRODUCED[command]()) + "\n")
