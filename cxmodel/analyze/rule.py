"""What a rule is: a permanent code, a name, a default severity, a summary, documentation
(its docstring) and a pure function of the model that yields findings."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from cxmodel.config import Config
from cxmodel.diagnostics import Fix, Said, Severity, Span
from cxmodel.messages.render import fixed
from cxmodel.model import Element, Workspace


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: about which element (whose waivers apply), where, and why."""

    subject: Element
    message: Said
    span: Span
    hint: Said | None = None
    # Identifies the finding independently of line numbers (for baselines and diffs).
    key: str = ""
    # The reason of a decision made elsewhere that covers this finding too, if the subject
    # does not waive the rule itself: a hand-off into a touchpoint left unmeasured on purpose
    # (a waived CX101) is unmeasured on purpose too, and so is a channel whose every
    # touchpoint is.
    waived_for: str | None = None
    fixes: tuple[Fix, ...] = ()  # where the fix is obvious (see Diagnostic)


Check = Callable[[Workspace, Config], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class RulesRun:
    """What the other rules found, for a rule that runs after them (a post-pass rule)."""

    fired: frozenset[tuple[int, str]]  # (id of the element, code) of every finding
    cut: frozenset[str]  # rules stopped at max_findings_per_rule
    rule_names: Mapping[str, str]  # every rule's code and name
    keys: frozenset[str] = frozenset()  # every finding's key (its fingerprint), waived or not
    # The findings counted at error level (as configured), not waived, by key.
    errors: Mapping[str, Finding] = field(default_factory=dict)


PostPass = Callable[[Workspace, Config, RulesRun], Iterator[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    name: str
    severity: Severity
    english_summary: str  # the summary as written here; ``summary`` is in the active language
    check: Check | None  # None for a post-pass rule
    # A post-pass rule runs after every other rule, on what they found; its findings are
    # never waived (a stale-waiver finding waived would hide the rot it reports).
    post_pass: PostPass | None = None

    @property
    def function(self) -> Callable[..., Iterator[Finding]]:
        """The rule's function, whose docstring is its user documentation."""
        found = self.check or self.post_pass
        assert found is not None
        return found

    @property
    def english_documentation(self) -> str:
        return inspect.cleandoc(self.function.__doc__ or self.english_summary)

    @property
    def summary(self) -> str:
        """One sentence, in the active language (the catalogues' area "rules")."""
        return fixed(f"{self.code}.summary", self.english_summary)

    @property
    def documentation(self) -> str:
        """The rule's documentation (its docstring), in the active language."""
        return fixed(f"{self.code}.doc", self.english_documentation)

    @property
    def family(self) -> str:
        return family_title(self.code)


# The families' titles, in English; family_title() gives them in the active language.
FAMILIES = {
    "CX0": "Loading and validation",
    "CX1": "Coverage: is it measured?",
    "CX2": "Consistency: can the numbers be compared?",
    "CX3": "Ownership: who is accountable?",
    "CX4": "Closed loop: does feedback lead anywhere?",
    "CX5": "Targets",
    "CX6": "Seamlessness",
    "CX7": "Hygiene",
    "CX8": "Results and actions: are targets met, is feedback acted on?",
}


def family_title(code: str) -> str:
    """The title of the family of ``code`` (CX201: "Consistency: ..."), in the active
    language; "" for a code of no family."""
    family = code[:3]
    return fixed(f"family.{family}", FAMILIES[family]) if family in FAMILIES else ""


def rule(code: str, name: str, severity: Severity, summary: str) -> Callable[[Check], Rule]:
    """Declare a rule; the decorated function's docstring is its user documentation."""

    def wrap(check: Check) -> Rule:
        return Rule(code, name, severity, summary, check)

    return wrap


def post_pass_rule(code: str, name: str, severity: Severity, summary: str
                   ) -> Callable[[PostPass], Rule]:
    """Declare a rule that runs after every other one, on what they found."""

    def wrap(check: PostPass) -> Rule:
        return Rule(code, name, severity, summary, None, check)

    return wrap
