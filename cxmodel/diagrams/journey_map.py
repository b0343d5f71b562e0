"""The journey map of one journey as DOT: stages and steps in order, the emotion curve
(-2..+2), each step's channel, moments of truth and pain points. Positions are pinned
(neato), so the curve is a true line chart."""

from __future__ import annotations

import graphviz

from cxmodel.analyze.standing import Reading
from cxmodel.diagrams import dot
from cxmodel.diagrams.labels import FONT, GOAL, LEGEND, box_width, label, plain, wrap
from cxmodel.diagrams.marks import NOT_TOUCHPOINTS, rows_of, stage_groups, step_mark
from cxmodel.diagrams.results import subject_lines
from cxmodel.messages.render import render
from cxmodel.messages.text import message
from cxmodel.model import Journey, Step, Workspace
from cxmodel.text import signed

LAYOUT = "nop"  # positions are computed here; Graphviz only draws
AXIS_WIDTH = 120.0
COLUMN = 150.0
LEVEL = 34.0  # vertical distance between two emotion levels
PAIN_LINES = 4  # lines of one pain point's text
MAX_PAIN_LINES = 12  # lines of a step's pain-point note
ROW_GAP = 40.0  # between two rows of a long journey (rows as the blueprint's: marks.rows_of)
# TRANSLATORS: the emotion axis of the journey map, top to bottom (keep the numbers; the
# minus is U+2212).
EMOTIONS = {2: message("diagram.journey.emotion.plus-2", "+2 very positive"),
            1: message("diagram.journey.emotion.plus-1", "+1 positive"),
            0: message("diagram.journey.emotion.zero", "0 neutral"),
            -1: message("diagram.journey.emotion.minus-1", "−1 negative"),
            -2: message("diagram.journey.emotion.minus-2", "−2 very negative")}
# TRANSLATORS: the title of a journey map; {journey} is the journey's name.
TITLE = message("diagram.journey.title", "Journey map: {journey}")
# TRANSLATORS: a line under the journey map's title; {persona} is the persona's name.
PERSONA = message("diagram.journey.persona", "Persona: {persona}")
# TRANSLATORS: the tooltip of a point of the emotion curve: the step's name and its
# emotion, a signed number (+1, -2).
EMOTION_TIP = message("diagram.journey.emotion-tooltip", "{step}: emotion {emotion}")
# TRANSLATORS: under a step's name, in place of its channel.
NO_CHANNEL = message("diagram.journey.no-channel", "(no channel)")
# TRANSLATORS: the lines of the journey map's legend.
LEGEND_LINES = (
    message("diagram.journey.legend.emotion",
            "● emotion of the customer at each step, from −2 to +2"),
    message("diagram.journey.legend.moment-of-truth", "★ moment of truth"),
    message("diagram.journey.legend.pain-point", "⚡ pain point"),
    message("diagram.journey.legend.marks", "✓ measured   ✗ not measured"),
    message("diagram.journey.legend.gap", "dashed curve: steps without an emotion in between"),
)
# TRANSLATORS: the journey map's legend line for steps off the main path (drawn as hollow
# points); shown only when the journey branches.
LEGEND_DETOUR = message("diagram.journey.legend.detour",
                        "○ a step on a branch, not on every customer's path (the curve "
                        "follows the main path)")
# TRANSLATORS: in the box of a step off the main path.
DETOUR = message("diagram.journey.detour", "○ on a branch")


def main_path(journey: Journey) -> set[int]:
    """The positions of the steps every customer passes: from the first step, each step's
    first next step (the first in its ``next`` list, else the step after it in the file),
    until the journey ends or comes back to a step already on the path. The others lie on
    branches and detours."""
    steps = journey.steps
    path: set[int] = set()
    position = 0 if steps else None
    while position is not None and position not in path:
        path.add(position)
        following = journey.successors(steps[position])
        position = following[0].position if following else None
    return path


# The colour of a point of the emotion curve, by emotion (the blueprint's curve too).
EMOTION_COLOURS = {2: "#188038", 1: "#34a853", 0: "#80868b", -1: "#e37400", -2: "#c5221f"}


def emotion_point(step: Step, on_path: bool, widths: tuple[str, str]) -> dict[str, str]:
    """How a step's point on the emotion curve looks, on the journey map and the blueprint
    alike: filled in its emotion's colour on the main path, hollow (a ring in that colour)
    on a branch; ``widths``: its outline on the path and off it; with its tooltip."""
    colour = EMOTION_COLOURS.get(step.emotion or 0, "#80868b")
    return {"fillcolor": colour if on_path else "white",
            "color": "#202124" if on_path else colour,
            "penwidth": widths[0] if on_path else widths[1],
            "tooltip": plain(render(EMOTION_TIP(step=step.name,
                                                emotion=signed(step.emotion or 0))))}


def curve_gap(steps: tuple[Step, ...], main: set[int], previous: int, index: int) -> bool:
    """Whether the curve from ``previous`` to ``index`` crosses steps of the main path with
    no emotion (then it is dashed); steps on branches in between do not count."""
    return any(i in main and steps[i].emotion is None for i in range(previous + 1, index))


def _x(index: int) -> float:
    return AXIS_WIDTH + 20 + index * COLUMN + COLUMN / 2


def _pos(x: float, y: float) -> str:
    return f"{x:.1f},{-y:.1f}!"


def journey_map(ws: Workspace, journey: Journey, reading: Reading | None = None
                ) -> tuple[str, str]:
    """DOT source of the journey map and the layout engine that renders it; ``reading``
    (the analysis' results) adds the journey's latest values against its targets."""
    g = graphviz.Digraph("journey")

    def node(name: str, label: str | None = None, **attrs: str) -> None:
        g.body.append(dot.node(name, label, **attrs))

    def edge(tail: str, head: str, **attrs: str) -> None:
        g.body.append(dot.edge(tail, head, **attrs))

    title = [render(TITLE(journey=journey.name))]
    if journey.goal:
        title.append(render(GOAL(goal=journey.goal)))
    if journey.persona is not None:
        title.append(render(PERSONA(persona=journey.persona.name)))
    title.extend(subject_lines(ws, journey, journey.targets, reading))
    steps = journey.steps
    segments = rows_of(steps)
    # Wrapped to the drawing's width (Graphviz does not widen a pinned drawing for it).
    wide = _x(max(max((len(r) for r in segments), default=1) - 1, 0)) + COLUMN / 2 - 16
    title = [part for line in title for part in wrap(line, wide, 16, 3)]
    g.attr(id="journey-map", label=label(title, "l", sized=True), labelloc="t", labeljust="l",
           fontname=FONT, fontsize="16", inputscale="72", splines="line", bgcolor="white",
           outputorder="edgesfirst", pad="0.3")
    g.attr("node", fontname=FONT, fontsize="10", fixedsize="true", style="filled",
           fillcolor="white", color="#9aa0a6", fontcolor="#202124", shape="box")
    g.attr("edge", color="#5f6368", arrowhead="none")
    main = main_path(journey)
    # Step names, channels, marks: one box height for the whole journey.
    texts = []
    for step in steps:
        mark = step_mark(ws, step)
        lines = wrap(step.name, COLUMN - 16, 10.5, 3)
        lines.append(step.channel.name if step.channel is not None else render(NO_CHANNEL()))
        if mark not in NOT_TOUCHPOINTS:
            lines.extend(wrap(mark.line, COLUMN - 16, 10.5, 2))
        if step.position not in main:
            lines.append(render(DETOUR()))
        texts.append((mark, lines))
    box = max((len(lines) for _, lines in texts), default=1) * 13.0 + 14
    stage_number = 0
    y0 = 0.0
    previous: int | None = None  # the last point of the curve, in this row
    for row, segment in enumerate(segments):
        suffix = f"-row{row + 1}" if row else ""
        first = segment.start

        def x(index: int, first: int = first) -> float:
            return _x(index - first)

        right = x(segment[-1]) + COLUMN / 2 if len(segment) else _x(0) + COLUMN / 2
        shown = steps[segment.start:segment.stop]
        for name, indexes in stage_groups(shown):
            left_edge = _x(indexes[0]) - COLUMN / 2 + 4
            right_edge = _x(indexes[-1]) + COLUMN / 2 - 4
            node(f"stage-{stage_number}",
                 label=label(wrap(name, right_edge - left_edge, 12, 1), "n"),
                 pos=_pos((left_edge + right_edge) / 2, y0 + 14),
                 width=f"{(right_edge - left_edge) / 72:.4f}",
                 height=f"{24 / 72:.4f}", fontsize="12", fillcolor="#d2e3fc" if name else "white",
                 color="#aecbfa" if name else "white", id=f"stage-{stage_number}",
                 **{"class": "stage"})
            stage_number += 1
        # Emotion axis with grid lines.
        top = y0 + 50.0
        for level, said in EMOTIONS.items():
            y = top + (2 - level) * LEVEL
            node(f"axis-{level + 2}{suffix}", label=label([render(said())], "r"),
                 pos=_pos(AXIS_WIDTH / 2, y), width=f"{AXIS_WIDTH / 72:.4f}", height="0.25",
                 shape="plaintext", style="", fontsize="9", fontcolor="#3c4043",
                 id=f"axis-{level + 2}{suffix}", **{"class": "axis"})
            for side, at in (("l", AXIS_WIDTH + 10), ("r", right)):
                node(f"grid-{level + 2}-{side}{suffix}", shape="point", width="0.01", label="",
                     style="invis", pos=_pos(at, y))
            edge(f"grid-{level + 2}-l{suffix}", f"grid-{level + 2}-r{suffix}", color="#dadce0",
                 style="solid" if level == 0 else "dashed", id=f"grid-{level + 2}{suffix}",
                 **{"class": "grid"})
        # Points of the emotion curve: the curve follows the main path; a step on a branch
        # is a hollow point off it, so a detour's low does not read as everyone's. A row
        # starts its own curve.
        previous = None
        for index in segment:
            step = steps[index]
            if step.emotion is None:
                continue
            y = top + (2 - step.emotion) * LEVEL
            mot = step.moment_of_truth
            on_path = index in main
            node(f"point-{index}", label="", shape="star" if mot else "circle",
                 width="0.32" if mot else "0.16", height="0.32" if mot else "0.16",
                 pos=_pos(x(index), y), id=f"point-{index}",
                 **emotion_point(step, on_path, ("1", "2.2")),
                 **{"class": "emotion" + (" moment-of-truth" if mot else "")
                    + ("" if on_path else " detour")})
            if not on_path:
                continue
            if previous is not None:
                gap = curve_gap(steps, main, previous, index)
                edge(f"point-{previous}", f"point-{index}", color="#1a73e8", penwidth="2.2",
                     style="dashed" if gap else "solid", id=f"curve-{previous}-{index}",
                     **{"class": "curve"})
            previous = index
        # Step names, channels, marks and pain points below the chart.
        y = top + 4 * LEVEL + 40
        tallest = 0.0
        for index in segment:
            step = steps[index]
            mark, lines = texts[index]
            node(f"step-{index}", label=label(lines), pos=_pos(x(index), y + box / 2),
                 width=f"{(COLUMN - 8) / 72:.4f}", height=f"{box / 72:.4f}",
                 fillcolor=mark.fill, color=mark.border, id=f"step-{index}",
                 tooltip=plain(step.ref), **{"class": f"step {mark.key}"})
            if step.pain_points:
                pains: list[str] = []
                for pain in step.pain_points:
                    pains.extend(wrap(f"⚡ {pain}", COLUMN - 18, 9.5, PAIN_LINES))
                    if len(pains) > MAX_PAIN_LINES:
                        pains[MAX_PAIN_LINES - 1:] = ["…"]
                        break
                height = max(30.0, len(pains) * 12.0 + 12)
                tallest = max(tallest, height)
                node(f"pain-{index}", label=label(pains), shape="note", fontsize="9.5",
                     pos=_pos(x(index), y + box + 8 + height / 2),
                     width=f"{(COLUMN - 12) / 72:.4f}",
                     height=f"{height / 72:.4f}", fillcolor="#fef7e0", color="#f9ab00",
                     id=f"pain-{index}", **{"class": "pain-point"})
        y0 = y + box + 8 + tallest + ROW_GAP
    legend = [render(LEGEND()), *(render(line()) for line in LEGEND_LINES)]
    if len(main) < len(steps):
        legend.append(render(LEGEND_DETOUR()))
    legend_y = y0 - ROW_GAP + 30 + (len(legend) * 13 + 14) / 2
    width = box_width(legend, 10, 320.0)
    node("legend", label=label(legend), pos=_pos(10 + width / 2, legend_y),
         width=f"{width / 72:.4f}", height=f"{(len(legend) * 13 + 14) / 72:.4f}", id="legend",
         **{"class": "legend"})
    return str(g.source), LAYOUT
