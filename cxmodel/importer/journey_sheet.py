"""Writing journeys as a workshop sheet (cxmodel export csv|xlsx): one row per step, in the
columns and cell notation the import reads, so that a workshop edits the sheet and imports
it back to the same journeys. References are written by display name where that name
leads back to the element alone, else by id. Whatever a sheet cannot hold (a stage's
description, a journey's waivers) is named, by reading the sheet back and comparing."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from cxmodel.importer.cells import write_lane_line, write_target
from cxmodel.importer.columns import COLUMNS, NO_STAGE, YES
from cxmodel.importer.ids import IdMaker
from cxmodel.importer.journeys import CONTEXTS, STATES, Place, SheetReader
from cxmodel.importer.known import Elements, Known
from cxmodel.importer.problems import SheetError
from cxmodel.messages.render import render
from cxmodel.messages.text import Name, message
from cxmodel.model import Journey, Step, Workspace
from cxmodel.model.elements import LaneEntry

# TRANSLATORS: export csv/xlsx: {fields} lists what the sheet leaves out ("step 'pay':
# frontstage", "stage 'buy': description").
LOSSY = message("export.sheet.lossy", "journey {journey}: a sheet cannot hold {fields}; "
                "importing the sheet back leaves it out")
Cell = str | int


@dataclass
class Sheet:
    """The header (column keys) and the rows of a workshop sheet, and what it leaves out."""

    columns: list[str]
    rows: list[list[Cell]]
    lossy: list[Any] = field(default_factory=list)  # Text: a journey's fields left out


def known_of(workspace: Workspace) -> Known:
    """The workspace's elements, for writing references by name."""
    known = Known()
    for kind in known.kinds:
        for element in getattr(workspace, kind):
            known[kind].add(element.id, element.name if element.name != element.id else None)
    return known


def _written_name(element: Any) -> str:
    return str(element.name) if element.name != element.id else str(element.id)


class _Writer:
    def __init__(self, workspace: Workspace) -> None:
        self.known = known_of(workspace)

    def ref(self, kind: str, element: Any) -> str:
        return "" if element is None else self.known[kind].written(element.id)

    def refs(self, kind: str, elements: Iterable[Any]) -> str:
        return "\n".join(self.ref(kind, e) for e in elements)

    def lane(self, entries: Sequence[LaneEntry], support: bool) -> str:
        written = []
        for entry in entries:
            if entry.actor is not None:
                written.append(write_lane_line(self.ref("departments", entry.actor),
                                               entry.action, bracketed=support))
            elif entry.system is not None:
                written.append(write_lane_line(entry.system, entry.action,
                                               bracketed=not support))
            else:
                written.append(write_lane_line(None, entry.action))
        return "\n".join(written)

    def journey_cells(self, journey: Journey) -> dict[str, Cell]:
        targets = [write_target(self.ref("metrics", t.metric), t.min, t.max)
                   for t in journey.targets]
        return {
            "journey_description": journey.description or "",
            "persona": self.ref("personas", journey.persona),
            "goal": journey.goal or "",
            "owner": self.ref("departments", journey.owner),
            "state": render(STATES[journey.state]()) if journey.state else "",
            "journey_tags": ", ".join(journey.tags),
            "targets": "\n".join(targets),
        }

    def step_cells(self, step: Step, steps: Elements) -> dict[str, Cell]:
        notice = step.proactive
        cells: dict[str, Cell] = {
            "description": step.description or "",
            "channel": self.ref("channels", step.channel),
            "customer": step.customer or "",
            "frontstage": self.lane(step.frontstage, False),
            "backstage": self.lane(step.backstage, False),
            "support": self.lane(step.support, True),
            "evidence": step.evidence or "",
            "moment_of_truth": render(YES()) if step.moment_of_truth else "",
            "pain_points": "\n".join(step.pain_points),
            "problems": self.refs("problems", step.problems),
            "offers": self.refs("offers", step.offers),
            "next": "\n".join(steps.written(i) for i in step.next_ids or ()),
            "delay_risk": render(YES()) if step.delay_risk else "",
            "proactive": "" if notice is None else write_lane_line(
                self.ref("channels", notice.channel) or None, notice.message),
            "context": render(CONTEXTS[step.context]()) if step.context else "",
            "tags": ", ".join(step.tags),
            "waive": "\n".join(f"{code}: {reason}" for code, reason in step.waivers.items()),
        }
        if step.emotion is not None:
            cells["emotion"] = step.emotion
        return cells


def _needs_ids(names: Sequence[tuple[str, str]], fallback: str) -> bool:
    """Whether ids made from the names (as the import makes them) differ from the ids."""
    maker = IdMaker(fallback)
    return any(maker.make(name) != ident for ident, name in names)


def journey_sheet(journeys: Sequence[Journey], workspace: Workspace) -> Sheet:
    """The journeys as one sheet, a row per step."""
    writer = _Writer(workspace)
    rows: list[dict[str, Cell]] = []
    # Journeys' and steps' ids are always written: other files name them (a post covers
    # 'journey/step'), so a workshop renaming a step in the sheet must not change its id. A
    # stage is named only within its journey: its id is written where the name would not
    # make it.
    ids = {"journey_id": True, "step_id": True,
           "stage_id": any(_needs_ids([(s.id, _written_name(s)) for s in j.stages], "stage")
                           for j in journeys)}
    for journey in journeys:
        steps = Elements()
        for step in journey.steps:
            steps.add(step.id, step.name if step.name != step.id else None)
        first = writer.journey_cells(journey)
        for position, step in enumerate(journey.steps):
            row: dict[str, Cell] = {"journey": _written_name(journey),
                                    "journey_id": journey.id, "step": _written_name(step),
                                    "step_id": step.id}
            if position == 0:
                row.update(first)
            if step.stage is not None:
                row["stage"] = _written_name(step.stage)
                row["stage_id"] = step.stage.id
            elif journey.stages:
                row["stage"] = NO_STAGE
            row.update(writer.step_cells(step, steps))
            rows.append(row)
    used = [key for key in COLUMNS if key in ("journey", "step") or ids.get(key) or (
        key not in ids and any(row.get(key) not in (None, "") for row in rows))]
    sheet = Sheet(used, [[row.get(key, "") for key in used] for row in rows])
    sheet.lossy = _left_out(sheet, journeys, workspace)
    return sheet


# -- what the sheet leaves out: the sheet read back, compared with the journeys -------------
def _lane(entries: Iterable[Any]) -> tuple[tuple[str | None, str | None, str | None], ...]:
    return tuple((e.actor.id if e.actor else None, e.system, e.action) for e in entries)


def _lane_data(value: Any) -> tuple[tuple[str | None, str | None, str | None], ...]:
    items = value if isinstance(value, list) else [] if value is None else [value]
    return tuple((None, None, i) if isinstance(i, str) else
                 (i.get("actor"), i.get("system"), i.get("action")) for i in items)


def _model_fields(journey: Journey) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": journey.name, "description": journey.description,
        "persona": journey.persona.id if journey.persona else None, "goal": journey.goal,
        "owner": journey.owner.id if journey.owner else None, "state": journey.state,
        "tags": tuple(journey.tags), "waive": dict(journey.waivers),
        "targets": tuple((t.metric.id, t.min, t.max, tuple(d.id for d in t.incentive_for))
                         for t in journey.targets),
        "stages": tuple((s.id, s.name, s.description, tuple(s.tags), dict(s.waivers))
                        for s in journey.stages)}
    for step in journey.steps:
        fields[f"step {step.id}"] = _model_step(step)
    return fields


def _model_step(step: Step) -> dict[str, Any]:
    notice = step.proactive
    return {
        "name": step.name, "description": step.description,
        "stage": step.stage.id if step.stage else None,
        "channel": step.channel.id if step.channel else None, "customer": step.customer,
        "frontstage": _lane(step.frontstage), "backstage": _lane(step.backstage),
        "support": _lane(step.support), "evidence": step.evidence, "emotion": step.emotion,
        "moment_of_truth": step.moment_of_truth, "pain_points": tuple(step.pain_points),
        "problems": tuple(p.id for p in step.problems),
        "offers": tuple(o.id for o in step.offers), "delay_risk": step.delay_risk,
        "proactive": None if notice is None else (
            notice.channel.id if notice.channel else None, notice.message),
        "context": step.context,
        "next": None if step.next_ids is None else tuple(step.next_ids),
        "tags": tuple(step.tags), "waive": dict(step.waivers)}


def _data_fields(data: dict[str, Any]) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "name": data.get("name", data["id"]), "description": data.get("description"),
        "persona": data.get("persona"), "goal": data.get("goal"), "owner": data.get("owner"),
        "state": data.get("state"), "tags": tuple(data.get("tags", ())), "waive": {},
        "targets": tuple((t["metric"], t.get("min"), t.get("max"), ())
                         for t in data.get("targets", ())),
        "stages": tuple((s["id"], s.get("name", s["id"]), None, (), {})
                        for s in data.get("stages", ()))}
    for step in data["steps"]:
        notice = step.get("proactive")
        fields[f"step {step['id']}"] = {
            "name": step.get("name", step["id"]), "description": step.get("description"),
            "stage": step.get("stage"), "channel": step.get("channel"),
            "customer": step.get("customer"),
            "frontstage": _lane_data(step.get("frontstage")),
            "backstage": _lane_data(step.get("backstage")),
            "support": _lane_data(step.get("support")), "evidence": step.get("evidence"),
            "emotion": step.get("emotion"),
            "moment_of_truth": bool(step.get("moment_of_truth")),
            "pain_points": tuple(step.get("pain_points", ())),
            "problems": tuple(step.get("problems", ())),
            "offers": tuple(step.get("offers", ())),
            "delay_risk": bool(step.get("delay_risk")),
            "proactive": None if notice is None else (notice.get("channel"),
                                                      notice.get("message")),
            "context": step.get("context"),
            "next": tuple(step["next"]) if "next" in step else None,
            "tags": tuple(step.get("tags", ())), "waive": dict(step.get("waive", {}))}
    return fields


def _differences(model: dict[str, Any], read: dict[str, Any]) -> list[str]:
    found: list[str] = []
    for key, value in model.items():
        other = read.get(key)
        if isinstance(value, dict) and key.startswith("step "):
            if not isinstance(other, dict):
                found.append(key)
                continue
            found.extend(f"{key}: {field}" for field, item in value.items()
                         if other.get(field) != item)
        elif key == "stages" and other != value:
            found.extend(_stage_differences(value, other or ()))
        elif other != value:
            found.append(key)
    return found


def _stage_differences(model: Sequence[Any], read: Sequence[Any]) -> list[str]:
    found: list[str] = []
    read_by_id = {stage[0]: stage for stage in read}
    for stage in model:
        other = read_by_id.get(stage[0])
        if other is None:
            found.append(f"stage {stage[0]}")
        else:
            found.extend(f"stage {stage[0]}: {label}" for label, index in (
                ("name", 1), ("description", 2), ("tags", 3), ("waive", 4))
                if other[index] != stage[index])
    if not found and [s[0] for s in model] != [s[0] for s in read]:
        found.append("stages")  # the order of the stages is their order among the steps
    return found


def _left_out(sheet: Sheet, journeys: Sequence[Journey], workspace: Workspace) -> list[Any]:
    reader = SheetReader(known_of(workspace))
    columns = {key: (index, key) for index, key in enumerate(sheet.columns)}
    for number, row in enumerate(sheet.rows, start=2):
        reader.row({key: str(value) for key, value in zip(sheet.columns, row, strict=True)},
                   Place(number, columns))
    try:
        read = {journey["id"]: journey for journey in reader.finish().journeys}
    except SheetError:
        read = {}
    notes = []
    for journey in journeys:
        data = read.get(journey.id)
        left = (_differences(_model_fields(journey), _data_fields(data))
                if data is not None else [journey.id])
        if left:
            notes.append(LOSSY(journey=Name(journey.id), fields=", ".join(left)))
    return notes

