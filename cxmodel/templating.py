"""The one Jinja2 environment: templates from templates/, autoescape on for HTML, SVG and
XML, StrictUndefined so a missing value is an error instead of an empty string."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import jinja2

from cxmodel import resources

# Characters that start emphasis, code, links, HTML, strikethrough or a table cell when they
# stand inside a line (the reports never put user text at the start of a line).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def _one_line(value: Any) -> str:
    text = "" if value is None else str(value)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", " ")


def markdown_escape(value: Any) -> str:
    """User text made inert in GitHub-flavoured Markdown: special characters are
    backslash-escaped, entities and table pipes neutralised, line breaks folded."""
    text = _one_line(value).replace("&", "&amp;")
    return _MD_SPECIAL.sub(r"\\\1", text)


def markdown_code(value: Any) -> str:
    """User text as an inline code span, safe inside a GFM table: the fence is longer than
    any run of backticks inside, and pipes are escaped (GFM reads \\| even in code)."""
    text = _one_line(value).replace("|", "\\|")
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    padding = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{padding}{text}{padding}{fence}"


def count(value: int, word: str, words: str | None = None) -> str:
    """'1 error', '2 errors'."""
    return f"{value} {word if value == 1 else (words or word + 's')}"


def percent(value: Any) -> str:
    """A percentage for people: '86.7%', or an en dash when there is nothing to measure."""
    if value is None:
        return "–"
    return f"{value:g}%"


class _ResourceLoader(jinja2.BaseLoader):
    """Loads templates through importlib.resources, so they work from an installed wheel."""

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str | None, Any]:
        try:
            source = resources.read_text("templates", *template.split("/"))
        except (FileNotFoundError, NotADirectoryError) as error:
            raise jinja2.TemplateNotFound(template) from error
        return source, None, lambda: True


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_ResourceLoader(),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html", "svg", "xml"),
                                            default_for_string=True, default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["percent"] = percent
    env.filters["mdcode"] = markdown_code
    env.filters["count"] = count
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)
