"""The model as a folder of Markdown pages for the docs site a team already has (MkDocs,
Material for MkDocs, Docusaurus, Hugo, Sphinx with MyST, Backstage TechDocs): the same pages
as the site (site.pages), written as CommonMark with GitHub-flavoured tables, YAML front
matter, relative links and the diagrams as SVG files beside their pages. No raw HTML, so no
generator's sanitiser strips anything; user text is escaped for Markdown.

Written like the site: into a folder that is empty or was written by cxmodel, each file only
when it changed, and at the end only the stale files cxmodel wrote before are removed."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cxmodel import __version__, templating
from cxmodel.api import CheckResult
from cxmodel.diagnostics import Diagnostic
from cxmodel.diagrams import engine
from cxmodel.messages.render import render
from cxmodel.messages.text import message
from cxmodel.report import markdown_report
from cxmodel.report.data import report_data
from cxmodel.site.diagrams import DiagramJob
from cxmodel.site.fragments import (
    FINDINGS,
    FINDINGS_COUNTED,
    HOW_TO_FIX,
    NO_FINDINGS,
    NONE,
    SEPARATOR,
    listed,
    said,
    severity,
)
from cxmodel.site.manifest import check_folder, held
from cxmodel.site.output import SiteBuild, SiteWriter
from cxmodel.site.pages import (
    CHANNELS,
    DEPARTMENTS,
    GAP_REPORT,
    JOURNEYS,
    METRICS,
    PERSONAS,
    POSTS,
    Page,
    SiteData,
    shown_text,
)
from cxmodel.site.paths import root_prefix

# TRANSLATORS: the description in the front matter of a journey's page with no goal.
JOURNEY_OF = message("markdown.journey-description", "Customer journey {journey}")
# TRANSLATORS: the description in the front matter of an element's page.
PAGE_OF = message("markdown.page-description", "{title}, in the customer-experience model")

# Each page kind: its Markdown template and its tags in the front matter (identifiers, the
# same in every language, for a generator's tag index).
TEMPLATES = {
    "site/index.html": ("markdown/index.md", ("cxmodel",)),
    "site/catalogue.html": ("markdown/catalogue.md", ("cxmodel",)),
    "site/journey.html": ("markdown/journey.md", ("cxmodel", "journey")),
    "site/channel.html": ("markdown/channel.md", ("cxmodel", "channel")),
    "site/department.html": ("markdown/department.md", ("cxmodel", "department")),
    "site/post.html": ("markdown/post.md", ("cxmodel", "listening-post")),
    "site/metric.html": ("markdown/metric.md", ("cxmodel", "metric")),
    "site/persona.html": ("markdown/persona.md", ("cxmodel", "persona")),
}
DIAGRAMS = ("blueprint", "journey")


def md_path(path: str) -> str:
    """The Markdown file of a site page: ``journeys/x.html`` -> ``journeys/x.md``. An index
    page is README.md: MkDocs and Docusaurus take it as the folder's index, GitHub shows it
    with the folder, and Hugo reads it as a plain page (an index.md would make Hugo treat
    the folder as one page bundle, and Docusaurus skips an _index.md)."""
    if path.startswith("posts/"):  # "Posts" would read as a blog's in a portal's menu
        path = "listening-" + path
    if path == "index.html" or path.endswith("/index.html"):
        return path[:-len("index.html")] + "README.md"
    return re.sub(r"\.html$", ".md", path)


def link(ref: dict[str, Any] | None, root: str) -> str:
    """A Markdown link to an element's page, relative to the page it is on (a step links
    to its journey's page: an anchor would need HTML or a generator's own syntax), or
    "none"."""
    if ref is None:
        return templating.markdown_escape(said(NONE))
    text = templating.markdown_escape(ref["name"])
    url = ref.get("url")
    if not url:
        return text
    target = md_path(url.split("#", 1)[0])
    return f"[{text}]({root}{target})"


def links(refs: list[dict[str, Any]], root: str) -> str:
    """Links to several elements, separated as the language separates them, or "none"."""
    if not refs:
        return templating.markdown_escape(said(NONE))
    return said(SEPARATOR).join(link(ref, root) for ref in refs)


def findings(items: list[dict[str, Any]], root: str, heading: str | None = None) -> str:
    """A page's findings: a heading ("Findings (5)", or ``heading``) and a list, each
    finding with its severity, code, rule, element, message, how to fix it and where it is
    written."""
    md = templating.markdown_escape
    if heading is None:
        heading = render(FINDINGS_COUNTED(count=len(items))) if items else said(FINDINGS)
    parts = [f"## {md(heading)}", ""]
    if not items:
        parts += [md(said(NO_FINDINGS)), ""]
    for f in items:
        subject = f["subject"]
        about = f" · {link(subject, root)}" if subject else ""
        where = templating.markdown_code(f"{f['file']}:{f['line']}")
        parts += [f"- **{md(severity(f['severity']))}** `{f['code']}` {md(f['name'])}{about}",
                  "", f"    {md(f['message'])}", ""]
        if f["hint"]:
            parts += [f"    **{md(said(HOW_TO_FIX))}** {md(f['hint'])}", ""]
        parts += [f"    {where}", ""]
    return "\n".join(parts)


def front_matter(title: str, description: str, tags: tuple[str, ...]) -> str:
    """YAML front matter that MkDocs, Docusaurus and Hugo all read. Values are JSON strings,
    which YAML reads as double-quoted scalars: no user text can end the block or add a key."""
    shown = ", ".join(json.dumps(tag) for tag in tags)
    return (f"---\ntitle: {json.dumps(_line(title), ensure_ascii=False)}\n"
            f"description: {json.dumps(_line(description), ensure_ascii=False)}\n"
            f"tags: [{shown}]\n---\n\n")


def _line(text: str) -> str:
    return " ".join(text.split())


@dataclass
class MarkdownExport:
    built: SiteBuild
    # CX006 for each journey too long to draw (its page says so instead of the diagrams),
    # and why Graphviz could not draw a diagram.
    not_drawn: list[Diagnostic]
    failed: list[str]


def export_markdown(result: CheckResult, out: Path, title: str, force: bool = False
                    ) -> MarkdownExport:
    """Write the Markdown pages of an analysed workspace into ``out`` (SiteFolderError
    when the folder cannot be used)."""
    with held(out):
        ws, analysis = result.workspace, result.analysis
        assert ws is not None and analysis is not None
        writer = SiteWriter(out, check_folder(out, force))
        site = SiteData(ws, analysis, title, result.load.root, limits=result.config.limits)
        pages = [page for page in site.each() if page.template in TEMPLATES]
        writer.plan([*(name for page in pages for name in _names(page)), "gaps.md"])
        failed: list[str] = []
        for page in pages:
            drawn: dict[str, dict[str, str | None]] = {}
            for slot, job, caption in page.diagrams:
                name = _diagram_file(page.path, slot)
                svg, why = _draw(job)
                if svg is not None:
                    writer.add(name, svg)
                else:
                    failed.append(why)
                drawn[slot] = {"file": name.rsplit("/", 1)[-1] if svg is not None else None,
                               "caption": caption, "why": why or None}
            writer.add(md_path(page.path), _page(page, title, drawn).encode("utf-8"))
        report = report_data(ws, analysis, title, len(result.files), result.load.root)
        writer.add("gaps.md", _gaps(report).encode("utf-8"))
        not_drawn = list(site.not_drawn.values())
        built = writer.finish("", result.fails() or bool(not_drawn) or bool(failed))
        return MarkdownExport(built, not_drawn, sorted(set(failed)))


def _names(page: Page) -> Iterator[str]:
    """The files of a page: its Markdown, and beside a journey's page its diagrams' SVG."""
    yield md_path(page.path)
    for slot, _, _ in page.diagrams:
        yield _diagram_file(page.path, slot)


def _diagram_file(path: str, slot: str) -> str:
    return re.sub(r"\.html$", f"-{slot}.svg", path)


def _draw(job: DiagramJob) -> tuple[bytes | None, str]:
    """A diagram's SVG, or why Graphviz could not draw it (its page says so too)."""
    dot, layout = job.source()
    try:
        return engine.render(dot, "svg", layout), ""
    except engine.EngineError as problem:
        return None, str(problem)


def _page(page: Page, title: str, diagrams: dict[str, dict[str, str | None]]) -> str:
    template, tags = TEMPLATES[page.template]
    data = page.data
    root = root_prefix(page.path)
    description = _description(page, title)
    sections = [{"title": said(heading), "url": f"{folder}/README.md"}
                for heading, folder in ((JOURNEYS, "journeys"), (CHANNELS, "channels"),
                                        (DEPARTMENTS, "departments"),
                                        (POSTS, "listening-posts"),
                                        (METRICS, "metrics"), (PERSONAS, "personas"))]
    sections.append({"title": said(GAP_REPORT), "url": "gaps.md"})
    body = templating.render(template, page=data, title=page.title, site_title=title,
                             sections=sections,
                             root=root, link=link, links=links, listed=listed, findings=findings,
                             severity=severity, diagrams=diagrams,
                             version=__version__)
    return front_matter(page.title, description, tags) + _tidy(body)


def _description(page: Page, title: str) -> str:
    if page.template == "site/journey.html":
        goal = page.data["journey"]["goal"]
        return goal or render(JOURNEY_OF(journey=page.title))
    if page.template == "site/index.html":
        return render(PAGE_OF(title=title))
    return render(PAGE_OF(title=page.title))


def _gaps(report: dict[str, Any]) -> str:
    """The gap report as the Markdown report writes it, with front matter. Its one piece of
    HTML, the line break before a finding's hint inside a table cell, becomes " — " (user
    text is escaped, so no "<br>" in it comes from the model)."""
    body = markdown_report.render(report).replace("<br>", " — ")
    heading = shown_text(GAP_REPORT)
    return front_matter(heading, render(PAGE_OF(title=heading)), ("cxmodel", "gaps")) + \
        _tidy(body)


def _tidy(text: str) -> str:
    """No run of blank lines, one newline at the end (the templates' loops leave some)."""
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


