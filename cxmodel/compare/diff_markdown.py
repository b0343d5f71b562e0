"""``cxmodel diff --format md``: the diff as GitHub-flavoured Markdown, fit for a
pull-request comment, in the active language. All user text is escaped, so a name cannot
break the tables."""

from __future__ import annotations

from typing import Any

from cxmodel.compare.diff_text import change_text, headline, ratio_text
from cxmodel.compare.results import results_lines
from cxmodel.counts import severity_name
from cxmodel.messages.render import render as say
from cxmodel.messages.text import message, plural
from cxmodel.templating import markdown_code, markdown_escape

# Lets a CI job find its earlier comment on the pull request and update it.
MARKER = "<!-- cxmodel-diff -->"

TITLE = message("diff.md.title", "cxmodel: what this change does to the gaps")
COMPARING = message("diff.md.comparing", "Comparing {old} with {new}.")
# TRANSLATORS: a note on one side of the diff, as a sentence of its own.
NOTE = message("diff.md.note", "{note}.")
NOT_LOADING = {
    "new": plural("diff.md.not-loading.new",
                  "**The new workspace does not load** ({count} error); nothing can be "
                  "compared until it does.",
                  "**The new workspace does not load** ({count} errors); nothing can be "
                  "compared until it does."),
    "old": plural("diff.md.not-loading.old",
                  "**The old workspace does not load** ({count} error); every finding of the "
                  "new workspace is listed as new.",
                  "**The old workspace does not load** ({count} errors); every finding of "
                  "the new workspace is listed as new."),
}
SECTIONS = (
    ("new_findings", message("diff.md.new", "New findings")),
    ("fixed_findings", message("diff.md.fixed", "Fixed findings")),
    ("waived_findings", message("diff.md.waived", "Newly waived")),
)
# The columns of a table of findings.
SEVERITY = message("diff.md.column.severity", "severity")
RULE = message("diff.md.column.rule", "rule")
WHERE = message("diff.md.column.where", "where")
FINDING = message("diff.md.column.finding", "finding")
REASON = message("diff.md.column.reason", "reason")
# The coverage table.
COVERAGE = message("diff.md.coverage", "Coverage (touchpoints covered by a listening post)")
BEFORE = message("diff.md.column.before", "before")
AFTER = message("diff.md.column.after", "after")
CHANGE = message("diff.md.column.change", "change")
WORKSPACE = message("diff.md.workspace", "Workspace")
JOURNEY = message("diff.md.journey", "Journey: {name}")
CHANNEL = message("diff.md.channel", "Channel: {name}")
NOTHING_CHANGED = message("diff.md.unchanged", "No journey or channel changed its coverage.")


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _findings(items: list[dict[str, Any]], reasons: bool = False) -> list[str]:
    columns = [SEVERITY, RULE, WHERE, FINDING] + ([REASON] if reasons else [])
    lines = [_row([markdown_escape(say(column())) for column in columns]),
             "|" + "---|" * len(columns)]
    for item in items:
        cells = [severity_name(item["severity"]),
                 f"{markdown_code(item['code'])} {markdown_escape(item['name'])}",
                 markdown_code(f"{item['file']}:{item['line']}"),
                 markdown_escape(item["message"])]
        if reasons:
            cells.append(markdown_escape(item.get("reason", "")))
        lines.append(_row(cells))
    return lines


def render(data: dict[str, Any]) -> str:
    old, new = data["old"], data["new"]
    out = [MARKER, f"### {say(TITLE())}", "",
           say(COMPARING(old=markdown_code(old["label"]), new=markdown_code(new["label"])))]
    out.extend(say(NOTE(note=markdown_escape(side["note"])))
               for side in (old, new) if side["note"])
    for key in ("old", "new"):
        side = data[key]
        if side["loads"]:
            continue
        out += ["", say(NOT_LOADING[key](count=len(side["errors"]))), ""]
        out += _findings(side["errors"])
    if not new["loads"]:
        return "\n".join(out) + "\n"
    out += ["", f"**{headline(data)}**"]
    for key, title in SECTIONS:
        if data[key]:
            out += ["", f"#### {say(title())}", ""]
            out += _findings(data[key], reasons=key == "waived_findings")
    for heading, lines in results_lines(data):
        out += ["", f"#### {markdown_escape(heading.rstrip(':：'))}", ""]
        out += [f"- {markdown_escape(line)}" for line in lines]
    coverage = data["coverage"]
    out += ["", f"#### {say(COVERAGE())}", "",
            "| | " + " | ".join(markdown_escape(say(c())) for c in (BEFORE, AFTER, CHANGE))
            + " |", "|---|---:|---:|---:|"]
    rows = [(f"**{markdown_escape(say(WORKSPACE()))}**", coverage["workspace"])]
    rows += [(say(JOURNEY(name=markdown_escape(row["name"]))), row)
             for row in coverage["journeys"] if row["status"] != "unchanged"]
    rows += [(say(CHANNEL(name=markdown_escape(row["name"]))), row)
             for row in coverage["channels"] if row["status"] != "unchanged"]
    out += [f"| {label} | {ratio_text(row['before'])} | {ratio_text(row['after'])} | "
            f"{change_text(row)} |" for label, row in rows]
    if len(rows) == 1 and data["comparable"]:
        out += ["", say(NOTHING_CHANGED())]
    return "\n".join(out) + "\n"
