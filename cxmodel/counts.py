"""Counted words that the terminal summary, the CI formats and the gap reports share: "1
error", "18 warnings". Each is a whole noun phrase with its number, in the nominative (it
stands as the subject, in a list after a colon, or alone); a sentence that needs another
case declares its own (see FILES_IN in terminal.py)."""

from __future__ import annotations

from cxmodel.messages.render import render
from cxmodel.messages.text import Template, message, plural

# TRANSLATORS: a severity in a table cell or a list (lower case where the language has it).
SEVERITY_NAMES = {
    "error": message("report.severity.error", "error"),
    "warning": message("report.severity.warning", "warning"),
    "info": message("report.severity.info", "info"),
}


def severity_name(severity: str) -> str:
    """The severity as a cell shows it, in the active language; an unknown one as it is."""
    name = SEVERITY_NAMES.get(severity)
    return render(name()) if name is not None else severity


def severity_names() -> dict[str, str]:
    return {key: render(name()) for key, name in SEVERITY_NAMES.items()}

# TRANSLATORS: a count of findings of one severity, standing alone or in a list.
ERRORS = plural("count.errors", "{count} error", "{count} errors")
WARNINGS = plural("count.warnings", "{count} warning", "{count} warnings")
INFOS = plural("count.infos", "{count} info", "{count} infos")
BY_SEVERITY: dict[str, Template] = {"error": ERRORS, "warning": WARNINGS, "info": INFOS}

# TRANSLATORS: findings someone accepted on purpose (a waiver with a reason).
WAIVED = plural("count.waived", "{count} waived", "{count} waived")
# TRANSLATORS: findings accepted as they were when the baseline file was written.
BASELINED = plural("count.baselined", "{count} in the baseline", "{count} in the baseline")

# A list of two or three counts, with no conjunction ("1 error, 2 warnings"): the separator
# is the language's (、 in Chinese).
TWO = message("count.list-two", "{first}, {second}")
THREE = message("count.list-three", "{first}, {second}, {third}")
