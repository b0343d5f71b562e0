"""Texts the YAML cut short (CX704): a comment that swallowed the end of a name, goal or
pain point."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cxmodel.analyze.hygiene import described, elements, kind
from cxmodel.analyze.rule import Finding, rule
from cxmodel.analyze.words import name
from cxmodel.config import Config
from cxmodel.diagnostics import QUOTE, Edit, Fix, Span
from cxmodel.loader.nodes import YList, YMap, pos
from cxmodel.messages.text import Name, message
from cxmodel.model import Element, Step, Theme, Workspace

# TRANSLATORS: {field} is the YAML key as written (goal, pain_points, frontstage.action).
CUT = message("CX704.cut", "The {field} of {element} reads {text}: the {comment} after it is "
              "taken as a comment, because YAML starts one at a '#' after a space.")
# {written}: the text as it should be written, quoted (goal: "Be reachable again #1").
CUT_HINT = message("CX704.hint", "Put the whole text in quotes: {written}")

# The keys whose values are texts people write, in every element (their own fields).
TEXT_KEYS = ("name", "description", "goal", "customer", "evidence", "question")
LANES = ("frontstage", "backstage", "support")


# (the field, as its YAML keys name it; what comes before the text where it is written;
# the text; where it is)
_Text = tuple[str, str, str, Span]


def _texts(element: Element) -> Iterator[_Text]:
    """Each text field of the element (a plain value or not: the comment's position tells)."""
    source = element.source
    if not isinstance(source, YMap):
        return
    for key in TEXT_KEYS:
        value = source.get(key)
        if isinstance(value, str):
            yield key, f"{key}: ", value, source.value_span(key)
    if isinstance(element, Step):
        yield from _listed("pain_points", source.get("pain_points"))
        for lane in LANES:
            value = source.get(lane)
            if isinstance(value, str):
                yield lane, f"{lane}: ", value, source.value_span(lane)
            elif isinstance(value, YMap):
                yield from _actions(lane, value)
            elif isinstance(value, YList):
                yield from _listed(lane, value)
                for item in value:
                    if isinstance(item, YMap):
                        yield from _actions(lane, item)
        notice = source.get("proactive")
        if isinstance(notice, YMap) and isinstance(notice.get("message"), str):
            yield ("proactive.message", "message: ", notice["message"],
                   notice.value_span("message"))


def _listed(key: str, value: Any) -> Iterator[_Text]:
    if isinstance(value, YList):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield key, "- ", item, value.item_span(index)


def _actions(lane: str, entry: YMap) -> Iterator[_Text]:
    if isinstance(entry.get("action"), str):
        yield f"{lane}.action", "action: ", entry["action"], entry.value_span("action")


def _every_element(ws: Workspace) -> Iterator[Element]:
    yield from elements(ws)
    for post in ws.listening_posts:
        yield from post.themes


@rule("CX704", "comment-in-text", "warning",
      "A text cut short by a '#' that YAML read as the start of a comment.")
def comment_in_text(ws: Workspace, config: Config) -> Iterator[Finding]:
    """A name, description, goal, customer action, evidence, question, pain point, lane
    action or notice written without quotes, where a ` #` followed by a letter or digit
    starts a comment and silently cuts the text: `goal: Be reachable again #1 priority` is
    read as "Be reachable again". A real comment has a space after the `#`
    (`# renamed in May`) and is not reported; nor is a comment after a quoted text.

    Fails:
    ```yaml
    journeys:
      - id: move-house
        goal: Be reachable again #1 priority
    ```
    Passes:
    ```yaml
        goal: "Be reachable again #1 priority"
    ```
    """
    if not ws.comment_cuts:
        return
    for element in _every_element(ws):
        for field, before, text, span in _texts(element):
            tail = ws.comment_cuts.get(span.file, {}).get(
                pos(span.end_line - 1, span.end_column - 1))
            if tail is None:
                continue
            cut = tail.lstrip()
            whole = _quoted(f"{text} {cut}")
            # The text and what YAML took as a comment, replaced by the quoted whole.
            edit = Edit(Span(span.file, span.line, span.column, span.end_line,
                             span.end_column + len(tail)), whole)
            ref = element.ref if isinstance(element, Step | Theme) else element.id
            yield Finding(
                element, CUT(field=field, element=_described(element), text=Name(text),
                             comment=Name(cut)),
                span, hint=CUT_HINT(written=before + whole),
                key=f"CX704:{_kind(element)}:{ref}:{field}:{text}",
                fixes=(Fix(QUOTE(), (edit,)),))


def _quoted(text: str) -> str:
    """``text`` in YAML's double quotes."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _kind(element: Element) -> str:
    return "theme" if isinstance(element, Theme) else kind(element)


def _described(element: Element) -> Any:
    if isinstance(element, Theme):
        return name(element)
    return described(element)
