"""What the pages of a site share, worked out once per build: links to elements, the
findings as page data, who is responsible for which touchpoints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from cxmodel.analyze import Analysis
from cxmodel.analyze.rule import family_title
from cxmodel.diagnostics import Diagnostic, diagnostic_dict
from cxmodel.diagrams.views import too_long
from cxmodel.loader.limits import Limits
from cxmodel.model import Department, Element, Journey, ListeningPost, Step, Workspace
from cxmodel.model.facts import unreached_departments
from cxmodel.report.data import RelativePaths, error_counts, priority
from cxmodel.site.paths import PageMap


@dataclass
class Findings:
    all: list[dict[str, Any]] = field(default_factory=list)
    by_page: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    by_department: dict[int, list[dict[str, Any]]] = field(default_factory=dict)


class SiteLookups:
    """What several pages of a site ask for, worked out once, here or on first use: each
    element's link, each finding as page data, each department's touchpoints. Computing
    them again for every page built the same findings' and links' dictionaries three times
    over."""

    def __init__(self, ws: Workspace, analysis: Analysis, title: str,
                 root: Path | None = None, journey_inputs: dict[str, str] | None = None,
                 limits: Limits | None = None) -> None:
        self.root = root
        self.limits = limits or Limits()
        # Journeys too long to draw (max_diagram_steps), with their CX006; and the maps too
        # large to draw (max_map_elements), found as their page is made.
        self.not_drawn = too_long(ws, self.limits)
        self.not_drawn_maps: list[Diagnostic] = []
        # What each journey's diagrams depend on (see build.journey_inputs): a cached
        # diagram is found by this key without building its DOT text.
        self.journey_inputs = journey_inputs or {}
        self.ws = ws
        self.analysis = analysis
        self.title = title
        self.pages = PageMap(ws)
        self.relative = RelativePaths(root)
        self.journey_of: dict[int, Journey] = {id(s): j for j in ws.journeys for s in j.steps}
        self.figures_of = {id(f.journey): f for f in analysis.figures.journeys}
        # Elements live as long as the workspace, so their ids key these for the build.
        self._refs: dict[int, dict[str, Any]] = {}
        self._sorted_findings: dict[str, list[dict[str, Any]]] = {}
        self._responsible: dict[int, list[Step]] | None = None
        self._unreached: list[tuple[ListeningPost, tuple[Department, ...]]] | None = None
        self._channels_of: dict[int, set[int]] = {}
        self._channel_figures: dict[int, Any] | None = None

    # --- links -------------------------------------------------------------------------
    def _page_of(self, element: Element | None) -> str | None:
        if element is None:
            return None
        if isinstance(element, Step):
            journey = self.journey_of.get(id(element))
            return self.pages.page(journey) if journey else None
        page = self.pages.page(element)
        if page is None and hasattr(element, "journey_id"):
            journey = self.ws.journey(element.journey_id)
            return self.pages.page(journey) if journey else None
        return page

    def ref(self, element: Element | None) -> dict[str, Any] | None:
        """{name, id, url} of an element (url relative to the site root); one dictionary
        per element, shared by every page that links to it."""
        if element is None:
            return None
        found = self._refs.get(id(element))
        if found is None:
            if isinstance(element, Step):
                url = self.pages.link(element, self.journey_of.get(id(element)))
            else:
                url = self.pages.link(element)
            found = self._refs[id(element)] = {"name": element.name, "id": element.id,
                                               "url": url}
        return found

    def refs(self, elements: Any) -> list[dict[str, Any]]:
        return [r for r in (self.ref(e) for e in elements) if r is not None]

    def _finding(self, d: Diagnostic, subject: Element | None) -> dict[str, Any]:
        return {**diagnostic_dict(d, self.relative(d.span.file),
                                  ("code", "name", "severity", "message", "hint", "file", "line")),
                "family": family_title(d.code),
                "subject": self.ref(subject) if subject is not None else None}

    @cached_property
    def errors(self) -> Counter[int]:
        """The error-level findings standing on each element, by the element's id."""
        return error_counts(self.analysis)

    @cached_property
    def findings(self) -> Findings:
        """Every finding as page data, in the analysis' order; by page and by accountable
        department. The dictionaries are shared by the pages that show them, read-only."""
        found = Findings()
        analysis = self.analysis
        for d in analysis.findings:
            subject = analysis.subjects.get(d.fingerprint or "")
            item = self._finding(d, subject)
            found.all.append(item)
            found.by_page.setdefault(self._page_of(subject) or "", []).append(item)
            department = analysis.departments.get(d.fingerprint or "")
            if department is not None:
                found.by_department.setdefault(id(department), []).append(item)
        return found

    def findings_for(self, page: str) -> list[dict[str, Any]]:
        found = self._sorted_findings.get(page)
        if found is None:
            found = self._sorted_findings[page] = sorted(self.findings.by_page.get(page, []),
                                                         key=priority)
        return found

    def count_findings(self, element: Element) -> int:
        return len(self.findings.by_page.get(self.pages.page(element) or "", ()))

    def responsible_touchpoints(self, department: Department) -> list[Step]:
        """The touchpoints a department is responsible for, in journey and step order."""
        if self._responsible is None:
            self._responsible = {}
            for journey in self.ws.journeys:
                for step in journey.touchpoints:
                    if step.responsible is not None:
                        self._responsible.setdefault(id(step.responsible), []).append(step)
        return self._responsible.get(id(department), [])

    def channels_of(self, journey: Journey) -> set[int]:
        """The ids of the channels a journey uses."""
        found = self._channels_of.get(id(journey))
        if found is None:
            found = self._channels_of[id(journey)] = {id(c) for c in journey.channels}
        return found

    def channel_figures(self) -> dict[int, Any]:
        if self._channel_figures is None:
            self._channel_figures = {id(c): r for c, r in self.analysis.figures.channels}
        return self._channel_figures

    def unreached(self) -> list[tuple[ListeningPost, tuple[Department, ...]]]:
        """Each listening post with the departments its results never reach."""
        if self._unreached is None:
            self._unreached = [(post, tuple(unreached_departments(post)))
                               for post in self.ws.listening_posts]
        return self._unreached
