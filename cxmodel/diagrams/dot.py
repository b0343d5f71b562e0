"""DOT node and edge statements for the large diagrams, appended to a ``graphviz.Digraph``'s
``body`` (its documented list of verbatim lines).

``Digraph.node()`` quotes each attribute through a decorated function and three regular
expressions: most of the cost of building a large diagram. These statements are the same
lines, quoted by graphviz's own rules and patterns (so the DOT text is byte-identical), at
a fraction of the cost."""

from __future__ import annotations

from functools import lru_cache

from graphviz.quoting import ESCAPE_UNESCAPED_QUOTES, HTML_STRING, ID, KEYWORDS, NoHtml

_html = HTML_STRING.match
_id = ID.match


# Attribute names, colours, classes and sizes repeat thousands of times per diagram; typed,
# so a nohtml() label never shares an entry with an equal plain string.
@lru_cache(maxsize=16384, typed=True)
def quote(value: str) -> str:
    """``value`` as a DOT identifier: bare when it is one, an HTML-like label (``<...>``)
    unless marked ``nohtml``, else in double quotes with its unescaped quotes escaped."""
    if _html(value) and not isinstance(value, NoHtml):
        return value
    if not _id(value) or value.lower() in KEYWORDS:
        return f'"{ESCAPE_UNESCAPED_QUOTES(value)}"'
    return value


def _attributes(label: str | None, attrs: dict[str, str | None]) -> str:
    parts = [f"label={quote(label)}"] if label is not None else []
    parts.extend(f"{quote(key)}={quote(value)}" for key, value in sorted(attrs.items())
                 if value is not None)
    return f" [{' '.join(parts)}]" if parts else ""


def node(name: str, label: str | None = None, **attrs: str | None) -> str:
    """The line ``Digraph.node(name, label, **attrs)`` would add."""
    return f"\t{quote(name)}{_attributes(label, attrs)}\n"


def edge(tail: str, head: str, label: str | None = None, **attrs: str | None) -> str:
    """The line ``Digraph.edge(tail, head, label, **attrs)`` would add (names without
    ``:port`` suffixes; ports are given as tailport/headport)."""
    return f"\t{quote(tail)} -> {quote(head)}{_attributes(label, attrs)}\n"
