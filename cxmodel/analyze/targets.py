"""Target rules (CX5xx): what does good look like, and is it measured?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name
from cxmodel.config import Config
from cxmodel.messages.text import message
from cxmodel.model import Workspace

UNTARGETED = message("CX501.no-target", "Channel {channel} is measured but has no target.")
UNTARGETED_HINT = message(
    "CX501.hint",
    "Add targets: with the metrics it is measured by, e.g. [{{metric: {metric_id}, min: ...}}].")
NO_DATA = message(
    "CX502.no-data",
    "Channel {channel} has a target on {metric}, but no listening post collects "
    "{metric_name} on {channel_name}.")
NO_DATA_HINT = message(
    "CX502.hint",
    "Collect {metric_id} in a post that covers {channel_id}, or drop the target.")


@rule("CX501", "untargeted-channel", "warning",
      "A channel where listening posts collect metrics, with no target.")
def untargeted_channel(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A channel where listening posts collect metrics but that has no `targets`: the
    numbers come in, but nobody has said what good looks like, so nobody acts on them. A
    channel heard only through listening that collects no metric (social listening that
    produces themes, say) has nothing to set a target on, and is not reported.

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
        metrics = ws.metrics_on(channel)
        if channel.targets or not metrics:
            continue
        yield Finding(channel, UNTARGETED(channel=name(channel)),
                      channel.field_span("id"),
                      hint=UNTARGETED_HINT(metric_id=metrics[0].id), key=f"CX501:{channel.id}")


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
                NO_DATA(channel=name(channel), metric=name(target.metric),
                        metric_name=bare(target.metric), channel_name=bare(channel)),
                target.span,
                hint=NO_DATA_HINT(metric_id=target.metric.id, channel_id=channel.id),
                key=f"CX502:{channel.id}:{target.metric.id}",
            )
