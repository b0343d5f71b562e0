"""Bounds on input size that keep cxmodel fast and safe on hostile files."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace

from cxmodel.messages.text import Template, Text, message

MIB = 1024 * 1024
# Set (to anything but "", "0", "false" or "no") where the workspace is not trusted, such as
# CI on pull requests from forks: a pull request can edit .cxmodel.yaml, and so could lift
# every limit for its own run. With it, the defaults are ceilings the configuration can
# lower but not raise.
STRICT_ENV = "CXMODEL_STRICT_LIMITS"


@dataclass(frozen=True, slots=True)
class Limits:
    """Each limit can be raised in ``.cxmodel.yaml`` under ``limits:`` (same names)."""

    max_file_bytes: int = 16 * MIB
    max_workspace_bytes: int = 512 * MIB
    max_depth: int = 64
    # Values added by expanding aliases: in one file, and in the whole workspace together.
    max_alias_nodes: int = 100_000
    # Characters of text added by expanding aliases in the whole workspace (an alias of a
    # 100 KB string, 6,000 times, would make every output 600 MB).
    max_alias_characters: int = 4_000_000
    # YAML values (scalars, lists and mappings, aliases counted expanded) in one file. Bytes
    # alone do not bound the work: 5 MB of '{a: 1}' items is a million values, each costing
    # the parser microseconds. Even a whole 10,000-step workspace written in one file holds
    # fewer than 220,000; a journey file, a few thousand.
    max_file_values: int = 250_000
    # Loading and validation problems listed per file: a file with 200,000 broken entries
    # should not take minutes to explain itself.
    max_problems: int = 100
    # Steps of a journey drawn as a blueprint or journey map: each step is a column 194
    # points wide, so 1,000 steps already make a drawing 190,000 points wide, and Graphviz
    # needs seconds and hundreds of MB for it. Longer journeys are checked and reported,
    # not drawn.
    max_diagram_steps: int = 1000
    # Boxes and arrows on the channel or ownership map. Graphviz lays these out itself, and
    # its crossing minimisation grows steeply with their number. The map of 380 journeys is
    # about 3,000.
    max_map_elements: int = 3500
    # Findings listed per rule. A model can be made to have millions (hand-offs grow with
    # steps times `next` targets), too many to list or read; past this a rule stops and one
    # CX006 says so.
    max_findings_per_rule: int = 10_000
    # The defaults are ceilings for this run (CXMODEL_STRICT_LIMITS): see configured().
    strict: bool = False

    def how_to_raise(self, name: str) -> Text:
        """The hint of a problem past the limit ``name``: what to do, and the setting that
        raises the limit (or, with CXMODEL_STRICT_LIMITS set, that it cannot be raised)."""
        setting = f"limits: {{{name}: {getattr(self, name) * 4}}}"
        plain, strict = _ADVICE.get(name, _ADVICE[""])
        return (strict if self.strict else plain)(setting=setting)


# What to do past a limit, and the same where CXMODEL_STRICT_LIMITS is set ({setting}: the
# line of .cxmodel.yaml that raises it).
_ADVICE: dict[str, tuple[Template, Template]] = {
    "max_problems": (
        message("CX006.raise.max-problems", "Fix the problems listed first; to list more, set "
                "in .cxmodel.yaml: {setting}"),
        message("CX006.raise.max-problems.strict", "Fix the problems listed first; to list "
                "more, set in .cxmodel.yaml: {setting} (this run has CXMODEL_STRICT_LIMITS set, "
                "which keeps the default limits as ceilings that .cxmodel.yaml cannot raise: "
                "raise it where the workspace is trusted)")),
    "max_findings_per_rule": (
        message("CX006.raise.max-findings", "Fix the findings listed first; to list more, set "
                "in .cxmodel.yaml: {setting}"),
        message("CX006.raise.max-findings.strict", "Fix the findings listed first; to list "
                "more, set in .cxmodel.yaml: {setting} (this run has CXMODEL_STRICT_LIMITS set, "
                "which keeps the default limits as ceilings that .cxmodel.yaml cannot raise: "
                "raise it where the workspace is trusted)")),
    "max_map_elements": (
        message("CX006.raise.max-map-elements",
                "To draw it anyway (slowly), set in .cxmodel.yaml: {setting}"),
        message("CX006.raise.max-map-elements.strict", "To draw it anyway (slowly), set in "
                ".cxmodel.yaml: {setting} (this run has CXMODEL_STRICT_LIMITS set, which keeps "
                "the default limits as ceilings that .cxmodel.yaml cannot raise: raise it where "
                "the workspace is trusted)")),
    "max_diagram_steps": (
        message("CX006.raise.max-diagram-steps", "Split the journey into shorter ones, or to "
                "draw it anyway set in .cxmodel.yaml: {setting}"),
        message("CX006.raise.max-diagram-steps.strict", "Split the journey into shorter ones, "
                "or to draw it anyway set in .cxmodel.yaml: {setting} (this run has "
                "CXMODEL_STRICT_LIMITS set, which keeps the default limits as ceilings that "
                ".cxmodel.yaml cannot raise: raise it where the workspace is trusted)")),
    "": (
        message("CX006.raise", "If the file is genuine, raise the limit in .cxmodel.yaml: "
                "{setting}"),
        message("CX006.raise.strict", "If the file is genuine, raise the limit in "
                ".cxmodel.yaml: {setting} (this run has CXMODEL_STRICT_LIMITS set, which keeps "
                "the default limits as ceilings that .cxmodel.yaml cannot raise: raise it where "
                "the workspace is trusted)")),
}


def strict_limits(environ: Mapping[str, str] | None = None) -> bool:
    """Whether CXMODEL_STRICT_LIMITS is set to something that means yes."""
    value = (os.environ if environ is None else environ).get(STRICT_ENV, "")
    return value.strip().lower() not in ("", "0", "false", "no")


def configured(settings: Mapping[str, int], strict: bool | None = None) -> Limits:
    """The limits with the ``limits:`` settings of .cxmodel.yaml applied. When ``strict``
    (default: CXMODEL_STRICT_LIMITS), a setting may lower a limit but not raise it."""
    strict = strict_limits() if strict is None else strict
    default = Limits()
    names = {f.name for f in fields(Limits)} - {"strict"}
    chosen = {name: min(value, getattr(default, name)) if strict else value
              for name, value in settings.items() if name in names}
    return replace(default, strict=strict, **chosen)
