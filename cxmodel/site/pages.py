"""The content of every page of the site, as plain data: computed here so templates only lay
it out. One function per kind of page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cxmodel.analyze.words import duration
from cxmodel.diagnostics import Diagnostic
from cxmodel.diagrams.blueprint import LAYOUT as blueprint_layout
from cxmodel.diagrams.blueprint import blueprint
from cxmodel.diagrams.channels_map import busy
from cxmodel.diagrams.journey_map import LAYOUT as journey_layout
from cxmodel.diagrams.journey_map import journey_map
from cxmodel.diagrams.marks import (
    ACTION_AT,
    ACTION_MEANS,
    ACTION_SYMBOL,
    action_when,
    step_actions,
    step_events,
    step_mark,
)
from cxmodel.diagrams.views import drawable_map
from cxmodel.messages.render import render
from cxmodel.messages.text import Template, Text, message
from cxmodel.model import (
    Action,
    Channel,
    Department,
    Journey,
    ListeningPost,
    Metric,
    Persona,
)
from cxmodel.model.facts import (
    channel_metrics,
    collects,
    drift,
    experience_metrics,
    inner_loop_expected,
    inner_loop_open,
    journey_metrics,
    unreached_departments,
)
from cxmodel.report.data import (
    headline_errors,
    journey_errors,
    priority,
    ratio,
    stage_errors,
)
from cxmodel.report.headlines import HEADLINES
from cxmodel.site.diagrams import DiagramJob
from cxmodel.site.fragments import said
from cxmodel.site.paths import root_prefix
from cxmodel.site.results import SiteResults
from cxmodel.site.values import shown, shown_all
from cxmodel.text import signed

OVERVIEW = message("site.nav.overview", "Overview")
JOURNEYS = message("site.title.journeys", "Journeys")
CHANNELS = message("site.title.channels", "Channels")
DEPARTMENTS = message("site.title.departments", "Departments")
POSTS = message("site.title.posts", "Listening posts")
METRICS = message("site.title.metrics", "Metrics")
PERSONAS = message("site.title.personas", "Personas")
GAP_REPORT = message("site.nav.gaps", "Gap report")
MAPS = message("site.title.maps", "Channel and ownership maps")
CHANNELS_MAP = message("site.maps.channels", "How customers move between channels")
OWNERSHIP_MAP = message("site.maps.ownership", "Who owns what, and where feedback goes")
# What a catalogue page says when the model has none of its elements.
EMPTY = {
    "journeys": message("site.catalogue.no-journeys", "The model has no journeys yet."),
    "channels": message("site.catalogue.no-channels", "The model has no channels yet."),
    "departments": message("site.catalogue.no-departments",
                           "The model has no departments yet."),
    "posts": message("site.catalogue.no-posts", "The model has no listening posts yet."),
    "metrics": message("site.catalogue.no-metrics", "The model has no metrics yet."),
    "personas": message("site.catalogue.no-personas", "The model has no personas yet."),
}
GOAL_NOT_STATED = message("site.catalogue.goal-not-stated", "goal not stated")
NO_STAGE = message("site.journey.no-stage", "(no stage)")
BLUEPRINT_OF = message("site.journey.blueprint-title", "Service blueprint of {journey}")
JOURNEY_MAP_OF = message("site.journey.map-title", "Journey map of {journey}")
NEVER_REACHED = message("site.department.loop-never-reached",
                        "its results never reach this department, which owns part of what "
                        "it covers")
NO_FOLLOW_UP = message("site.department.loop-no-follow-up",
                       "no complete follow-up with the customer who answered (inner loop)")
DRIFTS_SCALE = message("site.metric.drifts-scale", "scale {scale}")
DRIFTS_QUESTION = message("site.metric.drifts-question", "question “{question}”")
DRIFTS_BOTH = message("site.metric.drifts-both", "scale {scale}, question “{question}”")

NAV = (("index.html", OVERVIEW), ("journeys/index.html", JOURNEYS),
       ("channels/index.html", CHANNELS), ("departments/index.html", DEPARTMENTS),
       ("posts/index.html", POSTS), ("metrics/index.html", METRICS),
       ("personas/index.html", PERSONAS), ("gaps.html", GAP_REPORT))


def shown_text(value: Any) -> str:
    """A label given as a template, a text or a string, in the active language."""
    if isinstance(value, Template):
        value = value()
    return render(value) if isinstance(value, Text) else str(value)


@dataclass
class Page:
    path: str  # relative to the site root, '/'-separated
    template: str
    title: str
    data: dict[str, Any]
    diagrams: tuple[tuple[str, DiagramJob, str], ...] = ()  # (slot, job, accessible title)


class SiteData(SiteResults):
    """Builds the pages of one analysed workspace."""

    def build(self) -> list[Page]:
        return list(self.each())

    def each(self) -> Iterator[Page]:
        """Every page, one at a time (so their diagrams can be started as soon as each
        page exists); the maps first, as the ownership map takes longest to draw."""
        ws = self.ws
        yield self.maps()
        yield self.index()
        yield self.catalogue("journeys", JOURNEYS, ws.journeys)
        yield self.catalogue("channels", CHANNELS, ws.channels)
        yield self.catalogue("departments", DEPARTMENTS, ws.departments)
        yield self.catalogue("posts", POSTS, ws.listening_posts)
        yield self.catalogue("metrics", METRICS, ws.metrics)
        yield self.catalogue("personas", PERSONAS, ws.personas)
        yield from (self.journey(j) for j in ws.journeys)
        yield from (self.channel(c) for c in ws.channels)
        yield from (self.department(d) for d in ws.departments)
        yield from (self.post(p) for p in ws.listening_posts)
        yield from (self.metric(m) for m in ws.metrics)
        yield from (self.persona(p) for p in ws.personas)

    def index(self) -> Page:
        figures = self.analysis.figures
        counts = {level: sum(1 for d in self.analysis.findings if d.severity == level)
                  for level in ("error", "warning", "info")}
        top = sorted(self.findings.all, key=priority)[:10]
        ws = self.ws
        errors = headline_errors(ws, self.errors)
        journeys = [self._journey_row(jf) for jf in figures.journeys]
        return Page("index.html", "site/index.html", self.title, {
            "headline": [{"label": shown_text(headline.label),
                          "ratio": ratio(getattr(figures, headline.key)),
                          "errors": errors[headline.key]}
                         for headline in HEADLINES],
            "counts": counts, "waived": len(self.analysis.waived),
            "top": top,
            # What each counts (the template says it, in the plural form of its count).
            "holds": [
                {"kind": "journeys", "count": len(ws.journeys), "url": "journeys/index.html"},
                # As the coverage figures and the report count them: those to be heard,
                # and the notices no post hears apart.
                {"kind": "touchpoints", "count": figures.workspace.total,
                 "notices": figures.notices, "url": "journeys/index.html"},
                {"kind": "channels", "count": len(ws.channels), "url": "channels/index.html"},
                {"kind": "departments", "count": len(ws.departments),
                 "url": "departments/index.html"},
                {"kind": "posts", "count": len(ws.listening_posts),
                 "url": "posts/index.html"},
                {"kind": "metrics", "count": len(ws.metrics), "url": "metrics/index.html"},
                {"kind": "personas", "count": len(ws.personas), "url": "personas/index.html"},
            ],
            "journeys": journeys,
            # Whether a figure or journey is marked with errors (the page says what it means).
            "any_errors": any(errors.values()) or any(j["errors"] for j in journeys),
        })

    def _journey_row(self, jf: Any) -> dict[str, Any]:
        return {"ref": self.ref(jf.journey), "goal": jf.journey.goal,
                "owner": self.ref(jf.journey.owner), "coverage": ratio(jf.coverage),
                "moments_of_truth": ratio(jf.moments_of_truth),
                "errors": journey_errors(jf.journey, self.errors),
                "shares_metric": jf.shares_metric,
                "findings": self.count_findings(jf.journey)}

    def catalogue(self, folder: str, heading: Template, elements: Any) -> Page:
        rows = []
        for element in elements:
            row: dict[str, Any] = {"ref": self.ref(element), "description": element.description,
                                   "findings": self.count_findings(element)}
            if isinstance(element, Journey):
                row["detail"] = element.goal or said(GOAL_NOT_STATED)
                row["owner"] = self.ref(element.owner)
            elif isinstance(element, Channel):
                row["detail"] = shown_all(("channel-kind", element.kind),
                                          ("channel-mode", element.mode),
                                          ("channel-presence", element.presence))
                row["owner"] = self.ref(element.owner)
            elif isinstance(element, ListeningPost):
                row["detail"] = shown("method", element.method) or ""
                row["owner"] = self.ref(element.owner)
            elif isinstance(element, Metric):
                row["detail"] = shown_all(("metric-kind", element.kind),
                                          ("metric-dimension", element.dimension),
                                          ("metric-scope", element.scope))
                row["owner"] = None
            elif isinstance(element, Department):
                row["detail"] = shown("department-kind", element.kind) or ""
                row["owner"] = None
            else:
                row["detail"] = getattr(element, "kind", None) or ""
                row["owner"] = None
            rows.append(row)
        return Page(f"{folder}/index.html", "site/catalogue.html", said(heading),
                    {"rows": rows, "empty": said(EMPTY[folder])})

    def maps(self) -> Page:
        ws = self.ws
        jobs, not_drawn = [], {}
        for slot, caption in (("channels", said(CHANNELS_MAP)),
                              ("ownership", said(OWNERSHIP_MAP))):
            drawn = drawable_map(ws, slot, self.limits, self.root)
            if isinstance(drawn, Diagnostic):
                self.not_drawn_maps.append(drawn)
                not_drawn[slot] = _note(drawn)
            else:
                jobs.append((slot, DiagramJob(*drawn), caption))
        crowded = busy(ws) if "channels" not in not_drawn else None
        return Page("maps.html", "site/maps.html", said(MAPS),
                    {"not_drawn": not_drawn,
                     "busy": {"arrows": crowded[0], "channels": crowded[1]} if crowded else None},
                    tuple(jobs))

    def journey(self, journey: Journey) -> Page:
        ws = self.ws
        page = self.pages.page(journey) or ""
        jf = self.figures_of[id(journey)]
        steps = []
        today = self.analysis.results.as_of.isoformat()
        for step in journey.steps:
            mark = step_mark(ws, step)
            steps.append({
                "number": step.position + 1, "id": step.id, "name": step.name,
                "stage": step.stage.name if step.stage else None,
                "channel": self.ref(step.channel), "responsible": self.ref(step.responsible),
                "covered_by": self.refs(ws.posts_covering(step)),
                "named_by": [p.id for p in ws.named_by.get(step, ())],
                "emotion": None if step.emotion is None else signed(step.emotion),
                "moment_of_truth": step.moment_of_truth,
                "pain_points": list(step.pain_points), "mark": mark.key,
                "mark_symbol": mark.symbol, "mark_text": shown_text(mark.text),
                "customer": step.customer, "is_touchpoint": step.is_touchpoint,
                "back_office": step.is_back_office,
                "events": [*({"kind": e.kind, "symbol": e.symbol, "text": e.text,
                              "means": e.means} for e in step_events(step)),
                           *({"kind": "action", "symbol": ACTION_SYMBOL,
                              "text": _action_text(action, today), "means": render(ACTION_MEANS())}
                             for action in step_actions(ws, step))],
            })
        on_stage = stage_errors(journey, self.errors)
        collected = journey_metrics(ws, journey) if journey.targets else set()
        return Page(page, "site/journey.html", journey.name, {
            "journey": {"name": journey.name, "id": journey.id, "goal": journey.goal,
                        "description": journey.description,
                        "state": shown("journey-state", journey.state),
                        "persona": self.ref(journey.persona), "owner": self.ref(journey.owner),
                        "coverage": ratio(jf.coverage),
                        "moments_of_truth": ratio(jf.moments_of_truth),
                        "errors": journey_errors(journey, self.errors),
                        "shares_metric": jf.shares_metric,
                        "file": self.relative(journey.span.file),
                        "line": journey.span.line},
            "stages": [{"name": s.name if s else said(NO_STAGE), "coverage": ratio(r),
                        "errors": on_stage[id(s) if s is not None else None]}
                       for s, r in jf.stages],
            "steps": steps,
            "targets": [{"metric": self.ref(t.metric), "min": t.min, "max": t.max,
                         "unit": t.metric.unit,
                         "collected": t.metric in collected, "standing": self.standing(t)}
                        for t in journey.targets],
            "results": self.trends(journey, journey.targets),
            "as_of": self.analysis.results.as_of.isoformat(),
            "findings": self.findings_for(page),
            "not_drawn": _note(self.not_drawn[journey]) if journey in self.not_drawn else None,
        }, self._journey_diagrams(journey))

    def _journey_diagrams(self, journey: Journey) -> tuple[tuple[str, DiagramJob, str], ...]:
        if journey in self.not_drawn:
            return ()
        ws = self.ws
        inputs = self.journey_inputs.get(journey.id)
        reading = self.analysis.results
        blueprint_job = DiagramJob(None, blueprint_layout, f"blueprint\n{inputs}",
                                   lambda: blueprint(ws, journey, reading))
        map_job = DiagramJob(None, journey_layout, f"journey\n{inputs}",
                             lambda: journey_map(ws, journey, reading))
        if inputs is None:
            blueprint_job = DiagramJob(*blueprint(ws, journey, reading))
            map_job = DiagramJob(*journey_map(ws, journey, reading))
        return (("blueprint", blueprint_job, render(BLUEPRINT_OF(journey=journey.name))),
                ("journey", map_job, render(JOURNEY_MAP_OF(journey=journey.name))))

    def channel(self, channel: Channel) -> Page:
        ws = self.ws
        page = self.pages.page(channel) or ""
        used = [j for j in ws.journeys if id(channel) in self.channels_of(j)]
        metrics_here = ws.metrics_on(channel)
        figures = self.channel_figures()
        return Page(page, "site/channel.html", channel.name, {
            "channel": {"name": channel.name, "id": channel.id,
                        "kinds": shown_all(("channel-kind", channel.kind),
                                           ("channel-mode", channel.mode),
                                           ("channel-presence", channel.presence)),
                        "description": channel.description, "owner": self.ref(channel.owner),
                        "co_owners": self.refs(channel.co_owners),
                        "coverage": ratio(figures[id(channel)]) if id(channel) in figures
                        else None},
            "journeys": [{"ref": self.ref(j),
                          "touchpoints": [self.ref(s) for s in j.touchpoints
                                          if s.channel is channel]} for j in used],
            "posts": self.refs(ws.channel_posts.get(channel, ())),
            "metrics": self.refs(channel_metrics(ws, channel)),
            "experience_metrics": [m.id for m in experience_metrics(ws, channel)],
            "targets": [{"metric": self.ref(t.metric), "min": t.min, "max": t.max,
                         "unit": t.metric.unit,
                         "collected": t.metric in metrics_here, "standing": self.standing(t)}
                        for t in channel.targets],
            "results": self.trends(channel, channel.targets),
            "as_of": self.analysis.results.as_of.isoformat(),
            "findings": self.findings_for(page),
        })

    def department(self, department: Department) -> Page:
        ws = self.ws
        page = self.pages.page(department) or ""
        responsible = self.responsible_touchpoints(department)
        unmeasured = [s for s in responsible if ws.to_be_heard(s) and not ws.is_covered(s)]
        posts = [p for p in ws.listening_posts if p.owner is department]
        open_loops = []
        for post, unreached in self.unreached():
            if department in unreached:
                open_loops.append({"post": self.ref(post), "why": said(NEVER_REACHED)})
            elif post.owner is department and inner_loop_expected(post) \
                    and inner_loop_open(post):
                open_loops.append({"post": self.ref(post), "why": said(NO_FOLLOW_UP)})
        department_findings = self.findings.by_department.get(id(department), [])
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
            "actions": self.actions_of(department),
            "findings": sorted(department_findings, key=priority),
        })

    def post(self, post: ListeningPost) -> Page:
        page = self.pages.page(post) or ""
        inner, outer = post.inner_loop, post.outer_loop
        return Page(page, "site/post.html", post.name, {
            "post": {"name": post.name, "id": post.id, "method": shown("method", post.method),
                     "description": post.description, "owner": self.ref(post.owner),
                     "anonymous": post.anonymous},
            "metrics": [{"metric": self.ref(m.metric),
                         "scale": str(m.scale) if m.scale else None,
                         "question": m.question,
                         "drift": drift(m) != (None, None)}
                        for m in post.metrics],
            "covers": {"channels": self.refs(post.covers.channels),
                       "touchpoints": self.refs(post.covers.touchpoints),
                       "journeys": self.refs(post.covers.journeys),
                       "relationship": post.covers.relationship},
            "inner": None if inner is None else {
                "owner": self.ref(inner.owner),
                "within": inner.within if inner.within_seconds is None
                else render(duration(inner.within_seconds, inner.within_unit)),
                "via": self.refs(inner.via), "complete": inner.complete,
                "may": [shown("may", action) for action in inner.may],
                "compensation_up_to": inner.compensation_up_to},
            "outer": None if outer is None else {
                "share_with": self.refs(outer.share_with),
                "cadence": shown("cadence", outer.cadence)},
            "targets": [{"metric": self.ref(t.metric), "min": t.min, "max": t.max,
                         "unit": t.metric.unit,
                         "collected": collects(post, t.metric),
                         "standing": self.standing(t)} for t in post.targets],
            "unreached": self.refs(unreached_departments(post)),
            "results": self.post_trends(post),
            "as_of": self.analysis.results.as_of.isoformat(),
            "actions": self.actions_on(post),
            "findings": self.findings_for(page),
        })

    def metric(self, metric: Metric) -> Page:
        ws = self.ws
        page = self.pages.page(metric) or ""
        uses = []
        for post in ws.listening_posts:
            for used in post.metrics:
                if used.metric is metric:
                    uses.append({"post": self.ref(post), "drift": _drift(*drift(used)),
                                 "channels": self.refs(post.covers.channels)})
        return Page(page, "site/metric.html", metric.name, {
            "metric": {"name": metric.name, "id": metric.id,
                       "kinds": shown_all(("metric-kind", metric.kind),
                                          ("metric-dimension", metric.dimension),
                                          ("metric-scope", metric.scope)),
                       "scale": str(metric.scale) if metric.scale else None,
                       "unit": metric.unit, "question": metric.question,
                       "description": metric.description},
            "uses": uses,
            "channels": self.refs(c for c in ws.channels if metric in ws.metrics_on(c)),
            "targets": [{"channel": self.ref(c), "min": t.min, "max": t.max,
                         "unit": metric.unit}
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
    return [{"url": prefix + target, "label": said(label),
             "current": target.split("/")[0] == section} for target, label in NAV]


__all__ = ["Page", "SiteData", "nav"]


def _drift(scale: Any, question: Any) -> str | None:
    """How a post's use of a metric differs from the metric's standard, or None."""
    if scale is not None and question is not None:
        return render(DRIFTS_BOTH(scale=str(scale), question=str(question)))
    if scale is not None:
        return render(DRIFTS_SCALE(scale=str(scale)))
    if question is not None:
        return render(DRIFTS_QUESTION(question=str(question)))
    return None


def _note(problem: Diagnostic) -> str:
    """Why a diagram is not drawn, for its page: the CX006's message and how to raise the
    limit."""
    return f"{problem.message} {problem.hint or ''}"


def _action_text(action: Action, today: str) -> str:
    when = action_when(action, today)
    return action.name if when is None else render(ACTION_AT(action=action.name, when=when))
