"""The JSON listing of ``cxmodel check --format json`` (documented in docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

from cxmodel.diagnostics import Diagnostic
from cxmodel.formats import Summary

FORMAT_VERSION = 1


def diagnostic_object(d: Diagnostic) -> dict[str, Any]:
    return {
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        "hint": d.hint,
        "file": d.span.file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "related": [
            {"message": r.message, "file": r.span.file, "line": r.span.line,
             "column": r.span.column}
            for r in d.related
        ],
    }


def render(diagnostics: list[Diagnostic], summary: Summary, exit_code: int) -> str:
    from cxmodel import __version__

    document = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "cxmodel", "version": __version__},
        "diagnostics": [diagnostic_object(d) for d in diagnostics],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "files": summary.files,
            "exit_code": exit_code,
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
