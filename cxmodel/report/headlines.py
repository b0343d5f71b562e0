"""The five headline figures of a gap report and the site's overview, each with its one
wording: a label and what it counts. The HTML report, the Markdown report and the site all
take them from here, in the active language (``label`` and ``counts``; ``label_text`` and
``counts_text`` are the same in no language)."""

from __future__ import annotations

from dataclasses import dataclass

from cxmodel.messages.render import render
from cxmodel.messages.text import Template, Text, message


@dataclass(frozen=True, slots=True)
class Headline:
    key: str  # the figure's key in the report data's "coverage"
    label_template: Template
    counts_template: Template  # what the figure counts, for a reader who asks

    @property
    def label_text(self) -> Text:
        return self.label_template()

    @property
    def counts_text(self) -> Text:
        return self.counts_template()

    @property
    def label(self) -> str:
        """The label in the active language."""
        return render(self.label_text)

    @property
    def counts(self) -> str:
        """What the figure counts, in the active language."""
        return render(self.counts_text)


# TRANSLATORS: each headline figure has a label (a title over a percentage) and what it
# counts (after "12 of 15:").
HEADLINES = (
    Headline("workspace",
             message("report.headline.workspace", "Touchpoints covered by a listening post"),
             message("report.headline.workspace-counts",
                     "touchpoints that at least one listening post covers")),
    Headline("moments_of_truth",
             message("report.headline.moments-of-truth", "Moments of truth measured directly"),
             message("report.headline.moments-of-truth-counts",
                     "moments of truth a listening post names in covers.touchpoints")),
    # Each loop over the posts it applies to: only a post that hears identifiable customers
    # (a survey or interview that asks; complaints, reviews and social listening, where they
    # speak up) can follow up the customer (CX401, CX404); every
    # post's results should reach the departments that own what it covers (CX402).
    Headline("inner_loops",
             message("report.headline.inner-loops",
                     "Inner loops closed (of the posts that hear identifiable customers)"),
             message("report.headline.inner-loops-counts",
                     "posts that follow up the customer who answered, complained or posted")),
    Headline("outer_loops",
             message("report.headline.outer-loops", "Outer loops closed (of all listening posts)"),
             message("report.headline.outer-loops-counts",
                     "listening posts whose results reach every department that owns what "
                     "they cover")),
    Headline("consistent_journeys",
             message("report.headline.consistent-journeys",
                     "Journeys whose channels share an experience metric"),
             message("report.headline.consistent-journeys-counts",
                     "journeys whose measured channels share an experience metric")),
)
