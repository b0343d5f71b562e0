"""Formatters: turn diagnostics into text for a terminal or a machine. They return strings;
only the CLI prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cxmodel.diagnostics import Diagnostic


@dataclass(frozen=True, slots=True)
class Summary:
    errors: int
    warnings: int
    infos: int
    files: int

    @classmethod
    def of(cls, diagnostics: list[Diagnostic], files: int) -> Summary:
        counts = Counter(d.severity for d in diagnostics)
        return cls(counts["error"], counts["warning"], counts["info"], files)


FAIL_LEVELS = ("error", "warning", "info", "never")


