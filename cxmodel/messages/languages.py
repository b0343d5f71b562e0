"""The languages cxmodel speaks, the codes that name them, and how the language of a run is
chosen: the command line's --lang, then ``language:`` in .cxmodel.yaml, then the
environment (LC_ALL, LC_MESSAGES, LANG), then English (docs/languages.md)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # as --lang and language: take it, and as the catalogues are named
    name: str  # in its own words, for the list of languages
    locale: str  # Babel's (CLDR's) locale: plural rules, numbers, lists
    html: str  # the BCP 47 tag a page declares: glyphs, screen readers, hyphenation
    quotes: tuple[str, str]  # around a name in a sentence


LANGUAGES: dict[str, Language] = {
    language.code: language
    for language in (
        Language("en", "English", "en_GB", "en", ("'", "'")),
        Language("ru", "Русский", "ru", "ru", ("«", "»")),
        Language("pl", "Polski", "pl", "pl", ("„", "”")),
        Language("zh", "简体中文", "zh_Hans", "zh-Hans", ("“", "”")),
        Language("zh-Hant", "繁體中文", "zh_Hant", "zh-Hant", ("「", "」")),
    )
}
ENGLISH = "en"

# Other names for the same language, compared without case and with _ read as -.
ALIASES = {
    "zh-hans": "zh", "zh-cn": "zh", "zh-sg": "zh", "zh-hans-cn": "zh",
    "zh-hant": "zh-Hant", "zh-tw": "zh-Hant", "zh-hk": "zh-Hant", "zh-mo": "zh-Hant",
    "zh-hant-tw": "zh-Hant", "zh-hant-hk": "zh-Hant",
}


def resolve(code: str) -> str | None:
    """The language a code names (``pl``, ``pl-PL``, ``zh_TW``, ``zh-Hans``), or None."""
    wanted = code.strip().replace("_", "-").lower()
    if wanted in ALIASES:
        return ALIASES[wanted]
    for known in LANGUAGES:
        if wanted == known.lower():
            return known
    primary = wanted.split("-")[0]
    if primary == "zh":  # a region or script not listed above: Simplified by default
        return "zh-Hant" if "hant" in wanted.split("-") else "zh"
    return primary if primary in LANGUAGES else None


_POSIX_LOCALE = re.compile(r"^([A-Za-z]{2,3}(?:_[A-Za-z0-9]{2,4})?)(?:[.@].*)?$")


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the environment names, as gettext reads it: the first of LC_ALL,
    LC_MESSAGES and LANG that is set (``pl_PL.UTF-8``), or None when that is C, POSIX or a
    language cxmodel does not speak (then English)."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "")
        if not value:
            continue
        found = _POSIX_LOCALE.match(value)
        return resolve(found.group(1)) if found else None
    return None


def choose(flag: str | None, configured: str | None, environ: Mapping[str, str]) -> str:
    """The language of a run: --lang, else the workspace's ``language:``, else the
    environment's, else English (each already resolved, or None)."""
    return flag or configured or from_environment(environ) or ENGLISH


def listed() -> str:
    """'en (English), ru (Русский), ...': the languages, for a message."""
    return ", ".join(f"{code} ({language.name})" for code, language in LANGUAGES.items())


# What people type for a language that is no code of it (a country, the language's name):
# suggested, never taken as the language.
GUESSES = {
    "cn": "zh", "chs": "zh", "chi": "zh", "zho": "zh", "chinese": "zh", "中文": "zh",
    "简体中文": "zh", "简体": "zh", "cht": "zh-Hant", "tw": "zh-Hant", "hk": "zh-Hant",
    "繁體中文": "zh-Hant", "繁體": "zh-Hant", "繁体": "zh-Hant", "russian": "ru", "rus": "ru",
    "русский": "ru", "polish": "pl", "pol": "pl", "polski": "pl", "english": "en",
    "eng": "en", "gb": "en", "us": "en",
}


def guessed(code: str) -> str | None:
    """The language a common wrong guess means (cn -> zh), or None."""
    return GUESSES.get(code.strip().replace("_", "-").lower())


def every_code() -> list[str]:
    """Every code and alias a language can be given by, for a did-you-mean."""
    return sorted(set(LANGUAGES) | {alias for alias in ALIASES if alias.count("-") == 1})
