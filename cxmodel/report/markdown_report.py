"""The Markdown report: GitHub-flavoured, for pull-request comments and docs."""

from __future__ import annotations

from typing import Any

from cxmodel import templating
from cxmodel.report.data import matrix_omitted, matrix_table
from cxmodel.report.headlines import HEADLINES


def render(data: dict[str, Any]) -> str:
    omitted = matrix_omitted(data)
    table = matrix_table(data) if omitted is None else []
    return templating.render("report.md", report=data, matrix_omitted=omitted,
                             matrix_cells=table, headlines=HEADLINES)
