"""Ownership rules (CX3xx): who is accountable?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import names, q
from cxmodel.config import Config
from cxmodel.model import Workspace


@rule("CX301", "unowned-channel", "error", "A channel with no owner.")
def unowned_channel(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel with no `owner`: nobody is accountable for the experience in it, its
    targets or its feedback. Co-owners alone are not enough: shared channels need a lead.

    Fails:
    ```yaml
    channels: [{id: web-chat, co_owners: [it, digital]}]
    ```
    Passes:
    ```yaml
    channels: [{id: web-chat, owner: contact-centre, co_owners: [it]}]
    ```
    """
    for channel in ws.channels:
        if channel.owner is not None:
            continue
        shared = f" It is shared by {names(channel.co_owners)} with no lead." \
            if channel.co_owners else ""
        yield Finding(channel, f"Channel {q(channel)} has no owner.{shared}",
                      channel.field_span("id"),
                      hint="Add owner: with the department accountable for this channel.",
                      key=f"CX301:{channel.id}")


@rule("CX302", "unowned-journey", "warning", "A journey with no owner.")
def unowned_journey(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A journey with no `owner`: no department is accountable for the customer's experience
    from start to finish, across channels.

    Fails:
    ```yaml
    journeys: [{id: order}]
    ```
    Passes:
    ```yaml
    journeys: [{id: order, owner: e-commerce}]
    ```
    """
    for journey in ws.journeys:
        if journey.owner is None:
            yield Finding(journey, f"Journey {q(journey)} has no owner.",
                          journey.field_span("id"),
                          hint="Add owner: with the department accountable for the whole "
                          "journey.", key=f"CX302:{journey.id}")


@rule("CX303", "unowned-listening-post", "warning", "A listening post with no owner.")
def unowned_listening_post(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post with no `owner`: nobody is responsible for running it, reading its
    results and closing the loop.

    Fails:
    ```yaml
    listening_posts: [{id: post-chat-survey, metrics: [csat]}]
    ```
    Passes:
    ```yaml
    listening_posts: [{id: post-chat-survey, owner: digital, metrics: [csat]}]
    ```
    """
    for post in ws.listening_posts:
        if post.owner is None:
            yield Finding(post, f"Listening post {q(post)} has no owner.",
                          post.field_span("id"),
                          hint="Add owner: with the department that runs it and acts on "
                          "its results.", key=f"CX303:{post.id}")
