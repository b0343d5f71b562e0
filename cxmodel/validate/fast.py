"""The compiled structural check: fastjsonschema turns the schema into Python code (far
faster than jsonschema on valid data). Generating and compiling that code is too slow to
repeat on every run, so the compiled code object is cached in the user's cache folder,
keyed by the schema, the fastjsonschema version and the Python version."""

from __future__ import annotations

import copy
import hashlib
import json
import marshal
import sys
from collections.abc import Callable
from functools import cache
from typing import Any

import fastjsonschema

from cxmodel import resources
from cxmodel.code_cache import cache_dir, store, trusted

LAZY_PATHS = ".format(**locals())"
# Changes whenever the generated code is edited differently (the cached code is keyed on it).
POSTPROCESSING = "1: paths left unformatted"


def _no_remote(uri: str) -> Any:
    raise ValueError(f"cxmodel never fetches schemas: {uri}")


@cache
def fast_check(schema_name: str) -> Callable[[Any], Any]:
    """A validator that raises fastjsonschema.JsonSchemaException at the first error."""
    schema = resources.schema(schema_name)
    key = hashlib.sha256(json.dumps(schema, sort_keys=True).encode("utf-8"))
    key.update(f"{fastjsonschema.VERSION}|{sys.version}|{POSTPROCESSING}".encode())
    folder = cache_dir()
    cached = folder / f"validator-{key.hexdigest()[:24]}.marshal" if folder else None
    code = None
    if cached is not None and trusted(cached):
        try:
            code = marshal.loads(cached.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            code = None
    if code is None:
        # A copy: fastjsonschema rewrites every "$ref" in place to an absolute URL, which
        # would leak into anything else that reads the shared schema (an editor given those
        # refs would fetch them from the network).
        source = fastjsonschema.compile_to_code(
            copy.deepcopy(schema), handlers={"http": _no_remote, "https": _no_remote},
            use_default=False, use_formats=False)
        # The generated code formats the path of every list item it hands to a definition
        # ('data.next[{data__next_x}]'.format(**locals())), error or not: a locals() call
        # for every reference of the model. Only whether the check passes is used
        # (the errors come from jsonschema), so the paths stay unformatted.
        source = source.replace(LAZY_PATHS, "")
        code = compile(source, f"<cxmodel {schema_name} validator>", "exec")
        if cached is not None:
            store(cached, marshal.dumps(code))
    namespace: dict[str, Any] = {}
    exec(code, namespace)  # our own generated code (from our schema), never user input
    name = "validate_" + _function_suffix(schema)
    validate: Callable[[Any], Any] = namespace[name]
    return validate


def _function_suffix(schema: dict[str, Any]) -> str:
    """fastjsonschema names the entry function after the schema's $id."""
    import re

    return re.sub(r"[^a-zA-Z0-9_]", "_", schema.get("$id", ""))
