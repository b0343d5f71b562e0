"""Reading a workshop workbook (.xlsx, with openpyxl) into journeys: the same columns as a
CSV sheet, on one worksheet with a journey column or on one worksheet per journey (named
after it). Problems are located as Excel names a cell: 'Online order'!D12."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from cxmodel.importer import MAX_ROWS
from cxmodel.importer.journeys import ImportedSheet, Place, SheetReader
from cxmodel.importer.known import Known
from cxmodel.importer.problems import SheetError, SheetProblem
from cxmodel.importer.rows import Header, cells_of, read_header
from cxmodel.messages.text import Name, message

# What the workbook's parts may hold once unzipped: a workshop's workbook of 20,000 rows
# is a few megabytes; a "zip bomb" of a few kilobytes could unpack to gigabytes.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
# The columns read: a workshop sheet has a few dozen.
MAX_COLUMNS = 256

NOT_XLSX = message("import.xlsx.not-xlsx", "the file is not an Excel workbook (.xlsx): save it "
                   "as 'Excel Workbook' (an older .xls or a CSV file is read by 'import csv' "
                   "once saved as CSV UTF-8)")
UNREADABLE = message("import.xlsx.unreadable", "the workbook cannot be read: {problem}")
TOO_BIG = message("import.xlsx.too-big", "the workbook unpacks to more than {limit} bytes, "
                  "more than a workshop's sheet holds")
NO_SHEET = message("import.xlsx.no-sheet", "no worksheet has a header row with a step "
                   "column")
SKIPPED = message("import.xlsx.skipped", "worksheet {sheet} has no step column in its first "
                  "row and is skipped")
TOO_MANY_ROWS = message(
    "import.too-many-rows", "the sheet has more than {most} rows below its header, the most "
    "cxmodel imports at once (limit --max-rows): split it into several sheets, or raise the "
    "limit with --max-rows {more}")


def _text(value: Any) -> str:
    """A cell's value as the text a person sees: 4 not 4.0, TRUE as yes, a date as
    2026-12-01."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime) and value.time() == datetime.time():
        return value.date().isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return str(value)


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except zipfile.BadZipFile as error:
        raise SheetError([SheetProblem("error", NOT_XLSX())]) from error
    if "xl/workbook.xml" not in names:
        raise SheetError([SheetProblem("error", NOT_XLSX())])
    if unpacked > MAX_UNPACKED_BYTES:
        raise SheetError([SheetProblem("error", TOO_BIG(limit=MAX_UNPACKED_BYTES))])


def read_workbook(data: bytes, max_rows: int = MAX_ROWS, known: Known | None = None
                  ) -> ImportedSheet:
    """Read a workshop workbook; raises SheetError with every problem found."""
    _check_zip(data)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetError([SheetProblem("error", UNREADABLE(problem=str(error)))]) from error
    try:
        return _read(book, max_rows, known)
    finally:
        book.close()


def _read(book: Any, max_rows: int, known: Known | None) -> ImportedSheet:
    state = SheetReader(known)
    skipped: list[SheetProblem] = []
    errors: list[SheetProblem] = []
    used = 0
    rows_read = 0
    for sheet in book.worksheets:
        title = str(sheet.title)
        # The rows and cells the file holds, not the dimension it claims (a damaged or
        # hostile one says XFD1048576: sixteen billion empty cells).
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
        first = next(rows, None)
        values = [_text(v) for v in first] if first is not None else []
        header = read_header(values, needs_journey=False, sheet=title)
        if not header.has("step", "step_id"):
            if any(v.strip() for v in values):
                skipped.append(SheetProblem("warning", SKIPPED(sheet=Name(title)),
                                            sheet=title))
            continue
        used += 1
        errors.extend(p for p in header.problems if p.severity == "error")
        state.sheet.warnings.extend(p for p in header.problems if p.severity == "warning")
        if any(p.severity == "error" for p in header.problems):
            continue
        state.new_part()
        rows_read = _rows(state, rows, header, title, max_rows, rows_read)
    if not used:
        raise SheetError([SheetProblem("error", NO_SHEET()), *skipped])
    state.sheet.warnings.extend(skipped)
    if errors:
        raise SheetError(errors + state.sheet.warnings)
    return state.finish()


def _rows(state: SheetReader, rows: Any, header: Header, title: str, max_rows: int,
          read: int) -> int:
    """Read one worksheet's rows below its header; the rows read so far, all sheets."""
    by_title = not header.has("journey", "journey_id")
    for number, values in enumerate(rows, start=2):
        texts = [_text(v) for v in values]
        if not any(t.strip() for t in texts):
            continue
        read += 1
        place = Place(number, header.columns, sheet=title)
        if read > max_rows:
            raise SheetError([place.problem("error", TOO_MANY_ROWS(
                most=max_rows, more=str(max_rows * 4)))])
        cells = cells_of(texts, header)
        if by_title:
            cells["journey"] = title
        state.row(cells, place)
    return read
