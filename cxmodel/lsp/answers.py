"""What the language server answers: completions, hovers, quick fixes and the outline, from
the workspace as last parsed and checked. Everything a person reads is in the run's
language."""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from lsprotocol import types

from cxmodel.diagnostics import LOADING_CODES, Diagnostic, Span
from cxmodel.loader.nodes import YList, YMap, pos_column, pos_line
from cxmodel.lsp.context import REFERENCE_KEYS, Cursor, cursor_at, schema_definition
from cxmodel.lsp.convert import lsp_diagnostic, span_range, uri_of
from cxmodel.lsp.index import Index, Key, Occurrence
from cxmodel.lsp.state import Session
from cxmodel.lsp.text import to_lsp
from cxmodel.messages.render import render
from cxmodel.messages.text import Name, message, plural
from cxmodel.validate.sections import SECTIONS

WAIVE_TITLE = message("lsp.waive", "Waive {code} here, with the reason")
# TRANSLATORS: the placeholder a waiver's reason starts as, for the author to replace.
WAIVE_REASON = message("lsp.waive.reason", "why this is accepted")
USED = plural("lsp.hover.used", "Named in {count} place.", "Named in {count} places.")
COVERED = message("lsp.hover.covered", "Measured by: {posts}.")
NOT_COVERED = message("lsp.hover.not-covered", "No listening post measures it.")
OWNER = message("lsp.hover.owner", "Owner: {owner}.")
_CODE = re.compile(r"CX[0-9]{3}")
PLACES = 6  # the places a hover lists, the first in file order
SYMBOL_KINDS = {"journey": types.SymbolKind.Module, "stage": types.SymbolKind.Namespace,
                "step": types.SymbolKind.Event, "channel": types.SymbolKind.Interface,
                "department": types.SymbolKind.Class, "metric": types.SymbolKind.Number,
                "persona": types.SymbolKind.Object, "problem": types.SymbolKind.Enum,
                "offer": types.SymbolKind.Constant,
                "listening post": types.SymbolKind.Function}


# -- completion -------------------------------------------------------------------------------
@cache
def _schema() -> dict[str, Any]:
    from cxmodel.resources import read_text

    data: dict[str, Any] = json.loads(read_text("specs", "cxmodel.schema.json"))
    return data


def _resolved(node: dict[str, Any]) -> dict[str, Any]:
    """A property's schema with its $ref and allOf followed."""
    definitions = _schema()["definitions"]
    merged = dict(node)
    while "$ref" in merged or "allOf" in merged:
        ref = merged.pop("$ref", None)
        if ref is not None:
            merged = {**definitions[ref.rsplit("/", 1)[-1]], **merged}
        for part in merged.pop("allOf", []):
            merged = {**_resolved(part), **merged}
    return merged


def _properties(definition: str | None) -> dict[str, Any]:
    if definition is None:
        return {}
    found = _schema()["definitions"].get(definition, {})
    properties: dict[str, Any] = found.get("properties", {})
    return properties


def _journey_at(session: Session, path: str, line: int) -> str | None:
    root = session.good_roots.get(path)
    journeys = root.get("journeys") if root is not None else None
    if not isinstance(journeys, YList):
        return None
    for journey in journeys:
        if isinstance(journey, YMap) and isinstance(journey.get("id"), str):
            span = journey.span()
            if span.line <= line <= span.end_line:
                return str(journey["id"])
    return None


def _item(label: str, detail: str | None, documentation: str | None,
          kind: types.CompletionItemKind, edit: types.Range) -> types.CompletionItem:
    return types.CompletionItem(
        label=label, kind=kind, detail=detail,
        documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=documentation)
        if documentation else None,
        text_edit=types.TextEdit(range=edit, new_text=label), filter_text=label)


def complete(index: Index, session: Session, path: str, text: str, line: int,
             character: int) -> list[types.CompletionItem]:
    """Completions at 0-based ``line`` and ``character`` (in characters)."""
    cursor = cursor_at(text, line, character)
    if cursor is None:
        return []
    start = to_lsp(text, line + 1, character + 1 - len(cursor.typed))
    end = to_lsp(text, line + 1, character + 1)
    edit = types.Range(start=start, end=end)
    if cursor.key == "waive" or (cursor.key is None and cursor.parents[-1:] == ("waive",)):
        return _codes(edit)
    if cursor.key is None:
        return _keys(cursor, edit)
    return _values(index, session, path, cursor, line + 1, edit)


def _codes(edit: types.Range) -> list[types.CompletionItem]:
    from cxmodel.analyze.registry import RULES

    return [_item(rule.code, rule.name, rule.summary, types.CompletionItemKind.EnumMember,
                  edit) for rule in RULES]


def _keys(cursor: Cursor, edit: types.Range) -> list[types.CompletionItem]:
    if not cursor.parents:
        return [_item(section, None, None, types.CompletionItemKind.Module, edit)
                for section in ("cxmodel", *SECTIONS)]
    properties = _properties(schema_definition(cursor))
    return [_item(key, None, _resolved(value).get("description"),
                  types.CompletionItemKind.Property, edit)
            for key, value in properties.items()]


def _values(index: Index, session: Session, path: str, cursor: Cursor, line: int,
            edit: types.Range) -> list[types.CompletionItem]:
    key = cursor.key or ""
    kind = REFERENCE_KEYS.get(key) if cursor.parents else None
    if key == "metrics" and "listening_posts" not in cursor.parents:
        kind = None
    if kind is None:
        schema = _properties(schema_definition(Cursor(None, cursor.parents, ""))).get(key)
        values = _resolved(schema).get("enum", []) if schema else []
        return [_item(str(v), None, None, types.CompletionItemKind.EnumMember, edit)
                for v in values]
    if kind == "touchpoint":
        steps = index.of_kind("step")
        return [_item(f"{d.key[1]}/{d.key[2]}", _name(d.element), _about(d.element),
                      types.CompletionItemKind.Reference, edit) for d in steps]
    journey = _journey_at(session, path, line) if kind in ("stage", "step") else None
    if kind in ("stage", "step") and journey is None:
        return []
    return [_item(d.key[-1], _name(d.element), _about(d.element),
                  types.CompletionItemKind.Reference, edit)
            for d in index.of_kind(kind, journey)]


def _name(element: YMap) -> str | None:
    name = element.get("name")
    return str(name) if isinstance(name, str) else None


def _about(element: YMap) -> str | None:
    description = element.get("description")
    return str(description) if isinstance(description, str) else None


# -- hover ------------------------------------------------------------------------------------
def hover(index: Index, session: Session, path: str, line: int, column: int) -> str | None:
    """What the id or rule code at the place is, as Markdown."""
    code = _code_at(session.text(path), line, column)
    if code is not None:
        return _rule_hover(code)
    occurrence = index.at(path, line, column)
    if occurrence is None or occurrence.key not in index.definitions:
        return None
    element = index.definitions[occurrence.key].element
    lines = [f"**{occurrence.key[0]}** `{occurrence.key[-1]}`"
             + (f": {_name(element)}" if _name(element) else "")]
    if _about(element):
        lines.append(str(_about(element)))
    owner = element.get("owner")
    if isinstance(owner, str):
        lines.append(render(OWNER(owner=Name(_display(index, ("department", owner))))))
    used = [o for o in index.by_key.get(occurrence.key, []) if not o.definition]
    places = [f"{Path(o.path).name}:{o.span.line}" for o in used[:PLACES]]
    if len(used) > PLACES:
        places.append("…")
    lines.append(render(USED(count=len(used))))
    if places:
        lines.append(", ".join(f"`{place}`" for place in places))
    coverage = _coverage(session, occurrence.key)
    if coverage is not None:
        lines.append(coverage)
    return "\n\n".join(lines)


def _display(index: Index, key: Key) -> str:
    defined = index.definitions.get(key)
    name = _name(defined.element) if defined is not None else None
    return name or key[-1]


def _coverage(session: Session, key: Key) -> str | None:
    """For a step: the posts that measure it (from the last check that loaded)."""
    ws = session.last.workspace
    if key[0] != "step" or ws is None:
        return None
    journey = ws.journey(key[1])
    step = journey.step(key[2]) if journey is not None else None
    if step is None or not step.is_touchpoint:
        return None
    posts = ws.posts_covering(step)
    if not posts:
        return render(NOT_COVERED())
    return render(COVERED(posts=", ".join(p.name for p in posts)))


def _code_at(text: str | None, line: int, column: int) -> str | None:
    if text is None:
        return None
    lines = text.split("\n")
    if not 0 < line <= len(lines):
        return None
    for match in _CODE.finditer(lines[line - 1]):
        if match.start() < column <= match.end() + 1:
            return match.group()
    return None


def _rule_hover(code: str) -> str | None:
    from cxmodel.analyze.registry import RULES_BY_CODE

    rule = RULES_BY_CODE.get(code)
    if rule is not None:
        return f"**{code}** {rule.name} ({rule.severity})\n\n{rule.summary}"
    loading = LOADING_CODES.get(code)
    return None if loading is None else f"**{code}** {loading.name}\n\n{loading.summary}"


# -- ranges -----------------------------------------------------------------------------------
def id_range(occurrence: Occurrence, session: Session) -> types.Range:
    """Where the id itself is (in a touchpoint 'journey/step', only its part)."""
    span = occurrence.span
    text = session.text(occurrence.path)
    if occurrence.length:
        start = span.column + occurrence.offset
        span = Span(span.file, span.line, start, span.line, start + occurrence.length)
    return span_range(span, text)


# -- quick fixes ------------------------------------------------------------------------------
def _overlaps(span: Span, wanted: types.Range, text: str | None) -> bool:
    found = span_range(span, text)
    return not ((found.end.line, found.end.character) < (wanted.start.line,
                                                          wanted.start.character)
                or (found.start.line, found.start.character) > (wanted.end.line,
                                                                 wanted.end.character))


def actions(session: Session, path: str, wanted: types.Range) -> list[types.CodeAction]:
    """The quick fixes of the diagnostics in ``wanted``: their fixes (a did-you-mean, a
    missing dash, quotes) and, for a gap finding, a waiver with a reason to fill in."""
    text = session.text(path)
    file = session.files.get(path)
    check = session.checks.get(path)
    found: list[Diagnostic] = [*(file.diagnostics if file else ()),
                               *(check.diagnostics if check else ()),
                               *session.last.by_file.get(path, [])]
    result: list[types.CodeAction] = []
    seen: set[tuple[str, Span]] = set()
    for diagnostic in found:
        if (diagnostic.code, diagnostic.span) in seen or \
                not _overlaps(diagnostic.span, wanted, text):
            continue
        seen.add((diagnostic.code, diagnostic.span))
        shown = lsp_diagnostic(diagnostic, text)
        for number, fix in enumerate(diagnostic.fixes):
            result.append(types.CodeAction(
                title=render(fix.description), kind=types.CodeActionKind.QuickFix,
                diagnostics=[shown], is_preferred=number == 0,
                edit=types.WorkspaceEdit(changes={uri_of(path): [
                    types.TextEdit(range=span_range(e.span, text), new_text=e.text)
                    for e in fix.edits]})))
        waiver = _waiver(session, diagnostic, text)
        if waiver is not None:
            result.append(types.CodeAction(
                title=render(WAIVE_TITLE(code=diagnostic.code)),
                kind=types.CodeActionKind.QuickFix, diagnostics=[shown],
                edit=types.WorkspaceEdit(changes={uri_of(path): [waiver]})))
    return result


def _waiver(session: Session, diagnostic: Diagnostic, text: str | None
            ) -> types.TextEdit | None:
    """The edit that waives a gap finding on its element: `waive: {CODE: "reason"}` after
    the element's id (or the code added to its waive mapping)."""
    analysis = session.last.analysis
    if analysis is None or diagnostic.fingerprint is None or text is None \
            or diagnostic.code in LOADING_CODES:
        return None
    subject = analysis.subjects.get(diagnostic.fingerprint)
    source = getattr(subject, "source", None)
    if not isinstance(source, YMap) or "id" not in source or source.file != \
            diagnostic.span.file:
        return None
    reason = json.dumps(render(WAIVE_REASON()), ensure_ascii=False)
    entry = f"{diagnostic.code}: {reason}"
    lines = text.split("\n")
    waive = source.get("waive")
    if isinstance(waive, YMap) and waive:
        last = waive.value_span(list(waive)[-1])
        start = waive.span()
        if _char(lines, start.line, start.column) == "{":
            at = to_lsp(text, last.end_line, last.end_column)
            return types.TextEdit(range=types.Range(start=at, end=at), new_text=f", {entry}")
        first = waive.key_span(next(iter(waive)))
        at = to_lsp(text, last.end_line + 1, 1)
        return types.TextEdit(range=types.Range(start=at, end=at),
                              new_text=" " * (first.column - 1) + entry + "\n")
    ident = source.key_span("id")
    start_line, start_column = pos_line(source.start), pos_column(source.start)
    if _char(lines, start_line, start_column) == "{":  # a flow mapping: {id: x, ...}
        value = source.value_span(list(source)[-1])
        at = to_lsp(text, value.end_line, value.end_column)
        return types.TextEdit(range=types.Range(start=at, end=at),
                              new_text=f", waive: {{{entry}}}")
    value = source.value_span("id")
    at = to_lsp(text, value.end_line + 1, 1)
    return types.TextEdit(range=types.Range(start=at, end=at),
                          new_text=" " * (ident.column - 1) + f"waive: {{{entry}}}\n")


def _char(lines: list[str], line: int, column: int) -> str:
    if 0 < line <= len(lines) and 0 < column <= len(lines[line - 1]):
        return lines[line - 1][column - 1]
    return ""


# -- the outline ------------------------------------------------------------------------------
def symbols(session: Session, path: str) -> list[types.DocumentSymbol]:
    """Every element of the file; a journey holds its stages and steps."""
    root = session.good_roots.get(path)
    text = session.text(path)
    if root is None:
        return []
    found: list[types.DocumentSymbol] = []
    for section, kind in SECTIONS.items():
        items = root.get(section)
        if not isinstance(items, YList):
            continue
        for element in items:
            if isinstance(element, YMap) and isinstance(element.get("id"), str):
                children = []
                if kind == "journey":
                    children = [_symbol(item, local, text, [])
                                for local, key in (("stage", "stages"), ("step", "steps"))
                                for item in _listed(element.get(key))]
                found.append(_symbol(element, kind, text, children))
    return found


def _listed(value: Any) -> list[YMap]:
    if not isinstance(value, YList):
        return []
    return [item for item in value if isinstance(item, YMap) and isinstance(item.get("id"),
                                                                              str)]


def _symbol(element: YMap, kind: str, text: str | None,
            children: list[types.DocumentSymbol]) -> types.DocumentSymbol:
    whole = element.span()
    ident = element.value_span("id")
    full = span_range(whole, text)
    selection = span_range(ident, text)
    if (full.end.line, full.end.character) < (selection.end.line, selection.end.character):
        full = types.Range(start=full.start, end=selection.end)
    return types.DocumentSymbol(name=str(element["id"]), detail=_name(element) or kind,
                                kind=SYMBOL_KINDS.get(kind, types.SymbolKind.Object),
                                range=full, selection_range=selection,
                                children=children or None)
