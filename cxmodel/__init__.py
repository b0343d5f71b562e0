"""cxmodel: customer journeys, service blueprints and listening-post gap reports from YAML."""

from __future__ import annotations

__version__ = "0.1.0"

from cxmodel.api import LoadResult, load
from cxmodel.diagnostics import Diagnostic, Span

__all__ = ["Diagnostic", "LoadResult", "Span", "__version__", "load"]
