"""The JSON Schemas in specs/: valid draft-07, every property explained for editors."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft7Validator

from cxmodel import resources


def _walk(schema: Any, root: dict[str, Any], path: str) -> list[str]:
    missing: list[str] = []
    if isinstance(schema, dict):
        for name, sub in schema.get("properties", {}).items():
            target = sub
            if "$ref" in sub and "description" not in sub:
                target = root["definitions"][sub["$ref"].split("/")[-1]]
            if "description" not in target:
                missing.append(f"{path}/{name}")
        for key, value in schema.items():
            missing.extend(_walk(value, root, f"{path}/{key}"))
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            missing.extend(_walk(item, root, f"{path}/{index}"))
    return missing


@pytest.mark.parametrize("name", [resources.LANGUAGE_SCHEMA, resources.CONFIG_SCHEMA])
def test_schema_is_draft7_with_descriptions(name: str) -> None:
    schema = resources.schema(name)
    Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert _walk(schema, schema, "#") == []


def test_no_remote_references() -> None:
    text = resources.read_text("specs", resources.LANGUAGE_SCHEMA)
    assert '"$ref": "http' not in text


def test_enums_are_the_language() -> None:
    schema = resources.schema(resources.LANGUAGE_SCHEMA)
    kinds = schema["definitions"]["channelKind"]["enum"]
    assert kinds == ["in-person", "voice", "chat", "email", "sms", "push", "web", "app",
                     "social", "community", "self-service", "mail"]
    methods = schema["definitions"]["listeningMethod"]["enum"]
    assert "speech-analytics" in methods and "social-listening" in methods


def _integers(schema: Any, path: str = "#") -> list[str]:
    """Where a schema types a value as integer (JSON pointers into the schema)."""
    found: list[str] = []
    if isinstance(schema, dict):
        declared = schema.get("type")
        if declared == "integer" or (isinstance(declared, list) and "integer" in declared):
            found.append(path)
        for key, value in schema.items():
            found.extend(_integers(value, f"{path}/{key}"))
    elif isinstance(schema, list):
        for index, item in enumerate(schema):
            found.extend(_integers(item, f"{path}/{index}"))
    return found


def test_every_integer_field_is_built_as_an_int(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # JSON Schema (draft-07) counts 1.0 and 1e2 as integers, so they pass the check; what
    # is built from an integer field must still be an int (the loader reads them so where the
    # schema expects an integer: loader/parse.py, as_expected). A new integer field belongs
    # in this list.
    import cxmodel
    from cxmodel.analyze.registry import all_codes
    from cxmodel.config import load_config

    language = resources.schema(resources.LANGUAGE_SCHEMA)
    assert _integers(language) == ["#/properties/cxmodel",
                                   "#/definitions/step/properties/emotion",
                                   "#/definitions/result/properties/responses"]
    config_schema = resources.schema(resources.CONFIG_SCHEMA)
    limits = list(config_schema["properties"]["limits"]["properties"])
    assert _integers(config_schema) == [
        "#/properties/cxmodel", "#/properties/options/properties/max_handoffs",
        "#/properties/options/properties/min_responses",
        "#/properties/options/properties/shelf_periods",
        "#/properties/options/properties/max_finding_age",
        *(f"#/properties/limits/properties/{name}" for name in limits)]
    # `cxmodel:` (the language version) is checked, not built into anything.
    model = tmp_path / "a.yaml"
    model.write_text("cxmodel: 1.0\njourneys: [{id: j, steps: [{id: s, emotion: -2.0}]}]\n"
                     "metrics: [{id: m}]\nresults: [{metric: m, period: '2026', value: 1, "
                     "responses: 3e1, journey: j}]\n", encoding="utf-8")
    workspace = cxmodel.load(model).workspace
    assert workspace is not None
    emotion = workspace.journeys[0].steps[0].emotion
    assert (emotion, type(emotion)) == (-2, int)
    responses = workspace.results[0].responses
    assert (responses, type(responses)) == (30, int)
    # Values under every default, so that CXMODEL_STRICT_LIMITS cannot change them.
    settings = ", ".join(f"{name}: {index + 10}.0" for index, name in enumerate(limits))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / ".cxmodel.yaml").write_text(
        f"cxmodel: 1.0\noptions: {{max_handoffs: 5.0}}\nlimits: {{{settings}}}\n",
        encoding="utf-8")
    config = load_config(tmp_path / "cfg", all_codes())
    assert (config.max_handoffs, type(config.max_handoffs)) == (5, int)
    for index, name in enumerate(limits):
        value = getattr(config.limits, name)
        assert (name, value, type(value)) == (name, index + 10, int)


def test_the_id_pattern_refuses_exactly_the_invisible_characters() -> None:
    # Editors check ids with the schema's pattern, cxmodel names the character with
    # cxmodel.text.INVISIBLE: both must hold the same set (besides white
    # space, '/' and '#').
    import re

    from cxmodel.text import INVISIBLE

    pattern = resources.schema(resources.LANGUAGE_SCHEMA)["definitions"]["id"]["pattern"]
    assert pattern.startswith("^[^") and pattern.endswith("]+(?![\\s\\S])")
    allowed = re.compile(pattern[1:-len("+(?![\\s\\S])")])
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    refused = set(allowed.sub("", every))
    assert refused == set(INVISIBLE.findall(every)) | set(re.findall(r"\s", every)) | {"/", "#"}
    # Every default-ignorable code point (Unicode's DerivedCoreProperties), and the blanks.
    ignorable = [(0xAD, 0xAD), (0x34F, 0x34F), (0x61C, 0x61C), (0x115F, 0x1160),
                 (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
                 (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
                 (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
                 (0xE0000, 0xE0FFF), (0x2800, 0x2800), (0x13430, 0x1343F), (0x16FE4, 0x16FE4),
                 (0x1D159, 0x1D159)]
    for low, high in ignorable:
        assert all(chr(c) in refused for c in range(low, high + 1)), hex(low)
