"""A sheet's header and rows as the journey builder reads them, whatever the file: which
column each header names (in any language), and each row's cells as text."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cxmodel.importer.columns import COLUMNS, column_of, title
from cxmodel.importer.problems import SheetProblem
from cxmodel.loader.csv_results import column_key
from cxmodel.messages.render import render
from cxmodel.messages.text import Items, Name, message, plural
from cxmodel.text import FORMULA_START

COLUMN_TWICE = message("import.column-twice", "the column {column} appears twice")
# TRANSLATORS: {columns} lists the unknown columns' headers, {known} the columns cxmodel reads.
UNKNOWN_COLUMNS = plural("import.unknown-columns", "unknown column {columns} ignored "
                         "(cxmodel reads: {known})",
                         "unknown columns {columns} ignored (cxmodel reads: {known})")
# TRANSLATORS: {columns}: journey, step, or journey and step; {found}: the columns found.
MISSING_COLUMNS = plural("import.missing-columns",
                         "the header needs the column {columns} (found: {found})",
                         "the header needs the columns {columns} (found: {found})")
MISSING_ALL = plural("import.missing-columns-none",
                     "the header needs the column {columns} (found: nothing)",
                     "the header needs the columns {columns} (found: nothing)")
# TRANSLATORS: between the names of columns in a list (no "and": a list of what was found).
SEPARATOR = message("import.separator", ", ")


@dataclass
class Header:
    """Column key -> (its 0-based index, the header as written); and the problems found."""

    columns: dict[str, tuple[int, str]] = field(default_factory=dict)
    problems: list[SheetProblem] = field(default_factory=list)
    width: int = 0

    def has(self, *keys: str) -> bool:
        return any(key in self.columns for key in keys)


def read_header(row: Sequence[str], needs_journey: bool = True,
                sheet: str | None = None) -> Header:
    """The columns a header row names; an error for a repeated column and for a missing
    step (or, when ``needs_journey``, journey) column, a warning naming unknown ones."""
    header = Header(width=len(row))
    unknown: list[str] = []
    first_unknown = 0
    for index, raw in enumerate(row):
        if not column_key(raw):
            continue
        key = column_of(raw)
        if key is None:
            if not unknown:
                first_unknown = index
            unknown.append(raw.strip())
        elif key in header.columns:
            header.problems.append(SheetProblem(
                "error", COLUMN_TWICE(column=Name(raw.strip())), 1, 1, index, raw.strip(),
                sheet))
        else:
            header.columns[key] = (index, raw.strip())
    separator = render(SEPARATOR())
    if unknown:
        header.problems.append(SheetProblem("warning", UNKNOWN_COLUMNS(
            count=len(unknown), columns=separator.join(render(Name(u)) for u in unknown),
            known=separator.join(title(key) for key in COLUMNS)), 1, 1, first_unknown,
            unknown[0], sheet))
    missing = [key for key, also in (("journey", "journey_id"), ("step", "step_id"))
               if not header.has(key, also) and (key == "step" or needs_journey)]
    if missing:
        found = separator.join(column_key(r) for r in row if column_key(r))
        needed = Items(tuple(title(key) for key in missing))
        header.problems.append(SheetProblem("error", MISSING_COLUMNS(
            count=len(missing), columns=needed, found=found) if found else MISSING_ALL(
            count=len(missing), columns=needed), 1, 1, sheet=sheet))
    return header


def plain(value: str) -> str:
    """A cell's text: line breaks as LF, surrounding spaces trimmed, and the apostrophe an
    export (or the author) put before a formula's first character, so that a spreadsheet
    shows it as text, taken off."""
    text = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if text.startswith("'") and text[1:2] and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def cells_of(row: Sequence[str], header: Header) -> dict[str, str]:
    """Column key -> the cell's text; a row shorter than the header (no trailing
    separators) has empty cells."""
    return {key: plain(row[index]) if index < len(row) else ""
            for key, (index, _) in header.columns.items()}
