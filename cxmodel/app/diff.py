"""What a change did to the gaps: two workspaces, or the working tree and a git revision,
each loaded and checked with its own configuration and the run's options, then compared
(cxmodel.compare.changes). Returns the comparison as data; the formats render it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cxmodel.api import check
from cxmodel.app.errors import BrokenConfiguration, CannotRun
from cxmodel.app.workspace import (
    RunOptions,
    configured,
    new_job,
    protect_inputs,
    workspace_files,
)
from cxmodel.compare.changes import Side, compare
from cxmodel.compare.revision import RevisionError, export
from cxmodel.config import Config
from cxmodel.loader import PathProblem
from cxmodel.loader.discover import display_path
from cxmodel.messages.text import message
from cxmodel.said import Said, why

BASE_FAILED = message("app.diff.base-failed", "--base {revision}: {problem}")
ABSENT = message("app.diff.absent",
                 "{paths}: no YAML files at {revision}, compared as an empty workspace")
# The side of the diff that is the files as they are now (git's "working tree").
WORKING_TREE = message("app.diff.working-tree", "working tree")


def diff_workspaces(old: str, new: str, options: RunOptions | None = None) -> dict[str, Any]:
    """The comparison of two workspace folders (or files)."""
    options = options or RunOptions()
    new_job()
    before, _ = _side(old, [old], options)
    after, config = _side(new, [new], options)
    return compare(before, after, config.fail_on)


def diff_revision(base: str, paths: Sequence[str], options: RunOptions | None = None
                  ) -> dict[str, Any]:
    """The comparison of ``paths`` as they were at the git revision ``base`` (read from the
    repository's objects into a scratch folder; the working tree is never touched) with
    the same paths as they are now."""
    options = options or RunOptions()
    new_job()
    paths = list(paths) or ["."]
    with tempfile.TemporaryDirectory(prefix="cxmodel-diff-") as scratch:
        try:
            exported = export(base, paths, Path(scratch))
        except RevisionError as problem:
            raise CannotRun(BASE_FAILED(revision=base, problem=why(problem))) from problem
        absent = [p.given for p in exported.paths if not p.existed]
        note = ABSENT(paths=", ".join(absent), revision=base) if absent else None
        # A workspace the change added is compared with an empty one.
        before, _ = _side(base, [str(p.exported) for p in exported.paths], options,
                          _renamer(Path(scratch), exported.repository), note, allow_empty=True)
    after, config = _side(WORKING_TREE(), paths, options)
    return compare(before, after, config.fail_on)


def _side(label: Said, paths: list[str], options: RunOptions,
          rename: Callable[[str], str] = lambda file: file, note: Said | None = None,
          allow_empty: bool = False) -> tuple[Side, Config]:
    root = workspace_files(paths, allow_empty).root
    try:
        config = configured(root, options)
    except BrokenConfiguration as problem:  # a side that cannot be compared, said so
        return Side(label, None, problem.diagnostics, 1, note, rename), Config()
    try:
        result = check(paths, config, options.workers)
    except PathProblem as problem:
        raise CannotRun(why(problem)) from problem
    protect_inputs(result.load)
    errors = result.load.diagnostics if result.analysis is None else []
    results = result.workspace.results if result.workspace is not None else ()
    return Side(label, result.analysis, errors, len(result.files), note, rename,
                results), config


def _renamer(scratch: Path, repository: Path) -> Callable[[str], str]:
    """Files exported into ``scratch`` named by their place in the working tree."""
    real_scratch = Path(os.path.realpath(scratch))

    def rename(file: str) -> str:
        try:
            inside = Path(os.path.realpath(file)).relative_to(real_scratch)
        except ValueError:
            return file
        return display_path(repository / inside)

    return rename
