"""What the site's pages show of the recorded results and the actions: each target's latest
value against it, the trend of every metric measured for a channel, a journey or a
listening post (an inline SVG sparkline), and the actions a department owns or a post's
results led to, with the overdue ones marked."""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

from cxmodel.analyze.standing import TARGET_STATES, Standing, grouped, post_results, sound, trend
from cxmodel.messages.render import number, quantity
from cxmodel.messages.render import render as say
from cxmodel.model import Action, Element, ListeningPost, Metric, Result, Target
from cxmodel.report.data import point
from cxmodel.report.sparkline import sparkline
from cxmodel.site.lookups import SiteLookups


def _latest(points: list[dict[str, Any]], unit: str | None) -> dict[str, Any]:
    last = points[-1]
    return {**last, "shown": quantity(last["value"], unit),
            "responses_shown": (number(last["responses"])
                                if last["responses"] is not None else None)}


class SiteResults(SiteLookups):
    """Results and actions as page data."""

    @cached_property
    def standings(self) -> dict[int, Standing]:
        """Where each target stands, by the target's id."""
        return {id(s.target): s for s in self.analysis.results.standings}

    def standing(self, target: Target) -> dict[str, Any] | None:
        """A target's latest value and where it stands (None with no results)."""
        found = self.standings.get(id(target))
        if found is None or found.point is None:
            return None
        symbol, label, _ = TARGET_STATES[found.state]
        return {"state": found.state, "symbol": symbol, "label": say(label()),
                **_latest([point(found.point)], target.metric.unit)}

    def _chart(self, metric: Metric, points: list[dict[str, Any]],
               target: Target | None) -> dict[str, Any]:
        found = self.standings.get(id(target)) if target is not None else None
        return {"metric": self.ref(metric), "latest": _latest(points, metric.unit),
                "chart": sparkline(points, metric.name, found.state if found else "none",
                                   target.min if target else None,
                                   target.max if target else None, metric.unit)}

    def trends(self, subject: Element, targets: tuple[Target, ...] = ()
               ) -> list[dict[str, Any]]:
        """Every metric measured for a channel or a journey, in the model's order of
        metrics: its latest value and its trend (against its target where one is set)."""
        by_subject = grouped(self.ws).by_subject
        target_of = {id(t.metric): t for t in targets}
        shown = []
        for metric in self.ws.metrics:
            results = by_subject.get((id(subject), id(metric)))
            if results:
                points = [point(p) for p in trend(results)]
                shown.append(self._chart(metric, points, target_of.get(id(metric))))
        return shown

    def post_trends(self, post: ListeningPost) -> list[dict[str, Any]]:
        """Each metric a post reports: one value a period over all it measures (weighted by
        the responses), and its trend."""
        by_metric: dict[int, list[Result]] = {}
        for result in post_results(self.ws, post):
            if sound(result):
                by_metric.setdefault(id(result.metric), []).append(result)
        target_of = {id(t.metric): t for t in post.targets}
        return [self._chart(m, [point(p) for p in trend(by_metric[id(m)])],
                            target_of.get(id(m)))
                for m in self.ws.metrics if id(m) in by_metric]

    # --- actions -------------------------------------------------------------------------
    def action(self, action: Action) -> dict[str, Any]:
        today = self.analysis.results.as_of
        overdue = False
        if not action.finished and action.due is not None:
            try:
                overdue = datetime.date.fromisoformat(action.due) < today
            except ValueError:
                overdue = False
        origin: dict[str, Any]
        if action.listening_post is not None:
            origin = {"kind": "post", "ref": self.ref(action.listening_post)}
        elif action.theme is not None:
            post = next((p for p in self.ws.listening_posts if action.theme in p.themes), None)
            origin = {"kind": "theme", "name": action.theme.name, "ref": self.ref(post)}
        elif action.problem is not None:
            origin = {"kind": "problem", "name": action.problem.name}
        else:
            origin = {"kind": "finding", "name": action.finding}
        expected = action.expected
        return {"id": action.id, "title": action.name, "owner": self.ref(action.owner),
                "status": action.status, "due": action.due, "overdue": overdue,
                "origin": origin,
                "expected": None if expected is None else {
                    "metric": self.ref(expected.metric), "min": expected.min,
                    "max": expected.max, "unit": expected.metric.unit},
                "file": self.relative(action.span.file), "line": action.span.line}

    def actions_of(self, owner: Element) -> list[dict[str, Any]]:
        """A department's actions: the overdue first, then the open, then the finished."""
        found = [self.action(a) for a in self.ws.actions if a.owner is owner]
        return sorted(found, key=lambda a: (not a["overdue"],
                                            a["status"] in ("done", "dropped")))

    def actions_on(self, post: ListeningPost) -> list[dict[str, Any]]:
        """The actions that answer a post: its results, or one of its themes."""
        return [self.action(a) for a in self.ws.actions
                if a.listening_post is post or (a.theme is not None and a.theme in post.themes)]

