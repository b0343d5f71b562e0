"""The HTML report: one self-contained page (inline CSS, nothing from the network).

The template only lays out what :func:`view` prepares here: the findings grouped by family
and by department, the matrix rows joined with their journeys, symbols and labels for every
cell state. Anchors are built from positions (``journey-1``), never from user text."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from cxmodel import resources, templating
from cxmodel.counts import BY_SEVERITY, THREE, TWO
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Param, message, plural
from cxmodel.report.data import (
    dense,
    matrix_omitted,
    matrix_table,
    not_owned,
    priority,
    too_large_table,
)
from cxmodel.report.headlines import HEADLINES
from cxmodel.report.targets import targets_view
from cxmodel.report.words import (
    CHANNELS,
    COUNT_LABELS,
    ERRORS_HERE,
    JOURNEYS,
    NO_RESPONSIBLE,
    POSTS,
    SEVERITIES,
    STATES,
    journey_state,
    not_owned_label,
    touchpoints_held,
)

PAGE_TITLE = message("report.page-title", "{title}: listening gap report")
# TRANSLATORS: the line under the report's title; each {…} is a count ("3 journeys") and
# {files} is report.summary.from-files.
SUMMARY = message("report.summary.model",
                  "{journeys}, {touchpoints}, {channels} and {posts}, from {files}")
# TRANSLATORS: the files the model was read from, after "from" in report.summary.model
# (Russian and Polish: the genitive, "из 5 файлов", "z 5 plików").
FROM_FILES = plural("report.summary.from-files", "{count} file", "{count} files")
# TRANSLATORS: a department with no open findings, in the list after "Nothing open for:";
# report.quiet.next is an item another follows, report.quiet.last the last one.
QUIET = message("report.quiet.department",
                "{department} ({covered}/{total} touchpoints covered)")
QUIET_NEXT = message("report.quiet.next", "{item},")
QUIET_LAST = message("report.quiet.last", "{item}.")
# A matrix cell's tooltip: the channel's name, the cell's state, how many of its
# touchpoints are covered and the metrics collected there (names, joined by ", ").
CELL = message("report.cell.title", "{channel}: {state}")
CELL_METRICS = message("report.cell.title-metrics", "{channel}: {state}; {metrics}")
# TRANSLATORS: {count} is the touchpoints of the cell, {covered} how many of them are covered.
CELL_COVERED = plural("report.cell.title-covered",
                      "{channel}: {state}, {covered} of {count} touchpoints covered",
                      "{channel}: {state}, {covered} of {count} touchpoints covered")
CELL_COVERED_METRICS = plural(
    "report.cell.title-covered-metrics",
    "{channel}: {state}, {covered} of {count} touchpoints covered; {metrics}",
    "{channel}: {state}, {covered} of {count} touchpoints covered; {metrics}")


def render(data: dict[str, Any], back: str | None = None) -> str:
    """The page; ``back`` is a relative link to the docs site it is part of, if any."""
    css = resources.read_text("templates", "report.css")
    return templating.render("report.html", report=data, view=view(data), css=css, back=back)


def _parts(path: str) -> list[str]:
    return re.split(r"[/\\]", path)


def _folder(data: dict[str, Any]) -> list[str]:
    """The folder (as a list of names) every located file is in. Locations are shown relative
    to it, so a table shows 'journeys/order.yaml:12', not the same long prefix on every row."""
    files = {item["file"] for item in (*data["findings"], *data["waived"],
                                       *data["coverage"]["journeys"])}
    common: list[str] = []
    for names in zip(*(_parts(file)[:-1] for file in files), strict=False):
        if any(name != names[0] for name in names):
            break
        common.append(names[0])
    return common


def _location(item: dict[str, Any], folder: list[str]) -> dict[str, Any]:
    """Where a finding is: the file relative to the common folder, as its folders (a line may
    break after each '/') and its name, and the line."""
    parts = _parts(item["file"])[len(folder):]
    return {"folders": parts[:-1], "name": parts[-1], "line": item["line"],
            "text": f"{'/'.join(parts)}:{item['line']}"}


def _ratio(value: dict[str, Any] | None) -> dict[str, Any] | None:
    """A coverage ratio with its bar width (a whole number of percent, 0-100)."""
    if value is None:
        return None
    percent = value["percent"]
    width = None if percent is None else max(0, min(100, round(percent)))
    return {**value, "width": width}


def _finding(item: dict[str, Any], departments: dict[str, str], folder: list[str],
             labels: dict[str, str]) -> dict[str, Any]:
    department = item.get("department")
    return {
        **item,
        "severity_label": labels.get(item["severity"], item["severity"]),
        "location": _location(item, folder),
        "department_name": (departments.get(department, department)
                            if department is not None else None),
    }


class _Cells:
    """Lays out the coverage cells of a page: each with its symbol, label and tooltip. A
    page has thousands of cells and a handful of distinct counts, so each tooltip's sentence
    is rendered once for each number of touchpoints (with the channel, state, metrics and
    covered count left as slots) and filled in for every cell."""

    def __init__(self, metric_names: dict[str, str]) -> None:
        self.metric_names = metric_names
        self.labels = {key: say(label()) for key, (_, label, _) in STATES.items()}
        self.patterns: dict[tuple[bool, int], str] = {}
        self.numbers: dict[int, str] = {}

    def _pattern(self, metrics: bool, touchpoints: int) -> str:
        found = self.patterns.get((metrics, touchpoints))
        if found is None:
            slots: dict[str, Param] = {"channel": "{channel}", "state": "{state}",
                                       "metrics": "{metrics}", "covered": "{covered}"}
            if touchpoints:
                text = (CELL_COVERED_METRICS if metrics else CELL_COVERED)(
                    **slots, count=touchpoints)
            else:
                del slots["covered"]
                text = (CELL_METRICS if metrics else CELL)(**slots)
            found = self.patterns[(metrics, touchpoints)] = say(text)
        return found

    def _number(self, value: int) -> str:
        found = self.numbers.get(value)
        if found is None:
            found = self.numbers[value] = say(value)
        return found

    def __call__(self, cell: dict[str, Any], channel: str) -> dict[str, Any]:
        """A coverage cell laid out (``channel`` is the channel's name)."""
        key = cell["state"] if cell["state"] in STATES else "none"
        label = self.labels[key]
        names = [self.metric_names.get(m, m) for m in cell["metrics"]]
        title = self._pattern(bool(names), cell["touchpoints"]).format(
            channel=channel, state=label, metrics=templating.listed(names),
            covered=self._number(cell["covered"]))
        return {
            **cell,
            "symbol": STATES[key][0],
            "label": label,
            "metric_names": names,
            "title": title,
        }


def _counts(findings: list[dict[str, Any]]) -> str:
    """'1 error, 2 warnings': the findings of a group counted by severity."""
    parts: list[Param] = []
    for level, counted in BY_SEVERITY.items():
        count = sum(1 for f in findings if f["severity"] == level)
        if count:
            parts.append(counted(count=count))
    if len(parts) == 3:
        return say(THREE(first=parts[0], second=parts[1], third=parts[2]))
    if len(parts) == 2:
        return say(TWO(first=parts[0], second=parts[1]))
    return say(parts[0]) if parts else ""


def _summary_line(summary: dict[str, Any]) -> str:
    return say(SUMMARY(journeys=JOURNEYS(count=summary["journeys"]),
                       touchpoints=touchpoints_held(summary),
                       channels=CHANNELS(count=summary["channels"]),
                       posts=POSTS(count=summary["listening_posts"]),
                       files=FROM_FILES(count=summary["files"])))


def _channels(data: dict[str, Any], ids: list[str]) -> list[dict[str, str]]:
    names: dict[str, str] = data["names"]["channels"]
    return [{"id": c, "name": names.get(c, c)} for c in ids]


def _journeys(data: dict[str, Any], layout: _Cells) -> list[dict[str, Any]]:
    """Each journey with its anchor, its channels and one row per stage (stages x channels)."""
    journeys = []
    for index, journey in enumerate(data["coverage"]["journeys"], start=1):
        stages = journey["stages"]
        columns = [c["channel"] for c in journey["cells"]]
        channels = _channels(data, columns)
        groups = journey["stage_cells"]
        omitted = too_large_table(len(groups), len(columns))
        if omitted is not None:
            groups = []
        rows = [{
            "stage": group["stage"],
            "coverage": _ratio(stages[position]["coverage"] if position < len(stages) else None),
            "errors": stages[position]["errors"] if position < len(stages) else 0,
            "cells": [layout(c, channels[column]["name"])
                      for column, c in enumerate(dense(group["cells"], columns))],
        } for position, group in enumerate(groups)]
        journeys.append({
            **journey,
            "anchor": f"journey-{index}",
            "state_label": journey_state(journey["state"]),
            "coverage": _ratio(journey["coverage"]),
            "moments_of_truth": _ratio(journey["moments_of_truth"]),
            "mixed": journey["shares_metric"] is False,
            "channels": channels,
            "stage_rows": rows,
            "stages_omitted": omitted,
        })
    return journeys


def _matrix(data: dict[str, Any], journeys: list[dict[str, Any]], layout: _Cells
            ) -> dict[str, Any]:
    """The journeys x channels matrix, each row joined with its journey (name, coverage,
    mixed metrics, anchor of its stage-by-stage section)."""
    omitted = matrix_omitted(data)
    if omitted is not None:
        return {"channels": [], "rows": [], "omitted": omitted}
    by_id = {j["id"]: j for j in journeys}
    channels = data["matrix"]["channels"]
    rows = []
    for row, cells in zip(data["matrix"]["rows"], matrix_table(data), strict=True):
        journey = by_id.get(row["journey"])
        rows.append({
            "name": journey["name"] if journey
            else data["names"]["journeys"].get(row["journey"], row["journey"]),
            "anchor": journey["anchor"] if journey else None,
            "coverage": journey["coverage"] if journey else None,
            "moments_of_truth": journey["moments_of_truth"] if journey else None,
            "errors": row["errors"],
            "mixed": journey["mixed"] if journey else False,
            "cells": [layout(c, channels[column]["name"]) for column, c in enumerate(cells)],
        })
    return {"channels": channels, "rows": rows, "omitted": None}


# A group lists at most this many findings in full (errors first); a page with thousands of
# rows helps nobody and takes seconds to render. The CSV and JSON reports hold them all.
GROUP_LIMIT = 200
_RANK = {"error": 0, "warning": 1, "info": 2}
Decorate = Callable[[dict[str, Any]], dict[str, Any]]  # lays out one finding for the table


def _capped(group: dict[str, Any], decorate: Decorate | None = None) -> dict[str, Any]:
    """The findings a group lists in full ("shown", laid out by ``decorate``): only those
    are laid out, as a report of 10,700 findings lists about 2,000 of them."""
    findings = group["findings"]
    if len(findings) > GROUP_LIMIT:
        ordered = sorted(findings, key=lambda f: _RANK.get(f["severity"], 3))
        shown = ordered[:GROUP_LIMIT]
        group["more"] = len(findings) - GROUP_LIMIT
    else:
        shown = findings
        group["more"] = 0
    group["shown"] = shown if decorate is None else [decorate(f) for f in shown]
    return group


def _families(findings: list[dict[str, Any]], decorate: Decorate | None = None
              ) -> list[dict[str, Any]]:
    """Findings grouped by rule family (CX1, CX2...), in code order."""
    families: dict[str, dict[str, Any]] = {}
    for f in findings:
        prefix = f["code"][:3]
        families.setdefault(prefix, {"prefix": prefix, "title": f["family"] or prefix,
                                     "findings": []})["findings"].append(f)
    result = [families[p] for p in sorted(families)]
    for index, family in enumerate(result, start=1):
        family["anchor"] = f"family-{index}"
        family["counts"] = _counts(family["findings"])
        _capped(family, decorate)
    return result


# The group of findings on elements no department owns by nature (never a department id:
# ids have no spaces).
NOT_OWNED_KEY = " not owned"


def _departments(data: dict[str, Any], findings: list[dict[str, Any]],
                 decorate: Decorate | None = None
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The department coverage table, the findings per accountable department (in the
    model's order, then those on elements that lack a responsible department, then those on
    elements no department owns by nature), and the departments with nothing open."""
    names: dict[str, str] = data["names"]["departments"]
    coverage = {(d["department"]["id"] if d["department"] else None): _ratio(d["coverage"])
                for d in data["coverage"]["departments"]}
    known = list(names)
    known += sorted({f["department"] for f in findings
                     if f["department"] is not None and f["department"] not in names})
    groups = []
    quiet = []
    by_department: dict[str | None, list[dict[str, Any]]] = {}
    for f in findings:
        by_department.setdefault(NOT_OWNED_KEY if not_owned(f) else f["department"],
                                 []).append(f)
    not_owned_name = not_owned_label(data["coverage"]["not_owned"]["elements"])
    for index, department in enumerate([*known, None, NOT_OWNED_KEY], start=1):
        owned = by_department.get(department, [])
        name = (not_owned_name if department == NOT_OWNED_KEY
                else names.get(department, department) if department is not None
                else say(NO_RESPONSIBLE()))
        if owned:
            groups.append(_capped({
                "anchor": "department-not-owned" if department == NOT_OWNED_KEY
                else f"department-{index}" if department is not None
                else "department-none",
                "id": department,
                "name": name,
                "coverage": coverage.get(department),
                "findings": owned,
                "counts": _counts(owned),
            }, decorate))
        elif department is not None and department in coverage:
            quiet.append({"name": name, "coverage": coverage[department]})
    anchors = {g["id"]: g["anchor"] for g in groups}
    table = []
    for d in data["coverage"]["departments"]:
        key = d["department"]["id"] if d["department"] else None
        table.append({
            "name": d["department"]["name"] if d["department"]
            else say(NO_RESPONSIBLE()),
            "coverage": _ratio(d["coverage"]),
            "findings": d["findings"],
            "anchor": anchors.get(key) if d["findings"] else None,
        })
    if NOT_OWNED_KEY in anchors:
        table.append({"name": not_owned_name, "coverage": None,
                      "findings": len(by_department[NOT_OWNED_KEY]),
                      "anchor": anchors[NOT_OWNED_KEY]})
    return table, groups, quiet


def _quiet(departments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The departments with nothing open, each with its text in the list ("A (1/2 touchpoints
    covered),"; the last ends the sentence)."""
    shown = []
    for position, department in enumerate(departments, start=1):
        coverage = department["coverage"]
        item = QUIET(department=department["name"], covered=str(coverage["covered"]),
                     total=str(coverage["total"]))  # as every ratio on the page: 1234/5678
        last = position == len(departments)
        shown.append({**department,
                      "text": say(QUIET_LAST(item=item) if last else QUIET_NEXT(item=item))})
    return shown


def _counts_of(summary: dict[str, Any]) -> list[dict[str, Any]]:
    counts = []
    for key, total in (("error", "errors"), ("warning", "warnings"), ("info", "infos"),
                       ("waived", "waived")):
        value = summary[total]
        counts.append({"key": key, "value": value,
                       "label": say(COUNT_LABELS[key](count=value))})
    return counts


def view(data: dict[str, Any]) -> dict[str, Any]:
    """Everything the template shows, grouped and labelled; the template computes nothing."""
    department_names: dict[str, str] = data["names"]["departments"]
    metric_names: dict[str, str] = data["names"]["metrics"]
    coverage = data["coverage"]
    folder = _folder(data)
    labels = {key: say(label()) for key, (label, _) in SEVERITIES.items()}

    def locate(item: dict[str, Any]) -> dict[str, Any]:
        return _finding(item, department_names, folder, labels)

    def located(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [locate(item) for item in items]

    findings = sorted(data["findings"], key=priority)
    layout = _Cells(metric_names)
    journeys = _journeys(data, layout)
    departments, groups, quiet = _departments(data, findings, locate)
    metric_order = {m: index for index, m in enumerate(metric_names)}
    used_metrics = sorted({m for row in data["matrix"]["rows"] for c in row["cells"]
                           for m in c["metrics"]}
                          | {m for c in coverage["channels"] for m in c["metrics"]},
                          key=lambda m: (metric_order.get(m, len(metric_order)), m))
    return {
        "page_title": say(PAGE_TITLE(title=data["title"])),
        "summary_line": _summary_line(data["summary"]),
        "folder": "/".join(folder),
        "headlines": [{"key": h.key, "label": h.label, "text": h.counts,
                       "ratio": _ratio(coverage[h.key]), "errors": coverage[h.key]["errors"]}
                      for h in HEADLINES],
        "counts": _counts_of(data["summary"]),
        "fix_first": located(data["fix_first"]),
        "more_findings": len(data["findings"]) - len(data["fix_first"]),
        "matrix": _matrix(data, journeys, layout),
        "journeys": journeys,
        "channels": [{**c, "coverage": _ratio(c["coverage"])} for c in coverage["channels"]],
        "departments": departments,
        "families": _families(findings, locate),
        "department_groups": groups,
        "quiet_departments": _quiet(quiet),
        "waived": located(data["waived"]),
        "states": [{"key": key, "symbol": symbol, "label": say(label()), "text": say(text())}
                   for key, (symbol, label, text) in STATES.items()],
        "severities": [{"key": key, "label": labels[key], "text": say(text())}
                       for key, (_, text) in SEVERITIES.items()],
        "errors_here": say(ERRORS_HERE()),
        "metrics": [{"id": m, "name": metric_names.get(m, m)} for m in used_metrics],
        "targets": targets_view(data["results"]) if data["results"]["recorded"] else None,
    }
