"""Diagnostics: what cxmodel reports, where, and how serious it is."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from cxmodel.messages.render import fixed, render, said
from cxmodel.messages.text import Name, Text, message

Severity = Literal["error", "warning", "info"]

SEVERITY_RANK: dict[str, int] = {"info": 1, "warning": 2, "error": 3}
# The values of fail_on: the lowest severity that makes a run fail, or never.
FAIL_LEVELS = ("error", "warning", "info", "never")


class Span(NamedTuple):
    """A place in a source file; line and column are 1-based, the end is exclusive.

    A named tuple rather than a frozen dataclass: a model of 10,000 steps makes some
    40,000 of them, and a tuple is made several times faster (same fields, order, equality,
    immutability)."""

    file: str
    line: int
    column: int
    end_line: int
    end_column: int

    @classmethod
    def point(cls, file: str, line: int, column: int) -> Span:
        return cls(file, line, column, line, column + 1)


# What a diagnostic says: a message in no language yet (shown in the active one), or, for
# text that is the same in every language, a string.
Said = Text | str


def said_key(said: Said) -> str:
    """What is said, the same in every language: for sorting and fingerprints."""
    return said.key() if isinstance(said, Text) else said


@dataclass(frozen=True, slots=True)
class Related:
    """Another place a diagnostic refers to (the first of two duplicates, say)."""

    text: Said
    span: Span

    @property
    def message(self) -> str:
        return render(self.text)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace the text at ``span`` (in the diagnostic's file; an empty span inserts) with
    ``text``."""

    span: Span
    text: str


@dataclass(frozen=True, slots=True)
class Fix:
    """A change that resolves a diagnostic, for editors and tools to apply: what it does, in
    words, and its edits."""

    description: Said
    edits: tuple[Edit, ...]


# What a fix does, for the editor's menu of quick fixes.
WRITE_ID = message("fix.write-id", "Write {id}")
ADD_DASH = message("fix.add-dash", "Start a new item with '- '")
QUOTE = message("fix.quote", "Put the whole text in quotes")
_PLAIN_ID = re.compile(r"[^\W_][\w./-]*")


def yaml_scalar(text: str) -> str:
    """``text`` as a YAML value: as it is when it is an id that reads back as itself, else
    in double quotes."""
    if _PLAIN_ID.fullmatch(text):
        return text
    return json.dumps(text, ensure_ascii=False)


def replace_with_id(span: Span, ident: str) -> Fix:
    """The fix that writes ``ident`` where ``span`` is (a did-you-mean)."""
    return Fix(WRITE_ID(id=Name(ident)), (Edit(span, yaml_scalar(ident)),))


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One finding: a permanent code, a severity, a message for a CX person and a place."""

    code: str
    name: str
    severity: Severity
    text: Said  # the message, shown in the active language as ``message``
    span: Span
    hint_text: Said | None = None
    related: tuple[Related, ...] = field(default=())
    # Identifies a gap finding by code and element, independent of line numbers.
    fingerprint: str | None = None
    # Where the fix is obvious (a did-you-mean, a missing dash, quotes): the changes.
    fixes: tuple[Fix, ...] = ()

    @property
    def message(self) -> str:
        return said(self.text)

    @property
    def hint(self) -> str | None:
        return None if self.hint_text is None else said(self.hint_text)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        """By place, then code, then what it says in no language (the same order in every
        language)."""
        return (self.span.file, self.span.line, self.span.column, self.code,
                said_key(self.text))


def diagnostic_dict(d: Diagnostic, file: str | None = None,
                    keys: tuple[str, ...] | None = None) -> dict[str, Any]:
    """A diagnostic as plain data, the one mapping every output starts from (the JSON
    listing, the report, the diff, the site): ``file`` names its file as that output does
    (default: as the diagnostic does), ``keys`` keeps those fields, in that order (default:
    all, in the order of the JSON listing, docs/cli.md)."""
    data: dict[str, Any] = {
        "code": d.code,
        "name": d.name,
        "severity": d.severity,
        "message": d.message,
        "hint": d.hint,
        "file": d.span.file if file is None else file,
        "line": d.span.line,
        "column": d.span.column,
        "end_line": d.span.end_line,
        "end_column": d.span.end_column,
        "fingerprint": d.fingerprint,
        "related": [
            {"message": r.message, "file": r.span.file, "line": r.span.line,
             "column": r.span.column}
            for r in d.related
        ],
        "fixes": [
            {"description": render(f.description),
             "replacements": [{"line": e.span.line, "column": e.span.column,
                               "end_line": e.span.end_line, "end_column": e.span.end_column,
                               "text": e.text} for e in f.edits]}
            for f in d.fixes
        ],
    }
    return data if keys is None else {key: data[key] for key in keys}


@dataclass(frozen=True, slots=True)
class LoadingCode:
    code: str
    name: str
    english_summary: str

    @property
    def summary(self) -> str:
        """The summary in the active language (the catalogues' area "rules")."""
        return fixed(f"{self.code}.summary", self.english_summary)


# The loading and validation codes (rules.md, CX0xx): always on, always errors.
LOADING_CODES: dict[str, LoadingCode] = {
    c.code: c
    for c in (
        LoadingCode("CX001", "yaml-syntax", "A file is not valid YAML."),
        LoadingCode("CX002", "duplicate-key", "A mapping repeats a key."),
        LoadingCode(
            "CX003",
            "schema",
            "The structure breaks the language schema: wrong type, unknown key, "
            "value not in the list, missing id, empty or non-mapping file.",
        ),
        LoadingCode("CX004", "duplicate-id", "Two elements of one kind share an id."),
        LoadingCode("CX005", "unknown-reference", "A reference names no element of that kind."),
        LoadingCode(
            "CX006",
            "input-limit",
            "A file is too large, too deep, has too many aliases, is not UTF-8 or cannot be read.",
        ),
        LoadingCode(
            "CX007", "version", "A file declares a language version this release cannot read."
        ),
        LoadingCode(
            "CX008",
            "unsupported-yaml",
            "A YAML feature cxmodel does not read: several documents in one file, tags such as "
            "!!python/object, keys that are not text, merge keys (<<).",
        ),
    )
}


def loading_diagnostic(
    code: str,
    message: Said,
    span: Span,
    hint: Said | None = None,
    related: tuple[Related, ...] = (),
    fingerprint: str | None = None,
    fixes: tuple[Fix, ...] = (),
) -> Diagnostic:
    """A CX0xx diagnostic: always an error."""
    return Diagnostic(code, LOADING_CODES[code].name, "error", message, span, hint, related,
                      fingerprint, fixes)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """By place and code, then, where two share both (rare), by what they say in no
    language: the text's key is built only for those."""
    places = [(d.span.file, d.span.line, d.span.column, d.code) for d in diagnostics]
    order = sorted(range(len(diagnostics)), key=places.__getitem__)
    ordered = [diagnostics[i] for i in order]
    start = 0
    for end in range(1, len(order) + 1):
        if end == len(order) or places[order[end]] != places[order[start]]:
            if end - start > 1:
                ordered[start:end] = sorted(ordered[start:end], key=Diagnostic.sort_key)
            start = end
    return ordered


def fails(diagnostics: list[Diagnostic], fail_on: str) -> bool:
    """True when some diagnostic is at or above ``fail_on`` (exit code 1)."""
    if fail_on == "never":
        return False
    threshold = SEVERITY_RANK[fail_on]
    return any(SEVERITY_RANK[d.severity] >= threshold for d in diagnostics)
