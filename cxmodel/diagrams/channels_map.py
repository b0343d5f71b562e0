"""The channels view as DOT: how customers move between channels across all journeys (an
edge per channel change between consecutive touchpoints, weighted by how often), channels
grouped by owning department, unmeasured channels and unmeasured hand-offs highlighted."""

from __future__ import annotations

from dataclasses import dataclass, field

import graphviz

from cxmodel.diagrams.labels import FONT, LEGEND, isolated, label, plain, wrap
from cxmodel.diagrams.marks import MEASURED, NOTICE, UNMEASURED
from cxmodel.messages.render import listing, render
from cxmodel.messages.text import message, plural
from cxmodel.model import Channel, Department, Workspace
from cxmodel.model.facts import channel_metrics

LAYOUT = "dot"
# TRANSLATORS: the title of the channel map.
TITLE = message("diagram.channels.title", "Channels: how customers move between them")
# TRANSLATORS: the group of the channel map that holds the channels no department owns.
NO_OWNER = message("diagram.channels.no-owner", "No owner")
# TRANSLATORS: on an arrow of the channel map, after "×3" (the journeys switch channels here
# three times): how many of those switches land on a touchpoint no listening post measures.
UNMEASURED_MOVES = plural("diagram.channels.unmeasured-moves", "{symbol} {count} unmeasured",
                          "{symbol} {count} unmeasured")
# TRANSLATORS: the tooltip of an arrow of the channel map: the journeys it belongs to.
MOVE_JOURNEYS = message("diagram.channels.move-journeys", "Journeys: {journeys}")
# TRANSLATORS: the lines of the channel map's legend ("×N" is written as is).
LEGEND_LINES = (
    message("diagram.channels.legend.measured", "✓ measured channel (metrics)"),
    message("diagram.channels.legend.unmeasured", "✗ channel no listening post covers"),
    message("diagram.channels.legend.moves", "×N the journeys switch channels here N times"),
    message("diagram.channels.legend.dashed",
            "red dashed: the receiving touchpoint is not measured"),
)


# TRANSLATORS: the label of an arrow of the channel map drawn with a head at both ends:
# customers switch both ways between the two channels; {source} and {target} are channel
# names, {count} how often, {unmeasured} the text of diagram.channels.unmeasured-moves or
# nothing.
BOTH_WAYS = message("diagram.channels.both-ways", "{source} → {target} ×{count}{unmeasured}")
# Past this many arrows a channel map is a tangle whose labels cannot all find room: the
# counts go into the arrows' tooltips (the thickness still shows them), and render and the
# site point to the journeys × channels matrix.
BUSY = 24
LABEL_WIDTH = 170.0  # points at 10: an arrow's label wraps to it


@dataclass
class _Move:
    count: int = 0
    unmeasured: int = 0
    journeys: list[str] = field(default_factory=list)


@dataclass
class _Arrow:
    """The switches between two channels, both ways: one arrow, two-headed when customers
    go both ways (two arrows between the same two channels put their labels on top of each
    other)."""

    first: int  # the channel the arrow starts from (its index in the workspace)
    second: int
    forth: _Move
    back: _Move | None = None


def _arrows(ws: Workspace) -> list[_Arrow]:
    index = {id(c): n for n, c in enumerate(ws.channels)}
    moves: dict[tuple[int, int], _Move] = {}
    for handoff in ws.handoffs:
        if not handoff.channel_changes:
            continue
        source, target = handoff.source.channel, handoff.target.channel
        assert source is not None and target is not None
        move = moves.setdefault((index[id(source)], index[id(target)]), _Move())
        move.count += 1
        # (a notice no post hears is no unheard hand-off: CX104)
        if ws.to_be_heard(handoff.target) and not ws.is_covered(handoff.target):
            move.unmeasured += 1
        if handoff.journey.name not in move.journeys:
            move.journeys.append(handoff.journey.name)
    arrows = []
    for (start, end), move in sorted(moves.items()):
        back = moves.get((end, start))
        if back is not None and end < start:
            continue  # drawn with the other direction's arrow
        arrows.append(_Arrow(start, end, move, back))
    return arrows


def busy(ws: Workspace) -> tuple[int, int] | None:
    """(arrows, channels) when the channel map has more than BUSY arrows, else None."""
    arrows = _arrows(ws)
    if len(arrows) <= BUSY:
        return None
    used = {c for a in arrows for c in (a.first, a.second)}
    return len(arrows), len(used)


def _unmeasured(move: _Move) -> str:
    if not move.unmeasured:
        return ""
    return "  " + render(UNMEASURED_MOVES(symbol=UNMEASURED.symbol, count=move.unmeasured))


def _arrow_text(ws: Workspace, arrow: _Arrow) -> list[str]:
    """The arrow's words: ×N (and how many of those land unmeasured) one way; each
    direction by the channels' names both ways."""
    if arrow.back is None:
        return [f"×{arrow.forth.count}{_unmeasured(arrow.forth)}"]
    names = (isolated(ws.channels[arrow.first].name),
             isolated(ws.channels[arrow.second].name))
    lines = []
    for (source, target), move in (((names[0], names[1]), arrow.forth),
                                   ((names[1], names[0]), arrow.back)):
        lines.extend(wrap(render(BOTH_WAYS(source=source, target=target, count=move.count,
                                           unmeasured=_unmeasured(move))),
                          LABEL_WIDTH, 10, 2))
    return lines


def channels_map(ws: Workspace) -> tuple[str, str]:
    g = graphviz.Digraph("channels", engine=LAYOUT)
    g.attr(id="channels-map", label=label([render(TITLE())], "n", sized=True),
           labelloc="t", fontname=FONT, fontsize="16", rankdir="LR", nodesep="0.4",
           ranksep="1.1", bgcolor="white", pad="0.3")
    g.attr("node", fontname=FONT, fontsize="11", shape="box", style="rounded,filled",
           margin="0.2,0.08",
           fillcolor="white", color="#5f6368", fontcolor="#202124")
    g.attr("edge", fontname=FONT, fontsize="10", color="#5f6368")
    used = {id(c) for j in ws.journeys for c in j.channels}
    channels = [c for c in ws.channels if id(c) in used]
    index = {id(c): n for n, c in enumerate(ws.channels)}
    owners: dict[int | None, tuple[Department | None, list[Channel]]] = {}
    for channel in channels:
        key = id(channel.owner) if channel.owner is not None else None
        owners.setdefault(key, (channel.owner, []))[1].append(channel)
    # Channels whose every touchpoint is a notice no post hears: grey, not a gap (CX103).
    touchpoints = [step for journey in ws.journeys for step in journey.touchpoints]
    heard = {id(step.channel) for step in touchpoints if ws.to_be_heard(step)}
    notices = {id(step.channel) for step in touchpoints} - heard
    order = [id(d) for d in ws.departments] + [None]
    for number, key in enumerate(k for k in order if k in owners):
        department, members = owners[key]
        title = department.name if department is not None else render(NO_OWNER())
        with g.subgraph(name=f"cluster_{number}") as cluster:
            cluster.attr(label=label([title], "n", sized=True), style="rounded,filled",
                         fillcolor="#f8f9fa" if department is not None else "#fde3e1",
                         color="#dadce0" if department is not None else "#b3261e",
                         fontname=FONT, fontsize="12", id=f"department-{number}",
                         **{"class": "department" + ("" if department else " unowned")})
            for channel in members:
                measured = ws.is_measured(channel)
                mark = MEASURED if measured else NOTICE if id(channel) in notices \
                    else UNMEASURED
                lines = wrap(channel.name, 150, 11, 2)
                metrics = listing([m.id for m in channel_metrics(ws, channel)])
                lines.append(f"{mark.symbol} {metrics}" if measured and metrics
                             else mark.line)
                cluster.node(f"channel-{index[id(channel)]}", label=label(lines, "n", sized=True),
                             fillcolor=mark.fill, color=mark.border,
                             penwidth="1.2" if measured else "2.5",
                             id=f"channel-{index[id(channel)]}",
                             tooltip=plain(channel.id),
                             **{"class": f"channel {mark.key}"})
    arrows = _arrows(ws)
    labelled = len(arrows) <= BUSY
    for arrow in arrows:
        moves = [arrow.forth] if arrow.back is None else [arrow.forth, arrow.back]
        count = sum(m.count for m in moves)
        unmeasured = any(m.unmeasured for m in moves)
        journeys = list(dict.fromkeys(j for m in moves for j in m.journeys))
        text = _arrow_text(ws, arrow)
        tip = render(MOVE_JOURNEYS(journeys=listing(journeys)))
        # decorate: a line from the label to its arrow, so a "×1" between two arrows says
        # which one it counts.
        words = {"label": label(text, "n", sized=True), "decorate": "true"} if labelled else {}
        g.edge(f"channel-{arrow.first}", f"channel-{arrow.second}",
               penwidth=f"{min(1.0 + count, 6.0):.1f}",
               dir="forward" if arrow.back is None else "both",
               color=UNMEASURED.border if unmeasured else "#5f6368",
               fontcolor=UNMEASURED.border if unmeasured else "#3c4043",
               style="bold,dashed" if unmeasured else "solid",
               id=f"move-{arrow.first}-{arrow.second}",
               tooltip=plain(" · ".join([*text, tip])),
               **words, **{"class": "move" + (" unmeasured" if unmeasured else "")
                           + ("" if arrow.back is None else " both-ways")})
    g.node("legend", label=label([render(LEGEND()), *(render(line()) for line in LEGEND_LINES)],
                                  sized=True),
           shape="box", style="filled", fillcolor="white", id="legend", **{"class": "legend"})
    return str(g.source), LAYOUT
