"""Reading a workshop sheet (CSV, one row per step) into journeys of the cxmodel language.
The format is documented in docs/import-export.md."""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal

from cxmodel.importer import MAX_ROWS
from cxmodel.importer.ids import IdMaker, is_id, slug
from cxmodel.loader.limits import Limits
from cxmodel.messages.render import render
from cxmodel.messages.text import Items, Name, message, plural
from cxmodel.said import Said, why

COLUMNS = ("journey", "stage", "step", "channel", "customer", "frontstage", "backstage",
           "support", "evidence", "emotion", "moment_of_truth")
REQUIRED = ("journey", "step")
TRUE_WORDS = ("yes", "true", "x", "1")
FALSE_WORDS = ("no", "false", "0")
NO_STAGE = "-"  # a stage cell that says: this step belongs to no stage
# The largest sheet read: a workspace file's limit (16 MiB), which the journey file made of
# the sheet, about as large, has to load within.
MAX_SHEET_BYTES = Limits().max_file_bytes
# The longest cell, in characters. Spreadsheets hold at most 32,767 (Excel) or 50,000
# (Google Sheets); the csv module's default of 131,072 refused long pasted text. A quote
# left open makes one cell of the rest of the sheet, which this limit stops.
MAX_CELL_CHARS = 1024 * 1024
# A lane line "Contact centre: Answers the chat" names its actor (a department; in the
# support lane, a system) before the first colon-and-space; the name is at most 40
# characters, so a sentence that merely holds a colon later on stays an action.
_ACTOR = re.compile(r"^(?P<who>[^:\n]{1,40}?)\s*:\s+(?P<what>\S.*)$")

ROW = message("import.where.row", "row {row}")
ROW_AT_LINE = message("import.where.row-line", "row {row} (line {line})")
UTF16 = message("import.utf-16", "the sheet is saved as UTF-16 ('Unicode text'); save it as "
                "'CSV UTF-8' instead")
NOT_UTF8 = message("import.not-utf-8", "the sheet is not UTF-8 text (byte {byte}, line {line}); "
                   "save it as 'CSV UTF-8'")
BAD_EMOTION = message("import.emotion", "emotion {value} is not a whole number from -2 to 2")
BAD_MOMENT = message("import.moment-of-truth",
                     "moment_of_truth {value} is not one of yes, no, true, false, x, 1, 0")
NO_LETTER = message("import.no-letter", "{text} holds no letter or digit to make an id of")
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
NO_JOURNEY = message("import.no-journey", "the journey cell is empty")
NO_STEP = message("import.no-step", "the step cell is empty")
NO_STEPS = message("import.no-steps", "the sheet has a header but no steps")
# TRANSLATORS: between the names of columns in a list (no "and": a list of what was found).
SEPARATOR = message("import.separator", ", ")


@dataclass(frozen=True, slots=True)
class SheetProblem:
    """Something wrong (error) or worth knowing (warning) in the sheet; ``row`` counts as a
    spreadsheet does, the header being row 1."""

    severity: Literal["error", "warning"]
    message: Said  # shown in the active language
    row: int | None = None
    line: int | None = None

    def where(self, sheet: str) -> str:
        """'sheet.csv: row 3 (line 4)' in the active language."""
        if self.row is None:
            return sheet
        if self.line is not None and self.line != self.row:
            return f"{sheet}: {render(ROW_AT_LINE(row=str(self.row), line=str(self.line)))}"
        return f"{sheet}: {render(ROW(row=str(self.row)))}"


class SheetError(Exception):
    """The sheet cannot be imported; ``problems`` lists every error (and the warnings)."""

    def __init__(self, problems: list[SheetProblem]) -> None:
        super().__init__(problems)
        self.problems = problems

    def __str__(self) -> str:
        return "; ".join(render(p.message) for p in self.problems if p.severity == "error")


@dataclass(slots=True)
class ImportedSheet:
    """The journeys read from a sheet, with the channels and departments they refer to (id
    -> the text in the sheet), which the rest of the workspace must define."""

    journeys: list[dict[str, Any]]
    channels: dict[str, str] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    warnings: list[SheetProblem] = field(default_factory=list)
    steps: int = 0


def column_key(header: str) -> str:
    """'Moment of truth', 'moment-of-truth' and ' MOMENT_OF_TRUTH ' all name one column."""
    return re.sub(r"[\s_-]+", "_", header.strip().casefold()).strip("_")


def decode_sheet(data: bytes) -> str:
    """The sheet's text: UTF-8, with or without the BOM spreadsheets write."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SheetError([SheetProblem("error", UTF16())])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        raise SheetError([SheetProblem(
            "error", NOT_UTF8(byte=str(error.start), line=str(line)))]) from error


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


def _cell(value: str) -> str:
    return value.replace("\r\n", "\n").replace("\r", "\n").strip()


def _emotion(text: str) -> int:
    if re.fullmatch(r"[+-]?[0-9]+", text) and -2 <= int(text) <= 2:
        return int(text)
    raise ValueError(BAD_EMOTION(value=Name(text)))


def _moment(text: str) -> bool:
    word = text.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError(BAD_MOMENT(value=Name(text)))


class _Journey:
    def __init__(self, ident: str, name: str) -> None:
        self.data: dict[str, Any] = {"id": ident}
        if name != ident:
            self.data["name"] = name
        self.stages: dict[str, str] = {}  # the stage cell -> stage id
        self.stage_list: list[dict[str, Any]] = []
        self.stage_ids = IdMaker("stage")
        self.step_ids = IdMaker("step")
        self.steps: list[dict[str, Any]] = []

    def stage(self, name: str) -> str:
        if name not in self.stages:
            ident = self.stage_ids.make(name)
            self.stages[name] = ident
            self.stage_list.append({"id": ident} if is_id(name) else
                                   {"id": ident, "name": name})
        return self.stages[name]

    def result(self) -> dict[str, Any]:
        data = dict(self.data)
        if self.stage_list:
            data["stages"] = self.stage_list
        data["steps"] = self.steps
        return data


class _Reader:
    def __init__(self) -> None:
        self.sheet = ImportedSheet([])
        self.errors: list[SheetProblem] = []
        self.journeys: dict[str, _Journey] = {}
        self.journey_ids = IdMaker("journey")

    def reference(self, table: dict[str, str], text: str) -> str:
        ident = slug(text)
        if not ident:
            raise ValueError(NO_LETTER(text=Name(text)))
        table.setdefault(ident, text)
        return ident

    def lane(self, text: str, key: str) -> Any:
        entries: list[Any] = []
        for line in (part.strip() for part in text.split("\n")):
            if not line:
                continue
            found = _ACTOR.match(line)
            if found is None or not slug(found["who"]):
                entries.append(line)
            elif key == "support":
                entries.append({"system": found["who"], "action": found["what"]})
            else:
                actor = self.reference(self.sheet.departments, found["who"])
                entries.append({"actor": actor, "action": found["what"]})
        return entries[0] if len(entries) == 1 else entries

    def step(self, cells: dict[str, str], journey: _Journey, stage: str) -> dict[str, Any]:
        name = cells["step"]
        step: dict[str, Any] = {"id": journey.step_ids.make(name)}
        if not is_id(name):
            step["name"] = name
        if stage:
            step["stage"] = journey.stage(stage)
        if cells.get("channel"):
            step["channel"] = self.reference(self.sheet.channels, cells["channel"])
        for key in ("customer", "evidence"):
            if cells.get(key):
                step[key] = cells[key]
        for key in ("frontstage", "backstage", "support"):
            if cells.get(key):
                step[key] = self.lane(cells[key], key)
        if cells.get("emotion"):
            step["emotion"] = _emotion(cells["emotion"])
        if cells.get("moment_of_truth") and _moment(cells["moment_of_truth"]):
            step["moment_of_truth"] = True
        return step


def _header(row: list[str]) -> tuple[dict[int, str], list[SheetProblem]]:
    """Column index -> known column; problems with unknown, repeated or missing columns."""
    columns: dict[int, str] = {}
    problems: list[SheetProblem] = []
    unknown: list[str] = []
    for index, raw in enumerate(row):
        key = column_key(raw)
        if not key:
            continue
        if key not in COLUMNS:
            unknown.append(raw.strip())
        elif key in columns.values():
            problems.append(SheetProblem("error", COLUMN_TWICE(column=Name(raw.strip())), 1, 1))
        else:
            columns[index] = key
    separator = render(SEPARATOR())
    if unknown:
        problems.append(SheetProblem("warning", UNKNOWN_COLUMNS(
            count=len(unknown), columns=separator.join(render(Name(u)) for u in unknown),
            known=", ".join(COLUMNS)), 1, 1))
    missing = [c for c in REQUIRED if c not in columns.values()]
    if missing:
        found = separator.join(column_key(r) for r in row if column_key(r))
        needed = Items(tuple(missing))
        problems.append(SheetProblem("error", MISSING_COLUMNS(
            count=len(missing), columns=needed, found=found) if found else MISSING_ALL(
            count=len(missing), columns=needed), 1, 1))
    return columns, problems


@contextmanager
def _cell_limit(limit: int) -> Iterator[None]:
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


def read_sheet(data: bytes, max_rows: int = MAX_ROWS) -> ImportedSheet:
    """Read a workshop sheet; raises SheetError listing every malformed row, or saying it
    has more than ``max_rows`` rows below its header."""
    with _cell_limit(MAX_CELL_CHARS):
        return _read_sheet(data, max_rows)


def _read_sheet(data: bytes, max_rows: int) -> ImportedSheet:
    text = decode_sheet(data)
    if not text.strip():
        raise SheetError([SheetProblem("error", EMPTY())])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text),
                        strict=True)
    state = _Reader()
    try:
        header = next(reader)
    except csv.Error as error:
        raise SheetError([SheetProblem("error", _unreadable(True, error), 1, 1)]) from error
    columns, problems = _header(header)
    state.sheet.warnings.extend(p for p in problems if p.severity == "warning")
    state.errors.extend(p for p in problems if p.severity == "error")
    if state.errors:
        raise SheetError(state.errors + state.sheet.warnings)
    last_journey = last_stage = ""
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
        where = (row_number, line)
        line = reader.line_num + 1
        if row_number > max_rows + 1:
            raise SheetError([SheetProblem(
                "error", TOO_MANY_ROWS(most=max_rows, more=str(max_rows * 4)), *where)])
        if not any(value.strip() for value in row):
            continue  # empty rows separate groups in a sheet
        cells = {key: _cell(row[index]) if index < len(row) else ""
                 for index, key in columns.items()}
        # Merged cells export their text in the first row only: an empty journey or stage
        # continues the one above.
        journey_cell = cells.get("journey") or last_journey
        stage_cell = cells.get("stage") or (last_stage if journey_cell == last_journey else "")
        last_journey, last_stage = journey_cell, stage_cell
        if stage_cell == NO_STAGE:
            stage_cell = ""
        if len(row) != len(header) and (len(row) < len(header) or any(
                value.strip() for value in row[len(header):])):
            state.errors.append(SheetProblem(
                "error", CELLS(cells=len(row), header=len(header)), *where))
            continue
        if not journey_cell:
            state.errors.append(SheetProblem("error", NO_JOURNEY(), *where))
            continue
        if not cells.get("step"):
            state.errors.append(SheetProblem("error", NO_STEP(), *where))
            continue
        if journey_cell not in state.journeys:
            state.journeys[journey_cell] = _Journey(state.journey_ids.make(journey_cell),
                                                    journey_cell)
        journey = state.journeys[journey_cell]
        try:
            step = state.step(cells, journey, stage_cell)
        except ValueError as error:
            state.errors.append(SheetProblem("error", why(error), *where))
            continue
        journey.steps.append(step)
        state.sheet.steps += 1
    if not state.errors and not state.sheet.steps:
        state.errors.append(SheetProblem("error", NO_STEPS()))
    if state.errors:
        raise SheetError(state.errors + state.sheet.warnings)
    state.sheet.journeys = [j.result() for j in state.journeys.values()]
    return state.sheet
