"""``cxmodel diff``: what a change did to the gaps, between two workspaces or between the
working tree and a git revision."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit
from cxmodel.cli.workspace import add_language
from cxmodel.diagnostics import FAIL_LEVELS
from cxmodel.messages.text import message

FORMATS = ("text", "md", "json")
TWO_SIDES = message("cli.diff.two-sides",
                    "diff needs two workspaces, 'cxmodel diff OLD NEW', or a git revision, "
                    "'cxmodel diff --base REV [PATH...]'")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "diff", help="what a change did to the gaps: new and fixed findings, coverage change",
        description="Compare two versions of a workspace: 'cxmodel diff OLD NEW' (two "
        "folders or files), or 'cxmodel diff --base REV [PATH...]' (the working tree against "
        "the same paths at a git revision; nothing in the working tree or index is touched). "
        "Findings are matched by their fingerprint of code and element, not by line, so "
        "moving text is no change. Lists the new, fixed and newly waived findings and the "
        "coverage change per journey and channel in percentage points. Exit code 0: no new "
        "finding at or above --fail-on; 1: some; 2: bad arguments, paths or revision.")
    parser.add_argument("paths", nargs="*", metavar="PATH",
                        help="OLD NEW; with --base, the workspace paths (default: .)")
    parser.add_argument("--base", metavar="REV",
                        help="compare the working tree with this git revision (a branch, tag, "
                        "commit, HEAD~1, origin/main...)")
    parser.add_argument("--format", choices=FORMATS, default="text",
                        help="text (default), md (for a pull-request comment) or json")
    parser.add_argument("-o", "--output", metavar="FILE", help="write the diff to FILE")
    parser.add_argument("--select", metavar="CODES",
                        help="only these rules, on both sides (comma-separated codes or "
                        "prefixes)")
    parser.add_argument("--ignore", metavar="CODES", help="not these rules, on both sides")
    parser.add_argument("--fail-on", choices=FAIL_LEVELS, default=None,
                        help="the lowest severity of a NEW finding that makes the exit code "
                        "1 (default: fail_on in the new workspace's .cxmodel.yaml, else error)")
    add_language(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.base is None and len(args.paths) != 2:
        raise UsageError(TWO_SIDES())
    from cxmodel.app.diff import diff_revision, diff_workspaces
    from cxmodel.app.workspace import RunOptions
    from cxmodel.parallel import available_cores

    # Both sides are read with every core: a diff reads two workspaces.
    options = RunOptions(args.select, args.ignore, args.fail_on, available_cores(),
                         language=args.lang)
    if args.base is None:
        data = diff_workspaces(args.paths[0], args.paths[1], options)
    else:
        data = diff_revision(args.base, args.paths, options)
    if args.format == "json":
        from cxmodel.compare import diff_json as renderer
    elif args.format == "md":
        from cxmodel.compare import diff_markdown as renderer  # type: ignore[no-redef]
    else:
        from cxmodel.compare import diff_text as renderer  # type: ignore[no-redef]
    emit(renderer.render(data), args.output)
    return EXIT_FINDINGS if data["summary"]["exit_code"] else EXIT_OK
