"""The coverage marks every diagram shows: a colour and a symbol (for colour-blind readers)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxmodel.messages.render import day, render
from cxmodel.messages.text import Template, message
from cxmodel.model import Action, Step, Workspace


@dataclass(frozen=True, slots=True)
class Mark:
    key: str  # CSS-like class: measured, unmeasured, mot-unmeasured, mot-measured, customer
    symbol: str
    said: Template  # what the mark means, shown as ``text`` in the active language
    fill: str
    border: str

    @property
    def text(self) -> str:
        return render(self.said())

    @property
    def line(self) -> str:
        """The symbol and its meaning (``✓ measured``), as the legends and boxes show it."""
        return f"{self.symbol} {self.text}" if self.symbol else self.text


# TRANSLATORS: coverage marks of a step or channel in every diagram (and on the site).
MEASURED = Mark("measured", "✓", message("diagram.mark.measured", "measured"),
                "#e3f4e8", "#2e7d45")
UNMEASURED = Mark("unmeasured", "✗", message("diagram.mark.unmeasured", "not measured"),
                  "#fde3e1", "#b3261e")
MOT_UNMEASURED = Mark("mot-unmeasured", "✗★",
                      message("diagram.mark.mot-unmeasured",
                              "moment of truth, not measured directly"),
                      "#f9c9c4", "#8c1d18")
MOT_MEASURED = Mark("mot-measured", "★",
                    message("diagram.mark.mot-measured", "moment of truth, measured"),
                    "#e3f4e8", "#2e7d45")
# A gap the team has accepted: a waiver of CX101 (or CX102 for a moment of truth) on the
# step gives the reason. Still ✗, as it is still not measured, but muted, not an alarm.
WAIVED = Mark("waived", "✗", message("diagram.mark.waived", "not measured (waived)"),
              "#f4eeed", "#a0726d")
MOT_WAIVED = Mark("mot-waived", "✗★",
                  message("diagram.mark.mot-waived", "moment of truth (waived)"),
                  "#f4eeed", "#a0726d")
# TRANSLATORS: the legend's words for the muted mark of a gap a step waives.
WAIVED_MEANS = message("diagram.mark.waived-legend",
                       "✗ not measured on purpose: the step waives the gap, with its reason")
CUSTOMER_ONLY = Mark("customer", "", message("diagram.mark.customer", "customer only"),
                     "#f1f3f4", "#80868b")
# A step with no channel and no customer action: work the company does out of sight.
BACK_OFFICE = Mark("back-office", "", message("diagram.mark.back-office", "back-office work"),
                   "#f1f3f4", "#80868b")
# A notice the company sends (Step.is_notice) that no post hears: not a gap, so not red.
NOTICE = Mark("notice", "", message("diagram.mark.notice", "notice to the customer: not surveyed"),
              "#f1f3f4", "#80868b")
# Marks of steps that are no touchpoint: they show their text, with no symbol.
NOT_TOUCHPOINTS = (CUSTOMER_ONLY, BACK_OFFICE)
HANDOFF = "⇄"
HANDOFF_COLOUR = "#b25e00"
LEGEND = (MEASURED, UNMEASURED, MOT_MEASURED, MOT_UNMEASURED)


def step_mark(ws: Workspace, step: Step) -> Mark:
    """The mark of a step, by the same conditions as CX101 and CX102; a gap the step waives
    (its ``waive:`` of that rule) is marked as accepted, as the report lists it as waived."""
    if step.moment_of_truth:
        if ws.named_by.get(step):
            return MOT_MEASURED
        return MOT_WAIVED if "CX102" in step.waivers else MOT_UNMEASURED
    if not step.is_touchpoint:
        return BACK_OFFICE if step.is_back_office else CUSTOMER_ONLY
    if ws.is_covered(step):
        return MEASURED
    if step.is_notice:
        return NOTICE
    return WAIVED if "CX101" in step.waivers else UNMEASURED


def stage_groups(steps: tuple[Step, ...]) -> list[tuple[str, list[int]]]:
    """Runs of consecutive steps in one stage: (stage name or '', step positions)."""
    groups: list[tuple[str, list[int]]] = []
    for index, step in enumerate(steps):
        name = step.stage.name if step.stage is not None else ""
        if groups and groups[-1][0] == name:
            groups[-1][1].append(index)
        else:
            groups.append((name, [index]))
    return groups


# The most columns a row of a long blueprint or journey map holds: nine, so a 40-step
# journey stays within a printable width.
MAX_COLUMNS = 9


def rows_of(steps: tuple[Step, ...]) -> list[range]:
    """The steps of each row of the drawing: one row up to MAX_COLUMNS steps; a longer
    journey is broken at stage boundaries (a stage of more steps than a row holds is cut
    into even parts), rows filled with whole stages while they fit."""
    rows: list[list[int]] = []
    current: list[int] = []
    for _, indexes in stage_groups(steps):
        parts = -(-len(indexes) // MAX_COLUMNS)
        size = -(-len(indexes) // parts)
        for start in range(0, len(indexes), size):
            chunk = indexes[start:start + size]
            if current and len(current) + len(chunk) > MAX_COLUMNS:
                rows.append(current)
                current = []
            current = current + chunk
    if current:
        rows.append(current)
    return [range(row[0], row[-1] + 1) for row in rows] or [range(0)]


# What happens at a step, drawn where it happens (the blueprint's lane, the journey pages):
# problems customers raise there, offers presented there, proactive notices sent there.
PROBLEM_SYMBOL = "⚠"
OFFER_SYMBOL = "◆"
NOTICE_SYMBOL = "✉"
# TRANSLATORS: what each symbol means, in the diagrams' legends and as the pages' tooltips.
PROBLEM_MEANS = message("diagram.event.problem", "problem raised here")
OFFER_MEANS = message("diagram.event.offer", "offer presented here")
NOTICE_MEANS = message("diagram.event.notice", "proactive notice sent here")
# A proactive notice: the channel it goes by, and its message where the model gives one.
NOTICE_BY = message("diagram.event.notice-by", "{channel}: {message}")


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happens at a step: a problem raised, an offer presented, a notice sent."""

    kind: str  # problem | offer | notice
    symbol: str
    text: str  # the element's name (a notice: its channel and message), in the active language

    @property
    def line(self) -> str:
        return f"{self.symbol} {self.text}"

    @property
    def means(self) -> str:
        return render(MEANS[self.kind]())


MEANS = {"problem": PROBLEM_MEANS, "offer": OFFER_MEANS, "notice": NOTICE_MEANS}
EVENT_LEGEND = ((PROBLEM_SYMBOL, PROBLEM_MEANS), (OFFER_SYMBOL, OFFER_MEANS),
                (NOTICE_SYMBOL, NOTICE_MEANS))


def step_events(step: Step) -> list[Event]:
    """The problems raised, offers presented and proactive notice sent at a step."""
    events = [Event("problem", PROBLEM_SYMBOL, p.name) for p in dict.fromkeys(step.problems)]
    events.extend(Event("offer", OFFER_SYMBOL, o.name) for o in dict.fromkeys(step.offers))
    notice = step.proactive
    if notice is not None and (notice.channel is not None or notice.message):
        channel = notice.channel.name if notice.channel is not None else ""
        text = render(NOTICE_BY(channel=channel, message=notice.message)) \
            if channel and notice.message else (channel or notice.message or "")
        events.append(Event("notice", NOTICE_SYMBOL, text))
    return events


# Improvement actions (``actions:``) aimed at a step: what the team has committed to change
# there, under the listening that heard it, so the blueprint shows the loop closing.
ACTION_SYMBOL = "▲"
# TRANSLATORS: the blueprint legend's words for its improvement-actions lane.
ACTION_MEANS = message("diagram.action.means",
                       "improvement action at this step, with its owner and due date")
# TRANSLATORS: under an improvement action's title in the blueprint; {due} is a date as the
# language writes it (6 December 2026).
ACTION_DUE = message("diagram.action.due", "{owner}, due {due}")
ACTION_OVERDUE = message("diagram.action.overdue", "{owner}, overdue since {due}")
ACTION_DUE_NO_OWNER = message("diagram.action.due-no-owner", "due {due}")
ACTION_OVERDUE_NO_OWNER = message("diagram.action.overdue-no-owner", "overdue since {due}")

# TRANSLATORS: an improvement action on the site's journey page: its title, then the text
# of diagram.action.due or diagram.action.overdue.
ACTION_AT = message("diagram.action.at", "{action} ({when})")

_actions_of: tuple[Workspace, dict[int, list[Action]]] | None = None


def action_when(action: Action, today: str | None) -> str | None:
    """Who does the action and by when, overdue when ``today`` (an ISO date: the day the
    results are read on) is past its due date; None when it has no due date."""
    if action.due is None:
        return None
    late = today is not None and action.due < today
    due = day(action.due).replace(" ", "\u00a0")  # one line: "31 January 2027"
    if action.owner is not None:
        return render((ACTION_OVERDUE if late else ACTION_DUE)(owner=action.owner.name, due=due))
    return render((ACTION_OVERDUE_NO_OWNER if late else ACTION_DUE_NO_OWNER)(due=due))


def step_actions(ws: Workspace, step: Step) -> list[Action]:
    """The unfinished improvement actions aimed at ``step``: those whose origin is a
    finding about the step (its fingerprint names the step: ``CX101:order/ask``), a problem
    raised at the step, or a theme pointing at such a problem. Actions whose origin is a
    whole listening post are not at any one step. Worked out once per workspace."""
    global _actions_of
    if not ws.actions:
        return []
    known = _actions_of  # one read: another thread may replace it meanwhile
    if known is None or known[0] is not ws:
        known = _actions_of = (ws, _aimed(ws))
    return known[1].get(id(step), [])


_CODE = re.compile(r"(?:CX\d{3}:)+")


def _step_named(fingerprint: str, by_ref: dict[str, Step]) -> Step | None:
    """The step a finding's fingerprint is about: after its code (or codes, CX809's
    ``CX809:CX101:order/ask``), the longest step ref it starts with, whole or followed by
    ``:`` (``CX203:order/ask:nps``); for a hand-off (``CX104:order/a>order/b``), the step
    it leads to."""
    code = _CODE.match(fingerprint)
    if code is None:
        return None
    rest = fingerprint[code.end():].rpartition(">")[2]
    cut = len(rest)
    while cut > 0:
        found = by_ref.get(rest[:cut])
        if found is not None:
            return found
        cut = rest.rfind(":", 0, cut)
    return None


def _aimed(ws: Workspace) -> dict[int, list[Action]]:
    by_ref = {s.ref: s for s in ws.steps}
    raising: dict[int, list[Step]] = {}
    for s in ws.steps:
        for problem in dict.fromkeys(s.problems):
            raising.setdefault(id(problem), []).append(s)
    aimed: dict[int, list[Action]] = {}
    for action in ws.actions:
        if action.finished:
            continue
        steps: list[Step] = []
        if action.finding is not None:
            found = _step_named(action.finding, by_ref)
            steps.extend([found] if found is not None else [])
        problems = [action.problem] if action.problem is not None else []
        if action.theme is not None:
            problems.extend(action.theme.problems)
        for problem in problems:
            steps.extend(raising.get(id(problem), []))
        for s in dict.fromkeys(steps):
            aimed.setdefault(id(s), []).append(action)
    return aimed
