"""What the application layer raises when it cannot do the job at all (exit code 2 at the
command line): a path that does not exist, a folder with no model, a bad rule code, a
broken configuration. Problems inside the model are diagnostics, never exceptions."""

from __future__ import annotations

from cxmodel.diagnostics import Diagnostic
from cxmodel.messages.text import message
from cxmodel.said import SaysWhy

BROKEN = message("app.broken-configuration",
                 "the configuration .cxmodel.yaml is not valid (see above)")


class CannotRun(SaysWhy):
    """The job cannot be done; the message says why, in one line (a Text, shown in the
    language active when it is printed)."""


class BrokenConfiguration(CannotRun):
    """The workspace's .cxmodel.yaml is not valid; its diagnostics say where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__(BROKEN())
        self.diagnostics = diagnostics
