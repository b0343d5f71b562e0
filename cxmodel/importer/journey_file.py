"""Writing imported journeys as a cxmodel YAML file: the schema modeline, the language
version, then the journeys, emitted by libyaml's safe emitter so that every text (quotes,
colons, line breaks, any alphabet) reads back exactly as it was in the sheet."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

import yaml

from cxmodel.messages.render import render
from cxmodel.messages.text import message

# The file's opening comments, in the active language.
IMPORTED = message("import.file.imported", "Imported from {sheet} with 'cxmodel import csv'.")
CHANNELS = message("import.file.channels",
                   "Channels it uses (define them in the workspace): {ids}")
DEPARTMENTS = message("import.file.departments",
                      "Departments it names (define them in the workspace): {ids}")
_LIBYAML_ESCAPES = re.compile("[\U00010000-\U0010FFFF\x85]")


def _escaped_by_libyaml(text: str) -> bool:
    return _LIBYAML_ESCAPES.search(text) is not None


def _texts(value: Any) -> Iterator[str]:
    """Every string in nested dicts and lists, keys included."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)
    elif isinstance(value, list):
        yield from (text for item in value for text in _texts(item))


def journey_file_text(journeys: Sequence[dict[str, Any]], source: str, schema_ref: str,
                      channels: Sequence[str], departments: Sequence[str]) -> str:
    data = {"cxmodel": 1, "journeys": list(journeys)}
    # libyaml's emitter (PyYAML's own is pure Python, far slower) unless some text holds a
    # character libyaml would write as an escape although people edit the file: an emoji
    # or another character past U+FFFF ("\U0001F600"), or a next-line character.
    dumper = yaml.SafeDumper if any(map(_escaped_by_libyaml, _texts(data))) \
        else yaml.CSafeDumper
    body = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100, indent=2)
    header = [f"# yaml-language-server: $schema={schema_ref}",
              "# " + render(IMPORTED(sheet=" ".join(source.split())))]
    if channels:
        header.append("# " + render(CHANNELS(ids=", ".join(channels))))
    if departments:
        header.append("# " + render(DEPARTMENTS(ids=", ".join(departments))))
    return "\n".join(header) + "\n" + body
