"""How a workshop sheet's cells write what a YAML journey holds in lists and entries, both
ways: read (import) and written (export), so that one notation serves the round trip.
Documented in docs/import-export.md ("Cells that hold several things")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cxmodel.messages.text import Name, message

# A line "Contact centre: Answers the chat" names who acts (before the first colon followed
# by a space, at most 40 characters), so that a sentence that merely holds a colon later on
# stays an action. "[IVR]: Reads out the status" puts the name in square brackets: a system
# in the frontstage or backstage lane, a department in the support lane (each lane's less
# usual kind). "Logistics:" alone is an actor with no action; a line starting with ": " is
# an action alone, whatever it holds ("Note: ..." written as ": Note: ..."). The full-width
# colon of Chinese text ("客服部：接听电话") counts as a colon and a space.
_PLAIN = re.compile(r"^(?P<who>[^:\n\[\]]{1,40}?)\s*:(?:\s+(?P<what>\S.*))?$")
_BRACKETED = re.compile(r"^\[(?P<who>[^\]\n]{1,40})\]\s*:(?:\s+(?P<what>\S.*))?$")
_ESCAPE = ": "
# A target line: the metric, then >= and/or <= with a number (≥ and ≤ too; a decimal
# comma is read as a point): "fcr >= 80", "response-time <= 60", "csat >= 4,3 <= 5".
_NUMBER = r"[-+]?[0-9]+(?:[.,][0-9]+)?"
_TARGET = re.compile(rf"^(?P<metric>.+?)\s*(?P<bounds>(?:(?:>=|≥|<=|≤)\s*{_NUMBER}\s*)+)$")
_BOUND = re.compile(rf"(>=|≥|<=|≤)\s*({_NUMBER})")
_WAIVER = re.compile(r"^(?P<code>CX[0-9]{3})\s*[:：]\s*(?P<reason>\S.*)$", re.IGNORECASE)
_LIST_SEPARATORS = re.compile(r"[,\n;]")

BAD_TARGET = message("import.target", "{line} is not a target: write the metric, then >= "
                     "and/or <= with a number (fcr >= 80, response-time <= 60)")
BAD_WAIVER = message("import.waiver", "{line} is not a waiver: write the rule's code, a colon "
                     "and the reason (CX101: measured by the carrier's survey)")


@dataclass(frozen=True, slots=True)
class LaneLine:
    """One line of a lane cell: who acts (a department, or a system), and what is done."""

    who: str | None
    what: str | None
    bracketed: bool = False


def lines(text: str) -> list[str]:
    """A cell's non-empty lines, trimmed: one pain point, problem or step per line."""
    return [line.strip() for line in text.split("\n") if line.strip()]


def listed(text: str) -> list[str]:
    """Tags: separated by commas, semicolons or line breaks."""
    return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]


# Chinese and Japanese text types the full-width colon, with no space after it.
_FULL_WIDTH = re.compile(r"^([^:：\n]{1,40}?)\s*：\s*")


def read_lane_line(line: str) -> LaneLine:
    line = _FULL_WIDTH.sub(r"\1: ", line, count=1).rstrip()
    if line.startswith(":"):
        return LaneLine(None, line[1:].strip() or None)
    for pattern, bracketed in ((_BRACKETED, True), (_PLAIN, False)):
        found = pattern.match(line)
        if found is not None and found["who"].strip() and any(
                c.isalnum() for c in found["who"]):
            return LaneLine(found["who"].strip(), found["what"], bracketed)
    return LaneLine(None, line)


def write_lane_line(who: str | None, what: str | None, bracketed: bool = False) -> str:
    """The line read_lane_line reads back as (who, what, bracketed)."""
    if who is not None:
        name = f"[{who}]" if bracketed else who
        return f"{name}: {what}" if what else f"{name}:"
    text = what or ""
    if read_lane_line(text) != LaneLine(None, text):
        return _ESCAPE + text
    return text


def read_target(line: str) -> tuple[str, dict[str, float | int]]:
    """('fcr', {'min': 80}) for 'fcr >= 80'; ValueError (saying why) otherwise."""
    found = _TARGET.match(line)
    if found is None:
        raise ValueError(BAD_TARGET(line=Name(line)))
    bounds: dict[str, float | int] = {}
    for operator, value in _BOUND.findall(found["bounds"]):
        key = "min" if operator in (">=", "≥") else "max"
        if key in bounds:
            raise ValueError(BAD_TARGET(line=Name(line)))
        number = float(value.replace(",", "."))
        bounds[key] = int(number) if number.is_integer() and "." not in value \
            and "," not in value else number
    return found["metric"].strip(), bounds


def write_number(value: float) -> str:
    return str(int(value)) if isinstance(value, int) else repr(value)


def write_target(metric: str, low: float | None, high: float | None) -> str:
    parts = [metric]
    if low is not None:
        parts.append(f">= {write_number(low)}")
    if high is not None:
        parts.append(f"<= {write_number(high)}")
    return " ".join(parts)


def read_waiver(line: str) -> tuple[str, str]:
    found = _WAIVER.match(line)
    if found is None:
        raise ValueError(BAD_WAIVER(line=Name(line)))
    return found["code"].upper(), found["reason"].strip()
