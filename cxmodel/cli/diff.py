"""``cxmodel diff``: what a change did to the gaps, between two workspaces or between the
working tree and a git revision."""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmodel.cli import EXIT_FINDINGS, EXIT_OK, UsageError
from cxmodel.cli.output import emit
from cxmodel.cli.workspace import FAIL_LEVELS, configured, protect_inputs, workspace_files

if TYPE_CHECKING:
    from cxmodel.compare.changes import Side
    from cxmodel.config import Config

FORMATS = ("text", "md", "json")


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
    parser.set_defaults(run=run)


def _load_side(label: str, paths: list[str], args: argparse.Namespace,
               rename: Callable[[str], str] = lambda file: file, note: str | None = None,
               allow_empty: bool = False
               ) -> tuple[Side, Config]:
    from cxmodel.api import check
    from cxmodel.compare.changes import Side
    from cxmodel.config import Config, ConfigError
    from cxmodel.loader import PathProblem
    from cxmodel.parallel import available_cores

    # A revision's side may be empty: a workspace added by the change is compared with none.
    root = workspace_files(paths, allow_empty).root
    try:
        config = configured(args, root)
    except ConfigError as problem:
        return Side(label, None, problem.diagnostics, 1, note, rename), Config()
    try:
        result = check(paths, config, available_cores())
    except PathProblem as problem:
        raise UsageError(str(problem)) from problem
    protect_inputs(result.load)
    errors = result.load.diagnostics if result.analysis is None else []
    return Side(label, result.analysis, errors, len(result.files), note, rename), config


def _renamer(scratch: Path, repository: Path) -> Callable[[str], str]:
    """Files exported into ``scratch`` named by their place in the working tree."""
    from cxmodel.loader.discover import display_path

    real_scratch = Path(os.path.realpath(scratch))

    def rename(file: str) -> str:
        try:
            inside = Path(os.path.realpath(file)).relative_to(real_scratch)
        except ValueError:
            return file
        return display_path(repository / inside)

    return rename


def run(args: argparse.Namespace) -> int:
    if args.base is None and len(args.paths) != 2:
        raise UsageError("diff needs two workspaces, 'cxmodel diff OLD NEW', or a git "
                         "revision, 'cxmodel diff --base REV [PATH...]'")
    if args.base is None:
        old, _ = _load_side(args.paths[0], [args.paths[0]], args)
        new, config = _load_side(args.paths[1], [args.paths[1]], args)
        return _finish(old, new, config, args)
    from cxmodel.compare.revision import RevisionError, export

    paths = list(args.paths) or ["."]
    with tempfile.TemporaryDirectory(prefix="cxmodel-diff-") as scratch:
        try:
            exported = export(args.base, paths, Path(scratch))
        except RevisionError as problem:
            raise UsageError(f"--base {args.base}: {problem}") from problem
        absent = [p.given for p in exported.paths if not p.existed]
        note = (f"{', '.join(absent)}: no YAML files at {args.base}, compared as an empty "
                "workspace") if absent else None
        old, _ = _load_side(args.base, [str(p.exported) for p in exported.paths], args,
                            _renamer(Path(scratch), exported.repository), note,
                            allow_empty=True)
    new, config = _load_side("working tree", paths, args)
    return _finish(old, new, config, args)


def _finish(old: Side, new: Side, config: Config, args: argparse.Namespace) -> int:
    from cxmodel.compare.changes import compare

    data = compare(old, new, config.fail_on)
    if args.format == "json":
        from cxmodel.compare import diff_json as renderer
    elif args.format == "md":
        from cxmodel.compare import diff_markdown as renderer  # type: ignore[no-redef]
    else:
        from cxmodel.compare import diff_text as renderer  # type: ignore[no-redef]
    emit(renderer.render(data), args.output)
    return EXIT_FINDINGS if data["summary"]["exit_code"] else EXIT_OK
