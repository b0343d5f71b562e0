"""The analyze stage: run the gap rules over the model, apply configuration and waivers,
and compute the coverage figures. Read-only over the model."""

from __future__ import annotations

from dataclasses import dataclass

from cxmodel.analyze.figures import Figures, figures
from cxmodel.analyze.registry import RULES
from cxmodel.analyze.rule import Finding, Rule, RulesRun
from cxmodel.analyze.standing import Reading, reading
from cxmodel.config import Config
from cxmodel.diagnostics import (
    Diagnostic,
    Span,
    loading_diagnostic,
    sort_diagnostics,
)
from cxmodel.messages.text import plural
from cxmodel.model import (
    Action,
    Channel,
    Department,
    Element,
    Journey,
    ListeningPost,
    Step,
    Workspace,
)

TOO_MANY = plural(
    "CX006.too-many",
    "Rule {code} found more than {most} problem; the first {most} is listed and it stopped "
    "here (limit max_findings_per_rule).",
    "Rule {code} found more than {most} problems; the first {most} are listed and it "
    "stopped here (limit max_findings_per_rule).", count="most")
TOO_MANY_WAIVED = plural(
    "CX006.too-many-waived",
    "Rule {code} found more than {most} problem that is waived; the first {most} is listed "
    "and it stopped here (limit max_findings_per_rule).",
    "Rule {code} found more than {most} problems that are waived; the first {most} are "
    "listed and it stopped here (limit max_findings_per_rule).", count="most")


@dataclass(frozen=True, slots=True)
class Waived:
    """A finding an element waived, with the reason it gives."""

    diagnostic: Diagnostic
    reason: str


@dataclass(frozen=True, slots=True)
class Analysis:
    findings: list[Diagnostic]  # counted findings, sorted by place
    waived: list[Waived]
    figures: Figures
    # The department accountable for each finding's element, by fingerprint (for reports
    # that group findings by department).
    departments: dict[str, Department | None]
    # The element each finding is about, by fingerprint (for pages per element).
    subjects: dict[str, Element]
    # Where each target stands against the recorded results, on the day they are read.
    results: Reading


def accountable(element: Element) -> Department | None:
    """The department accountable for an element: a step's responsible department, the owner
    of a journey, channel or listening post, a department itself."""
    if isinstance(element, Department):
        return element
    if isinstance(element, Step):
        return element.responsible
    if isinstance(element, Journey | Channel | ListeningPost | Action):
        return element.owner
    return None


def _too_many(code: str, where: Span, config: Config, waived: bool) -> Diagnostic:
    """CX006 for a rule stopped at max_findings_per_rule, at the first finding not listed
    (waived findings are bounded apart: each is built and listed as waived, and one waiver
    on a step can waive thousands of hand-offs into it)."""
    said = TOO_MANY_WAIVED if waived else TOO_MANY
    return loading_diagnostic(
        "CX006", said(code=code, most=config.limits.max_findings_per_rule), where,
        hint=config.limits.how_to_raise("max_findings_per_rule"),
        fingerprint=f"CX006:max_findings_per_rule:{code}")


def _waiver(finding: Finding, code: str) -> str | None:
    """The reason of the waiver that covers a finding of rule ``code``: the subject's waiver
    of that rule, else the decision made elsewhere that covers it (``Finding.waived_for``)."""
    reason = finding.subject.waivers.get(code)
    return reason if reason is not None else finding.waived_for


def analyze(ws: Workspace, config: Config | None = None) -> Analysis:
    config = config or Config()
    findings: list[Diagnostic] = []
    waived: list[Waived] = []
    fired: set[tuple[int, str]] = set()
    departments: dict[str, Department | None] = {}
    subjects: dict[str, Element] = {}
    most = config.limits.max_findings_per_rule
    cut: set[str] = set()  # rules stopped at max_findings_per_rule
    keys: set[str] = set()  # every finding's key (fingerprint), waived or not
    errors: dict[str, Finding] = {}  # the error-level findings not waived, by key
    for rule in RULES:
        if rule.check is None or not config.enabled(rule.code):
            continue
        severity = config.severity_of(rule.code, rule.severity)
        listed = waived_here = 0
        for finding in rule.check(ws, config):
            reason = _waiver(finding, rule.code)
            if (waived_here if reason is not None else listed) == most:
                findings.append(_too_many(rule.code, finding.span, config, reason is not None))
                cut.add(rule.code)
                break
            diagnostic = _diagnostic(rule, severity, finding)
            fired.add((id(finding.subject), rule.code))
            keys.add(finding.key)
            departments[finding.key] = accountable(finding.subject)
            subjects[finding.key] = finding.subject
            if reason is not None:
                waived.append(Waived(diagnostic, reason))
                waived_here += 1
            else:
                findings.append(diagnostic)
                listed += 1
                if severity == "error":
                    errors[finding.key] = finding
    # Post-pass rules (CX703) on what the others found; their findings are not waived.
    run = RulesRun(frozenset(fired), frozenset(cut),
                   {rule.code: rule.name for rule in RULES}, frozenset(keys), errors)
    for rule in RULES:
        if rule.post_pass is None or not config.enabled(rule.code):
            continue
        severity = config.severity_of(rule.code, rule.severity)
        for finding in rule.post_pass(ws, config, run):
            departments[finding.key] = accountable(finding.subject)
            subjects[finding.key] = finding.subject
            findings.append(_diagnostic(rule, severity, finding))
    return Analysis(sort_diagnostics(findings),
                    sorted(waived, key=lambda w: w.diagnostic.sort_key()), figures(ws),
                    departments, subjects, reading(ws, config))


def _diagnostic(rule: Rule, severity: str, finding: Finding) -> Diagnostic:
    return Diagnostic(rule.code, rule.name, severity,  # type: ignore[arg-type]
                      finding.message, finding.span, finding.hint,
                      fingerprint=finding.key or None, fixes=finding.fixes)
