"""Checking each file against the JSON Schema in specs/ and saying what is wrong in words a
CX manager reads, at the offending node (or the mapping that lacks a required key)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

import fastjsonschema

from cxmodel import resources
from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YList, YMap, locate, node_at, pos_column, pos_line
from cxmodel.loader.parse import too_many_problems
from cxmodel.suggest import did_you_mean, quoted_list
from cxmodel.text import first_invisible, shown
from cxmodel.validate.fast import fast_check
from cxmodel.validate.sections import describe, element_kind

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
    message: str
    hint: str | None
    path: tuple[str | int, ...]
    key: str | None = None  # point at this key of the mapping at ``path``, not at a value


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
    seen: set[tuple[str, int, int]] = set()
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
        diagnostics.append(loading_diagnostic("CX003", finding.message, span, finding.hint))
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


def _field(path: Sequence[str | int]) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def _what(path: Sequence[str | int], root: YMap) -> str:
    """"'channel' of step 'pay' of journey 'x'" for a value at ``path``."""
    if not path:
        return "the file"
    last = path[-1]
    if isinstance(last, int):
        return f"entry {last + 1} of '{_field(path[:-1])}' in {describe(root, path[:-1])}"
    return f"'{last}' of {describe(root, path[:-1])}"


_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping (key: value lines)",
    "array": "a list",
    "null": "empty",
}


def _type_words(expected: Any) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    words = [_TYPE_WORDS.get(name, name) for name in names]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def value_words(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the truth value {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return f"the text '{shown(text)}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


_TYPE_HINTS = {
    "boolean": "Write true or false (YAML 1.2: yes, no, on and off are text).",
    "array": "Write a list: [a, b] or one '- item' per line.",
}

_CODE_KEY_HINTS = {
    "waive": "Waive a rule by its code, e.g. waive: {CX101: \"measured by the carrier's "
             "survey\"}.",
}

_PATTERN_TEXT = {
    "id": ("The id '{v}' contains white space, '/' or '#', which ids may not.",
           "Use letters (any language), digits and dashes, e.g. 'web-chat'."),
    "touchpoints": ("'{v}' is not a touchpoint reference.",
                    "Write a touchpoint as journey-id/step-id, e.g. online-order/pay."),
    "within": ("'{v}' is not a duration.",
               "Write a duration like 30m, 4h, 2d or 1w, or in ISO 8601 (PT30M, P2D)."),
    "max_inner_loop": ("'{v}' is not a duration.",
                       "Write a duration like 30m, 4h, 2d or 1w, or in ISO 8601 (PT30M, P2D)."),
    "select": ("'{v}' is not a rule code or code prefix.", "Write codes like CX1, CX20 or CX201."),
    "ignore": ("'{v}' is not a rule code or code prefix.", "Write codes like CX1, CX20 or CX201."),
}


def _translate(error: ValidationError, root: YMap, path: tuple[str | int, ...]
               ) -> Iterator[_Finding]:
    kind = error.validator
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(value, dict):
        allowed = list(schema.get("properties", {}))
        patterns = [re.compile(p) for p in schema.get("patternProperties", {})]
        where = describe(root, path) if path else "a cxmodel file"
        noun = element_kind(path) if path else "file"
        for key in value:
            if key in allowed or any(p.search(key) for p in patterns):
                continue
            if not allowed and patterns:
                field = _field(path)
                yield _Finding(f"'{shown(key)}' in '{field}' is not a rule code.",
                               _CODE_KEY_HINTS.get(field, "Write a rule code such as CX101."),
                               path, key=key)
                continue
            suggestion = did_you_mean(key, allowed)
            if suggestion:
                hint = suggestion[0].upper() + suggestion[1:]
            elif allowed:
                hint = f"The keys a {noun} can have: {quoted_list(allowed, 30)}."
            else:
                hint = None
            yield _Finding(f"'{shown(key)}' is not a key of {where}.", hint, path, key=key)
        return
    if kind == "required" and isinstance(value, dict):
        noun = element_kind(path)
        for name in list(error.validator_value):  # type: ignore[arg-type]
            if name in value:
                continue
            if name == "id":
                message = f"This {noun} has no id."
                hint = f"Every {noun} needs an id that other parts of the model can refer to, " \
                       "e.g. 'id: web-chat'."
            else:
                owner = _what(path, root) if path and isinstance(path[-1], str) \
                    else describe(root, path)
                message = _cap(f"{owner} has no '{name}'.")
                hint = f"Add '{name}:'."
            yield _Finding(message, hint, path)
        return
    if kind == "type":
        expected = error.validator_value
        message = f"{_what(path, root)} should be {_type_words(expected)}, " \
                  f"but it is {value_words(value)}."
        first = expected if isinstance(expected, str) else None
        hint = _TYPE_HINTS.get(first or "")
        if value is None:
            hint = "Give it a value, or remove the key."
        yield _Finding(_cap(message), hint, path)
        return
    if kind == "enum":
        options = [str(o) for o in error.validator_value]  # type: ignore[union-attr]
        message = f"{_what(path, root)} is {value_words(value)}, which is not one of: " \
                  f"{', '.join(options)}."
        suggestion = did_you_mean(str(value), options) if isinstance(value, str) else None
        hint = suggestion[0].upper() + suggestion[1:] if suggestion else None
        yield _Finding(_cap(message), hint, path)
        return
    if kind == "pattern" and isinstance(value, str):
        field = _field(path)
        invisible = first_invisible(value)
        if field == "id" and invisible is not None:
            yield _Finding(f"The id '{shown(value)}' contains an invisible, control or "
                           f"text-direction character ({invisible}), which ids may not: it "
                           "makes the id look different from what it is.",
                           "Retype the id; such characters usually come from copying text out "
                           "of another program.", path)
            return
        template = _PATTERN_TEXT.get(field)
        if template is not None:
            yield _Finding(template[0].format(v=shown(value)), template[1], path)
        else:
            yield _Finding(_cap(f"{_what(path, root)} ('{shown(value)}') does not have the "
                                "expected form."), None, path)
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = error.validator_value
        words = {"minimum": "at least", "maximum": "at most",
                 "exclusiveMinimum": "more than", "exclusiveMaximum": "less than"}[kind]
        yield _Finding(_cap(f"{_what(path, root)} must be {words} {bound}, but it is {value}."),
                       None, path)
        return
    if kind == "minLength":
        yield _Finding(_cap(f"{_what(path, root)} is empty."), "Give it a value, or remove "
                       "the key.", path)
        return
    if kind == "propertyNames":
        for sub in error.context or []:
            name = sub.instance
            field = _field(path)
            if field == "waive":
                message = f"'{shown(str(name))}' in 'waive' is not a rule code."
                hint = "Waive a rule by its code, e.g. waive: {CX101: \"measured by the " \
                       "carrier's survey\"}."
            elif field == "severity":
                message = f"'{shown(str(name))}' in 'severity' is not a rule code."
                hint = "Write a rule code such as CX101."
            else:
                message = f"'{shown(str(name))}' is not an allowed key here."
                hint = None
            yield _Finding(message, hint, path, key=str(name))
        return
    if kind in ("anyOf", "oneOf"):
        yield from _alternatives(error, root, path)
        return
    yield _Finding(_cap(f"{_what(path, root)}: {error.message}."), None, path)


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
        yield _Finding(_cap(f"{describe(root, path)} needs at least one of: "
                            f"{', '.join(names)}."), f"Add {' or '.join(names)}.", path)
        return
    expected = []
    for sub in error.context or []:
        if sub.validator == "type" and not sub.relative_path:
            expected.append(_type_words(sub.validator_value))
    if not viable and expected:
        unique = list(dict.fromkeys(expected))
        words = unique[0] if len(unique) == 1 else ", ".join(unique[:-1]) + " or " + unique[-1]
        yield _Finding(_cap(f"{_what(path, root)} should be {words}, but it is "
                            f"{value_words(error.instance)}."), None, path)
        return
    best = min((e for errs in viable.values() for e in errs), key=lambda e: len(e.relative_path),
               default=None)
    if best is not None:
        yield from _translate(best, root, (*path, *best.relative_path))
    else:
        yield _Finding(_cap(f"{_what(path, root)}: {error.message}."), None, path)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
