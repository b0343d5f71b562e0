"""Parsing one YAML text with libyaml's C parser into YMap/YList data, in one pass over
the parser's events: YAML 1.2 scalars read by what the schema expects at each place,
duplicate keys, tags, aliases and depth all checked on the way."""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Callable, Iterator
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from cxmodel.diagnostics import ADD_DASH, Diagnostic, Edit, Fix, Said, Span, loading_diagnostic
from cxmodel.loader import wording as say
from cxmodel.loader.decode import NOT_PRINTABLE, position_of
from cxmodel.loader.expansion import AliasUse
from cxmodel.loader.limits import Limits
from cxmodel.loader.nodes import YList, YMap, pos
from cxmodel.loader.shapes import ANY, Shape
from cxmodel.messages.text import Name, Text
from cxmodel.text import code_point

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOLS = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_MAX_DIGITS = 4000
# Whole numbers beyond the largest float are "too large to be finite", like 1e999: other
# code (JSON output, comparisons with float bounds, messages) must not meet 1,000-digit ints.
_MAX_INT = int(sys.float_info.max)

_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null")}
_MAP_TAGS = {None, "!", _TAG + "map"}
_SEQ_TAGS = {None, "!", _TAG + "seq"}


# What the libyaml bundled with PyYAML 6.0.4 and later says past its own nesting limit.
_LIBYAML_TOO_DEEP = "exceeded maximum nesting depth"
LIBYAML_MAX_DEPTH = 1000


class _Stop(Exception):
    """Reading this file cannot go on; the diagnostic is already recorded."""


def resolve_plain(text: str, types: set[str]) -> Any:
    """A plain scalar as YAML 1.2's core schema reads it, but only as the types the schema
    accepts here: where text is expected, '0777', 'NO' and '2024-01-15' stay text."""
    if text in _NULLS:
        return None
    if "boolean" in types and text in _BOOLS:
        return _BOOLS[text]
    if "integer" in types or "number" in types:
        number = _number(text)
        if number is not None:
            return as_expected(number, types)
    return text


def as_expected(number: int | float, types: set[str]) -> int | float:
    """A whole number written as a float (``1.0``, ``1e2``) as an int where the schema
    expects an integer: JSON Schema counts it as one, so it passes the check, and what is
    built from it (``{emotion:+d}``, a limit compared and printed) needs an int."""
    if isinstance(number, float) and "integer" in types and "number" not in types \
            and number.is_integer():
        return int(number)
    return number


def _number(text: str) -> int | float | None:
    if len(text) > _MAX_DIGITS:
        return None
    whole: int | None = None
    if _INT.match(text):
        whole = int(text)
    elif _OCT.match(text):
        whole = int(text[2:], 8)
    elif _HEX.match(text):
        whole = int(text[2:], 16)
    if whole is not None:
        return whole if -_MAX_INT <= whole <= _MAX_INT else None
    if _FLOAT.match(text):
        value = float(text)
        return value if math.isfinite(value) else None
    return None


class _Reader:
    def __init__(self, path: str, text: str, shape: Shape, limits: Limits) -> None:
        self.path = path
        self.text = text
        self.root_shape = shape
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        self.anchors: dict[str, tuple[Any, int, int]] = {}  # value, values, characters
        # Where each open anchored list or mapping starts, and the characters aliases had
        # added by then (what its own aliases add is part of what an alias of it adds).
        self.opened: list[tuple[int, int]] = []
        self.count = 0
        self.alias_nodes = 0
        self.alias_characters = 0
        self.first_alias: tuple[int, int] | None = None
        self.max_values = limits.max_file_values
        # List items that swallowed the next item (a missing "- "): reported once each.
        self.merged_items: set[int] = set()

    def error(self, code: str, message: Said, line: int, column: int, hint: Said | None = None,
              end: tuple[int, int] | None = None, fixes: tuple[Fix, ...] = ()) -> None:
        """Record a problem (0-based position); stop reading past max_problems of them."""
        if len(self.diagnostics) >= self.limits.max_problems:
            self.diagnostics.append(too_many_problems(self.path, line + 1, column + 1,
                                                      self.limits))
            raise _Stop
        end_line, end_column = end if end is not None else (line, column + 1)
        span = Span(self.path, line + 1, column + 1, end_line + 1, end_column + 1)
        self.diagnostics.append(loading_diagnostic(code, message, span, hint, fixes=fixes))

    def read(self) -> YMap | None:
        loader = yaml.CSafeLoader(self.text)
        try:
            return self._read_stream(loader)
        except _Stop:
            return None
        except yaml.MarkedYAMLError as failure:
            self._syntax_error(failure)
            return None
        except yaml.reader.ReaderError as failure:
            line, column = position_of(self.text, failure.position)
            self.diagnostics.append(loading_diagnostic(
                "CX001", say.CHARACTER_NOT_ALLOWED(problem=str(failure.reason)),
                Span.point(self.path, line, column)))
            return None
        finally:
            loader.dispose()

    def _syntax_error(self, failure: yaml.MarkedYAMLError) -> None:
        mark = failure.problem_mark or failure.context_mark
        line, column = (mark.line, mark.column) if mark is not None else (0, 0)
        problem = failure.problem or "the YAML structure is broken"
        if problem == _LIBYAML_TOO_DEEP:
            self._too_deep_for_libyaml(line, column)
            return
        message = _plain_syntax(problem, failure.context or "")
        if message is None:
            message = say.SYNTAX_IN(problem=problem, context=failure.context) \
                if failure.context else say.SYNTAX(problem=problem)
        hint = _syntax_hint(problem, self.text, line)
        start = failure.context_mark
        if hint is None and failure.context and "quoted scalar" in failure.context and start:
            hint = say.UNCLOSED_QUOTE(line=str(start.line + 1), column=str(start.column + 1))
        if "could not find expected ':'" in problem:
            lookalike = _lookalike_colon(self.text, start.line if start else line, line)
            if lookalike is not None:
                self._lookalike_colon_error(*lookalike)
                return
            glued = _no_space_after_colon(self.text, start.line if start else line, line)
            if glued is not None:
                self._no_space_error(*glued)
                return
        if "did not find expected ','" in problem and "mapping" in (failure.context or ""):
            wide = _lookalike_comma(self.text, start.line if start else line, line)
            if wide is not None:
                self._lookalike_comma_error(*wide)
                return
            cut = _colon_in_flow(self.text, line, column)
            if cut is not None:
                key, text, start_column, end_column = cut
                span = Span(self.path, line + 1, start_column + 1, line + 1, end_column + 1)
                whole = f'{key}: "{text}"'
                self.diagnostics.append(loading_diagnostic(
                    "CX001", say.COLON_IN_FLOW(field=Name(key)), span,
                    say.QUOTE_THE_TEXT(fix=whole),
                    fixes=(Fix(say.QUOTE_IT(), (Edit(span, whole),)),)))
                return
        if failure.context and "flow" in failure.context and start is not None:
            comment = _comment_in_flow(self.text, start.line, line)
            if comment is not None:  # located where the fix is: at the '#'
                line, column = comment
                hint = say.COMMENT_IN_FLOW()
        self.diagnostics.append(loading_diagnostic(
            "CX001", message, Span(self.path, line + 1, column + 1, line + 1, column + 2), hint))

    def _lookalike_comma_error(self, line: int, column: int, found: str, key: str) -> None:
        """CX001 at a full-width or ideographic comma that stands where ', ' separates two
        entries of { } (0-based place), with the fix that writes ', '."""
        span = Span(self.path, line + 1, column + 1, line + 1, column + 1 + len(found))
        odd = found[0]
        said = code_point(odd)
        self.diagnostics.append(loading_diagnostic(
            "CX001", say.LOOKALIKE_COMMA(found=Name(odd), code=said, key=Name(key)), span,
            say.LOOKALIKE_COMMA_HINT(), fixes=(Fix(say.WRITE_COMMA(), (Edit(span, ", "),)),)))

    def _no_space_error(self, line: int, column: int, key: str, text: str) -> None:
        """CX001 at a key's colon with no space after it (0-based place), with the fix."""
        span = Span(self.path, line + 1, column + 1, line + 1, column + 2)
        self.diagnostics.append(loading_diagnostic(
            "CX001", say.NO_SPACE_AFTER_COLON(key=Name(key), text=Name(text)), span,
            say.SPACE_AFTER_COLON_HINT(), fixes=(Fix(say.WRITE_COLON(), (Edit(span, ": "),)),)))

    def _lookalike_colon_error(self, line: int, column: int, found: str) -> None:
        """CX001 at a key written with a colon YAML does not read as one (0-based place): a
        full-width '：' typed with a Chinese input method, or ':' followed by a no-break
        space; with the fix that writes ': '."""
        span = Span(self.path, line + 1, column + 1, line + 1, column + 1 + len(found))
        odd = found[0] if found[0] != ":" else found[1]  # the colon, else the space after
        said = code_point(odd)
        message = say.LOOKALIKE_COLON(found=Name(odd), code=said) if odd == found[0] \
            else say.COLON_THEN_ODD_SPACE(code=said)
        self.diagnostics.append(loading_diagnostic(
            "CX001", message, span, say.LOOKALIKE_COLON_HINT(),
            fixes=(Fix(say.WRITE_COLON(), (Edit(span, ": "),)),)))

    def _too_deep_for_libyaml(self, line: int, column: int) -> None:
        """The libyaml of PyYAML 6.0.4 and later refuses more than 1,000 levels of nesting
        itself, and meets them while looking ahead, before this reader sees the level past
        max_depth: the same CX006 as this reader's own check, where libyaml stopped."""
        depth = self.limits.max_depth
        if depth < LIBYAML_MAX_DEPTH:
            self.error("CX006", say.TOO_DEEP(depth=depth), line, column,
                       hint=self.limits.how_to_raise("max_depth"))
        else:
            self.error("CX006", say.TOO_DEEP_FOR_PARSER(depth=LIBYAML_MAX_DEPTH), line, column)

    def _read_stream(self, loader: Any) -> YMap | None:
        get: Callable[[], Any] = loader.get_event
        get()  # stream start
        event = get()
        if isinstance(event, StreamEndEvent):
            self.error("CX003", say.EMPTY_FILE(), 0, 0, hint=say.EMPTY_FILE_HINT())
            return None
        assert isinstance(event, DocumentStartEvent)
        root = self._read_node(get)
        event = get()
        assert isinstance(event, DocumentEndEvent)
        event = get()
        if isinstance(event, DocumentStartEvent):
            mark: Any = event.start_mark
            self.error("CX008", say.SEVERAL_DOCUMENTS(), mark.line, mark.column,
                       hint=say.SEVERAL_DOCUMENTS_HINT())
            return None
        if root is None or (isinstance(root, str) and root == ""):
            self.error("CX003", say.EMPTY_FILE(), 0, 0, hint=say.EMPTY_FILE_HINT())
            return None
        if not isinstance(root, YMap):
            said = say.A_LIST() if isinstance(root, YList) \
                else say.A_VALUE(value=repr(str(root)[:40]))
            self.error("CX003", said, 0, 0, hint=say.START_WITH_SECTION())
            return None
        return root

    def _read_node(self, get: Any) -> Any:
        """The document's root value. One loop over the events with the common cases (a key,
        a plain value, the start and end of a list or mapping) written out in full and the
        innermost open list or mapping held in local variables: this loop runs for every
        value of every file, and calls and attribute lookups cost more than the work."""
        # The innermost open list or mapping (node None: none is open yet).
        node: Any = None
        marks: list[int] = []
        is_map = False
        shape = self.root_shape
        key: Any = None  # the key whose value comes next (mappings)
        key_start = 0
        skip = False  # the value of a duplicate or merge key: read, not kept
        anchor: str | None = None
        counted = 0  # self.count when this node opened (an anchor's size in values)
        stack: list[tuple[Any, ...]] = []  # the enclosing ones, saved as tuples
        max_depth = self.limits.max_depth
        max_values = self.max_values
        anchors = self.anchors
        path = self.path
        value: Any
        while True:
            event = get()
            cls = event.__class__
            if cls is ScalarEvent or cls is MappingStartEvent or cls is SequenceStartEvent:
                start = event.start_mark
                if is_map and key is None:
                    if cls is not ScalarEvent:
                        self.error("CX008", say.KEY_NOT_TEXT(), start.line, start.column)
                        raise _Stop
                    key = event.value
                    key_start = (start.line << 32) | start.column
                    if event.style or key in node or key == "<<":
                        key, skip = self._odd_key(node, event, start, stack)
                    continue
                # What the schema accepts here.
                if node is None:
                    child = shape
                elif is_map:  # (a Shape is always true)
                    child = shape.properties.get(key) or shape.additional or ANY
                else:
                    child = shape.items or ANY
                self.count += 1
                if self.count > max_values:
                    self._too_many_values(start)
                if cls is ScalarEvent:
                    if event.tag is None and not event.style:
                        value = event.value
                        if not child.typed:
                            if value in _NULLS:
                                value = None
                        elif value.isdigit() and value.isascii() and len(value) < 16 and (
                                "integer" in child.types or "number" in child.types):
                            value = int(value)  # a count or a score: what _number says
                        else:
                            value = resolve_plain(value, child.types)
                    else:
                        value = self._scalar(event, child)
                    end = event.end_mark
                    if event.anchor is not None:
                        anchors[event.anchor] = (value, 1, end.index - start.index)
                    first = (start.line << 32) | start.column
                    last = (end.line << 32) | end.column
                else:
                    if len(stack) >= max_depth:
                        self.error("CX006", say.TOO_DEEP(depth=max_depth), start.line,
                                   start.column, hint=self.limits.how_to_raise("max_depth"))
                        raise _Stop
                    stack.append((node, marks, is_map, shape, key, key_start, skip, anchor,
                                  counted))
                    position = (start.line << 32) | start.column
                    if cls is MappingStartEvent:
                        if event.tag is not None:
                            self._check_container_tag(event, _MAP_TAGS)
                        node = YMap(path, position)
                        is_map = True
                    else:
                        if event.tag is not None:
                            self._check_container_tag(event, _SEQ_TAGS)
                        node = YList(path, position)
                        is_map = False
                    marks = node.marks
                    shape = child
                    key = None
                    skip = False
                    anchor = event.anchor
                    if anchor is not None:
                        self.opened.append((start.index, self.alias_characters))
                    counted = self.count
                    continue
            elif cls is MappingEndEvent or cls is SequenceEndEvent:
                value = node
                if marks:
                    value.end = marks[-1]
                else:
                    end = event.end_mark
                    value.end = (end.line << 32) | end.column
                if anchor is not None:
                    opened_at, added_before = self.opened.pop()
                    anchors[anchor] = (value, self.count - counted + 1,
                                       event.end_mark.index - opened_at
                                       + self.alias_characters - added_before)
                first, last = value.start, value.end
                node, marks, is_map, shape, key, key_start, skip, anchor, counted = stack.pop()
            elif cls is AliasEvent:
                if is_map and key is None:
                    start = event.start_mark
                    self.error("CX008", say.KEY_ALIAS(), start.line, start.column)
                    raise _Stop
                value, first, last = self._alias(event, [anchor, *(s[7] for s in stack)])
            else:  # pragma: no cover - libyaml emits nothing else inside a document
                raise AssertionError(f"unexpected YAML event {event!r}")
            # Put the finished value into its parent.
            if node is None:
                return value
            if is_map:
                if not skip:
                    node[key] = value
                    marks += (key_start, first, last)
                key = None
                skip = False
            else:
                node.append(value)
                marks += (first, last)

    def _alias(self, event: Any, open_anchors: list[str | None]) -> tuple[Any, int, int]:
        """The value an alias stands for, with the alias's own start and end."""
        limits = self.limits
        start, end = event.start_mark, event.end_mark
        anchored = self.anchors.get(event.anchor)
        if anchored is None:
            names = {"alias": f"*{event.anchor}", "anchor": f"&{event.anchor}"}
            said = say.ALIAS_IN_ITSELF if event.anchor in open_anchors else say.ALIAS_UNDEFINED
            self.error("CX001", said(**names), start.line, start.column)
            raise _Stop
        value, size, characters = anchored
        self.alias_nodes += size
        self.alias_characters += characters
        if self.first_alias is None:
            self.first_alias = (start.line + 1, start.column + 1)
        self.count += size
        if self.alias_nodes > limits.max_alias_nodes:
            self.error("CX006", say.ALIAS_BOMB(limit=limits.max_alias_nodes),
                       start.line, start.column, hint=limits.how_to_raise("max_alias_nodes"))
            raise _Stop
        if self.count > self.max_values:
            self._too_many_values(start)
        return value, pos(start.line, start.column), pos(end.line, end.column)

    def _too_many_values(self, mark: Any) -> None:
        self.diagnostics.append(loading_diagnostic(
            "CX006", say.TOO_MANY_VALUES(limit=self.max_values),
            Span.point(self.path, mark.line + 1, mark.column + 1),
            hint=self.limits.how_to_raise("max_file_values")))
        raise _Stop

    def _odd_key(self, node: YMap, event: Any, mark: Any,
                 stack: list[tuple[Any, ...]]) -> tuple[str, bool]:
        """A key that is quoted, repeated or '<<': the key as read, and whether its value is
        to be skipped (a duplicate or a merge key, each reported)."""
        text: str = event.value
        style = event.style
        if style == '"':
            text = self._unescaped(text)
        if text in node:
            first = node.key_span(text)
            if id(node) in self.merged_items:
                return text, True  # the rest of an item whose "- " is missing: said once
            listed = self._missing_dash(node, text, first.column, mark, stack)
            if listed is not None:
                self.merged_items.add(id(node))
                self.error("CX002", say.MISSING_DASH(key=Name(text), line=str(first.line),
                                                     section=Name(listed)),
                           mark.line, mark.column,
                           hint=say.MISSING_DASH_HINT(key=Name(text), line=str(mark.line + 1)),
                           end=(mark.line, mark.column + len(text)),
                           fixes=self._dash_fix(mark))
                return text, True
            self.error("CX002", say.DUPLICATE_KEY(key=Name(text), line=str(first.line)),
                       mark.line, mark.column, hint=say.DUPLICATE_KEY_HINT(),
                       end=(mark.line, mark.column + len(text)))
            return text, True
        if text == "<<" and not style:
            self.error("CX008", say.MERGE_KEY(), mark.line, mark.column,
                       hint=say.MERGE_KEY_HINT())
            return text, True
        return text, False

    def _dash_fix(self, mark: Any) -> tuple[Fix, ...]:
        """'- ' written over the two spaces before the key that starts the next item (its
        other keys stay in their column); none when those are not two spaces."""
        if mark.column < 2 or self.text[mark.index - 2:mark.index] != "  ":
            return ()
        span = Span(self.path, mark.line + 1, mark.column - 1, mark.line + 1, mark.column + 1)
        return (Fix(ADD_DASH(), (Edit(span, "- "),)),)

    @staticmethod
    def _missing_dash(node: YMap, key: str, first_column: int, mark: Any,
                      stack: list[tuple[Any, ...]]) -> str | None:
        """The list a mapping is an item of, when a repeated key looks like the start of the
        next item written without its "- ": the item's first key again, in the same column
        (a block mapping: a flow mapping's keys stand side by side). Otherwise None."""
        if not stack or stack[-1][2] or next(iter(node)) != key \
                or first_column != mark.column + 1:
            return None
        if len(stack) >= 2 and stack[-2][2] and isinstance(stack[-2][4], str):
            return stack[-2][4]  # the key the list is under: "steps", "channels"
        return "-"

    @staticmethod
    def _unescaped(text: str) -> str:
        """A double-quoted scalar can write any character as an escape ("\\x1b", "\\0",
        "\\uFFFF"); cxmodel text holds only what a YAML file may hold as it is, so such a
        character is read as U+FFFD, the replacement character. Otherwise a terminal escape
        in a name would reach the terminal through messages, a NUL byte break Graphviz, a
        U+0007 make an SVG ill-formed XML."""
        return NOT_PRINTABLE.sub("\ufffd", text) if NOT_PRINTABLE.search(text) else text

    def _scalar(self, event: Any, shape: Shape) -> Any:
        text: str = event.value
        tag = event.tag
        if event.style == '"':
            text = self._unescaped(text)
        if tag is None or tag == "!":
            if event.style or tag == "!":
                return text  # quoted, block or explicitly non-specific: always text
            return resolve_plain(text, shape.types)
        if tag in _SCALAR_TAGS:
            kind = tag[len(_TAG):]
            if kind == "str":
                return text
            if kind == "null":
                return None
            if kind == "bool" and text in _BOOLS:
                return _BOOLS[text]
            if kind in ("int", "float"):
                number = _number(text)
                if number is not None:
                    return as_expected(float(number) if kind == "float" else number,
                                       shape.types)
            mark = event.start_mark
            self.error("CX003", say.NOT_AS_TAG(value=Name(text), kind=f"!!{kind}"),
                       mark.line, mark.column)
            return text
        mark = event.start_mark
        self.error("CX008", say.TAG(tag=_short_tag(tag)), mark.line, mark.column,
                   hint=say.TAG_HINT())
        return text

    def _check_container_tag(self, event: Any, allowed: set[str | None]) -> None:
        if event.tag not in allowed:
            mark = event.start_mark
            self.error("CX008", say.TAG(tag=_short_tag(event.tag)), mark.line, mark.column,
                       hint=say.TAG_HINT())


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag


_FLOW_COMMENT = re.compile(r"[ \t]#")


def _comment_in_flow(text: str, first: int, last: int) -> tuple[int, int] | None:
    """Where a ' #' outside quotes cut short a [ ] or { } that opened on line ``first``
    (0-based) and was found unclosed on line ``last``: its line and column (0-based)."""
    lines = text.splitlines()
    for number in range(first, min(last, len(lines) - 1) + 1):
        source = lines[number]
        for found in _FLOW_COMMENT.finditer(source):
            before = source[:found.start()]
            if before.count('"') % 2 == 0 and before.count("'") % 2 == 0 \
                    and ("[" in before or "{" in before or number > first):
                return number, found.start() + 1
    return None


# Characters typed for ':' that YAML does not read as one: the full-width colon of Chinese
# and Japanese input methods, the ratio sign, the modifier letter colons and the small and
# presentation-form colons; and the spaces YAML does not take for the one after ':'.
_LOOKALIKE_COLONS = "\uff1a\u2236\ua789\u02f8\ufe55\ufe13\ufe30"
# (no-break, ideographic, figure, narrow no-break, en, em and thin spaces)
ODD_SPACES = "\u00a0\u3000\u2007\u202f\u2002\u2003\u2009"

_LOOKALIKE = re.compile(f"[{_LOOKALIKE_COLONS}][ {ODD_SPACES}]?|:[{ODD_SPACES}]")
# What stands before such a colon when it ends a key: indentation, maybe "- ", and a key
# such as moment_of_truth (not words of a text, which a colon inside a value follows).
_KEY = re.compile(r" *(?:- +)?[\w-]+")


def _lines_between(text: str, first: int, last: int) -> Iterator[tuple[int, str]]:
    """Lines ``first`` to ``last`` (0-based) of ``text`` with their numbers: where libyaml
    began to read what it stopped on, to where it stopped."""
    lines = text.splitlines()
    for number in range(max(first, 0), min(last, len(lines) - 1) + 1):
        yield number, lines[number]


def _lookalike_colon(text: str, first: int, last: int) -> tuple[int, int, str] | None:
    """Where, on lines ``first`` to ``last`` (0-based), a key is followed by a colon YAML
    does not read as one: its line, column and the characters ('：', or ':' and a no-break
    space)."""
    for number, source in _lines_between(text, first, last):
        for found in _LOOKALIKE.finditer(source):
            if _KEY.fullmatch(source[:found.start()]):
                return number, found.start(), found.group()
    return None


# A key of the language glued to its value (channel:web): a lower-case key, ':' and no space.
_GLUED = re.compile(r"( *(?:- +)?)([a-z][a-z_]*):(\S.*)")


def _no_space_after_colon(text: str, first: int, last: int
                          ) -> tuple[int, int, str, str] | None:
    """The first line from ``first`` to ``last`` (0-based) that is a key glued to its value,
    as (line, the colon's column, the key, the whole text YAML read)."""
    for number, source in _lines_between(text, first, last):
        found = _GLUED.fullmatch(source.rstrip())
        if found is not None and not found.group(3).startswith((":", "/")):
            return number, found.end(2), found.group(2), f"{found.group(2)}:{found.group(3)}"
    return None


# A comma typed with a Chinese or Japanese input method (full-width, ideographic,
# small), then a key of the language and ': ': where ', ' was meant.
_WIDE_COMMA = re.compile(r"([，、﹐､]\s*)([a-z][a-z_]*)\s*:\s")


def _lookalike_comma(text: str, first: int, last: int) -> tuple[int, int, str, str] | None:
    """The first look-alike comma before a key on lines ``first`` to ``last`` (0-based), as
    (line, column, the comma and the spaces after it, the key)."""
    for number, source in _lines_between(text, first, last):
        found = _WIDE_COMMA.search(source)
        if found is not None:
            return number, found.start(), found.group(1), found.group(2)
    return None


def _colon_in_flow(text: str, line: int, column: int) -> tuple[str, str, int, int] | None:
    """Where libyaml stopped inside a { } right after a second ': ' in an unquoted value
    ({action: Changes the slot: new date}, stopped before 'new'): the entry's key, its
    whole text, and the 0-based columns the entry spans."""
    lines = text.splitlines()
    if not 0 <= line < len(lines):
        return None
    source = lines[line]
    if column < len(source) and source[column] == ":":
        column += 1  # stopped at the colon itself
    before = source[:column].rstrip()
    if not before.endswith(":") or column > len(source):
        return None
    start = max(before.rfind(","), before.rfind("{")) + 1
    ends = [i for i in (source.find(",", column), source.find("}", column)) if i >= 0]
    end = min(ends) if ends else len(source)
    key, colon, value = source[start:end].partition(": ")
    key, value = key.strip(), value.strip()
    if not colon or not _KEY.fullmatch(key) or not value or any(q in value for q in "\"'"):
        return None
    first = start + len(source[start:]) - len(source[start:].lstrip())
    return key, value, first, end - (len(source[:end]) - len(source[:end].rstrip()))


def _plain_syntax(problem: str, context: str) -> Text | None:
    """libyaml's problem said in plain words, when it is a known one."""
    for words, within, template in say.PLAIN_SYNTAX:
        if words in problem and within in context:
            return template()
    return None


def _syntax_hint(problem: str, text: str, line: int) -> Text | None:
    """What to do about libyaml's ``problem`` on ``line`` (0-based), when it is clear."""
    lines = text.splitlines()
    source = lines[line] if 0 <= line < len(lines) else ""
    indent = source[: len(source) - len(source.lstrip())]
    if "\t" in problem or "tab" in problem or "\t" in indent:
        return say.TABS()
    if "could not find expected ':'" in problem and len(source) > 1024:
        return say.LONG_KEY()
    if "mapping values are not allowed" in problem and len(source) > 1024 \
            and ": " not in source[:1024]:
        return say.LONG_KEY()
    if "mapping values are not allowed" in problem:
        return say.QUOTE_COLON()
    if "could not find expected ':'" in problem:
        return say.MISSING_COLON()
    if "found undefined alias" in problem or "found unhashable key" in problem:
        return None
    if "did not find expected ','" in problem:
        return None  # an unclosed [ ] or { }: the message says so
    if "expected <block end>" in problem or "did not find expected" in problem:
        return say.INDENTATION()
    return None


def too_many_problems(path: str, line: int, column: int, limits: Limits) -> Diagnostic:
    """CX006 at the first problem past max_problems (1-based position)."""
    return loading_diagnostic(
        "CX006", say.TOO_MANY_PROBLEMS(limit=limits.max_problems), Span.point(path, line, column),
        hint=limits.how_to_raise("max_problems"))


def parse_text(path: str, text: str, shape: Shape, limits: Limits) -> tuple[YMap | None,
                                                                              list[Diagnostic]]:
    """Parse one file's text: its root mapping (None if unreadable) and its diagnostics."""
    root, diagnostics, _ = parse_file(path, text, shape, limits)
    return root, diagnostics


def parse_file(path: str, text: str, shape: Shape, limits: Limits
               ) -> tuple[YMap | None, list[Diagnostic], AliasUse]:
    """parse_text(), and what the file's aliases add when expanded."""
    reader = _Reader(path, text, shape, limits)
    root = reader.read()
    line, column = reader.first_alias or (1, 1)
    return root, reader.diagnostics, AliasUse(reader.alias_nodes, reader.alias_characters,
                                              line, column)
