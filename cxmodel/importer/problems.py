"""What is wrong with a sheet, or worth knowing, and where: a row as a spreadsheet counts
it (the header is row 1), with the column (its letter and its header) when one cell is at
fault; in a workbook, Excel's own reference ('Online order'!D12)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from cxmodel.messages.render import render
from cxmodel.messages.text import message
from cxmodel.said import Said

ROW = message("import.where.row", "row {row}")
ROW_AT_LINE = message("import.where.row-line", "row {row} (line {line})")
# TRANSLATORS: {column} is a column's letter and header: D (channel).
CELL = message("import.where.cell", "row {row}, column {column}")
CELL_AT_LINE = message("import.where.cell-line", "row {row} (line {line}), column {column}")
_PLAIN_TITLE = re.compile(r"^[^\W\d]\w*$")


def column_letter(index: int) -> str:
    """The spreadsheet letter of the 0-based column ``index``: A, B, ..., Z, AA, ..."""
    from openpyxl.utils.cell import get_column_letter

    return get_column_letter(index + 1)


def sheet_title(title: str) -> str:
    """A worksheet's title as Excel writes it in a reference: Steps, 'Online order'."""
    return title if _PLAIN_TITLE.match(title) else "'" + title.replace("'", "''") + "'"


def sheet_reference(title: str, column: int | None, row: int) -> str:
    """Excel's reference to a cell (or a row): Steps!D12, 'Online order'!D12."""
    cell = column_letter(column) if column is not None else ""
    return f"{sheet_title(title)}!{cell}{row}"


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """Something wrong (error) or worth knowing (warning) in the sheet; ``row`` counts as a
    spreadsheet does, the header being row 1; ``column`` is 0-based, ``header`` the text
    of its header; ``sheet`` the worksheet's title in a workbook."""

    severity: Literal["error", "warning"]
    message: Said  # shown in the active language
    row: int | None = None
    line: int | None = None
    column: int | None = None
    header: str | None = None
    sheet: str | None = None

    def where(self, source: str) -> str:
        """'sheet.csv: row 3, column D (channel)' or 'plan.xlsx: Steps!D3', in the active
        language."""
        if self.row is None:
            return source if self.sheet is None else f"{source}: {sheet_title(self.sheet)}"
        if self.sheet is not None:
            return f"{source}: {sheet_reference(self.sheet, self.column, self.row)}"
        line = self.line if self.line is not None and self.line != self.row else None
        if self.column is not None:
            column = column_letter(self.column)
            if self.header:
                column += f" ({' '.join(self.header.split())})"
            said = CELL(row=str(self.row), column=column) if line is None else \
                CELL_AT_LINE(row=str(self.row), line=str(line), column=column)
        else:
            said = ROW(row=str(self.row)) if line is None else \
                ROW_AT_LINE(row=str(self.row), line=str(line))
        return f"{source}: {render(said)}"


class SheetError(Exception):
    """The sheet cannot be imported; ``problems`` lists every error (and the warnings)."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(render(p.message) for p in self.problems if p.severity == "error")
