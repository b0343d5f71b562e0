"""Baselines: a file of accepted findings, recorded once, so that a check reports only the
findings that are not in it (documented in docs/ci.md)."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxmodel.diagnostics import Diagnostic
from cxmodel.fingerprints import fingerprint

FORMAT = "cxmodel-baseline"
VERSION = 1


class BaselineError(Exception):
    """The baseline file is missing or broken (exit code 2); the message says why."""


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str
    fingerprints: frozenset[str]

    def split(self, diagnostics: Sequence[Diagnostic]
              ) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(findings to report, findings the baseline accepts). Loading problems (CX0xx)
        are always reported: a baseline never hides a broken file."""
        reported: list[Diagnostic] = []
        accepted: list[Diagnostic] = []
        for d in diagnostics:
            if d.fingerprint is not None and d.fingerprint in self.fingerprints:
                accepted.append(d)
            else:
                reported.append(d)
        return reported, accepted


def baseline_text(diagnostics: Sequence[Diagnostic], folder: str | Path = ".") -> str:
    """The baseline file for these findings: JSON, one entry per fingerprint, sorted, with
    no time stamp, so that recording the same findings twice gives the same bytes. Files
    are named relative to ``folder`` (where the baseline is written), not to wherever
    cxmodel ran. Only ``fingerprint`` is read back; the rest is for people."""
    entries: dict[str, dict[str, Any]] = {}
    for d in diagnostics:
        key = fingerprint(d)
        file = Path(os.path.relpath(os.path.abspath(d.span.file), os.path.abspath(folder)))
        entries.setdefault(key, {"fingerprint": key, "code": d.code, "severity": d.severity,
                                 "message": d.message, "file": file.as_posix()})
    document = {"format": FORMAT, "version": VERSION,
                "findings": [entries[key] for key in sorted(entries)]}
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def read_baseline(path: str | Path) -> Baseline:
    name = Path(path).as_posix()
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as error:
        raise BaselineError(f"baseline {name} does not exist; record one with "
                            "'cxmodel check PATH --write-baseline FILE'") from error
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise BaselineError(f"baseline {name} cannot be read: {reason or error}") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"baseline {name} is not valid JSON (line {error.lineno}, column "
                            f"{error.colno}: {error.msg})") from error
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(f"baseline {name} is not a cxmodel baseline (it needs "
                            f'"format": "{FORMAT}")')
    version = document.get("version")
    if version != VERSION:
        raise BaselineError(f"baseline {name} has version {version!r}; this cxmodel reads "
                            f"version {VERSION}: record it again with --write-baseline")
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(f'baseline {name}: "findings" must be a list')
    keys: set[str] = set()
    for number, entry in enumerate(findings, start=1):
        key = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key:
            raise BaselineError(f'baseline {name}: finding {number} has no "fingerprint" '
                                "text")
        keys.add(key)
    return Baseline(name, frozenset(keys))
