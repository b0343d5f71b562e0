"""``cxmodel check --format github``: GitHub Actions workflow commands that annotate the
pull request (``::error file=...,line=...::message``), then the ordinary text listing,
because GitHub shows only the first few annotations of a step."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable

from cxmodel.diagnostics import Diagnostic
from cxmodel.messages.render import render as say
from cxmodel.messages.text import message

COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


# Control characters (C0, DEL, C1), the Unicode line and paragraph separators and the
# text-direction controls (a right-to-left override would reorder the log line): the
# toolkit escapes only CR and LF, but any other raw control character in a command (from a
# file name, say) would reach the log as it is: a terminal escape, a bell, a NUL. They are
# percent-encoded as their UTF-8 bytes, as the toolkit writes CR and LF.
_CONTROL = re.compile("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e"
                      "\u2066-\u2069]")


def _percent(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8"))


def escape_data(text: str) -> str:
    """The toolkit's escaping of a command's message, and control characters encoded."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return _CONTROL.sub(_percent, text)


def escape_property(text: str) -> str:
    """The toolkit's escaping of a property value (file, title...)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


# TRANSLATORS: an annotation's message, then on its own line how to fix it.
WITH_HINT = message("ci.message-with-hint", "{message}\nHint: {hint}")


def command(d: Diagnostic, file: str) -> str:
    span = d.span
    properties = [("file", file), ("line", str(span.line))]
    if span.end_line > span.line:
        properties.append(("endLine", str(span.end_line)))
    else:
        # GitHub accepts columns only for an annotation on a single line.
        properties.append(("col", str(span.column)))
        properties.append(("endLine", str(span.line)))
        properties.append(("endColumn", str(max(span.end_column, span.column + 1))))
    properties.append(("title", f"{d.code} {d.name}"))
    joined = ",".join(f"{key}={escape_property(value)}" for key, value in properties)
    text = d.message if not d.hint else say(WITH_HINT(message=d.message, hint=d.hint))
    return f"::{COMMANDS[d.severity]} {joined}::{escape_data(text)}"


def render(diagnostics: list[Diagnostic], locate: Callable[[str], str | None],
           listing: str) -> str:
    """One workflow command per diagnostic (file paths relative to the repository), then
    ``listing``, the plain text listing, between ``::stop-commands::`` and its end token:
    the runner reads every line of a step's output that starts with '::' as a command, and
    the listing shows user text (a file named '::error file=x::y.yaml' starts a line). The
    token is a hash of the listing, so the output stays deterministic and no listing can
    hold its own end token."""
    lines = [command(d, locate(d.span.file) or d.span.file) for d in diagnostics]
    token = hashlib.sha256(listing.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return ("".join(f"{line}\n" for line in lines) + f"::stop-commands::{token}\n" + listing
            + f"::{token}::\n")
