"""Consistency rules (CX2xx): can the numbers be compared?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import names, q, short, step_label
from cxmodel.config import Config
from cxmodel.model import Workspace
from cxmodel.model.facts import drift, experience_metrics, measured_channels, shares_metric


@rule("CX201", "mixed-metrics", "warning",
      "Measured channels of one journey share no touchpoint-scoped experience metric.")
def mixed_metrics(ws: Workspace, config: Config) -> Iterator[Finding]:
    """Two or more measured channels of one journey share no touchpoint-scoped experience
    metric (`kind: experience`, `scope: touchpoint`): the web is measured by CSAT, the phone
    by NPS, so nobody can compare them or see the whole journey. Use one standard metric on
    every channel of a journey.

    A metric is used on a channel when a post that collects it covers the channel or a
    touchpoint in that channel.

    Fails:
    ```yaml
    listening_posts:
      - {id: web-survey, metrics: [csat], covers: {channels: [web]}}
      - {id: call-survey, metrics: [nps], covers: {channels: [phone]}}
    ```
    Passes: both posts collect `csat` (they may collect other metrics too).
    """
    for journey in ws.journeys:
        if shares_metric(ws, journey) is not False:
            continue
        listing = "; ".join(
            f"{short(c.name)} -> " + (", ".join(short(m.name) for m in experience_metrics(ws, c))
                                      or "no experience metric")
            for c in measured_channels(ws, journey))
        yield Finding(
            journey,
            f"The channels of journey {q(journey)} share no experience metric, so their "
            f"results cannot be compared: {listing}.",
            journey.field_span("id"),
            hint="Collect one touchpoint-scoped experience metric (for example CSAT on one "
            "scale) on every channel of the journey.",
            key=f"CX201:{journey.id}",
        )


@rule("CX202", "scale-drift", "warning",
      "A post collects a metric with another scale or question than the metric defines.")
def scale_drift(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post collects a metric with another scale or question than the metric
    defines (CSAT on 1-10 here, 1-5 there; other wording). The numbers then drift apart and
    cannot be added up.

    Fails:
    ```yaml
    metrics: [{id: csat, scale: {min: 1, max: 5}}]
    listening_posts:
      - id: web-survey
        metrics: [{metric: csat, scale: {min: 1, max: 10}}]
    ```
    Passes: `metrics: [csat]`, or an override equal to the metric's own scale and question.
    """
    for post in ws.listening_posts:
        for used in post.metrics:
            metric = used.metric
            scale, question = drift(used)
            differences = []
            if scale is not None:
                differences.append(f"on a {scale} scale instead of {metric.scale}")
            if question is not None:
                differences.append(f"with the question \"{question}\" instead of "
                                   f"\"{metric.question}\"")
            if not differences:
                continue
            yield Finding(
                post,
                f"Listening post {q(post)} collects {q(metric)} {' and '.join(differences)}, so "
                "its results cannot be compared with other channels.",
                used.span,
                hint=f"Use the standard scale and question of {metric.id}, or define a "
                "separate metric if this really measures something else.",
                key=f"CX202:{post.id}:{metric.id}",
            )


@rule("CX203", "unresolvable-problem", "warning",
      "A problem is raised at a step whose channel cannot resolve it.")
def unresolvable_problem(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A customer problem is raised at a step whose channel is not in the problem's
    `resolvable_in`: customers bring it to a channel where staff cannot fully solve it, so
    they are sent elsewhere ("all-line" service means every problem can be solved where it
    is raised).

    Fails:
    ```yaml
    problems: [{id: late-delivery, resolvable_in: [phone]}]
    journeys:
      - {id: order, steps: [{id: chat, channel: web-chat, problems: [late-delivery]}]}
    ```
    Passes: `resolvable_in: [phone, web-chat]`.
    """
    for journey in ws.journeys:
        for step in journey.steps:
            if step.channel is None:
                continue
            for problem in step.problems:
                if step.channel in problem.resolvable_in:
                    continue
                if problem.resolvable_in:
                    where = f"it can only be resolved in {names(problem.resolvable_in)}"
                else:
                    where = "no channel can resolve it (its resolvable_in is empty)"
                yield Finding(
                    step,
                    f"Customers raise {q(problem)} at {step_label(step)} in journey "
                    f"{q(journey)}, but {where}.",
                    step.field_span("problems"),
                    hint=f"Enable {short(step.channel.name)} staff to resolve it (add "
                    f"{step.channel.id} to the problem's resolvable_in), or route customers "
                    "to a channel that can.",
                    key=f"CX203:{step.ref}:{problem.id}",
                )


@rule("CX204", "offer-gap", "warning",
      "An offer applies to a journey that uses a channel where the offer is not available.")
def offer_gap(ws: Workspace, config: Config) -> Iterator[Finding]:
    """An offer (or message) applies to a journey, but the journey uses a channel where the
    offer is not available: customers hear about it in one channel and are refused it in
    another.

    Fails:
    ```yaml
    offers: [{id: free-returns, journeys: [order], channels: [web]}]
    journeys:
      - {id: order, steps: [{id: a, channel: web}, {id: b, channel: store}]}
    ```
    Passes: `channels: [web, store]`.
    """
    for offer in ws.offers:
        available = set(offer.channels)
        for journey in ws.offer_journeys(offer):
            missing = [c for c in journey.channels if c not in available]
            if not missing:
                continue
            yield Finding(
                offer,
                f"Offer {q(offer)} applies to journey {q(journey)}, but is not available in "
                f"{names(missing)}, which the journey uses.",
                offer.field_span("id"),
                hint="Make the offer available there (add the channels to its channels), or "
                "say in those channels why it does not apply.",
                key=f"CX204:{offer.id}:{journey.id}",
            )
