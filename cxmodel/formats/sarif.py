"""The SARIF 2.1.0 log of ``cxmodel check --format sarif``, for GitHub code scanning and
other SARIF viewers (documented in docs/ci.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cxmodel import __version__
from cxmodel.analyze.registry import RULES_BY_CODE
from cxmodel.analyze.rule import family_title
from cxmodel.diagnostics import LOADING_CODES, Diagnostic, Fix, Span
from cxmodel.fingerprints import fingerprint
from cxmodel.formats.github import WITH_HINT
from cxmodel.messages.render import render as say
from cxmodel.messages.text import message

SCHEMA_URI = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
              "sarif-schema-2.1.0.json")
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
# The key of the fingerprint in results' partialFingerprints; versioned so that a change of
# what a fingerprint means can never silently re-match old alerts.
FINGERPRINT_KEY = "cxmodelFingerprint/v1"
LOADING_HELP = message(
    "ci.sarif.loading-help",
    "A loading and validation problem (CX0xx): always an error, never waived. "
    "The gap rules run only once every file loads cleanly.")
# TRANSLATORS: the summary of a code cxmodel does not know (none is written so today).
UNKNOWN_CODE = message("ci.sarif.unknown-code", "cxmodel diagnostic {code}.")


def _first_paragraph(text: str) -> str:
    paragraph = text.strip().split("\n\n", 1)[0]
    return " ".join(line.strip() for line in paragraph.splitlines())


def rule_descriptor(code: str) -> dict[str, Any]:
    """The reportingDescriptor of a rule: id, name, descriptions, help and default level."""

    rule = RULES_BY_CODE.get(code)
    if rule is not None:
        documentation = rule.documentation
        return {
            "id": code,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": _first_paragraph(documentation)},
            "help": {"text": documentation, "markdown": documentation},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"tags": ["cxmodel", rule.family]},
        }
    loading = LOADING_CODES.get(code)
    name = loading.name if loading is not None else code.lower()
    summary = loading.summary if loading is not None else say(UNKNOWN_CODE(code=code))
    help_text = f"{summary}\n\n{say(LOADING_HELP())}"
    return {
        "id": code,
        "name": name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": help_text, "markdown": help_text},
        "defaultConfiguration": {"level": "error"},
        "properties": {"tags": ["cxmodel", family_title("CX0")]},
    }


def artifact_uri(file: str, locate: Callable[[str], str | None]) -> str:
    """A repository-relative URI reference (percent-encoded), or a file: URI for a file
    outside the repository."""
    relative = locate(file)
    if relative is not None:
        return quote(relative, safe="/")
    return Path(file).absolute().as_uri()


def region(span: Span) -> dict[str, int]:
    end_line = max(span.end_line, span.line)
    end_column = span.end_column
    if end_line == span.line and end_column <= span.column:
        end_column = span.column + 1  # an empty region would point at nothing
    return {"startLine": span.line, "startColumn": span.column,
            "endLine": end_line, "endColumn": end_column}


def _location(span: Span, locate: Callable[[str], str | None]) -> dict[str, Any]:
    artifact: dict[str, Any] = {"uri": artifact_uri(span.file, locate)}
    if locate(span.file) is not None:
        artifact["uriBaseId"] = "%SRCROOT%"
    return {"physicalLocation": {"artifactLocation": artifact, "region": region(span)}}


def _fix(fix: Fix, file: str, locate: Callable[[str], str | None]) -> dict[str, Any]:
    """A SARIF fix: its description and its replacements in the diagnostic's file."""
    artifact: dict[str, Any] = {"uri": artifact_uri(file, locate)}
    if locate(file) is not None:
        artifact["uriBaseId"] = "%SRCROOT%"
    return {"description": {"text": say(fix.description)},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": [
                {"deletedRegion": {"startLine": e.span.line, "startColumn": e.span.column,
                                   "endLine": e.span.end_line, "endColumn": e.span.end_column},
                 "insertedContent": {"text": e.text}} for e in fix.edits]}]}


def message_text(d: Diagnostic) -> str:
    return d.message if not d.hint else say(WITH_HINT(message=d.message, hint=d.hint))


def render(diagnostics: list[Diagnostic], locate: Callable[[str], str | None]) -> str:
    """The SARIF log: one run, the rules that fired, one result per diagnostic."""

    codes = sorted({d.code for d in diagnostics})
    index = {code: position for position, code in enumerate(codes)}
    results = []
    for d in diagnostics:
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": LEVELS[d.severity],
            "message": {"text": message_text(d)},
            "locations": [_location(d.span, locate)],
            "partialFingerprints": {
                FINGERPRINT_KEY: fingerprint(d, locate(d.span.file) or d.span.file)},
            "properties": {"severity": d.severity, "name": d.name},
        }
        if d.fixes:
            result["fixes"] = [_fix(f, d.span.file, locate) for f in d.fixes]
        if d.related:
            result["relatedLocations"] = [
                {"id": number, **_location(r.span, locate), "message": {"text": r.message}}
                for number, r in enumerate(d.related, start=1)]
        results.append(result)
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cxmodel",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [rule_descriptor(code) for code in codes],
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }
    # Compact: with indentation Python's JSON encoder falls back to pure Python, which on a
    # large log costs as much as the whole check.
    return json.dumps(log, ensure_ascii=False, separators=(",", ":")) + "\n"
