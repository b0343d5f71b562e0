"""The analyze stage: run the gap rules over the model, apply configuration and waivers,
and compute the coverage figures. Read-only over the model."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from cxmodel.analyze.figures import Figures, figures
from cxmodel.analyze.registry import RULES, RULES_BY_CODE
from cxmodel.analyze.words import short
from cxmodel.config import Config
from cxmodel.diagnostics import (
    LOADING_CODES,
    Diagnostic,
    Span,
    loading_diagnostic,
    sort_diagnostics,
)
from cxmodel.model import (
    Channel,
    Department,
    Element,
    Journey,
    ListeningPost,
    Stage,
    Step,
    Workspace,
)


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


def accountable(element: Element) -> Department | None:
    """The department accountable for an element: a step's responsible department, the owner
    of a journey, channel or listening post, a department itself."""
    if isinstance(element, Department):
        return element
    if isinstance(element, Step):
        return element.responsible
    if isinstance(element, Journey | Channel | ListeningPost):
        return element.owner
    return None


def elements(ws: Workspace) -> Iterator[Element]:
    """Every element of the model, stages and steps included."""
    yield from ws.departments
    yield from ws.channels
    yield from ws.metrics
    yield from ws.personas
    yield from ws.problems
    yield from ws.offers
    yield from ws.listening_posts
    for journey in ws.journeys:
        yield journey
        yield from journey.stages
        yield from journey.steps


def _waiver_span(element: Element, code: str) -> Span:
    waive = element.source.get("waive") if element.source is not None else None
    if waive is not None and hasattr(waive, "key_span") and code in waive:
        span: Span = waive.key_span(code)
        return span
    return element.span


def _kind(element: Element) -> str:
    name = type(element).__name__
    return {"ListeningPost": "listening post"}.get(name, name.lower())


def _too_many(code: str, where: Span, config: Config, waived: bool) -> Diagnostic:
    """CX006 for a rule stopped at max_findings_per_rule, at the first finding not listed
    (waived findings are bounded apart: each is built and listed as waived, and one waiver
    on a step can waive thousands of hand-offs into it)."""
    most = config.limits.max_findings_per_rule
    what = "problems that are waived" if waived else "problems"
    return loading_diagnostic(
        "CX006",
        f"Rule {code} found more than {most:,} {what}; the first {most:,} are listed and it "
        "stopped here (limit max_findings_per_rule).", where,
        hint=config.limits.how_to_raise("max_findings_per_rule"),
        fingerprint=f"CX006:max_findings_per_rule:{code}")


def analyze(ws: Workspace, config: Config | None = None) -> Analysis:
    config = config or Config()
    findings: list[Diagnostic] = []
    waived: list[Waived] = []
    fired: set[tuple[int, str]] = set()
    departments: dict[str, Department | None] = {}
    subjects: dict[str, Element] = {}
    stale_rule = RULES_BY_CODE["CX703"]
    most = config.limits.max_findings_per_rule
    cut: set[str] = set()  # rules stopped at max_findings_per_rule
    for rule in RULES:
        if rule is stale_rule or not config.enabled(rule.code):
            continue
        severity = config.severity_of(rule.code, rule.severity)
        listed = waived_here = 0
        for finding in rule.check(ws, config):
            reason = finding.subject.waivers.get(rule.code)
            if (waived_here if reason is not None else listed) == most:
                findings.append(_too_many(rule.code, finding.span, config, reason is not None))
                cut.add(rule.code)
                break
            diagnostic = Diagnostic(rule.code, rule.name, severity,  # type: ignore[arg-type]
                                    finding.message, finding.span, finding.hint,
                                    fingerprint=finding.key or None)
            fired.add((id(finding.subject), rule.code))
            departments[finding.key] = accountable(finding.subject)
            subjects[finding.key] = finding.subject
            if reason is not None:
                waived.append(Waived(diagnostic, reason))
                waived_here += 1
            else:
                findings.append(diagnostic)
                listed += 1
    if config.enabled(stale_rule.code):
        severity = config.severity_of(stale_rule.code, stale_rule.severity)
        for element in elements(ws):
            for code in element.waivers:
                # A rule stopped early may have fired on this element past the cut.
                if (id(element), code) in fired or code in cut:
                    continue
                where = f"{_kind(element)} '{short(element.name)}'"
                if code in LOADING_CODES:
                    message = (f"The waiver of {code} on {where} has no effect: loading errors "
                               "cannot be waived, they must be fixed.")
                elif code not in RULES_BY_CODE:
                    message = f"The waiver of {code} on {where} waives nothing: there is no " \
                              f"rule {code}."
                elif not config.enabled(code):
                    continue  # the rule did not run, so nobody can tell
                else:
                    title = RULES_BY_CODE[code].name.replace("-", " ")
                    message = (f"The waiver of {code} ({title}) on {where} is no longer "
                               "needed: the rule finds nothing to report there.")
                ident = element.ref if isinstance(element, Step) else element.id
                if isinstance(element, Stage):
                    ident = f"{element.journey_id}/{element.id}"
                key = f"CX703:{_kind(element)}:{ident}:{code}"
                departments[key] = accountable(element)
                subjects[key] = element
                findings.append(Diagnostic(
                    stale_rule.code, stale_rule.name, severity,  # type: ignore[arg-type]
                    message, _waiver_span(element, code),
                    hint="Remove the waiver, so the rule guards this element again.",
                    fingerprint=key))
    return Analysis(sort_diagnostics(findings),
                    sorted(waived, key=lambda w: w.diagnostic.sort_key()), figures(ws),
                    departments, subjects)
