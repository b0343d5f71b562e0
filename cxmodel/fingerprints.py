"""How a finding is recognised from one run to the next: by its fingerprint of code and
element, never by its line, so that moving text around does not make a finding new."""

from __future__ import annotations

from cxmodel.diagnostics import Diagnostic, said_key


def fingerprint(diagnostic: Diagnostic, file: str | None = None) -> str:
    """The finding's fingerprint: the one the gap rule gave it (``CX101:order/ask``), or for
    a loading problem (CX0xx), which names no element, its code, file and message, the
    message as its id and parameters, the same in every language (a baseline made in
    Polish matches the findings of a run in English).

    ``file`` replaces the file as displayed (relative to the current folder) when the
    caller knows a steadier name for it, such as the path in the git repository."""
    if diagnostic.fingerprint:
        return diagnostic.fingerprint
    return f"{diagnostic.code}:{file or diagnostic.span.file}:{said_key(diagnostic.text)}"
