"""Reading a workshop sheet saved as CSV (one row per step) into journeys of the cxmodel
language. The format is documented in docs/import-export.md."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cxmodel.importer import MAX_ROWS
from cxmodel.importer.journeys import ImportedSheet, Place, SheetReader
from cxmodel.importer.known import Known
from cxmodel.importer.problems import SheetError, SheetProblem
from cxmodel.importer.rows import cells_of, read_header
from cxmodel.loader.csv_results import delimiter_of
from cxmodel.loader.limits import Limits
from cxmodel.messages.text import message, plural
from cxmodel.said import Said

__all__ = ["MAX_CELL_CHARS", "MAX_SHEET_BYTES", "ImportedSheet", "SheetError",
           "SheetProblem", "decode_sheet", "delimiter_of", "read_sheet"]

# The longest cell, in characters. Spreadsheets hold at most 32,767 (Excel) or 50,000
# (Google Sheets); the csv module's default of 131,072 refused long pasted text. A quote
# left open makes one cell of the rest of the sheet, which this limit stops.
MAX_CELL_CHARS = 1024 * 1024
# The largest sheet read: a workspace file's limit (16 MiB), which the journey file made of
# the sheet, about as large, has to load within.
MAX_SHEET_BYTES = Limits().max_file_bytes

A_WORKBOOK = message("import.csv.workbook", "the file is an Excel workbook, not CSV: import it "
                     "with 'cxmodel import xlsx'")
AN_OLD_WORKBOOK = message("import.csv.old-workbook", "the file is an old Excel workbook (.xls): "
                          "save it as 'Excel Workbook (.xlsx)' and use 'cxmodel import xlsx', "
                          "or save it as 'CSV UTF-8'")
UTF16 = message("import.utf-16", "the sheet is saved as UTF-16 ('Unicode text'); save it as "
                "'CSV UTF-8' instead")
NOT_UTF8 = message("import.not-utf-8", "the sheet is not UTF-8 text (byte {byte}, line {line}); "
                   "save it as 'CSV UTF-8'")
HEADER_CELL_TOO_LONG = message(
    "import.header-cell-too-long", "the header row cannot be read: a cell is longer than "
    "{limit} characters, the most cxmodel reads (is a quote left open?)")
ROW_CELL_TOO_LONG = message(
    "import.row-cell-too-long", "the row cannot be read: a cell is longer than {limit} "
    "characters, the most cxmodel reads (is a quote left open?)")
HEADER_UNREADABLE = message("import.header-unreadable", "the header row cannot be read: {problem}")
ROW_UNREADABLE = message("import.row-unreadable",
                         "the row cannot be read ({problem}): is a quote left open?")
EMPTY = message("import.empty", "the sheet is empty: it needs a header row with at least the "
                "columns journey and step")
TOO_MANY_ROWS = message(
    "import.too-many-rows", "the sheet has more than {most} rows below its header, the most "
    "cxmodel imports at once (limit --max-rows): split it into several sheets, or raise the "
    "limit with --max-rows {more}")
# TRANSLATORS: {header} counts the header's cells.
CELLS = plural("import.cells", "the row has {cells} cells but the header has {header}: a cell "
               "holding a line break or the separator must be in double quotes",
               "the row has {cells} cells but the header has {header}: a cell holding a line "
               "break or the separator must be in double quotes", count="cells")


def decode_sheet(data: bytes) -> str:
    """The sheet's text: UTF-8, with or without the BOM spreadsheets write."""
    if data.startswith(b"PK\x03\x04"):
        raise SheetError([SheetProblem("error", A_WORKBOOK())])
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise SheetError([SheetProblem("error", AN_OLD_WORKBOOK())])
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SheetError([SheetProblem("error", UTF16())])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SheetError([SheetProblem(
            "error", NOT_UTF8(byte=str(error.start), line=str(line)))]) from error


@contextmanager
def cell_limit(limit: int) -> Iterator[None]:
    """The csv module's field size limit, for the time of a read. It is one setting for the
    whole process, so the previous one is put back."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)


def _unreadable(header: bool, error: csv.Error) -> Said:
    """Why the header (or a row) cannot be read, said for people who edit sheets."""
    if "field limit" in str(error):  # "field larger than field limit (N)"
        return (HEADER_CELL_TOO_LONG if header else ROW_CELL_TOO_LONG)(limit=MAX_CELL_CHARS)
    if header:
        return HEADER_UNREADABLE(problem=str(error))
    return ROW_UNREADABLE(problem=str(error))


def read_sheet(data: bytes, max_rows: int = MAX_ROWS, known: Known | None = None
               ) -> ImportedSheet:
    """Read a workshop sheet, linking its references to ``known`` (the workspace's
    elements) when given; raises SheetError listing every malformed row, or saying it has
    more than ``max_rows`` rows below its header."""
    with cell_limit(MAX_CELL_CHARS):
        return _read_sheet(data, max_rows, known)




def open_csv(data: bytes) -> tuple[Any, list[str]]:
    """A CSV file's rows (a csv reader, past its header) and its header row; SheetError
    for a file that is empty, not UTF-8, or whose header cannot be read. Read within
    cell_limit()."""
    text = decode_sheet(data)
    if not text.strip():
        raise SheetError([SheetProblem("error", EMPTY())])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text),
                        strict=True)
    try:
        return reader, next(reader)
    except csv.Error as error:
        raise SheetError([SheetProblem("error", _unreadable(True, error), 1, 1)]) from error


def _read_sheet(data: bytes, max_rows: int, known: Known | None) -> ImportedSheet:
    reader, first = open_csv(data)
    header = read_header(first)
    warnings = [p for p in header.problems if p.severity == "warning"]
    errors = [p for p in header.problems if p.severity == "error"]
    if errors:
        raise SheetError(errors + warnings)
    state = SheetReader(known)
    state.sheet.warnings.extend(warnings)
    row_number = 1
    line = reader.line_num + 1
    while True:
        row_number += 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            state.errors.append(SheetProblem("error", _unreadable(False, error),
                                             row_number, line))
            break
        place = Place(row_number, header.columns, line)
        line = reader.line_num + 1
        if row_number > max_rows + 1:
            raise SheetError([place.problem("error", TOO_MANY_ROWS(
                most=max_rows, more=str(max_rows * 4)))])
        if not any(value.strip() for value in row):
            continue  # empty rows separate groups in a sheet
        if len(row) > header.width and any(value.strip() for value in row[header.width:]):
            state.errors.append(place.problem("error", CELLS(cells=len(row),
                                                             header=header.width)))
            state.follow(cells_of(row, header), place)  # the rows below may continue its journey
            continue
        state.row(cells_of(row, header), place)
    return state.finish()
