"""Baselines: a file of accepted findings, recorded once, so that a check reports only the
findings that are not in it (documented in docs/ci.md)."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cxmodel.diagnostics import Diagnostic
from cxmodel.fingerprints import fingerprint
from cxmodel.loader.reading import FileTooLarge, read_regular_file
from cxmodel.messages.text import message
from cxmodel.said import SaysWhy, os_reason, size_over

FORMAT = "cxmodel-baseline"
VERSION = 1
# The largest baseline read (and written): 64 MiB. A finding takes about 420 bytes, so that
# is some 150,000 findings, far more than a team reviews; the limit bounds the memory json
# needs (a few times the file's size) when the file is hostile, or /dev/zero.
MAX_BYTES = 64 * 1024 * 1024
MAX_FINDINGS = 150_000


TOO_MANY = message("baseline.too-large",
                   "its {count} findings take {size} bytes, more than the limit of {limit} "
                   "bytes for a baseline")
NOT_A_BASELINE = message("baseline.not-a-baseline",
                         "baseline {name} is not a cxmodel baseline (it needs {field})")
OTHER_VERSION = message("baseline.version",
                        "baseline {name} has version {version}; this cxmodel reads version "
                        "{supported}: record it again with --write-baseline")
NOT_A_LIST = message("baseline.findings-not-a-list",
                     'baseline {name}: "findings" must be a list')
NO_FINGERPRINT = message("baseline.no-fingerprint",
                         'baseline {name}: finding {number} has no "fingerprint" text')
MISSING = message("baseline.missing",
                  "baseline {name} does not exist; record one with "
                  "'cxmodel check PATH --write-baseline FILE'")
LARGER = message("baseline.larger",
                 "baseline {name} is {size} bytes, more than the limit of {limit} bytes for a "
                 "baseline (about {findings} findings)")
LARGER_NOW = message("baseline.larger-unsized",
                     "baseline {name} is more than the limit of {limit} bytes for a baseline "
                     "(about {findings} findings)")
UNREADABLE = message("baseline.unreadable", "baseline {name} cannot be read: {reason}")
NOT_UTF8 = message("baseline.not-utf8",
                   "baseline {name} cannot be read: it is not UTF-8 text")
NOT_JSON = message("baseline.not-json",
                   "baseline {name} is not valid JSON (line {line}, column {column}: "
                   "{problem})")
TOO_DEEP = message("baseline.too-deep",
                   "baseline {name} is nested too deeply to be a cxmodel baseline")
LONG_NUMBER = message("baseline.long-number",
                      "baseline {name} is not a cxmodel baseline: it holds a number too long "
                      "to read")


class BaselineError(SaysWhy):
    """The baseline file is missing or broken (exit code 2); the message says why."""


# Findings a baseline never records nor accepts: CX809 reports errors that have stood too
# long since the baseline first recorded them; accepted, it would silence itself.
NEVER_ACCEPTED = frozenset({"CX809"})


@dataclass(frozen=True, slots=True)
class Baseline:
    path: str
    fingerprints: frozenset[str]
    # The day each finding was first recorded (ISO dates; older baselines have none).
    first_seen: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, path: str, diagnostics: Sequence[Diagnostic],
           first_seen: Mapping[str, str] | None = None) -> Baseline:
        """The baseline that accepts these findings (what baseline_text records)."""
        return cls(path, frozenset(fingerprint(d) for d in diagnostics
                                   if d.code not in NEVER_ACCEPTED), dict(first_seen or {}))

    def split(self, diagnostics: Sequence[Diagnostic]
              ) -> tuple[list[Diagnostic], list[Diagnostic]]:
        """(findings to report, findings the baseline accepts). Loading problems (CX0xx)
        are always reported: a baseline never hides a broken file."""
        reported: list[Diagnostic] = []
        accepted: list[Diagnostic] = []
        for d in diagnostics:
            if d.fingerprint is not None and d.fingerprint in self.fingerprints \
                    and d.code not in NEVER_ACCEPTED:
                accepted.append(d)
            else:
                reported.append(d)
        return reported, accepted


def first_seen_dates(diagnostics: Sequence[Diagnostic], earlier: Mapping[str, str],
                     today: str) -> dict[str, str]:
    """The day each finding was first recorded: its day in an ``earlier`` baseline, else
    ``today`` (an ISO date)."""
    return {key: earlier.get(key, today) for key in (fingerprint(d) for d in diagnostics)}


def baseline_text(diagnostics: Sequence[Diagnostic], folder: str | Path = ".",
                  first_seen: Mapping[str, str] | None = None) -> str:
    """The baseline file for these findings: JSON, one entry per fingerprint, sorted, with
    no time stamp of its own, so that recording the same findings on the same day (or
    again over the same baseline) gives the same bytes. Each entry keeps ``first_seen``,
    the day it was first recorded (from ``first_seen``). Files are named relative to
    ``folder`` (where the baseline is written), not to wherever cxmodel ran. Only
    ``fingerprint`` and ``first_seen`` are read back; the rest is for people. Raises
    BaselineError when the file would be over MAX_BYTES, which read_baseline refuses."""
    entries: dict[str, dict[str, Any]] = {}
    dates = first_seen or {}
    for d in diagnostics:
        if d.code in NEVER_ACCEPTED:
            continue
        key = fingerprint(d)
        file = Path(os.path.relpath(os.path.abspath(d.span.file), os.path.abspath(folder)))
        entry = {"fingerprint": key, "code": d.code, "severity": d.severity,
                 "message": d.message, "file": file.as_posix()}
        if key in dates:
            entry["first_seen"] = dates[key]
        entries.setdefault(key, entry)
    document = {"format": FORMAT, "version": VERSION,
                "findings": [entries[key] for key in sorted(entries)]}
    text = json.dumps(document, ensure_ascii=False, indent=2) + "\n"
    size = len(text.encode("utf-8"))
    if size > MAX_BYTES:
        raise BaselineError(TOO_MANY(count=len(entries), size=size, limit=MAX_BYTES))
    return text


def read_baseline(path: str | Path) -> Baseline:
    name = Path(path).as_posix()
    document = _parse(name, _read_text(Path(path), name))
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BaselineError(NOT_A_BASELINE(name=name, field=f'"format": "{FORMAT}"'))
    version = document.get("version")
    if version != VERSION:
        raise BaselineError(OTHER_VERSION(name=name, version=repr(version),
                                          supported=str(VERSION)))
    findings = document.get("findings")
    if not isinstance(findings, list):
        raise BaselineError(NOT_A_LIST(name=name))
    keys: set[str] = set()
    first_seen: dict[str, str] = {}
    for number, entry in enumerate(findings, start=1):
        key = entry.get("fingerprint") if isinstance(entry, dict) else None
        if not isinstance(key, str) or not key:
            raise BaselineError(NO_FINGERPRINT(name=name, number=number))
        keys.add(key)
        seen = entry.get("first_seen")
        if isinstance(seen, str) and _is_date(seen):  # a day no one can read is no day
            first_seen[key] = seen
    return Baseline(name, frozenset(keys), first_seen)


def _is_date(text: str) -> bool:
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10


def _read_text(path: Path, name: str) -> str:
    """The baseline's text: a regular file of at most MAX_BYTES, as the workspace loader
    reads files (a symlink to /dev/zero or a named pipe is refused, not read forever)."""
    try:
        data = read_regular_file(path, MAX_BYTES)
    except FileNotFoundError as error:
        raise BaselineError(MISSING(name=name)) from error
    except FileTooLarge as error:
        size = size_over(error, path)
        raise BaselineError(
            LARGER(name=name, size=size, limit=error.limit, findings=MAX_FINDINGS)
            if size is not None else
            LARGER_NOW(name=name, limit=error.limit, findings=MAX_FINDINGS)) from error
    except OSError as error:
        raise BaselineError(UNREADABLE(name=name, reason=os_reason(error))) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BaselineError(NOT_UTF8(name=name)) from error


def _parse(name: str, text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(NOT_JSON(name=name, line=str(error.lineno),
                                     column=str(error.colno), problem=error.msg)) from error
    except RecursionError as error:
        raise BaselineError(TOO_DEEP(name=name)) from error
    except ValueError as error:  # a number of more than 4,300 digits
        raise BaselineError(LONG_NUMBER(name=name)) from error

