"""The bits of HTML every page repeats hundreds of times, written here rather than as
template macros: a link to an element and a page's list of findings. A department page of
a large site lists hundreds of findings and links; as macros these took most of the time
to render a page (a macro call and its escaping cost more than the text it writes). Every
value is escaped by MarkupSafe, as autoescape does."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape


def text(value: Any) -> str:
    """``value`` escaped by MarkupSafe, as autoescape does."""
    return str(escape(value))


def link(ref: dict[str, Any] | None, root: str) -> Markup:
    """A link to an element ({name, id, url} from SiteLookups.ref), its name alone when it
    has no page, or "none"."""
    if ref is None:
        return Markup('<span class="missing">none</span>')
    if ref["url"]:
        return Markup(f'<a href="{text(root)}{text(ref["url"])}">{text(ref["name"])}</a>')
    return escape(ref["name"])


def links(refs: list[dict[str, Any]], root: str, empty: str = "none") -> Markup:
    """Links to several elements, separated by commas, or ``empty`` when there are none."""
    if not refs:
        return Markup(f'<span class="missing">{text(empty)}</span>')
    return Markup(", ".join([link(ref, root) for ref in refs]))


def findings(items: list[dict[str, Any]], root: str) -> Markup:
    """A page's findings section (items from SiteLookups.findings_for)."""
    parts = ['<section class="findings" aria-labelledby="findings-heading">\n'
             '<h2 id="findings-heading">Findings']
    if items:
        parts.append(f" ({len(items)})")
    parts.append("</h2>\n")
    if not items:
        parts.append('<p class="ok">✓ No open findings here.</p>\n')
    else:
        parts.append('<ol class="finding-list">\n')
        parts.extend(_finding(f, root) for f in items)
        parts.append("</ol>\n")
    parts.append("</section>\n")
    return Markup("".join(parts))


def _finding(f: dict[str, Any], root: str) -> str:
    severity = text(f["severity"])
    subject = f["subject"]
    about = (f' · <a href="{text(root)}{text(subject["url"])}">{text(subject["name"])}</a>'
             if subject and subject["url"] else "")
    hint = (f'<p class="hint"><strong>How to fix:</strong> {text(f["hint"])}</p>'
            if f["hint"] else "")
    return (f'<li class="finding sev-{severity}">\n'
            f'<p><span class="badge badge-{severity}">{severity}</span> '
            f'<span class="code">{text(f["code"])}</span> '
            f'<span class="rule">{text(f["name"])}</span>{about}</p>\n'
            f'<p class="message">{text(f["message"])}</p>\n'
            f'{hint}<p class="where"><code>{text(f["file"])}:{text(f["line"])}</code></p>\n'
            '</li>\n')
