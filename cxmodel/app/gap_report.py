"""The gap report of an analysed workspace, in one of its formats."""

from __future__ import annotations

from cxmodel.api import CheckResult
from cxmodel.app.workspace import titled
from cxmodel.report import csv_report, html, json_report, markdown_report
from cxmodel.report.data import report_data

_RENDERERS = {"html": html.render, "md": markdown_report.render, "json": json_report.render,
              "csv": csv_report.render}


def report(result: CheckResult, fmt: str = "html", title: str | None = None) -> str:
    """The report as text; ``title`` defaults to the workspace folder's name. The workspace
    must have loaded (``result.analysis`` is not None)."""
    if result.analysis is None or result.workspace is None:
        raise ValueError("the workspace does not load: there is nothing to report on")
    title = titled(title, result.load.root)[0]
    data = report_data(result.workspace, result.analysis, title, len(result.files))
    return _RENDERERS[fmt](data)
