"""Access to the files that ship with cxmodel: JSON Schemas in specs/, templates in templates/."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

# In a wheel, specs/ and templates/ are inside the package (see pyproject.toml);
# in a source checkout (editable install, tests) they sit beside it.
_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def resource_dir(name: str) -> Traversable:
    """The shipped folder ``specs`` or ``templates``."""
    packaged = resources.files("cxmodel").joinpath(name)
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name


def read_text(folder: str, *parts: str) -> str:
    node = resource_dir(folder)
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    """A JSON Schema from specs/, parsed once per process."""
    data: dict[str, Any] = json.loads(read_text("specs", name))
    return data


LANGUAGE_SCHEMA = "cxmodel.schema.json"
CONFIG_SCHEMA = "config.schema.json"
