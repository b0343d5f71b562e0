"""Reading a workshop workbook (.xlsx, with openpyxl) into journeys: the same columns as a
CSV sheet, on one worksheet with a journey column or on one worksheet per journey (named
after it). Problems are located as Excel names a cell: 'Online order'!D12."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

from cxmodel.importer import MAX_ROWS
from cxmodel.importer.csv_sheet import TOO_MANY_ROWS
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
FORMULA_NO_VALUE = message(
    "import.xlsx.formula-no-value", "the cell holds a formula with no saved value (the "
    "workbook was written by a program, not saved by a spreadsheet): open the workbook in "
    "a spreadsheet and save it, or type the value")
FORMULA_ERROR = message("import.xlsx.formula-error",
                        "the cell's formula gives {error}: the cell is read as empty")
# What Excel shows for a formula that fails.
EXCEL_ERRORS = frozenset({"#DIV/0!", "#N/A", "#VALUE!", "#REF!", "#NAME?", "#NUM!",
                          "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"})


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


def _check_zip(data: bytes) -> bool:
    """Refuse what is no workbook, or would unpack to too much; whether a worksheet holds
    a formula."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
            if "xl/workbook.xml" not in names:
                raise SheetError([SheetProblem("error", NOT_XLSX())])
            if unpacked > MAX_UNPACKED_BYTES:
                raise SheetError([SheetProblem("error", TOO_BIG(limit=MAX_UNPACKED_BYTES))])
            return any(b"<f>" in archive.read(name) or b"<f " in archive.read(name)
                       for name in names if name.startswith("xl/worksheets/"))
    except zipfile.BadZipFile as error:
        raise SheetError([SheetProblem("error", NOT_XLSX())]) from error


def read_workbook(data: bytes, max_rows: int = MAX_ROWS, known: Known | None = None
                  ) -> ImportedSheet:
    """Read a workshop workbook; raises SheetError with every problem found. A cell is read
    as the value a spreadsheet last computed for it; a formula without one is said."""
    has_formulas = _check_zip(data)
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        formulas = openpyxl.load_workbook(io.BytesIO(data), read_only=True,
                                          data_only=False) if has_formulas else None
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise SheetError([SheetProblem("error", UNREADABLE(problem=str(error)))]) from error
    try:
        return _read(book, formulas, max_rows, known)
    finally:
        book.close()
        if formulas is not None:
            formulas.close()


def _read(book: Any, formulas: Any, max_rows: int, known: Known | None) -> ImportedSheet:
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
        written: Any = None
        if formulas is not None:
            source = formulas[sheet.title]
            source.reset_dimensions()
            written = source.iter_rows(values_only=True, max_col=MAX_COLUMNS)
            next(written, None)
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
        rows_read = _rows(state, rows, written, header, title, max_rows, rows_read)
    if not used:
        raise SheetError([SheetProblem("error", NO_SHEET()), *skipped])
    state.sheet.warnings.extend(skipped)
    if errors:
        raise SheetError(errors + state.sheet.warnings)
    return state.finish()


def _rows(state: SheetReader, rows: Any, written: Any, header: Header, title: str,
          max_rows: int, read: int) -> int:
    """Read one worksheet's rows below its header (``written``: the same rows' formulas,
    when the workbook has any); the rows read so far, all sheets."""
    by_title = not header.has("journey", "journey_id")
    used = {index for index, _ in header.columns.values()}
    for number, values in enumerate(rows, start=2):
        as_written = next(written, None) if written is not None else None
        texts = [_text(v) for v in values]
        for index, value in enumerate(values):
            if index not in used:
                continue
            formula = as_written[index] if as_written is not None and \
                index < len(as_written) else None
            if value is None and isinstance(formula, str) and formula.startswith("="):
                state.sheet.warnings.append(SheetProblem(
                    "warning", FORMULA_NO_VALUE(), number, None, index, None, title))
            elif isinstance(value, str) and value in EXCEL_ERRORS:
                state.sheet.warnings.append(SheetProblem(
                    "warning", FORMULA_ERROR(error=value), number, None, index, None, title))
                texts[index] = ""
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
