"""Exporting the model for other tools: the resolved model as JSON, a journey as a Mermaid
diagram (the model is loaded and validated; the gap rules are not run: an export is of the
model, gaps or not), and the whole model with its gaps as Markdown pages for a team's own
docs site."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxmodel.analyze.registry import all_codes
from cxmodel.api import CheckResult, LoadResult, load
from cxmodel.app.errors import BrokenConfiguration, CannotRun
from cxmodel.app.workspace import (
    RunOptions,
    new_job,
    open_workspace,
    protect_inputs,
    speak,
    titled,
    workspace_files,
)
from cxmodel.config import ConfigError, load_config
from cxmodel.export.mermaid import journey_diagram
from cxmodel.export.model_json import render as model_json
from cxmodel.importer.journey_sheet import journey_sheet
from cxmodel.importer.sheet_files import csv_bytes, xlsx_bytes
from cxmodel.loader import PathProblem
from cxmodel.messages.text import Name, message
from cxmodel.model import Journey, Workspace
from cxmodel.said import why
from cxmodel.site.manifest import SiteFolderError
from cxmodel.site.markdown import MarkdownExport
from cxmodel.site.markdown import export_markdown as write_markdown

NAME_ONE = message("app.export.name-journey",
                   "name the journey to export with --journey (journeys: {journeys})")
NO_JOURNEY = message("app.export.no-journey", "there is no journey {journey} (journeys: "
                     "{journeys})")
# TRANSLATORS: in place of the list of journeys' ids when there is none.
NONE = message("app.export.none", "none")
NO_JOURNEYS = message("app.export.no-journeys", "the workspace has no journey to export")
CANNOT_WRITE = message("app.export.cannot-write", "cannot write the pages: {problem}")


@dataclass
class MarkdownOutcome:
    """What a Markdown export did; ``written`` is None when the model does not load
    (``result.diagnostics`` say why)."""

    folder: Path
    result: CheckResult
    written: MarkdownExport | None


def export_markdown(paths: Sequence[str | Path], out: Path, title: str | None = None,
                    options: RunOptions | None = None, force: bool = False
                    ) -> MarkdownOutcome:
    """The model and its gaps as Markdown pages in ``out``, for MkDocs, Docusaurus, Hugo or
    TechDocs. CannotRun when the folder cannot be used (not written by cxmodel without
    ``force``, files cxmodel did not write in the way) or written."""
    paths = list(paths)
    found = workspace_files(paths)
    title = titled(title, found.root)[0]
    result = open_workspace(paths, options)
    if result.analysis is None:
        return MarkdownOutcome(out, result, None)
    try:
        written = write_markdown(result, out, title, force)
    except SiteFolderError as problem:
        raise CannotRun(why(problem)) from problem
    except OSError as problem:
        raise CannotRun(CANNOT_WRITE(problem=str(problem))) from problem
    return MarkdownOutcome(out, result, written)


def load_model(paths: Sequence[str | Path], workers: int = 1,
               language: str | None = None) -> LoadResult:
    """The model, loaded within the workspace's limits; ``workspace`` is None when it does
    not load (the result's diagnostics say why)."""
    new_job()
    try:
        config = load_config(workspace_files(paths).root, all_codes())
    except ConfigError as problem:
        raise BrokenConfiguration(problem.diagnostics) from problem
    speak(language, config.language)
    try:
        result = load(list(paths), config.limits, workers)
    except PathProblem as problem:
        raise CannotRun(why(problem)) from problem
    protect_inputs(result)
    return result


def export_json(ws: Workspace) -> str:
    """The whole model as JSON (docs/import-export.md)."""
    return model_json(ws)


def export_mermaid(ws: Workspace, journey_id: str | None) -> str:
    """A journey as a Mermaid 'journey' diagram; the only journey when ``journey_id`` is
    None and there is one."""
    return journey_diagram(pick_journey(ws, journey_id))


@dataclass
class SheetExport:
    """A workshop sheet's bytes, how many journeys and steps it holds, and what of them it
    cannot hold (Text: 'journey x: a sheet cannot hold ...')."""

    data: bytes
    journeys: int
    steps: int
    left_out: list[Any]


def export_sheet(ws: Workspace, journey_ids: Sequence[str], kind: str,
                 delimiter: str | None = None) -> SheetExport:
    """The journeys named (every journey when none is) as a workshop sheet: ``kind`` csv
    (separated by ``delimiter``, default the language's) or xlsx (docs/import-export.md)."""
    journeys = [pick_journey(ws, ident) for ident in dict.fromkeys(journey_ids)] \
        if journey_ids else list(ws.journeys)
    if not journeys:
        raise CannotRun(NO_JOURNEYS())
    sheet = journey_sheet(journeys, ws)
    data = xlsx_bytes(sheet) if kind == "xlsx" else csv_bytes(sheet, delimiter)
    return SheetExport(data, len(journeys), len(sheet.rows), sheet.lossy)


def pick_journey(ws: Workspace, ident: str | None) -> Journey:
    known = ", ".join(j.id for j in ws.journeys) or NONE()
    if ident is None:
        if len(ws.journeys) == 1:
            return ws.journeys[0]
        raise CannotRun(NAME_ONE(journeys=known))
    journey = ws.journey(ident)
    if journey is None:
        raise CannotRun(NO_JOURNEY(journey=Name(ident), journeys=known))
    return journey
