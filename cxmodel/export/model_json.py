"""The resolved model as JSON (``cxmodel export json``): every element with its references
as ids and the derived facts the gap rules use (touchpoints, responsible departments, the
posts covering each step, hand-offs). Documented in docs/import-export.md."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from cxmodel.model import (
    Channel,
    Department,
    Element,
    HandOff,
    Journey,
    LaneEntry,
    ListeningPost,
    Metric,
    Offer,
    Persona,
    Problem,
    Scale,
    Stage,
    Step,
    Workspace,
)

FORMAT_VERSION = 1


def _ids(elements: Iterable[Element]) -> list[str]:
    return [e.id for e in elements]


def _id(element: Element | None) -> str | None:
    return element.id if element is not None else None


def _scale(scale: Scale | None) -> dict[str, float] | None:
    return {"min": scale.min, "max": scale.max} if scale is not None else None


def _common(element: Element) -> dict[str, Any]:
    return {
        "id": element.id,
        "name": element.name,
        "description": element.description,
        "tags": list(element.tags),
        "waive": dict(sorted(element.waivers.items())),
        "file": element.span.file,
        "line": element.span.line,
    }


def _department(d: Department) -> dict[str, Any]:
    return {**_common(d), "kind": d.kind}


def _channel(c: Channel, ws: Workspace) -> dict[str, Any]:
    return {**_common(c), "kind": c.kind, "mode": c.mode, "presence": c.presence,
            "purpose": c.purpose, "working_mode": c.working_mode,
            "for_notices": c.for_notices, "owner": _id(c.owner), "co_owners": _ids(c.co_owners),
            "targets": [{"metric": t.metric.id, "min": t.min, "max": t.max} for t in c.targets],
            "measured_by": _ids(ws.channel_posts.get(c, ())),
            "metrics_used": _ids(ws.metrics_on(c))}


def _metric(m: Metric) -> dict[str, Any]:
    return {**_common(m), "kind": m.kind, "dimension": m.dimension, "scope": m.scope,
            "scale": _scale(m.scale), "unit": m.unit, "question": m.question}


def _persona(p: Persona) -> dict[str, Any]:
    return _common(p)


def _problem(p: Problem) -> dict[str, Any]:
    return {**_common(p), "resolvable_in": _ids(p.resolvable_in)}


def _offer(o: Offer) -> dict[str, Any]:
    return {**_common(o), "journeys": list(o.journey_ids), "channels": _ids(o.channels)}


def _post(p: ListeningPost) -> dict[str, Any]:
    inner = p.inner_loop
    outer = p.outer_loop
    return {
        **_common(p), "method": p.method, "owner": _id(p.owner),
        "metrics": [{"metric": used.metric.id, "scale": _scale(used.scale),
                     "question": used.question} for used in p.metrics],
        "covers": {"channels": _ids(p.covers.channels),
                   "touchpoints": [s.ref for s in p.covers.touchpoints],
                   "journeys": _ids(p.covers.journeys)},
        "themes": [{**_common(t), "ref": t.ref, "problems": _ids(t.problems)}
                   for t in p.themes],
        "closed_loop": {
            "inner": None if inner is None else {
                "owner": _id(inner.owner), "within": inner.within,
                "within_seconds": inner.within_seconds, "via": _ids(inner.via)},
            "outer": None if outer is None else {
                "share_with": _ids(outer.share_with), "cadence": outer.cadence},
        },
    }


def _lane(entries: tuple[LaneEntry, ...]) -> list[dict[str, Any]]:
    return [{"actor": _id(e.actor), "system": e.system, "action": e.action} for e in entries]


def _stage(s: Stage) -> dict[str, Any]:
    return _common(s)


def _step(s: Step, journey: Journey, ws: Workspace) -> dict[str, Any]:
    proactive = s.proactive
    return {
        **_common(s),
        "ref": s.ref,
        "position": s.position,
        "stage": _id(s.stage),
        "channel": _id(s.channel),
        "touchpoint": s.is_touchpoint,
        "staffed": s.staffed,
        "automated": s.automated,
        "customer": s.customer,
        "evidence": s.evidence,
        "frontstage": _lane(s.frontstage),
        "backstage": _lane(s.backstage),
        "support": _lane(s.support),
        "emotion": s.emotion,
        "moment_of_truth": s.moment_of_truth,
        "pain_points": list(s.pain_points),
        "problems": _ids(s.problems),
        "offers": _ids(s.offers),
        "delay_risk": s.delay_risk,
        "proactive": None if proactive is None else {
            "channel": _id(proactive.channel), "message": proactive.message},
        "next": _ids(journey.successors(s)),
        "responsible": _id(s.responsible),
        "covered_by": _ids(ws.posts_covering(s)),
        "named_by": _ids(ws.named_by.get(s, ())),
    }


def _handoff(h: HandOff) -> dict[str, Any]:
    return {"journey": h.journey.id, "from": h.source.ref, "to": h.target.ref,
            "channel_changes": h.channel_changes,
            "department_changes": h.department_changes}


def _journey(j: Journey, ws: Workspace) -> dict[str, Any]:
    return {**_common(j), "persona": _id(j.persona), "goal": j.goal, "owner": _id(j.owner),
            "state": j.state, "stages": [_stage(s) for s in j.stages],
            "steps": [_step(s, j, ws) for s in j.steps],
            "channels": _ids(j.channels),
            "touchpoints": [s.id for s in j.touchpoints],
            "handoffs": [_handoff(h) for h in ws.journey_handoffs[j]],
            "staff_handoffs": [_handoff(h) for h in ws.staff_handoffs[j]]}


def model_data(ws: Workspace) -> dict[str, Any]:
    """The whole model as plain data, elements in the order they are written."""
    from cxmodel import __version__

    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "cxmodel", "version": __version__},
        "files": list(ws.files),
        "departments": [_department(d) for d in ws.departments],
        "channels": [_channel(c, ws) for c in ws.channels],
        "metrics": [_metric(m) for m in ws.metrics],
        "personas": [_persona(p) for p in ws.personas],
        "problems": [_problem(p) for p in ws.problems],
        "offers": [_offer(o) for o in ws.offers],
        "listening_posts": [_post(p) for p in ws.listening_posts],
        "journeys": [_journey(j, ws) for j in ws.journeys],
    }


def render(ws: Workspace) -> str:
    return json.dumps(model_data(ws), ensure_ascii=False, indent=2) + "\n"
