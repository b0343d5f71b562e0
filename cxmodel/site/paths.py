"""Where each element's page lives, and links between pages that work from file:// and any
static host (relative, percent-encoded)."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

from cxmodel.model import (
    Channel,
    Department,
    Element,
    Journey,
    ListeningPost,
    Metric,
    Persona,
    Stage,
    Step,
    Workspace,
)
from cxmodel.text import cut_to_bytes

# Folder of each kind of page, and the kind's plural for headings.
FOLDERS: dict[type[Element], str] = {
    Journey: "journeys",
    Channel: "channels",
    Department: "departments",
    ListeningPost: "posts",
    Metric: "metrics",
    Persona: "personas",
}
# The catalogue pages, and the names Windows reserves for devices whatever the extension
# ("com2.html" opens a serial port; a zip holding one cannot be unpacked there).
_RESERVED = re.compile(r"index|con|prn|aux|nul|conin|conout|(?:com|lpt)[0-9\u00b9\u00b2\u00b3]")
# Bytes of a page name before "-2" and ".html" (a file name holds at most 255).
_MOST_BYTES = 120


def slug(text: str) -> str:
    """A file-name-safe form of an id: lower-case letters of any script, digits, '-' and
    '_' (NFC, so the same name is the same file on every system), at most 80 characters
    and 120 bytes."""
    text = unicodedata.normalize("NFC", text).casefold()
    kept = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in text)
    kept = cut_to_bytes("-".join(part for part in kept.split("-") if part)[:80], _MOST_BYTES)
    if not kept or _RESERVED.fullmatch(kept):
        kept = f"{kept or 'item'}-page"
    return kept


class PageMap:
    """The page path (relative to the site root, '/'-separated) of every element."""

    def __init__(self, ws: Workspace) -> None:
        self.paths: dict[int, str] = {}
        groups: list[tuple[str, tuple[Element, ...]]] = [
            ("journeys", ws.journeys), ("channels", ws.channels),
            ("departments", ws.departments), ("posts", ws.listening_posts),
            ("metrics", ws.metrics), ("personas", ws.personas)]
        for folder, elements in groups:
            taken: set[str] = set()
            for element in elements:
                name = slug(element.id)
                candidate, number = name, 2
                while candidate in taken:
                    candidate = f"{name}-{number}"
                    number += 1
                taken.add(candidate)
                self.paths[id(element)] = f"{folder}/{candidate}.html"

    def page(self, element: Element) -> str | None:
        """The page of an element; steps and stages live on their journey's page."""
        if isinstance(element, Step | Stage):
            return None
        return self.paths.get(id(element))

    def link(self, element: Element, journey: Journey | None = None) -> str | None:
        """A site-root-relative URL of the element (steps: an anchor on the journey page)."""
        if isinstance(element, Step) and journey is not None:
            base = self.paths.get(id(journey))
            return f"{href(base)}#step-{element.position + 1}" if base else None
        found = self.paths.get(id(element))
        return href(found) if found else None


def href(path: str) -> str:
    """A relative URL for a site path (percent-encoded, '/' kept)."""
    return quote(path, safe="/#")


def root_prefix(path: str) -> str:
    """The relative prefix from a page back to the site root ('' or '../')."""
    return "../" * path.count("/")
