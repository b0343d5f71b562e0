"""Ownership rules (CX3xx): who is accountable?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import name, names
from cxmodel.config import Config
from cxmodel.messages.text import message
from cxmodel.model import Workspace

UNOWNED_CHANNEL = message("CX301.no-owner", "Channel {channel} has no owner.")
UNOWNED_SHARED_CHANNEL = message(
    "CX301.shared", "Channel {channel} has no owner. It is shared by {departments} with no lead.")
# A text that names nothing (most hints) is made once, and shared by every finding.
UNOWNED_CHANNEL_HINT = message(
    "CX301.hint", "Add owner: with the department accountable for this channel.")()
UNOWNED_JOURNEY = message("CX302.no-owner", "Journey {journey} has no owner.")
UNOWNED_JOURNEY_HINT = message(
    "CX302.hint", "Add owner: with the department accountable for the whole journey.")()
UNOWNED_POST = message("CX303.no-owner", "Listening post {post} has no owner.")
UNOWNED_POST_HINT = message(
    "CX303.hint", "Add owner: with the department that runs it and acts on its results.")()


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
        said = UNOWNED_SHARED_CHANNEL(channel=name(channel), departments=names(channel.co_owners)) \
            if channel.co_owners else UNOWNED_CHANNEL(channel=name(channel))
        yield Finding(channel, said,
                      channel.field_span("id"),
                      hint=UNOWNED_CHANNEL_HINT,
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
            yield Finding(journey, UNOWNED_JOURNEY(journey=name(journey)),
                          journey.field_span("id"),
                          hint=UNOWNED_JOURNEY_HINT, key=f"CX302:{journey.id}")


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
            yield Finding(post, UNOWNED_POST(post=name(post)),
                          post.field_span("id"),
                          hint=UNOWNED_POST_HINT, key=f"CX303:{post.id}")
