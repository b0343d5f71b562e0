"""The one Jinja2 environment: templates from templates/, autoescape on for HTML, SVG and
XML, StrictUndefined so a missing value is an error instead of an empty string."""

from __future__ import annotations

import hashlib
import re
import sys
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from cxmodel import resources
from cxmodel.code_cache import cache_dir, store, trusted
from cxmodel.messages import render as messages

# Characters that start emphasis, code, links, HTML, strikethrough or a table cell when they
# stand inside a line (the reports never put user text at the start of a line).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _one_line(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ")


# A mention (@user, @org/team) or an issue reference (#123) in a pull-request comment
# notifies people or links issues: a zero-width space after '@' or '#' keeps the text as
# it reads and makes it inert (as Renovate writes them).
_MD_PING = re.compile(r"([@#])(?=[0-9])|(@)(?=[A-Za-z])")


def markdown_escape(value: Any) -> str:
    """User text made inert in GitHub-flavoured Markdown: special characters are
    backslash-escaped, entities and table pipes neutralised, line breaks folded, mentions
    and issue references kept from notifying anyone."""
    text = _one_line(value).replace("&", "&amp;")
    text = _MD_PING.sub(lambda found: f"{found.group()}&#8203;", text)
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_code(value: Any) -> str:
    """User text as an inline code span, safe inside a GFM table: the fence is longer than
    any run of backticks inside, and pipes are escaped (GFM reads \\| even in code)."""
    text = _one_line(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def percent(value: Any) -> str:
    """A percentage for people as the active language writes one ('86.7%', '86,7 %'), or
    an en dash when there is nothing to measure."""
    if value is None:
        return "–"
    return messages.percent(value)


def day(value: Any) -> str:
    """An ISO date as the active language writes it (6 December 2026, 6 grudnia 2026)."""
    return messages.day(value)


def period(value: Any) -> str:
    """A period of results (2026-11) as the active language names it in a table or running
    text: November 2026, listopad 2026, ноябрь 2026 г., 2026年11月."""
    return messages.period_words(value) if value else ""


def number(value: Any) -> str:
    """A number grouped as the active language groups digits (12,345 / 12 345)."""
    return messages.number(value)


def say(value: Any) -> str:
    """A language-neutral text (cxmodel.messages) in the active language; anything else as
    it is."""
    return messages.render(value) if value is not None else ""


class _ResourceLoader(jinja2.BaseLoader):
    """Loads templates through importlib.resources, so they work from an installed wheel."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str | None, Any]:
        try:
            source = resources.read_text("templates", *template.split("/"))
        except (FileNotFoundError, NotADirectoryError) as error:
            raise jinja2.TemplateNotFound(template) from error
        return source, None, lambda: True


class _Environment(jinja2.Environment):
    """Looks up ``x.name`` in a plain dict by key first. The templates lay out plain data, so
    that is always what they mean (no data key is named like a dict method), and Jinja's
    default (the attribute first) raises and catches an AttributeError on every lookup, a
    large share of the time to render a site."""

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


class _CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in the user's cache folder: compiling the site's and the report's
    templates again on every run costs more than reading them back. A compiled template is
    code, so it is read and written only under the rules of code_cache.py. Jinja2 itself
    drops an entry whose template source changed; the file name holds the Jinja2 and Python
    versions and this module's code (the environment's settings)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        basis = f"{jinja2.__version__}|{sys.version}|".encode() + Path(__file__).read_bytes()
        self.prefix = hashlib.sha256(basis).hexdigest()[:16]

    def _path(self, bucket: jinja2.bccache.Bucket) -> Path:
        return self.folder / f"template-{self.prefix}-{bucket.key[:24]}.jinja"

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = self._path(bucket)
        if not trusted(path):
            return
        try:
            bucket.bytecode_from_string(path.read_bytes())
        except Exception:  # unreadable or damaged: compiled again, and stored anew
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        store(self._path(bucket), bucket.bytecode_to_string())


@cache
def environment() -> jinja2.Environment:
    folder = cache_dir()
    env = _Environment(
        loader=_ResourceLoader(),
        bytecode_cache=_CompiledTemplates(folder) if folder is not None else None,
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "svg", "xml"),
                                            default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    # The templates' fixed text goes through the same catalogues as the messages, in the
    # active language: _("...") and ngettext(...), formatted and escaped by Jinja2
    # ("newstyle": _("%(n)s steps", n=3)).
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=messages.gettext, ngettext=messages.ngettext, newstyle=True)
    env.filters["md"] = markdown_escape
    env.filters["percent"] = percent
    env.filters["number"] = number
    env.filters["day"] = day
    env.filters["period"] = period
    env.filters["say"] = say
    env.filters["mdcode"] = markdown_code
    env.filters["listed"] = listed
    env.filters["quantity"] = lambda value, unit=None: messages.quantity(value, unit)
    env.globals["language"] = messages.language_info
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def listed(items: Any) -> str:
    """Names or ids listed as the active language separates them: "csat, ces", "csat、ces"."""
    return messages.listing(str(item) for item in items)
