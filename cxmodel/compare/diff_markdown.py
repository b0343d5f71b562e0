"""``cxmodel diff --format md``: the diff as GitHub-flavoured Markdown, fit for a
pull-request comment. All user text is escaped, so a name cannot break the tables."""

from __future__ import annotations

from typing import Any

from cxmodel.compare.diff_text import change_text, headline, ratio_text
from cxmodel.templating import count, markdown_code, markdown_escape

# Lets a CI job find its earlier comment on the pull request and update it.
MARKER = "<!-- cxmodel-diff -->"


def _findings(items: list[dict[str, Any]], reasons: bool = False) -> list[str]:
    head = "| severity | rule | where | finding |" + (" reason |" if reasons else "")
    rule = "|---|---|---|---|" + ("---|" if reasons else "")
    lines = [head, rule]
    for item in items:
        cells = [item["severity"],
                 f"{markdown_code(item['code'])} {markdown_escape(item['name'])}",
                 markdown_code(f"{item['file']}:{item['line']}"),
                 markdown_escape(item["message"])]
        if reasons:
            cells.append(markdown_escape(item.get("reason", "")))
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def render(data: dict[str, Any]) -> str:
    old, new = data["old"], data["new"]
    out = [MARKER, "### cxmodel: what this change does to the gaps", "",
           f"Comparing {markdown_code(old['label'])} with {markdown_code(new['label'])}."]
    out.extend(f"{markdown_escape(side['note'])}." for side in (old, new) if side["note"])
    for key in ("old", "new"):
        side = data[key]
        if side["loads"]:
            continue
        consequence = ("nothing can be compared until it does" if key == "new" else
                       "every finding of the new workspace is listed as new")
        out += ["", f"**The {key} workspace does not load** "
                f"({count(len(side['errors']), 'error')}); {consequence}.", ""]
        out += _findings(side["errors"])
    if not new["loads"]:
        return "\n".join(out) + "\n"
    out += ["", f"**{headline(data)}**"]
    for key, title in (("new_findings", "New findings"), ("fixed_findings", "Fixed findings"),
                       ("waived_findings", "Newly waived")):
        if data[key]:
            out += ["", f"#### {title}", ""]
            out += _findings(data[key], reasons=key == "waived_findings")
    coverage = data["coverage"]
    out += ["", "#### Coverage (touchpoints covered by a listening post)", "",
            "| | before | after | change |", "|---|---:|---:|---:|"]
    rows = [("**Workspace**", coverage["workspace"])]
    rows += [(f"Journey: {markdown_escape(row['name'])}", row) for row in coverage["journeys"]
             if row["status"] != "unchanged"]
    rows += [(f"Channel: {markdown_escape(row['name'])}", row) for row in coverage["channels"]
             if row["status"] != "unchanged"]
    out += [f"| {label} | {ratio_text(row['before'])} | {ratio_text(row['after'])} | "
            f"{change_text(row)} |" for label, row in rows]
    if len(rows) == 1 and data["comparable"]:
        out += ["", "No journey or channel changed its coverage."]
    return "\n".join(out) + "\n"
