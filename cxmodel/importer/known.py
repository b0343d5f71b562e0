"""What a workspace already defines, for linking a sheet's cells to it and for writing a
journey's references as a sheet: each kind's ids and display names. Read from the files as
parsed, so that a workspace in the middle of a workshop, with errors, still links."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any, Literal

from cxmodel.suggest import folded_name
from cxmodel.text import slug

# How alike a cell and an existing id or name must be for the cell to be taken as a slip
# of it (difflib's ratio of the two, folded): one or two letters in a name of ten or more.
NEAR = 0.8
KINDS = ("departments", "channels", "personas", "metrics", "problems", "offers")
# What results name besides: never created by an import, only linked to.
MORE_KINDS = ("journeys", "listening_posts")


@dataclass(frozen=True, slots=True)
class Link:
    """What a cell names: ``ident``, and whether it is ``known`` (defined already, or made
    earlier in the sheet), ``new``, or a ``near`` miss of ``suggestions``."""

    ident: str
    status: Literal["known", "new", "near"]
    suggestions: tuple[str, ...] = ()


def _keys(text: str) -> Iterable[str]:
    """The folded forms a cell may match an element by: as typed, and as an id."""
    made = slug(text)
    yield folded_name(text)
    if made:
        yield folded_name(made)
        yield folded_name(made.replace("-", " "))


@dataclass
class Elements:
    """One kind's elements: id -> display name (None without one)."""

    names: dict[str, str | None] = field(default_factory=dict)
    _index: dict[str, str] | None = None  # made when first asked: most are never asked

    def add(self, ident: str, name: str | None) -> None:
        if ident in self.names:
            return
        self.names[ident] = name
        if self._index is not None:
            self._enter(self._index, ident, name)

    @staticmethod
    def _enter(index: dict[str, str], ident: str, name: str | None) -> None:
        index.setdefault(folded_name(ident), ident)
        index.setdefault(folded_name(ident.replace("-", " ")), ident)
        if name:
            index.setdefault(folded_name(name), ident)

    @property
    def index(self) -> dict[str, str]:
        """Every folded id and name -> the id it names (the first element wins when two
        fold alike)."""
        if self._index is None:
            self._index = {}
            for ident, name in self.names.items():
                self._enter(self._index, ident, name)
        return self._index

    def find(self, text: str) -> str | None:
        """The id ``text`` names, by id or display name, whatever the case and accents."""
        if text in self.names:
            return text
        index = self.index
        for key in _keys(text):
            if key in index:
                return index[key]
        return None

    def link(self, text: str) -> Link:
        found = self.find(text)
        if found is not None:
            return Link(found, "known")
        made = slug(text)
        near = self.near(text)
        return Link(made, "near", near) if near else Link(made, "new")

    def near(self, text: str) -> tuple[str, ...]:
        """The ids (at most three, closest first) whose id or display name ``text`` is a
        slip of: as alike as 'Logistcs and delivery' and 'Logistics and delivery', or
        'Webchat' and 'web-chat'. A new name that merely shares words with one that exists
        ('Card does not work' beside 'Card did not arrive') is not a slip: it is new."""
        wanted = folded_name(text)
        if not wanted:
            return ()
        scored: dict[str, float] = {}
        matcher = SequenceMatcher(autojunk=False)
        matcher.set_seq2(wanted)
        for ident, name in self.names.items():
            for candidate in (folded_name(ident.replace("-", " ")), folded_name(name or "")):
                if not candidate:
                    continue
                matcher.set_seq1(candidate)
                if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR:
                    score = matcher.ratio()
                    if score >= NEAR and score > scored.get(ident, 0.0):
                        scored[ident] = score
        return tuple(sorted(scored, key=lambda i: (-scored[i], i))[:3])

    def written(self, ident: str) -> str:
        """How a sheet names the element: its display name when that name leads back to
        it alone, else its id."""
        name = self.names.get(ident)
        if name and "\n" not in name and name == name.strip() and self.find(name) == ident \
                and not _shadows(name, ident, self):
            return name
        return ident


def _shadows(name: str, ident: str, elements: Elements) -> bool:
    """Whether ``name`` is, as an id, another element's id."""
    made = slug(name)
    return made != ident and made in elements.names


@dataclass
class Known:
    """Each kind's elements in the workspace."""

    kinds: dict[str, Elements] = field(default_factory=lambda: {
        k: Elements() for k in (*KINDS, *MORE_KINDS)})
    scales: dict[str, tuple[float, float]] = field(default_factory=dict)  # metric -> scale
    journeys: set[str] = field(default_factory=set)  # the ids a new journey must not take
    steps: dict[str, Elements] = field(default_factory=dict)  # journey id -> its steps

    def __getitem__(self, kind: str) -> Elements:
        return self.kinds[kind]


def known_from_roots(roots: Iterable[Mapping[str, Any] | None]) -> Known:
    """What the parsed files (their roots, None for a file that does not parse) define."""
    known = Known()
    for root in roots:
        if not isinstance(root, Mapping):
            continue
        journeys = root.get("journeys")
        if isinstance(journeys, list):
            known.journeys.update(j["id"] for j in journeys
                                  if isinstance(j, Mapping) and isinstance(j.get("id"), str))
            for journey in journeys:
                if isinstance(journey, Mapping) and isinstance(journey.get("id"), str):
                    _add_steps(known.steps.setdefault(journey["id"], Elements()), journey)
        for kind in (*KINDS, *MORE_KINDS):
            section = root.get(kind)
            if not isinstance(section, list):
                continue
            for element in section:
                if isinstance(element, Mapping) and isinstance(element.get("id"), str):
                    name = element.get("name")
                    known[kind].add(element["id"], name if isinstance(name, str) else None)
                    scale = element.get("scale")
                    if kind == "metrics" and isinstance(scale, Mapping) and isinstance(
                            scale.get("min"), int | float) and isinstance(
                            scale.get("max"), int | float):
                        known.scales[element["id"]] = (scale["min"], scale["max"])
    return known


def _add_steps(steps: Elements, journey: Mapping[str, Any]) -> None:
    found = journey.get("steps")
    if not isinstance(found, list):
        return
    for step in found:
        if isinstance(step, Mapping) and isinstance(step.get("id"), str):
            name = step.get("name")
            steps.add(step["id"], name if isinstance(name, str) else None)
