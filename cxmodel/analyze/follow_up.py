"""Follow-up rules (CX404-CX406): does the customer who spoke up get an answer, in a
conversation, from someone who can act?"""

from __future__ import annotations

from collections.abc import Iterator

from cxmodel.analyze.loops import EMPTY_INNER_LOOP, INCOMPLETE_INNER_LOOP
from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import name, names
from cxmodel.config import Config
from cxmodel.messages.text import Items, Text, message, plural
from cxmodel.model import Workspace
from cxmodel.model.elements import Channel, InnerLoop, Problem
from cxmodel.model.facts import SPEAKING_UP_METHODS, inner_loop_open, posts_covering_steps

# Where customers write in public (a review, a post): the company can answer there.
PUBLIC_METHODS = ("social-listening", "reviews")

UNANSWERED = message(
    "CX404.no-inner-loop",
    "Listening post {post} hears customers who can be answered (their public posts, "
    "complaints or reviews), but has no inner loop: nobody answers them.")
UNANSWERED_HINT = message(
    "CX404.hint",
    "Add closed_loop.inner: who answers the customer where they spoke up, then takes the case "
    "to a private channel (owner), how fast (within) and through which channels (via).")()

ONE_WAY = plural(
    "CX405.one-way",
    "Listening post {post} follows up only through {channels}, where the customer cannot "
    "talk with anyone: a message they cannot answer is a thank-you, not a follow-up.",
    "Listening post {post} follows up only through {channels}, where the customer cannot "
    "talk with anyone: a message they cannot answer is a thank-you, not a follow-up.")
# {channel_id}: a channel of the model where people serve customers.
ONE_WAY_HINT = message(
    "CX405.hint",
    "Add a channel where the customer can talk to someone to closed_loop.inner.via, e.g. "
    "{channel_id}.")
# Reviews and social listening: the customer wrote in public, where the company can answer.
ONE_WAY_HINT_PUBLIC = message(
    "CX405.hint-public",
    "Answer where the customer wrote (the platform's or app store's public reply), then "
    "invite them to a channel where someone talks with them, and add it to "
    "closed_loop.inner.via.")()
ONE_WAY_HINT_NO_CHANNEL = message(
    "CX405.hint-no-channel",
    "Follow up through a channel where the customer can talk to someone (a phone call, a "
    "chat or an e-mail they can answer), and add it to closed_loop.inner.via.")()

POWERLESS_ONE = message(
    "CX406.powerless-one",
    "The follow-up of listening post {post} cannot act on problem {problem}, raised at the "
    "touchpoints it covers: {department} does not own it, runs no channel where it can be "
    "resolved, and may not escalate it.")
POWERLESS_MANY = message(
    "CX406.powerless-many",
    "The follow-up of listening post {post} cannot act on the problems {problems}, raised at "
    "the touchpoints it covers: {department} does not own them, runs no channel where they "
    "can be resolved, and may not escalate them.")
POWERLESS_HINT = message(
    "CX406.hint",
    "Let the person following up escalate (closed_loop.inner.may: [escalate]), so that the "
    "problem's owner must act, or have the follow-up made by a department that can resolve "
    "it.")()


@rule("CX404", "unanswered-customers", "warning",
      "A social-listening, complaints or reviews post with no complete inner loop: customers "
      "who spoke up get no answer.")
def unanswered_customers(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A listening post that hears customers who can be answered, without a complete inner
    loop. Social listening sees who posted a complaint on Facebook or in the company's
    community; a complaints register and ratings and reviews know who wrote. Every one of
    them expects an answer, and the people reading along see whether they get one. (Surveys
    and interviews are CX401's; speech and text analytics, behavioural analytics,
    operational data and employee feedback listen to many customers at once, and are not
    expected to answer each one.)

    Fails:
    ```yaml
    listening_posts:
      - {id: social-listening, method: social-listening, owner: marketing,
         covers: {channels: [social, community]}}
    ```
    Passes:
    ```yaml
    listening_posts:
      - id: social-listening
        method: social-listening
        owner: marketing
        covers: {channels: [social, community]}
        closed_loop:
          inner: {owner: contact-centre, within: 4h, via: [social, phone]}
    ```
    """
    for post in ws.listening_posts:
        if post.method not in SPEAKING_UP_METHODS or post.anonymous \
                or not inner_loop_open(post):
            continue
        loop = post.inner_loop
        said: Text
        if loop is None:
            said = UNANSWERED(post=name(post))
            span = post.field_span("id")
        else:
            missing = tuple(key for key, present in (("owner", loop.owner is not None),
                                                     ("within", loop.within is not None),
                                                     ("via", bool(loop.via))) if not present)
            said = EMPTY_INNER_LOOP(post=name(post)) if len(missing) == 3 else \
                INCOMPLETE_INNER_LOOP(post=name(post), missing=Items(missing, "or"))
            span = loop.span
        yield Finding(post, said, span, hint=UNANSWERED_HINT, key=f"CX404:{post.id}")


@rule("CX405", "one-way-follow-up", "warning",
      "An inner loop that follows up only through channels where nobody talks with the "
      "customer.")
def one_way_follow_up(ws: Workspace, config: Config) -> Iterator[Finding]:
    """An inner loop whose every `via` channel is one where nobody talks with the customer:
    it only sends notices (`purpose: notification`, or a proactive channel such as push or
    SMS with no purpose written), or it is self-service (a website, an app). A push message
    or an SMS "thank you for your feedback" is not a follow-up: the customer cannot answer
    it, and nobody learns what went wrong or puts it right. For reviews and social
    listening the hint says to answer where the customer wrote, then invite them to talk.

    Fails:
    ```yaml
    channels: [{id: push, kind: push}]
    listening_posts:
      - id: app-rating
        closed_loop: {inner: {owner: digital, within: 24h, via: [push]}}
    ```
    Passes:
    ```yaml
        closed_loop: {inner: {owner: contact-centre, within: 24h, via: [phone, push]}}
    ```
    """
    talking = next((c for c in ws.channels if _two_way(c) and c.working_mode == "assisted"),
                   None)
    hint = ONE_WAY_HINT(channel_id=talking.id) if talking is not None \
        else ONE_WAY_HINT_NO_CHANNEL
    for post in ws.listening_posts:
        loop = post.inner_loop
        if loop is None or not loop.via or any(_two_way(c) for c in loop.via):
            continue
        yield Finding(post, ONE_WAY(post=name(post), channels=names(loop.via),
                                    count=len(loop.via)),
                      loop.field_span("via"),
                      hint=ONE_WAY_HINT_PUBLIC if post.method in PUBLIC_METHODS else hint,
                      key=f"CX405:{post.id}")


def _two_way(channel: Channel) -> bool:
    """Someone can talk with the customer there (an unknown working mode counts)."""
    return not channel.for_notices and channel.working_mode != "self-service"


@rule("CX406", "powerless-follow-up", "warning",
      "A follow-up by a department that can neither resolve the problems raised where the "
      "post listens nor escalate them.")
def powerless_follow_up(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A follow-up that cannot act: the department that follows up (`closed_loop.inner.owner`)
    cannot resolve the customer's problem. The problems are those raised at the touchpoints
    the post covers (by name or by channel). The follow-up can act on a problem when:
    - its department owns the problem (the problem's `owner`), or
    - it owns or co-owns a channel where the problem can be resolved (the problem's
      `resolvable_in`): its own people resolve the problem there. Calling through such a
      channel is not enough: a marketer who phones cannot rebook a delivery as the phone
      agents can; or
    - it may escalate (`closed_loop.inner.may: [escalate]`): the case goes to the problem's
      owner, who must act.
    Otherwise the customer hears "sorry" and nothing changes: the literature's question
    "with what authority?". A problem that says neither its owner nor where it can be
    resolved is not judged.

    Fails:
    ```yaml
    problems:
      - {id: damaged-item, owner: logistics, resolvable_in: [home-delivery, store]}
    listening_posts:
      - id: delivery-survey
        covers: {channels: [home-delivery]}     # where damaged-item is raised
        closed_loop: {inner: {owner: contact-centre, within: 24h, via: [phone]}}
    ```
    Passes:
    ```yaml
        closed_loop:
          inner: {owner: contact-centre, within: 24h, via: [phone], may: [escalate]}
    ```
    """
    covered = posts_covering_steps(ws)
    for post in ws.listening_posts:
        loop = post.inner_loop
        if loop is None or loop.owner is None or not loop.via or loop.can_escalate:
            continue
        raised = dict.fromkeys(p for step in covered.get(post, ()) for p in step.problems)
        stuck = [p for p in raised if not _can_act(loop, p)]
        if not stuck:
            continue
        said = POWERLESS_ONE(post=name(post), problem=name(stuck[0]),
                             department=name(loop.owner)) if len(stuck) == 1 else \
            POWERLESS_MANY(post=name(post), problems=names(stuck), department=name(loop.owner))
        yield Finding(post, said, loop.field_span("owner"), hint=POWERLESS_HINT,
                      key=f"CX406:{post.id}")


def _can_act(loop: InnerLoop, problem: Problem) -> bool:
    """Whether a follow-up can act on a problem (or the model does not say who can)."""
    if problem.owner is None and not problem.resolvable_in:
        return True
    if problem.owner is loop.owner:
        return True
    # Its own people can resolve it in a channel it runs: store staff calling a customer back
    # about an order not ready at the desk can have it ready. Following up through such a
    # channel is not enough: a marketer who phones cannot rebook a delivery as agents can.
    return any(loop.owner is c.owner or loop.owner in c.co_owners
               for c in problem.resolvable_in)
