"""The HTML report: one self-contained page (inline CSS, nothing from the network)."""

from __future__ import annotations

from typing import Any

from cxmodel import resources, templating


def render(data: dict[str, Any]) -> str:
    css = resources.read_text("templates", "report.css")
    return templating.render("report.html", report=data, css=css)
