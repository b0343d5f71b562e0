"""Language-neutral text: a message is a template's id and its parameters, turned into a
sentence in the active language only when it is shown (render.py). The English template
is the gettext msgid and the id its msgctxt, so two messages with the same English can be
translated apart, and a catalogue is keyed by code and variant (``CX102.channel-only``).

Declare a template with :func:`message` (or :func:`plural`, for a sentence whose words
depend on a number) where it is used; ``python -m cxmodel.messages.maintain update``
collects them into the catalogues."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Template:
    """A whole sentence with named placeholders: ``Channel {channel} has no owner.``"""

    id: str
    english: str
    english_plural: str | None = None
    count: str | None = None  # the parameter that chooses the plural form

    def __call__(self, **params: Param) -> Text:
        if self.count is not None and not isinstance(params.get(self.count), int):
            raise TypeError(f"{self.id} needs an integer {self.count}")
        return Text(self, params)  # in the caller's order: see key()


class Text:
    """A template with its parameters: what a finding, a label or a heading says.
    (A plain class with slots, not a dataclass: a large workspace makes tens of thousands
    of them, and a frozen dataclass is twice as slow to make.)"""

    __slots__ = ("params", "template")

    def __init__(self, template: Template, params: dict[str, Param] | None = None) -> None:
        self.template = template
        self.params: dict[str, Param] = {} if params is None else params

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Text) and self.template == other.template
                and self.params == other.params)

    def __hash__(self) -> int:
        return hash((self.template, tuple(sorted(self.params.items()))))

    def __repr__(self) -> str:
        return f"Text({self.key()!r})"

    @property
    def id(self) -> str:
        return self.template.id

    def param(self, name: str) -> Param:
        return self.params[name]

    def key(self) -> str:
        """The text in no language: its id and parameters, for fingerprints and sorting."""
        return self.id + "".join(f"|{name}={neutral(value)}"
                                 for name, value in sorted(self.params.items()))


class Name:
    """A user's name in a sentence: quoted in the language's own marks ('x', «x», „x”,
    “x”) and cut to 80 characters. (A plain class with slots, as Text.)"""

    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Name) and self.value == other.value

    def __hash__(self) -> int:
        return hash(("Name", self.value))

    def __repr__(self) -> str:
        return f"Name({self.value!r})"


@dataclass(frozen=True, slots=True)
class Names:
    """Names listed in a sentence, quoted and joined as the language joins a list
    ('A', 'B' and 'C'); past ``most``, the rest are counted ("... and 4,990 more")."""

    values: tuple[str, ...]
    most: int = 10


@dataclass(frozen=True, slots=True)
class Items:
    """Parts joined as the language joins a list (A, B and C), each rendered on its own."""

    values: tuple[Param, ...]
    conjunction: str = "and"  # or "or"


@dataclass(frozen=True, slots=True)
class Percent:
    """A share of 100, shown as the language shows a percentage (86.7%, 86,7 %)."""

    value: float
    decimals: int = 1


@dataclass(frozen=True, slots=True)
class Period:
    """A period of results (2026-11, 2026-Q4, 2026-H2, 2026), shown in running text as the
    language names it: November 2026, ноябрь 2026 г., IV kwartał 2026, 2026年下半年."""

    value: str


@dataclass(frozen=True, slots=True)
class Day:
    """A date (2026-11-15), shown in running text as the language writes one: 15 November
    2026, 15 ноября 2026 г., 15 listopada 2026, 2026年11月15日."""

    value: str


Param = str | int | float | Name | Names | Items | Percent | Period | Day | Text | None


def neutral(value: Param) -> str:
    """A parameter written the same in every language (for :meth:`Text.key`)."""
    if isinstance(value, Text):
        return "(" + value.key() + ")"
    if isinstance(value, Name):
        return repr(value.value)
    if isinstance(value, Names):
        return "[" + ",".join(repr(v) for v in value.values) + "]"
    if isinstance(value, Items):
        return "[" + ",".join(neutral(v) for v in value.values) + "]"
    if isinstance(value, Percent):
        return f"{value.value}%"
    if isinstance(value, Period | Day):
        return value.value
    return str(value)


def message(id: str, english: str) -> Template:
    """Declare a sentence: ``message("CX301", "Channel {channel} has no owner.")``."""
    return Template(id, english)


def plural(id: str, singular: str, english_plural: str, count: str = "count") -> Template:
    """Declare a sentence that changes with a number (Russian and Polish have three forms,
    Chinese one; the catalogue holds each language's)."""
    return Template(id, singular, english_plural, count)
