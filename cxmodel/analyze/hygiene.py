"""Hygiene rules (CX7xx): a model that stays tidy and honest."""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, Rule, RulesRun, post_pass_rule, rule
from cxmodel.analyze.words import q, short
from cxmodel.config import Config
from cxmodel.diagnostics import LOADING_CODES, Span
from cxmodel.model import Element, Stage, Step, Workspace


def referenced(ws: Workspace) -> set[int]:
    """Ids (Python identities) of every element something in the model refers to."""
    used: list[Element | None] = []
    for channel in ws.channels:
        used.extend((channel.owner, *channel.co_owners))
        used.extend(t.metric for t in channel.targets)
    for problem in ws.problems:
        used.extend(problem.resolvable_in)
    for offer in ws.offers:
        used.extend(offer.channels)
    for post in ws.listening_posts:
        used.append(post.owner)
        used.extend(m.metric for m in post.metrics)
        used.extend(post.covers.channels)
        if post.inner_loop is not None:
            used.append(post.inner_loop.owner)
            used.extend(post.inner_loop.via)
        if post.outer_loop is not None:
            used.extend(post.outer_loop.share_with)
    for journey in ws.journeys:
        used.extend((journey.persona, journey.owner))
        for step in journey.steps:
            used.append(step.channel)
            used.extend(e.actor for lane in (step.frontstage, step.backstage, step.support)
                        for e in lane)
            used.extend(step.problems)
            used.extend(step.offers)
            if step.proactive is not None:
                used.append(step.proactive.channel)
    return {id(e) for e in used if e is not None}


@rule("CX701", "unused-element", "info",
      "A department, channel, metric, persona, problem or offer nothing refers to.")
def unused_element(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A department, channel, metric, persona, problem or offer that nothing in the model
    refers to: a leftover, a typo'd duplicate, or a part of the model not yet connected. An
    offer counts as used when a step presents it.

    Fails:
    ```yaml
    personas: [{id: senior}]      # no journey has persona: senior
    ```
    Passes: a journey with `persona: senior`, or delete the persona.
    """
    used = referenced(ws)
    groups: tuple[tuple[str, tuple[Element, ...]], ...] = (
        ("Department", ws.departments), ("Channel", ws.channels), ("Metric", ws.metrics),
        ("Persona", ws.personas), ("Problem", ws.problems), ("Offer", ws.offers))
    for kind, elements in groups:
        for element in elements:
            if id(element) in used:
                continue
            if kind == "Offer":
                message = f"Offer {q(element)} is not presented at any step."
            else:
                message = f"{kind} {q(element)} is defined but nothing refers to it."
            yield Finding(element, message,
                          element.field_span("id"),
                          hint="Connect it to the model, or delete it.",
                          key=f"CX701:{kind.lower()}:{element.id}")


@rule("CX702", "empty-listening-post", "warning",
      "A listening post that covers nothing or collects no metric.")
def empty_listening_post(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post that covers nothing (no channels, touchpoints or journeys in
    `covers`) or collects no metric: it cannot tell anyone anything.

    Fails:
    ```yaml
    listening_posts: [{id: frontline-notes, method: employee-feedback, owner: stores}]
    ```
    Passes: `metrics: [...]` and `covers: {...}` both given.
    """
    for post in ws.listening_posts:
        missing = []
        if post.covers.empty:
            missing.append("covers nothing")
        if not post.metrics:
            missing.append("collects no metric")
        if missing:
            yield Finding(post, f"Listening post {q(post)} {' and '.join(missing)}.",
                          post.field_span("id"),
                          hint="Say what it covers (covers.channels, covers.touchpoints or "
                          "covers.journeys) and which metrics it collects.",
                          key=f"CX702:{post.id}")


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


def kind(element: Element) -> str:
    """The element's kind as a CX reader says it ('listening post', 'step')."""
    name = type(element).__name__
    return {"ListeningPost": "listening post"}.get(name, name.lower())


def _waiver_span(element: Element, code: str) -> Span:
    waive = element.source.get("waive") if element.source is not None else None
    if waive is not None and hasattr(waive, "key_span") and code in waive:
        span: Span = waive.key_span(code)
        return span
    return element.span


@post_pass_rule("CX703", "stale-waiver", "info",
                "A waiver of a rule that does not fire on that element.")
def stale_waiver(ws: Workspace, config: Config, run: RulesRun) -> Iterator[Finding]:
    """A `waive: {CODE: reason}` on an element for which that rule no longer fires (or a
    waiver of a code that is no rule). Waivers must not rot: once the gap is fixed, remove
    the waiver so the rule guards the element again. Runs after all other rules, on what
    they found.

    Fails:
    ```yaml
    steps:
      - id: confirmation
        channel: email
        waive: {CX101: "measured by the carrier's survey"}   # but a post now covers email
    ```
    Passes: the waiver removed, or the rule still firing there.
    """
    for element in elements(ws):
        for code in element.waivers:
            # A rule stopped early may have fired on this element past the cut.
            if (id(element), code) in run.fired or code in run.cut:
                continue
            where = f"{kind(element)} '{short(element.name)}'"
            if code in LOADING_CODES:
                message = (f"The waiver of {code} on {where} has no effect: loading errors "
                           "cannot be waived, they must be fixed.")
            elif code not in run.rule_names:
                message = f"The waiver of {code} on {where} waives nothing: there is no " \
                          f"rule {code}."
            elif not config.enabled(code):
                continue  # the rule did not run, so nobody can tell
            else:
                title = run.rule_names[code].replace("-", " ")
                message = (f"The waiver of {code} ({title}) on {where} is no longer "
                           "needed: the rule finds nothing to report there.")
            ident = element.ref if isinstance(element, Step) else element.id
            if isinstance(element, Stage):
                ident = f"{element.journey_id}/{element.id}"
            yield Finding(element, message, _waiver_span(element, code),
                          hint="Remove the waiver, so the rule guards this element again.",
                          key=f"CX703:{kind(element)}:{ident}:{code}")


STALE_WAIVER: Rule = stale_waiver
