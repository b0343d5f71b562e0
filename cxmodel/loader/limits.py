"""Bounds on input size that keep cxmodel fast and safe on hostile files."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Each limit can be raised in ``.cxmodel.yaml`` under ``limits:`` (same names)."""

    max_file_bytes: int = 16 * MIB
    max_workspace_bytes: int = 512 * MIB
    max_depth: int = 64
    max_alias_nodes: int = 100_000

    def how_to_raise(self, name: str) -> str:
        return (
            f"If the file is genuine, raise the limit in .cxmodel.yaml: "
            f"limits: {{{name}: {getattr(self, name) * 4}}}"
        )
