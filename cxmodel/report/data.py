"""The report's content as plain data (dicts, lists, text, numbers): computed once, here, so
that every format (JSON, CSV, Markdown, HTML) shows the same facts and templates compute
nothing. The JSON format is this data as it is (documented in docs/report.md)."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import Any

from cxmodel.analyze import Analysis
from cxmodel.analyze.figures import Cell, Ratio
from cxmodel.analyze.registry import RULES_BY_CODE
from cxmodel.analyze.rule import family_title
from cxmodel.analyze.standing import STATES, Point, Reading
from cxmodel.diagnostics import SEVERITY_RANK, Diagnostic, diagnostic_dict
from cxmodel.model import (
    Channel,
    Department,
    Element,
    Journey,
    ListeningPost,
    Metric,
    Offer,
    Persona,
    Problem,
    Stage,
    Step,
    Theme,
    Workspace,
)
from cxmodel.model.facts import channel_metrics, inner_loop_expected

# 2: matrix rows list only the channels their journey uses (1 listed every channel, so a
# report grew with journeys times channels).
# 3: "closed_loops" became "inner_loops" (over the posts that ask customers for feedback)
# and "outer_loops"; headlines, journeys, stages and cells count the error-level findings
# standing on them ("errors"), and a measured cell with one is "measured-with-error";
# journeys have "moments_of_truth"; findings say what kind of "element" they are about, and
# "not_owned" counts those on elements no department owns by nature.
# 4: "results": each target's latest value against it (met, missed, indicative, stale),
# with its trend.
# 5: "summary.touchpoints" counts those to be heard, "summary.notices" the notices left
# out; each finding names its "cause" (the unheard channel it follows from, or null);
# "fix_first" lists one finding per cause, with "same_cause"; a target can be a listening
# post's ("kind": "post").
# 6: each target of "results" says its metric's "unit" (null when the model gives none).
FORMAT_VERSION = 6
RULE_ORDER = {code: index for index, code in enumerate(RULES_BY_CODE)}


def ratio(value: Ratio) -> dict[str, Any]:
    return {"covered": value.covered, "total": value.total, "percent": value.percent}


def _ref(element: Any) -> dict[str, Any] | None:
    if element is None:
        return None
    return {"id": element.id, "name": element.name}


# What kind of element a finding is about ("element" in the report data). A department can
# own (or be responsible for) steps, journeys, channels and listening posts: a finding on one
# that has none is on an element that lacks an owner. The others have no owning department
# in the language (a finding with no element, such as a limit reached, neither).
ELEMENT_KINDS: dict[type, str] = {
    Step: "step", Journey: "journey", Channel: "channel", ListeningPost: "listening_post",
    Department: "department", Stage: "stage", Metric: "metric", Persona: "persona",
    Problem: "problem", Offer: "offer", Theme: "theme",
}
OWNABLE = frozenset({"step", "journey", "channel", "listening_post", "department"})
NOT_OWNED_ORDER = ("offer", "metric", "persona", "problem", "stage", "theme")


def element_kind(element: Element | None) -> str | None:
    if element is None:
        return None
    return ELEMENT_KINDS.get(type(element), type(element).__name__.lower())


def not_owned(item: dict[str, Any]) -> bool:
    """Whether a finding (report data) is on an element no department owns by nature."""
    return item["department"] is None and item.get("element") not in OWNABLE


def error_counts(analysis: Analysis) -> Counter[int]:
    """The error-level findings (severity as configured) standing on each element, by the
    element's id."""
    found: Counter[int] = Counter()
    subjects = analysis.subjects
    for d in analysis.findings:
        if d.severity == "error":
            subject = subjects.get(d.fingerprint or "")
            if subject is not None:
                found[id(subject)] += 1
    return found


def journey_errors(journey: Journey, errors: Counter[int]) -> int:
    """Error-level findings on a journey, its stages or its steps."""
    return (errors[id(journey)] + sum(errors[id(s)] for s in journey.steps)
            + sum(errors[id(s)] for s in journey.stages))


def stage_errors(journey: Journey, errors: Counter[int]) -> Counter[int | None]:
    """Error-level findings on each stage of a journey and its steps, by the stage's id
    (``None``: the steps with no stage), in one pass over the steps."""
    found: Counter[int | None] = Counter()
    for step in journey.steps:
        found[id(step.stage) if step.stage is not None else None] += errors[id(step)]
    for stage in journey.stages:
        found[id(stage)] += errors[id(stage)]
    return found


def headline_errors(ws: Workspace, errors: Counter[int]) -> dict[str, int]:
    """Error-level findings on what each headline figure counts (by its key)."""
    steps = [s for j in ws.journeys for s in j.steps]
    posts = ws.listening_posts
    return {
        "workspace": sum(errors[id(s)] for s in steps if s.is_touchpoint),
        "moments_of_truth": sum(errors[id(s)] for s in steps if s.moment_of_truth),
        "inner_loops": sum(errors[id(p)] for p in posts if inner_loop_expected(p)),
        "outer_loops": sum(errors[id(p)] for p in posts),
        "consistent_journeys": sum(errors[id(j)] for j in ws.journeys),
    }


def _cell(channel: Channel, cell: Cell, errors: Counter[int]) -> dict[str, Any]:
    return _cell_of(channel.id, cell, sum(errors[id(s)] for s in cell.steps))


def _cell_of(channel: str, cell: Cell, errors: int = 0) -> dict[str, Any]:
    state = cell.state
    return {
        "channel": channel,
        "touchpoints": cell.touchpoints,
        "covered": cell.covered,
        # Never shown as all good while an error stands on one of its touchpoints.
        "state": "measured-with-error" if errors and state == "measured" else state,
        "errors": errors,
        "metrics": [m.id for m in cell.metrics],
    }


def relative(path: str, root: Path | None) -> str:
    """A file path relative to the workspace root when it lies below it (so a site or report
    built from another folder, or on another machine, says the same)."""
    if root is None:
        return path
    try:
        inside = Path(os.path.abspath(path)).relative_to(os.path.abspath(root))
    except ValueError:
        return path
    return inside.as_posix()


class RelativePaths:
    """:func:`relative` for many paths below one root, each distinct path worked out once.
    Every finding names its file: a large site makes tens of thousands of calls for a few
    hundred distinct files."""

    def __init__(self, root: Path | None) -> None:
        self.root = root
        self.known: dict[str, str] = {}

    def __call__(self, path: str) -> str:
        found = self.known.get(path)
        if found is None:
            found = self.known[path] = relative(path, self.root)
        return found


def finding(d: Diagnostic, department: Department | None,
            root: Path | RelativePaths | None = None,
            subject: Element | None = None) -> dict[str, Any]:
    file = root(d.span.file) if isinstance(root, RelativePaths) else relative(d.span.file, root)
    return {**diagnostic_dict(d, file, ("code", "name", "severity")),
            "family": family_title(d.code),
            "family_code": d.code[:3],
            **diagnostic_dict(d, file, ("message", "hint", "file", "line", "column", "end_line",
                                        "end_column", "fingerprint")),
            "department": department.id if department is not None else None,
            "element": element_kind(subject)}


# What a board should hear first, within a severity: harm customers meet now (a target
# missed, repeat contacts the company causes, public complaints nobody answers, the customer
# made to repeat themselves, a silent wait, an action past its date); then what nobody
# hears (unmeasured touchpoints and hand-offs, results nobody acts on); then loops left
# open; then what cannot be compared; then owners and targets; then the model's own
# hygiene (a journey with no goal, unused elements). Codes not named go by their family.
IMPACT = {"CX802": 0, "CX604": 0, "CX404": 0, "CX603": 0, "CX602": 0, "CX807": 0,
          "CX806": 1, "CX106": 5}
FAMILY_IMPACT = {"CX1": 1, "CX4": 2, "CX2": 3, "CX3": 4, "CX5": 4, "CX6": 4, "CX8": 4,
                 "CX7": 5}


def impact(code: str) -> int:
    """How soon a finding of ``code`` matters to customers (0: now)."""
    return IMPACT.get(code, FAMILY_IMPACT.get(code[:3], 5))


# Findings that a channel no post hears (CX103) causes: its touchpoints unmeasured (CX101),
# the hand-offs into them (CX104), its targets no post collects (CX502). Covering the
# channel fixes them all.
FOLLOW_FROM_UNHEARD = ("CX101", "CX104", "CX502")


def causes(findings: list[Diagnostic], subjects: dict[str, Element]) -> dict[str, str]:
    """The channel (id) each finding follows from, by fingerprint, for findings that follow
    from a channel no post hears (FOLLOW_FROM_UNHEARD), and for that channel's CX103."""
    unheard = {id(subject): subject.id for d in findings if d.code == "CX103"
               if isinstance(subject := subjects.get(d.fingerprint or ""), Channel)}
    found: dict[str, str] = {}
    for d in findings:
        subject = subjects.get(d.fingerprint or "")
        channel = subject.channel if isinstance(subject, Step) else subject
        if (d.code in FOLLOW_FROM_UNHEARD or d.code == "CX103") \
                and isinstance(channel, Channel) and id(channel) in unheard:
            found[d.fingerprint or ""] = unheard[id(channel)]
    return found


def fix_first(findings: list[dict[str, Any]], most: int = 10) -> list[dict[str, Any]]:
    """The ``most`` findings to fix first, by priority, one per cause: where the first of
    the findings that follow from a channel no post hears would stand, the channel's CX103
    stands for them all, with how many others it stands for (``same_cause``). A board reads
    ten different problems, not one channel's five consequences."""
    by_cause: dict[str, list[dict[str, Any]]] = {}
    for item in findings:
        if item.get("cause") is not None:
            by_cause.setdefault(item["cause"], []).append(item)
    chosen: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in sorted(findings, key=priority):
        cause = item.get("cause")
        if cause is not None:
            if cause in seen:
                continue
            seen.add(cause)
            group = by_cause[cause]
            root = next((f for f in group if f["code"] == "CX103"), item)
            item = {**root, "same_cause": len(group) - 1}
        chosen.append(item)
        if len(chosen) == most:
            break
    return chosen


def priority(item: dict[str, Any]) -> tuple[int, int, int, str, int]:
    """What to fix first: errors before warnings before infos, then by impact (IMPACT),
    then by rule order, then by place."""
    return (-SEVERITY_RANK[item["severity"]], impact(item["code"]),
            RULE_ORDER.get(item["code"], 999), item["file"], item["line"])


# The journeys x channels matrix is shown in the HTML and Markdown reports up to this many
# cells. The table grows with journeys times channels: past this it makes a page that is slow
# and memory-hungry to write, and that no browser shows usefully. The figures per journey and
# per channel are still shown; the JSON report holds every cell.
MATRIX_CELLS = 20_000


def too_large_table(rows: int, columns: int) -> dict[str, int] | None:
    """Why a table of ``rows`` x ``columns`` cells is not shown (over MATRIX_CELLS), else
    None."""
    if rows * columns <= MATRIX_CELLS:
        return None
    return {"rows": rows, "columns": columns, "cells": rows * columns, "limit": MATRIX_CELLS}


def matrix_omitted(data: dict[str, Any]) -> dict[str, int] | None:
    """Why the report's journeys x channels matrix is not shown, else None."""
    return too_large_table(len(data["matrix"]["rows"]), len(data["matrix"]["channels"]))


def dense(cells: list[dict[str, Any]], columns: list[str]) -> list[dict[str, Any]]:
    """A row of cells with one for every column (channel id): an empty "none" cell where
    the row has none, as the HTML and Markdown tables show them."""
    by_channel = {cell["channel"]: cell for cell in cells}
    return [by_channel.get(column) or _cell_of(column, Cell(0, 0, ())) for column in columns]


def matrix_table(data: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The matrix rows' cells with a column for every channel."""
    columns = [channel["id"] for channel in data["matrix"]["channels"]]
    return [dense(row["cells"], columns) for row in data["matrix"]["rows"]]


def point(value: Point) -> dict[str, Any]:
    """A period's value (rounded to 3 decimals: a weighted mean has many)."""
    return {"period": value.period, "value": round(value.value, 3),
            "responses": value.responses}


def results_data(ws: Workspace, read: Reading) -> dict[str, Any]:
    """Where each target stands, read on a day: the report's "Targets and results"."""
    targets = [{
        "subject": {"kind": s.kind, "id": s.subject.id, "name": s.subject.name},
        "metric": _ref(s.target.metric),
        "unit": s.target.metric.unit,
        "min": s.target.min,
        "max": s.target.max,
        "state": s.state,
        "verdict": s.verdict,
        "latest": point(s.point) if s.point is not None else None,
        "trend": [point(p) for p in s.trend],
    } for s in read.standings]
    counts = Counter(t["state"] for t in targets)
    return {
        # The day matters only where results or actions are recorded (a report of a model
        # with neither stays the same from day to day).
        "as_of": read.as_of.isoformat() if ws.results or ws.actions else None,
        "min_responses": read.min_responses,
        "recorded": len(ws.results),
        "counts": {state: counts[state] for state in STATES},
        "targets": targets,
    }


def report_data(ws: Workspace, analysis: Analysis, title: str, files: int,
                root: Path | None = None) -> dict[str, Any]:
    from cxmodel import __version__

    figures = analysis.figures
    owner_of = analysis.departments
    subjects = analysis.subjects
    paths = RelativePaths(root)
    cause_of = causes(analysis.findings, subjects)
    findings = [{**finding(d, owner_of.get(d.fingerprint or ""), paths,
                           subjects.get(d.fingerprint or "")),
                 "cause": cause_of.get(d.fingerprint or "")} for d in analysis.findings]
    waived = [{**finding(w.diagnostic, owner_of.get(w.diagnostic.fingerprint or ""), paths,
                         subjects.get(w.diagnostic.fingerprint or "")),
               "reason": w.reason} for w in analysis.waived]
    errors = error_counts(analysis)
    severities = {level: sum(1 for f in findings if f["severity"] == level)
                  for level in ("error", "warning", "info")}
    journeys = []
    journey_errors_of: dict[int, int] = {}
    for jf in figures.journeys:
        journey = jf.journey
        on_stage = stage_errors(journey, errors)
        journey_errors_of[id(journey)] = journey_errors(journey, errors)
        journeys.append({
            "id": journey.id,
            "name": journey.name,
            "goal": journey.goal,
            "owner": _ref(journey.owner),
            "persona": _ref(journey.persona),
            "state": journey.state,
            "file": paths(journey.span.file),
            "line": journey.span.line,
            "coverage": ratio(jf.coverage),
            "moments_of_truth": ratio(jf.moments_of_truth),
            "errors": journey_errors_of[id(journey)],
            "shares_metric": jf.shares_metric,
            "stages": [{"stage": _ref(stage), "coverage": ratio(value),
                        "errors": on_stage[id(stage) if stage is not None else None]}
                       for stage, value in jf.stages],
            "cells": [_cell(c, cell, errors) for c, cell in jf.cells],
            "stage_cells": [{"stage": _ref(stage), "coverage": ratio(value),
                             "cells": [_cell(c, cell, errors) for c, cell in cells]}
                            for (stage, cells), (_, value) in zip(jf.stage_cells, jf.stages,
                                                                  strict=True)],
        })
    matrix_rows = []
    for jf in figures.journeys:
        by_channel = {id(c): cell for c, cell in jf.cells}
        matrix_rows.append({
            "journey": jf.journey.id,
            "name": jf.journey.name,
            "coverage": ratio(jf.coverage),
            "moments_of_truth": ratio(jf.moments_of_truth),
            "errors": journey_errors_of[id(jf.journey)],
            "shares_metric": jf.shares_metric,
            # Only the channels the journey uses, in column order (see matrix_table).
            "cells": [_cell(c, by_channel[id(c)], errors) for c in figures.matrix_channels
                      if id(c) in by_channel],
        })
    # Every department responsible for touchpoints or accountable for findings, in model
    # order; then touchpoints and findings with no responsible department (elements that
    # could have one); the findings on elements no department owns are counted apart.
    coverage_of = {(d.id if d is not None else None): value for d, value in figures.departments}
    accountable = Counter(f["department"] for f in findings if not not_owned(f))
    by_nature = [f for f in findings if not_owned(f)]
    kinds = {f["element"] for f in by_nature}
    departments = []
    for department in [*ws.departments, None]:
        key = department.id if department is not None else None
        count = accountable[key]
        if key not in coverage_of and not count:
            continue
        departments.append({
            "department": _ref(department),
            "coverage": ratio(coverage_of.get(key, Ratio(0, 0))),
            "findings": count,
        })
    codes = {f["code"] for f in [*findings, *waived]}
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "cxmodel", "version": __version__},
        "title": title,
        "summary": {
            **{f"{level}s" if level != "info" else "infos": count
               for level, count in severities.items()},
            "waived": len(waived),
            "files": files,
            "journeys": len(ws.journeys),
            # As the coverage figures count them: notices no post hears are left out, and
            # counted apart (a report that said 18 touchpoints beside "11 of 13" misled).
            "touchpoints": figures.workspace.total,
            "notices": figures.notices,
            "channels": len(ws.channels),
            "departments": len(ws.departments),
            "listening_posts": len(ws.listening_posts),
        },
        "coverage": {
            **{key: {**ratio(getattr(figures, key)), "errors": count}
               for key, count in headline_errors(ws, errors).items()},
            "journeys": journeys,
            "channels": [{"channel": _ref(c), "owner": _ref(c.owner),
                          "coverage": ratio(value),
                          "metrics": [m.id for m in channel_metrics(ws, c)]}
                         for c, value in figures.channels],
            "departments": departments,
            "not_owned": {"findings": len(by_nature),
                          "elements": [*(k for k in NOT_OWNED_ORDER if k in kinds),
                                       *sorted(k for k in kinds - set(NOT_OWNED_ORDER)
                                               if k is not None)]},
        },
        "matrix": {
            "channels": [_ref(c) for c in figures.matrix_channels],
            "rows": matrix_rows,
        },
        "results": results_data(ws, analysis.results),
        "findings": findings,
        "fix_first": fix_first(findings),
        "waived": waived,
        "rules": {code: {"name": rule.name, "summary": rule.summary}
                  for code, rule in RULES_BY_CODE.items()
                  if code in codes},
        "names": {
            "channels": {c.id: c.name for c in ws.channels},
            "departments": {d.id: d.name for d in ws.departments},
            "metrics": {m.id: m.name for m in ws.metrics},
            "journeys": {j.id: j.name for j in ws.journeys},
        },
    }
