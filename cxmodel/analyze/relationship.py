"""Consistency of relationship metrics (CX205): a score about the whole relationship, asked
after each contact, measures neither."""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import name, names
from cxmodel.config import Config
from cxmodel.messages.text import message, plural
from cxmodel.model import Workspace
from cxmodel.model.facts import asks_customers

PER_CONTACT = plural(
    "CX205.per-contact",
    "Listening post {post} asks for {metric}, a relationship metric, after contacts in "
    "{channels}: the score mixes what customers think of the company with how this one "
    "contact went.",
    "Listening post {post} asks for {metric}, a relationship metric, after contacts in "
    "{channels}: the score mixes what customers think of the company with how this one "
    "contact went.")
PER_CONTACT_HINT = message(
    "CX205.hint",
    "Ask {metric_id} in a relationship study (covers: {{relationship: true}}). After a "
    "contact, ask a touchpoint metric (CSAT, CES), or define a transactional NPS as a metric "
    "of its own (scope: touchpoint, asking about this contact).")


@rule("CX205", "relationship-metric-per-contact", "warning",
      "A relationship metric (such as relationship NPS) asked after each contact.")
def relationship_metric_per_contact(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A post that asks customers after their contacts (it covers channels or touchpoints)
    for a metric with `scope: relationship`, such as relationship NPS. Asked right after a
    call, "would you recommend us?" measures the call and the relationship at once, and
    neither well: the score swings with one agent's day, and the relationship score can no
    longer be compared with the annual study. Ask a touchpoint metric after contacts, and
    the relationship metric in a study of the relationship as a whole. Posts that do not
    ask customers (analytics) and posts that cover only journeys or the relationship are
    not reported.

    Fails:
    ```yaml
    metrics: [{id: nps, kind: experience, scope: relationship}]
    listening_posts:
      - {id: after-call-survey, method: survey, metrics: [nps], covers: {channels: [phone]}}
    ```
    Passes:
    ```yaml
    listening_posts:
      - {id: after-call-survey, method: survey, metrics: [csat], covers: {channels: [phone]}}
      - {id: annual-nps, method: survey, metrics: [nps], covers: {relationship: true}}
    ```
    """
    for post in ws.listening_posts:
        if not post.covers.contacts or not asks_customers(post):
            continue
        channels = dict.fromkeys(post.covers.channels)
        channels.update(dict.fromkeys(s.channel for s in post.covers.touchpoints
                                      if s.channel is not None))
        for used in post.metrics:
            if used.metric.scope != "relationship":
                continue
            yield Finding(
                post,
                PER_CONTACT(post=name(post), metric=name(used.metric),
                            channels=names(channels), count=len(channels)),
                used.span,
                hint=PER_CONTACT_HINT(metric_id=used.metric.id),
                key=f"CX205:{post.id}:{used.metric.id}",
            )
