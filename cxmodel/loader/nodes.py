"""Loaded YAML data: plain dicts and lists that remember where each key and value stood."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxmodel.diagnostics import Span

# A position is one int: (0-based line << 32) | 0-based column. Cheap to store per value.
_SHIFT = 32
_MASK = (1 << _SHIFT) - 1


def pos(line: int, column: int) -> int:
    return (line << _SHIFT) | column


def pos_line(position: int) -> int:
    """1-based line of a position."""
    return (position >> _SHIFT) + 1


def pos_column(position: int) -> int:
    """1-based column of a position."""
    return (position & _MASK) + 1


class YMap(dict[str, Any]):
    """A YAML mapping. ``marks`` holds, per key in order: key start, value start, value end."""

    __slots__ = ("end", "file", "marks", "start")

    def __init__(self, file: str, start: int) -> None:
        super().__init__()
        self.file = file
        self.start = start
        self.end = start
        self.marks: list[int] = []

    def _index(self, key: str) -> int:
        for index, name in enumerate(self):
            if name == key:
                return index
        raise KeyError(key)

    def span(self) -> Span:
        return _span(self.file, self.start, self.end)

    def key_span(self, key: str) -> Span:
        start = self.marks[3 * self._index(key)]
        line, column = pos_line(start), pos_column(start)
        return Span(self.file, line, column, line, column + len(key))

    def value_span(self, key: str) -> Span:
        index = 3 * self._index(key)
        return _span(self.file, self.marks[index + 1], self.marks[index + 2])


class YList(list[Any]):
    """A YAML sequence. ``marks`` holds, per item: value start, value end."""

    __slots__ = ("end", "file", "marks", "start")

    def __init__(self, file: str, start: int) -> None:
        super().__init__()
        self.file = file
        self.start = start
        self.end = start
        self.marks: list[int] = []

    def span(self) -> Span:
        return _span(self.file, self.start, self.end)

    def item_span(self, index: int) -> Span:
        return _span(self.file, self.marks[2 * index], self.marks[2 * index + 1])


def _span(file: str, start: int, end: int) -> Span:
    return Span(file, (start >> _SHIFT) + 1, (start & _MASK) + 1, (end >> _SHIFT) + 1,
                (end & _MASK) + 1)


def value_span(container: YMap | YList, key: str | int) -> Span:
    """Where the value at ``key`` (a mapping key or a list index) stands."""
    if isinstance(container, YMap):
        return container.value_span(str(key))
    return container.item_span(int(key))


def locate(root: YMap, path: Sequence[str | int]) -> tuple[Span, bool]:
    """The span of the value at ``path``; if part of the path is missing, the span of the
    nearest present ancestor and False."""
    node: Any = root
    span = root.span()
    for part in path:
        if isinstance(node, YMap) and isinstance(part, str) and part in node:
            span = node.value_span(part)
            node = node[part]
        elif isinstance(node, YList) and isinstance(part, int) and 0 <= part < len(node):
            span = node.item_span(part)
            node = node[part]
        else:
            return span, False
    return span, True


def node_at(root: YMap, path: Sequence[str | int]) -> Any:
    """The value at ``path`` (or None if the path breaks)."""
    node: Any = root
    for part in path:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return None
    return node
