"""The built model: references resolved and the derived facts the rules rely on."""

from __future__ import annotations

import cxmodel
from cxmodel.model import Workspace
from tests.conftest import EXAMPLES

MODEL = """
departments:
  - {id: digital}
  - {id: service}
  - {id: logistics}
channels:
  - {id: web, owner: digital}
  - {id: phone, owner: service}
  - {id: sms, owner: logistics}
metrics:
  - {id: csat, scale: {min: 1, max: 5}, question: How satisfied are you?}
listening_posts:
  - id: web-survey
    metrics: [csat, {metric: csat, scale: {min: 1, max: 10}}]
    covers: {channels: [web]}
  - id: call-survey
    covers: {touchpoints: [order/call]}
    closed_loop: {inner: {owner: service, within: 2d, via: [phone]}}
journeys:
  - id: order
    stages: [{id: buy}]
    steps:
      - {id: browse, stage: buy, channel: web}
      - {id: think, name: Thinks it over}
      - {id: sms, channel: sms, next: [call, done]}
      - id: call
        channel: phone
        frontstage: [{actor: logistics, action: Moves the slot}]
        next: [done]
      - {id: done, channel: phone}
"""


def workspace(write) -> Workspace:  # type: ignore[no-untyped-def]
    result = cxmodel.load(write("ws/model.yaml", MODEL))
    assert result.diagnostics == []
    assert result.workspace is not None
    return result.workspace


def test_references_are_resolved(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    journey = ws.journey("order")
    assert journey is not None
    browse = journey.steps[0]
    assert browse.channel is ws.channel("web")
    assert browse.stage is not None and browse.stage.id == "buy"
    assert browse.name == "browse"  # name defaults to the id
    assert journey.steps[1].name == "Thinks it over"
    assert [t.id for t in journey.touchpoints] == ["browse", "sms", "call", "done"]
    post = ws.listening_post("web-survey")
    assert post is not None
    assert [str(m.scale) for m in post.metrics] == ["1–5", "1–10"]
    assert post.metrics[1].question == "How satisfied are you?"
    loop = ws.listening_post("call-survey").inner_loop  # type: ignore[union-attr]
    assert loop is not None and loop.complete and loop.within_seconds == 172800


def test_responsible_department(write) -> None:  # type: ignore[no-untyped-def]
    journey = workspace(write).journey("order")
    assert journey is not None
    by_id = {s.id: s.responsible.id if s.responsible else None for s in journey.steps}
    # The first frontstage actor, else the channel's owner.
    assert by_id == {"browse": "digital", "think": None, "sms": "logistics",
                     "call": "logistics", "done": "service"}


def test_successors_follow_next_or_the_following_step(write) -> None:  # type: ignore[no-untyped-def]
    journey = workspace(write).journey("order")
    assert journey is not None
    assert {s.id: [n.id for n in journey.successors(s)] for s in journey.steps} == {
        "browse": ["think"], "think": ["sms"], "sms": ["call", "done"], "call": ["done"],
        "done": []}


def test_coverage_by_channel_and_by_name(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    journey = ws.journey("order")
    assert journey is not None
    covered = {s.id: [p.id for p in ws.posts_covering(s)] for s in journey.touchpoints}
    assert covered == {"browse": ["web-survey"], "sms": [], "call": ["call-survey"], "done": []}
    assert [s.id for s in ws.named_by] == ["call"]


def test_handoffs_skip_customer_only_steps(write) -> None:  # type: ignore[no-untyped-def]
    ws = workspace(write)
    found = [(h.source.id, h.target.id, h.channel_changes, h.department_changes)
             for h in ws.handoffs]
    assert found == [
        ("browse", "sms", True, True),  # across the customer-only step 'think'
        ("sms", "call", True, False),  # same responsible department (logistics)
        ("sms", "done", True, True),
        ("call", "done", False, True),  # same channel, another department
    ]


def test_retailer_example_model() -> None:
    result = cxmodel.load(EXAMPLES / "omnichannel-retailer")
    ws = result.workspace
    assert ws is not None
    journey = ws.journey("online-order")
    assert journey is not None
    assert [c.id for c in journey.channels] == ["web", "web-chat", "email", "sms", "phone",
                                                "app", "home-delivery"]
    call = journey.step("call-to-change-date")
    assert call is not None and call.moment_of_truth
    assert [p.id for p in ws.posts_covering(call)] == ["after-call-ivr-survey",
                                                       "speech-analytics"]
    assert call not in ws.named_by


def _reference_handoffs(journey) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    """Hand-offs found the slow, obvious way: a search from every touchpoint through
    customer-only steps."""
    found = set()
    for step in journey.steps:
        if step.channel is None:
            continue
        seen, pending = {step.id}, list(journey.successors(step))
        while pending:
            current = pending.pop(0)
            if current.id in seen:
                continue
            seen.add(current.id)
            if current.channel is None:
                pending.extend(journey.successors(current))
            elif (current.channel is not step.channel
                  or current.responsible is not step.responsible):
                found.add((step.id, current.id))
    return found


def test_handoffs_through_loops_and_branches_of_customer_only_steps(write) -> None:  # type: ignore[no-untyped-def]
    import random

    rng = random.Random(7)
    text = ("departments: [{id: a}, {id: b}]\n"
            "channels: [{id: web, kind: web, owner: a}, {id: phone, kind: voice, owner: b}]\n"
            "journeys:\n")
    for number in range(40):
        text += f"  - id: j{number}\n    steps:\n"
        for index in range(12):
            channel = rng.choice(["web", "phone", None, None])
            targets = rng.sample(range(12), rng.randint(0, 3))
            text += f"      - id: s{index}\n"
            if channel:
                text += f"        channel: {channel}\n"
            if rng.random() < 0.7:
                text += f"        next: [{', '.join(f's{t}' for t in targets)}]\n"
    result = cxmodel.load(write("loops/a.yaml", text))
    ws = result.workspace
    assert ws is not None, result.diagnostics[:3]
    for journey in ws.journeys:
        got = [(h.source.id, h.target.id) for h in ws.journey_handoffs[journey]]
        assert len(got) == len(set(got))
        assert set(got) == _reference_handoffs(journey), journey.id
    assert sum(len(found) for found in ws.journey_handoffs.values()) > 100
