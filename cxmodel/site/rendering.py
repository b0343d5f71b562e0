"""Rendering the site's pages, and knowing when a page cannot have changed.

A page is a pure function of its data, its path and title, the diagrams it shows and the
templates and code that lay it out. Its *render key* hashes all of them; the site manifest
keeps every page's key, so a rebuild renders and writes only the pages whose key changed.
Editing one journey changes a small share of the pages, and hashing a page's data costs far
less than rendering it.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
from markupsafe import Markup

from cxmodel import __version__, resources, templating
from cxmodel.messages.catalogues import COMPILED, SOURCES
from cxmodel.messages.render import active
from cxmodel.messages.text import message
from cxmodel.site import fragments
from cxmodel.site.diagrams import Diagrams, inline_svg
from cxmodel.site.pages import Page, nav
from cxmodel.site.paths import root_prefix

NOT_DRAWN = message("site.diagram.failed", "This diagram could not be drawn: {why}")


def data_digest(value: Any) -> str:
    """A hash of plain data (dicts, lists, strings, numbers, booleans, None) that depends on
    the values and their types only. Pickle's "fast" mode writes no memo, so whether two
    equal strings are one object or two (which depends on how the files were shared out to
    the loading processes) makes no difference to the bytes."""
    stream = io.BytesIO()
    pickler = pickle.Pickler(stream, protocol=5)
    pickler.fast = True
    pickler.dump(value)
    return hashlib.sha256(stream.getvalue()).hexdigest()


# The modules whose code shapes a page besides its data and templates: the filters, the
# navigation, the inlining of diagrams, the fragments, this module and the report's view
# and data (its tables' dense views and size limits).
_CODE = ("templating.py", "site/pages.py", "site/paths.py", "site/diagrams.py",
         "site/fragments.py", "site/rendering.py", "report/html.py", "report/data.py")


@cache
def _code_and_templates() -> str:
    h = hashlib.sha256(f"{__version__}\n{jinja2.__version__}\n".encode())
    # MarkupSafe by its code (asking for its version through importlib.metadata is slow).
    h.update(Path(markupsafe.__file__ or "").read_bytes())
    package = Path(__file__).resolve().parent.parent
    for name in _CODE:
        h.update(name.encode() + b"\0" + (package / name).read_bytes() + b"\0")
    templates = resources.resource_dir("templates")
    folders = [("", templates), ("site/", templates.joinpath("site"))]
    for prefix, folder in folders:
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.is_file():
                h.update(f"{prefix}{entry.name}".encode() + b"\0" + entry.read_bytes() + b"\0")
    return h.hexdigest()


@cache
def catalogue_digest(language: str) -> str:
    """The translations of a language as this installation has them (its compiled catalogue
    in a wheel, the .po files in a checkout), hashed; English has none."""
    if language == "en":
        return ""
    h = hashlib.sha256()
    compiled = COMPILED / f"{language}.mo"
    files = [compiled] if compiled.is_file() else sorted((SOURCES / language).glob("*.po"))
    for path in files:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def fingerprint(title: str) -> str:
    """What every page depends on besides its own content: the cxmodel version, the
    templates, the rendering code, Jinja2 and MarkupSafe, the site's title, and the
    language the pages are written in with its translations."""
    language = active()
    return hashlib.sha256(f"{_code_and_templates()}\n{title}\n{language}\n"
                          f"{catalogue_digest(language)}".encode()).hexdigest()


def page_key(page: Page, common: str, diagrams: Diagrams) -> str:
    """The render key of a page; ``common`` is :func:`fingerprint`. Diagrams count by their
    cache key, which names everything their SVG is drawn from."""
    shown = "\n".join(f"{slot}\0{diagrams.key(job)}\0{caption}"
                      for slot, job, caption in page.diagrams)
    text = f"{common}\n{page.path}\n{page.template}\n{page.title}\n{shown}\n"
    return hashlib.sha256(f"{text}{data_digest(page.data)}".encode("utf-8", "surrogatepass")
                          ).hexdigest()


def report_key(report: dict[str, Any], common: str) -> str:
    """The render key of the gap report page, from the report's data."""
    return hashlib.sha256(f"{common}\ngaps.html\n{data_digest(report)}".encode()).hexdigest()


def _inline(diagrams: Diagrams, key: str, slot: str, caption: str) -> Markup:
    """A diagram ready for the page, or a note saying why it could not be drawn."""
    svg = diagrams.svg(key)
    if svg is None:
        return Markup('<p class="not-drawn" role="note">{}</p>').format(
            templating.say(NOT_DRAWN(why=diagrams.failed[key])))
    return Markup(inline_svg(svg, slot, caption))


def render_page(page: Page, diagrams: Diagrams, title: str) -> str:
    """The HTML of a page (its diagrams must be drawn)."""
    prefix = root_prefix(page.path)
    inline = {slot: _inline(diagrams, diagrams.key(job), slot, caption)
              for slot, job, caption in page.diagrams}
    context: dict[str, Any] = {
        "page": page.data, "title": page.title, "site_title": title, "root": prefix,
        "nav": nav(page.path), "diagrams": inline, "version": __version__,
        "link": fragments.link, "links": fragments.links, "listed": fragments.listed,
        "findings": fragments.findings,
        "severity": fragments.severity,
    }
    return templating.render(page.template, **context)
