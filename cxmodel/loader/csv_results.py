"""Results kept as CSV in the workspace (``*.results.csv``): the long format survey
platforms export, one result a row, read into the same ``results:`` data a YAML file holds,
every value remembering the row and column of its cell. The schema check, the references,
the model and the rules then treat it as they treat YAML (docs/language.md).

Why a second syntax for one section: a year of monthly results for a large programme is
tens of thousands of rows. As YAML, libyaml makes a Python object with two marks for every
key and value (twelve a result); Python's csv module reads the same rows at C speed, so a
year of results costs ``check`` about a fifth of what it costs as YAML (benchmarks/)."""

from __future__ import annotations

import csv
import io
import re
from itertools import compress, repeat, zip_longest
from operator import is_not
from typing import TYPE_CHECKING, Any

from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.loader import wording as say
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YList, YMap, pos
from cxmodel.loader.parse import resolve_plain
from cxmodel.loader.shapes import Shape
from cxmodel.messages.text import Items, Name
from cxmodel.said import Said
from cxmodel.suggest import did_you_mean_text, listed_ids
from cxmodel.text import FORMULA_START

if TYPE_CHECKING:
    from _csv import Reader

RESULTS_CSV_SUFFIX = ".results.csv"
REQUIRED = ("metric", "period", "value")
SUBJECTS = ("channel", "journey", "step", "post")
# A decimal written plainly, with a point or a comma (4.1, 4,1, -12.5).
_DECIMAL = re.compile(r"-?[0-9]{1,15}[.,][0-9]{1,15}\Z")
# What a spreadsheet reads as a formula: text starting so is written after an apostrophe,
# which is not part of it (cxmodel.text.formula_safe; spreadsheets do the same).
_FORMULA = frozenset(FORMULA_START)
# A column of whole numbers, or of numbers with a decimal point, one a line (empty cells
# allowed): converted at once.
_WHOLE_NUMBERS = re.compile(r"(?:-?[0-9]{1,15})?(?:\n(?:-?[0-9]{1,15})?)*")
_DECIMAL_CELL = r"(?:-?[0-9]{1,15}(?:\.[0-9]{1,15})?)?"
_DECIMALS = re.compile(f"{_DECIMAL_CELL}(?:\\n{_DECIMAL_CELL})*")
_NONES = repeat(None)
# The header a hint suggests.
_EXAMPLE = ("period", "metric", "value", "responses", "channel")


def column_key(header: str) -> str:
    """'Moment of truth', 'moment-of-truth' and ' MOMENT_OF_TRUTH ' all name one column."""
    return re.sub(r"[\s_-]+", "_", header.strip().casefold()).strip("_")


def delimiter_of(text: str) -> str:
    """Comma, semicolon (what spreadsheets write where the comma is the decimal sign) or
    tab: whichever the header line holds most of, outside quotes."""
    counts = {",": 0, ";": 0, "\t": 0}
    quoted = False
    for char in text:
        if char == '"':
            quoted = not quoted
        elif char == "\n" and not quoted:
            break
        elif char in counts and not quoted:
            counts[char] += 1
    best = max(counts, key=lambda d: (counts[d], d == ","))
    return best if counts[best] else ","


def _cell_bounds(raw: str, delimiter: str) -> list[tuple[int, int]]:
    """Where each cell of a row stands in its raw text (offsets, quotes included, line
    break excluded): split at each delimiter outside double quotes."""
    bounds = []
    start = 0
    quoted = False
    end = len(raw.rstrip("\r\n"))
    for index in range(end):
        char = raw[index]
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            bounds.append((start, index))
            start = index + 1
    bounds.append((start, end))
    return bounds


class _Table:
    """One results CSV being read: its problems, and where its rows' cells stand."""

    def __init__(self, path: str, text: str, shape: Shape, limits: Limits) -> None:
        self.path = path
        self.text = text
        self.item = shape.child("results").item()
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []

    def problem(self, code: str, said: Said, line: int, column: int, end: int | None = None,
                hint: Said | None = None) -> bool:
        """Record a problem (0-based line and columns); False once max_problems are listed."""
        if len(self.diagnostics) >= self.limits.max_problems:
            return False
        span = Span(self.path, line + 1, column + 1, line + 1,
                    (end if end is not None else column + 1) + 1)
        self.diagnostics.append(loading_diagnostic(code, said, span, hint))
        return True

    def read(self) -> YMap | None:
        # Lines as the csv module splits them (\n, \r\n, \r), kept whole.
        lines = io.StringIO(self.text, newline="").readlines()
        if not self.text.strip():
            self.problem("CX003", say.EMPTY_RESULTS(), 0, 0,
                         hint=say.RESULTS_HEADER_HINT(columns=Items(_EXAMPLE)))
            return None
        delimiter = delimiter_of(self.text)
        reader = csv.reader(lines, delimiter=delimiter, strict=True)
        try:
            header = next(reader)
        except csv.Error as error:
            self.problem("CX001", say.CSV_UNREADABLE(problem=str(error)), 0, 0)
            return None
        columns = self._columns(header, _cell_bounds(lines[0], delimiter))
        if columns is None:
            return None
        root = YMap(self.path, 0)
        results = YList(self.path, pos(reader.line_num, 0))
        if '"' in self.text or not self._columns_at_once(reader, lines, delimiter, columns,
                                                          len(header), results):
            reader = csv.reader(lines[1:], delimiter=delimiter, strict=True)
            self._rows(reader, lines, delimiter, columns, len(header), results)
        last = len(lines) - 1
        results.end = root.end = pos(last, len(lines[last].rstrip("\r\n")))
        root["results"] = results
        root.marks += (0, results.start, results.end)
        return root

    def _columns(self, header: list[str], bounds: list[tuple[int, int]]
                 ) -> list[tuple[int, str, frozenset[str]]] | None:
        """The header's columns (index, key, the types the schema accepts there); None
        when a column the results need is missing (said)."""
        allowed = list(self.item.properties)
        columns: list[tuple[int, str, frozenset[str]]] = []
        seen: set[str] = set()
        for index, cell in enumerate(header):
            key = column_key(cell)
            start, end = bounds[index] if index < len(bounds) else (0, 0)
            if not key:
                continue  # an empty header cell: the column holds nothing of the model
            if key in seen:
                self.problem("CX002", say.CSV_COLUMN_TWICE(column=Name(cell.strip())),
                             0, start, end)
                continue
            seen.add(key)
            if key not in self.item.properties:
                hint = say.CSV_PER_ANSWER() if key == "date" else \
                    did_you_mean_text(key, allowed) or say.CSV_COLUMNS(
                        columns=listed_ids(allowed, 30))
                self.problem("CX003", say.CSV_UNKNOWN_COLUMN(column=Name(cell.strip())),
                             0, start, end, hint)
                continue
            child = self.item.properties[key]
            columns.append((index, key, frozenset(child.types) if child.typed else frozenset()))
        header_end = len(self.text.split("\n", 1)[0].rstrip("\r"))
        hint = say.RESULTS_HEADER_HINT(columns=Items(_EXAMPLE))
        missing = [key for key in REQUIRED if key not in seen]
        for key in missing:
            self.problem("CX003", say.CSV_MISSING_COLUMN(column=Name(key)), 0, 0, header_end,
                         hint)
        no_subject = not seen.intersection(SUBJECTS)
        if no_subject:
            self.problem("CX003", say.CSV_NO_SUBJECT(columns=Items(SUBJECTS, "or")), 0, 0,
                         header_end, hint)
        if missing or no_subject:
            return None
        return columns

    def _columns_at_once(self, reader: Reader, lines: list[str], delimiter: str,
                         columns: list[tuple[int, str, frozenset[str]]], width: int,
                         results: YList) -> bool:
        """A file without double quotes, where each row is one line: its cells read column
        by column (a year of results is tens of thousands of rows, and Python's loops over
        each cell cost more than the csv module's reading), each row a _Row that works out
        where its cells stand only when a diagnostic asks. False, with nothing read, when
        a row breaks (the row by row reading then says where)."""
        try:
            rows = list(reader)
        except csv.Error:
            return False
        if any(len(row) > width and any(row[width:]) for row in rows):
            return False
        table = _Table.Lines(self.path, lines, delimiter,
                             [(index, key) for index, key, _ in columns])
        cells = list(zip_longest(*rows, fillvalue="")) if rows else []
        values = [_column([c.strip() for c in cells[index]] if index < len(cells) else
                          [""] * len(rows), types)
                  for index, _, types in columns]
        keys = [key for _, key, _ in columns]
        most = self.limits.max_file_values
        count = 0
        listed = results.marks
        for number, found in enumerate(zip(*values, strict=True)):
            line = number + 1
            entry = _Row(table, line)
            entry.update(compress(zip(keys, found, strict=True), map(is_not, found, _NONES)))
            if not entry:
                continue
            count += len(entry) + 1
            if count > most:
                self.problem("CX006", say.CSV_TOO_MANY_VALUES(limit=most), line, 0,
                             hint=self.limits.how_to_raise("max_file_values"))
                return True
            results.append(entry)
            listed += (entry.start, entry.end)
        return True

    class Lines:
        """What a _Row needs to say where its cells stand: the file's lines, separator and
        columns (index in the row, key)."""

        __slots__ = ("columns", "delimiter", "lines", "path")

        def __init__(self, path: str, lines: list[str], delimiter: str,
                     columns: list[tuple[int, str]]) -> None:
            self.path = path
            self.lines = lines
            self.delimiter = delimiter
            self.columns = columns

    def _rows(self, reader: Reader, lines: list[str], delimiter: str,
              columns: list[tuple[int, str, frozenset[str]]], width: int,
              results: YList) -> None:
        """Each row as a result, its cells' places found in its raw text (quoted cells may
        hold the separator or line breaks)."""
        most = self.limits.max_file_values
        numeric = [(index, key, "number" in types or "integer" in types, types)
                   for index, key, types in columns]
        values = 0
        first = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                self.problem("CX001", say.CSV_ROW_UNREADABLE(problem=str(error)), first, 0)
                return
            last = reader.line_num + 1
            entry = self._quoted_row(row, "".join(lines[first:last]), first, delimiter,
                                     numeric, width)
            first = last
            if entry:
                values += len(entry) + 1
                if values > most:
                    self.problem("CX006", say.CSV_TOO_MANY_VALUES(limit=most), entry.start >> 32,
                                 0, hint=self.limits.how_to_raise("max_file_values"))
                    return
                results.append(entry)
                results.marks += (entry.start, entry.end)

    def _quoted_row(self, row: list[str], raw: str, line: int, delimiter: str,
                    columns: list[tuple[int, str, bool, frozenset[str]]], width: int
                    ) -> YMap | None:
        """A row with quoted cells, which may hold the separator or line breaks: each
        cell's place found by splitting its raw text outside quotes."""
        bounds = _cell_bounds(raw, delimiter)
        if len(row) > width and any(cell.strip() for cell in row[width:]):
            self.problem("CX001", say.CSV_CELLS(cells=len(row), header=width),
                         *self._place(raw, line, bounds[width][0]))
            return None
        entry = YMap(self.path, pos(line, 0))
        for index, key, number, types in columns:
            if index >= len(row) or index >= len(bounds):
                break
            text = row[index].strip()
            if not text:
                continue
            start, end = bounds[index]
            begin, finish = self._at(raw, line, start), self._at(raw, line, end)
            entry[key] = _number(text, types) if number else _text(text)
            entry.marks += (begin, begin, finish)
        end_line, end_column = self._place(raw, line, len(raw.rstrip("\r\n")))
        entry.end = pos(end_line, end_column)
        return entry

    @staticmethod
    def _place(raw: str, line: int, offset: int) -> tuple[int, int]:
        """The 0-based line and column of an offset in a row's raw text (the row starts at
        ``line``; a quoted cell may hold line breaks)."""
        return (line + raw.count("\n", 0, offset), offset - (raw.rfind("\n", 0, offset) + 1))

    @classmethod
    def _at(cls, raw: str, line: int, offset: int) -> int:
        return pos(*cls._place(raw, line, offset))


class _Row(YMap):
    """A result read from a one-line row of a file without quotes. Where its cells stand
    (``marks``) is worked out from the line when first asked, which only a diagnostic
    does; pickled (the parsed cache, parallel workers) it is a plain YMap."""

    __slots__ = ("_found", "_line", "_table")

    def __init__(self, table: _Table.Lines, line: int) -> None:
        dict.__init__(self)
        self.file = table.path
        self.start = line << 32
        self.end = self.start | len(table.lines[line].rstrip("\r\n"))
        self._table = table
        self._line = line
        self._found: list[int] | None = None

    @property
    def marks(self) -> list[int]:
        if self._found is None:
            table = self._table
            raw = table.lines[self._line]
            bounds = _cell_bounds(raw, table.delimiter)
            found: list[int] = []
            for index, key in table.columns:
                if key in self:
                    start, end = bounds[index]
                    cell = raw[start:end]
                    begin = self.start | (start + len(cell) - len(cell.lstrip()))
                    found += (begin, begin, begin + len(cell.strip()))
            self._found = found
        return self._found

    @marks.setter
    def marks(self, value: list[int]) -> None:
        self._found = value

    def __reduce__(self) -> Any:
        return _plain, (self.file, self.start, self.end, dict(self), self.marks)


def _plain(file: str, start: int, end: int, values: dict[str, Any], marks: list[int]) -> YMap:
    """A _Row unpickled: a YMap with the same values and marks."""
    plain = YMap(file, start)
    plain.update(values)
    plain.end = end
    plain.marks = marks
    return plain


def _column(cells: list[str], types: frozenset[str]) -> list[Any]:
    """A column's cells (stripped) as values, None for an empty cell: numbers where the
    schema wants one (a whole column of plain numbers converted at once), else text."""
    if "number" not in types and "integer" not in types:
        if "'" in "".join(cells):
            return [_text(c) or None for c in cells]
        return [c or None for c in cells]
    joined = "\n".join(cells)
    if _WHOLE_NUMBERS.fullmatch(joined):
        return [int(c) if c else None for c in cells]
    if "number" in types and _DECIMALS.fullmatch(joined):
        return [(float(c) if "." in c else int(c)) if c else None for c in cells]
    return [_number(c, types) if c else None for c in cells]


def _number(text: str, types: frozenset[str]) -> object:
    """A cell where the schema wants a number: read as YAML reads a number there (a decimal
    comma as a point, as spreadsheets in Poland and Russia write it); else its text, which
    the schema check reports."""
    if _DECIMAL.match(text):
        text = text.replace(",", ".")
        if "number" in types:
            return float(text)
    return resolve_plain(text, set(types))


def _text(cell: str) -> str:
    """A text cell as meant: without the apostrophe a spreadsheet's formula escape put
    before it."""
    return cell[1:] if cell[:1] == "'" and cell[1:2] in _FORMULA else cell


def read_results_csv(path: str, text: str, shape: Shape, limits: Limits
                     ) -> tuple[YMap | None, list[Diagnostic]]:
    """A results CSV's data as a ``results:`` section (None when it cannot be read or its
    header lacks a column results need), and its problems."""
    table = _Table(path, text, shape, limits)
    return table.read(), table.diagnostics
