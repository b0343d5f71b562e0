"""Keeping the catalogues (run by ``python tools/catalogues.py``): ``update`` extracts every
message from the code and the templates (Babel) and brings each language's .po files up to
date (new messages with an empty translation, messages gone from the code removed);
``check`` lists every message that lacks a translation or whose placeholders differ from
the English, and exits 1 if there is one (tests/test_languages.py runs the same check).

The catalogues are kept by area, one .po a language and area, so that a translator (or a
reviewer) works on a file of a size a person can read."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

from cxmodel.messages.catalogues import SOURCES
from cxmodel.messages.languages import LANGUAGES

PACKAGE = Path(__file__).resolve().parent.parent
ROOT = PACKAGE.parent
TEMPLATES = ROOT / "templates"

# The calls that mark a message (babel keyword specs: 1c is the msgctxt).
KEYWORDS: dict[str, object] = {
    "message": ((1, "c"), 2),
    "plural": ((1, "c"), 2, 3),
    "_": None,
    "gettext": None,
    "ngettext": (1, 2),
    "N_": None,
}

# Which area's catalogue a source file's messages go to: the first prefix that matches.
AREAS: tuple[tuple[str, str], ...] = (
    ("cxmodel/analyze/", "findings"),
    ("cxmodel/loader/", "loading"),
    ("cxmodel/validate/", "loading"),
    ("cxmodel/config.py", "loading"),
    ("cxmodel/suggest.py", "loading"),
    ("cxmodel/diagnostics.py", "loading"),
    ("cxmodel/report/", "report"),
    ("cxmodel/counts.py", "report"),
    ("cxmodel/export/mermaid.py", "diagrams"),
    ("cxmodel/formats/", "report"),
    ("templates/report", "report"),
    ("cxmodel/site/", "site"),
    ("templates/site/", "site"),
    ("templates/markdown/", "site"),
    ("cxmodel/diagrams/", "diagrams"),
    ("cxmodel/compare/", "diff"),
    ("cxmodel/", "common"),
)

# Jinja2's own extractor, named by its function: the "jinja2" entry point name is not
# registered by every Jinja2 release pyproject.toml allows.
JINJA = "jinja2.ext:babel_extract"

_BRACE = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)\}")
_PERCENT = re.compile(r"%\(([A-Za-z_][A-Za-z0-9_]*)\)[sd]")


def placeholders(text: str) -> set[str]:
    """The named placeholders of a message: {name} in Python's, %(name)s in the templates'."""
    return set(_BRACE.findall(text)) | set(_PERCENT.findall(text))


def area_of(relative: str) -> str:
    for prefix, area in AREAS:
        if relative.startswith(prefix):
            return area
    raise ValueError(f"no catalogue area for {relative}")


def extract() -> dict[str, object]:
    """Every message in the code and templates, as one Babel catalogue an area."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    catalogues: dict[str, Catalog] = {}
    sources = (
        (PACKAGE, "cxmodel/", [("messages/maintain.py", "ignore"), ("**.py", "python")]),
        (TEMPLATES, "templates/",
         [("**.html", JINJA), ("**.md", JINJA), ("**.svg", JINJA)]),
    )
    for folder, prefix, method_map in sources:
        options = {"**.html": {"trim_blocks": "true", "lstrip_blocks": "true"},
                   "**.md": {"trim_blocks": "true", "lstrip_blocks": "true"}}
        for filename, lineno, msg, comments, context in extract_from_dir(
                str(folder), method_map, options, keywords=KEYWORDS,  # type: ignore[arg-type]
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            area = area_of(prefix + filename.replace("\\", "/"))
            catalogue = catalogues.setdefault(area, Catalog(domain="cxmodel"))
            location = (prefix + filename.replace("\\", "/"), lineno)
            catalogue.add(msg, None, [location], auto_comments=comments, context=context)
    rules = catalogues.setdefault("rules", Catalog(domain="cxmodel"))
    for context, english, location in _rule_texts():
        rules.add(english, None, [location], context=context)
    return dict(sorted(catalogues.items()))


def _rule_texts() -> Iterator[tuple[str, str, tuple[str, int]]]:
    """The rules' texts that are not templates in the code: each family's title, each
    code's summary and each rule's documentation (its docstring), by context."""
    import inspect

    from cxmodel.analyze.registry import RULES
    from cxmodel.analyze.rule import FAMILIES
    from cxmodel.diagnostics import LOADING_CODES

    for family, title in FAMILIES.items():
        yield f"family.{family}", title, ("cxmodel/analyze/rule.py", 0)
    for code in LOADING_CODES.values():
        yield f"{code.code}.summary", code.english_summary, ("cxmodel/diagnostics.py", 0)
    for rule in RULES:
        source = Path(inspect.getfile(rule.function)).relative_to(ROOT).as_posix()
        yield f"{rule.code}.summary", rule.english_summary, (source, 0)
        yield f"{rule.code}.doc", rule.english_documentation, (source, 0)


def _write(path: Path, catalogue: object) -> None:
    from babel.messages.pofile import write_po

    catalogue.header_comment = (  # type: ignore[attr-defined]
        f"# cxmodel's messages in {LANGUAGES[path.parent.name].name} ({path.stem}).\n"
        "# Kept by `python tools/catalogues.py update`; see docs/languages.md.")
    catalogue.fuzzy = False  # type: ignore[attr-defined]
    out = io.BytesIO()
    write_po(out, catalogue, width=0, sort_output=True, include_lineno=False,  # type: ignore[arg-type]
             ignore_obsolete=True, omit_header=False)
    text = re.sub(rb'"POT-Creation-Date: [^"]*\\n"\n', b"", out.getvalue())
    text = re.sub(rb'"PO-Revision-Date: [^"]*\\n"\n', b"", text)
    if not path.exists() or path.read_bytes() != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)


def update(areas: frozenset[str] | None = None) -> None:
    """Bring the .po files up to date: every area's, or only those of ``areas`` (so that two
    people translating different areas do not write each other's files)."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po

    extracted = extract()
    for language, spoken in LANGUAGES.items():
        if language == "en":
            continue
        folder = SOURCES / language
        for area, template in extracted.items():
            if areas is not None and area not in areas:
                continue
            path = folder / f"{area}.po"
            if path.exists():
                with path.open("rb") as handle:
                    catalogue = read_po(handle, locale=spoken.locale)
            else:
                catalogue = Catalog(locale=spoken.locale, domain="cxmodel",
                                    project="cxmodel")
            catalogue.update(template, no_fuzzy_matching=True,  # type: ignore[arg-type]
                             update_creation_date=False)
            _write(path, catalogue)
        for stale in folder.glob("*.po"):
            if areas is None and stale.stem not in extracted:
                stale.unlink()


def problems() -> Iterator[str]:
    """What keeps the catalogues from being complete: a message with no translation, a
    fuzzy one, placeholders that differ from the English, a catalogue out of date."""
    from babel.messages.pofile import read_po

    extracted = extract()
    # What each text says in each language, and in which area: an area's .po files are
    # merged into one catalogue a language, where a text with no id is held once.
    translated: dict[str, dict[tuple[object, str | None], tuple[str, object]]] = {}
    for language, spoken in LANGUAGES.items():
        if language == "en":
            continue
        for area, template in extracted.items():
            path = SOURCES / language / f"{area}.po"
            if not path.exists():
                yield f"{language}: {area}.po is missing (run maintain update)"
                continue
            with path.open("rb") as handle:
                catalogue = read_po(handle, locale=spoken.locale)
            for entry in template:  # type: ignore[attr-defined]
                if not entry.id:
                    continue
                where = f"{language}/{area}.po: {entry.context + ': ' if entry.context else ''}"
                english = entry.id if isinstance(entry.id, tuple) else (entry.id,)
                found = catalogue.get(entry.id, entry.context)
                name = english[0][:60]
                if found is None:
                    yield f"{where}{name!r} is not in the catalogue (run maintain update)"
                    continue
                forms = found.string if isinstance(found.string, tuple) else (found.string,)
                if not all(forms) or found.fuzzy:
                    yield f"{where}{name!r} has no translation"
                    continue
                wanted = set().union(*(placeholders(str(e)) for e in english))
                for form in forms:
                    if placeholders(str(form)) != wanted:
                        yield (f"{where}{name!r}: placeholders {sorted(placeholders(str(form)))} "
                               f"instead of {sorted(wanted)}")
            for entry in catalogue:
                key = (entry.id if not isinstance(entry.id, tuple) else entry.id[0],
                       entry.context)
                if not entry.id or not entry.string:
                    continue
                said = translated.setdefault(language, {}).setdefault(key, (area, entry.string))
                if said[1] != entry.string:
                    yield (f"{language}/{area}.po: {key[0][:60]!r} is translated otherwise in "
                           f"{said[0]}.po (one catalogue holds a text once: give both "
                           "the same translation, or one of them an id)")
            known = {(e.id if not isinstance(e.id, tuple) else e.id[0], e.context)
                     for e in template}  # type: ignore[attr-defined]
            for entry in catalogue:
                key = (entry.id if not isinstance(entry.id, tuple) else entry.id[0],
                       entry.context)
                if entry.id and key not in known:
                    yield f"{language}/{area}.po: {key[0][:60]!r} is no longer used"
