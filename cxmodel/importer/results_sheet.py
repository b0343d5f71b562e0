"""Reading what survey platforms export into `results:` (cxmodel import results): either
the long format, one value per row (period, metric, subject, value, responses), or one
answer per row with its date, aggregated by period: the mean for a scale, NPS as promoters
minus detractors. Metrics, channels, journeys and posts are linked by id or display name,
as the sheet import links them; every problem is located at its row and column."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from cxmodel.importer import MAX_ROWS
from cxmodel.importer.csv_sheet import CELLS, MAX_CELL_CHARS, cell_limit, open_csv
from cxmodel.importer.known import Elements, Known, Link
from cxmodel.importer.problems import SheetError, SheetProblem
from cxmodel.importer.rows import plain
from cxmodel.loader.csv_results import column_key
from cxmodel.messages.text import Items, Name, message
from cxmodel.model.facts import NPS_RANGE, net_promoter

COLUMNS = ("period", "date", "metric", "channel", "journey", "step", "post",
           "listening_post", "value", "responses")
SUBJECTS = ("channel", "journey", "step", "post")
_PERIOD = re.compile(r"^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4]|-H[12])?$")
_NUMBER = re.compile(r"^[-+]?[0-9]+([.,][0-9]+)?$")

NEEDS = message("import.results.needs", "the header needs the columns metric, value and "
                "period (or date, for one answer per row), and one of channel, journey, step "
                "or post (found: {found})")
BAD_PERIOD = message("import.results.period", "{value} is not a period: write a month "
                     "(2026-11), a quarter (2026-Q4), a half-year (2026-H2) or a year (2026)")
BAD_DATE = message("import.results.date", "{value} is not a date: write it as 2026-11-30")
BAD_NUMBER = message("import.results.number", "{column}: {value} is not a number")
OFF_SCALE = message("import.results.off-scale", "value {value} lies off the scale of the "
                    "metric {metric}, {low} to {high}")
NO_SUBJECT = message("import.results.no-subject", "the row names none of channel, journey, "
                     "step or post")
SUBJECTS_TWICE = message("import.results.subjects", "the row names more than one of channel, "
                         "journey, step or post")
UNKNOWN = message("import.results.unknown", "there is no {kind} {text} in the workspace")
NOT_A_STEP = message("import.results.not-a-step", "{value} is not a touchpoint: write it as "
                     "journey-id/step-id, e.g. online-order/pay")
UNKNOWN_NEAR = message("import.results.unknown-near", "there is no {kind} {text} in the "
                       "workspace; did you mean {names}?")
TOO_MANY = message("import.results.too-many", "the export has more than {most} rows below its "
                   "header, the most cxmodel imports at once (limit --max-rows)")
NO_ROWS = message("import.results.no-rows", "the export has a header but no rows")
KINDS = {"metric": "metrics", "channel": "channels", "journey": "journeys",
         "post": "listening_posts", "listening_post": "listening_posts"}
# TRANSLATORS: what a result's cell names, in "there is no {kind} 'x' in the workspace".
KIND_WORDS = {"metric": message("import.results.kind.metric", "metric"),
              "channel": message("import.results.kind.channel", "channel"),
              "journey": message("import.results.kind.journey", "journey"),
              "step": message("import.results.kind.step", "step"),
              "post": message("import.results.kind.post", "listening post"),
              "listening_post": message("import.results.kind.post", "listening post")}


@dataclass
class ImportedResults:
    results: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0
    warnings: list[SheetProblem] = field(default_factory=list)


def period_of(day: datetime.date, granularity: str) -> str:
    """The period a day falls in: 2026-11, 2026-Q4, 2026-H2 or 2026."""
    if granularity == "year":
        return f"{day.year:04d}"
    if granularity == "half-year":
        return f"{day.year:04d}-H{(day.month - 1) // 6 + 1}"
    if granularity == "quarter":
        return f"{day.year:04d}-Q{(day.month - 1) // 3 + 1}"
    return f"{day.year:04d}-{day.month:02d}"


def aggregate(answers: list[float], nps: bool) -> float:
    """The period's value of its answers: the mean, or NPS (% 9-10 minus % 0-6)."""
    if nps:
        promoters = sum(1 for a in answers if a >= 9)
        detractors = sum(1 for a in answers if a <= 6)
        return round(100 * (promoters - detractors) / len(answers), 1)
    return round(sum(answers) / len(answers), 2)


class _Reader:
    def __init__(self, known: Known, columns: Mapping[str, tuple[int, str]]) -> None:
        self.known = known
        self.columns = columns
        self.errors: list[SheetProblem] = []
        self.warnings: list[SheetProblem] = []

    def problem(self, row: int, key: str | None, said: Any) -> None:
        column, header = self.columns.get(key, (None, None)) if key else (None, None)
        self.errors.append(SheetProblem("error", said, row, None, column, header))

    def link(self, row: int, key: str, text: str) -> str | None:
        if key == "step":
            return self._step(row, text)
        return self._linked(row, key, key, text, self.known[KINDS[key]].link(text))

    def _linked(self, row: int, column: str, kind_key: str, text: str, found: Link,
                written: Callable[[str], str] = str) -> str | None:
        """The id a cell names (of the kind ``kind_key``), or an error at its ``column``."""
        if found.status == "known":
            return found.ident
        key = column
        kind = KIND_WORDS[kind_key]()
        if found.suggestions:
            self.problem(row, key, UNKNOWN_NEAR(kind=kind, text=Name(text), names=Items(
                tuple(Name(written(s)) for s in found.suggestions), conjunction="or")))
        else:
            self.problem(row, key, UNKNOWN(kind=kind, text=Name(text)))
        return None

    def _step(self, row: int, text: str) -> str | None:
        """A touchpoint, journey-id/step-id: the journey by id or display name, then the
        step of that journey by id or display name."""
        journey_text, slash, step_text = text.partition("/")
        if not slash or not journey_text.strip() or not step_text.strip():
            self.problem(row, "step", NOT_A_STEP(value=Name(text)))
            return None
        journey = self._linked(row, "step", "journey", journey_text.strip(),
                               self.known["journeys"].link(journey_text.strip()))
        if journey is None:
            return None
        steps = self.known.steps.get(journey)
        if steps is None:
            steps = Elements()
        step = self._linked(row, "step", "step", step_text.strip(),
                            steps.link(step_text.strip()), written=lambda s: f"{journey}/{s}")
        return None if step is None else f"{journey}/{step}"


def _number(text: str) -> float | None:
    if not _NUMBER.match(text):
        return None
    value = float(text.replace(",", "."))
    return int(value) if value.is_integer() and "." not in text and "," not in text \
        else value


def read_results(data: bytes, known: Known, granularity: str = "month",
                 max_rows: int = MAX_ROWS) -> ImportedResults:
    """The results an export holds; SheetError listing every bad row."""
    with cell_limit(MAX_CELL_CHARS):
        return _read(data, known, granularity, max_rows)


def _read(data: bytes, known: Known, granularity: str, max_rows: int) -> ImportedResults:
    reader, header = open_csv(data)
    columns = {column_key(cell): (index, cell.strip()) for index, cell in enumerate(header)}
    columns = {key: place for key, place in columns.items() if key in COLUMNS}
    if not ({"metric", "value"} <= set(columns) and ({"period", "date"} & set(columns))
            and set(SUBJECTS) & set(columns)):
        raise SheetError([SheetProblem("error", NEEDS(found=", ".join(
            c.strip() for c in header if c.strip()) or "-"), 1, 1)])
    state = _Reader(known, columns)
    per_answer = "period" not in columns
    groups: dict[tuple[str, ...], list[float]] = {}
    results: list[dict[str, Any]] = []
    rows = 0
    for number, row in enumerate(reader, start=2):
        if number > max_rows + 1:
            raise SheetError([SheetProblem("error", TOO_MANY(most=max_rows), number)])
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header) and any(c.strip() for c in row[len(header):]):
            state.problem(number, None, CELLS(cells=len(row), header=len(header)))
            continue
        cells = {key: plain(row[index]) if index < len(row) else ""
                 for key, (index, _) in columns.items()}
        rows += 1
        entry = _row(state, number, cells, per_answer, granularity)
        if entry is None:
            continue
        if per_answer:
            key = tuple(f"{k}={v}" for k, v in entry.items() if k != "value")
            groups.setdefault(key, []).append(float(entry["value"]))
        else:
            results.append(entry)
    if state.errors:
        raise SheetError(state.errors)
    if per_answer:
        for key, answers in groups.items():
            fields = dict(part.split("=", 1) for part in key)
            metric = fields["metric"]
            value = aggregate(answers, net_promoter(metric, None, known.scales.get(metric)))
            results.append(_ordered({**fields, "value": value, "responses": len(answers)}))
    if not results:
        raise SheetError([SheetProblem("error", NO_ROWS())])
    return ImportedResults(results, rows, state.warnings)


def _ordered(entry: Mapping[str, Any]) -> dict[str, Any]:
    order = ("metric", "period", "value", "responses", *SUBJECTS, "listening_post")
    return {key: entry[key] for key in order if key in entry}


def _row(state: _Reader, number: int, cells: Mapping[str, str], per_answer: bool,
         granularity: str) -> dict[str, Any] | None:
    entry: dict[str, Any] = {}
    ok = True
    if per_answer:
        try:
            day = datetime.date.fromisoformat(cells.get("date", "")[:10])
            entry["period"] = period_of(day, granularity)
        except ValueError:
            state.problem(number, "date", BAD_DATE(value=Name(cells.get("date", ""))))
            ok = False
    elif not _PERIOD.match(cells.get("period", "")):
        state.problem(number, "period", BAD_PERIOD(value=Name(cells.get("period", ""))))
        ok = False
    else:
        entry["period"] = cells["period"]
    metric = state.link(number, "metric", cells["metric"]) if cells.get("metric") else None
    ok = ok and metric is not None
    if metric is not None:
        entry["metric"] = metric
    value = _number(cells.get("value", ""))
    if value is None:
        state.problem(number, "value", BAD_NUMBER(column="value",
                                                  value=Name(cells.get("value", ""))))
        ok = False
    else:
        entry["value"] = value
    if cells.get("responses") and not per_answer:
        responses = _number(cells["responses"])
        if not isinstance(responses, int) or responses < 0:
            state.problem(number, "responses", BAD_NUMBER(
                column="responses", value=Name(cells["responses"])))
            ok = False
        else:
            entry["responses"] = responses
    named = [key for key in SUBJECTS if cells.get(key)]
    if not named:
        state.problem(number, None, NO_SUBJECT())
        return None
    if len(named) > 1:
        state.problem(number, None, SUBJECTS_TWICE())
        return None
    for key in (*named, "listening_post"):
        if cells.get(key):
            linked = state.link(number, key, cells[key])
            ok = ok and linked is not None
            if linked is not None:
                entry[key] = linked
    if ok and not per_answer and "listening_post" not in entry:
        ok = _on_scale(state, number, entry)
    return _ordered(entry) if ok else None


def _on_scale(state: _Reader, number: int, entry: Mapping[str, Any]) -> bool:
    """Whether a result's value lies on its metric's scale (-100 to 100 for an NPS), as
    `check` asks (CX801). A result from a post is left to `check`: the post may ask the
    metric on a scale of its own."""
    metric = entry["metric"]
    scale = state.known.scales.get(metric)
    if scale is None:
        return True
    if net_promoter(metric, state.known["metrics"].names.get(metric), scale):
        scale = NPS_RANGE
    low, high = scale
    if low <= entry["value"] <= high:
        return True
    state.problem(number, "value", OFF_SCALE(value=entry["value"], metric=Name(metric),
                                             low=low, high=high))
    return False
