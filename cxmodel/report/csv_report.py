"""The CSV report: one row per finding (waived ones included, marked), ready for a
spreadsheet. Cells that a spreadsheet would run as a formula are neutralised.

The people who open it in a spreadsheet read the header row, the status and the severity:
those are in the active language. Codes, rule names, files and fingerprints are the same in
every language; a tool that reads the report by its column names takes it in English
(``--lang en``: comma-separated) or takes the JSON report, whose keys never change. The file
starts with a byte-order mark, for Excel (Python reads it with ``encoding="utf-8-sig"``)."""

from __future__ import annotations

import csv
import io
from typing import Any

from cxmodel.counts import severity_names
from cxmodel.messages.render import list_separator
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Template, message
from cxmodel.text import formula_safe

COLUMNS = ("status", "severity", "code", "name", "family", "message", "hint", "file", "line",
           "column", "department", "reason", "fingerprint")

# TRANSLATORS: the CSV report's header row, one cell a column (short, as a spreadsheet's
# column title).
HEADERS: dict[str, Template] = {
    "status": message("report.csv.status", "status"),
    "severity": message("report.csv.severity", "severity"),
    "code": message("report.csv.code", "code"),
    "name": message("report.csv.name", "name"),
    "family": message("report.csv.family", "family"),
    "message": message("report.csv.message", "message"),
    "hint": message("report.csv.hint", "hint"),
    "file": message("report.csv.file", "file"),
    "line": message("report.csv.line", "line"),
    "column": message("report.csv.column", "column"),
    "department": message("report.csv.department", "department"),
    "reason": message("report.csv.reason", "reason"),
    "fingerprint": message("report.csv.fingerprint", "fingerprint"),
}
# TRANSLATORS: the status of a finding in the CSV report: still open, or accepted on purpose
# with a reason (a waiver).
OPEN = message("report.csv.open", "open")
WAIVED = message("report.csv.waived", "waived")

def neutralise(value: Any) -> str:
    """A cell's text; a text a spreadsheet would run as a formula gets a leading apostrophe
    (OWASP "CSV injection")."""
    if value is None:
        return ""
    return formula_safe(value) if isinstance(value, str) else str(value)


def header() -> list[str]:
    """The header row in the active language."""
    return [say(HEADERS[column]()) for column in COLUMNS]


def render(data: dict[str, Any]) -> str:
    """The rows, after the byte-order mark Excel needs to read UTF-8 (without it, a Chinese
    or Polish Excel reads the file in its own code page), separated as the active language's
    spreadsheets expect (';' in Polish and Russian, where the comma is the decimal sign), as
    `export csv` writes."""
    out = io.StringIO("\ufeff")
    out.seek(0, io.SEEK_END)
    writer = csv.writer(out, delimiter=list_separator(), lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(title) for title in header()])
    severities = severity_names()
    rows = ([(say(OPEN()), f) for f in data["findings"]]
            + [(say(WAIVED()), w) for w in data["waived"]])
    for status, item in rows:
        record = {**item, "status": status,
                  "severity": severities.get(item["severity"], item["severity"])}
        writer.writerow([neutralise(record.get(column)) for column in COLUMNS])
    return out.getvalue()
