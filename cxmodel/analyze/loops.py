"""Closed-loop rules (CX4xx): does feedback lead anywhere?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel import durations
from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import names, q
from cxmodel.config import Config
from cxmodel.model import Workspace
from cxmodel.model.facts import ASKING_METHODS, inner_loop_open, unreached_departments


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
    """
    for post in ws.listening_posts:
        if post.method not in ASKING_METHODS or not inner_loop_open(post):
            continue
        loop = post.inner_loop
        if loop is None:
            message = (f"Listening post {q(post)} asks customers for feedback but has no inner "
                       "loop: nobody follows up with the customer who answered.")
            span = post.field_span("id")
        else:
            missing = [name for name, present in (("owner", loop.owner is not None),
                                                  ("within", loop.within is not None),
                                                  ("via", bool(loop.via))) if not present]
            message = (f"The inner loop of listening post {q(post)} is incomplete: it does not "
                       f"say {' or '.join(missing)}.")
            span = loop.span
        yield Finding(post, message, span,
                      hint="Add closed_loop.inner with owner (who answers), within (how fast, "
                      "e.g. 48h) and via (channels).", key=f"CX401:{post.id}")


@rule("CX402", "open-outer-loop", "warning",
      "A post whose results do not reach the departments owning what it covers.")
def open_outer_loop(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post whose results do not reach the departments that own what it covers
    (the owners of its channels, the departments responsible for its touchpoints, the owners
    of its journeys): they are neither its owner nor in `closed_loop.outer.share_with`, so
    they cannot fix what customers complain about.

    Fails:
    ```yaml
    channels: [{id: phone, owner: contact-centre}]
    listening_posts:
      - {id: speech-analytics, owner: cx-team, covers: {channels: [phone]}}
    ```
    Passes:
    ```yaml
        closed_loop: {outer: {share_with: [contact-centre], cadence: weekly}}
    ```
    """
    for post in ws.listening_posts:
        missing = unreached_departments(post)
        if not missing:
            continue
        span = post.outer_loop.span if post.outer_loop is not None else post.field_span("id")
        yield Finding(
            post,
            f"The results of listening post {q(post)} never reach {names(missing)}, which "
            f"own{'s' if len(missing) == 1 else ''} what it covers.",
            span,
            hint="Add them to closed_loop.outer.share_with (with a cadence), so they can act "
            "on the feedback.",
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
            f"Listening post {q(post)} follows up with customers within "
            f"{durations.words(loop.within_seconds)}, slower than the maximum of "
            f"{durations.words(config.max_inner_loop)}.",
            loop.span,
            hint="Shorten closed_loop.inner.within, or raise options.max_inner_loop in "
            ".cxmodel.yaml if this is agreed.",
            key=f"CX403:{post.id}",
        )
