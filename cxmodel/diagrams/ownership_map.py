"""The ownership view as DOT: departments in the middle, what they own on either side (the
channels and journeys customers go through on the left, the listening posts on the right,
so no side is one tall column), and where feedback goes: a green arrow from each post to
each department its results are shared with; posts with open loops (CX401/CX402) drawn
dashed, with a red dashed arrow to each department their results never reach. Arrows that
share an end are bundled (concentrate): a department that hears from five posts gets one
green arrowhead, not five crossing arrows."""

from __future__ import annotations

import graphviz

from cxmodel.diagrams.labels import FONT, LEGEND, label, plain, wrap
from cxmodel.diagrams.marks import UNMEASURED
from cxmodel.messages.render import render
from cxmodel.messages.text import Name, message
from cxmodel.model import Department, Workspace
from cxmodel.model.facts import inner_loop_expected, inner_loop_open, unreached_departments

LAYOUT = "dot"
# TRANSLATORS: the title of the ownership map.
TITLE = message("diagram.ownership.title",
                "Ownership: who owns what, and where feedback goes")
# TRANSLATORS: the box that owns what no department owns.
NO_OWNER = message("diagram.ownership.no-owner", "{symbol} No owner")
# TRANSLATORS: the groups of the ownership map.
CHANNELS = message("diagram.ownership.channels", "Channels")
JOURNEYS = message("diagram.ownership.journeys", "Journeys")
POSTS = message("diagram.ownership.posts", "Listening posts")
# TRANSLATORS: on a dotted arrow from a department to a channel it owns with another one.
CO_OWNER = message("diagram.ownership.co-owner", "co-owner")
# TRANSLATORS: the tooltip of a green arrow from a listening post to a department.
RESULTS_TO = message("diagram.ownership.results-to-tip",
                     "The results of {post} are shared with {department}")
# TRANSLATORS: in a listening post's box: no follow-up with the customer who answered.
INNER_OPEN = message("diagram.ownership.inner-loop-open", "{symbol} inner loop open")
# TRANSLATORS: in a listening post's box: its results never reach a department they should.
OUTER_OPEN = message("diagram.ownership.outer-loop-open", "{symbol} outer loop open")
# TRANSLATORS: on a dashed arrow from a listening post to a department its results miss.
NEVER_REACHES = message("diagram.ownership.never-reaches", "never reaches")
# TRANSLATORS: the lines of the ownership map's legend.
LEGEND_LINES = (
    message("diagram.ownership.legend.arrows", "→ owns   ··· co-owns"),
    message("diagram.ownership.legend.results-shared",
            "green arrow: the listening post's results are shared with the department"),
    message("diagram.ownership.legend.open-loop",
            "red dashed: open loop (results never reach the owner, or no follow-up with the "
            "customer)"),
)
LEGEND_WIDTH = 330.0  # points at 10.5: the legend's lines wrap to it
SHARED = "#188038"  # the green of results that reach a department


def ownership_map(ws: Workspace) -> tuple[str, str]:
    g = graphviz.Digraph("ownership", engine=LAYOUT)
    g.attr(id="ownership-map", label=label([render(TITLE())], "n", sized=True),
           labelloc="t", fontname=FONT, fontsize="16", rankdir="LR", nodesep="0.25",
           ranksep="1.4", bgcolor="white", pad="0.3", concentrate="true")
    g.attr("node", fontname=FONT, fontsize="10.5", style="filled", fillcolor="white",
           margin="0.18,0.08",
           color="#5f6368", fontcolor="#202124")
    g.attr("edge", fontname=FONT, fontsize="9", color="#80868b", arrowsize="0.7")
    number = {id(d): n for n, d in enumerate(ws.departments)}
    size = (len(ws.departments) + len(ws.channels) + len(ws.journeys)
            + len(ws.listening_posts))
    if size > 150:
        # Crossing minimisation grows fast with size; a large organisation's map is read by
        # searching it anyway, so a shorter search for fewer crossings is enough.
        g.attr(mclimit="0.2")
    # Past this many elements the boxes around channels, journeys and posts go (colour and
    # shape still tell them apart): Graphviz orders nodes within clusters slowly, and the
    # more so the more elements there are.
    group = "cluster_" if size <= 600 else ""

    def department(d: Department | None) -> str:
        return f"department-{number[id(d)]}" if d is not None else "no-owner"

    for d in ws.departments:
        g.node(department(d), label=label(wrap(d.name, 140, 11, 2), "n", sized=True), shape="box",
               style="rounded,filled", fillcolor="#d2e3fc", color="#1a73e8", fontsize="11",
               id=department(d), tooltip=plain(d.id), **{"class": "department"})
    unowned = (any(c.owner is None for c in ws.channels)
               or any(j.owner is None for j in ws.journeys)
               or any(p.owner is None for p in ws.listening_posts))
    if unowned:
        g.node("no-owner",
               label=label([render(NO_OWNER(symbol=UNMEASURED.symbol))], "n", sized=True),
               shape="box", style="rounded,filled", fillcolor=UNMEASURED.fill,
               color=UNMEASURED.border, penwidth="2", id="no-owner",
               **{"class": "department unowned"})
    # One column: a department that owns nothing would otherwise go to the left, with
    # the channels.
    with g.subgraph(name="departments") as column:
        column.attr(rank="same")
        for d in ws.departments:
            column.node(department(d))
        if unowned:
            column.node("no-owner")
    with g.subgraph(name=f"{group}channels") as box:
        box.attr(label=plain(render(CHANNELS()), sized=True), style="rounded", color="#dadce0",
                 fontname=FONT)
        for n, channel in enumerate(ws.channels):
            box.node(f"channel-{n}",
                     label=label(wrap(channel.name, 130, 10.5, 2), "n", sized=True),
                     shape="box", id=f"channel-{n}", tooltip=plain(channel.id),
                     **{"class": "channel"})
            # Drawn from the channel, arrow at the channel: the channel stays left of the
            # departments, and the arrow still says the department owns it.
            g.edge(f"channel-{n}", department(channel.owner), dir="back",
                   id=f"owns-channel-{n}", **{"class": "owns"})
            for c, co_owner in enumerate(channel.co_owners):
                g.edge(f"channel-{n}", department(co_owner), dir="back", style="dotted",
                       label=plain(render(CO_OWNER()), sized=True), id=f"co-owns-channel-{n}-{c}",
                       **{"class": "co-owns"})
    with g.subgraph(name=f"{group}journeys") as box:
        box.attr(label=plain(render(JOURNEYS()), sized=True), style="rounded", color="#dadce0",
                 fontname=FONT)
        for n, journey in enumerate(ws.journeys):
            box.node(f"journey-{n}",
                     label=label(wrap(journey.name, 150, 10.5, 3), "n", sized=True),
                     shape="box", style="rounded,filled", fillcolor="#e6f4ea",
                     id=f"journey-{n}", tooltip=plain(journey.id), **{"class": "journey"})
            g.edge(f"journey-{n}", department(journey.owner), dir="back",
                   id=f"owns-journey-{n}", **{"class": "owns"})
    with g.subgraph(name=f"{group}posts") as box:
        box.attr(label=plain(render(POSTS()), sized=True), style="rounded", color="#dadce0",
                 fontname=FONT)
        for n, post in enumerate(ws.listening_posts):
            inner_open = inner_loop_expected(post) and inner_loop_open(post)
            missing = unreached_departments(post)
            lines = wrap(post.name, 150, 10.5, 3)
            if inner_open:
                lines.append(render(INNER_OPEN(symbol=UNMEASURED.symbol)))
            if missing:
                lines.append(render(OUTER_OPEN(symbol=UNMEASURED.symbol)))
            open_loop = inner_open or bool(missing)
            box.node(f"post-{n}", label=label(lines, "n", sized=True), shape="box",
                     style="dashed,filled" if open_loop else "filled",
                     fillcolor=UNMEASURED.fill if open_loop else "#fef7e0",
                     color=UNMEASURED.border if open_loop else "#f9ab00",
                     penwidth="2" if open_loop else "1", id=f"post-{n}",
                     tooltip=plain(post.id),
                     **{"class": "post" + (" open-loop" if open_loop else "")})
            g.edge(department(post.owner), f"post-{n}", id=f"owns-post-{n}",
                   **{"class": "owns"})
            shared_with = post.outer_loop.share_with if post.outer_loop is not None else []
            for m, shared in enumerate(shared_with):
                # From the department, arrow at it: a forward edge between the two columns
                # (drawn from the post, Graphviz routes it as a loop round the whole map).
                g.edge(department(shared), f"post-{n}", dir="back", color=SHARED,
                       arrowsize="0.6", id=f"results-to-{n}-{m}",
                       tooltip=plain(render(RESULTS_TO(post=Name(post.name),
                                                       department=Name(shared.name)))),
                       **{"class": "results-to"})
            for m, department_missed in enumerate(missing):
                g.edge(department(department_missed), f"post-{n}", dir="back", style="dashed",
                       color=UNMEASURED.border, fontcolor=UNMEASURED.border,
                       label=plain(render(NEVER_REACHES()), sized=True),
                       id=f"open-loop-{n}-{m}",
                       **{"class": "open-loop"})
    legend = [render(LEGEND())]
    for line in LEGEND_LINES:
        legend.extend(wrap(render(line()), LEGEND_WIDTH, 10.5))
    g.node("legend", label=label(legend, sized=True),
           shape="box", id="legend", **{"class": "legend"})
    return str(g.source), LAYOUT
