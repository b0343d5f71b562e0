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
