"""``cxmodel diff --format json``: the diff data as it is (documented in docs/ci.md)."""

from __future__ import annotations

import json
from typing import Any


def render(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
