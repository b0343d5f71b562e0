"""Making ids from the names people type: lower case, words joined by hyphens, letters of
every alphabet kept ('Pick a product' -> 'pick-a-product', 'Выбор товара' ->
'выбор-товара'), and repeats told apart with -2, -3."""

from __future__ import annotations

from cxmodel.text import slug

__all__ = ["IdMaker", "is_id", "slug"]


def is_id(text: str) -> bool:
    """True when ``text`` is already an id as the sheet's author would write one."""
    return bool(text) and slug(text) == text


class IdMaker:
    """Hands out unique ids within one scope (the steps of a journey, say)."""

    def __init__(self, fallback: str) -> None:
        self.taken: set[str] = set()
        self.fallback = fallback
        # The next number to try for each base: counting up from 2 again for every repeated
        # name was quadratic in the number of rows of one name.
        self.next_number: dict[str, int] = {}

    def make(self, name: str) -> str:
        base = slug(name) or self.fallback
        candidate = base
        number = self.next_number.get(base, 2)
        while candidate in self.taken:
            candidate = f"{base}-{number}"
            number += 1
        self.next_number[base] = number
        self.taken.add(candidate)
        return candidate
