"""Consistency rules (CX2xx): can the numbers be compared?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name, names, series
from cxmodel.config import Config
from cxmodel.messages.text import Param, Text, message
from cxmodel.model import Channel, Journey, Metric, Offer, Problem, Step, Workspace
from cxmodel.model.facts import asked_in_journey, drift, shares_metric, touchpoint_experience

NO_SHARED_METRIC = message(
    "CX201.no-shared-metric",
    "The channels of journey {journey} where customers are asked for feedback share no "
    "touchpoint-level experience metric, so their results cannot be compared: {channels}.")
# A channel and its metrics, in a list a CX201 message gives after a colon.
CHANNEL_METRICS = message("CX201.channel-metrics", "{channel} -> {metrics}")
CHANNEL_NO_METRIC = message("CX201.channel-no-metric",
                            "{channel} -> no touchpoint-level experience metric")
# The same, naming the metrics that were found there (relationship or journey-level
# experience metrics, operational metrics).
CHANNEL_OTHER_METRICS = message(
    "CX201.channel-other-metrics",
    "{channel} -> no touchpoint-level experience metric (found: {metrics})")
# The separators of those lists: between channels, and between the metrics of one.
# TRANSLATORS: a separator in a list (no conjunction): "Web -> CSAT; Phone -> NPS".
CHANNELS_SEPARATOR = message("CX201.channels-separator", "{first}; {rest}")
# TRANSLATORS: a separator in a list (no conjunction): "CSAT, CES".
METRICS_SEPARATOR = message("CX201.metrics-separator", "{first}, {rest}")
# A text that names nothing (most hints) is made once, and shared by every finding.
NO_SHARED_METRIC_HINT = message(
    "CX201.hint",
    "Collect one touchpoint-scoped experience metric (for example CSAT on one scale) on "
    "every channel of the journey.")()

SCALE_DRIFT = message(
    "CX202.scale",
    "Listening post {post} collects {metric} on a {scale} scale instead of {standard_scale}, "
    "so its results cannot be compared with other channels.")
QUESTION_DRIFT = message(
    "CX202.question",
    "Listening post {post} collects {metric} with the question \"{question}\" instead of "
    "\"{standard_question}\", so its results cannot be compared with other channels.")
SCALE_AND_QUESTION_DRIFT = message(
    "CX202.scale-question",
    "Listening post {post} collects {metric} on a {scale} scale instead of {standard_scale} "
    "and with the question \"{question}\" instead of \"{standard_question}\", so its "
    "results cannot be compared with other channels.")
DRIFT_HINT = message(
    "CX202.hint",
    "Use the standard scale and question of {metric_id}, or define a separate metric if "
    "this really measures something else.")

RESOLVABLE_ELSEWHERE = message(
    "CX203.elsewhere",
    "Customers raise {problem} at {step} ({channel}) in journey {journey}, but it can only "
    "be resolved in {channels}.")
RESOLVABLE_NOWHERE = message(
    "CX203.nowhere",
    "Customers raise {problem} at {step} ({channel}) in journey {journey}, but the problem "
    "names no channel that can resolve it (resolvable_in).")
# The hint when the problem names no channel: where it can be resolved is not known yet, or
# no channel can (a network to build, a product rule): no channel's staff are to blame.
RESOLVE_NOWHERE_HINT = message(
    "CX203.hint-nowhere",
    "Write in the resolvable_in of problem {problem_id} the channels where it can be "
    "resolved. If none can (the cause lies outside service: a network to build, a product "
    "rule), make sure the problem has an owner who removes the cause, and tell customers "
    "here what happens next.")
# The same, when the problem has an owner, who removes the cause.
RESOLVE_NOWHERE_OWNED_HINT = message(
    "CX203.hint-nowhere-owned",
    "Write in the resolvable_in of problem {problem_id} the channels where it can be "
    "resolved. If none can (the cause lies outside service: a network to build, a product "
    "rule), its owner {owner} removes the cause: tell customers here what happens next.")
RESOLVE_HINT = message(
    "CX203.hint",
    "Enable {channel} staff to resolve it (add {channel_id} to the problem's "
    "resolvable_in), or route customers to a channel that can.")
# The hint on a self-service channel, where no staff serve the customer.
RESOLVE_SELF_SERVICE_HINT = message(
    "CX203.hint-self-service",
    "Give customers a way to resolve it themselves in {channel} (then add {channel_id} to "
    "the problem's resolvable_in), or route them to a channel that can.")
# The hint on a channel for notices, where the customer cannot act.
RESOLVE_NOTICE_HINT = message(
    "CX203.hint-notice",
    "{channel} only informs customers: say in the notice where they can resolve it (one of "
    "the problem's resolvable_in channels), with a link or a number.")

OFFER_GAP = message(
    "CX204.unavailable",
    "Offer {offer} applies to journey {journey}, but is not available in {channels}, which "
    "the journey uses.")
# The steps of the journey present the offer (offers: on steps): their channels are checked.
OFFER_GAP_PRESENTED_ONE = message(
    "CX204.presented-one",
    "Offer {offer} is presented at {step} in journey {journey}, but is not available in "
    "{channels}, where customers meet it.")
OFFER_GAP_PRESENTED = message(
    "CX204.presented",
    "Offer {offer} is presented at steps {steps} in journey {journey}, but is not available "
    "in {channels}, where customers meet it.")
OFFER_GAP_HINT = message(
    "CX204.hint",
    "Make the offer available there (add the channels to its channels), or, if it rightly "
    "does not apply there, waive CX204 on the offer with the reason (waive: {{CX204: ...}}).")()


@rule("CX201", "mixed-metrics", "warning",
      "Channels of one journey where customers are asked for feedback share no "
      "touchpoint-scoped experience metric.")
def mixed_metrics(ws: Workspace, config: Config) -> Iterator[Finding]:
    """Two or more channels of one journey where customers are asked for feedback share no
    touchpoint-scoped experience metric (`kind: experience`, `scope: touchpoint`): the web
    is measured by CSAT, the phone by NPS, so nobody can compare them or see the whole
    journey. Use one standard metric on every channel of a journey.

    Compared are the journey's channels that a post asking customers covers: a survey or
    an interview, or a post whose method is not written. A channel heard only through
    social listening, speech or text analytics, behavioural analytics, operational data or
    employee feedback is left out: nobody can send a CSAT survey to the author of a public
    social-media post, so there is nothing to compare it on. The message names the
    channels it compared.

    A metric is used on a channel of the journey when a post that collects it covers the
    channel, or names this journey's touchpoints in that channel.

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
        listing = [_channel_metrics(c, metrics)
                   for c, metrics in asked_in_journey(ws, journey).items()]
        yield Finding(
            journey,
            NO_SHARED_METRIC(journey=name(journey),
                             channels=series(CHANNELS_SEPARATOR, listing)),
            journey.field_span("id"),
            hint=NO_SHARED_METRIC_HINT,
            key=f"CX201:{journey.id}",
        )


def _channel_metrics(channel: Channel, asked: tuple[Metric, ...]) -> Text:
    """"Web -> CSAT, CES": a channel and the experience metrics used on it."""
    metrics: list[Param] = [bare(m) for m in touchpoint_experience(asked)]
    if not metrics:
        found: list[Param] = [bare(m) for m in asked]
        if found:
            return CHANNEL_OTHER_METRICS(channel=bare(channel),
                                         metrics=series(METRICS_SEPARATOR, found))
        return CHANNEL_NO_METRIC(channel=bare(channel))
    return CHANNEL_METRICS(channel=bare(channel), metrics=series(METRICS_SEPARATOR, metrics))


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
            said: Text
            if scale is not None and question is not None:
                said = SCALE_AND_QUESTION_DRIFT(
                    post=name(post), metric=name(metric), scale=str(scale),
                    standard_scale=str(metric.scale), question=question,
                    standard_question=str(metric.question))
            elif scale is not None:
                said = SCALE_DRIFT(post=name(post), metric=name(metric), scale=str(scale),
                                   standard_scale=str(metric.scale))
            elif question is not None:
                said = QUESTION_DRIFT(post=name(post), metric=name(metric), question=question,
                                      standard_question=str(metric.question))
            else:
                continue
            yield Finding(
                post,
                said,
                used.span,
                hint=DRIFT_HINT(metric_id=metric.id),
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

    A bot or self-service step that hands the customer straight on to a channel that can
    resolve the problem, with their history (a next step in one of its `resolvable_in`
    channels, marked `context: carried`), is not reported: the chat bot's "talk to an
    agent" is how the problem is resolved where it is raised. A notice that leaves the
    customer to call is no such hand-over.

    A problem that names no channel (`resolvable_in` not written or empty) is reported with
    a hint to name them, or, where no channel can resolve it (a network to build, a product
    rule), to give the problem an owner who removes the cause: no channel is to blame.
    Otherwise the hint follows the channel's mode and purpose: where staff serve the customer,
    enable them to resolve it; on a self-service channel, give customers a way to resolve it
    themselves; on a channel for notices, say in the notice where the customer can resolve
    it. (An automated step on a staffed channel, such as a voice menu, gets the staff hint:
    `resolvable_in` is about the channel, and the menu can route to the staff.)
    """
    for journey in ws.journeys:
        for step in journey.steps:
            if step.channel is None:
                continue
            for problem in step.problems:
                if step.channel in problem.resolvable_in or \
                        _handed_over(journey, step, problem):
                    continue
                where: dict[str, Param] = {
                    "problem": name(problem), "step": name(step), "channel": bare(step.channel),
                    "journey": name(journey)}
                hint: Text
                if problem.resolvable_in:
                    said = RESOLVABLE_ELSEWHERE(**where, channels=names(problem.resolvable_in))
                    hint = _resolve_hint(step)
                else:
                    said = RESOLVABLE_NOWHERE(**where)
                    hint = RESOLVE_NOWHERE_HINT(problem_id=problem.id) if problem.owner is None \
                        else RESOLVE_NOWHERE_OWNED_HINT(problem_id=problem.id,
                                                        owner=name(problem.owner))
                yield Finding(step, said, step.field_span("problems"), hint=hint,
                              key=f"CX203:{step.ref}:{problem.id}")


def _handed_over(journey: Journey, step: Step, problem: Problem) -> bool:
    """A bot or a self-service channel that hands the customer, with their history, straight
    to a channel that can resolve the problem (the chat bot's "talk to an agent" that
    carries the conversation over): the customer does not have to start again."""
    channel = step.channel
    if step.staffed or channel is None or channel.for_notices:
        return False  # (after a notice, the customer has to get in touch themselves)
    return any(after.channel in problem.resolvable_in and after.context == "carried"
               for after in journey.successors(step))


def _resolve_hint(step: Step) -> Text:
    channel = step.channel
    assert channel is not None
    if channel.for_notices:
        return RESOLVE_NOTICE_HINT(channel=bare(channel))
    if channel.working_mode == "self-service":
        return RESOLVE_SELF_SERVICE_HINT(channel=bare(channel), channel_id=channel.id)
    return RESOLVE_HINT(channel=bare(channel), channel_id=channel.id)


@rule("CX204", "offer-gap", "warning",
      "An offer is not available in a sales or service channel where customers meet it.")
def offer_gap(ws: Workspace, config: Config) -> Iterator[Finding]:
    """An offer (or message) applies to a journey, but the journey uses a channel where the
    offer is not available: customers hear about it in one channel and are refused it in
    another.

    Offers are checked only where customers can take them up:
    - when steps of the journey present the offer (`offers:` on steps), against those
      steps' channels;
    - otherwise against the journey's sales and service channels.
    Channels for notices (`purpose: notification`, or `mode: proactive` when no purpose is
    written) are never checked: nothing is bought or claimed in an order confirmation or a
    delivery SMS.

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
            presenting = [s for s in journey.steps if offer in s.offers]
            channels = [s.channel for s in presenting if s.channel is not None] if presenting \
                else list(journey.channels)
            missing = list(dict.fromkeys(c for c in channels
                                         if not c.for_notices and c not in available))
            if not missing:
                continue
            said = _offer_gap(offer, journey, missing,
                              [s for s in presenting if s.channel in missing])
            yield Finding(
                offer,
                said,
                offer.field_span("id"),
                hint=OFFER_GAP_HINT,
                key=f"CX204:{offer.id}:{journey.id}",
            )


def _offer_gap(offer: Offer, journey: Journey, missing: list[Channel],
               presenting: list[Step]) -> Text:
    """What CX204 says: where the offer is presented (when steps say it) and where it is
    missing."""
    where: dict[str, Param] = {"offer": name(offer), "journey": name(journey),
                               "channels": names(missing)}
    if not presenting:
        return OFFER_GAP(**where)
    if len(presenting) == 1:
        return OFFER_GAP_PRESENTED_ONE(**where, step=name(presenting[0]))
    return OFFER_GAP_PRESENTED(**where, steps=names(presenting))
