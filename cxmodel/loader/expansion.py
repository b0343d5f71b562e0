"""What expanding a file's aliases adds, and the bound on it across the whole workspace.

An alias stands for a copy of the value it names. Checking never copies (the alias and its
anchor share one value), but every output does: a small file can make an output thousands
of times its size, and many files each just under the per-file bound add up. So the values
and the characters that aliases add are also counted over the whole workspace, in file
order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.loader.limits import Limits
from cxmodel.loader.wording import WORKSPACE_ALIAS_CHARACTERS, WORKSPACE_ALIAS_VALUES


@dataclass(frozen=True, slots=True)
class AliasUse:
    """Values and characters of source text that a file's aliases add, and where its first
    alias is (1-based)."""

    values: int = 0
    characters: int = 0
    line: int = 1
    column: int = 1


class _File(Protocol):
    path: str
    aliases: AliasUse
    diagnostics: list[Diagnostic]


def expansion_problems(files: Iterable[_File], limits: Limits) -> list[Diagnostic]:
    """CX006 at the first alias of the file where the aliases of the workspace, counted in
    file order, pass ``max_alias_nodes`` values or ``max_alias_characters`` characters."""
    values = characters = 0
    for file in files:
        use = file.aliases
        if not use.values or file.diagnostics:  # a file with problems stops the load anyway
            continue
        values += use.values
        characters += use.characters
        where = Span.point(file.path, use.line, use.column)
        if values > limits.max_alias_nodes:
            return [loading_diagnostic(
                "CX006", WORKSPACE_ALIAS_VALUES(limit=limits.max_alias_nodes),
                where, hint=limits.how_to_raise("max_alias_nodes"))]
        if characters > limits.max_alias_characters:
            return [loading_diagnostic(
                "CX006", WORKSPACE_ALIAS_CHARACTERS(limit=limits.max_alias_characters),
                where, hint=limits.how_to_raise("max_alias_characters"))]
    return []
