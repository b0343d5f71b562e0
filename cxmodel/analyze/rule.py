"""What a rule is: a permanent code, a name, a default severity, a summary, documentation
(its docstring) and a pure function of the model that yields findings."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cxmodel.config import Config
from cxmodel.diagnostics import Severity, Span
from cxmodel.model import Element, Workspace


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: about which element (whose waivers apply), where, and why."""

    subject: Element
    message: str
    span: Span
    hint: str | None = None
    # Identifies the finding independently of line numbers (for baselines and diffs).
    key: str = ""


Check = Callable[[Workspace, Config], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    family: str
    summary: str
    check: Check

    @property
    def documentation(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or self.summary)


FAMILIES = {
    "CX0": "Loading and validation",
    "CX1": "Coverage: is it measured?",
    "CX2": "Consistency: can the numbers be compared?",
    "CX3": "Ownership: who is accountable?",
    "CX4": "Closed loop: does feedback lead anywhere?",
    "CX5": "Targets",
    "CX6": "Seamlessness",
    "CX7": "Hygiene",
}


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Declare a rule; the decorated function's docstring is its user documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, FAMILIES[code[:3]], summary, check)

    return wrap
