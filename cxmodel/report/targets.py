"""The "Targets and results" table as the HTML report and the site show it: each target's
latest value against it, with its state (symbol, label), the worst first, and its trend."""

from __future__ import annotations

from typing import Any

from cxmodel.analyze.standing import TARGET_STATES
from cxmodel.messages.render import day, number, quantity
from cxmodel.messages.render import render as say
from cxmodel.messages.text import plural
from cxmodel.report.sparkline import sparkline, target_words
from cxmodel.report.words import TARGET_KINDS

# TRANSLATORS: the lead of the "Targets and results" section; {date} is a date
# ("6 December 2026"), {count} the least responses a value is judged on.
LEAD = plural("report.targets.lead",
              "The latest recorded value of each target, read on {date}. A value resting "
              "on fewer than {count} response is indicative and not judged; a value is "
              "stale once the period after it has ended too.",
              "The latest recorded value of each target, read on {date}. A value resting "
              "on fewer than {count} responses is indicative and not judged; a value is "
              "stale once the period after it has ended too.")

ORDER = {state: index for index, state in enumerate(TARGET_STATES)}


def target_rows(targets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The targets (report data) laid out, the worst first: missed, indicative, stale,
    without results, met; in model order within each."""
    rows = []
    for item in sorted(targets, key=lambda t: ORDER.get(t["state"], len(ORDER))):
        symbol, label, _ = TARGET_STATES.get(item["state"], TARGET_STATES["no-results"])
        latest = item["latest"]
        unit = item.get("unit")
        kind = TARGET_KINDS.get(item["subject"]["kind"])
        rows.append({
            **item,
            "kind_label": say(kind()) if kind is not None else item["subject"]["kind"],
            "symbol": symbol,
            "label": say(label()),
            "verdict_label": (say(TARGET_STATES[item["verdict"]][1]())
                              if item["verdict"] in TARGET_STATES else None),
            "target": target_words(item["min"], item["max"], unit) or "",
            "value": quantity(latest["value"], unit) if latest else None,
            "responses": (number(latest["responses"])
                          if latest and latest["responses"] is not None else None),
            "chart": sparkline(item["trend"], item["metric"]["name"], item["state"],
                               item["min"], item["max"], unit)
            if item["trend"] else None,
        })
    return rows


def targets_view(results: dict[str, Any]) -> dict[str, Any]:
    """The section: its lead, the counts by state and the rows."""
    counts = results["counts"]
    # "Not judged" only arises from results that break CX801; a report without any does
    # not carry the count or the legend's line for it.
    shown = {key: value for key, value in TARGET_STATES.items()
             if key != "not-judged" or counts.get(key)}
    return {
        "lead": say(LEAD(date=day(results["as_of"]), count=results["min_responses"])),
        "counts": [{"key": key, "value": counts.get(key, 0), "symbol": symbol,
                    "label": say(label())}
                   for key, (symbol, label, _) in shown.items()],
        "legend": [{"key": key, "symbol": symbol, "label": say(label()), "text": say(text())}
                   for key, (symbol, label, text) in shown.items()],
        "rows": target_rows(results["targets"]),
    }

