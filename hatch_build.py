"""The wheel's build hook: compiles each language's translation catalogues (the .po files
under cxmodel/messages/catalogues/) into one cxmodel/messages/compiled/<language>.mo in the
wheel, so the installed package reads a compiled catalogue and needs no compiling at run
time (docs/languages.md). An editable install compiles in memory instead."""

from __future__ import annotations

import importlib.util
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogues(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        root = Path(self.root)
        # The compiler is cxmodel's own (catalogues.py), loaded by path: the package and its
        # dependencies other than Babel are not installed while it is built.
        spec = importlib.util.spec_from_file_location(
            "_cxmodel_catalogues", root / "cxmodel" / "messages" / "catalogues.py")
        assert spec is not None and spec.loader is not None
        catalogues = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(catalogues)
        out = Path(tempfile.mkdtemp(prefix="cxmodel-mo-"))
        for folder in sorted((root / "cxmodel" / "messages" / "catalogues").iterdir()):
            if folder.is_dir():
                compiled = out / f"{folder.name}.mo"
                compiled.write_bytes(catalogues.compile_language(folder))
                build_data["force_include"][str(compiled)] = (
                    f"cxmodel/messages/compiled/{folder.name}.mo")
