"""The CSV report: one row per finding (waived ones included, marked), ready for a
spreadsheet. Cells that a spreadsheet would run as a formula are neutralised."""

from __future__ import annotations

import csv
import io
from typing import Any

COLUMNS = ("status", "severity", "code", "name", "family", "message", "hint", "file", "line",
           "column", "department", "reason", "fingerprint")

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets (OWASP "CSV injection"); a leading apostrophe makes it plain text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> str:
    if value is None:
        return ""
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def render(data: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    rows = [("open", f) for f in data["findings"]] + [("waived", w) for w in data["waived"]]
    for status, item in rows:
        record = {**item, "status": status}
        writer.writerow([neutralise(record.get(column)) for column in COLUMNS])
    return out.getvalue()
