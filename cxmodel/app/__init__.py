"""The application layer: each job cxmodel does, as a function that takes paths and
options and returns data and diagnostics, printing nothing. The command line parses its
arguments, calls one of these and prints; the Python API and the language server call them
the same way.

- ``open_workspace``: load, validate and analyse a workspace with its configuration
  (``cxmodel check``);
- ``report``: the gap report in a format;
- ``render_view`` / ``render_all``: diagrams;
- ``diff_workspaces`` / ``diff_revision``: what a change did to the gaps;
- ``export_json`` / ``export_mermaid``: the model for other tools.

They raise ``CannotRun`` (``BrokenConfiguration`` for a broken .cxmodel.yaml) when the job
cannot be done at all; problems inside the model are diagnostics in what they return."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxmodel.app.diff import diff_revision, diff_workspaces
    from cxmodel.app.errors import BrokenConfiguration, CannotRun
    from cxmodel.app.export import export_json, export_mermaid, load_model
    from cxmodel.app.report import report
    from cxmodel.app.workspace import RunOptions, open_workspace

__all__ = ["BrokenConfiguration", "CannotRun", "RunOptions", "diff_revision",
           "diff_workspaces", "export_json", "export_mermaid", "load_model",
           "open_workspace", "report"]

_LAZY = {
    "BrokenConfiguration": "errors", "CannotRun": "errors", "RunOptions": "workspace",
    "open_workspace": "workspace", "diff_revision": "diff", "diff_workspaces": "diff",
    "export_json": "export", "export_mermaid": "export", "load_model": "export",
    "report": "report",
}


def __getattr__(name: str) -> Any:
    # Imported on first use: the command line imports cxmodel.app.errors when it builds its
    # parser, and must not load the whole pipeline for `cxmodel --help`.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxmodel.app' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"cxmodel.app.{module}"), name)
