"""Closed-loop rules (CX4xx): does feedback lead anywhere?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import duration, name, names, series
from cxmodel.config import Config
from cxmodel.messages.text import Items, Param, Text, message
from cxmodel.model import Workspace
from cxmodel.model.facts import (
    ASKING_METHODS,
    inner_loop_open,
    unreached_causes,
    unreached_owners,
)

NO_INNER_LOOP = message(
    "CX401.no-inner-loop",
    "Listening post {post} asks customers for feedback but has no inner loop: nobody follows "
    "up with the customer who answered.")
# {missing}: the keys of closed_loop.inner it lacks (owner, within, via), joined by "or".
INCOMPLETE_INNER_LOOP = message(
    "CX401.incomplete",
    "The inner loop of listening post {post} is incomplete: it does not say {missing}.")
EMPTY_INNER_LOOP = message(
    "CX401.incomplete-all",
    "The inner loop of listening post {post} is incomplete: it does not say owner or within "
    "or via.")
# A text that names nothing (most hints) is made once, and shared by every finding.
INNER_LOOP_HINT = message(
    "CX401.hint",
    "Add closed_loop.inner with owner (who answers), within (how fast, e.g. 48h) and via "
    "(channels).")()

UNREACHED_ONE = message(
    "CX402.unreached-one",
    "The results of listening post {post} never reach {department}, which owns what it "
    "covers.")
UNREACHED_MANY = message(
    "CX402.unreached-many",
    "The results of listening post {post} never reach {departments}, which own what it "
    "covers.")
# {causes}: each department with the problems it owns, "'Logistics' ('Item arrived damaged')".
UNREACHED_CAUSES = message(
    "CX402.causes",
    "The results of listening post {post} never reach the owners of the problems its themes "
    "point at: {causes}.")
UNREACHED_BOTH = message(
    "CX402.both",
    "The results of listening post {post} never reach the departments that own what it "
    "covers ({departments}), nor the owners of the problems its themes point at: {causes}.")
CAUSE = message("CX402.cause", "{department} ({problems})")
CAUSES_SEPARATOR = message("CX402.causes-separator", "{first}, {rest}")
UNREACHED_HINT = message(
    "CX402.hint",
    "Add them to closed_loop.outer.share_with (with a cadence), so they can act on the "
    "feedback.")()

SLOW_INNER_LOOP = message(
    "CX403.slow",
    "Listening post {post} follows up with customers within {within}, slower than the "
    "limit of {maximum} set in options.max_inner_loop.")
SLOW_INNER_LOOP_HINT = message(
    "CX403.hint",
    "Shorten closed_loop.inner.within, or raise options.max_inner_loop in .cxmodel.yaml if "
    "this is agreed.")()


@rule("CX401", "open-inner-loop", "warning",
      "A survey or interview post with no complete inner loop (owner, within, via).")
def open_inner_loop(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A survey or interview post without a complete inner loop: nobody follows up with the
    individual customer who took the time to answer. The inner loop says who answers
    (`owner`), within what time (`within`) and through which channels (`via`).

    Fails:
    ```yaml
    listening_posts:
      - {id: web-intercept, method: survey, metrics: [csat]}
    ```
    Passes:
    ```yaml
    listening_posts:
      - id: web-intercept
        method: survey
        closed_loop:
          inner: {owner: contact-centre, within: 48h, via: [email]}
    ```
    An anonymous post (`anonymous: true`: a blind study run by a research agency, whose
    answers cannot be traced to the customer) is not reported: no one can follow up there.
    """
    for post in ws.listening_posts:
        if post.method not in ASKING_METHODS or post.anonymous or not inner_loop_open(post):
            continue
        loop = post.inner_loop
        said: Text
        if loop is None:
            said = NO_INNER_LOOP(post=name(post))
            span = post.field_span("id")
        else:
            missing = tuple(key for key, present in (("owner", loop.owner is not None),
                                                     ("within", loop.within is not None),
                                                     ("via", bool(loop.via))) if not present)
            said = EMPTY_INNER_LOOP(post=name(post)) if len(missing) == 3 else \
                INCOMPLETE_INNER_LOOP(post=name(post), missing=Items(missing, "or"))
            span = loop.span
        yield Finding(post, said, span, hint=INNER_LOOP_HINT, key=f"CX401:{post.id}")


@rule("CX402", "open-outer-loop", "warning",
      "A post whose results do not reach the departments owning what it covers, or the "
      "owners of the problems its themes point at.")
def open_outer_loop(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post whose results do not reach the departments that own what it covers
    (the owners of its channels, the departments responsible for its touchpoints, the owners
    of its journeys), or the departments that own the problems its themes point at (each
    problem's `owner`): they are neither its owner nor in `closed_loop.outer.share_with`, so
    they cannot fix what customers complain about. Results must reach the cause: when speech
    analytics finds that one call in three is about a false "not at home" notice, the report
    must reach the couriers' department, not only the contact centre that takes the calls.
    A channel's co-owner that is a partner (`kind: partner`, an outside company acting for
    you) is not required: it gets its own cases through whoever manages it, not the
    post's results.

    Fails:
    ```yaml
    channels: [{id: phone, owner: contact-centre}]
    listening_posts:
      - {id: speech-analytics, owner: cx-team, covers: {channels: [phone]}}
    ```
    Fails too (the theme points at a problem that delivery operations owns):
    ```yaml
    problems: [{id: false-not-home, owner: delivery-ops}]
    listening_posts:
      - id: speech-analytics
        owner: contact-centre
        covers: {channels: [phone]}
        themes: [{id: not-home, problems: [false-not-home]}]
    ```
    Passes:
    ```yaml
        closed_loop: {outer: {share_with: [contact-centre, delivery-ops], cadence: weekly}}
    ```
    """
    for post in ws.listening_posts:
        missing = unreached_owners(post)
        causes = unreached_causes(post)
        if not missing and not causes:
            continue
        span = post.outer_loop.span if post.outer_loop is not None else post.field_span("id")
        said: Text
        if causes:
            listed: list[Param] = [CAUSE(department=name(d), problems=names(problems))
                                   for d, problems in causes.items()]
            said = UNREACHED_BOTH(post=name(post), departments=names(missing),
                                  causes=series(CAUSES_SEPARATOR, listed)) if missing else \
                UNREACHED_CAUSES(post=name(post), causes=series(CAUSES_SEPARATOR, listed))
        elif len(missing) == 1:
            said = UNREACHED_ONE(post=name(post), department=name(missing[0]))
        else:
            said = UNREACHED_MANY(post=name(post), departments=names(missing))
        yield Finding(
            post,
            said,
            span,
            hint=UNREACHED_HINT,
            key=f"CX402:{post.id}",
        )


@rule("CX403", "slow-inner-loop", "info",
      "An inner loop slower than the configured maximum (default 72h).")
def slow_inner_loop(ws: Workspace, config: Config) -> Iterator[Finding]:
    """An inner loop whose `within` is slower than the configured maximum
    (`options.max_inner_loop` in `.cxmodel.yaml`, default 72h): a follow-up that comes days
    later no longer feels like listening.

    Fails (with the default):
    ```yaml
    closed_loop: {inner: {owner: service, within: 5d, via: [phone]}}
    ```
    Passes:
    ```yaml
    closed_loop: {inner: {owner: service, within: 48h, via: [phone]}}
    ```
    """
    for post in ws.listening_posts:
        loop = post.inner_loop
        if loop is None or loop.within_seconds is None:
            continue
        if loop.within_seconds <= config.max_inner_loop:
            continue
        yield Finding(
            post,
            SLOW_INNER_LOOP(post=name(post),
                            within=duration(loop.within_seconds, loop.within_unit),
                            maximum=duration(config.max_inner_loop,
                                             config.max_inner_loop_unit)),
            loop.span,
            hint=SLOW_INNER_LOOP_HINT,
            key=f"CX403:{post.id}",
        )
