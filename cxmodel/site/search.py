"""The search index: every element by type, id, name and text, as a small JavaScript file
that assigns one JSON value (so search works from file://, where pages cannot fetch). The
type is the word a result shows, in the active language."""

from __future__ import annotations

import json
from typing import Any

from cxmodel.messages.text import message
from cxmodel.model import Workspace
from cxmodel.site.fragments import said
from cxmodel.site.paths import PageMap

JOURNEY = message("site.search.kind.journey", "journey")
TOUCHPOINT = message("site.search.kind.touchpoint", "touchpoint")
STEP = message("site.search.kind.step", "step")
CHANNEL = message("site.search.kind.channel", "channel")
DEPARTMENT = message("site.search.kind.department", "department")
POST = message("site.search.kind.listening-post", "listening post")
METRIC = message("site.search.kind.metric", "metric")
PERSONA = message("site.search.kind.persona", "persona")


def _text(*parts: str | None) -> str:
    return " ".join(p for p in parts if p)


def index_entries(ws: Workspace, pages: PageMap) -> list[dict[str, str]]:
    entries: list[dict[str, str]] = []

    def add(kind: str, element: Any, url: str | None, text: str) -> None:
        if url is None:
            return
        entries.append({"k": kind, "i": element.id, "n": element.name, "t": text, "u": url})

    touchpoint, step_kind = said(TOUCHPOINT), said(STEP)
    for journey in ws.journeys:
        add(said(JOURNEY), journey, pages.link(journey),
            _text(journey.goal, journey.description, *journey.tags))
        for step in journey.steps:
            lanes = [e.action for lane in (step.frontstage, step.backstage, step.support)
                     for e in lane if e.action]
            add(touchpoint if step.is_touchpoint else step_kind, step,
                pages.link(step, journey),
                _text(journey.name, step.channel.name if step.channel else None,
                      step.customer, step.evidence, step.description, *lanes,
                      *step.pain_points))
    for template, elements in ((CHANNEL, ws.channels), (DEPARTMENT, ws.departments),
                               (POST, ws.listening_posts), (METRIC, ws.metrics),
                               (PERSONA, ws.personas)):
        kind = said(template)
        for element in elements:
            add(kind, element, pages.link(element),
                _text(element.description, getattr(element, "question", None), *element.tags))
    return entries


def index_script(entries: list[dict[str, str]]) -> str:
    """``window.CXMODEL_INDEX = [...]``; characters that could end a script block or break
    JavaScript string parsing are escaped, so user text stays data."""
    data = json.dumps(entries, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        data = data.replace(raw, escaped)
    return f"window.CXMODEL_INDEX = {data};\n"
