"""cxmodel: customer journeys, service blueprints and listening-post gap reports from YAML."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from cxmodel.api import CheckResult, LoadResult, check, load
    from cxmodel.diagnostics import Diagnostic, Span

__all__ = ["CheckResult", "Diagnostic", "LoadResult", "Span", "__version__", "check", "load"]

_LAZY = {
    "load": "cxmodel.api",
    "check": "cxmodel.api",
    "CheckResult": "cxmodel.api",
    "LoadResult": "cxmodel.api",
    "Diagnostic": "cxmodel.diagnostics",
    "Span": "cxmodel.diagnostics",
}


def __getattr__(name: str) -> Any:
    # The public API is imported on first use, so `cxmodel --help` starts fast.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxmodel' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)
