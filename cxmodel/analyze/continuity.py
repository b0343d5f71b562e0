"""Continuity rules (CX603, CX604): does the customer's story travel with them, and does the
journey send them back to ask again?"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator

from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import bare, name, names, series
from cxmodel.config import Config
from cxmodel.messages.text import Param, Text, message
from cxmodel.model import Journey, Step, Workspace
from cxmodel.model.elements import Problem

LOST_CONTEXT = message(
    "CX603.lost",
    "At {step} ({channel}) in journey {journey}, nobody sees what happened before ({sources}): "
    "the customer has to tell it all again.")
LOST_CONTEXT_HINT = message(
    "CX603.hint",
    "Pass the customer's history (the case, earlier contacts, what was promised) to whoever "
    "serves this step, then write context: carried.")()

REPEAT_CONTACT = message(
    "CX604.repeat",
    "Customers of journey {journey} contact the company again about {problem}: at {first} "
    "({first_channel}), then again at {second} ({second_channel}). A repeat contact is "
    "demand the company's own failure creates.")
LOOP = message(
    "CX604.loop",
    "Journey {journey} sends customers round a loop: {steps}. Each time round is demand the "
    "company's own failure creates.")
# TRANSLATORS: the steps of a loop, in order: "Call -> Wait for engineer -> Call".
LOOP_STEP = message("CX604.loop-step", "{first} -> {rest}")
REPEAT_HINT = message(
    "CX604.hint",
    "Find out why the first contact did not resolve it (authority, tools, a promise not "
    "kept) and fix that there; measure repeat contacts (e.g. FCR).")()
# The first contact's channel cannot resolve the problem, and the customer comes back to it.
REPEAT_SAME_CHANNEL_HINT = message(
    "CX604.hint-same-channel",
    "{channel} cannot resolve it, so customers come back to it: let its staff resolve it (add "
    "{channel_id} to the problem's resolvable_in), or send customers straight to a channel "
    "that can; measure repeat contacts (e.g. FCR).")
LOOP_HINT = message(
    "CX604.hint-loop",
    "Find out why customers go round again and fix it at the first pass; measure repeat "
    "contacts (e.g. FCR).")()
# Touchpoints raising one problem whose reach is followed, at most: keeps a contrived model
# (thousands of unconnected branches raising one problem) from taking quadratic time.
MOST_SEARCHES = 100


@rule("CX603", "lost-context", "warning",
      "A hand-off into a step where the customer's history is lost (context: lost).")
def lost_context(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A hand-off (the channel or the responsible department changes) into a step that says
    `context: lost`: whoever serves the customer there does not see what happened before
    (the case, earlier contacts, what was promised), so the customer repeats everything.
    Customers name repeating their story among the worst parts of any service. A step
    reached with no hand-off (the same channel and the same people) is not reported, nor is
    a journey's first step. The message names where the customer last told their story to
    people: the nearest staffed touchpoints before the step (the chat, not the order
    look-up in the app between the chat and the call), or the step just before when no
    one served the customer earlier.

    Fails:
    ```yaml
    steps:
      - {id: chat-about-refund, channel: web-chat}
      - {id: call-about-refund, channel: phone, context: lost}
    ```
    Passes: `context: carried` (the agent sees the chat), or no hand-off into the step.
    """
    for journey in ws.journeys:
        sources: dict[Step, list[Step]] = {}
        for handoff in ws.journey_handoffs[journey]:
            if handoff.target.context == "lost":
                sources.setdefault(handoff.target, []).append(handoff.source)
        if not sources:
            continue
        earlier = _predecessors(journey)
        for step, before in sources.items():
            assert step.channel is not None  # a hand-off is between touchpoints
            told = [told for source in before for told in _told(source, earlier, step)]
            yield Finding(
                step,
                LOST_CONTEXT(step=name(step), channel=bare(step.channel),
                             journey=name(journey), sources=names(dict.fromkeys(told))),
                step.field_span("context"), hint=LOST_CONTEXT_HINT, key=f"CX603:{step.ref}")


@rule("CX604", "failure-demand", "warning",
      "A journey that brings the customer back to the company for the same need: a repeat "
      "contact about one problem, or a loop.")
def failure_demand(ws: Workspace, config: Config) -> Iterator[Finding]:
    """Demand the company's own failure creates: the journey sends the customer back for the
    same need. Reported:
    - **a repeat contact**: the same problem is raised at two staffed touchpoints (where
      people serve the customer), the second reached from the first, and the first could
      have resolved it (its channel is in the problem's `resolvable_in`: a chat, then a call
      about the same missing refund; a video call, then a branch visit about the same
      unreadable document), or the second is back in the same channel (a repeat call);
    - **a loop**: `next` leads back to an earlier step, so the customer goes round again (a
      repeat call after a missed appointment). The message names the loop's steps.
    Planned steps are not failure demand: handing in a return at the store after
    requesting it online raises the problem at a self-service touchpoint first; a call to
    report a broken boiler, then the engineer's visit that fixes it, goes from a channel
    that cannot resolve the problem to one that can (CX203 reports where it is raised);
    and two steps in one channel with no problem in common are not reported. Nor is a step
    where the company comes to the customer (a channel with `mode: proactive`, such as the
    technician's visit the hotline books when it cannot fix the line remotely, or an
    outbound call-back): the customer does not contact the company again there.

    Fails:
    ```yaml
    steps:
      - {id: chat-about-refund, channel: web-chat, problems: [refund-delay]}
      - {id: call-about-refund, channel: phone, problems: [refund-delay]}
    ```
    Passes: the chat resolves the refund, and the call step is dropped from the journey.
    """
    for journey in ws.journeys:
        yield from _repeats(journey)
        yield from _loops(journey)


def _repeats(journey: Journey) -> Iterator[Finding]:
    raising: dict[Problem, list[Step]] = {}
    for step in journey.steps:
        if step.staffed:
            for problem in dict.fromkeys(step.problems):
                raising.setdefault(problem, []).append(step)
    for problem, steps in raising.items():
        if len(steps) < 2:
            continue
        found = _first_repeat(journey, problem, steps)
        if found is None:
            continue
        first, second = found
        assert first.channel is not None and second.channel is not None
        hint: Text = REPEAT_HINT
        if problem.resolvable_in and first.channel not in problem.resolvable_in:
            hint = REPEAT_SAME_CHANNEL_HINT(channel=name(first.channel),
                                            channel_id=first.channel.id)
        yield Finding(
            second,
            REPEAT_CONTACT(journey=name(journey), problem=name(problem), first=name(first),
                           first_channel=bare(first.channel), second=name(second),
                           second_channel=bare(second.channel)),
            second.field_span("problems"), hint=hint,
            key=f"CX604:{second.ref}:{problem.id}")


def _first_repeat(journey: Journey, problem: Problem,
                  steps: list[Step]) -> tuple[Step, Step] | None:
    """The first step of ``steps`` from which another of them is reached as a repeat
    contact, and that one: the first could have resolved the problem, or the customer comes
    back to the same channel. Going on to a channel that can resolve what the first could
    not is the journey working as designed."""
    wanted = set(steps)
    for first in steps[:MOST_SEARCHES]:
        could = first.channel in problem.resolvable_in
        for reached in _reachable(journey, first):
            if reached in wanted and reached is not first and not _company_comes(reached) \
                    and (could or reached.channel is first.channel):
                return first, reached
    return None


def _company_comes(step: Step) -> bool:
    """Whether the company comes to the customer at ``step`` (its channel is proactive: a
    technician's visit booked in the call, an outbound call-back): the customer does not
    contact it again there."""
    return step.channel is not None and step.channel.working_mode == "proactive"


def _reachable(journey: Journey, start: Step) -> Iterator[Step]:
    """The steps reached from ``start`` (not itself, unless a loop leads back), nearest
    first."""
    seen: set[int] = set()
    queue = deque(journey.successors(start))
    while queue:
        step = queue.popleft()
        if id(step) in seen:
            continue
        seen.add(id(step))
        yield step
        queue.extend(journey.successors(step))


def _loops(journey: Journey) -> Iterator[Finding]:
    for component in _cycles(journey):
        if not any(step.is_touchpoint for step in component):
            continue
        members = set(component)
        closing = next(step for step in component
                       if any(s in members and s.position <= step.position
                              for s in journey.successors(step)))
        path: list[Param] = [name(step) for step in component]
        path.append(name(component[0]))
        yield Finding(
            closing,
            LOOP(journey=name(journey), steps=series(LOOP_STEP, path)),
            closing.field_span("next"), hint=LOOP_HINT, key=f"CX604:{closing.ref}:loop")


def _predecessors(journey: Journey) -> dict[Step, list[Step]]:
    """The steps that lead to each step."""
    found: dict[Step, list[Step]] = {}
    for step in journey.steps:
        for following in journey.successors(step):
            found.setdefault(following, []).append(step)
    return found


def _told(source: Step, earlier: dict[Step, list[Step]], lost: Step) -> list[Step]:
    """What CX603 says is lost when the step after ``source`` loses the history: the
    nearest staffed touchpoints at or before ``source``, where the customer told their
    story to people (a look-up in the app between the chat and the call is not what the
    caller repeats); ``source`` itself when no one served the customer before it."""
    found: dict[Step, None] = {}
    seen = {source, lost}  # round a loop: the step that lost the story is not where it was told
    queue = deque([source])
    while queue:
        step = queue.popleft()
        if step.staffed:
            found[step] = None
            continue
        for before in earlier.get(step, ()):
            if before not in seen:
                seen.add(before)
                queue.append(before)
    return list(found) or [source]


def _cycles(journey: Journey) -> list[list[Step]]:
    """The journey's loops: its strongly connected groups of steps (more than one step, or
    one leading to itself), each in the order the steps are written (Tarjan's algorithm,
    without recursion)."""
    if all(following.position > step.position for step in journey.steps
           if step.next_ids is not None for following in journey.successors(step)):
        return []  # every step leads only to later ones (as without `next`): no loop
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[Step] = []
    found: list[list[Step]] = []
    counter = 0
    for root in journey.steps:
        if id(root) in index:
            continue
        work: list[tuple[Step, Iterator[Step]]] = [(root, iter(journey.successors(root)))]
        index[id(root)] = low[id(root)] = counter
        counter += 1
        stack.append(root)
        on_stack.add(id(root))
        while work:
            step, successors = work[-1]
            advanced = False
            for nxt in successors:
                if id(nxt) not in index:
                    index[id(nxt)] = low[id(nxt)] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(id(nxt))
                    work.append((nxt, iter(journey.successors(nxt))))
                    advanced = True
                    break
                if id(nxt) in on_stack:
                    low[id(step)] = min(low[id(step)], index[id(nxt)])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[id(parent)] = min(low[id(parent)], low[id(step)])
            if low[id(step)] == index[id(step)]:
                component: list[Step] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(id(member))
                    component.append(member)
                    if member is step:
                        break
                if len(component) > 1 or step in journey.successors(step):
                    found.append(sorted(component, key=lambda s: s.position))
    return found
