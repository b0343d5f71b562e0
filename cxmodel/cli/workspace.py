"""Options every command that reads a workspace shares, and running the check with them."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cxmodel.cli import UsageError

if TYPE_CHECKING:
    from pathlib import Path

    from cxmodel.api import CheckResult, LoadResult
    from cxmodel.config import Config
    from cxmodel.diagnostics import Diagnostic
    from cxmodel.loader.discover import Discovered

FAIL_LEVELS = ("error", "warning", "info", "never")


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


def parse_codes(value: str | None, flag: str) -> list[str] | None:
    if value is None:
        return None
    import re

    from cxmodel.analyze.registry import all_codes
    from cxmodel.suggest import did_you_mean

    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    # Empty (an unset variable in a CI script): overrides the file's list with none.
    known = sorted(all_codes())
    for code in codes:
        if not re.fullmatch(r"CX[0-9]{0,3}", code):
            raise UsageError(f"{flag}: '{code}' is not a rule code or prefix such as CX1 or CX201")
        if not any(rule.startswith(code) for rule in known):
            # As in .cxmodel.yaml: a typo would silently select nothing, or ignore nothing.
            suggestion = did_you_mean(code, known)
            raise UsageError(f"{flag}: '{code}' matches no rule"
                             + (f", {suggestion}" if suggestion else "")
                             + " (see 'cxmodel rules')")
    return codes


def configured(args: argparse.Namespace, root: Path) -> Config:
    """The workspace configuration with the --select, --ignore and --fail-on flags applied.
    Raises ConfigError for a broken .cxmodel.yaml, UsageError for a bad flag."""
    from cxmodel.analyze.registry import all_codes
    from cxmodel.config import load_config

    select = parse_codes(args.select, "--select")
    ignore = parse_codes(args.ignore, "--ignore")
    return load_config(root, all_codes()).overridden(select=select, ignore=ignore,
                                                     fail_on=args.fail_on)


class BrokenConfig(UsageError):
    """The configuration cannot be used (exit 2); its diagnostics are listed on standard
    error already, and ``check`` also writes them in the format asked for."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("the configuration .cxmodel.yaml is not valid (see above)")
        self.diagnostics = diagnostics


def workspace_files(paths: list[str], allow_empty: bool = False) -> Discovered:
    """The workspace's files; exit 2 for a path that does not exist and, unless
    ``allow_empty``, for a folder that holds no cxmodel files (a CI job pointed at the wrong
    folder must not pass)."""
    from cxmodel.loader import PathProblem, discover
    from cxmodel.loader.discover import refuse_empty

    try:
        found = discover(list(paths))
        if not allow_empty:
            refuse_empty(found)
    except PathProblem as problem:
        raise UsageError(str(problem)) from problem
    return found


def run_check(args: argparse.Namespace, cache: bool = False) -> CheckResult:
    """Load the configuration and the workspace, analyse it; exit 2 on unusable input.
    ``cache``: reuse files parsed by an earlier run (site and serve, which rebuild after
    edits)."""
    from cxmodel.api import check
    from cxmodel.config import ConfigError
    from cxmodel.loader import PathProblem

    root = workspace_files(list(args.paths)).root
    try:
        config = configured(args, root)
    except ConfigError as problem:
        from cxmodel.formats import Summary
        from cxmodel.formats import terminal as text

        listing = text.render(problem.diagnostics, Summary.of(problem.diagnostics, 1))
        sys.stderr.write(listing)
        raise BrokenConfig(problem.diagnostics) from problem
    try:
        result = check(args.paths, config, workers(args), cache)
    except PathProblem as problem:
        raise UsageError(str(problem)) from problem
    protect_inputs(result.load)
    return result


def protect_inputs(result: LoadResult) -> None:
    """No output of this run may replace a file it read: the YAML files and .cxmodel.yaml."""
    from cxmodel.config import CONFIG_FILE
    from cxmodel.writing import protect

    protect(f.path for f in result.files)
    if result.root is not None:
        protect([result.root / CONFIG_FILE])


def list_problems(result: CheckResult | LoadResult, diagnostics: list[Diagnostic]) -> None:
    """List diagnostics about the workspace on standard error, with their source lines."""
    from cxmodel.formats import Summary
    from cxmodel.formats import terminal as text

    lines = text.source_lines({f.path: f.text for f in result.files})
    sys.stderr.write(text.render(diagnostics, Summary.of(diagnostics, len(result.files)),
                                 lines))


def explain_load_failure(result: CheckResult | LoadResult, nothing: str) -> None:
    """List the loading problems on standard error, then say what was not produced."""
    list_problems(result, result.diagnostics)
    sys.stderr.write(f"{nothing}: fix the errors above first.\n")
