"""Target rules (CX5xx): what does good look like, and is it measured?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import q, short
from cxmodel.config import Config
from cxmodel.model import Workspace


@rule("CX501", "untargeted-channel", "warning", "A measured channel with no target.")
def untargeted_channel(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel that listening posts measure but that has no `targets`: the numbers come
    in, but nobody has said what good looks like, so nobody acts on them.

    Fails:
    ```yaml
    channels: [{id: web-chat, owner: contact-centre}]     # measured by the post-chat survey
    ```
    Passes:
    ```yaml
    channels:
      - {id: web-chat, owner: contact-centre, targets: [{metric: csat, min: 4.3}]}
    ```
    """
    for channel in ws.channels:
        if channel.targets or not ws.is_measured(channel):
            continue
        yield Finding(channel, f"Channel {q(channel)} is measured but has no target.",
                      channel.field_span("id"),
                      hint="Add targets: with the metrics it is measured by, e.g. "
                      "[{metric: csat, min: 4.3}].", key=f"CX501:{channel.id}")


@rule("CX502", "target-without-data", "warning",
      "A channel target on a metric no post collects on that channel.")
def target_without_data(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel has a target on a metric that no listening post collects on that channel:
    the target can never be checked.

    Fails:
    ```yaml
    channels: [{id: phone, targets: [{metric: csat, min: 4.3}]}]
    listening_posts:
      - {id: call-survey, metrics: [nps], covers: {channels: [phone]}}
    ```
    Passes: the post collects `csat`.
    """
    for channel in ws.channels:
        used = ws.metrics_on(channel)
        for target in channel.targets:
            if target.metric in used:
                continue
            yield Finding(
                channel,
                f"Channel {q(channel)} has a target on {q(target.metric)}, but no listening "
                f"post collects {short(target.metric.name)} on {short(channel.name)}.",
                target.span,
                hint=f"Collect {target.metric.id} in a post that covers {channel.id}, or drop "
                "the target.",
                key=f"CX502:{channel.id}:{target.metric.id}",
            )
