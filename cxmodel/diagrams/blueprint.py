"""The service blueprint of one journey as DOT: one column per step in the customer's order,
grouped under stage headers, lanes top to bottom (physical evidence, customer actions, line
of interaction, frontstage, line of visibility, backstage, line of internal interaction,
support processes), a channel row and a listening row. Positions are computed here and
pinned (neato), so the grid is exact, stable and linear in the number of steps."""

from __future__ import annotations

from dataclasses import dataclass

import graphviz

from cxmodel.analyze.standing import Reading
from cxmodel.diagrams import dot
from cxmodel.diagrams.journey_map import (
    EMOTION_COLOURS,
    LEGEND_DETOUR,
    curve_gap,
    emotion_point,
    main_path,
)
from cxmodel.diagrams.labels import FONT, GOAL, LEGEND, label, plain, wrap
from cxmodel.diagrams.marks import (
    ACTION_MEANS,
    ACTION_SYMBOL,
    BACK_OFFICE,
    EVENT_LEGEND,
    HANDOFF,
    HANDOFF_COLOUR,
    MOT_WAIVED,
    NOT_TOUCHPOINTS,
    NOTICE,
    WAIVED,
    WAIVED_MEANS,
    Mark,
    action_when,
    rows_of,
    stage_groups,
    step_actions,
    step_events,
    step_mark,
)
from cxmodel.diagrams.marks import LEGEND as MARKS
from cxmodel.diagrams.metrics import text_width
from cxmodel.diagrams.results import LEGEND as RESULTS_LEGEND
from cxmodel.diagrams.results import step_lines, subject_lines
from cxmodel.messages.render import listing, render
from cxmodel.messages.text import Template, message, plural
from cxmodel.model import Journey, LaneEntry, Step, Workspace

# Every position is computed here, so Graphviz only draws: "nop" keeps the given positions
# (neato would run its solver over hundreds of pinned nodes first, for nothing).
LAYOUT = "nop"
HEADER_WIDTH = 140.0
COLUMN_WIDTH = 172.0
GAP = 22.0
PAD = 8.0
LINE_HEIGHT = 12.5
SIZE = 10.0
MAX_LINES = 8
LINE_ROW = 20.0
TITLE_LINE = 13.0  # a line of a lane's title (11 points)
TITLE_WIDTH = 340.0  # the width the title wraps to in a journey with no steps
# A long journey is drawn in rows of at most MAX_COLUMNS steps (marks.py), broken at stage
# boundaries, so a blueprint stays printable: 9 columns are 1,920 points wide.
ROW_GAP = 36.0  # between two rows of a long journey
EMOTION_LEVEL = 11.0  # between two levels of the emotion curve (-2..+2)
PAIN_FILL, PAIN_BORDER = "#fef7e0", "#f9ab00"

# TRANSLATORS: the title of a service blueprint; {journey} is the journey's name.
TITLE = message("diagram.blueprint.title", "Service blueprint: {journey}")
# TRANSLATORS: the lanes of the service blueprint, top to bottom (titles at the left).
STAGE = message("diagram.lane.stage", "Stage")
STEP = message("diagram.lane.step", "Step")
CHANNEL = message("diagram.lane.channel", "Channel")
EVIDENCE = message("diagram.lane.evidence", "Physical evidence")
CUSTOMER = message("diagram.lane.customer", "Customer actions")
# TRANSLATORS: the blueprint's lane of the customer's emotion at each step, drawn as a
# curve from -2 (very negative) to +2 (very positive).
EMOTION = message("diagram.lane.emotion", "Customer emotion")
# TRANSLATORS: the blueprint's lane of the pain points the customer feels at each step.
PAIN_POINTS = message("diagram.lane.pain-points", "Pain points")
# TRANSLATORS: the lines between the blueprint's lanes (lower case in English, as in the
# service-design literature).
INTERACTION = message("diagram.line.interaction", "line of interaction")
FRONTSTAGE = message("diagram.lane.frontstage", "Frontstage")
VISIBILITY = message("diagram.line.visibility", "line of visibility")
BACKSTAGE = message("diagram.lane.backstage", "Backstage")
INTERNAL = message("diagram.line.internal", "line of internal interaction")
SUPPORT = message("diagram.lane.support", "Support processes")
# TRANSLATORS: the blueprint's last lane: the listening posts that measure each step.
LISTENING = message("diagram.lane.listening", "Listening")
# The lane of problems raised, offers presented and proactive notices sent at each step.
EVENTS = message("diagram.lane.events", "Problems, offers and notices")
# TRANSLATORS: the blueprint's lane under Listening: the improvement actions (with an owner
# and a due date) aimed at each step.
ACTIONS = message("diagram.lane.actions", "Improvement actions")
# TRANSLATORS: a lane entry of the blueprint: who acts (a department or a system), then
# what is done ("IVR: Reads out the parcel's status"); Chinese takes the full-width colon.
ENTRY = message("diagram.lane.entry", "{who}: {action}")
# TRANSLATORS: in a step's channel cell, under the channel's name: the department that owns
# the channel.
OWNED_BY = message("diagram.channel.owned-by", "owned by {department}")
# TRANSLATORS: in a step's channel cell: the channel has no owner (what CX301 reports).
NO_OWNER = message("diagram.channel.no-owner", "{symbol} no owner")
# TRANSLATORS: in a step's channel cell: the step before it was another department's.
HANDOFF_FROM = message("diagram.channel.handoff-from", "{symbol} hand-off from {department}")
HANDOFF_FROM_NONE = message("diagram.channel.handoff-from-none",
                            "{symbol} hand-off from no department")
# TRANSLATORS: in a step's channel cell, when another department's people than the
# channel's owner serve the step: from whom, to whom the customer is passed.
HANDOFF_FROM_TO = message("diagram.channel.handoff-from-to",
                          "{symbol} hand-off from {department} to {target}")
# TRANSLATORS: in the listening lane, a touchpoint that no listening post covers.
NO_POST = message("diagram.listening.none", "{symbol} no listening post")
# TRANSLATORS: the last line of a blueprint cell whose entries do not all fit: how many are
# not shown (the step's page lists them all).
CUT = plural("diagram.cell.cut", "… and {count} more", "… and {count} more")
# TRANSLATORS: in the listening lane: a listening post that covers the step and the ids of
# the metrics it collects ("NPS, CSAT").
POST_METRICS = message("diagram.listening.post-metrics", "{post}: {metrics}")
# TRANSLATORS: in the listening lane: a post that covers the step through its channel (the
# post does not name the step).
BY_CHANNEL = message("diagram.listening.by-channel", "{post} (channel)")
BY_CHANNEL_METRICS = message("diagram.listening.by-channel-metrics",
                             "{post} (channel): {metrics}")
# TRANSLATORS: lines of the blueprint's legend, after the coverage marks.
LEGEND_HANDOFF = message("diagram.blueprint.legend.handoff",
                         "{symbol} hand-off between departments")
LEGEND_LINES = message("diagram.blueprint.legend.lines",
                       "- - - the lines of interaction, visibility and internal interaction")
# TRANSLATORS: the legend's words for "(channel)" after a listening post in the Listening
# lane; the word in brackets is diagram.listening.by-channel's.
LEGEND_BY_CHANNEL = message("diagram.blueprint.legend.by-channel",
                            "Post (channel): the post covers the step's channel as a whole, "
                            "not this step by name")
LEGEND_PATH = message("diagram.blueprint.legend.path",
                      "→ the customer's path (blue arcs: branches and loops)")
LEGEND_EMOTION = message("diagram.blueprint.legend.emotion",
                         "● the customer's emotion at each step, from −2 to +2 (dashed: steps "
                         "without an emotion in between)")
LEGEND_PAIN = message("diagram.blueprint.legend.pain", "⚡ a pain point the customer feels here")
LEGEND_NOT_TOUCHPOINT = message("diagram.blueprint.legend.not-touchpoint",
                                "a step the customer takes alone, or back-office work: no "
                                "touchpoint")
# TRANSLATORS: at the end of a row of a long blueprint, where the customer's path goes on in
# the next row; {step} is the name of the step it goes on to.
CONTINUES = message("diagram.blueprint.continues", "→ {step}")
# TRANSLATORS: at the left (or right) edge of a row of a long blueprint, where a path comes
# in from a step in another row (a branch or a loop); {step} is that step's name.
COMES_FROM = message("diagram.blueprint.comes-from", "{step} →")


# The lanes of the blueprint's body, left out when no step has anything in them.
COLLAPSIBLE = frozenset({"evidence", "customer", "emotion", "pain", "frontstage", "backstage",
                        "support", "actions"})


@dataclass(frozen=True, slots=True)
class Row:
    key: str
    title: str  # in the active language
    kind: str  # lane | line | header
    height: float


def _title_lines(title: str) -> list[str]:
    """A lane's title as its header box shows it: at most three lines."""
    return wrap(title, HEADER_WIDTH - 20, 11, 3)


def _entries(entries: tuple[LaneEntry, ...], support: bool = False) -> list[str]:
    texts = []
    for entry in entries:
        who = entry.system if support and entry.system else (
            entry.actor.name if entry.actor is not None else entry.system)
        action = entry.action or ""
        texts.append(render(ENTRY(who=who, action=action)) if who and action
                     else (who or action))
    return texts


def _lines(texts: list[str], max_lines: int = MAX_LINES) -> list[str]:
    """The texts of a cell, wrapped, in at most ``max_lines`` lines; where they do not fit,
    the last line says how many entries are left out ("… and 2 more"), not just "…" (a
    Polish insurer's review: which posts hear the step was cut off unsaid); a text cut
    short ends in "…"."""
    lines: list[str] = []
    starts: list[int] = []  # the line each text starts on
    for text in texts:
        if len(lines) > max_lines:
            break
        starts.append(len(lines))
        lines.extend(wrap(text, COLUMN_WIDTH - 2 * PAD, SIZE, max_lines + 1 - len(lines)))
    if len(lines) > max_lines:
        begun = sum(1 for start in starts if start < max_lines - 1)
        hidden = len(texts) - begun  # not begun above the last line (one cut short is "…")
        lines = [*lines[: max_lines - 1], render(CUT(count=hidden)) if hidden else "…"]
    return lines


class _Blueprint:
    def __init__(self, ws: Workspace, journey: Journey, reading: Reading | None) -> None:
        self.ws = ws
        self.journey = journey
        self.reading = reading
        self.shows_results = False  # a listening cell shows a value (the legend says how)
        self.by_channel = False  # a post covers a step through its channel (ditto)
        self.steps = journey.steps
        self.marks = [step_mark(ws, s) for s in self.steps]
        self.main = main_path(journey)
        # Where the customer is passed from one department's people to another's (CX601).
        self.handoffs = {id(h.target): h for h in ws.staff_handoffs[journey]}
        self.cells: dict[str, list[list[str]]] = {}
        self.graph = graphviz.Digraph("blueprint")
        self.segments = rows_of(self.steps)
        self.row_of = {index: number for number, segment in enumerate(self.segments)
                       for index in segment}

    def _node(self, name: str, label: str | None = None, **attrs: str) -> None:
        self.graph.body.append(dot.node(name, label, **attrs))

    def _edge(self, tail: str, head: str, label: str | None = None, **attrs: str) -> None:
        self.graph.body.append(dot.edge(tail, head, label, **attrs))

    # --- content of each cell -------------------------------------------------------------
    def _header(self, index: int, step: Step) -> list[str]:
        mark = self.marks[index]
        lines = wrap(step.name, COLUMN_WIDTH - 2 * PAD, SIZE + 1, max_lines=3)
        status = mark.text if mark in NOT_TOUCHPOINTS else mark.line
        return lines + wrap(status, COLUMN_WIDTH - 2 * PAD, SIZE + 1, max_lines=2)

    def _channel(self, step: Step) -> list[str]:
        if step.channel is None:
            return []
        # The channel's owner, as CX301 judges it (the step's own people are in the
        # frontstage lane; saying "by" them here read as if they owned the channel).
        owner = step.channel.owner
        texts = [step.channel.name,
                 render(OWNED_BY(department=owner.name) if owner is not None
                        else NO_OWNER(symbol="✗"))]
        handoff = self.handoffs.get(id(step))
        if handoff is not None:
            source, target = handoff.source.responsible, step.responsible
            if source is None:
                said = HANDOFF_FROM_NONE(symbol=HANDOFF)
            elif target is not None and target is not owner:
                # (the channel's owner above is not who takes the customer over here)
                said = HANDOFF_FROM_TO(symbol=HANDOFF, department=source.name,
                                       target=target.name)
            else:
                said = HANDOFF_FROM(symbol=HANDOFF, department=source.name)
            texts.append(render(said))
        return _lines(texts, 5)

    def _listening(self, step: Step) -> list[str]:
        # (a step with no channel that a post names, a moment of truth the customer lives
        # alone, is heard there and says so)
        if not step.is_touchpoint and not self.ws.named_by.get(step):
            return []
        posts = self.ws.posts_covering(step) or self.ws.named_by.get(step, ())
        results = step_lines(self.ws, step, self.reading)
        self.shows_results = self.shows_results or bool(results)
        if not posts:  # (a notice is no gap: no ✗)
            return _lines([*([] if step.is_notice else [render(NO_POST(symbol="✗"))]),
                           *results])
        named = self.ws.named_by.get(step, ())
        texts = []
        for post in posts:
            metrics = listing([m.metric.id for m in post.metrics])
            if post in named:
                texts.append(render(POST_METRICS(post=post.name, metrics=metrics))
                             if metrics else post.name)
            else:
                self.by_channel = True
                texts.append(render(BY_CHANNEL_METRICS(post=post.name, metrics=metrics)
                                    if metrics else BY_CHANNEL(post=post.name)))
        return _lines([*texts, *results])

    def _actions(self, step: Step) -> list[str]:
        """Each unfinished improvement action aimed at the step: its title, then its owner
        and due date (overdue when the results are read after it)."""
        texts = []
        today = self.reading.as_of.isoformat() if self.reading is not None else None
        for action in step_actions(self.ws, step):
            texts.append(f"{ACTION_SYMBOL} {action.name}")
            when = action_when(action, today)
            if when is not None:
                texts.append(when)
        return texts

    def _build_cells(self) -> None:
        self.cells = {
            "header": [self._header(i, s) for i, s in enumerate(self.steps)],
            "channel": [self._channel(s) for s in self.steps],
            "evidence": [_lines([s.evidence] if s.evidence else []) for s in self.steps],
            "customer": [_lines([s.customer] if s.customer else []) for s in self.steps],
            # The curve is drawn, not written: a cell says only whether there is a point.
            "emotion": [[f"{s.emotion:+d}"] if s.emotion is not None else []
                        for s in self.steps],
            "pain": [_lines([f"⚡ {p}" for p in s.pain_points]) for s in self.steps],
            "frontstage": [_lines(_entries(s.frontstage)) for s in self.steps],
            "backstage": [_lines(_entries(s.backstage)) for s in self.steps],
            "support": [_lines(_entries(s.support, support=True)) for s in self.steps],
            "listening": [self._listening(s) for s in self.steps],
            "events": [_lines([e.line for e in step_events(s)]) for s in self.steps],
            "actions": [_lines(self._actions(s)) for s in self.steps],
        }

    def _height(self, key: str, title: str, minimum: float = 30.0) -> float:
        """Tall enough for the lane's fullest cell, and for its title (one line in English;
        a translated title may wrap to two or three)."""
        most = max((len(lines) for lines in self.cells[key]), default=0)
        titled = len(_title_lines(title)) * TITLE_LINE + 2 * PAD
        return max(minimum, most * LINE_HEIGHT + 2 * PAD, titled)

    def _paths(self) -> tuple[dict[int, int], float]:
        """Per row of the drawing, how many of the band's levels its branches and loops
        take (at most four, then shared); and the band's height: those levels, 8 pt each,
        under one level of 16 pt for each path that goes on in another row, whose label
        ("→ Pays") sits above its line and must not touch the next one."""
        plain: dict[int, int] = {}
        labelled: dict[int, int] = {}
        self.incoming: dict[int, list[tuple[int, int]]] = {}
        for step in self.steps:
            row = self.row_of[step.position]
            for following in self.journey.successors(step):
                target = following.position
                elsewhere = self.row_of.get(target)
                if elsewhere is not None and elsewhere != row:
                    labelled[row] = labelled.get(row, 0) + 1
                    # It comes into the other row too, but for the path from one row's last
                    # step to the next row's first, which has its own arrow.
                    first = self.segments[elsewhere].start
                    if not (target == first and step.position == first - 1):
                        self.incoming.setdefault(elsewhere, []).append((step.position, target))
                        labelled[elsewhere] = labelled.get(elsewhere, 0) + 1
                elif target != step.position + 1:
                    plain[row] = min(plain.get(row, 0) + 1, 4)
        rows = set(plain) | set(labelled)
        height = max((8.0 * plain.get(r, 0) + 16.0 * labelled.get(r, 0)
                      + (8.0 if labelled.get(r) else 0.0) for r in rows), default=0.0)
        return plain, height + 6.0 if height else 0.0

    def _lane(self, key: str, said: Template, minimum: float = 30.0) -> Row:
        title = render(said())
        return Row(key, title, "lane", self._height(key, title, minimum))

    def rows(self) -> list[Row]:
        """The lanes top to bottom; a lane of the blueprint's body with nothing in any step
        (no physical evidence written, no support process) is left out, not drawn as an
        empty grey band. The lines between the lanes stay: they are the blueprint."""
        self.plain_levels, paths = self._paths()
        step = self._lane("header", STEP, 40.0)
        emotion = render(EMOTION())
        rows = [
            Row("stage", render(STAGE()), "header", 26.0),
            Row("paths", "", "space", paths),
            Row("header", step.title, "header", step.height),
            self._lane("channel", CHANNEL),
            # The customer's emotion and pain points sit above what they do, so the arrows
            # from the customer's actions down to the frontstage cross no other lane.
            Row("emotion", emotion, "lane",
                max(4 * EMOTION_LEVEL + 2 * PAD + 8,
                    len(_title_lines(emotion)) * TITLE_LINE + 2 * PAD)),
            self._lane("pain", PAIN_POINTS),
            self._lane("evidence", EVIDENCE),
            self._lane("customer", CUSTOMER),
            Row("interaction", render(INTERACTION()), "line", LINE_ROW),
            self._lane("frontstage", FRONTSTAGE),
            Row("visibility", render(VISIBILITY()), "line", LINE_ROW),
            self._lane("backstage", BACKSTAGE),
            Row("internal", render(INTERNAL()), "line", LINE_ROW),
            self._lane("support", SUPPORT),
            *([self._lane("events", EVENTS)] if self.has_events else []),
            self._lane("listening", LISTENING),
            self._lane("actions", ACTIONS),
        ]
        return [row for row in rows if row.key not in COLLAPSIBLE or any(self.cells[row.key])]

    @property
    def has_events(self) -> bool:
        return any(self.cells["events"])

    # --- drawing ---------------------------------------------------------------------------
    def x(self, index: int) -> float:
        """The centre of a step's column, in its row of the drawing."""
        column = index - self.segments[self.row_of[index]].start
        return HEADER_WIDTH + GAP + column * (COLUMN_WIDTH + GAP) + COLUMN_WIDTH / 2

    def _right(self, segment: range) -> float:
        """The right edge of a row of the drawing."""
        last = segment[-1] if len(segment) else 0
        return (self.x(last) if len(segment) else HEADER_WIDTH + GAP + COLUMN_WIDTH / 2) \
            + COLUMN_WIDTH / 2 + GAP

    def _box(self, name: str, x: float, y: float, width: float, height: float,
             text: graphviz.quoting.NoHtml, **attrs: str) -> None:
        self._node(name, text, pos=f"{x:.1f},{-y:.1f}!",
                        width=f"{width / 72:.4f}", height=f"{height / 72:.4f}", **attrs)

    def build(self) -> str:
        self._build_cells()
        g = self.graph
        journey = self.journey
        title = [render(TITLE(journey=journey.name))]
        if journey.goal:
            title.append(render(GOAL(goal=journey.goal)))
        title.extend(subject_lines(self.ws, journey, journey.targets, self.reading))
        # Wrapped to the drawing's width (Graphviz does not widen a pinned drawing for its
        # title: a long name in capitals was cut at the right).
        wide = max([self._right(segment) for segment in self.segments] or [TITLE_WIDTH]) - 16
        title = [part for line in title for part in wrap(line, wide, 16, 3)]
        g.attr(id="blueprint", label=label(title, "l", sized=True), labelloc="t", labeljust="l",
               fontname=FONT, fontsize="16", inputscale="72", splines="line",
               outputorder="nodesfirst", bgcolor="white", pad="0.3")
        g.attr("node", shape="box", fontname=FONT, fontsize=f"{SIZE:g}", fixedsize="true",
               margin="0.08,0.05", style="filled", penwidth="1", color="#9aa0a6",
               fillcolor="white", fontcolor="#202124")
        g.attr("edge", fontname=FONT, fontsize="9", color="#5f6368", arrowsize="0.7")
        rows = self.rows()
        y = 0.0
        for number, segment in enumerate(self.segments):
            y = self._segment(number, segment, rows, y) + ROW_GAP
        self._legend(y - ROW_GAP + 10)
        source: str = g.source
        return source

    def _segment(self, number: int, segment: range, rows: list[Row], y: float) -> float:
        """Draw one row of the journey (all of it, for a journey that fits) from ``y``
        down; the bottom of what it drew. Lane titles and lines are repeated in each row,
        so a row read alone (a printed page) is a whole blueprint; ids of the first row's
        are those of a one-row blueprint, the others' end in -row2, -row3..."""
        suffix = f"-row{number + 1}" if number else ""
        right = self._right(segment)
        tops: dict[str, float] = {}
        heights: dict[str, float] = {}
        for row in rows:
            tops[row.key], heights[row.key] = y, row.height
            centre = y + row.height / 2
            if row.kind == "line":
                self._line(row, centre, right, suffix)
            elif row.kind != "space":
                if row.kind == "lane":
                    band_width = right - HEADER_WIDTH - GAP / 2
                    self._box(f"band-{row.key}{suffix}", HEADER_WIDTH + GAP / 2 + band_width / 2,
                              centre, band_width, row.height, label([]),
                              style="filled", color="#f8f9fa", fillcolor="#f8f9fa",
                              id=f"band-{row.key}{suffix}", **{"class": f"band {row.key}"})
                self._box(f"lane-{row.key}{suffix}", HEADER_WIDTH / 2, centre,
                          HEADER_WIDTH - 6, row.height - 4, label(_title_lines(row.title), "n"),
                          fontsize="11", fillcolor="#e8eaed", color="#e8eaed",
                          id=f"lane-{row.key}{suffix}", **{"class": f"lane-title {row.key}"})
                if row.key == "stage":
                    self._stages(segment, centre, row.height)
                elif row.key == "emotion":
                    self._emotion(segment, y, row.height, right, suffix)
                else:
                    self._cells(row, segment, centre)
            y += row.height + 4
        self._flow(segment, tops["paths"] + heights["paths"], right)
        if "frontstage" in tops:
            self._handoff_arrows(segment, tops["frontstage"] + heights["frontstage"] / 2)
        self._crossings(segment)
        return y

    def _line(self, row: Row, centre: float, right: float, suffix: str) -> None:
        key = f"{row.key}{suffix}"
        self._box(f"line-{key}-title", HEADER_WIDTH / 2, centre, HEADER_WIDTH, row.height,
                  label(wrap(row.title, HEADER_WIDTH, 9, 2), "n"), shape="plaintext",
                  style="", fontsize="9", fontcolor="#3c4043", id=f"line-{key}-title",
                  **{"class": f"line-title {row.key}"})
        for side, x in (("l", HEADER_WIDTH), ("r", right)):
            self._node(f"line-{key}-{side}", shape="point", width="0.01", label="",
                       pos=f"{x:.1f},{-centre:.1f}!", style="invis")
        self._edge(f"line-{key}-l", f"line-{key}-r", style="dashed", penwidth="1.6",
                   color="#3c4043", arrowhead="none", id=f"line-{key}",
                   **{"class": f"line {row.key}"})

    def _stages(self, segment: range, centre: float, height: float) -> None:
        steps = self.steps[segment.start:segment.stop]
        for name, indexes in stage_groups(steps):
            first, last = segment.start + indexes[0], segment.start + indexes[-1]
            left = self.x(first) - COLUMN_WIDTH / 2
            right = self.x(last) + COLUMN_WIDTH / 2
            number = f"{first}" if first else "0"
            self._box(f"stage-{number}", (left + right) / 2, centre, right - left, height - 2,
                      label(wrap(name, right - left - 10, 12, max_lines=1), "n"),
                      fontsize="12", fillcolor="#d2e3fc" if name else "white",
                      color="#aecbfa" if name else "white", id=f"stage-{number}",
                      **{"class": "stage"})

    def _cells(self, row: Row, segment: range, centre: float) -> None:
        for index in segment:
            lines = self.cells[row.key][index]
            x = self.x(index)
            step = self.steps[index]
            tooltip = plain(f"{step.name} ({step.ref})")
            if row.key == "header":
                mark: Mark = self.marks[index]
                classes = f"step {mark.key}" + (" touchpoint" if step.is_touchpoint else "")
                self._box(f"step-{index}", x, centre, COLUMN_WIDTH, row.height,
                          label(lines), fillcolor=mark.fill, color=mark.border,
                          penwidth="2.5" if mark.key.startswith(("unmeasured", "mot-un"))
                          else "1.2", fontsize=f"{SIZE + 1:g}", id=f"step-{index}",
                          tooltip=tooltip, **{"class": classes})
                continue
            if not lines:
                continue
            attrs: dict[str, str] = {}
            if row.key == "listening":
                mark = self.marks[index]
                attrs = {"fillcolor": mark.fill, "color": mark.border}
            elif row.key == "pain":
                attrs = {"fillcolor": PAIN_FILL, "color": PAIN_BORDER}
            elif row.key == "channel" and id(step) in self.handoffs:
                attrs = {"color": HANDOFF_COLOUR, "penwidth": "2"}
            self._box(f"cell-{row.key}-{index}", x, centre, COLUMN_WIDTH, row.height - 4,
                      label(lines), id=f"cell-{row.key}-{index}",
                      **{"class": f"cell {row.key}"}, **attrs)

    def _emotion(self, segment: range, top: float, height: float, right: float,
                 suffix: str) -> None:
        """The customer's emotion at each step as a curve across the lane, as practitioners
        draw it on a blueprint: a point per step with an emotion (-2 at the bottom, +2 at
        the top; its colour says it too), joined in the customer's order, dashed across
        steps with none; the neutral level dashed across the lane, the levels marked."""
        middle = top + height / 2

        def level(emotion: int) -> float:
            return middle - emotion * EMOTION_LEVEL

        axis = HEADER_WIDTH + GAP / 2 + 1
        for value, text in ((2, "+2"), (0, "0"), (-2, "−2")):
            self._box(f"emotion-axis{suffix}-{value + 2}", axis, level(value), 18.0, 12.0,
                      label([text], "n"), shape="plaintext", style="", fontsize="9",
                      fontcolor="#5f6368", id=f"emotion-axis{suffix}-{value + 2}",
                      **{"class": "emotion-axis"})
        for side, x in (("l", axis + 10), ("r", right - GAP / 2)):
            self._node(f"emotion-zero{suffix}-{side}", shape="point", width="0.01", label="",
                       pos=f"{x:.1f},{-middle:.1f}!", style="invis")
        self._edge(f"emotion-zero{suffix}-l", f"emotion-zero{suffix}-r", style="dotted",
                   color="#bdc1c6", arrowhead="none", id=f"emotion-zero{suffix}",
                   **{"class": "emotion-neutral"})
        # As on the journey map: the curve follows the main path; a step on a branch is a
        # hollow point off it.
        previous: int | None = None
        for index in segment:
            step = self.steps[index]
            if step.emotion is None:
                continue
            on_path = index in self.main
            self._node(f"emotion-{index}", "", shape="circle", width="0.13", height="0.13",
                       pos=f"{self.x(index):.1f},{-level(step.emotion):.1f}!",
                       id=f"emotion-{index}", **emotion_point(step, on_path, ("0.8", "1.8")),
                       **{"class": f"emotion level{step.emotion + 2}"
                          + ("" if on_path else " detour")})
            if not on_path:
                continue
            if previous is not None:
                gap = curve_gap(self.steps, self.main, previous, index)
                self._edge(f"emotion-{previous}", f"emotion-{index}", color="#1a73e8",
                           penwidth="2", arrowhead="none",
                           style="dashed" if gap else "solid",
                           id=f"emotion-curve-{previous}-{index}",
                           **{"class": "emotion-curve"})
            previous = index

    def _flow(self, segment: range, bottom: float, right: float) -> None:
        """Arrows between step headers in the customer's order; branches and loops back
        (from ``next``) run in the band between the stage row and the step row. A path to
        a step in another row of the drawing ends at this row's edge, with the step's
        name."""
        level = 0
        onward = 0  # paths going on in another row, each with its label
        plain = self.plain_levels.get(self.row_of[segment.start], 0) if len(segment) else 0
        for index in segment:
            step = self.steps[index]
            for following in self.journey.successors(step):
                target = following.position
                name = f"flow-{index}-{target}"
                elsewhere = self.row_of.get(target) != self.row_of[index]
                if target == index + 1 and not elsewhere:
                    self._edge(f"step-{index}", f"step-{target}", tailport="e",
                               headport="w", id=name, **{"class": "flow"})
                    continue
                if elsewhere:
                    onward += 1
                    lift = bottom - 4.0 - 8.0 * plain - 16.0 * (onward - 1)
                else:
                    level += 1
                    lift = bottom - 4.0 - 8.0 * ((level - 1) % 4)
                end_x = (right - GAP / 2 if target > index else HEADER_WIDTH + GAP / 2) \
                    if elsewhere else self.x(target) - 8
                self._node(f"{name}-a", shape="point", width="0.01", label="", style="invis",
                           pos=f"{self.x(index) + 8:.1f},{-lift:.1f}!")
                self._node(f"{name}-b", shape="point", width="0.01", label="", style="invis",
                           pos=f"{end_x:.1f},{-lift:.1f}!")
                self._edge(f"step-{index}", f"{name}-a", tailport="n", arrowhead="none",
                           color="#1a73e8", id=f"{name}-up", **{"class": "flow branch"})
                if elsewhere:
                    self._edge(f"{name}-a", f"{name}-b", color="#1a73e8", id=name,
                               **{"class": "flow branch continues"})
                    said = render(CONTINUES(step=following.name))
                    width = min(COLUMN_WIDTH, text_width(said, 9) + 6)
                    self._box(f"{name}-to", end_x - width / 2 if target > index
                              else end_x + width / 2, lift - 8, width, 12.0,
                              label(wrap(said, width, 9, 1), "n"), shape="plaintext",
                              style="", fontsize="9", fontcolor="#1a73e8", id=f"{name}-to",
                              **{"class": "continues"})
                    continue
                self._edge(f"{name}-a", f"{name}-b", arrowhead="none", color="#1a73e8",
                           id=f"{name}-across", **{"class": "flow branch"})
                self._edge(f"{name}-b", f"step-{target}", headport="n", color="#1a73e8",
                           id=name, **{"class": "flow branch"})
        # Branches and loops coming into this row from another one: from the row's edge,
        # with the name of the step they come from.
        row = self.row_of[segment.start] if len(segment) else -1
        for source, target in self.incoming.get(row, []):
            onward += 1
            lift = bottom - 4.0 - 8.0 * plain - 16.0 * (onward - 1)
            name = f"flow-{source}-{target}-in"
            start_x = HEADER_WIDTH + GAP / 2 if source < target else right - GAP / 2
            self._node(f"{name}-a", shape="point", width="0.01", label="", style="invis",
                       pos=f"{start_x:.1f},{-lift:.1f}!")
            self._node(f"{name}-b", shape="point", width="0.01", label="", style="invis",
                       pos=f"{self.x(target) - 8:.1f},{-lift:.1f}!")
            self._edge(f"{name}-a", f"{name}-b", arrowhead="none", color="#1a73e8",
                       id=f"{name}-across", **{"class": "flow branch"})
            self._edge(f"{name}-b", f"step-{target}", headport="n", color="#1a73e8",
                       id=name, **{"class": "flow branch continued"})
            said = render(COMES_FROM(step=self.steps[source].name))
            width = min(COLUMN_WIDTH, text_width(said, 9) + 6)
            self._box(f"{name}-from", start_x + width / 2 if source < target
                      else start_x - width / 2, lift - 8, width, 12.0,
                      label(wrap(said, width, 9, 1), "n"), shape="plaintext",
                      style="", fontsize="9", fontcolor="#1a73e8", id=f"{name}-from",
                      **{"class": "comes-from"})
        # Where the customer's path comes into this row from another one.
        first = segment.start
        if len(segment) and first and self.row_of.get(first - 1) != self.row_of[first]:
            name = f"flow-{first - 1}-{first}-in"
            self._node(name, shape="point", width="0.01", label="", style="invis",
                       pos=f"{HEADER_WIDTH + GAP / 2:.1f},{-(bottom + 20):.1f}!")
            self._edge(name, f"step-{first}", headport="w", id=name,
                       **{"class": "flow continued"})

    def _handoff_arrows(self, segment: range, centre: float) -> None:
        """Hand-offs between departments: an arrow in the frontstage lane between adjacent
        columns, ⇄ above it (and in the receiving step's channel cell).

        The ⇄ is a pinned text node, not the edge's label: Graphviz places edge labels by
        testing each against every other object, which grows with the square of the
        blueprint's size."""
        for handoff in self.handoffs.values():
            source, target = handoff.source.position, handoff.target.position
            if target != source + 1 or source not in segment or target not in segment:
                continue
            if not (self.cells["frontstage"][source] and self.cells["frontstage"][target]):
                continue
            name = f"handoff-{source}-{target}"
            self._edge(f"cell-frontstage-{source}", f"cell-frontstage-{target}",
                       tailport="e", headport="w", color=HANDOFF_COLOUR, penwidth="2.2",
                       id=name, **{"class": "handoff"})
            self._box(f"{name}-mark", (self.x(source) + self.x(target)) / 2, centre - 9,
                      GAP, 12.0, label([HANDOFF], "n"), shape="plaintext", style="", fontsize="9",
                      fontcolor=HANDOFF_COLOUR, id=f"{name}-mark",
                      **{"class": "handoff-mark"})

    def _crossings(self, segment: range) -> None:
        """Arrows that cross the lines where one lane hands work to the next in a column:
        customer -> frontstage -> backstage -> support."""
        pairs = (("customer", "frontstage"), ("frontstage", "backstage"),
                 ("backstage", "support"))
        for index in segment:
            for upper, lower in pairs:
                if not (self.cells[upper][index] and self.cells[lower][index]):
                    continue
                self._edge(f"cell-{upper}-{index}", f"cell-{lower}-{index}",
                           tailport="s", headport="n", color="#80868b",
                           id=f"cross-{upper}-{lower}-{index}", **{"class": "crossing"})

    def _legend(self, top: float) -> None:
        """The legend: each entry a swatch of what it explains (a step's fill and border,
        a pain point's note, the hand-off's colour, a point of the emotion curve, the
        lines' dashes, the path's arrow) and its words."""
        entries: list[tuple[str, dict[str, str], str]] = [
            ("box", {"fillcolor": m.fill, "color": m.border,
                     "penwidth": "2.5" if m.key.startswith(("unmeasured", "mot-un")) else "1.2"},
             m.line) for m in MARKS]
        if any(m in (WAIVED, MOT_WAIVED) for m in self.marks):
            entries.append(("box", {"fillcolor": WAIVED.fill, "color": WAIVED.border,
                                    "penwidth": "1.2"}, render(WAIVED_MEANS())))
        if any(m in NOT_TOUCHPOINTS for m in self.marks):
            entries.append(("box", {"fillcolor": BACK_OFFICE.fill, "color": BACK_OFFICE.border},
                            render(LEGEND_NOT_TOUCHPOINT())))
        if NOTICE in self.marks:
            entries.append(("box", {"fillcolor": NOTICE.fill, "color": NOTICE.border},
                            NOTICE.text))
        entries.append(("box", {"fillcolor": "white", "color": HANDOFF_COLOUR, "penwidth": "2"},
                        render(LEGEND_HANDOFF(symbol=HANDOFF))))
        if any(self.cells["emotion"]):
            entries.append(("emotion", {}, render(LEGEND_EMOTION())))
            if any(s.emotion is not None and s.position not in self.main for s in self.steps):
                entries.append(("text", {}, render(LEGEND_DETOUR())))
        if any(self.cells["pain"]):
            entries.append(("box", {"fillcolor": PAIN_FILL, "color": PAIN_BORDER},
                            render(LEGEND_PAIN())))
        if self.has_events:
            entries.extend(("text", {}, f"{symbol} {render(means())}")
                           for symbol, means in EVENT_LEGEND)
        if any(self.cells["actions"]):
            entries.append(("text", {}, f"{ACTION_SYMBOL} {render(ACTION_MEANS())}"))
        entries.append(("dashed", {}, render(LEGEND_LINES())))
        entries.append(("arrow", {}, render(LEGEND_PATH())))
        if self.by_channel:
            entries.append(("text", {}, render(LEGEND_BY_CHANNEL())))
        if self.shows_results:
            entries.append(("text", {}, render(RESULTS_LEGEND())))
        texts = [text for _, _, text in entries]
        swatch, line = 22.0, 16.0
        text_left = 10 + swatch + 8
        width = max(330.0, text_left + max(text_width(t, SIZE) for t in texts) + 12)
        title_height = 20.0
        height = title_height + len(entries) * line + 8
        self._box("legend", width / 2, top + height / 2, width, height, label([]),
                  fillcolor="white", color="#9aa0a6", id="legend", **{"class": "legend"})
        self._box("legend-title", width / 2, top + 11, width - 8, 14.0,
                  label([render(LEGEND())]), shape="plaintext", style="", fontsize="10",
                  id="legend-title", **{"class": "legend-title"})
        for number, (kind, attrs, text) in enumerate(entries):
            y = top + title_height + number * line + line / 2
            name = f"legend-{number}"
            centre = 10 + swatch / 2
            if kind == "box":
                self._box(f"{name}-swatch", centre, y, swatch, 11.0, label([]),
                          id=f"{name}-swatch", **{"class": "legend-swatch"}, **attrs)
            elif kind == "emotion":  # the colours from −2 to +2, left to right
                for level, dx in ((-2, -8.0), (0, 0.0), (2, 8.0)):
                    self._node(f"{name}-swatch{level + 2}", "", shape="circle",
                               width="0.09", height="0.09",
                               fillcolor=EMOTION_COLOURS[level], color="#202124",
                               penwidth="0.6", pos=f"{centre + dx:.1f},{-y:.1f}!",
                               id=f"{name}-swatch{level + 2}",
                               **{"class": "legend-swatch"})
            elif kind in ("dashed", "arrow"):
                for side, x in (("l", 10.0), ("r", 10.0 + swatch)):
                    self._node(f"{name}-{side}", shape="point", width="0.01", label="",
                               pos=f"{x:.1f},{-y:.1f}!", style="invis")
                self._edge(f"{name}-l", f"{name}-r", id=f"{name}-swatch",
                           **({"style": "dashed", "penwidth": "1.6", "color": "#3c4043",
                               "arrowhead": "none"} if kind == "dashed" else {}),
                           **{"class": "legend-swatch"})
            text_width_here = width - text_left - 6
            self._box(f"{name}-text", text_left + text_width_here / 2, y, text_width_here,
                      line, label([text]), shape="plaintext", style="",
                      id=f"{name}-text", **{"class": "legend-text"})


def blueprint(ws: Workspace, journey: Journey, reading: Reading | None = None
              ) -> tuple[str, str]:
    """DOT source of the journey's blueprint and the layout engine that renders it;
    ``reading`` (the analysis' results) adds the latest values against their targets."""
    return _Blueprint(ws, journey, reading).build(), LAYOUT
