"""The four headline figures of a gap report and the site's overview, each with its one
wording: a label and what it counts. The HTML report, the Markdown report and the site all
take them from here (kept as data, ready for the message catalogues)."""

from __future__ import annotations

from typing import NamedTuple


class Headline(NamedTuple):
    key: str  # the figure's key in the report data's "coverage"
    label: str
    counts: str  # what the figure counts, for a reader who asks


HEADLINES = (
    Headline("workspace", "Touchpoints covered by a listening post",
             "touchpoints that at least one listening post covers"),
    Headline("moments_of_truth", "Moments of truth measured directly",
             "moments of truth a listening post names in covers.touchpoints"),
    Headline("closed_loops", "Listening posts with both loops closed",
             "posts that follow up the customer and reach the departments that own what "
             "they cover"),
    Headline("consistent_journeys", "Journeys whose channels share an experience metric",
             "journeys whose measured channels share an experience metric"),
)
