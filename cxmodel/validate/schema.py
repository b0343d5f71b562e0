"""Checking each file against the JSON Schema in specs/ and saying what is wrong in words a
CX manager reads, at the offending node (or the mapping that lacks a required key)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from cxmodel import resources
from cxmodel.diagnostics import QUOTE, Diagnostic, Edit, Fix, Said, Span, loading_diagnostic
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YList, YMap, locate, node_at, pos_column, pos_line
from cxmodel.loader.parse import ODD_SPACES, too_many_problems
from cxmodel.messages.render import native_words
from cxmodel.messages.text import Name, Param, Text
from cxmodel.suggest import did_you_mean_text, either, folded_name, listed_ids
from cxmodel.text import code_point, first_invisible, shown, slug
from cxmodel.validate.fast import fast_check
from cxmodel.validate.sections import describe, element, element_kind
from cxmodel.validate.wording import (
    ADD,
    ADD_ONE_OF,
    BOUNDS,
    CONSTANT,
    CUT_BY_COMMA,
    EMPTY_TEXT,
    ENUM,
    GIVE_A_VALUE,
    ID_INVISIBLE,
    ID_INVISIBLE_HINT,
    KEYS,
    MISSING,
    NEEDS_ONE_OF,
    NO_ID,
    NO_STEP_ID,
    NOT_A_CODE,
    NOT_A_KEY,
    NOT_A_KEY_HERE,
    NOT_A_KEY_OF_FILE,
    NOT_ALLOWED_HERE,
    NOT_THE_FORM,
    ODD_INDENT,
    ODD_INDENT_HINT,
    OTHER,
    PATTERNS,
    QUOTE_THE_TEXT,
    RANGE,
    REPEATED,
    STEP_ID_HINT,
    TOO_FEW,
    TOO_LONG,
    TOO_MANY,
    TRANSLATED_KEY,
    TRANSLATED_VALUE,
    TYPE,
    TYPE_HINTS,
    WAIVE_BY_CODE,
    WRITE_A_CODE,
    either_items,
    expected_words,
    field_name,
    value_place,
    value_words,
)

if TYPE_CHECKING:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import ValidationError


@cache
def validator(schema_name: str) -> Draft7Validator:
    """A validator for a schema in specs/; only local $refs exist, nothing is fetched.
    jsonschema is imported only here: it explains the files the fast check rejects."""
    from jsonschema import Draft7Validator

    return Draft7Validator(resources.schema(schema_name))


@dataclass(frozen=True, slots=True)
class _Finding:
    message: Text
    hint: Said | None
    path: tuple[str | int, ...]
    key: str | None = None  # point at this key of the mapping at ``path``, not at a value
    fixes: tuple[Fix, ...] = ()


def check_schema(root: YMap, schema_name: str, max_problems: int | None = None,
                 limits: Limits | None = None) -> list[Diagnostic]:
    """CX003 for each way ``root`` breaks the schema; past ``max_problems`` (default: the
    file's limit, of ``limits``) one CX006 instead of the rest, which are not even computed."""
    limits = limits or Limits()
    try:
        fast_check(schema_name)(root)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    limit = limits.max_problems if max_problems is None else max(max_problems, 0)
    diagnostics: list[Diagnostic] = []
    seen: set[tuple[Text, int, int]] = set()
    keys: dict[int, dict[str, int]] = {}
    findings = (finding for error in validator(schema_name).iter_errors(root)
                for finding in _translate(error, root, tuple(error.absolute_path)))
    for finding in findings:
        span = _span(root, finding, keys)
        key = (finding.message, span.line, span.column)
        if key in seen:
            continue
        seen.add(key)
        if len(diagnostics) >= limit:
            diagnostics.append(too_many_problems(span.file, span.line, span.column, limits))
            break
        diagnostics.append(loading_diagnostic("CX003", finding.message, span, finding.hint,
                                              fixes=finding.fixes))
    return diagnostics


def _key_span(container: YMap, key: str, keys: dict[int, dict[str, int]]) -> Span:
    """Where ``key`` stands; the key's position in the mapping is looked up once per mapping
    (a mapping of 500,000 unknown keys must not cost 500,000 scans of itself)."""
    index = keys.get(id(container))
    if index is None:
        index = keys[id(container)] = {name: i for i, name in enumerate(container)}
    start = container.marks[3 * index[key]]
    line, column = pos_line(start), pos_column(start)
    return Span(container.file, line, column, line, column + len(key))


def _span(root: YMap, finding: _Finding, keys: dict[int, dict[str, int]]) -> Span:
    if finding.key is not None:
        container = node_at(root, finding.path)
        if isinstance(container, YMap) and finding.key in container:
            return _key_span(container, finding.key, keys)
    span, _exact = locate(root, finding.path)
    node = node_at(root, finding.path)
    if isinstance(node, YMap | YList):
        # A whole mapping or list is wrong (a missing key, say): point at where it starts.
        start = node.span()
        return Span(start.file, start.line, start.column, start.line, start.column + 1)
    return span


def _translate(error: ValidationError, root: YMap, path: tuple[str | int, ...]
               ) -> Iterator[_Finding]:
    kind = error.validator
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(value, dict):
        yield from _unknown_keys(value, schema, root, path)
        return
    if kind == "required" and isinstance(value, dict):
        yield from _missing(error, value, root, path)
        return
    what = value_place(path, root)
    if kind == "type":
        expected = error.validator_value
        first = expected if isinstance(expected, str) else None
        hint: Said | None = TYPE_HINTS[first]() if first in TYPE_HINTS else None
        if value is None:
            hint = GIVE_A_VALUE()
        yield _Finding(TYPE(what=what, expected=expected_words(expected),
                            actual=value_words(value)), hint, path)
        return
    if kind == "enum":
        options = [str(o) for o in error.validator_value]  # type: ignore[union-attr]
        suggestion = did_you_mean_text(value, options) if isinstance(value, str) else None
        if suggestion is None and isinstance(value, str):
            word = _native("site.value.").get(folded_name(value))
            if word in options:
                suggestion = TRANSLATED_VALUE(option=Name(word), value=Name(value))
        yield _Finding(ENUM(what=what, actual=value_words(value), options=", ".join(options)),
                       suggestion, path)
        return
    if kind == "pattern" and isinstance(value, str):
        yield _pattern(value, what, path)
        return
    bounds = error.schema if isinstance(error.schema, dict) else {}
    if kind in ("minimum", "maximum") and "minimum" in bounds and "maximum" in bounds:
        # Both ends, so the workshop sees the whole range (emotion: -2 to 2).
        yield _Finding(RANGE(what=what, low=str(bounds["minimum"]), high=str(bounds["maximum"]),
                             value=str(value)), None, path)
        return
    if kind in BOUNDS:
        yield _Finding(BOUNDS[kind](what=what, bound=str(error.validator_value),
                                    value=str(value)), None, path)
        return
    if kind == "minLength":
        yield _Finding(EMPTY_TEXT(what=what), GIVE_A_VALUE(), path)
        return
    if kind in _COUNTED and isinstance(error.validator_value, int):
        yield _Finding(_COUNTED[kind](what=what, count=error.validator_value), None, path)
        return
    if kind == "uniqueItems":
        yield _Finding(REPEATED(what=what), None, path)
        return
    if kind == "const":
        yield _Finding(CONSTANT(what=what, expected=value_words(error.validator_value)),
                       None, path)
        return
    if kind == "propertyNames":
        yield from _key_names(error, path)
        return
    if kind in ("anyOf", "oneOf"):
        yield from _alternatives(error, root, path)
        return
    yield _Finding(OTHER(what=what, detail=error.message), None, path)


def _quote_fix(value: dict[str, Any], cut: str, pieces: list[str]) -> tuple[Fix, ...]:
    """The text from the cut key to the last stray piece, written as one quoted value (when
    the pieces have no value of their own, and all stand on one line)."""
    if not isinstance(value, YMap) or any(value.get(key) is not None for key in pieces) \
            or not isinstance(value.get(cut), str):
        return ()
    start, end = value.key_span(cut), value.key_span(pieces[-1])
    if start.line != end.line:
        return ()
    span = Span(start.file, start.line, start.column, end.line, end.end_column)
    text = ", ".join((value[cut], *pieces))
    whole = f"{cut}: {json.dumps(text, ensure_ascii=False)}"
    return (Fix(QUOTE(), (Edit(span, whole),)),)


_COUNTED = {"maxLength": TOO_LONG, "minItems": TOO_FEW, "maxItems": TOO_MANY}



def _unknown_keys(value: dict[str, Any], schema: dict[str, Any], root: YMap,
                  path: tuple[str | int, ...]) -> Iterator[_Finding]:
    allowed = list(schema.get("properties", {}))
    patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
    owner = element(root, path) if path else None
    noun = element_kind(path) if path else "file"
    keys = list(value)
    pieces: list[str] = []  # the rest of a text a comma cut, once said (see _cut_by_comma)
    for position, key in enumerate(keys):
        if key in allowed or any(p.search(key) for p in patterns) or key in pieces:
            continue
        name = Name(shown(key))
        bare = key.lstrip(ODD_SPACES)  # (spaces that are no spaces to YAML)
        if bare != key and bare:
            odd = key[0]
            code = code_point(odd)
            yield _Finding(ODD_INDENT(key=Name(bare), code=code), ODD_INDENT_HINT(), path,
                           key=key)
            continue
        cut = _cut_by_comma(value, keys, position, allowed)
        if cut is not None:
            pieces = _cut_pieces(value, keys, position)
            text = ", ".join(shown(part) for part in (value[cut], *pieces)).replace("\n", " ")
            quoted = text.replace("\\", "\\\\").replace('"', '\\"')
            whole = f'{cut}: "{quoted}"'
            yield _Finding(CUT_BY_COMMA(key=name, field=Name(cut)), QUOTE_THE_TEXT(fix=whole),
                           path, key=key, fixes=_quote_fix(value, cut, pieces))
            continue
        if not allowed and patterns:
            field = field_name(path)
            yield _Finding(NOT_A_CODE(key=name, field=Name(field)),
                           WAIVE_BY_CODE() if field == "waive" else WRITE_A_CODE(),
                           path, key=key)
            continue
        hint: Said | None = did_you_mean_text(key, allowed)
        word = _native("sheet.column.").get(folded_name(key)) if hint is None else None
        if word in allowed:
            hint = TRANSLATED_KEY(option=Name(f"{word}:"), key=Name(key))
        if hint is None and allowed:
            hint = KEYS.get(noun, KEYS["entry"])(keys=listed_ids(allowed, 30))
        if owner is not None:
            message = NOT_A_KEY(key=name, element=owner)
        else:
            message = NOT_A_KEY_HERE(key=name) if path else NOT_A_KEY_OF_FILE(key=name)
        yield _Finding(message, hint, path, key=key)


@cache
def _native(prefix: str) -> dict[str, str]:
    """native_words, by the names folded as people mean them (case, accents, spacing)."""
    return {folded_name(text): word for text, word in native_words(prefix).items()}


def _cut_by_comma(value: dict[str, Any], keys: list[str], position: int,
                  allowed: list[str]) -> str | None:
    """The text field whose prose a comma cut, when an unknown key is the rest of it: in
    ``{actor: x, action: Checks, that the address is right}`` YAML reads "that the address is
    right" as a key with no value. Such a key is prose, not a mistyped key: it holds a space
    or a letter outside ASCII (Chinese prose has no spaces: ``解答兼容性, 发送优惠券``; every
    key of the language is ASCII), and it follows a known key whose value is text."""
    key = keys[position]
    if value[key] is not None or position == 0 or \
            (" " not in key.strip() and key.isascii()):
        return None
    before = keys[position - 1]
    if before in allowed and isinstance(value[before], str):
        return before
    return None


def _cut_pieces(value: dict[str, Any], keys: list[str], position: int) -> list[str]:
    """The stray key at ``position`` and those right after it that have no value either: the
    pieces of one text that several commas cut (``Checks, signs, hands over the card``)."""
    pieces = [keys[position]]
    for key in keys[position + 1:]:
        if value[key] is not None:
            break
        pieces.append(key)
    return pieces


def _missing(error: ValidationError, value: dict[str, Any], root: YMap,
             path: tuple[str | int, ...]) -> Iterator[_Finding]:
    noun = element_kind(path)
    for name in list(error.validator_value):  # type: ignore[arg-type]
        if name in value:
            continue
        if name == "id":
            step = _step_without_id(root, path)
            if step is not None:
                yield _Finding(NO_STEP_ID(position=step[1], journey=Name(step[0])),
                               STEP_ID_HINT(example=step[2]), path)
                continue
            said, hint = NO_ID.get(noun, NO_ID["entry"])
            yield _Finding(said(), hint(), path)
            continue
        owner = value_place(path, root) if path and isinstance(path[-1], str) \
            else describe(root, path, start=True)
        yield _Finding(MISSING(owner=owner, key=Name(name)), ADD(key=Name(f"{name}:")), path)


def _step_without_id(root: YMap, path: tuple[str | int, ...]) -> tuple[str, int, str] | None:
    """For a step with no id: its journey's id, its position (from 1) and an id made from
    its name to suggest ('call-the-hotline'), or 'step-N'."""
    if len(path) != 4 or path[0] != "journeys" or path[2] != "steps" \
            or not isinstance(path[1], int) or not isinstance(path[3], int):
        return None
    try:
        journey = root["journeys"][path[1]]
        step = journey["steps"][path[3]]
    except (KeyError, IndexError, TypeError):
        return None
    ident = journey.get("id") if isinstance(journey, dict) else None
    if not isinstance(ident, str):
        return None
    name = step.get("name") if isinstance(step, dict) else None
    example = slug(name)[:40].strip("-") if isinstance(name, str) else ""
    return shown(ident), path[3] + 1, shown(example or f"step-{path[3] + 1}")


def _pattern(value: str, what: Text, path: tuple[str | int, ...]) -> _Finding:
    field = field_name(path)
    invisible = first_invisible(value)
    if field == "id" and invisible is not None:
        return _Finding(ID_INVISIBLE(id=Name(shown(value)), character=invisible),
                        ID_INVISIBLE_HINT(), path)
    templates = PATTERNS.get(field)
    if templates is not None:
        said, hint = templates
        return _Finding(said(value=Name(shown(value))), hint(), path)
    return _Finding(NOT_THE_FORM(what=what, value=Name(shown(value))), None, path)


def _key_names(error: ValidationError, path: tuple[str | int, ...]) -> Iterator[_Finding]:
    field = field_name(path)
    for sub in error.context or []:
        name = Name(shown(str(sub.instance)))
        if field == "waive":
            yield _Finding(NOT_A_CODE(key=name, field=Name(field)), WAIVE_BY_CODE(), path,
                           key=str(sub.instance))
        elif field == "severity":
            yield _Finding(NOT_A_CODE(key=name, field=Name(field)), WRITE_A_CODE(), path,
                           key=str(sub.instance))
        else:
            yield _Finding(NOT_ALLOWED_HERE(key=name), None, path, key=str(sub.instance))


def _alternatives(error: ValidationError, root: YMap, path: tuple[str | int, ...]
                  ) -> Iterator[_Finding]:
    """Explain an anyOf/oneOf failure by the branch the user evidently meant: the one whose
    type matches what was written."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or []:
        branches.setdefault(sub.schema_path[0] if sub.schema_path else 0, []).append(sub)  # type: ignore[arg-type]
    viable = {
        index: errors for index, errors in branches.items()
        if not any(e.validator == "type" and not e.relative_path for e in errors)
    }
    if len(viable) == 1:
        (errors,) = viable.values()
        for sub in errors:
            yield from _translate(sub, root, (*path, *sub.relative_path))
        return
    if viable and all(
        e.validator == "required" and not e.relative_path for errs in viable.values() for e in errs
    ):
        names = sorted({n for errs in viable.values() for e in errs
                        for n in e.validator_value  # type: ignore[union-attr]
                        if isinstance(e.instance, dict) and n not in e.instance})
        yield _Finding(NEEDS_ONE_OF(element=describe(root, path, start=True),
                                    keys=", ".join(names)),
                       ADD_ONE_OF(keys=either(names)), path)
        return
    expected: list[Param] = []
    for sub in error.context or []:
        if sub.validator == "type" and not sub.relative_path:
            expected.append(expected_words(sub.validator_value))
    if not viable and expected:
        yield _Finding(TYPE(what=value_place(path, root), expected=either_items(expected),
                            actual=value_words(error.instance)), None, path)
        return
    best = min((e for errs in viable.values() for e in errs), key=lambda e: len(e.relative_path),
               default=None)
    if best is not None:
        yield from _translate(best, root, (*path, *best.relative_path))
    else:
        yield _Finding(OTHER(what=value_place(path, root), detail=error.message), None, path)
