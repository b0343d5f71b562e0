"""The languages: every catalogue complete and consistent with the code, the language of a
run chosen as docs/languages.md says, and the plural, number and list forms each language
needs."""

from __future__ import annotations

from typing import Any

import pytest

from cxmodel.messages import render
from cxmodel.messages.languages import LANGUAGES, choose, from_environment, resolve
from cxmodel.messages.maintain import extract, problems
from cxmodel.messages.text import Items, Name, Names, Percent, Period, message, plural


def test_every_catalogue_is_complete_and_keeps_the_placeholders() -> None:
    """Every message of the code and templates is translated into every language, with the
    same placeholders as the English, and no catalogue holds what the code no longer says
    (run ``python tools/catalogues.py update`` and translate what it adds)."""
    found = list(problems())
    assert found == [], "\n".join(found[:40]) + f"\n({len(found)} problems)"


def test_every_area_has_messages_in_every_language() -> None:
    areas = set(extract())
    assert {"findings", "loading", "report", "site", "diagrams", "diff", "rules",
            "common"} <= areas
    for language in LANGUAGES:
        if language != "en":
            from cxmodel.messages.catalogues import SOURCES

            assert {po.stem for po in (SOURCES / language).glob("*.po")} == areas


def test_a_message_has_one_id() -> None:
    """Two different English texts under one id would be translated as one."""
    seen: dict[tuple[str | None, object], str] = {}
    for catalogue in extract().values():
        for entry in catalogue:  # type: ignore[attr-defined]
            if entry.id and entry.context:
                seen[(entry.context, entry.id)] = entry.context
    contexts = [context for context, _ in seen]
    duplicated = sorted({c for c in contexts if contexts.count(c) > 1})
    assert duplicated == []


@pytest.mark.parametrize(("code", "language"), [
    ("pl", "pl"), ("PL", "pl"), ("pl-PL", "pl"), ("pl_PL", "pl"), ("ru_RU", "ru"),
    ("en-US", "en"), ("zh", "zh"), ("zh-Hans", "zh"), ("zh-CN", "zh"), ("zh_CN", "zh"),
    ("zh-SG", "zh"), ("zh-Hant", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh_HK", "zh-Hant"),
    ("zh-MO", "zh-Hant"), ("zh-Hant-TW", "zh-Hant"), ("de", None), ("pll", None), ("", None),
])
def test_codes_and_aliases(code: str, language: str | None) -> None:
    assert resolve(code) == language


@pytest.mark.parametrize(("environ", "language"), [
    ({"LANG": "pl_PL.UTF-8"}, "pl"),
    ({"LANG": "zh_TW.UTF-8"}, "zh-Hant"),
    ({"LANG": "zh_CN.GB18030"}, "zh"),
    ({"LANG": "ru_RU.UTF-8@euro"}, "ru"),
    ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "pl_PL.UTF-8"}, "ru"),
    ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "ru_RU.UTF-8", "LANG": "pl_PL"}, "zh"),
    ({"LC_ALL": "", "LANG": "pl_PL.UTF-8"}, "pl"),  # empty is unset, as gettext reads it
    ({"LC_ALL": "C", "LANG": "pl_PL.UTF-8"}, None),  # C wins, and means English
    ({"LANG": "C.UTF-8"}, None),
    ({"LANG": "POSIX"}, None),
    ({"LANG": "de_DE.UTF-8"}, None),
    ({}, None),
])
def test_the_environment_as_gettext_reads_it(environ: dict[str, str],
                                              language: str | None) -> None:
    assert from_environment(environ) == language


def test_flag_over_workspace_over_environment_over_english() -> None:
    environ = {"LANG": "ru_RU.UTF-8"}
    assert choose("zh", "pl", environ) == "zh"
    assert choose(None, "pl", environ) == "pl"
    assert choose(None, None, environ) == "ru"
    assert choose(None, None, {}) == "en"


# CLDR: Russian one (1, 21, 101), few (2-4, 22-24), many (5-20, 11-14, 25-30);
# Polish one (1 only), few (2-4, 22-24 but not 12-14), many (the rest).
STEPS = plural("test.steps", "{count} step", "{count} steps")


@pytest.mark.parametrize(("language", "forms"), [
    ("ru", {1: 0, 2: 1, 5: 2, 11: 2, 21: 0, 22: 1, 12: 2, 111: 2, 101: 0}),
    ("pl", {1: 0, 2: 1, 5: 2, 11: 2, 21: 2, 22: 1, 12: 2, 112: 2, 104: 1}),
    ("zh", {1: 0, 2: 0, 5: 0, 11: 0, 21: 0, 22: 0}),
    ("zh-Hant", {1: 0, 2: 0, 5: 0, 22: 0}),
])
def test_the_plural_rule_of_each_catalogue_is_cldrs(language: str,
                                                     forms: dict[int, int]) -> None:
    """The catalogue's Plural-Forms (what gettext picks a form with) agrees with CLDR for
    1, 2, 5, 11, 21 and 22 (the Russian and Polish rules differ at 21)."""
    import gettext

    from cxmodel.messages.catalogues import translations

    catalogue = translations(language)
    assert isinstance(catalogue, gettext.GNUTranslations)
    for count, form in forms.items():
        assert catalogue.plural(count) == form, (language, count)  # type: ignore[attr-defined]


def test_names_lists_and_percentages_as_each_language_writes_them() -> None:
    said = message("test.names", "{names} ({share}) {parts}")(
        names=Names(("Web chat", "App")), share=Percent(66.66),
        parts=Items(("a", "b"), conjunction="or"))
    assert render.render(said, "en") == "'Web chat' and 'App' (66.7%) a or b"
    assert render.render(said, "ru") == "«Web chat» и «App» (66,7\u00a0%) a или b"
    assert render.render(said, "pl") == "„Web chat” i „App” (66,7%) a lub b"
    assert render.render(said, "zh") == "“Web chat”和“App” (66.7%) a或b"
    assert render.render(Name("x" * 100), "pl") == "„" + "x" * 79 + "…”"
    many = Names(tuple(f"n{i}" for i in range(15)))
    assert render.render(many, "en").endswith("'n9' and 5 more")
    # Periods of results in running text, as each language names them (a board reads
    # "за ноябрь 2026 г.", not "за период 2026-11").
    periods = {language: [render.render(Period(p), language)
                          for p in ("2026-11", "2026-Q4", "2026-H1")]
               for language in ("en", "ru", "pl", "zh", "zh-Hant")}
    assert periods == {"en": ["November 2026", "Q4 2026", "H1 2026"],
                       "ru": ["ноябрь 2026\u202fг.", "4-й квартал 2026\u202fг.",
                              "1-е полугодие 2026\u202fг."],
                       "pl": ["listopad 2026", "IV kwartał 2026", "I półrocze 2026"],
                       "zh": ["2026年11月", "2026年第4季度", "2026年上半年"],
                       "zh-Hant": ["2026年11月", "2026年第4季", "2026年上半年"]}
    assert render.render(Period("2026-H2"), "pl") == "II półrocze 2026"
    assert render.render(Period("not a period"), "ru") == "not a period"
    # A name that holds the language's quotes gets its inner quotes (a Russian bank's review).
    assert render.render(Name("Курьерская служба «Экспресс-Доставка»"), "ru") == \
        "«Курьерская служба „Экспресс-Доставка“»"
    assert render.render(Name("Kurier „Szybka Paczka”"), "pl") == "„Kurier «Szybka Paczka»”"
    assert render.render(Name("“闪送”快递"), "zh") == "“‘闪送’快递”"
    assert render.render(Name("「順豐」速運"), "zh-Hant") == "「『順豐』速運」"
    # ... and so does a name inside a finding's sentence (it was quoted «…«…»» there).
    from cxmodel.analyze.hygiene import UNUSED_CHANNEL

    said = render._sentence(UNUSED_CHANNEL(name=Name("Курьерская служба «Экспресс»")), "ru")
    assert said == "Канал «Курьерская служба „Экспресс“» определён, но на него ничто не ссылается."


def test_polish_groups_thousands_from_five_digits_on() -> None:
    """CLDR's minimumGroupingDigits (2 in Polish), which Babel does not apply: a Warsaw
    board reads 4900 and 14 900, not 4 900 (a Polish CX manager's review)."""
    assert [render.number(n, "pl") for n in (4900, 14900, -12345, 1234.5)] == \
        ["4900", "14\u00a0900", "-12\u00a0345", "1234,5"]
    assert render.number(4900, "ru") == "4\u00a0900"


@pytest.mark.parametrize("parts", [["a", "b"], ["a", "b", "c"], [f"n{i}" for i in range(12)],
                                   ["'x, y'", "z"]])
def test_english_lists_and_numbers_are_cldrs_without_loading_it(parts: list[str]) -> None:
    """English skips Babel for speed (render.py): its forms must stay CLDR's."""
    from babel.lists import format_list
    from babel.numbers import format_decimal

    assert render.join(parts, "en") == format_list(parts, locale="en_GB")
    assert render.join(parts, "en", "or") == format_list(parts, style="or", locale="en_GB")
    for value in (0, 7, 999, 1000, 12345, 1234567, -4321):
        assert render.number(value, "en") == format_decimal(value, locale="en_GB")


def test_words_in_any_language_with_the_contexts_older_babel_leaves_undecoded(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A workshop's own word for a value ('社交聆听' for social-listening) is found with the
    Babel versions pyproject allows: before 2.19, read_mo leaves each context as bytes."""
    from babel.messages import mofile

    from cxmodel.messages import catalogues

    real = mofile.read_mo

    def older(fileobj: Any) -> Any:
        catalog = real(fileobj)
        for entry in catalog:
            if isinstance(entry.context, str):  # (bytes already with such a Babel)
                entry.context = entry.context.encode("utf-8")
        return catalog

    expected = dict(render.native_words("site.value."))
    monkeypatch.setattr(mofile, "read_mo", older)
    catalogues.by_context.cache_clear()
    render.native_words.cache_clear()
    try:
        found = render.native_words("site.value.")
    finally:
        catalogues.by_context.cache_clear()
        render.native_words.cache_clear()
    assert found == expected
    assert found["社交聆听"] == "social-listening"
