"""What the application layer raises when it cannot do the job at all (exit code 2 at the
command line): a path that does not exist, a folder with no model, a bad rule code, a
broken configuration. Problems inside the model are diagnostics, never exceptions."""

from __future__ import annotations

from cxmodel.diagnostics import Diagnostic


class CannotRun(Exception):
    """The job cannot be done; the message says why, in one line."""


class BrokenConfiguration(CannotRun):
    """The workspace's .cxmodel.yaml is not valid; its diagnostics say where."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("the configuration .cxmodel.yaml is not valid (see above)")
        self.diagnostics = diagnostics
