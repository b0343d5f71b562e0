"""Hygiene rules (CX7xx): a model that stays tidy and honest."""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, Rule, RulesRun, post_pass_rule, rule
from cxmodel.analyze.standing import targets
from cxmodel.analyze.words import name
from cxmodel.config import Config
from cxmodel.diagnostics import LOADING_CODES, Span
from cxmodel.messages.text import Template, Text, message
from cxmodel.model import (
    Channel,
    Department,
    Element,
    Journey,
    ListeningPost,
    Metric,
    Offer,
    Persona,
    Problem,
    Stage,
    Step,
    Workspace,
)

UNUSED_DEPARTMENT = message(
    "CX701.department", "Department {name} is defined but nothing refers to it.")
UNUSED_CHANNEL = message("CX701.channel", "Channel {name} is defined but nothing refers to it.")
UNUSED_METRIC = message("CX701.metric", "Metric {name} is defined but nothing refers to it.")
UNUSED_PERSONA = message("CX701.persona", "Persona {name} is defined but nothing refers to it.")
UNUSED_PROBLEM = message("CX701.problem", "Problem {name} is defined but nothing refers to it.")
UNUSED_OFFER = message("CX701.offer",
                       "Offer {name} applies to no journey and is not presented at any step.")
# A text that names nothing (most hints) is made once, and shared by every finding.
UNUSED_HINT = message("CX701.hint", "Connect it to the model, or delete it.")()

EMPTY_POST = message(
    "CX702.covers-nothing-no-metric",
    "Listening post {post} covers nothing and collects no metric.")
POST_COVERS_NOTHING = message("CX702.covers-nothing", "Listening post {post} covers nothing.")
POST_WITHOUT_METRIC = message("CX702.no-metric", "Listening post {post} collects no metric.")
EMPTY_POST_HINT = message(
    "CX702.hint",
    "Say what it covers (covers.channels, covers.touchpoints or covers.journeys) and which "
    "metrics it collects, or which themes it produces.")()

# An element a waiver is on, by kind ("step 'confirm'"), for a CX703 message.
# TRANSLATORS: an element by its kind, as a subject says it (nominative): the CX703 sentences
# place it where that case is right (in parentheses, say).
WAIVED_DEPARTMENT = message("CX703.department", "department {name}")
WAIVED_CHANNEL = message("CX703.channel", "channel {name}")
WAIVED_METRIC = message("CX703.metric", "metric {name}")
WAIVED_PERSONA = message("CX703.persona", "persona {name}")
WAIVED_PROBLEM = message("CX703.problem", "problem {name}")
WAIVED_OFFER = message("CX703.offer", "offer {name}")
WAIVED_POST = message("CX703.listening-post", "listening post {name}")
WAIVED_JOURNEY = message("CX703.journey", "journey {name}")
WAIVED_STAGE = message("CX703.stage", "stage {name}")
WAIVED_STEP = message("CX703.step", "step {name}")
WAIVER_OF_LOADING_CODE = message(
    "CX703.loading-code",
    "The waiver of {code} on {element} has no effect: loading errors cannot be waived, they "
    "must be fixed.")
WAIVER_OF_NO_RULE = message(
    "CX703.no-rule", "The waiver of {code} on {element} waives nothing: there is no rule {code}.")
# {title}: the rule's name ("unmeasured-touchpoint"): an identifier, the same in every
# language, as `cxmodel rules` lists it.
STALE = message(
    "CX703.stale",
    "The waiver of {code} ({title}) on {element} is no longer needed: the rule finds nothing "
    "to report there.")
STALE_HINT = message("CX703.hint", "Remove the waiver, so the rule guards this element again.")()

# Each kind of element: its word in fingerprints (CX701's, CX703's; never to change, or
# baselines stop matching) and how a CX703 message names it.
KINDS: dict[type[Element], tuple[str, Template]] = {
    Department: ("department", WAIVED_DEPARTMENT),
    Channel: ("channel", WAIVED_CHANNEL),
    Metric: ("metric", WAIVED_METRIC),
    Persona: ("persona", WAIVED_PERSONA),
    Problem: ("problem", WAIVED_PROBLEM),
    Offer: ("offer", WAIVED_OFFER),
    ListeningPost: ("listening post", WAIVED_POST),
    Journey: ("journey", WAIVED_JOURNEY),
    Stage: ("stage", WAIVED_STAGE),
    Step: ("step", WAIVED_STEP),
}


def referenced(ws: Workspace) -> set[int]:
    """Ids (Python identities) of every element something in the model refers to."""
    used: list[Element | None] = []
    for channel in ws.channels:
        used.extend((channel.owner, *channel.co_owners))
    for _, _, target in targets(ws):  # of channels, journeys and listening posts
        used.append(target.metric)
        used.extend(target.incentive_for)
    for metric in ws.metrics:
        used.extend(metric.incentive_for)
    for problem in ws.problems:
        used.extend(problem.resolvable_in)
        used.append(problem.owner)
    for offer in ws.offers:
        used.extend(offer.channels)
        if ws.offer_journeys(offer):  # it applies to a journey: CX204 checks it there
            used.append(offer)
    for post in ws.listening_posts:
        used.append(post.owner)
        used.extend(m.metric for m in post.metrics)
        used.extend(post.covers.channels)
        if post.inner_loop is not None:
            used.append(post.inner_loop.owner)
            used.extend(post.inner_loop.via)
        if post.outer_loop is not None:
            used.extend(post.outer_loop.share_with)
        for theme in post.themes:
            used.extend(theme.problems)
    for result in ws.results:  # results and actions name what they are about
        used.extend((result.metric, result.channel))
    for action in ws.actions:
        used.extend((action.owner, action.problem))
        if action.expected is not None:
            used.append(action.expected.metric)
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
    offer counts as used when it applies to a journey (`journeys:`) or a step presents it.

    Fails:
    ```yaml
    personas: [{id: senior}]      # no journey has persona: senior
    ```
    Passes: a journey with `persona: senior`, or delete the persona.
    """
    used = referenced(ws)
    groups: tuple[tuple[Template, tuple[Element, ...]], ...] = (
        (UNUSED_DEPARTMENT, ws.departments), (UNUSED_CHANNEL, ws.channels),
        (UNUSED_METRIC, ws.metrics), (UNUSED_PERSONA, ws.personas),
        (UNUSED_PROBLEM, ws.problems), (UNUSED_OFFER, ws.offers))
    for unused, elements in groups:
        for element in elements:
            if id(element) in used:
                continue
            yield Finding(element, unused(name=name(element)),
                          element.field_span("id"),
                          hint=UNUSED_HINT,
                          key=f"CX701:{kind(element)}:{element.id}")


@rule("CX702", "empty-listening-post", "warning",
      "A listening post that covers nothing, or collects no metric and produces no themes.")
def empty_listening_post(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post that covers nothing (no channels, touchpoints or journeys in
    `covers`, and not `relationship: true`) or collects no metric: it cannot tell anyone
    anything. A relationship study (an annual NPS survey) covers the relationship as a
    whole: `covers: {relationship: true}`.

    Listening that produces themes rather than numbers is not asked for a metric: a post
    whose method is speech analytics, text analytics, social listening, complaints, reviews
    or employee feedback, or a post that declares the `themes` it produces (the "why" behind the
    scores, linked to the problems they point at). It must still cover something.

    Fails:
    ```yaml
    listening_posts: [{id: web-intercept, method: survey, owner: digital}]
    ```
    Passes: `metrics: [...]` and `covers: {...}` both given, or, for a post producing
    themes:
    ```yaml
    listening_posts:
      - id: complaint-text-analytics
        method: text-analytics
        covers: {channels: [email]}
        themes: [{id: false-not-home, problems: [missed-delivery]}]
    ```
    """
    for post in ws.listening_posts:
        needs_metric = not post.metrics and not produces_themes(post)
        if post.covers.empty and needs_metric:
            said = EMPTY_POST(post=name(post))
        elif post.covers.empty:
            said = POST_COVERS_NOTHING(post=name(post))
        elif needs_metric:
            said = POST_WITHOUT_METRIC(post=name(post))
        else:
            continue
        yield Finding(post, said, post.field_span("id"), hint=EMPTY_POST_HINT,
                      key=f"CX702:{post.id}")


# Methods that produce themes (what customers talk about, and why) rather than numbers.
THEME_METHODS = ("speech-analytics", "text-analytics", "social-listening", "complaints",
                 "reviews", "employee-feedback")


def produces_themes(post: ListeningPost) -> bool:
    return post.method in THEME_METHODS or bool(post.themes)


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
    """The element's kind, as fingerprints name it ('listening post', 'step')."""
    return KINDS[type(element)][0]


def described(element: Element) -> Text:
    """The element by kind and name ("step 'confirm'"), in the active language."""
    return KINDS[type(element)][1](name=name(element))


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
            if code in LOADING_CODES:
                said = WAIVER_OF_LOADING_CODE(code=code, element=described(element))
            elif code not in run.rule_names:
                said = WAIVER_OF_NO_RULE(code=code, element=described(element))
            elif not config.enabled(code):
                continue  # the rule did not run, so nobody can tell
            else:
                said = STALE(code=code, title=run.rule_names[code],
                             element=described(element))
            ident = element.ref if isinstance(element, Step) else element.id
            if isinstance(element, Stage):
                ident = f"{element.journey_id}/{element.id}"
            yield Finding(element, said, _waiver_span(element, code),
                          hint=STALE_HINT,
                          key=f"CX703:{kind(element)}:{ident}:{code}")


STALE_WAIVER: Rule = stale_waiver
