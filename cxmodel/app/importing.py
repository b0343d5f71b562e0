"""Importing a workshop sheet: a CSV file (one row per step) read within its limits and
turned into the text of a journey file, with what was read and the problems found."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from cxmodel.app.errors import CannotRun
from cxmodel.app.workspace import new_job
from cxmodel.importer import MAX_ROWS
from cxmodel.importer.csv_sheet import (
    MAX_SHEET_BYTES,
    ImportedSheet,
    SheetError,
    SheetProblem,
    read_sheet,
)
from cxmodel.importer.journey_file import journey_file_text
from cxmodel.loader.reading import FileTooLarge, read_regular_file
from cxmodel.messages.render import render
from cxmodel.messages.text import message, plural
from cxmodel.said import os_reason, size_over
from cxmodel.writing import protect

SCHEMA_FILE = "cxmodel.schema.json"

SUMMARY = message("import.summary", "{journeys}, {stages}, {steps}")
JOURNEYS = plural("import.summary.journeys", "{count} journey", "{count} journeys")
STAGES = plural("import.summary.stages", "{count} stage", "{count} stages")
STEPS = plural("import.summary.steps", "{count} step", "{count} steps")
TOO_LARGE = message("import.too-large",
                    "{sheet} is {size} bytes, more than the limit of {limit} bytes for a "
                    "sheet, the same as for a workspace file")
TOO_LARGE_NOW = message("import.too-large-unsized",
                        "{sheet} is more than the limit of {limit} bytes for a sheet, the same "
                        "as for a workspace file")
UNREADABLE = message("import.unreadable", "{sheet}: {reason}")


@dataclass
class Imported:
    """A sheet turned into a journey file: its text, the sheet as read and its warnings."""

    text: str
    sheet: ImportedSheet
    warnings: list[SheetProblem]

    @property
    def summary(self) -> str:
        """'2 journeys, 5 stages, 20 steps', in the active language."""
        stages = sum(len(j.get("stages", ())) for j in self.sheet.journeys)
        return render(SUMMARY(journeys=JOURNEYS(count=len(self.sheet.journeys)),
                              stages=STAGES(count=stages), steps=STEPS(count=self.sheet.steps)))


def import_sheet(source: Path, output: Path | None = None, max_rows: int = MAX_ROWS
                 ) -> Imported:
    """The journey file for the CSV sheet ``source``; ``output`` is where it will be written
    (its modeline then points at the nearest schema). Raises SheetError with the sheet's
    problems when it has errors, CannotRun when it cannot be read. The sheet is protected:
    no output of this process may replace it."""
    new_job()
    data = _read(source)
    sheet = read_sheet(data, max_rows)
    text = journey_file_text(sheet.journeys, source.name, schema_reference(output),
                             sorted(sheet.channels), sorted(sheet.departments))
    return Imported(text, sheet, list(sheet.warnings))


def schema_reference(output: Path | None) -> str:
    """Where the modeline points: the nearest cxmodel.schema.json at or above the output's
    folder, relative to it; else one beside it (what 'cxmodel init' writes)."""
    if output is None:
        return SCHEMA_FILE
    folder = output.absolute().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return Path(os.path.relpath(candidate / SCHEMA_FILE, folder)).as_posix()
    return SCHEMA_FILE


def _read(sheet: Path) -> bytes:
    """The sheet's bytes: a regular file, at most MAX_SHEET_BYTES (as workspace files)."""
    try:
        data = read_regular_file(sheet, MAX_SHEET_BYTES)
        protect([sheet])  # an output must not replace the sheet, even with --force
        return data
    except FileTooLarge as error:
        size = size_over(error, sheet)
        raise CannotRun(TOO_LARGE(sheet=sheet.as_posix(), size=size, limit=error.limit)
                        if size is not None else
                        TOO_LARGE_NOW(sheet=sheet.as_posix(), limit=error.limit)) from error
    except OSError as error:
        raise CannotRun(UNREADABLE(sheet=sheet.as_posix(), reason=os_reason(error))) from error


__all__ = ["Imported", "SheetError", "import_sheet", "schema_reference"]
