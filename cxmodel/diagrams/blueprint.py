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
from cxmodel.diagrams.labels import FONT, GOAL, LEGEND, box_width, label, listing, plain, wrap
from cxmodel.diagrams.marks import (
    EVENT_LEGEND,
    HANDOFF,
    HANDOFF_COLOUR,
    NOT_TOUCHPOINTS,
    Mark,
    stage_groups,
    step_events,
    step_mark,
)
from cxmodel.diagrams.marks import LEGEND as MARKS
from cxmodel.diagrams.results import LEGEND as RESULTS_LEGEND
from cxmodel.diagrams.results import step_lines, subject_lines
from cxmodel.messages.render import render
from cxmodel.messages.text import Template, message
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

# TRANSLATORS: the title of a service blueprint; {journey} is the journey's name.
TITLE = message("diagram.blueprint.title", "Service blueprint: {journey}")
# TRANSLATORS: the lanes of the service blueprint, top to bottom (titles at the left).
STAGE = message("diagram.lane.stage", "Stage")
STEP = message("diagram.lane.step", "Step")
CHANNEL = message("diagram.lane.channel", "Channel")
EVIDENCE = message("diagram.lane.evidence", "Physical evidence")
CUSTOMER = message("diagram.lane.customer", "Customer actions")
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
# TRANSLATORS: in a step's channel cell: the department responsible for the step.
BY = message("diagram.channel.by", "by {department}")
# TRANSLATORS: in a step's channel cell: the step before it was another department's.
HANDOFF_FROM = message("diagram.channel.handoff-from", "{symbol} hand-off from {department}")
HANDOFF_FROM_NONE = message("diagram.channel.handoff-from-none",
                            "{symbol} hand-off from no department")
# TRANSLATORS: in the listening lane, a touchpoint that no listening post covers.
NO_POST = message("diagram.listening.none", "{symbol} no listening post")
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
LEGEND_PATH = message("diagram.blueprint.legend.path",
                      "→ the customer's path (blue arcs: branches and loops)")


# The lanes of the blueprint's body, left out when no step has anything in them.
COLLAPSIBLE = frozenset({"evidence", "customer", "frontstage", "backstage", "support"})


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
        texts.append(f"{who}: {action}" if who and action else (who or action))
    return texts


def _lines(texts: list[str], max_lines: int = MAX_LINES) -> list[str]:
    lines: list[str] = []
    for text in texts:
        if len(lines) > max_lines:
            break
        lines.extend(wrap(text, COLUMN_WIDTH - 2 * PAD, SIZE, max_lines + 1 - len(lines)))
    if len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], "…"]
    return lines


class _Blueprint:
    def __init__(self, ws: Workspace, journey: Journey, reading: Reading | None) -> None:
        self.ws = ws
        self.journey = journey
        self.reading = reading
        self.shows_results = False  # a listening cell shows a value (the legend says how)
        self.steps = journey.steps
        self.marks = [step_mark(ws, s) for s in self.steps]
        # Where the customer is passed from one department's people to another's (CX601).
        self.handoffs = {id(h.target): h for h in ws.staff_handoffs[journey]}
        self.cells: dict[str, list[list[str]]] = {}
        self.graph = graphviz.Digraph("blueprint")

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
        texts = [step.channel.name]
        if step.responsible is not None:
            texts.append(render(BY(department=step.responsible.name)))
        handoff = self.handoffs.get(id(step))
        if handoff is not None:
            source = handoff.source.responsible
            texts.append(render(HANDOFF_FROM(symbol=HANDOFF, department=source.name)
                                if source is not None else HANDOFF_FROM_NONE(symbol=HANDOFF)))
        return _lines(texts, 5)

    def _listening(self, step: Step) -> list[str]:
        if not step.is_touchpoint:
            return []
        posts = self.ws.posts_covering(step)
        results = step_lines(self.ws, step, self.reading)
        self.shows_results = self.shows_results or bool(results)
        if not posts:
            return _lines([render(NO_POST(symbol="✗")), *results])
        named = self.ws.named_by.get(step, ())
        texts = []
        for post in posts:
            metrics = listing([m.metric.id for m in post.metrics])
            if post in named:
                texts.append(render(POST_METRICS(post=post.name, metrics=metrics))
                             if metrics else post.name)
            else:
                texts.append(render(BY_CHANNEL_METRICS(post=post.name, metrics=metrics)
                                    if metrics else BY_CHANNEL(post=post.name)))
        return _lines([*texts, *results])

    def _build_cells(self) -> None:
        self.cells = {
            "header": [self._header(i, s) for i, s in enumerate(self.steps)],
            "channel": [self._channel(s) for s in self.steps],
            "evidence": [_lines([s.evidence] if s.evidence else []) for s in self.steps],
            "customer": [_lines([s.customer] if s.customer else []) for s in self.steps],
            "frontstage": [_lines(_entries(s.frontstage)) for s in self.steps],
            "backstage": [_lines(_entries(s.backstage)) for s in self.steps],
            "support": [_lines(_entries(s.support, support=True)) for s in self.steps],
            "listening": [self._listening(s) for s in self.steps],
            "events": [_lines([e.line for e in step_events(s)]) for s in self.steps],
        }

    def _height(self, key: str, title: str, minimum: float = 30.0) -> float:
        """Tall enough for the lane's fullest cell, and for its title (one line in English;
        a translated title may wrap to two or three)."""
        most = max((len(lines) for lines in self.cells[key]), default=0)
        titled = len(_title_lines(title)) * TITLE_LINE + 2 * PAD
        return max(minimum, most * LINE_HEIGHT + 2 * PAD, titled)

    def _branches(self) -> int:
        return sum(1 for step in self.steps for f in self.journey.successors(step)
                   if f.position != step.position + 1)

    def _lane(self, key: str, said: Template, minimum: float = 30.0) -> Row:
        title = render(said())
        return Row(key, title, "lane", self._height(key, title, minimum))

    def rows(self) -> list[Row]:
        """The rows top to bottom; a lane of the blueprint's body with nothing in any step
        (no physical evidence written, no support process) is left out, not drawn as an
        empty grey band. The lines between the lanes stay: they are the blueprint."""
        branches = min(self._branches(), 4)
        step = self._lane("header", STEP, 40.0)
        rows = [
            Row("stage", render(STAGE()), "header", 26.0),
            Row("paths", "", "space", 8.0 * branches + 6.0 if branches else 0.0),
            Row("header", step.title, "header", step.height),
            self._lane("channel", CHANNEL),
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
        ]
        return [row for row in rows if row.key not in COLLAPSIBLE or any(self.cells[row.key])]

    @property
    def has_events(self) -> bool:
        return any(self.cells["events"])

    # --- drawing ---------------------------------------------------------------------------
    @staticmethod
    def x(index: int) -> float:
        return HEADER_WIDTH + GAP + index * (COLUMN_WIDTH + GAP) + COLUMN_WIDTH / 2

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
        g.attr(id="blueprint", label=label(title, "l"), labelloc="t", labeljust="l",
               fontname=FONT, fontsize="16", inputscale="72", splines="line",
               outputorder="nodesfirst", bgcolor="white", pad="0.3")
        g.attr("node", shape="box", fontname=FONT, fontsize=f"{SIZE:g}", fixedsize="true",
               margin="0.08,0.05", style="filled", penwidth="1", color="#9aa0a6",
               fillcolor="white", fontcolor="#202124")
        g.attr("edge", fontname=FONT, fontsize="9", color="#5f6368", arrowsize="0.7")
        rows = self.rows()
        total_width = self.x(max(len(self.steps) - 1, 0)) + COLUMN_WIDTH / 2 + GAP
        y = 0.0
        tops: dict[str, float] = {}
        for row in rows:
            tops[row.key] = y
            centre = y + row.height / 2
            if row.kind == "space":
                pass
            elif row.kind == "line":
                self._line(row, centre, total_width)
            else:
                if row.kind == "lane":
                    band_width = total_width - HEADER_WIDTH - GAP / 2
                    self._box(f"band-{row.key}", HEADER_WIDTH + GAP / 2 + band_width / 2,
                              centre, band_width, row.height, label([]),
                              style="filled", color="#f8f9fa", fillcolor="#f8f9fa",
                              id=f"band-{row.key}", **{"class": f"band {row.key}"})
                self._box(f"lane-{row.key}", HEADER_WIDTH / 2, centre, HEADER_WIDTH - 6,
                          row.height - 4, label(_title_lines(row.title), "n"),
                          fontsize="11", fillcolor="#e8eaed", color="#e8eaed",
                          id=f"lane-{row.key}", **{"class": f"lane-title {row.key}"})
                if row.key == "stage":
                    self._stages(centre, row.height)
                else:
                    self._cells(row, centre)
            y += row.height + 4
        heights = {row.key: row.height for row in rows}
        self._flow(tops["paths"] + heights["paths"])
        if "frontstage" in tops:
            self._handoff_arrows(tops["frontstage"] + heights["frontstage"] / 2)
        self._crossings(rows, tops)
        self._legend(y + 10)
        source: str = g.source
        return source

    def _line(self, row: Row, centre: float, total_width: float) -> None:
        key = row.key
        self._box(f"line-{key}-title", HEADER_WIDTH / 2, centre, HEADER_WIDTH, row.height,
                  label(wrap(row.title, HEADER_WIDTH, 9, 2), "n"), shape="plaintext",
                  style="", fontsize="9",
                  fontcolor="#3c4043", id=f"line-{key}-title", **{"class": f"line-title {key}"})
        for side, x in (("l", HEADER_WIDTH), ("r", total_width)):
            self._node(f"line-{key}-{side}", shape="point", width="0.01", label="",
                            pos=f"{x:.1f},{-centre:.1f}!", style="invis")
        self._edge(f"line-{key}-l", f"line-{key}-r", style="dashed", penwidth="1.6",
                        color="#3c4043", arrowhead="none", id=f"line-{key}",
                        **{"class": f"line {key}"})

    def _stages(self, centre: float, height: float) -> None:
        for number, (name, indexes) in enumerate(stage_groups(self.steps)):
            left = self.x(indexes[0]) - COLUMN_WIDTH / 2
            right = self.x(indexes[-1]) + COLUMN_WIDTH / 2
            self._box(f"stage-{number}", (left + right) / 2, centre, right - left, height - 2,
                      label(wrap(name, right - left - 10, 12, max_lines=1), "n"),
                      fontsize="12", fillcolor="#d2e3fc" if name else "white",
                      color="#aecbfa" if name else "white", id=f"stage-{number}",
                      **{"class": "stage"})

    def _cells(self, row: Row, centre: float) -> None:
        for index, lines in enumerate(self.cells[row.key]):
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
            elif row.key == "channel" and id(step) in self.handoffs:
                attrs = {"color": HANDOFF_COLOUR, "penwidth": "2"}
            self._box(f"cell-{row.key}-{index}", x, centre, COLUMN_WIDTH, row.height - 4,
                      label(lines), id=f"cell-{row.key}-{index}",
                      **{"class": f"cell {row.key}"}, **attrs)

    def _flow(self, bottom: float) -> None:
        """Arrows between step headers in the customer's order; branches and loops back
        (from ``next``) run in the band between the stage row and the step row."""
        level = 0
        for index, step in enumerate(self.steps):
            for following in self.journey.successors(step):
                target = following.position
                name = f"flow-{index}-{target}"
                if target == index + 1:
                    self._edge(f"step-{index}", f"step-{target}", tailport="e",
                                    headport="w", id=name, **{"class": "flow"})
                    continue
                level += 1
                lift = bottom - 4.0 - 8.0 * ((level - 1) % 4)
                for end, column in (("a", index), ("b", target)):
                    self._node(f"{name}-{end}", shape="point", width="0.01", label="",
                                    style="invis",
                                    pos=f"{self.x(column) + (8 if end == 'a' else -8):.1f},"
                                        f"{-lift:.1f}!")
                self._edge(f"step-{index}", f"{name}-a", tailport="n", arrowhead="none",
                                color="#1a73e8", id=f"{name}-up", **{"class": "flow branch"})
                self._edge(f"{name}-a", f"{name}-b", arrowhead="none", color="#1a73e8",
                                id=f"{name}-across", **{"class": "flow branch"})
                self._edge(f"{name}-b", f"step-{target}", headport="n", color="#1a73e8",
                                id=name, **{"class": "flow branch"})

    def _handoff_arrows(self, centre: float) -> None:
        """Hand-offs between departments: an arrow in the frontstage lane between adjacent
        columns, ⇄ above it (and in the receiving step's channel cell).

        The ⇄ is a pinned text node, not the edge's label: Graphviz places edge labels by
        testing each against every other object, which grows with the square of the
        blueprint's size."""
        for handoff in self.handoffs.values():
            source, target = handoff.source.position, handoff.target.position
            if target != source + 1:
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

    def _crossings(self, rows: list[Row], tops: dict[str, float]) -> None:
        """Arrows that cross the lines where one lane hands work to the next in a column:
        customer -> frontstage -> backstage -> support."""
        del rows, tops
        pairs = (("customer", "frontstage"), ("frontstage", "backstage"),
                 ("backstage", "support"))
        for index in range(len(self.steps)):
            for upper, lower in pairs:
                if not (self.cells[upper][index] and self.cells[lower][index]):
                    continue
                self._edge(f"cell-{upper}-{index}", f"cell-{lower}-{index}",
                                tailport="s", headport="n", color="#80868b",
                                id=f"cross-{upper}-{lower}-{index}", **{"class": "crossing"})

    def _legend(self, top: float) -> None:
        entries = [*(m.line for m in MARKS), render(LEGEND_HANDOFF(symbol=HANDOFF))]
        if self.has_events:
            entries.extend(f"{symbol} {render(means())}" for symbol, means in EVENT_LEGEND)
        entries.extend((render(LEGEND_LINES()), render(LEGEND_PATH())))
        if self.shows_results:
            entries.append(render(RESULTS_LEGEND()))
        lines = [render(LEGEND()), *entries]
        width = box_width(lines, SIZE, 330.0)  # wider only for a language's longer lines
        self._box("legend", width / 2, top + len(entries) * 7 + 10, width,
                  len(entries) * 14 + 16, label(lines), fillcolor="white",
                  color="#9aa0a6", id="legend", **{"class": "legend"})


def blueprint(ws: Workspace, journey: Journey, reading: Reading | None = None
              ) -> tuple[str, str]:
    """DOT source of the journey's blueprint and the layout engine that renders it;
    ``reading`` (the analysis' results) adds the latest values against their targets."""
    return _Blueprint(ws, journey, reading).build(), LAYOUT
