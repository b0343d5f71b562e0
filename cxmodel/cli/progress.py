"""Progress on a terminal for work that takes more than a second (drawing the diagrams of
`site` and `render --all`): one line on standard error, redrawn in place, and nothing at all
when standard error is not a terminal (CI logs, pipes) or with --quiet."""

from __future__ import annotations

import sys
import time

from cxmodel.messages.render import render
from cxmodel.messages.text import Template, message

# What is being done, by the stage's name as the app layer reports it.
STAGES: dict[str, Template] = {
    "diagrams": message("cli.progress.diagrams", "Drawing the diagrams"),
}
DELAY = 1.0  # seconds of work before the bar appears: quick runs stay quiet
WIDTH = 30


class ProgressBar:
    """Called with (stage, done, total) as the work goes on; ``finish`` ends the line."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = False

    @classmethod
    def on_terminal(cls, quiet: bool = False) -> ProgressBar:
        """Enabled when standard error is a terminal and the user did not ask for quiet."""
        return cls(sys.stderr.isatty() and not quiet)

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or time.monotonic() - self.started < DELAY:
            return
        label = render(STAGES[stage]()) if stage in STAGES else stage
        filled = int(WIDTH * done / max(total, 1))
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}")
        sys.stderr.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            sys.stderr.write("\n")
            sys.stderr.flush()
            self.shown = False
