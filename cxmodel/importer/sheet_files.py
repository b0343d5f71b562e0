"""A workshop sheet saved as a file: CSV as the language's spreadsheets read it, or an Excel
workbook (openpyxl) with a worksheet per journey. Both are byte-identical for the same
model, and no text in them is ever run as a formula."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence

from cxmodel.importer.columns import title
from cxmodel.importer.journey_sheet import Sheet
from cxmodel.messages.render import active, list_separator
from cxmodel.text import formula_safe

# A fixed date for the workbook's properties and its zip entries: the same model makes the
# same bytes (a build's SOURCE_DATE_EPOCH does the same for other tools).
FIXED_DATE = (2000, 1, 1, 0, 0, 0)
# What Excel refuses in a worksheet's title, and its length limit.
_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_TITLE_MOST = 31
# The width of a column, in characters: wide enough for a step's sentence, not a wall.
_WIDTH = {"journey": 24, "stage": 16, "step": 28, "customer": 36, "frontstage": 40,
          "backstage": 40, "support": 32, "pain_points": 40, "goal": 32, "proactive": 36}


def csv_bytes(sheet: Sheet, delimiter: str | None = None) -> bytes:
    """The sheet as CSV: UTF-8 with the byte-order mark Excel needs to read it as UTF-8,
    CRLF rows, ``delimiter`` (default: the language's separator)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter or list_separator(), lineterminator="\r\n")
    writer.writerow([formula_safe(title(key)) for key in sheet.columns])
    for row in sheet.rows:
        writer.writerow([formula_safe(cell) if isinstance(cell, str) else str(cell)
                         for cell in row])
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")


def worksheet_titles(names: Sequence[str]) -> list[str]:
    """A title for each journey's worksheet: its name without the characters Excel
    refuses, at most 31 characters, each title once."""
    titles: list[str] = []
    taken: set[str] = set()
    for name in names:
        base = " ".join(_TITLE_FORBIDDEN.sub(" ", name).split()).strip("'") or "journey"
        candidate = _cut(base, _TITLE_MOST)
        number = 2
        while candidate.casefold() in taken:
            suffix = f" ({number})"
            candidate = _cut(base, _TITLE_MOST - len(suffix)) + suffix
            number += 1
        taken.add(candidate.casefold())
        titles.append(candidate)
    return titles


def _cut(text: str, most: int) -> str:
    """``text`` in at most ``most`` characters, cut between words where it can be."""
    if len(text) <= most:
        return text
    cut = text[:most]
    space = cut.rfind(" ")
    return (cut[:space] if space > most // 2 else cut).rstrip(" '")


def xlsx_bytes(sheet: Sheet) -> bytes:
    """The sheet as a workbook: a worksheet per journey, each with the header, frozen below
    it, and wrapped text."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils.cell import get_column_letter

    book = Workbook()
    book.remove(book.active)  # type: ignore[arg-type]
    journey = sheet.columns.index("journey")
    groups: dict[str, list[list[str | int]]] = {}
    for row in sheet.rows:
        groups.setdefault(str(row[journey]), []).append(row)
    bold, wrap = Font(bold=True), Alignment(wrap_text=True, vertical="top")
    for name, worksheet_title in zip(groups, worksheet_titles(list(groups)), strict=True):
        page = book.create_sheet(worksheet_title)
        page.append([title(key) for key in sheet.columns])
        for cell in page[1]:
            cell.font = bold
        for row in groups[name]:
            page.append(row)
        for line in page.iter_rows(min_row=2):
            for cell in line:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with '='
                cell.alignment = wrap
        page.freeze_panes = "A2"
        for index, key in enumerate(sheet.columns, start=1):
            page.column_dimensions[get_column_letter(index)].width = _WIDTH.get(key, 18)
    import datetime

    fixed = datetime.datetime(*FIXED_DATE)
    book.properties.created = book.properties.modified = fixed
    book.properties.creator = "cxmodel"
    book.properties.language = active()
    buffer = io.BytesIO()
    # openpyxl's writer itself: Workbook.save dates the file "modified now".
    from openpyxl.writer.excel import ExcelWriter

    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()
    return _fixed_zip(buffer.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The workbook's zip with every entry dated FIXED_DATE, in the same order."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, FIXED_DATE)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
