"""The translations: one gettext catalogue a language, kept as .po files by area
(``catalogues/<language>/<area>.po``), compiled to ``compiled/<language>.mo`` when the wheel
is built (hatch_build.py) and compiled in memory, once a process, in a source checkout.
English needs none: the templates are English. Nothing is loaded until a sentence is shown
in another language."""

from __future__ import annotations

import gettext
import io
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "catalogues"  # <language>/<area>.po
COMPILED = HERE / "compiled"  # <language>.mo, in the wheel


def compile_language(folder: Path) -> bytes:
    """The .mo of one language: its .po files by area merged, as Babel compiles them. Used
    at run time in a checkout, and by the wheel's build hook (hatch_build.py)."""
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    merged: Catalog | None = None
    for po in sorted(folder.glob("*.po")):
        with po.open("rb") as handle:
            catalog = read_po(handle)
        if merged is None:
            merged = catalog
            continue
        for entry in catalog:
            if entry.id and entry.string:
                merged[entry.id] = entry  # keyed by msgid and msgctxt
    if merged is None:
        merged = Catalog()
    out = io.BytesIO()
    write_mo(out, merged, use_fuzzy=False)
    return out.getvalue()


@cache
def _compiled(language: str) -> bytes:
    compiled = COMPILED / f"{language}.mo"
    return compiled.read_bytes() if compiled.is_file() else compile_language(SOURCES / language)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The catalogue of ``language`` (English: none)."""
    if language == "en":
        return gettext.NullTranslations()
    return gettext.GNUTranslations(io.BytesIO(_compiled(language)))


@cache
def by_context(language: str) -> Mapping[str, str]:
    """Each message of ``language`` that is not plural, by its context ("site.value.survey")
    -> its translation (English: none). Read with Babel: for looking words up across
    languages, not for showing sentences (translations() does that)."""
    if language == "en":
        return MappingProxyType({})
    from babel.messages.mofile import read_mo

    found: dict[str, str] = {}
    for entry in read_mo(io.BytesIO(_compiled(language))):
        context: str | bytes | None = entry.context
        if isinstance(context, bytes):  # Babel before 2.19 leaves it undecoded
            context = context.decode("utf-8")
        if context and isinstance(entry.string, str) and entry.string:
            found[context] = entry.string
    return MappingProxyType(found)
