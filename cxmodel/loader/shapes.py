"""Shapes: what JSON types the schema accepts at each place, so that the loader can read
a plain YAML scalar as text, number or boolean depending on where it stands."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from cxmodel import resources

ALL_TYPES = frozenset({"string", "integer", "number", "boolean", "null", "object", "array"})


@dataclass(eq=False)
class Shape:
    """The JSON types accepted at one place and the shapes of its children."""

    types: set[str] = field(default_factory=set)
    properties: dict[str, Shape] = field(default_factory=dict)
    additional: Shape | None = None
    items: Shape | None = None
    # Whether a plain scalar here may be read as a number or a boolean (else it is text or
    # null): set once the shapes are built (the loader asks it of every value).
    typed: bool = True

    def child(self, key: str) -> Shape:
        found = self.properties.get(key)
        if found is not None:
            return found
        return self.additional if self.additional is not None else ANY

    def item(self) -> Shape:
        return self.items if self.items is not None else ANY


# Anything goes: used where the schema says nothing (an unknown key, reported later).
ANY = Shape(types=set(ALL_TYPES))


class _Builder:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.done: dict[int, Shape] = {}

    def resolve(self, schema: dict[str, Any]) -> dict[str, Any]:
        seen = 0
        while "$ref" in schema and seen < 50:
            ref = schema["$ref"]
            if not ref.startswith("#/"):
                raise ValueError(f"only local $ref is supported: {ref}")
            node: Any = self.root
            for part in ref[2:].split("/"):
                node = node[part.replace("~1", "/").replace("~0", "~")]
            schema = node
            seen += 1
        return schema

    def shape(self, schema: Any) -> Shape:
        if not isinstance(schema, dict):
            return ANY
        schema = self.resolve(schema)
        key = id(schema)
        if key in self.done:
            return self.done[key]
        result = Shape()
        self.done[key] = result  # before recursing: schemas may be recursive
        self._merge_into(result, schema)
        return result

    def _merge_into(self, result: Shape, schema: dict[str, Any]) -> None:
        schema = self.resolve(schema)
        declared = schema.get("type")
        if isinstance(declared, str):
            result.types.add(declared)
        elif isinstance(declared, list):
            result.types.update(declared)
        if "enum" in schema or "const" in schema:
            values = schema.get("enum", [schema.get("const")])
            for value in values:
                result.types.add(_json_type(value))
        for name, sub in schema.get("properties", {}).items():
            child = self.shape(sub)
            if name in result.properties and result.properties[name] is not child:
                merged = Shape()
                _union(merged, result.properties[name])
                _union(merged, child)
                result.properties[name] = merged
            else:
                result.properties[name] = child
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            result.additional = self.shape(extra)
        for pattern_schema in schema.get("patternProperties", {}).values():
            result.additional = self.shape(pattern_schema)
        items = schema.get("items")
        if isinstance(items, dict):
            result.items = self.shape(items)
        for combinator in ("anyOf", "oneOf", "allOf"):
            for sub in schema.get(combinator, []):
                self._merge_into(result, sub)
        if not result.types and not ({"properties", "items"} & schema.keys()):
            # A schema with no type (only required/anyOf of required) constrains nothing here.
            pass


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"


def _union(target: Shape, source: Shape) -> None:
    target.types.update(source.types)
    for name, child in source.properties.items():
        target.properties.setdefault(name, child)
    target.additional = target.additional or source.additional
    target.items = target.items or source.items


@cache
def root_shape(schema_name: str) -> Shape:
    """The shape of a whole file that follows the named schema in specs/."""
    schema = resources.schema(schema_name)
    builder = _Builder(schema)
    root = builder.shape(schema)
    for shape in builder.done.values():
        _settle(shape)
    return root


def _settle(shape: Shape) -> None:
    """Work out what the loader asks of a finished shape and of the shapes merged into it."""
    seen: set[int] = set()
    todo = [shape]
    while todo:
        found = todo.pop()
        if id(found) in seen:
            continue
        seen.add(id(found))
        found.typed = bool(_TYPED & found.types)
        todo.extend(found.properties.values())
        todo.extend(s for s in (found.additional, found.items) if s is not None)


_TYPED = frozenset({"integer", "number", "boolean"})
