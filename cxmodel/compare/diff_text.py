"""``cxmodel diff --format text``: the diff for a terminal or a CI log."""

from __future__ import annotations

from typing import Any

from cxmodel.templating import count


def ratio_text(value: dict[str, Any] | None) -> str:
    """'66.7% (4/6)'; an en dash when there is nothing to cover on that side."""
    if value is None or value["percent"] is None:
        return "–"
    return f"{value['percent']:g}% ({value['covered']}/{value['total']})"


def change_text(row: dict[str, Any]) -> str:
    """'+16.7 pp', '±0 pp', or what happened when one side has nothing to compare."""
    if row.get("status") == "added":
        return "new"
    if row.get("status") == "removed":
        return "removed"
    change = row["change"]
    if change is None:
        return "–"
    return "±0 pp" if change == 0 else f"{change:+g} pp"


def headline(data: dict[str, Any]) -> str:
    """'2 new findings (1 error, 1 warning), 3 fixed, 1 newly waived, 17 unchanged.'"""
    summary = data["summary"]
    by = summary["new_by_severity"]
    parts = [f"{level} {word}" for level, word in (
        (by["errors"], "error" if by["errors"] == 1 else "errors"),
        (by["warnings"], "warning" if by["warnings"] == 1 else "warnings"),
        (by["infos"], "info" if by["infos"] == 1 else "infos")) if level]
    text = count(summary["new"], "new finding")
    if parts:
        text += f" ({', '.join(parts)})"
    text += f", {summary['fixed']} fixed"
    if summary["waived"]:
        text += f", {summary['waived']} newly waived"
    return text + f", {summary['unchanged']} unchanged."


def _line(item: dict[str, Any]) -> str:
    return (f"  {item['file']}:{item['line']}:{item['column']}: {item['severity']} "
            f"{item['code']} {item['name']}: {item['message']}")


def _load_problems(data: dict[str, Any], out: list[str]) -> None:
    for key, which in (("old", "old"), ("new", "new")):
        side = data[key]
        if side["loads"]:
            continue
        errors = side["errors"]
        consequence = ("nothing can be compared until it does" if key == "new" else
                       "every finding of the new workspace is listed as new")
        out.append(f"The {which} workspace ({side['label']}) does not load "
                   f"({count(len(errors), 'error')}); {consequence}:")
        out.extend(_line(item) for item in errors)


def render(data: dict[str, Any]) -> str:
    old, new = data["old"], data["new"]
    out = [f"cxmodel diff: {old['label']} -> {new['label']}"]
    out.extend(side["note"] for side in (old, new) if side["note"])
    _load_problems(data, out)
    if not new["loads"]:
        return "\n".join(out) + "\n"
    for key, title in (("new_findings", "New findings"), ("fixed_findings", "Fixed findings"),
                       ("waived_findings", "Newly waived")):
        items = data[key]
        if not items:
            continue
        out.append(f"{title} ({len(items)}):")
        for item in items:
            out.append(_line(item))
            if "reason" in item:
                out.append(f"      reason: {item['reason']}")
    coverage = data["coverage"]
    rows = [("workspace", coverage["workspace"])]
    rows += [(f"journey '{row['name']}'", row) for row in coverage["journeys"]
             if row["status"] != "unchanged"]
    rows += [(f"channel '{row['name']}'", row) for row in coverage["channels"]
             if row["status"] != "unchanged"]
    out.append("Coverage (touchpoints covered by a listening post):")
    width = max(len(label) for label, _ in rows)
    for label, row in rows:
        out.append(f"  {label:<{width}}  {ratio_text(row['before']):>14} -> "
                   f"{ratio_text(row['after']):<14}  {change_text(row)}")
    if len(rows) == 1 and data["comparable"]:
        out.append("  (no journey or channel changed)")
    out.append(headline(data))
    return "\n".join(out) + "\n"
