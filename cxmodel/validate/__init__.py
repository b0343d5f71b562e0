"""The validate stage: language version, JSON Schema, ids and references."""

from __future__ import annotations

from dataclasses import dataclass

from cxmodel.diagnostics import Diagnostic, loading_diagnostic
from cxmodel.loader import LoadedFile
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YMap
from cxmodel.loader.parse import too_many_problems
from cxmodel.messages.text import message
from cxmodel.resources import LANGUAGE_SCHEMA
from cxmodel.validate.dates import impossible_dates
from cxmodel.validate.references import IdIndex, check_references, index_ids
from cxmodel.validate.schema import check_schema

LANGUAGE_VERSION = 1

# {version}: the file's; {release}: cxmodel's version; {readable}: the version it reads.
TOO_NEW = message("CX007", "This file is written in cxmodel language version {version}; this "
                  "release (cxmodel {release}) reads version {readable}.")
UPGRADE = message("CX007.hint", "Upgrade cxmodel (pip install -U cxmodel), or write the file in "
                  "version 1.")

__all__ = ["LANGUAGE_VERSION", "FileCheck", "IdIndex", "check_file", "validate_files"]


def check_version(root: YMap) -> Diagnostic | None:
    """CX007 for a file written in a language version this release cannot read."""
    version = root.get("cxmodel")
    if isinstance(version, int) and not isinstance(version, bool) and version > LANGUAGE_VERSION:
        from cxmodel import __version__

        return loading_diagnostic(
            "CX007", TOO_NEW(version=str(version), release=__version__,
                             readable=str(LANGUAGE_VERSION)),
            root.value_span("cxmodel"), hint=UPGRADE())
    return None


@dataclass(frozen=True, slots=True)
class FileCheck:
    """What one file alone shows: its schema (or version) problems, and whether its data
    takes part in the workspace (not when written in a newer language version)."""

    diagnostics: list[Diagnostic]
    usable: bool


def check_file(file: LoadedFile) -> FileCheck | None:
    """The checks that need only this file (None if it did not parse). At most
    ``max_problems`` problems per file, counting the loader's."""
    if file.root is None:
        return None
    too_new = check_version(file.root)
    if too_new is not None:
        return FileCheck([too_new], False)
    left = max(file.limits.max_problems - len(file.diagnostics), 0)
    found = check_schema(file.root, LANGUAGE_SCHEMA, left, file.limits)
    if "actions" in file.root:
        found.extend(impossible_dates(file.root))
    return FileCheck(found, True)


def validate_files(files: list[LoadedFile], checks: list[FileCheck | None] | None = None
                   ) -> list[Diagnostic]:
    """Diagnostics for every file that parsed; ids and references across all of them.
    ``checks`` are the files' check_file() results when already made (in parallel). Each
    file lists at most ``max_problems`` problems (counting the loader's), then one CX006."""
    limits = files[0].limits if files else Limits()
    if checks is None:
        checks = [check_file(file) for file in files]
    diagnostics: list[Diagnostic] = []
    roots: list[YMap] = []
    room: dict[str, int] = {}  # how many more problems each file may list; -1: no more
    for file, check in zip(files, checks, strict=True):
        if file.root is None or check is None:
            continue
        diagnostics.extend(check.diagnostics)
        if not check.usable:
            continue
        left = max(limits.max_problems - len(file.diagnostics), 0)
        room[file.path] = left - len(check.diagnostics)
        roots.append(file.root)
    index, duplicates = index_ids(roots)
    diagnostics.extend(_within_room(duplicates, room, limits))
    if all(file.root is not None for file in files) and len(roots) == len(files):
        # With a file unreadable, an id defined there would look unknown: say nothing rather
        # than guess.
        diagnostics.extend(check_references(roots, index, room, limits))
    return diagnostics


def _within_room(found: list[Diagnostic], room: dict[str, int], limits: Limits
                 ) -> list[Diagnostic]:
    """The diagnostics each file still has room for, and one CX006 where a file runs out."""
    kept: list[Diagnostic] = []
    for diagnostic in found:
        name = diagnostic.span.file
        left = room.get(name, limits.max_problems)
        if left > 0:
            kept.append(diagnostic)
        elif left == 0:
            span = diagnostic.span
            kept.append(too_many_problems(name, span.line, span.column, limits))
        room[name] = max(left - 1, -1)
    return kept
