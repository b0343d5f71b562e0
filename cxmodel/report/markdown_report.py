"""The Markdown report: GitHub-flavoured, for pull-request comments and docs."""

from __future__ import annotations

from typing import Any

from cxmodel import templating
from cxmodel.counts import ERRORS, INFOS, WAIVED, WARNINGS, severity_names
from cxmodel.messages.render import render as say
from cxmodel.messages.text import message, plural
from cxmodel.report.data import matrix_omitted, matrix_table
from cxmodel.report.headlines import HEADLINES
from cxmodel.report.targets import targets_view
from cxmodel.report.words import (
    CHANNELS,
    JOURNEYS,
    POSTS,
    STATES,
    not_owned_label,
    touchpoints_held,
)

# TRANSLATORS: the line under the Markdown report's title: counts ("3 journeys") and, in
# parentheses, report.md.files.
SUMMARY = message("report.md.summary", "{journeys}, {touchpoints}, {channels}, {posts} ({files}).")
# TRANSLATORS: the files the model was read from, alone in parentheses (nominative).
FILES = plural("report.md.files", "{count} file", "{count} files")
# TRANSLATORS: the findings counted by severity, in a table cell.
FINDINGS = message("report.md.findings", "{errors}, {warnings}, {infos}, {waived}")


def render(data: dict[str, Any]) -> str:
    omitted = matrix_omitted(data)
    table = matrix_table(data) if omitted is None else []
    summary = data["summary"]
    summary_line = say(SUMMARY(journeys=JOURNEYS(count=summary["journeys"]),
                               touchpoints=touchpoints_held(summary),
                               channels=CHANNELS(count=summary["channels"]),
                               posts=POSTS(count=summary["listening_posts"]),
                               files=FILES(count=summary["files"])))
    findings_line = say(FINDINGS(errors=ERRORS(count=summary["errors"]),
                                 warnings=WARNINGS(count=summary["warnings"]),
                                 infos=INFOS(count=summary["infos"]),
                                 waived=WAIVED(count=summary["waived"])))
    return templating.render(
        "report.md", report=data, matrix_omitted=omitted, matrix_cells=table,
        headlines=HEADLINES, summary_line=summary_line, findings_line=findings_line,
        severities=severity_names(),
        not_owned=not_owned_label(data["coverage"]["not_owned"]["elements"]),
        states={key: say(label()) for key, (_, label, _) in STATES.items()},
        targets=targets_view(data["results"]) if data["results"]["recorded"] else None)
