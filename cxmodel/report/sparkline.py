"""A small trend chart of a metric's values by period: an inline SVG sparkline (no script,
no library), for the report and the site. The line runs oldest to latest; a dashed line
marks the target where one is set; the latest value is a dot coloured by where it stands.
Its title (the tooltip, and what a screen reader says) lists every value in words."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from cxmodel.messages.render import quantity
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Items, Period, message

# TRANSLATORS: a trend chart's title (tooltip): {metric} is a metric's name, {points} the
# values listed with trend.point ("4.1 in 2026-09, 4.3 in 2026-10 and 4.2 in 2026-11").
TREND = message("trend.title", "{metric} by period: {points}")
POINT = message("trend.point", "{value} in {period}")
# TRANSLATORS: added to trend.title where a target is set: "… (target: at least 4.3)".
WITH_TARGET = message("trend.with-target", "{trend} (target: {target})")
AT_LEAST = message("trend.at-least", "at least {value}")
AT_MOST = message("trend.at-most", "at most {value}")
BETWEEN = message("trend.between", "{low} to {high}")

WIDTH, HEIGHT, PAD = 96, 24, 3


def target_words(low: float | None, high: float | None, unit: str | None = None
                 ) -> str | None:
    """A target's bounds in words ("at least 4.3", "at most 3 cases per million"), None
    where it sets none."""
    if low is not None and high is not None:
        return say(BETWEEN(low=quantity(low, unit), high=quantity(high, unit)))
    if low is not None:
        return say(AT_LEAST(value=quantity(low, unit)))
    if high is not None:
        return say(AT_MOST(value=quantity(high, unit)))
    return None


def _f(value: float) -> str:
    return f"{value:.1f}"


def sparkline(points: list[dict[str, Any]], metric: str, state: str = "none",
              low: float | None = None, high: float | None = None,
              unit: str | None = None) -> Markup:
    """The chart of ``points`` (report data: period, value), oldest first. ``state`` (met,
    missed, indicative, stale, none) colours the latest value; ``low``/``high`` are the
    target's bounds."""
    values = [float(p["value"]) for p in points]
    words = say(TREND(metric=metric, points=Items(tuple(
        POINT(value=quantity(p["value"], unit), period=Period(p["period"])) for p in points))))
    target = target_words(low, high, unit)
    if target is not None:
        words = say(WITH_TARGET(trend=words, target=target))
    bounds = [b for b in (low, high) if b is not None]
    bottom, top = min(values + bounds), max(values + bounds)
    spread = (top - bottom) or 1.0

    def y(value: float) -> float:
        return HEIGHT - PAD - (value - bottom) / spread * (HEIGHT - 2 * PAD)

    step = (WIDTH - 2 * PAD) / (len(values) - 1) if len(values) > 1 else 0.0
    xs = [PAD + i * step if len(values) > 1 else WIDTH / 2 for i in range(len(values))]
    parts = [f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" '
             f'height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
             f'aria-label="{escape(words)}"><title>{escape(words)}</title>']
    for bound in bounds:
        parts.append(f'<line class="spark-target" stroke="#8c959f" stroke-dasharray="3 2" '
                     f'x1="0" x2="{WIDTH}" y1="{_f(y(bound))}" y2="{_f(y(bound))}"/>')
    if len(values) > 1:
        line = " ".join(f"{_f(x)},{_f(y(v))}" for x, v in zip(xs, values, strict=True))
        parts.append(f'<polyline class="spark-line" fill="none" stroke="currentColor" '
                     f'stroke-width="1.5" points="{line}"/>')
    parts.append(f'<circle class="spark-last spark-{escape(state)}" cx="{_f(xs[-1])}" '
                 f'cy="{_f(y(values[-1]))}" r="2.5" fill="currentColor"/></svg>')
    return Markup("".join(parts))
