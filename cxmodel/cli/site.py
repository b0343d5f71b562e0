"""``cxmodel site``: the whole model as a static docs site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmodel.app.errors import BrokenConfiguration
from cxmodel.cli import EXIT_FINDINGS, EXIT_OK
from cxmodel.cli.output import say_why_it_fails
from cxmodel.cli.progress import ProgressBar
from cxmodel.cli.workspace import (
    add_arguments,
    explain_load_failure,
    list_configuration_problems,
    list_problems,
    options,
)
from cxmodel.messages.text import message, plural

if TYPE_CHECKING:
    from cxmodel.api import CheckResult
    from cxmodel.diagnostics import Diagnostic
    from cxmodel.site.output import SiteBuild

UP_TO_DATE = message("cli.site.up-to-date", "{folder}: up to date")
STILL_FAILS = message("cli.site.still-fails",
                      "{folder}: exit 1: as at its last build, findings reach fail_on or a "
                      "diagram could not be drawn")
NOT_DRAWN = message("cli.site.not-drawn",
                    "cxmodel: a diagram could not be drawn (its page says so): {problem}")
# After a build: out/: 12 files written, 30 unchanged, 1 removed
BUILT = message("cli.site.built", "{folder}: {written}, {unchanged}, {removed}")
WRITTEN = plural("cli.site.written", "{count} file written", "{count} files written")
UNCHANGED = plural("cli.site.unchanged", "{count} unchanged", "{count} unchanged")
REMOVED = plural("cli.site.removed", "{count} removed", "{count} removed")
KEPT = message("cli.site.kept",
               "kept {name}: no longer part of the site, but changed since cxmodel wrote it")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "site", help="publish the model as a static docs site",
        description="Write a static site of the model into DIR: an overview with headline "
        "coverage and the top gaps, a page per journey (blueprint, journey map, steps, "
        "findings), per channel, department, listening post, metric and persona, the gap "
        "report and a search. Relative links only: it works from file:// and any static "
        "host. Rebuilds write only what changed. A non-empty folder that is not a cxmodel "
        "site is refused unless --force; cxmodel only ever deletes files it wrote itself.")
    add_arguments(parser)
    add_site_arguments(parser)
    parser.add_argument("-o", "--output", metavar="DIR", required=True,
                        help="the folder to write the site into")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty folder that is not a cxmodel site")
    parser.set_defaults(run=run)


def add_site_arguments(parser: Any) -> None:
    parser.add_argument("--title", help="the site's title (default: the workspace folder)")
    parser.add_argument("--quiet", action="store_true", help="no progress or summary output")


def tell_what_was_written(result: CheckResult, out: str, built: SiteBuild,
                          not_drawn: list[Diagnostic], failed: list[str], quiet: bool) -> None:
    """After writing a site or Markdown pages: the diagrams not drawn and why, then (unless
    quiet) the files written, unchanged and removed, and those kept because someone
    changed them."""
    from cxmodel.messages.render import render

    if not_drawn:
        list_problems(result, not_drawn)
    for failure in failed:
        sys.stderr.write(render(NOT_DRAWN(problem=failure)) + "\n")
    if not quiet:
        sys.stderr.write(render(BUILT(folder=out, written=WRITTEN(count=len(built.written)),
                                      unchanged=UNCHANGED(count=built.unchanged),
                                      removed=REMOVED(count=len(built.removed)))) + "\n")
        for name in built.kept:
            sys.stderr.write(render(KEPT(name=name)) + "\n")


def run(args: argparse.Namespace) -> int:
    from cxmodel.app.site import build_site
    from cxmodel.cli.output import WROTE_SITE
    from cxmodel.messages.render import render

    progress = ProgressBar.on_terminal(args.quiet)
    try:
        outcome = build_site(list(args.paths), Path(args.output), args.title,
                             options(args, cache=True), args.force, progress)
    except BrokenConfiguration as problem:
        list_configuration_problems(problem)
        raise
    finally:
        progress.finish()
    out = outcome.folder.as_posix()
    result, built = outcome.result, outcome.built
    if result is None:  # up to date
        if not args.quiet:
            sys.stderr.write(render(UP_TO_DATE(folder=out)) + "\n")
        if outcome.fails:
            sys.stderr.write(render(STILL_FAILS(folder=out)) + "\n")
        return EXIT_FINDINGS if outcome.fails else EXIT_OK
    if built is None:
        explain_load_failure(result, "site")
        return EXIT_FINDINGS
    tell_what_was_written(result, out, built, built.not_drawn, built.failed, args.quiet)
    if built.not_drawn or built.failed:
        return EXIT_FINDINGS  # said above
    if not result.fails():
        return EXIT_OK
    say_why_it_fails(WROTE_SITE(path=out), result.diagnostics, result.config.fail_on)
    return EXIT_FINDINGS
