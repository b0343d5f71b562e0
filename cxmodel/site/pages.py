"""The content of every page of the site, as plain data: computed here so templates only lay
it out. One function per kind of page."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxmodel.analyze import Analysis
from cxmodel.analyze.consistency import drift, experience_metrics
from cxmodel.analyze.loops import ASKING_METHODS, inner_loop_open, unreached_departments
from cxmodel.analyze.rule import FAMILIES
from cxmodel.diagrams.blueprint import LAYOUT as blueprint_layout
from cxmodel.diagrams.blueprint import blueprint
from cxmodel.diagrams.channels_map import channels_map
from cxmodel.diagrams.journey_map import LAYOUT as journey_layout
from cxmodel.diagrams.journey_map import journey_map
from cxmodel.diagrams.marks import step_mark
from cxmodel.diagrams.ownership_map import ownership_map
from cxmodel.model import (
    Channel,
    Department,
    Element,
    Journey,
    ListeningPost,
    Metric,
    Persona,
    Step,
    Workspace,
)
from cxmodel.report.data import priority, ratio, relative
from cxmodel.site.diagrams import DiagramJob
from cxmodel.site.paths import PageMap, root_prefix

NAV = (("index.html", "Overview"), ("journeys/index.html", "Journeys"),
       ("channels/index.html", "Channels"), ("departments/index.html", "Departments"),
       ("posts/index.html", "Listening posts"), ("metrics/index.html", "Metrics"),
       ("personas/index.html", "Personas"), ("gaps.html", "Gap report"))


@dataclass
class Page:
    path: str  # relative to the site root, '/'-separated
    template: str
    title: str
    data: dict[str, Any]
    diagrams: tuple[tuple[str, DiagramJob, str], ...] = ()  # (slot, job, accessible title)


class SiteData:
    """Builds the pages of one analysed workspace."""

    def __init__(self, ws: Workspace, analysis: Analysis, title: str,
                 root: Path | None = None, journey_inputs: dict[str, str] | None = None
                 ) -> None:
        self.root = root
        # What each journey's diagrams depend on (see build.journey_inputs): a cached
        # diagram is found by this key without building its DOT text.
        self.journey_inputs = journey_inputs or {}
        self.ws = ws
        self.analysis = analysis
        self.title = title
        self.pages = PageMap(ws)
        self.journey_of: dict[int, Journey] = {id(s): j for j in ws.journeys for s in j.steps}
        self.findings_by_page: dict[str, list[dict[str, Any]]] = {}
        for d in analysis.findings:
            subject = analysis.subjects.get(d.fingerprint or "")
            item = self._finding(d, subject)
            page = self._page_of(subject)
            self.findings_by_page.setdefault(page or "", []).append(item)

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
        """{name, id, url} of an element (url relative to the site root)."""
        if element is None:
            return None
        if isinstance(element, Step):
            url = self.pages.link(element, self.journey_of.get(id(element)))
        else:
            url = self.pages.link(element)
        return {"name": element.name, "id": element.id, "url": url}

    def refs(self, elements: Any) -> list[dict[str, Any]]:
        return [r for r in (self.ref(e) for e in elements) if r is not None]

    def _finding(self, d: Any, subject: Element | None) -> dict[str, Any]:
        return {
            "code": d.code, "name": d.name, "severity": d.severity, "message": d.message,
            "hint": d.hint, "file": relative(d.span.file, self.root), "line": d.span.line,
            "family": FAMILIES.get(d.code[:3], ""),
            "subject": self.ref(subject) if subject is not None else None,
        }

    def findings_for(self, page: str) -> list[dict[str, Any]]:
        return sorted(self.findings_by_page.get(page, []), key=priority)

    # --- pages -------------------------------------------------------------------------
    def build(self) -> list[Page]:
        ws = self.ws
        pages = [self.index(), self.catalogue("journeys", "Journeys", ws.journeys),
                 self.catalogue("channels", "Channels", ws.channels),
                 self.catalogue("departments", "Departments", ws.departments),
                 self.catalogue("posts", "Listening posts", ws.listening_posts),
                 self.catalogue("metrics", "Metrics", ws.metrics),
                 self.catalogue("personas", "Personas", ws.personas),
                 self.maps()]
        pages.extend(self.journey(j) for j in ws.journeys)
        pages.extend(self.channel(c) for c in ws.channels)
        pages.extend(self.department(d) for d in ws.departments)
        pages.extend(self.post(p) for p in ws.listening_posts)
        pages.extend(self.metric(m) for m in ws.metrics)
        pages.extend(self.persona(p) for p in ws.personas)
        return pages

    def index(self) -> Page:
        figures = self.analysis.figures
        counts = {level: sum(1 for d in self.analysis.findings if d.severity == level)
                  for level in ("error", "warning", "info")}
        top = sorted((self._finding(d, self.analysis.subjects.get(d.fingerprint or ""))
                      for d in self.analysis.findings), key=priority)[:10]
        ws = self.ws
        return Page("index.html", "site/index.html", self.title, {
            "headline": [
                {"label": "Touchpoints covered by a listening post",
                 "ratio": ratio(figures.workspace)},
                {"label": "Moments of truth measured directly",
                 "ratio": ratio(figures.moments_of_truth)},
                {"label": "Listening posts with both loops closed",
                 "ratio": ratio(figures.closed_loops)},
                {"label": "Journeys whose channels share an experience metric",
                 "ratio": ratio(figures.consistent_journeys)},
            ],
            "counts": counts, "waived": len(self.analysis.waived),
            "top": top,
            "holds": [
                {"label": "journeys", "count": len(ws.journeys), "url": "journeys/index.html"},
                {"label": "touchpoints", "count": sum(len(j.touchpoints) for j in ws.journeys),
                 "url": "journeys/index.html"},
                {"label": "channels", "count": len(ws.channels), "url": "channels/index.html"},
                {"label": "departments", "count": len(ws.departments),
                 "url": "departments/index.html"},
                {"label": "listening posts", "count": len(ws.listening_posts),
                 "url": "posts/index.html"},
                {"label": "metrics", "count": len(ws.metrics), "url": "metrics/index.html"},
                {"label": "personas", "count": len(ws.personas), "url": "personas/index.html"},
            ],
            "journeys": [self._journey_row(jf) for jf in figures.journeys],
        })

    def _journey_row(self, jf: Any) -> dict[str, Any]:
        return {"ref": self.ref(jf.journey), "goal": jf.journey.goal,
                "owner": self.ref(jf.journey.owner), "coverage": ratio(jf.coverage),
                "shares_metric": jf.shares_metric,
                "findings": len(self.findings_for(self.pages.page(jf.journey) or ""))}

    def catalogue(self, folder: str, title: str, elements: Any) -> Page:
        rows = []
        for element in elements:
            page = self.pages.page(element) or ""
            row: dict[str, Any] = {"ref": self.ref(element), "description": element.description,
                                   "findings": len(self.findings_for(page))}
            if isinstance(element, Journey):
                row["detail"] = element.goal or "goal not stated"
                row["owner"] = self.ref(element.owner)
            elif isinstance(element, Channel):
                row["detail"] = " · ".join(x for x in (element.kind, element.mode,
                                                      element.presence) if x)
                row["owner"] = self.ref(element.owner)
            elif isinstance(element, ListeningPost):
                row["detail"] = element.method or ""
                row["owner"] = self.ref(element.owner)
            elif isinstance(element, Metric):
                row["detail"] = " · ".join(x for x in (element.kind, element.dimension,
                                                      element.scope) if x)
                row["owner"] = None
            else:
                row["detail"] = getattr(element, "kind", None) or ""
                row["owner"] = None
            rows.append(row)
        return Page(f"{folder}/index.html", "site/catalogue.html", title,
                    {"rows": rows, "kind": title})

    def maps(self) -> Page:
        ws = self.ws
        channels, layout = channels_map(ws)
        owners, owners_layout = ownership_map(ws)
        return Page("maps.html", "site/maps.html", "Channel and ownership maps", {},
                    (("channels", DiagramJob(channels, layout), "How customers move between "
                      "channels"),
                     ("ownership", DiagramJob(owners, owners_layout), "Who owns what, and "
                      "where feedback goes")))

    def journey(self, journey: Journey) -> Page:
        ws = self.ws
        page = self.pages.page(journey) or ""
        jf = next(f for f in self.analysis.figures.journeys if f.journey is journey)
        steps = []
        for step in journey.steps:
            mark = step_mark(ws, step)
            steps.append({
                "number": step.position + 1, "id": step.id, "name": step.name,
                "stage": step.stage.name if step.stage else None,
                "channel": self.ref(step.channel), "responsible": self.ref(step.responsible),
                "covered_by": self.refs(ws.posts_covering(step)),
                "named_by": [p.id for p in ws.named_by.get(step, ())],
                "emotion": step.emotion, "moment_of_truth": step.moment_of_truth,
                "pain_points": list(step.pain_points), "mark": mark.key,
                "mark_symbol": mark.symbol, "mark_text": mark.text,
                "customer": step.customer, "is_touchpoint": step.is_touchpoint,
            })
        inputs = self.journey_inputs.get(journey.id)
        blueprint_job = DiagramJob(None, blueprint_layout, f"blueprint\n{inputs}",
                                   lambda: blueprint(ws, journey))
        map_job = DiagramJob(None, journey_layout, f"journey\n{inputs}",
                             lambda: journey_map(ws, journey))
        if inputs is None:
            blueprint_job = DiagramJob(*blueprint(ws, journey))
            map_job = DiagramJob(*journey_map(ws, journey))
        return Page(page, "site/journey.html", journey.name, {
            "journey": {"name": journey.name, "id": journey.id, "goal": journey.goal,
                        "description": journey.description, "state": journey.state,
                        "persona": self.ref(journey.persona), "owner": self.ref(journey.owner),
                        "coverage": ratio(jf.coverage), "shares_metric": jf.shares_metric,
                        "file": relative(journey.span.file, self.root),
                        "line": journey.span.line},
            "stages": [{"name": s.name if s else "(no stage)", "coverage": ratio(r)}
                       for s, r in jf.stages],
            "steps": steps,
            "findings": self.findings_for(page),
        }, (("blueprint", blueprint_job, f"Service blueprint of {journey.name}"),
            ("journey", map_job, f"Journey map of {journey.name}")))

    def channel(self, channel: Channel) -> Page:
        ws = self.ws
        page = self.pages.page(channel) or ""
        used = [j for j in ws.journeys if channel in j.channels]
        metrics_here = ws.metrics_on(channel)
        figures = dict((id(c), r) for c, r in self.analysis.figures.channels)
        return Page(page, "site/channel.html", channel.name, {
            "channel": {"name": channel.name, "id": channel.id, "kind": channel.kind,
                        "mode": channel.mode, "presence": channel.presence,
                        "description": channel.description, "owner": self.ref(channel.owner),
                        "co_owners": self.refs(channel.co_owners),
                        "coverage": ratio(figures[id(channel)]) if id(channel) in figures
                        else None},
            "journeys": [{"ref": self.ref(j),
                          "touchpoints": [self.ref(s) for s in j.touchpoints
                                          if s.channel is channel]} for j in used],
            "posts": self.refs(ws.channel_posts.get(channel, ())),
            "metrics": self.refs(metrics_here),
            "experience_metrics": [m.id for m in experience_metrics(ws, channel)],
            "targets": [{"metric": self.ref(t.metric), "min": t.min, "max": t.max,
                         "collected": t.metric in metrics_here} for t in channel.targets],
            "findings": self.findings_for(page),
        })

    def department(self, department: Department) -> Page:
        ws = self.ws
        page = self.pages.page(department) or ""
        responsible = [s for j in ws.journeys for s in j.touchpoints
                       if s.responsible is department]
        unmeasured = [s for s in responsible if not ws.is_covered(s)]
        posts = [p for p in ws.listening_posts if p.owner is department]
        open_loops = []
        for post in ws.listening_posts:
            if department in unreached_departments(post):
                open_loops.append({"post": self.ref(post), "why": "its results never reach "
                                   "this department, which owns part of what it covers"})
            elif post.owner is department and post.method in ASKING_METHODS \
                    and inner_loop_open(post):
                open_loops.append({"post": self.ref(post), "why": "no complete follow-up "
                                   "with the customer who answered (inner loop)"})
        department_findings = [
            self._finding(d, self.analysis.subjects.get(d.fingerprint or ""))
            for d in self.analysis.findings
            if self.analysis.departments.get(d.fingerprint or "") is department]
        return Page(page, "site/department.html", department.name, {
            "department": {"name": department.name, "id": department.id,
                           "kind": department.kind, "description": department.description},
            "channels": self.refs(c for c in ws.channels if c.owner is department),
            "co_owned": self.refs(c for c in ws.channels if department in c.co_owners),
            "journeys": self.refs(j for j in ws.journeys if j.owner is department),
            "posts": self.refs(posts),
            "touchpoints": len(responsible),
            "coverage": {"covered": len(responsible) - len(unmeasured),
                         "total": len(responsible),
                         "percent": round(100 * (len(responsible) - len(unmeasured))
                                          / len(responsible), 1) if responsible else None},
            "unmeasured": [{"step": self.ref(s),
                            "journey": self.ref(self.journey_of.get(id(s))),
                            "channel": self.ref(s.channel),
                            "moment_of_truth": s.moment_of_truth} for s in unmeasured],
            "open_loops": open_loops,
            "findings": sorted(department_findings, key=priority),
        })

    def post(self, post: ListeningPost) -> Page:
        page = self.pages.page(post) or ""
        inner, outer = post.inner_loop, post.outer_loop
        return Page(page, "site/post.html", post.name, {
            "post": {"name": post.name, "id": post.id, "method": post.method,
                     "description": post.description, "owner": self.ref(post.owner)},
            "metrics": [{"metric": self.ref(m.metric),
                         "scale": str(m.scale) if m.scale else None,
                         "question": m.question,
                         "drift": drift(m) != (None, None)}
                        for m in post.metrics],
            "covers": {"channels": self.refs(post.covers.channels),
                       "touchpoints": self.refs(post.covers.touchpoints),
                       "journeys": self.refs(post.covers.journeys)},
            "inner": None if inner is None else {
                "owner": self.ref(inner.owner), "within": inner.within,
                "via": self.refs(inner.via), "complete": inner.complete},
            "outer": None if outer is None else {
                "share_with": self.refs(outer.share_with), "cadence": outer.cadence},
            "unreached": self.refs(unreached_departments(post)),
            "findings": self.findings_for(page),
        })

    def metric(self, metric: Metric) -> Page:
        ws = self.ws
        page = self.pages.page(metric) or ""
        uses = []
        for post in ws.listening_posts:
            for used in post.metrics:
                if used.metric is metric:
                    scale, question = drift(used)
                    differences = []
                    if scale is not None:
                        differences.append(f"scale {scale}")
                    if question is not None:
                        differences.append(f"question “{question}”")
                    uses.append({"post": self.ref(post), "drift": differences,
                                 "channels": self.refs(post.covers.channels)})
        return Page(page, "site/metric.html", metric.name, {
            "metric": {"name": metric.name, "id": metric.id, "kind": metric.kind,
                       "dimension": metric.dimension, "scope": metric.scope,
                       "scale": str(metric.scale) if metric.scale else None,
                       "unit": metric.unit, "question": metric.question,
                       "description": metric.description},
            "uses": uses,
            "channels": self.refs(c for c in ws.channels if metric in ws.metrics_on(c)),
            "targets": [{"channel": self.ref(c), "min": t.min, "max": t.max}
                        for c in ws.channels for t in c.targets if t.metric is metric],
            "findings": self.findings_for(page),
        })

    def persona(self, persona: Persona) -> Page:
        page = self.pages.page(persona) or ""
        return Page(page, "site/persona.html", persona.name, {
            "persona": {"name": persona.name, "id": persona.id,
                        "description": persona.description},
            "journeys": self.refs(j for j in self.ws.journeys if j.persona is persona),
            "findings": self.findings_for(page),
        })


def nav(path: str) -> list[dict[str, Any]]:
    prefix = root_prefix(path)
    section = path.split("/")[0] if "/" in path else path
    return [{"url": prefix + target, "label": label,
             "current": target.split("/")[0] == section} for target, label in NAV]


__all__ = ["Page", "SiteData", "nav"]
