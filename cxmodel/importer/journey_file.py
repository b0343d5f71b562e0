"""Writing imported journeys as a cxmodel YAML file: the schema modeline, the language
version, what is new to the workspace, then the journeys, emitted by libyaml's safe emitter
so that every text (quotes, colons, line breaks, any alphabet) reads back exactly as it was
in the sheet."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import yaml

from cxmodel.importer.known import KINDS
from cxmodel.messages.render import render
from cxmodel.messages.text import Template, message
from cxmodel.text import formula_safe

# The file's opening comments, in the active language.
IMPORTED = message("import.file.imported", "Imported from {sheet} with 'cxmodel import'.")
# What the file refers to when no workspace was known to link to.
MUST_DEFINE: dict[str, Template] = {
    "departments": message("import.file.departments",
                           "Departments it names (define them in the workspace): {ids}"),
    "channels": message("import.file.channels",
                        "Channels it uses (define them in the workspace): {ids}"),
    "personas": message("import.file.personas",
                        "Personas it names (define them in the workspace): {ids}"),
    "metrics": message("import.file.metrics",
                       "Metrics its targets use (define them in the workspace): {ids}"),
    "problems": message("import.file.problems",
                        "Problems it names (define them in the workspace): {ids}"),
    "offers": message("import.file.offers",
                      "Offers it names (define them in the workspace): {ids}"),
}
NEW = message("import.file.new", "New to the workspace, defined below: complete them "
              "(owners, kinds) where they belong.")
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
                      references: Mapping[str, Sequence[str]] | None = None,
                      created: Mapping[str, Mapping[str, str | None]] | None = None) -> str:
    """The file: ``references`` (kind -> ids) are listed in comments for the workspace to
    define; ``created`` (kind -> id -> name) are defined in the file, before the journeys."""
    data: dict[str, Any] = {"cxmodel": 1}
    for kind in KINDS:
        new = (created or {}).get(kind)
        if new:
            data[kind] = [{"id": ident} if name is None else {"id": ident, "name": name}
                          for ident, name in new.items()]
    data["journeys"] = list(journeys)
    # libyaml's emitter (PyYAML's own is pure Python, far slower) unless some text holds a
    # character libyaml would write as an escape although people edit the file: an emoji
    # or another character past U+FFFF ("\U0001F600"), or a next-line character.
    dumper = yaml.SafeDumper if any(map(_escaped_by_libyaml, _texts(data))) \
        else yaml.CSafeDumper
    body = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False,
                     default_flow_style=False, width=100, indent=2)
    header = [f"# yaml-language-server: $schema={schema_ref}",
              "# " + render(IMPORTED(sheet=" ".join(source.split())))]
    for kind in KINDS:
        ids = (references or {}).get(kind)
        if ids:
            header.append("# " + render(MUST_DEFINE[kind](ids=", ".join(ids))))
    if any((created or {}).values()):
        header.append("# " + render(NEW()))
    return "\n".join(header) + "\n" + body


RESULTS_IMPORTED = message("import.file.results", "Results imported from {sheet} with "
                           "'cxmodel import results'.")


# The columns of a results CSV, in this order, those that some result fills.
RESULTS_CSV_COLUMNS = ("period", "metric", "value", "responses", "channel", "journey", "step",
                       "post", "listening_post")


def results_csv_text(results: Sequence[dict[str, Any]]) -> str:
    """Results as a workspace's results CSV (*.results.csv, docs/language.md): a header,
    then one result a row. An id a spreadsheet would read as a formula (=, +, -, @) gets an
    apostrophe, as the spreadsheets' own escape; cxmodel reads it back without."""
    used = [column for column in RESULTS_CSV_COLUMNS if any(column in r for r in results)]
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(used)
    for result in results:
        writer.writerow([_cell(result.get(column)) for column in used])
    return stream.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float):
        return repr(value)
    return formula_safe(str(value))


def results_file_text(results: Sequence[dict[str, Any]], source: str, schema_ref: str) -> str:
    """A file of results: one entry per line, as people write them by hand."""
    body = yaml.dump({"cxmodel": 1, "results": list(results)}, Dumper=yaml.SafeDumper,
                     allow_unicode=True, sort_keys=False, default_flow_style=None,
                     width=100, indent=2)
    return (f"# yaml-language-server: $schema={schema_ref}\n"
            f"# {render(RESULTS_IMPORTED(sheet=' '.join(source.split())))}\n{body}")
