"""Durations as the language writes them: 30m, 4h, 2d, 1w, or ISO 8601 (PT30M, P2D). (A
duration in a sentence is said by cxmodel.analyze.words, in the active language.)"""

from __future__ import annotations

import math
import re
from typing import Literal

_SHORT = re.compile(r"^([0-9]+(?:\.[0-9]+)?)\s*(m|min|h|d|w)$")
_ISO = re.compile(
    r"^P(?!$)(?:([0-9]+)Y)?(?:([0-9]+)M)?(?:([0-9]+)W)?(?:([0-9]+)D)?"
    r"(?:T(?=[0-9])(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?)?$"
)
_UNIT_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}
# Years and months have no fixed length; for comparing follow-up times these are close enough.
_ISO_SECONDS = (365 * 86400, 30 * 86400, 604800, 86400, 3600, 60, 1)


# The unit a duration is said in: weeks, days, hours, minutes or seconds.
Unit = Literal["w", "d", "h", "m", "s"]
_SHORT_UNITS: dict[str, Unit] = {"m": "m", "min": "m", "h": "h", "d": "d", "w": "w"}
# The unit each ISO 8601 part is said in (years and months in days: their length varies).
_ISO_UNITS: tuple[Unit, ...] = ("d", "d", "w", "d", "h", "m", "s")


def unit(text: str | None) -> Unit | None:
    """The smallest unit ``text`` writes its duration in, so that it is said back as
    written: a 24-hour promise as '24 hours', not '1 day'. Years and months (P1Y, P1M)
    are said in days, as they are compared (365 and 30 days). None when ``text`` is not a
    duration."""
    if text is None:
        return None
    text = text.strip()
    short = _SHORT.match(text)
    if short:
        return _SHORT_UNITS[short.group(2)]
    iso = _ISO.match(text)
    if iso:
        written = [name for part, name in zip(iso.groups(), _ISO_UNITS, strict=True)
                   if part is not None]
        return written[-1] if written else None
    return None


def seconds(text: str) -> float | None:
    """The duration in seconds, or None if ``text`` is not a duration."""
    text = text.strip()
    short = _SHORT.match(text)
    total: float | None = None
    if short:
        total = float(short.group(1)) * _UNIT_SECONDS[short.group(2)]
    iso = _ISO.match(text)
    if iso:
        pairs = zip(iso.groups(), _ISO_SECONDS, strict=True)
        total = sum(float(part) * factor for part, factor in pairs if part is not None)
    # A duration too long to be a number (hundreds of digits) is not a duration.
    return total if total is not None and math.isfinite(total) else None

