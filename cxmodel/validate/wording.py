"""What the schema check (CX003) says, one whole sentence per kind of problem (jsonschema's
validator: required, additionalProperties, type, enum, pattern, ...), with the place, the
key and the value as parameters.

``what`` in these sentences is a value's place, always at the start of the sentence (see
``value_place``); ``element`` is an element description of sections.py. The words for types
and values (``expected``, ``actual``) each stand in one place of one kind of sentence, so a
translation gives them the case that place needs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from cxmodel.messages.text import Items, Name, Param, Template, Text, message, plural
from cxmodel.text import shown
from cxmodel.validate.sections import element

# The place of a value, at the start of a sentence.
# TRANSLATORS: {key} is a YAML key, {element} an element description (nominative).
KEY_OF = message("CX003.place.key", "{key} of {element}")
KEY_OF_FILE = message("CX003.place.key-of-file", "{key} of this file")
ENTRY_OF = message("CX003.place.entry", "Entry {number} of {key} in {element}")
ENTRY_OF_FILE = message("CX003.place.entry-of-file", "Entry {number} of {key} in this file")
THE_FILE = message("CX003.place.file", "The file")

# What a value should be: "should be {expected}" (several joined with "or").
TYPE_WORDS: dict[str, Template] = {
    "string": message("CX003.expected.string", "text"),
    "integer": message("CX003.expected.integer", "a whole number"),
    "number": message("CX003.expected.number", "a number"),
    "boolean": message("CX003.expected.boolean", "true or false"),
    "object": message("CX003.expected.object", "a mapping (key: value lines)"),
    "array": message("CX003.expected.array", "a list"),
    "null": message("CX003.expected.null", "empty"),
}

# What a value is: "but it is {actual}", "is {actual}, which is not one of".
EMPTY = message("CX003.actual.empty", "empty")
TRUTH = message("CX003.actual.boolean", "the truth value {value}")
NUMBER = message("CX003.actual.number", "the number {value}")
TEXT = message("CX003.actual.text", "the text {value}")
MAPPING = message("CX003.actual.mapping", "a mapping")
LIST = message("CX003.actual.list", "a list")

TYPE = message("CX003.type", "{what} should be {expected}, but it is {actual}.")
TYPE_HINTS: dict[str, Template] = {
    "boolean": message("CX003.type.boolean-hint",
                       "Write true or false (YAML 1.2: yes, no, on and off are text)."),
    "array": message("CX003.type.array-hint", "Write a list: [a, b] or one '- item' per line."),
}
GIVE_A_VALUE = message("CX003.give-a-value", "Give it a value, or remove the key.")
ENUM = message("CX003.enum", "{what} is {actual}, which is not one of: {options}.")
EMPTY_TEXT = message("CX003.min-length", "{what} is empty.")
TOO_LONG = plural("CX003.max-length", "{what} is longer than {count} character.",
                  "{what} is longer than {count} characters.")
TOO_FEW = plural("CX003.min-items", "{what} needs at least {count} entry.",
                 "{what} needs at least {count} entries.")
TOO_MANY = plural("CX003.max-items", "{what} may have at most {count} entry.",
                  "{what} may have at most {count} entries.")
REPEATED = message("CX003.unique-items", "{what} lists the same entry twice.")
CONSTANT = message("CX003.const", "{what} must be {expected}.")
BOUNDS: dict[str, Template] = {
    "minimum": message("CX003.minimum", "{what} must be at least {bound}, but it is {value}."),
    "maximum": message("CX003.maximum", "{what} must be at most {bound}, but it is {value}."),
    "exclusiveMinimum": message("CX003.exclusive-minimum",
                                "{what} must be more than {bound}, but it is {value}."),
    "exclusiveMaximum": message("CX003.exclusive-maximum",
                                "{what} must be less than {bound}, but it is {value}."),
}
# A value with both a least and a most allowed (emotion: -2 to 2).
RANGE = message("CX003.range", "{what} must be from {low} to {high}, but it is {value}.")
# TRANSLATORS: {detail} is jsonschema's own description of the problem, in English.
OTHER = message("CX003.other", "{what}: {detail}.")

# Keys.
NOT_A_CODE = message("CX003.not-a-rule-code", "{key} in {field} is not a rule code.")
WRITE_A_CODE = message("CX003.write-a-rule-code", "Write a rule code such as CX101.")
WAIVE_BY_CODE = message(
    "CX003.waive-by-code",
    "Waive a rule by its code, e.g. waive: {{CX101: \"measured by the carrier's survey\"}}.")
NOT_A_KEY = message("CX003.unknown-key", "{key} is not a key of {element}.")
# A value or key typed in the workshop's language where the YAML wants the English word:
# {value} as typed (社交聆听), {option} the word (social-listening).
TRANSLATED_VALUE = message(
    "CX003.enum.translated",
    "Write {option}: {value} is its name in your language, and the YAML uses the English word.")
TRANSLATED_KEY = message(
    "CX003.key.translated",
    "Write {option}: {key} is the name of that key in your language, and the YAML uses the "
    "English key.")
# A key indented with spaces YAML does not count (the ideographic space of a Chinese input
# method): {key} is the key without them, {code} the space (U+3000 IDEOGRAPHIC SPACE).
ODD_INDENT = message(
    "CX003.odd-indent",
    "{key} is indented with {code}, which YAML does not count as indentation: it reads the "
    "spaces as part of the key.")
ODD_INDENT_HINT = message(
    "CX003.odd-indent.hint",
    "Indent with ordinary spaces (switch the input method to half-width).")
# A comma in unquoted prose inside { }: YAML ended the text of {field} at the comma and read
# the rest, {key}, as a key.
CUT_BY_COMMA = message(
    "CX003.cut-by-comma",
    "The text of {field} was cut at a comma: inside {{ }}, a comma ends a value, so {key} "
    "was read as a key of its own.")
# {fix}: the field and its whole text in double quotes, as it should be written.
QUOTE_THE_TEXT = message(
    "CX003.cut-by-comma.hint", "Put the whole text in double quotes: {fix}")
NOT_A_KEY_HERE = message("CX003.unknown-key.this-file", "{key} is not a key of this file.")
NOT_A_KEY_OF_FILE = message("CX003.unknown-key.file", "{key} is not a key of a cxmodel file.")
NOT_ALLOWED_HERE = message("CX003.key-not-allowed", "{key} is not an allowed key here.")
# The keys an element of each kind can have ({keys}: a list of YAML keys).
KEYS: dict[str, Template] = {
    "file": message("CX003.keys.file", "The keys a file can have: {keys}."),
    "department": message("CX003.keys.department", "The keys a department can have: {keys}."),
    "channel": message("CX003.keys.channel", "The keys a channel can have: {keys}."),
    "metric": message("CX003.keys.metric", "The keys a metric can have: {keys}."),
    "persona": message("CX003.keys.persona", "The keys a persona can have: {keys}."),
    "problem": message("CX003.keys.problem", "The keys a problem can have: {keys}."),
    "offer": message("CX003.keys.offer", "The keys an offer can have: {keys}."),
    "listening post": message("CX003.keys.listening-post",
                              "The keys a listening post can have: {keys}."),
    "journey": message("CX003.keys.journey", "The keys a journey can have: {keys}."),
    "stage": message("CX003.keys.stage", "The keys a stage can have: {keys}."),
    "step": message("CX003.keys.step", "The keys a step can have: {keys}."),
    "target": message("CX003.keys.target", "The keys a target can have: {keys}."),
    "metric entry": message("CX003.keys.metric-entry",
                            "The keys a metric entry can have: {keys}."),
    "frontstage entry": message("CX003.keys.frontstage-entry",
                                "The keys a frontstage entry can have: {keys}."),
    "backstage entry": message("CX003.keys.backstage-entry",
                               "The keys a backstage entry can have: {keys}."),
    "support entry": message("CX003.keys.support-entry",
                             "The keys a support entry can have: {keys}."),
    "entry": message("CX003.keys.entry", "The keys an entry can have: {keys}."),
}

# Required keys.
MISSING = message("CX003.required", "{owner} has no {key}.")
ADD = message("CX003.required.hint", "Add {key}.")
NEEDS_ONE_OF = message("CX003.required.one-of", "{element} needs at least one of: {keys}.")
# {keys}: the keys, unquoted, joined with "or".
ADD_ONE_OF = message("CX003.required.one-of-hint", "Add {keys}.")
# An element of each kind without its id, and the hint.
# A step without an id, where its journey is known: {position} counts from 1.
NO_STEP_ID = message("CX003.no-id.step-in-journey",
                     "Step {position} of journey {journey} has no id.")
STEP_ID_HINT = message("CX003.no-id.step-in-journey-hint",
                       "Give it an id that next: and covers.touchpoints can refer to, e.g. "
                       "'id: {example}'.")
NO_ID: dict[str, tuple[Template, Template]] = {
    "department": (
        message("CX003.no-id.department", "This department has no id."),
        message("CX003.no-id.department-hint", "Every department needs an id that other parts "
                "of the model can refer to, e.g. 'id: web-chat'.")),
    "channel": (
        message("CX003.no-id.channel", "This channel has no id."),
        message("CX003.no-id.channel-hint", "Every channel needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "metric": (
        message("CX003.no-id.metric", "This metric has no id."),
        message("CX003.no-id.metric-hint", "Every metric needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "persona": (
        message("CX003.no-id.persona", "This persona has no id."),
        message("CX003.no-id.persona-hint", "Every persona needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "problem": (
        message("CX003.no-id.problem", "This problem has no id."),
        message("CX003.no-id.problem-hint", "Every problem needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "offer": (
        message("CX003.no-id.offer", "This offer has no id."),
        message("CX003.no-id.offer-hint", "Every offer needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "listening post": (
        message("CX003.no-id.listening-post", "This listening post has no id."),
        message("CX003.no-id.listening-post-hint", "Every listening post needs an id that "
                "other parts of the model can refer to, e.g. 'id: web-chat'.")),
    "journey": (
        message("CX003.no-id.journey", "This journey has no id."),
        message("CX003.no-id.journey-hint", "Every journey needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "stage": (
        message("CX003.no-id.stage", "This stage has no id."),
        message("CX003.no-id.stage-hint", "Every stage needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "step": (
        message("CX003.no-id.step", "This step has no id."),
        message("CX003.no-id.step-hint", "Every step needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
    "entry": (
        message("CX003.no-id.entry", "This entry has no id."),
        message("CX003.no-id.entry-hint", "Every entry needs an id that other parts of the "
                "model can refer to, e.g. 'id: web-chat'.")),
}

# Patterns: what the value of each key must look like.
ID_INVISIBLE = message(
    "CX003.id.invisible",
    "The id {id} contains an invisible, control or text-direction character ({character}), "
    "which ids may not: it makes the id look different from what it is.")
ID_INVISIBLE_HINT = message(
    "CX003.id.invisible-hint", "Retype the id; such characters usually come from copying "
    "text out of another program.")
PATTERNS: dict[str, tuple[Template, Template]] = {
    "id": (message("CX003.id", "The id {value} contains white space, '/' or '#', which ids "
                   "may not."),
           message("CX003.id.hint", "Use letters (any language), digits and dashes, e.g. "
                   "'web-chat'.")),
    "touchpoints": (message("CX003.touchpoint", "{value} is not a touchpoint reference."),
                    message("CX003.touchpoint.hint", "Write a touchpoint as journey-id/step-id, "
                            "e.g. online-order/pay.")),
    "within": (message("CX003.duration", "{value} is not a duration."),
               message("CX003.duration.hint", "Write a duration like 30m, 4h, 2d or 1w, or in "
                       "ISO 8601 (PT30M, P2D).")),
    "select": (message("CX003.code-prefix", "{value} is not a rule code or code prefix."),
               message("CX003.code-prefix.hint", "Write codes like CX1, CX20 or CX201.")),
    "period": (message("CX003.period", "{value} is not a period."),
               message("CX003.period.hint", "Write a month (2026-11), a quarter (2026-Q4), a "
                       "half-year (2026-H2) or a year (2026).")),
    "due": (message("CX003.date", "{value} is not a date."),
            message("CX003.date.hint", "Write a date as year-month-day: 2027-01-31.")),
    "step": (message("CX003.step-ref", "{value} is not a touchpoint reference."),
             message("CX003.step-ref.hint", "Write a touchpoint as journey-id/step-id, e.g. "
                     "online-order/pay.")),
    "theme": (message("CX003.theme-ref", "{value} is not a theme reference."),
              message("CX003.theme-ref.hint", "Write a theme as post-id/theme-id, e.g. "
                      "social-listening/damaged-items.")),
}
PATTERNS["max_inner_loop"] = PATTERNS["within"]
PATTERNS["ignore"] = PATTERNS["select"]
NOT_THE_FORM = message("CX003.pattern", "{what} ({value}) does not have the expected form.")


def field_name(path: Sequence[str | int]) -> str:
    """The innermost key on ``path`` ('value' if there is none)."""
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "value"


def value_place(path: Sequence[str | int], root: Any) -> Text:
    """"'channel' of step 'pay' of journey 'x'" for a value at ``path``, to start a
    sentence."""
    if not path:
        return THE_FILE()
    last = path[-1]
    if isinstance(last, int):
        key = Name(field_name(path[:-1]))
        owner = element(root, path[:-1])
        if owner is None:
            return ENTRY_OF_FILE(number=str(last + 1), key=key)
        return ENTRY_OF(number=str(last + 1), key=key, element=owner)
    owner = element(root, path[:-1])
    if owner is None:
        return KEY_OF_FILE(key=Name(last))
    return KEY_OF(key=Name(last), element=owner)


def expected_words(expected: Any) -> Param:
    """What a value should be: 'text', 'a whole number or a list'."""
    names = [expected] if isinstance(expected, str) else list(expected)
    return either_items([TYPE_WORDS[name]() if name in TYPE_WORDS else str(name)
                         for name in names])


def either_items(words: Sequence[Param]) -> Param:
    """Words joined with "or", as the language joins a list (each once)."""
    unique = list(dict.fromkeys(words))
    return unique[0] if len(unique) == 1 else Items(tuple(unique), conjunction="or")


def value_words(value: Any) -> Param:
    """What a value is: 'the number 5', "the text 'x'", 'empty'."""
    if value is None:
        return EMPTY()
    if isinstance(value, bool):
        return TRUTH(value=str(value).lower())
    if isinstance(value, int | float):
        return NUMBER(value=str(value))
    if isinstance(value, str):
        text = value if len(value) <= 40 else value[:37] + "..."
        return TEXT(value=Name(shown(text)))
    if isinstance(value, dict):
        return MAPPING()
    if isinstance(value, list):
        return LIST()
    return repr(value)
