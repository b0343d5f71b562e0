"""Where every element is defined and where it is named, across the workspace's files as
parsed: for going to a definition, finding references, renaming and completing ids. Built
from the parsed files alone, so that it works while the model has errors."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from cxmodel.diagnostics import Span
from cxmodel.loader.nodes import YMap, value_span
from cxmodel.validate.references import id_elements, references
from cxmodel.validate.sections import SECTIONS

# An element, as references name it: (kind, id), or (kind, journey id, id) for a journey's
# stages and steps, (kind, post id, id) for a post's themes.
Key = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Occurrence:
    """An id in a file: where its text is, the element it names, whether it is the
    definition; ``offset`` is where the id starts within the value (a touchpoint
    'journey/step' names the step after the slash, the journey before it)."""

    path: str
    span: Span
    key: Key
    definition: bool
    offset: int = 0
    length: int = 0


@dataclass
class Defined:
    """An element's definition: where its id is, and its mapping as parsed."""

    key: Key
    path: str
    span: Span
    element: YMap


@dataclass
class Index:
    definitions: dict[Key, Defined] = field(default_factory=dict)
    occurrences: dict[str, list[Occurrence]] = field(default_factory=dict)  # by file
    by_key: dict[Key, list[Occurrence]] = field(default_factory=dict)

    def add(self, occurrence: Occurrence) -> None:
        self.occurrences.setdefault(occurrence.path, []).append(occurrence)
        self.by_key.setdefault(occurrence.key, []).append(occurrence)

    def at(self, path: str, line: int, column: int) -> Occurrence | None:
        """The id at a 1-based line and column (the character under or just before the
        cursor)."""
        for occurrence in self.occurrences.get(path, ()):
            span = occurrence.span
            if span.line == line and span.column <= column <= span.end_column:
                if occurrence.length and not (
                        span.column + occurrence.offset <= column
                        <= span.column + occurrence.offset + occurrence.length):
                    continue
                return occurrence
        return None

    def of_kind(self, kind: str, journey: str | None = None) -> list[Defined]:
        """The elements of a kind (for stages and steps, of one journey)."""
        return [d for key, d in self.definitions.items() if key[0] == kind
                and (journey is None or len(key) == 2 or key[1] == journey)]


def _define(index: Index, path: str, key: Key, element: YMap) -> None:
    span = element.value_span("id")
    if key not in index.definitions:
        index.definitions[key] = Defined(key, path, span, element)
    index.add(Occurrence(path, span, key, True))


def build_index(roots: Iterable[tuple[str, YMap]]) -> Index:
    index = Index()
    for path, root in roots:
        for section, kind in SECTIONS.items():
            for element in id_elements(root.get(section)):
                _define(index, path, (kind, element["id"]), element)
                if kind == "journey":
                    for local, local_kind in (("stages", "stage"), ("steps", "step")):
                        for item in id_elements(element.get(local)):
                            _define(index, path, (local_kind, element["id"], item["id"]), item)
                elif kind == "listening post":
                    for theme in id_elements(element.get("themes")):
                        _define(index, path, ("theme", element["id"], theme["id"]), theme)
        for ref in references(root):
            span = value_span(ref.container, ref.key)
            if ref.kind == "touchpoint":
                journey, _, step = ref.target.partition("/")
                if not step:
                    continue
                index.add(Occurrence(path, span, ("journey", journey), False, 0, len(journey)))
                index.add(Occurrence(path, span, ("step", journey, step), False,
                                     len(journey) + 1, len(step)))
            elif ref.journey is not None:
                index.add(Occurrence(path, span, (ref.kind, ref.journey["id"], ref.target),
                                     False))
            else:
                index.add(Occurrence(path, span, (ref.kind, ref.target), False))
    return index
