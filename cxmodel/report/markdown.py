"""The Markdown report: GitHub-flavoured, for pull-request comments and docs."""

from __future__ import annotations

from typing import Any

from cxmodel import templating


def render(data: dict[str, Any]) -> str:
    return templating.render("report.md", report=data)
