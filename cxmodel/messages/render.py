"""Showing text in the active language: the one place that knows it. The command line sets
it (``use``) before it writes anything; everything shown after that, findings, reports,
pages and diagrams, is rendered in it. Plural forms come from the catalogue (CLDR rules
through gettext), numbers, percentages and lists from Babel (CLDR), quotes from the
language's own marks."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from cxmodel.messages.catalogues import by_context, translations
from cxmodel.messages.languages import ENGLISH, LANGUAGES, Language
from cxmodel.messages.text import Day, Items, Name, Names, Param, Percent, Period, Text, message

# A name in a sentence is cut to this many characters: a name is repeated in every finding
# about it, so output grows with its length times the number of findings.
MOST_CHARACTERS = 80

_active = ENGLISH
# TRANSLATORS: what separates the items of a list of names or ids in a diagram or a table
# cell ("csat, ces"; Chinese lists with the enumeration comma: "csat、ces").
SEPARATOR = message("list.separator", ", ")
# TRANSLATORS: a metric's value with the unit the model gives it ("3.4 cases per
# million"); a no-break space in Russian and Polish.
WITH_UNIT = message("quantity.with-unit", "{value} {unit}")
# TRANSLATORS: the first and the second half of a year, as a period of results (2026-H1):
# "H1 2026", "1-е полугодие 2026 г.", "I półrocze 2026", "2026年上半年".
FIRST_HALF = message("period.first-half", "H1 {year}")
SECOND_HALF = message("period.second-half", "H2 {year}")

MORE = message("list.more", "{count} more")

_QUOTES = {code: spoken.quotes for code, spoken in LANGUAGES.items()}


def use(language: str) -> None:
    """Make ``language`` (a code of LANGUAGES) the language of everything shown from now."""
    global _active
    if language not in LANGUAGES:
        raise ValueError(f"not a language of cxmodel: {language}")
    _active = language


def active() -> str:
    return _active


def language_info() -> Language:
    """The active language (its html code and name), for the templates."""
    return LANGUAGES[_active]


def list_separator() -> str:
    """The list separator spreadsheets use in the active language: ';' where the comma is
    the decimal sign (Polish, Russian), as Excel writes and opens CSV there."""
    from babel.numbers import get_decimal_symbol

    return ";" if get_decimal_symbol(language_info().locale) == "," else ","


@cache
def native_words(prefix: str) -> dict[str, str]:
    """What every language calls the words of the cxmodel language whose messages' contexts
    start with ``prefix`` ("site.value." for values such as social-listening, "sheet.column."
    for keys such as channel) -> the word itself: {"社交聆听": "social-listening", "渠道":
    "channel", ...}. For a workshop that types the word in its own language where the YAML
    wants the English one. Loads every catalogue: only for a diagnostic."""
    found: dict[str, str] = {}
    for code in LANGUAGES:
        for context, text in by_context(code).items():
            if context.startswith(prefix):
                found.setdefault(text, context.rsplit(".", 1)[-1])
    return found


def short(name: str) -> str:
    """A name cut for a message: at most MOST_CHARACTERS, ending in … when cut."""
    if len(name) <= MOST_CHARACTERS:
        return name
    return name[:MOST_CHARACTERS - 1].rstrip() + "…"


# Quotes inside a quoted name become the language's inner quotes: «Курьерская служба
# „Экспресс-Доставка“», „Kurier «Szybka Paczka»”, “‘闪送’快递”, 「『順豐』速運」.
_INNER = {"ru": str.maketrans("«»", "„“"), "pl": str.maketrans("„”", "«»"),
          "zh": str.maketrans("“”", "‘’"), "zh-Hant": str.maketrans("「」", "『』")}


def quoted(name: str, language: str | None = None) -> str:
    language = language or _active
    opening, closing = LANGUAGES[language].quotes
    if len(name) > MOST_CHARACTERS:
        name = short(name)
    if opening in name or closing in name:
        name = _inner(name, language)
    return f"{opening}{name}{closing}"


def _inner(name: str, language: str) -> str:
    """A name that holds the language's quotes, with its inner quotes instead."""
    inner = _INNER.get(language)
    return name.translate(inner) if inner is not None else name


def said(value: Text | str) -> str:
    """A finding's message or hint in the active language (the shortest way there: this
    runs twice for every finding shown)."""
    if value.__class__ is str:
        return value
    return _sentence(value, _active)  # type: ignore[arg-type]


def render(value: Param, language: str | None = None) -> str:
    """``value`` as the active language (or ``language``) says it."""
    language = language or _active
    kind = value.__class__
    if kind is Text:
        return _sentence(value, language)  # type: ignore[arg-type]
    if kind is str:
        return value  # type: ignore[return-value]
    if kind is Name:
        return quoted(value.value, language)  # type: ignore[union-attr,arg-type]
    if isinstance(value, bool) or value is None:
        return str(value)
    if isinstance(value, int | float):
        return number(value, language)
    if isinstance(value, Percent):
        return percent(value.value, language, value.decimals)
    if isinstance(value, Period):
        return period_words(value.value, language)
    if isinstance(value, Day):
        return day(value.value, language)
    if isinstance(value, Names):
        shown: list[Param] = [Name(v) for v in value.values[:value.most]]
        if len(value.values) > value.most:
            shown.append(MORE(count=len(value.values) - value.most))
        return join([render(v, language) for v in shown], language)
    if isinstance(value, Items):
        return join([render(v, language) for v in value.values], language,
                    value.conjunction)
    raise TypeError(f"cannot show {type(value).__name__}")


def _sentence(text: Text, language: str) -> str:
    template = text.template
    plural_ = template.english_plural
    if plural_ is None:
        pattern = template.english if language == ENGLISH else \
            translations(language).pgettext(template.id, template.english)
    else:
        count = text.params[template.count or ""]
        assert isinstance(count, int)
        if language == ENGLISH:  # the templates are English: no catalogue to look in
            pattern = template.english if count == 1 else plural_
        else:
            pattern = translations(language).npgettext(template.id, template.english, plural_,
                                                       count)
    # The parameters, the commonest kinds first (this runs for every finding shown).
    opening, closing = _QUOTES[language]
    shown: dict[str, str] = {}
    for name, value in text.params.items():
        kind = value.__class__
        if kind is str:
            shown[name] = value  # type: ignore[assignment]
        elif kind is Name:
            said: str = value.value  # type: ignore[union-attr,assignment]
            if len(said) > MOST_CHARACTERS:
                said = short(said)
            if opening in said or closing in said:
                said = _inner(said, language)
            shown[name] = f"{opening}{said}{closing}"
        else:
            shown[name] = render(value, language)
    try:
        return pattern.format_map(shown)
    except (KeyError, IndexError, ValueError):  # a broken translation: the English
        english = template.english
        if plural_ is not None and text.params.get(template.count or "") != 1:
            english = plural_
        return english.format_map(shown)


def fixed(context: str, english: str, language: str | None = None) -> str:
    """A fixed text that is not written as a template in the code (a rule's summary and
    documentation, a family's title), by its context in the catalogue."""
    return translations(language or _active).pgettext(context, english)


def gettext(english: str, language: str | None = None) -> str:
    """A fixed text with no context (the templates' ``_()``)."""
    return translations(language or _active).gettext(english)


def ngettext(singular: str, plural_: str, count: int, language: str | None = None) -> str:
    return translations(language or _active).ngettext(singular, plural_, count)


# English is the language of the templates and of most runs (CI): its whole numbers and
# lists are written without loading Babel and CLDR's locale data, which costs more than the
# rest of rendering ten thousand findings (60 ms). The forms are CLDR's for en_GB (12,345;
# "A, B and C"; "A or B"), and tests/test_languages.py holds them equal to Babel's.


# CLDR's minimumGroupingDigits where it is not 1, which Babel does not apply: Polish groups
# the thousands only from five digits on (4900, 14 900), as Polish typography does.
MINIMUM_GROUPING = {"pl": 2}


def number(value: float, language: str | None = None) -> str:
    """12,345 / 12 345 / 12 345,5: grouped as the language groups digits (Polish: 4900,
    but 14 900)."""
    language = language or _active
    if language == ENGLISH and value.__class__ is int:
        return f"{value:,}"
    from babel.numbers import format_decimal

    least = MINIMUM_GROUPING.get(language, 1)
    grouped = abs(value) >= 10 ** (2 + least)
    return str(format_decimal(value, locale=_locale(language), group_separator=grouped))


def percent(value: float, language: str | None = None, decimals: int = 1) -> str:
    """A share of 100 as the language writes a percentage: 66.7% in English, 66,7 % in
    Russian, 66,7% in Polish (CLDR)."""
    from decimal import Decimal

    from babel.numbers import format_percent

    shown = Decimal(str(round(value, decimals))).scaleb(-2)  # exact: 33.3 is 0.333, not 0.33299…
    return str(format_percent(shown, locale=_locale(language or _active),
                              decimal_quantization=False))


def listing(items: Iterable[str], language: str | None = None) -> str:
    """Names or ids listed as the language separates them: "A, B", "A、B"."""
    return render(SEPARATOR(), language).join(items)


def quantity(value: float, unit: str | None, language: str | None = None) -> str:
    """A value of a metric with its unit as the model writes it (3.4 cases per million,
    4,1 pkt), a share as the language writes a percentage (93.1%, 93,1 %); rounded to two
    decimals."""
    value = round(value, 2) + 0.0  # (a rounded -0.001 is no "-0")
    if unit == "%":
        return percent(value, language, decimals=2)
    shown = number(value, language)
    return render(WITH_UNIT(value=shown, unit=unit), language) if unit else shown


def period_words(value: str, language: str | None = None) -> str:
    """A period of results as the language names it in running text (CLDR's forms): a
    month (2026-11: November 2026, ноябрь 2026 г., listopad 2026, 2026年11月), a quarter
    (2026-Q4: 4th quarter 2026, 4-й квартал 2026 г., IV kwartał 2026, 2026年第4季度), a
    half-year (2026-H2: H2 2026, 2-е полугодие 2026 г., II półrocze 2026, 2026年下半年) or a
    year; anything else as it is."""
    import datetime

    from babel.dates import format_skeleton

    try:
        year = int(value[:4])
        if len(value) == 4:
            when, skeleton = datetime.date(year, 1, 1), "y"
        elif value[4:6] == "-H" and value[6:] in ("1", "2"):
            # (CLDR has no half-years)
            half = FIRST_HALF if value[6] == "1" else SECOND_HALF
            return render(half(year=value[:4]), language)
        elif value[4:6] == "-Q" and len(value) == 7:
            when = datetime.date(year, 3 * int(value[6]) - 2, 1)
            skeleton = "yQQQ" if (language or _active) == "en" else "yQQQQ"  # Q4 2026
        elif len(value) == 7 and value[4] == "-":
            when, skeleton = datetime.date(year, int(value[5:7]), 1), "yMMMM"
        else:
            return value
    except (TypeError, ValueError):
        return value
    return str(format_skeleton(skeleton, when, locale=_locale(language or _active)))


def day(value: str, language: str | None = None) -> str:
    """An ISO date (2026-12-06) as the language writes it in running text: 6 December 2026,
    6 grudnia 2026, 6 декабря 2026 г., 2026年12月6日 (CLDR's long form); anything else as
    it is."""
    import datetime

    from babel.dates import format_date

    try:
        date = datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return str(value)
    return str(format_date(date, format="long", locale=_locale(language or _active)))


def join(parts: list[str], language: str | None = None, conjunction: str = "and") -> str:
    """A, B and C / A, B и C / A, B i C / A、B和C."""
    if len(parts) < 2:
        return "".join(parts)
    language = language or _active
    if language == ENGLISH:
        return f"{', '.join(parts[:-1])} {'or' if conjunction == 'or' else 'and'} {parts[-1]}"
    from babel.lists import format_list

    locale = _locale(language)
    if conjunction == "or":
        return str(format_list(parts, style="or", locale=locale))
    return str(format_list(parts, style="standard", locale=locale))


@cache
def _locale(language: str) -> Any:
    from babel import Locale

    return Locale.parse(LANGUAGES[language].locale)
