"""What a change did to a workspace, as plain data: the findings it added, fixed and newly
waived (matched by fingerprint, not by line) and the coverage change per journey and
channel in percentage points. Every ``cxmodel diff`` format renders this data (its JSON
form is documented in docs/ci.md)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cxmodel import __version__
from cxmodel.compare.results import results_changes
from cxmodel.diagnostics import SEVERITY_RANK, Diagnostic, diagnostic_dict
from cxmodel.fingerprints import fingerprint
from cxmodel.messages.render import render
from cxmodel.said import Said

if TYPE_CHECKING:
    from cxmodel.analyze import Analysis
    from cxmodel.analyze.figures import Ratio
    from cxmodel.model import Result

# 2: "results": the results added and corrected, and the targets whose standing moved.
FORMAT_VERSION = 2


@dataclass(frozen=True, slots=True)
class Side:
    """One of the two workspaces: its label, and its analysis, or else why it did not load
    (loading diagnostics or a broken configuration)."""

    label: Said  # a Text is shown in the language of the comparison
    analysis: Analysis | None
    errors: Sequence[Diagnostic] = ()
    files: int = 0
    note: Said | None = None  # e.g. "not in the revision: compared as an empty workspace"
    # Names a file the way the user knows it (files exported from git live in a scratch
    # folder; this gives back their place in the working tree).
    rename: Callable[[str], str] = field(default=lambda file: file)
    results: Sequence[Result] = ()  # the results the workspace records


def _finding(d: Diagnostic, rename: Callable[[str], str]) -> dict[str, Any]:
    file = rename(d.span.file)
    return {**diagnostic_dict(d, file, ("code", "name", "severity", "message", "hint", "file",
                                         "line", "column")),
            "fingerprint": fingerprint(d, file)}


def _ratio(value: Ratio | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {"covered": value.covered, "total": value.total, "percent": value.percent}


def points(before: Ratio | None, after: Ratio | None) -> float | None:
    """The change in percentage points (one decimal), None when either side has nothing
    to cover."""
    if before is None or after is None or not before.total or not after.total:
        return None
    return round(100.0 * (after.covered / after.total - before.covered / before.total), 1)


def _row(ident: str, name: str, before: Ratio | None, after: Ratio | None
         ) -> dict[str, Any]:
    change = points(before, after)
    if before is None:
        status = "added"
    elif after is None:
        status = "removed"
    elif (before.covered, before.total) != (after.covered, after.total):
        status = "changed"
    else:
        status = "unchanged"
    return {"id": ident, "name": name, "status": status, "before": _ratio(before),
            "after": _ratio(after), "change": change}


def _rows(old: dict[str, tuple[str, Ratio]], new: dict[str, tuple[str, Ratio]]
          ) -> list[dict[str, Any]]:
    """One row per id on either side: the new side's order, then ids only the old has."""
    rows = [_row(ident, name, old[ident][1] if ident in old else None, value)
            for ident, (name, value) in new.items()]
    rows.extend(_row(ident, name, value, None) for ident, (name, value) in old.items()
                if ident not in new)
    return rows


def _coverage(old: Analysis | None, new: Analysis | None) -> dict[str, Any]:
    def journeys(a: Analysis | None) -> dict[str, tuple[str, Ratio]]:
        if a is None:
            return {}
        return {jf.journey.id: (jf.journey.name, jf.coverage) for jf in a.figures.journeys}

    def channels(a: Analysis | None) -> dict[str, tuple[str, Ratio]]:
        if a is None:
            return {}
        return {c.id: (c.name, value) for c, value in a.figures.channels}

    before = old.figures.workspace if old is not None else None
    after = new.figures.workspace if new is not None else None
    return {
        "workspace": {"before": _ratio(before), "after": _ratio(after),
                      "change": points(before, after)},
        "journeys": _rows(journeys(old), journeys(new)) if old and new else [],
        "channels": _rows(channels(old), channels(new)) if old and new else [],
    }


def _side(side: Side) -> dict[str, Any]:
    return {
        "label": render(side.label),
        "loads": side.analysis is not None,
        "files": side.files,
        "findings": len(side.analysis.findings) if side.analysis is not None else None,
        "errors": [_finding(d, side.rename) for d in side.errors],
        "note": render(side.note) if side.note is not None else None,
    }


def _severities(items: list[dict[str, Any]]) -> dict[str, int]:
    return {f"{level}s" if level != "info" else "infos":
            sum(1 for item in items if item["severity"] == level)
            for level in ("error", "warning", "info")}


def compare(old: Side, new: Side, fail_on: str) -> dict[str, Any]:
    """The diff of ``old`` and ``new``. A finding is new when its fingerprint is not among
    the old side's findings, fixed when the new side no longer has it, newly waived when the
    new side waives it. Exit code 1 when a new finding (or, when the new side does not
    load, a loading error) is at or above ``fail_on``."""

    new_items: list[dict[str, Any]] = []
    fixed: list[dict[str, Any]] = []
    waived: list[dict[str, Any]] = []
    unchanged = 0
    if new.analysis is not None:
        current = [_finding(d, new.rename) for d in new.analysis.findings]
        if old.analysis is not None:
            previous = [_finding(d, old.rename) for d in old.analysis.findings]
            before = {item["fingerprint"] for item in previous}
            after = {item["fingerprint"] for item in current}
            reasons = {fingerprint(w.diagnostic, new.rename(w.diagnostic.span.file)):
                       w.reason for w in new.analysis.waived}
            new_items = [item for item in current if item["fingerprint"] not in before]
            unchanged = len(current) - len(new_items)
            for item in previous:
                if item["fingerprint"] in after:
                    continue
                if item["fingerprint"] in reasons:
                    waived.append({**item, "reason": reasons[item["fingerprint"]]})
                else:
                    fixed.append(item)
        else:
            new_items = current  # nothing to compare with: every finding counts as new
    blocking = new_items if new.analysis is not None else [
        _finding(d, new.rename) for d in new.errors]
    threshold = SEVERITY_RANK.get(fail_on)
    fails = threshold is not None and any(SEVERITY_RANK[item["severity"]] >= threshold
                                          for item in blocking)
    return {
        "format_version": FORMAT_VERSION,
        "tool": {"name": "cxmodel", "version": __version__},
        "old": _side(old),
        "new": _side(new),
        "comparable": old.analysis is not None and new.analysis is not None,
        "new_findings": new_items,
        "fixed_findings": fixed,
        "waived_findings": waived,
        "coverage": _coverage(old.analysis, new.analysis),
        "results": results_changes(old.results, new.results, old.analysis, new.analysis)
        if old.analysis is not None and new.analysis is not None
        else {"added": [], "changed": [], "targets": []},
        "summary": {
            "new": len(new_items),
            "fixed": len(fixed),
            "waived": len(waived),
            "unchanged": unchanged,
            "new_by_severity": _severities(new_items),
            "fail_on": fail_on,
            "exit_code": 1 if fails else 0,
        },
    }
