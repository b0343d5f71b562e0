"""The JSON listing of ``cxmodel check --format json`` (documented in docs/cli.md)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from cxmodel import __version__
from cxmodel.diagnostics import Diagnostic, diagnostic_dict
from cxmodel.formats import Summary

if TYPE_CHECKING:
    from cxmodel.analyze import Waived

FORMAT_VERSION = 1


def render(diagnostics: list[Diagnostic], summary: Summary, exit_code: int,
           waived: Sequence[Waived] = (), baseline: Mapping[str, Any] | None = None) -> str:
    """The JSON document; ``baseline`` ({"file", "accepted"}) only when one is in use."""

    document: dict[str, Any] = {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "cxmodel", "version": __version__},
        "diagnostics": [diagnostic_dict(d) for d in diagnostics],
        "waived": [{**diagnostic_dict(w.diagnostic), "reason": w.reason} for w in waived],
        "summary": {
            "errors": summary.errors,
            "warnings": summary.warnings,
            "infos": summary.infos,
            "files": summary.files,
            "waived": len(waived),
            "exit_code": exit_code,
        },
    }
    if baseline is not None:
        document["baseline"] = dict(baseline)
    # No indentation: with it, Python's JSON encoder falls back to pure Python, several times
    # slower than its C encoder. Pipe through `jq .` to read it.
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"
