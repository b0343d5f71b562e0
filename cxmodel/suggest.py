"""Did-you-mean suggestions for misspelt ids and keys."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def _fold(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def closest(word: str, candidates: Iterable[str], limit: int = 3) -> list[str]:
    """The candidates closest to ``word``, best first; spelling variants that differ only in
    case, dashes, underscores or spaces ('webchat', 'Web_Chat' for 'web-chat') come first."""
    pool = sorted(set(candidates))
    folded = _fold(word)
    same = [c for c in pool if _fold(c) == folded and c != word]
    close = difflib.get_close_matches(word, pool, n=limit, cutoff=0.6)
    if not close:
        lowered = {c.casefold(): c for c in pool}
        close = [lowered[c] for c in difflib.get_close_matches(word.casefold(), list(lowered),
                                                               n=limit, cutoff=0.6)]
    result: list[str] = []
    for candidate in [*same, *close]:
        if candidate not in result and candidate != word:
            result.append(candidate)
    return result[:limit]


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """' did you mean 'x'?' style text, or None when nothing is close."""
    found = closest(word, candidates)
    if not found:
        return None
    if len(found) == 1:
        return f"did you mean '{found[0]}'?"
    quoted = ", ".join(f"'{c}'" for c in found[:-1])
    return f"did you mean {quoted} or '{found[-1]}'?"


def quoted_list(items: Iterable[str], limit: int = 12) -> str:
    values = list(items)
    shown = ", ".join(values[:limit])
    if len(values) > limit:
        shown += f" (and {len(values) - limit} more)"
    return shown
