"""The application layer: each job cxmodel does, as a function that takes paths and
options and returns data and diagnostics, printing nothing. The command line parses its
arguments, calls one of these and prints; the Python API and the language server call them
the same way.

- ``open_workspace``: load, validate and analyse a workspace with its configuration;
- ``check``: the same, with the findings set against a baseline (``cxmodel check``);
- ``report``: the gap report in a format;
- ``render_view`` / ``render_all``: diagrams;
- ``build_site``: the docs site; ``start_preview``: the live preview (``cxmodel serve``);
- ``diff_workspaces`` / ``diff_revision``: what a change did to the gaps;
- ``load_model``, ``export_json`` / ``export_mermaid``: the model for other tools;
- ``import_sheet``: a workshop sheet as a journey file.

They raise ``CannotRun`` (``BrokenConfiguration`` for a broken .cxmodel.yaml) when the job
cannot be done at all; problems inside the model are diagnostics in what they return."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cxmodel.app.checking import Checked, check
    from cxmodel.app.diff import diff_revision, diff_workspaces
    from cxmodel.app.errors import BrokenConfiguration, CannotRun
    from cxmodel.app.export import export_json, export_mermaid, load_model
    from cxmodel.app.gap_report import report
    from cxmodel.app.importing import import_sheet
    from cxmodel.app.preview import Preview, start_preview
    from cxmodel.app.render import render_all, render_view
    from cxmodel.app.site import build_site
    from cxmodel.app.workspace import RunOptions, open_workspace

__all__ = ["BrokenConfiguration", "CannotRun", "Checked", "Preview", "RunOptions", "build_site",
           "check", "diff_revision", "diff_workspaces", "export_json", "export_mermaid",
           "import_sheet", "load_model", "open_workspace", "render_all", "render_view",
           "report", "start_preview"]

_LAZY = {
    "BrokenConfiguration": "errors", "CannotRun": "errors", "RunOptions": "workspace",
    "open_workspace": "workspace", "diff_revision": "diff", "diff_workspaces": "diff",
    "export_json": "export", "export_mermaid": "export", "load_model": "export",
    "report": "gap_report", "render_view": "render", "render_all": "render",
    "check": "checking", "Checked": "checking", "start_preview": "preview", "Preview": "preview",
    "build_site": "site", "import_sheet": "importing",
}


def __getattr__(name: str) -> Any:
    # Imported on first use: the command line imports cxmodel.app.errors when it builds its
    # parser, and must not load the whole pipeline for `cxmodel --help`.
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cxmodel.app' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f"cxmodel.app.{module}"), name)
