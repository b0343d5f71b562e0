"""The load stage: discover files, read them as UTF-8, parse them with source positions."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.loader.csv_results import read_results_csv
from cxmodel.loader.decode import decode
from cxmodel.loader.discover import Discovered, PathProblem, discover, display_path
from cxmodel.loader.expansion import AliasUse
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YMap
from cxmodel.loader.parse import parse_file
from cxmodel.loader.reading import FileTooLarge, os_reason, read_regular_file
from cxmodel.loader.shapes import root_shape
from cxmodel.loader.wording import (
    FILE_UNREADABLE,
    FILE_UNREADABLE_HINT,
    FOLDER_UNREADABLE,
    FOLDER_UNREADABLE_HINT,
    OUTSIDE,
    OUTSIDE_HINT,
    OVER_WORKSPACE,
    TOO_LARGE,
    TOO_LARGE_NOW,
)
from cxmodel.messages.text import Text
from cxmodel.resources import LANGUAGE_SCHEMA

__all__ = ["Limits", "LoadedFile", "PathProblem", "Source", "discover", "load_files",
           "parse_source", "paused_gc", "read_sources"]


@dataclass(slots=True)
class LoadedFile:
    """One file of the workspace: its text (None if unreadable) and its parsed root."""

    path: str
    text: str | None
    root: YMap | None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # The limits it was read under (validation lists at most limits.max_problems per file).
    limits: Limits = field(default_factory=Limits)
    aliases: AliasUse = field(default_factory=AliasUse)  # what its aliases add, expanded

    def source_line(self, line: int) -> str | None:
        if self.text is None:
            return None
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Loading builds millions of small objects that are never cyclic garbage; the
    collector would rescan the growing tree again and again, finding nothing to collect."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass(frozen=True, slots=True)
class Source:
    """A file's bytes, read and within the limits, not yet decoded or parsed."""

    name: str
    data: bytes


class _OverWorkspace(Exception):
    """The files read so far make the workspace larger than max_workspace_bytes."""


def read_sources(found: Discovered, limits: Limits) -> list[Source | LoadedFile]:
    """Each discovered file's bytes, in order; a file that cannot be read, or is over a size
    limit, is a LoadedFile with its diagnostic instead."""
    sources: list[Source | LoadedFile] = [
        LoadedFile(display_path(folder), None, None, [loading_diagnostic(
            "CX006", FOLDER_UNREADABLE(reason=reason), Span.point(display_path(folder), 1, 1),
            hint=FOLDER_UNREADABLE_HINT())], limits)
        for folder, reason in found.unreadable]
    sources.extend(_outside(display_path(link), limits) for link in found.outside)
    total = 0
    for file in found.files:
        name = display_path(file)
        try:
            if total > limits.max_workspace_bytes:  # already over: not even read
                raise _OverWorkspace
            # Only a regular file (a named pipe would block the read forever, /dev/zero
            # never end it), and no more than the limit even if it grows while read.
            data = read_regular_file(file, limits.max_file_bytes)
            total += len(data)
            if total > limits.max_workspace_bytes:
                raise _OverWorkspace
        except FileTooLarge as error:
            said = TOO_LARGE_NOW(limit=error.limit) if error.size is None \
                else TOO_LARGE(size=error.size, limit=error.limit)
            sources.append(_too_big(name, said, "max_file_bytes", limits))
            continue
        except _OverWorkspace:
            sources.append(_too_big(name, OVER_WORKSPACE(limit=limits.max_workspace_bytes),
                                    "max_workspace_bytes", limits))
            continue
        except OSError as error:
            sources.append(LoadedFile(name, None, None, [loading_diagnostic(
                "CX006", FILE_UNREADABLE(reason=os_reason(error)), Span.point(name, 1, 1),
                hint=FILE_UNREADABLE_HINT())], limits))
            continue
        sources.append(Source(name, data))
    return sources


def parse_source(source: Source, limits: Limits, schema_name: str = LANGUAGE_SCHEMA
                 ) -> LoadedFile:
    """One file decoded and parsed."""
    text, problem = decode(source.name, source.data)
    if text is None:
        assert problem is not None
        return LoadedFile(source.name, None, None, [problem], limits)
    with paused_gc():
        if source.name.endswith(".csv"):  # results kept as CSV
            root, diagnostics = read_results_csv(source.name, text, root_shape(schema_name),
                                                 limits)
            return LoadedFile(source.name, text, root, diagnostics, limits)
        root, diagnostics, aliases = parse_file(source.name, text, root_shape(schema_name),
                                                limits)
    return LoadedFile(source.name, text, root, diagnostics, limits, aliases)


def load_files(found: Discovered, limits: Limits, schema_name: str = LANGUAGE_SCHEMA
               ) -> list[LoadedFile]:
    """Every discovered file read, decoded and parsed, in order."""
    return [item if isinstance(item, LoadedFile) else parse_source(item, limits, schema_name)
            for item in read_sources(found, limits)]


def _outside(name: str, limits: Limits) -> LoadedFile:
    """A link that leads outside the paths named: refused, its target never read or named
    (in CI on a pull request, a link to ~/.git-credentials would put a token in the log)."""
    return LoadedFile(name, None, None, [loading_diagnostic(
        "CX006", OUTSIDE(), Span.point(name, 1, 1), hint=OUTSIDE_HINT())], limits)


def _too_big(name: str, said: Text, limit: str, limits: Limits) -> LoadedFile:
    return LoadedFile(name, None, None, [loading_diagnostic(
        "CX006", said, Span.point(name, 1, 1), hint=limits.how_to_raise(limit))], limits)


