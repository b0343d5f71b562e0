"""The bits of HTML every page repeats hundreds of times, written here rather than as
template macros: a link to an element and a page's list of findings. A department page of
a large site lists hundreds of findings and links; as macros these took most of the time
to render a page (a macro call and its escaping cost more than the text it writes). Every
value is escaped by MarkupSafe, as autoescape does."""

from __future__ import annotations

from functools import cache
from typing import Any

from markupsafe import Markup, escape

from cxmodel.messages.render import active, render
from cxmodel.messages.text import Template, message

NONE = message("site.link.none", "none")
# TRANSLATORS: between the links of a list of elements (Chinese: 、).
SEPARATOR = message("site.link.separator", ", ")
FINDINGS = message("site.findings.heading", "Findings")
FINDINGS_COUNTED = message("site.findings.heading-counted", "Findings ({count})")
NO_FINDINGS = message("site.findings.none-here", "✓ No open findings here.")
HOW_TO_FIX = message("site.findings.how-to-fix", "How to fix:")
SEVERITIES = {
    "error": message("site.severity.error", "error"),
    "warning": message("site.severity.warning", "warning"),
    "info": message("site.severity.info", "info"),
}


@cache
def _fixed(template: Template, language: str) -> str:
    return render(template(), language)


def said(template: Template) -> str:
    """A fixed text with no parameters in the active language, looked up once a language
    (a page says "none" and "How to fix:" hundreds of times)."""
    return _fixed(template, active())


def severity(level: str) -> str:
    """A finding's severity as its badge says it: error, warning, info."""
    template = SEVERITIES.get(level)
    return level if template is None else said(template)


def text(value: Any) -> str:
    """``value`` escaped by MarkupSafe, as autoescape does."""
    return str(escape(value))


def link(ref: dict[str, Any] | None, root: str) -> Markup:
    """A link to an element ({name, id, url} from SiteLookups.ref), its name alone when it
    has no page, or "none"."""
    if ref is None:
        return Markup(f'<span class="missing">{text(said(NONE))}</span>')
    if ref["url"]:
        return Markup(f'<a href="{text(root)}{text(ref["url"])}">{text(ref["name"])}</a>')
    return escape(ref["name"])


def links(refs: list[dict[str, Any]], root: str, empty: str | None = None) -> Markup:
    """Links to several elements, separated by commas, or ``empty`` (default: "none") when
    there are none."""
    if not refs:
        return Markup(f'<span class="missing">{text(said(NONE) if empty is None else empty)}'
                      '</span>')
    return Markup(said(SEPARATOR).join([link(ref, root) for ref in refs]))


def listed(items: list[str]) -> str:
    """Words in a row (a follow-up's actions), separated as the language separates them."""
    return said(SEPARATOR).join(items)


def findings(items: list[dict[str, Any]], root: str) -> Markup:
    """A page's findings section (items from SiteLookups.findings_for)."""
    heading = render(FINDINGS_COUNTED(count=len(items))) if items else said(FINDINGS)
    parts = ['<section class="findings" aria-labelledby="findings-heading">\n'
             f'<h2 id="findings-heading">{text(heading)}</h2>\n']
    if not items:
        parts.append(f'<p class="ok">{text(said(NO_FINDINGS))}</p>\n')
    else:
        parts.append('<ol class="finding-list">\n')
        parts.extend(_finding(f, root) for f in items)
        parts.append("</ol>\n")
    parts.append("</section>\n")
    return Markup("".join(parts))


def _finding(f: dict[str, Any], root: str) -> str:
    level = text(f["severity"])
    subject = f["subject"]
    about = (f' · <a href="{text(root)}{text(subject["url"])}">{text(subject["name"])}</a>'
             if subject and subject["url"] else "")
    hint = (f'<p class="hint"><strong>{text(said(HOW_TO_FIX))}</strong> {text(f["hint"])}</p>'
            if f["hint"] else "")
    return (f'<li class="finding sev-{level}">\n'
            f'<p><span class="badge badge-{level}">{text(severity(f["severity"]))}</span> '
            f'<span class="code">{text(f["code"])}</span> '
            f'<span class="rule">{text(f["name"])}</span>{about}</p>\n'
            f'<p class="message">{text(f["message"])}</p>\n'
            f'{hint}<p class="where"><code>{text(f["file"])}:{text(f["line"])}</code></p>\n'
            '</li>\n')
