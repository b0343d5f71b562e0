"""Building journeys from a workshop sheet's rows, whatever the sheet was saved as (CSV or
a workbook): one row per step, the journey's own fields on any of its rows, and every
reference linked to what the workspace defines (by id or display name), when it is known."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from cxmodel.importer.cells import lines as cell_lines
from cxmodel.importer.cells import listed, read_lane_line, read_target, read_waiver
from cxmodel.importer.columns import NO_STAGE, title, yes_no_words, yes_or_no
from cxmodel.importer.ids import IdMaker, is_id, slug
from cxmodel.importer.known import KINDS, Elements, Known
from cxmodel.importer.problems import SheetError, SheetProblem
from cxmodel.messages.render import render
from cxmodel.messages.text import Items, Name, Template, message
from cxmodel.said import Said, why

BAD_EMOTION = message("import.emotion", "{column}: {value} is not a whole number from -2 to 2")
BAD_YES_NO = message("import.yes-no", "{column}: {value} is not yes or no (write one of "
                     "{words})")
BAD_CHOICE = message("import.choice", "{column}: {value} is not one of {words}")
NO_LETTER = message("import.no-letter", "{text} holds no letter or digit to make an id of")
NO_JOURNEY = message("import.no-journey", "the journey cell is empty")
NO_STEP = message("import.no-step", "the step cell is empty")
NO_STEPS = message("import.no-steps", "the sheet has a header but no steps")
FIELD_TWICE = message("import.journey-field-twice", "journey {journey} already has {column} "
                      "{value} (row {row}); a journey's {column} is the same on every row "
                      "that gives it")
STEP_ID_TWICE = message("import.step-id-twice", "step id {id} is already used in journey "
                        "{journey} (row {row})")
JOURNEY_EXISTS = message("import.journey-exists", "journey {id} is already in the workspace, "
                         "so check will report it twice: give the sheet's journey another "
                         "name or a journey id, or import over the file that holds it")
NOT_AN_ID = message("import.not-an-id", "{column}: {value} is not an id; {id} is used")
# TRANSLATORS: a reference in a sheet that matches nothing in the workspace but is close to
# ids that exist. {text}: the cell's text; {names}: the ids; {id}: what is written instead.
NEAR: dict[str, Template] = {
    "departments": message("import.near.departments", "there is no department {text} in the "
                           "workspace; did you mean {names}? Written as {id}, not created"),
    "channels": message("import.near.channels", "there is no channel {text} in the workspace; "
                        "did you mean {names}? Written as {id}, not created"),
    "personas": message("import.near.personas", "there is no persona {text} in the workspace; "
                        "did you mean {names}? Written as {id}, not created"),
    "metrics": message("import.near.metrics", "there is no metric {text} in the workspace; "
                       "did you mean {names}? Written as {id}, not created"),
    "problems": message("import.near.problems", "there is no problem {text} in the workspace; "
                        "did you mean {names}? Written as {id}, not created"),
    "offers": message("import.near.offers", "there is no offer {text} in the workspace; did "
                      "you mean {names}? Written as {id}, not created"),
}
NEXT_NEAR = message("import.next-near", "there is no step {text} in journey {journey}; did "
                    "you mean {names}?")
NEXT_UNKNOWN = message("import.next-unknown", "there is no step {text} in journey {journey}")
# TRANSLATORS: the words a workshop sheet uses for a journey's state and a step's context
# (the YAML keeps current/future and carried/lost); import reads them in every language.
STATES = {"current": message("sheet.state.current", "current"),
          "future": message("sheet.state.future", "future")}
CONTEXTS = {"carried": message("sheet.context.carried", "carried"),
            "lost": message("sheet.context.lost", "lost")}

_NUMBER = re.compile(r"^[+-]?[0-9]+$")
# A step's fields other than its id, name and stage, in the order a journey file writes them.
STEP_FIELDS = ("description", "channel", "customer", "frontstage", "backstage", "support",
               "evidence", "emotion", "moment_of_truth", "pain_points", "problems", "offers",
               "delay_risk", "proactive", "context", "next", "tags", "waive")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a row is: its number as a spreadsheet counts it, its line in a CSV file when a
    multi-line cell makes them differ, its worksheet's title in a workbook, and each
    column's index and header."""

    row: int
    columns: Mapping[str, tuple[int, str]]
    line: int | None = None
    sheet: str | None = None

    def problem(self, severity: Literal["error", "warning"], said: Said,
                key: str | None = None) -> SheetProblem:
        column, header = self.columns.get(key, (None, None)) if key else (None, None)
        return SheetProblem(severity, said, self.row, self.line, column, header, self.sheet)


@dataclass(slots=True)
class ImportedSheet:
    """The journeys read from a sheet. With a workspace known, ``created`` holds what is new
    to it (kind -> id -> display name, None when the text was the id), which the file
    defines; without one, ``references`` holds what it refers to (kind -> id -> the text in
    the sheet), which the workspace must define."""

    journeys: list[dict[str, Any]]
    references: dict[str, dict[str, str]] = field(default_factory=dict)
    created: dict[str, dict[str, str | None]] = field(default_factory=dict)
    warnings: list[SheetProblem] = field(default_factory=list)
    steps: int = 0
    linked: bool = False  # whether a workspace was known


def _shown(elements: Elements, ident: str, typed: str) -> str:
    """A suggestion as the cell would write it: the id where an id was typed, else the
    element's display name (a workshop types names)."""
    name = elements.names.get(ident)
    return ident if is_id(typed) or not name else name


def _choice(words: Mapping[str, Template], text: str, key: str) -> str:
    wanted = text.strip().casefold()
    for value, word in words.items():
        if wanted == value or any(wanted == render(word(), language).casefold()
                                  for language in _languages()):
            return value
    raise ValueError(BAD_CHOICE(column=title(key), value=Name(text), words=", ".join(
        dict.fromkeys([*words, *(render(w()) for w in words.values())]))))


def _languages() -> tuple[str, ...]:
    from cxmodel.messages.languages import LANGUAGES

    return tuple(LANGUAGES)


def _emotion(text: str) -> int:
    if _NUMBER.match(text) and -2 <= int(text) <= 2:
        return int(text)
    raise ValueError(BAD_EMOTION(column=title("emotion"), value=Name(text)))


def _yes(text: str, key: str) -> bool:
    answer = yes_or_no(text)
    if answer is None:
        raise ValueError(BAD_YES_NO(column=title(key), value=Name(text), words=yes_no_words()))
    return answer


class _Journey:
    def __init__(self, ident: str, name: str | None) -> None:
        self.ident = ident
        self.name = name
        self.fields: dict[str, Any] = {}
        self.given: dict[str, tuple[str, int]] = {}  # column -> (the cell's text, its row)
        self.stages = Elements()
        self.stage_list: list[dict[str, Any]] = []
        self.stage_ids = IdMaker("stage")
        self.step_ids = IdMaker("step")
        self.step_rows: dict[str, int] = {}
        self.steps: list[dict[str, Any]] = []
        self.step_index = Elements()
        self.pending_next: list[tuple[dict[str, Any], list[str], Place]] = []

    def stage(self, text: str, ident_text: str) -> str:
        """The stage a step is in: the one the stage cell names (by name or id), else a new
        one. The stage id cell only gives a new stage its id: a workshop moves a step by
        writing another stage's name, and renames a stage by writing the new name on all
        its rows, its id kept."""
        found = self.stages.find(text) if text else self.stages.find(ident_text)
        if found is not None:
            return found
        wanted = slug(ident_text) if ident_text else ""
        ident = wanted if wanted and wanted not in self.stages.names \
            else self.stage_ids.make(text or ident_text)
        self.stage_ids.taken.add(ident)
        entry: dict[str, Any] = {"id": ident}
        if text and text != ident:
            entry["name"] = text
        self.stages.add(ident, entry.get("name"))
        self.stage_list.append(entry)
        return ident

    def result(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.ident}
        if self.name is not None:
            data["name"] = self.name
        for key in ("description", "persona", "goal", "owner", "state", "tags", "targets"):
            if key in self.fields:
                data[key] = self.fields[key]
        if self.stage_list:
            data["stages"] = self.stage_list
        data["steps"] = self.steps
        return data


class SheetReader:
    """Reads rows into journeys; ``known`` is the workspace's elements, or None when the
    sheet is imported without a workspace."""

    def __init__(self, known: Known | None) -> None:
        self.known = known
        self.sheet = ImportedSheet([], linked=known is not None)
        self.errors: list[SheetProblem] = []
        self.journeys: dict[str, _Journey] = {}  # by id
        self.by_text: dict[str, str] = {}  # a journey cell's text -> the journey's id
        self.journey_ids = IdMaker("journey")
        self.warned: set[tuple[str, str]] = set()
        self.new_part()

    def new_part(self) -> None:
        """A new worksheet: nothing continues from the rows before."""
        self.last: tuple[_Journey, str, str] | None = None

    # -- references --------------------------------------------------------------------
    def link(self, kind: str, text: str, place: Place, key: str) -> str:
        if self.known is None:
            ident = slug(text)
            if not ident:
                raise ValueError(NO_LETTER(text=Name(text)))
            self.sheet.references.setdefault(kind, {}).setdefault(ident, text)
            return ident
        elements = self.known[kind]
        found = elements.link(text)
        if not found.ident:
            raise ValueError(NO_LETTER(text=Name(text)))
        if found.status == "new":
            elements.add(found.ident, text if text != found.ident else None)
            self.sheet.created.setdefault(kind, {})[found.ident] = \
                text if text != found.ident else None
        elif found.status == "near" and (kind, text) not in self.warned:
            self.warned.add((kind, text))
            names = Items(tuple(Name(_shown(elements, s, text)) for s in found.suggestions),
                          conjunction="or")
            self.sheet.warnings.append(place.problem("warning", NEAR[kind](
                text=Name(text), names=names, id=Name(found.ident)), key))
        return found.ident

    def links(self, kind: str, text: str, place: Place, key: str) -> list[str]:
        return [self.link(kind, line, place, key) for line in cell_lines(text)]

    def lane(self, text: str, key: str, place: Place) -> Any:
        entries: list[Any] = []
        for line in cell_lines(text):
            parsed = read_lane_line(line)
            if parsed.who is None:
                if parsed.what:
                    entries.append(parsed.what)
                continue
            entry: dict[str, Any]
            if parsed.bracketed != (key == "support"):  # a system
                entry = {"system": parsed.who}
            else:
                entry = {"actor": self.link("departments", parsed.who, place, key)}
            if parsed.what:
                entry["action"] = parsed.what
            entries.append(entry)
        return entries[0] if len(entries) == 1 else entries

    # -- rows --------------------------------------------------------------------------
    def _id(self, text: str, key: str, place: Place) -> str:
        ident = slug(text)
        if not ident:
            raise ValueError(NO_LETTER(text=Name(text)))
        if ident != text:
            self.sheet.warnings.append(place.problem("warning", NOT_AN_ID(
                column=title(key), value=Name(text), id=Name(ident)), key))
        return ident

    def _journey(self, cells: Mapping[str, str], place: Place) -> _Journey | None:
        text, ident_text = cells.get("journey", ""), cells.get("journey_id", "")
        if not text and not ident_text:
            if self.last is None:
                self.errors.append(place.problem("error", NO_JOURNEY(), "journey"))
                return None
            return self.last[0]
        if ident_text:
            ident = self._id(ident_text, "journey_id", place)
        elif text in self.by_text:
            ident = self.by_text[text]
        elif text in self.journeys:
            ident = text
        else:
            ident = self.journey_ids.make(text)
        if ident not in self.journeys:
            if self.known is not None and ident in self.known.journeys:
                self.sheet.warnings.append(place.problem("warning", JOURNEY_EXISTS(
                    id=Name(ident)), "journey_id" if ident_text else "journey"))
            self.journey_ids.taken.add(ident)
            self.journeys[ident] = _Journey(ident, text if text and text != ident else None)
        if text:
            self.by_text.setdefault(text, ident)
        return self.journeys[ident]

    def follow(self, cells: Mapping[str, str], place: Place) -> None:
        """A row that cannot be read: the rows below it may still continue its journey and
        stage."""
        if cells.get("journey") or cells.get("journey_id"):
            journey = self._journey(cells, place)
            if journey is not None:
                self.last = (journey, cells.get("stage", ""), cells.get("stage_id", ""))

    def row(self, cells: Mapping[str, str], place: Place) -> None:
        journey = self._journey(cells, place)
        if journey is None:
            return
        stage_text, stage_id = cells.get("stage", ""), cells.get("stage_id", "")
        if not stage_text and not stage_id and self.last is not None \
                and self.last[0] is journey:
            stage_text, stage_id = self.last[1], self.last[2]
        self.last = (journey, stage_text, stage_id)
        if not cells.get("step") and not cells.get("step_id"):
            self.errors.append(place.problem("error", NO_STEP(), "step"))
            return
        for key in ("journey_description", "persona", "goal", "owner", "state",
                    "journey_tags", "targets"):
            if cells.get(key):
                self._journey_field(journey, key, cells[key], place)
        try:
            step = self._step(cells, journey, "" if stage_text == NO_STAGE else stage_text,
                              stage_id, place)
        except _CellError as error:
            for said, key in error.cells:
                self.errors.append(place.problem("error", said, key))
            return
        journey.steps.append(step)
        self.sheet.steps += 1

    def _journey_field(self, journey: _Journey, key: str, text: str, place: Place) -> None:
        if key in journey.given:
            before, row = journey.given[key]
            if before != text:
                self.errors.append(place.problem("error", FIELD_TWICE(
                    journey=Name(journey.ident), column=title(key), value=Name(before),
                    row=str(row)), key))
            return
        journey.given[key] = (text, place.row)
        try:
            if key == "journey_description":
                journey.fields["description"] = text
            elif key == "goal":
                journey.fields["goal"] = text
            elif key == "persona":
                journey.fields["persona"] = self.link("personas", text, place, key)
            elif key == "owner":
                journey.fields["owner"] = self.link("departments", text, place, key)
            elif key == "state":
                journey.fields["state"] = _choice(STATES, text, key)
            elif key == "journey_tags":
                journey.fields["tags"] = listed(text)
            else:
                targets = []
                for line in cell_lines(text):
                    metric, bounds = read_target(line)
                    targets.append({"metric": self.link("metrics", metric, place, key),
                                    **bounds})
                journey.fields["targets"] = targets
        except ValueError as error:
            self.errors.append(place.problem("error", why(error), key))

    def _step(self, cells: Mapping[str, str], journey: _Journey, stage_text: str,
              stage_id: str, place: Place) -> dict[str, Any]:
        name = cells.get("step", "")
        if cells.get("step_id"):
            try:
                ident = self._id(cells["step_id"], "step_id", place)
            except ValueError as error:
                raise _CellError(why(error), "step_id") from error
            if ident in journey.step_rows:
                raise _CellError(STEP_ID_TWICE(id=Name(ident), journey=Name(journey.ident),
                                               row=str(journey.step_rows[ident])), "step_id")
            journey.step_ids.taken.add(ident)
        else:
            ident = journey.step_ids.make(name)
        journey.step_rows[ident] = place.row
        step: dict[str, Any] = {"id": ident}
        if name and name != ident:
            step["name"] = name
        journey.step_index.add(ident, step.get("name"))
        if stage_text or stage_id:
            step["stage"] = journey.stage(stage_text, stage_id)
        failed: list[tuple[Said, str]] = []  # every bad cell of the row, not the first alone
        for key in STEP_FIELDS:
            if cells.get(key):
                try:
                    self._step_field(step, key, cells[key], journey, place)
                except ValueError as error:
                    failed.append((why(error), key))
        if failed:
            raise _CellError(*failed[0], more=failed[1:])
        return step

    def _step_field(self, step: dict[str, Any], key: str, text: str, journey: _Journey,
                    place: Place) -> None:
        if key in ("description", "customer", "evidence"):
            step[key] = text
        elif key == "channel":
            step[key] = self.link("channels", text, place, key)
        elif key in ("frontstage", "backstage", "support"):
            value = self.lane(text, key, place)
            if value != []:
                step[key] = value
        elif key == "emotion":
            step[key] = _emotion(text)
        elif key in ("moment_of_truth", "delay_risk"):
            if _yes(text, key):
                step[key] = True
        elif key == "pain_points":
            step[key] = cell_lines(text)
        elif key in ("problems", "offers"):
            step[key] = self.links(key, text, place, key)
        elif key == "proactive":
            step[key] = self._notice(text, place)
        elif key == "context":
            step[key] = _choice(CONTEXTS, text, key)
        elif key == "next":
            step[key] = []  # filled in once every step of the journey is read
            journey.pending_next.append((step, cell_lines(text), place))
        elif key == "tags":
            step[key] = listed(text)
        elif key == "waive":
            step[key] = dict(map(read_waiver, cell_lines(text)))

    def _notice(self, text: str, place: Place) -> dict[str, Any]:
        first, _, rest = text.partition("\n")
        parsed = read_lane_line(first.strip())
        said = "\n".join(part for part in (parsed.what or "", rest.strip()) if part)
        notice: dict[str, Any] = {}
        if parsed.who is not None:
            notice["channel"] = self.link("channels", parsed.who, place, "proactive")
        if said:
            notice["message"] = said
        return notice

    def _resolve_next(self, journey: _Journey) -> None:
        for step, texts, place in journey.pending_next:
            resolved: list[str] = []
            for text in texts:
                found = journey.step_index.link(text)
                if found.status != "known":
                    self.sheet.warnings.append(place.problem("warning", NEXT_NEAR(
                        text=Name(text), journey=Name(journey.ident), names=Items(
                            tuple(Name(s) for s in found.suggestions), conjunction="or"))
                        if found.suggestions else NEXT_UNKNOWN(
                        text=Name(text), journey=Name(journey.ident)), "next"))
                resolved.append(found.ident or text)
            step["next"] = resolved

    def finish(self) -> ImportedSheet:
        """The journeys read; SheetError with every error (and the warnings) if any."""
        for journey in self.journeys.values():
            self._resolve_next(journey)
        if not self.errors and not self.sheet.steps:
            self.errors.append(SheetProblem("error", NO_STEPS()))
        if self.errors:
            raise SheetError(self.errors + self.sheet.warnings)
        self.sheet.journeys = [j.result() for j in self.journeys.values() if j.steps]
        self.sheet.created = {kind: self.sheet.created[kind] for kind in KINDS
                              if kind in self.sheet.created}
        self.sheet.references = {kind: self.sheet.references[kind] for kind in KINDS
                                 if kind in self.sheet.references}
        return self.sheet


class _CellError(Exception):
    """Cells of a row that cannot be read: why, and each cell's column."""

    def __init__(self, said: Said, key: str, more: list[tuple[Said, str]] | None = None
                 ) -> None:
        super().__init__(said)
        self.cells = [(said, key), *(more or [])]  # every bad cell of the row: why, column
