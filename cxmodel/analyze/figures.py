"""Coverage figures: covered touchpoints / touchpoints per journey, stage, channel,
responsible department and workspace, plus the headline ratios of a gap report."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cxmodel.model import Channel, Department, Journey, Metric, Stage, Step, Workspace
from cxmodel.model.facts import (
    inner_loop_expected,
    inner_loop_open,
    outer_loop_closed,
    shares_metric,
)


@dataclass(frozen=True, slots=True)
class Ratio:
    covered: int
    total: int

    @property
    def percent(self) -> float | None:
        """Covered share in percent (one decimal), None when there is nothing to cover."""
        return round(100.0 * self.covered / self.total, 1) if self.total else None

    def __str__(self) -> str:
        percent = self.percent
        return f"{self.covered}/{self.total}" + (f" ({percent:g}%)" if percent is not None
                                                 else "")


def ratio(steps: Iterable[Step], ws: Workspace) -> Ratio:
    """Covered / all of ``steps`` (touchpoints to be heard: Workspace.to_be_heard)."""
    items = list(steps)
    return Ratio(sum(1 for s in items if ws.is_covered(s)), len(items))


@dataclass(frozen=True, slots=True)
class Cell:
    """Touchpoints of one journey (or stage) in one channel: how many, how many covered, and
    which touchpoint-scoped metrics the posts covering them collect (``steps``: the
    touchpoints themselves, for the findings that stand on them)."""

    touchpoints: int
    covered: int
    metrics: tuple[Metric, ...]
    steps: tuple[Step, ...] = ()

    @property
    def state(self) -> str:
        if self.touchpoints == 0:
            return "none"
        if self.covered == self.touchpoints:
            return "measured"
        return "partial" if self.covered else "unmeasured"


@dataclass(frozen=True, slots=True)
class JourneyFigures:
    journey: Journey
    coverage: Ratio
    moments_of_truth: Ratio  # its moments of truth named in some post's covers.touchpoints
    stages: tuple[tuple[Stage | None, Ratio], ...]
    cells: tuple[tuple[Channel, Cell], ...]  # the journey's channels, in order of first use
    stage_cells: tuple[tuple[Stage | None, tuple[tuple[Channel, Cell], ...]], ...]
    shares_metric: bool | None


@dataclass(frozen=True, slots=True)
class Figures:
    workspace: Ratio
    journeys: tuple[JourneyFigures, ...]
    channels: tuple[tuple[Channel, Ratio], ...]
    departments: tuple[tuple[Department | None, Ratio], ...]
    moments_of_truth: Ratio  # directly covered (named in covers.touchpoints)
    inner_loops: Ratio  # posts that hear identifiable customers (CX401, CX404) and follow up
    outer_loops: Ratio  # posts whose results reach the owners of what they cover (CX402)
    consistent_journeys: Ratio  # of journeys with two or more measured channels
    matrix_channels: tuple[Channel, ...]  # columns of the journeys x channels matrix
    # Notices no post hears, which ``workspace`` leaves out: "14 touchpoints (plus 1 notice)".
    notices: int = 0


def _cell(steps: list[Step], ws: Workspace) -> Cell:
    metrics: dict[int, Metric] = {}
    # Steps of one channel mostly share one tuple of posts: look at each tuple once.
    groups = {id(posts): posts for posts in map(ws.posts_covering, steps)}
    for post in {id(p): p for posts in groups.values() for p in posts}.values():
        for used in post.metrics:
            if used.metric.scope in (None, "touchpoint"):
                metrics.setdefault(id(used.metric), used.metric)
    # In the order the workspace defines them, so every cell lists them alike.
    listed = sorted(metrics.values(), key=ws.metrics.index) if len(metrics) > 1 \
        else metrics.values()
    return Cell(len(steps), sum(1 for s in steps if ws.is_covered(s)), tuple(listed),
                tuple(steps))


def _stage_groups(journey: Journey, touchpoints: list[Step]
                  ) -> list[tuple[Stage | None, list[Step]]]:
    groups: dict[int, tuple[Stage | None, list[Step]]] = {
        id(stage): (stage, []) for stage in journey.stages}
    loose: list[Step] = []
    for step in touchpoints:
        if step.stage is not None:
            groups[id(step.stage)][1].append(step)
        else:
            loose.append(step)
    result = list(groups.values())
    if loose:
        result.append((None, loose))
    return result


def _by_channel(steps: list[Step] | tuple[Step, ...], channels: tuple[Channel, ...]
                ) -> list[list[Step]]:
    """The steps of each channel, in the order of ``channels``."""
    found: dict[int, list[Step]] = {id(c): [] for c in channels}
    for step in steps:
        if step.channel is not None and id(step.channel) in found:
            found[id(step.channel)].append(step)
    return list(found.values())


def _journey_figures(journey: Journey, ws: Workspace) -> JourneyFigures:
    touchpoints = [step for step in journey.touchpoints if ws.to_be_heard(step)]
    channels = journey.channels
    cells = tuple((c, _cell(steps, ws)) for c, steps in zip(
        channels, _by_channel(touchpoints, channels), strict=True))
    groups = _stage_groups(journey, touchpoints)
    # Per stage, only the channels the stage uses (1,000 stages x 5,000 channels would be
    # five million cells, nearly all empty).
    stage_cells = tuple(
        (stage, tuple((c, _cell(found, ws)) for c, found in zip(
            channels, _by_channel(steps, channels), strict=True) if found))
        for stage, steps in groups)
    return JourneyFigures(
        journey=journey, coverage=ratio(touchpoints, ws),
        moments_of_truth=moments_measured(journey.steps, ws),
        stages=tuple((stage, ratio(steps, ws)) for stage, steps in groups),
        cells=cells, stage_cells=stage_cells, shares_metric=shares_metric(ws, journey))


def moments_measured(steps: Iterable[Step], ws: Workspace) -> Ratio:
    """Moments of truth measured directly (named in some post's covers.touchpoints) / all
    moments of truth among ``steps``."""
    moments = [s for s in steps if s.moment_of_truth]
    return Ratio(sum(1 for s in moments if ws.named_by.get(s)), len(moments))


def figures(ws: Workspace) -> Figures:
    touchpoints = [s for j in ws.journeys for s in j.touchpoints if ws.to_be_heard(s)]
    by_channel: dict[int, list[Step]] = {}
    by_department: dict[int | None, tuple[Department | None, list[Step]]] = {}
    for step in touchpoints:
        assert step.channel is not None
        by_channel.setdefault(id(step.channel), []).append(step)
        owner = step.responsible
        key = id(owner) if owner is not None else None
        by_department.setdefault(key, (owner, []))[1].append(step)
    departments: list[tuple[Department | None, Ratio]] = [
        (d, ratio(by_department[id(d)][1], ws)) for d in ws.departments
        if id(d) in by_department]
    if None in by_department:
        departments.append((None, ratio(by_department[None][1], ws)))
    asking = [p for p in ws.listening_posts if inner_loop_expected(p)]
    journeys = tuple(_journey_figures(j, ws) for j in ws.journeys)
    comparable = [j for j in journeys if j.shares_metric is not None]
    return Figures(
        workspace=ratio(touchpoints, ws),
        journeys=journeys,
        channels=tuple((c, ratio(by_channel[id(c)], ws)) for c in ws.channels
                       if id(c) in by_channel),
        departments=tuple(departments),
        moments_of_truth=moments_measured((s for j in ws.journeys for s in j.steps), ws),
        inner_loops=Ratio(sum(1 for p in asking if not inner_loop_open(p)), len(asking)),
        outer_loops=Ratio(sum(1 for p in ws.listening_posts if outer_loop_closed(p)),
                          len(ws.listening_posts)),
        consistent_journeys=Ratio(sum(1 for j in comparable if j.shares_metric),
                                  len(comparable)),
        matrix_channels=tuple(c for c in ws.channels if id(c) in by_channel),
        notices=sum(len(j.touchpoints) for j in ws.journeys) - len(touchpoints),
    )
