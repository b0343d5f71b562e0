"""``cxmodel diff --format text``: the diff for a terminal or a CI log, in the active
language (the sentences shared with the Markdown form are declared here)."""

from __future__ import annotations

from typing import Any

from cxmodel.compare.results import results_lines
from cxmodel.messages.render import number, percent
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Name, Text, message, plural
from cxmodel.text import columns, pad

# The headline: 2 new findings (1 error, 1 warning), 3 fixed, 1 newly waived, 17 unchanged.
NEW = plural("diff.summary.new", "{count} new finding", "{count} new findings")
NEW_BY_SEVERITY = plural("diff.summary.new-by-severity", "{count} new finding ({severities})",
                         "{count} new findings ({severities})")
ERRORS = plural("diff.summary.errors", "{count} error", "{count} errors")
WARNINGS = plural("diff.summary.warnings", "{count} warning", "{count} warnings")
INFOS = plural("diff.summary.infos", "{count} info", "{count} infos")
# TRANSLATORS: between the counts of errors, warnings and infos in parentheses.
SEVERITY_SEPARATOR = message("diff.summary.severity-separator", ", ")
FIXED = plural("diff.summary.fixed", "{count} fixed", "{count} fixed")
WAIVED = plural("diff.summary.waived", "{count} newly waived", "{count} newly waived")
UNCHANGED = plural("diff.summary.unchanged", "{count} unchanged", "{count} unchanged")
HEADLINE = message("diff.summary", "{new}, {fixed}, {unchanged}.")
HEADLINE_WAIVED = message("diff.summary.with-waived", "{new}, {fixed}, {waived}, {unchanged}.")

# The change of a coverage row.
ADDED = message("diff.change.added", "new")
REMOVED = message("diff.change.removed", "removed")
NO_CHANGE = message("diff.change.none", "±0 pp")
# TRANSLATORS: a change in percentage points, with its sign: +16.7 pp, -6.7 pp.
POINTS = message("diff.change.points", "{change} pp")

NOT_LOADING = {
    "new": plural("diff.not-loading.new",
                  "The new workspace ({label}) does not load ({count} error); nothing can be "
                  "compared until it does:",
                  "The new workspace ({label}) does not load ({count} errors); nothing can be "
                  "compared until it does:"),
    "old": plural("diff.not-loading.old",
                  "The old workspace ({label}) does not load ({count} error); every finding "
                  "of the new workspace is listed as new:",
                  "The old workspace ({label}) does not load ({count} errors); every finding "
                  "of the new workspace is listed as new:"),
}
SECTIONS = (
    ("new_findings", message("diff.section.new", "New findings ({count}):")),
    ("fixed_findings", message("diff.section.fixed", "Fixed findings ({count}):")),
    ("waived_findings", message("diff.section.waived", "Newly waived ({count}):")),
)
REASON = message("diff.reason", "reason: {reason}")
COVERAGE = message("diff.coverage.heading",
                   "Coverage (touchpoints covered by a listening post):")
WORKSPACE = message("diff.coverage.workspace", "workspace")
JOURNEY = message("diff.coverage.journey", "journey {name}")
CHANNEL = message("diff.coverage.channel", "channel {name}")
NOTHING_CHANGED = message("diff.coverage.unchanged", "(no journey or channel changed)")


def ratio_text(value: dict[str, Any] | None) -> str:
    """'66.7% (4/6)'; an en dash when there is nothing to cover on that side."""
    if value is None or value["percent"] is None:
        return "–"
    return f"{percent(value['percent'])} ({value['covered']}/{value['total']})"


def change_text(row: dict[str, Any]) -> str:
    """'+16.7 pp', '±0 pp', or what happened when one side has nothing to compare."""
    if row.get("status") == "added":
        return say(ADDED())
    if row.get("status") == "removed":
        return say(REMOVED())
    change = row["change"]
    if change is None:
        return "–"
    if change == 0:
        return say(NO_CHANGE())
    return say(POINTS(change=("+" if change > 0 else "-") + number(abs(change))))


def headline(data: dict[str, Any]) -> str:
    """'2 new findings (1 error, 1 warning), 3 fixed, 1 newly waived, 17 unchanged.'"""
    summary = data["summary"]
    by = summary["new_by_severity"]
    parts = [say(template(count=by[key])) for key, template in (
        ("errors", ERRORS), ("warnings", WARNINGS), ("infos", INFOS)) if by[key]]
    new: Text = (NEW_BY_SEVERITY(count=summary["new"],
                                 severities=say(SEVERITY_SEPARATOR()).join(parts))
                 if parts else NEW(count=summary["new"]))
    if summary["waived"]:
        return say(HEADLINE_WAIVED(new=new, fixed=FIXED(count=summary["fixed"]),
                                      waived=WAIVED(count=summary["waived"]),
                                      unchanged=UNCHANGED(count=summary["unchanged"])))
    return say(HEADLINE(new=new, fixed=FIXED(count=summary["fixed"]),
                           unchanged=UNCHANGED(count=summary["unchanged"])))


def _line(item: dict[str, Any]) -> str:
    return (f"  {item['file']}:{item['line']}:{item['column']}: {item['severity']} "
            f"{item['code']} {item['name']}: {item['message']}")


def _load_problems(data: dict[str, Any], out: list[str]) -> None:
    for key in ("old", "new"):
        side = data[key]
        if side["loads"]:
            continue
        errors = side["errors"]
        out.append(say(NOT_LOADING[key](label=side["label"], count=len(errors))))
        out.extend(_line(item) for item in errors)


def render(data: dict[str, Any]) -> str:
    old, new = data["old"], data["new"]
    out = [f"cxmodel diff: {old['label']} -> {new['label']}"]
    out.extend(side["note"] for side in (old, new) if side["note"])
    _load_problems(data, out)
    if not new["loads"]:
        return "\n".join(out) + "\n"
    for key, title in SECTIONS:
        items = data[key]
        if not items:
            continue
        out.append(say(title(count=len(items))))
        for item in items:
            out.append(_line(item))
            if "reason" in item:
                out.append("      " + say(REASON(reason=item["reason"])))
    for heading, lines in results_lines(data):
        out.append(heading)
        out.extend(f"  {line}" for line in lines)
    coverage = data["coverage"]
    rows = [(say(WORKSPACE()), coverage["workspace"])]
    rows += [(say(JOURNEY(name=Name(row["name"]))), row) for row in coverage["journeys"]
             if row["status"] != "unchanged"]
    rows += [(say(CHANNEL(name=Name(row["name"]))), row) for row in coverage["channels"]
             if row["status"] != "unchanged"]
    out.append(say(COVERAGE()))
    width = max(columns(label) for label, _ in rows)
    for label, row in rows:
        out.append(f"  {pad(label, width)}  {pad(ratio_text(row['before']), 14, right=True)}"
                   f" -> {pad(ratio_text(row['after']), 14)}  {change_text(row)}")
    if len(rows) == 1 and data["comparable"]:
        out.append("  " + say(NOTHING_CHANGED()))
    out.append(headline(data))
    return "\n".join(out) + "\n"

