"""The HTML gap report as its readers see it: parsed with the standard library's html.parser,
checked for the figures, the coverage matrix, the findings and waivers of the retailer
example, for being self-contained and deterministic, and for escaping user text."""

from __future__ import annotations

import datetime
import re
import shutil
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.report import html
from cxmodel.report.data import report_data
from tests.conftest import EXAMPLES

RETAILER = EXAMPLES / "omnichannel-retailer"
BANK = EXAMPLES / "bank-account-opening"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str]
    children: list[Any] = field(default_factory=list)  # Node or str
    parent: Node | None = None

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()

    def text(self) -> str:
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return re.sub(r"\s+", " ", "".join(parts)).strip()

    def iter(self) -> list[Node]:
        found: list[Node] = []
        for child in self.children:
            if isinstance(child, Node):
                found.append(child)
                found.extend(child.iter())
        return found

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in n.classes)]

    def find(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}> in <{self.tag}>"
        return found[0]

    def by_id(self, ident: str) -> Node:
        found = [n for n in self.iter() if n.attrs.get("id") == ident]
        assert len(found) == 1, f"id {ident!r} found {len(found)} times"
        return found[0]


class TreeBuilder(HTMLParser):
    """A small DOM: enough to ask for elements, classes, attributes and text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {k: v or "" for k, v in attrs}, parent=self.current)
        self.current.children.append(node)
        if tag not in VOID:
            self.current = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.current.children.append(Node(tag, {k: v or "" for k, v in attrs},
                                          parent=self.current))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        node: Node | None = self.current
        while node is not None and node.tag != tag:
            node = node.parent
        assert node is not None and node.parent is not None, f"stray </{tag}>"
        assert node is self.current, f"</{tag}> closes <{self.current.tag}> implicitly"
        self.current = node.parent

    def handle_data(self, data: str) -> None:
        self.current.children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.current is builder.root, f"<{builder.current.tag}> is never closed"
    assert builder.doctype.lower() == "doctype html"
    return builder.root


def render(path: Path) -> tuple[str, cxmodel.CheckResult]:
    result = cxmodel.check(path)
    assert result.workspace is not None and result.analysis is not None
    data = report_data(result.workspace, result.analysis, path.name, len(result.files))
    return html.render(data), result


@pytest.fixture(scope="module")
def retailer() -> tuple[Node, cxmodel.CheckResult, str]:
    page, result = render(RETAILER)
    return parse(page), result, page


def section(doc: Node, ident: str) -> Node:
    node = doc.by_id(ident)
    assert node.tag == "section"
    return node


def matrix_cells(table: Node) -> tuple[list[str], dict[tuple[str, str], Node]]:
    """Column names and {(row header text, column name): td} of a coverage matrix."""
    columns = [th.text() for th in table.find("thead").find_all("th")][1:]
    cells = {}
    for row in table.find("tbody").find_all("tr"):
        header = row.find("th")
        name = header.find("a").text() if header.find_all("a") else header.text()
        tds = row.find_all("td")
        assert len(tds) == len(columns)
        for column, td in zip(columns, tds, strict=True):
            cells[name, column] = td
    return columns, cells


# --- The page as a whole ---------------------------------------------------------------------

def test_title_language_and_summary(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    assert doc.find("html").attrs["lang"] == "en"
    assert doc.find("title").text() == "omnichannel-retailer: listening gap report"
    assert doc.find("meta").attrs == {"charset": "utf-8"}
    header = doc.find("header")
    assert header.find("h1").text() == "omnichannel-retailer"
    assert header.find("p", "summary").text() == (
        "3 journeys, 14 touchpoints (plus 1 notice), 11 channels and 9 listening posts, from 6 "
        "files")
    assert len(doc.find_all("h1")) == 1
    assert doc.find("main").attrs["id"] == "main"


def test_headline_figures(retailer: tuple[Node, Any, str]) -> None:
    doc, result, _ = retailer
    glance = section(doc, "at-a-glance")
    figures = [(f.find("span", "figure-value").text(), f.find("span", "figure-label").text(),
                f.find("span", "figure-detail").text().split(":")[0])
               for f in glance.find_all("li", "figure")]
    # Checked by hand against the YAML: 15 touchpoints, of which the e-mail confirmation is
    # a notice no post hears (not counted), the SMS slot unmeasured; 4 moments of truth,
    # the delivery-date call covered only by channel;
    # of the 7 posts that hear identifiable customers (5 surveys, social listening, app
    # store reviews), 5 follow them up (social listening answers nobody, the video survey
    # has no inner loop); the results of 8 of the 9 posts reach the owners of what they
    # cover; of 3 journeys only click and collect shares a metric.
    assert figures == [
        ("92.9%", "Touchpoints covered by a listening post", "13 of 14"),
        ("75%", "Moments of truth measured directly", "3 of 4"),
        ("71.4%", "Inner loops closed (of the posts that hear identifiable customers)", "5 of 7"),
        ("88.9%", "Outer loops closed (of all listening posts)", "8 of 9"),
        ("33.3%", "Journeys whose channels share an experience metric", "1 of 3"),
    ]
    # The CX102 error on the delivery-date call stands on a touchpoint and a moment of truth.
    in_error = [f.find("span", "figure-label").text() for f in glance.find_all("li", "figure")
                if "figure-error" in f.classes]
    assert in_error == ["Touchpoints covered by a listening post",
                        "Moments of truth measured directly"]
    counts = {c.classes[1]: c.find("span", "count-value").text()
              for c in glance.find_all("li", "count")}
    by_severity = Counter(d.severity for d in result.analysis.findings)
    assert counts == {"count-error": "1", "count-warning": "23", "count-info": "2",
                      "count-waived": "1"}
    assert (by_severity["error"], by_severity["warning"], by_severity["info"]) == (1, 23, 2)
    assert len(result.analysis.waived) == 1


def test_fix_first(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    items = section(doc, "fix-first").find("ol", "fix-list").find_all("li")
    assert len(items) == 10
    first = items[0]
    assert "sev-error" in first.classes
    assert first.find("span", "badge").text() == "Error"
    assert first.find("span", "code").text() == "CX102"
    assert first.find("span", "rule-name").text() == "unmeasured-moment-of-truth"
    assert "'Call to change the delivery date'" in first.find("p", "message").text()
    assert first.find("p", "hint").text().startswith("How to fix: Add online-order/")
    assert first.find("code", "where").text() == "journeys/online-order.yaml:89"
    assert "Customer contact centre" in first.find("p", "meta").text()
    assert all("sev-error" not in item.classes for item in items[1:])


def test_coverage_matrix(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    table = section(doc, "matrix").find("table", "matrix")
    assert table.find("caption").text().startswith("Journeys × channels")
    columns, cells = matrix_cells(table)
    # (no E-mail column: its only touchpoint, the order confirmation, is a notice)
    assert columns == ["Website", "Mobile app", "Web chat", "SMS",
                       "Customer service line", "Stores", "Two-person home delivery"]
    rows = table.find("tbody").find_all("tr")
    assert [r.find("th").attrs["scope"] for r in rows] == ["row"] * 3
    assert all(th.attrs["scope"] == "col" for th in table.find("thead").find_all("th"))
    order = "Order a sofa online and get it delivered"

    def state(journey: str, channel: str) -> tuple[str, str, str]:
        td = cells[journey, channel]
        metrics = td.find_all("span", "metrics")
        return (td.classes[1], td.find("span", "sym").text(),
                metrics[0].text() if metrics else "")

    assert state(order, "SMS") == ("cell-unmeasured", "✗", "")
    assert state(order, "Website") == ("cell-measured", "✓", "csat, ces")
    # Covered by its channel's posts, but the moment of truth there is not measured directly
    # (CX102, an error): never green.
    assert state(order, "Customer service line") == (
        "cell-measured-with-error", "✓!", "aht, sentiment")
    assert state(order, "Stores") == ("cell-none", "·", "")
    assert state(order, "Two-person home delivery") == (
        "cell-measured", "✓", "no touchpoint metric")
    assert state("Click and collect in a store", "Stores") == ("cell-measured", "✓", "csat, ces")
    assert cells[order, "SMS"].find("span", "visually-hidden").text() == "unmeasured"
    mixed = {r.find("a").text(): bool(r.find("th").find_all("span", "flag")) for r in rows}
    assert mixed == {order: True, "Return an item bought online": True,
                     "Click and collect in a store": False}
    assert rows[0].find("th").find("span", "pct").text() == "85.7%"


def _facts(journey: Node) -> dict[str, str]:
    return {dt.text(): dd.text() for dt, dd in zip(journey.find("dl", "facts").find_all("dt"),
                                                   journey.find("dl", "facts").find_all("dd"),
                                                   strict=True)}


def test_journey_stage_matrices(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    journeys = section(doc, "journeys").find_all("article", "journey")
    assert [j.find("h3").text() for j in journeys] == [
        "Order a sofa online and get it delivered", "Return an item bought online",
        "Click and collect in a store"]
    facts = _facts(journeys[0])
    assert facts["Customer's goal"] == "Get the right sofa delivered on a day I am at home"
    assert facts["Owner"] == "E-commerce"
    pickup = _facts(journeys[2])
    assert pickup["Customer's goal"] == "not stated"
    assert pickup["Owner"] == "no owner"
    columns, cells = matrix_cells(journeys[0].find("table", "stages"))
    assert columns == ["Website", "Web chat", "E-mail", "SMS", "Customer service line",
                       "Mobile app", "Two-person home delivery"]
    # The order confirmation by e-mail is a notice no post hears: no gap in Buy.
    assert "cell-measured" in cells["Buy 100%", "Website"].classes
    assert "cell-none" in cells["Buy 100%", "E-mail"].classes
    assert "cell-unmeasured" in cells["Receive 75%1 error", "SMS"].classes
    assert "cell-measured" in cells["Choose 100%", "Web chat"].classes
    assert "cell-none" in cells["Choose 100%", "E-mail"].classes


def test_channel_and_department_tables(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    tables = section(doc, "by-channel").find_all("table")
    channels = {r.find("th").text(): [td.text() for td in r.find_all("td")]
                for r in tables[0].find("tbody").find_all("tr")}
    assert "E-mail" not in channels  # its only touchpoint is a notice no post hears
    assert channels["SMS"] == ["Logistics and delivery", "0/1 (0%)", "none"]
    # The channel's own metrics, as its matrix cells list them: the IVR survey's NPS (a
    # relationship metric) and FCR (the journey's) are not about the line's contacts.
    assert channels["Customer service line"] == [
        "Customer contact centre", "2/2 (100%)", "aht, sentiment"]
    departments = {r.find("th").text(): [td.text() for td in r.find_all("td")]
                   for r in tables[1].find("tbody").find_all("tr")}
    assert departments["Logistics and delivery"] == ["2/3 (66.7%)", "3"]
    # CX503: the store CSAT target is in the stores' bonus.
    # CX803: the stores' latest CSAT rests on too few answers.
    assert departments["Store operations"] == ["3/3 (100%)", "2"]
    assert tables[0].find("span", "bar-fill").attrs["style"] == "width: 100%"


def _rows(node: Node) -> list[tuple[str, str, str]]:
    return [(tr.find("span", "code").text(), tr.find("td").text(),
             tr.find("code", "where").text())
            for table in node.find_all("table", "findings")
            for tr in table.find("tbody").find_all("tr")]


def test_every_finding_by_family_and_by_department(retailer: tuple[Node, Any, str]) -> None:
    doc, result, _ = retailer
    expected = Counter(d.code for d in result.analysis.findings)
    assert sum(expected.values()) == 26

    families = section(doc, "by-family")
    assert Counter(code for code, _, _ in _rows(families)) == expected
    headings = [h.find("span", "code").text() for h in families.find_all("h3")]
    assert headings == ["CX1", "CX2", "CX3", "CX4", "CX5", "CX6", "CX8"]
    for group in families.find_all("section", "group"):
        prefix = group.find("h3").find("span", "code").text()
        assert all(code.startswith(prefix) for code, _, _ in _rows(group))

    departments = section(doc, "by-department")
    assert Counter(code for code, _, _ in _rows(departments)) == expected
    groups = {g.find("h3").children[0].strip(): [c for c, _, _ in _rows(g)]
              for g in departments.find_all("section", "group")}
    # The journey with no owner and the step with no responsible department could have one;
    # an offer has no owning department in the language (#16). The store-pickup journey's
    # unmeasured target (CX502) stands on that journey with no owner.
    # In the order of "Fix first": the journey with no goal (CX106) is the model's own
    # hygiene, after the missing owner and the unmeasured target; the wait (CX602) is an info.
    assert groups["No responsible department"] == ["CX105", "CX302", "CX502", "CX106",
                                                   "CX602"]
    assert groups["Not owned by a department: offers"] == ["CX204"]
    assert groups["CX office"] == ["CX202"]  # (its CX403 is waived)
    assert ("CX101", "Warning", "journeys/online-order.yaml:74") in _rows(departments)


def test_waiver_reason_is_shown(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    waivers = section(doc, "waivers").find_all("li", "waiver")
    # The relationship study's slower call-backs, a decision with its reason.
    assert [(w.find("span", "code").text(), w.find("code", "where").text())
            for w in waivers] == [("CX403", "listening-posts.yaml:81")]
    for waiver in waivers:
        assert waiver.find("p", "reason").text() == (
            "Reason: A relationship study: account managers call detractors back within a "
            "week, after reading their whole account")


def test_legend(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    legend = section(doc, "legend")
    keys = {dt.text(): dd.text()
            for dt, dd in zip(legend.find_all("dt"), legend.find_all("dd"), strict=True)}
    for words in ("✓ measured", "◐ partly measured", "✗ unmeasured", "· not used",
                  "Error", "Warning", "Info", "Waived", "csat"):
        assert keys.get(words), words
    assert keys["csat"] == "Customer satisfaction (CSAT)"


# --- Self-contained, accessible, deterministic -------------------------------------------------

def test_self_contained(retailer: tuple[Node, Any, str]) -> None:
    doc, _, page = retailer
    nodes = doc.iter()
    assert not [n for n in nodes if n.tag in {"script", "img", "iframe", "object", "embed",
                                              "link", "video", "audio", "source"}]
    for node in nodes:
        for name, value in node.attrs.items():
            assert not name.startswith("on"), f"event handler {name} on <{node.tag}>"
            if name in {"src", "href", "srcset", "action", "data", "poster"}:
                assert value.startswith("#"), f"<{node.tag} {name}={value!r}>"
    style = doc.find("style").text()
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    assert "print-color-adjust" in style and "@page" in style
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.IGNORECASE)


def test_ids_are_safe_unique_and_every_link_lands(retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    ids = [n.attrs["id"] for n in doc.iter() if "id" in n.attrs]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9-]+", i) for i in ids), ids
    links = [n.attrs["href"][1:] for n in doc.find_all("a")]
    assert links and set(links) <= set(ids)
    for table in doc.find_all("table"):
        assert table.find_all("caption")
        assert table.find("thead").find_all("th")


def test_output_is_byte_identical(tmp_path: Path) -> None:
    outputs = []
    for name in ("one.html", "two.html"):
        out = tmp_path / name
        assert main(["report", str(RETAILER), "--format", "html", "-o", str(out)]) == 1
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert outputs[0].startswith(b"<!doctype html>\n<html lang=\"en\">")
    # No time of the run: the only dates are the model's (a due date, a period) and the
    # day its results are read on, which the example fixes (options.as_of).
    assert not re.search(rb"\d{1,2}:\d{2}:\d{2}", outputs[0])
    assert datetime.date.today().isoformat().encode() not in outputs[0]
    assert b"read on 1 December 2026" in outputs[0]


def test_polish_workspace() -> None:
    page, _ = render(BANK)
    doc = parse(page)
    assert doc.find("title").text() == "bank-account-opening: listening gap report"
    _, cells = matrix_cells(section(doc, "matrix").find("table", "matrix"))
    card = "Aktywacja karty płatniczej (projekt docelowy)"
    assert "cell-measured" in cells[card, "Aplikacja mobilna"].classes
    assert (card, "List polecony") not in cells  # the letter with the card: a notice
    assert section(doc, "waivers").find("p", "muted").text() == "No waivers."
    assert "Sieć oddziałów" in section(doc, "by-department").text()


# --- User text is text -------------------------------------------------------------------------

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def test_user_text_is_escaped(tmp_path: Path) -> None:
    workspace = tmp_path / "evil"
    shutil.copytree(RETAILER, workspace)
    journey = workspace / "journeys" / "online-order.yaml"
    text = journey.read_text(encoding="utf-8")
    evil_name = " ".join(PAYLOADS)
    for old, new in (
        ("name: Order a sofa online and get it delivered", f"name: {_quote(evil_name)}"),
        ("{id: choose, name: Choose}", f"{{id: choose, name: {_quote(PAYLOADS[1])}}}"),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    journey.write_text(text, encoding="utf-8")
    posts = workspace / "listening-posts.yaml"
    text = posts.read_text(encoding="utf-8")
    assert 'CX403: "A relationship study' in text
    posts.write_text(text.replace('CX403: "A relationship study', f"CX403: "
                                  f"{_quote(PAYLOADS[0] + PAYLOADS[2])}\n      # \"", 1),
                     encoding="utf-8")
    organisation = workspace / "organisation.yaml"
    org = organisation.read_text(encoding="utf-8")
    assert "name: Website" in org
    organisation.write_text(org.replace("name: Website", f"name: {_quote(PAYLOADS[1])}", 1),
                            encoding="utf-8")

    out = tmp_path / "evil.html"
    assert main(["report", str(workspace), "--format", "html", "-o", str(out),
                 "--title", PAYLOADS[0]]) == 1
    page = out.read_text(encoding="utf-8")
    doc = parse(page)
    assert not doc.find_all("script") and not doc.find_all("img")
    assert all(not name.startswith("on") for n in doc.iter() for name in n.attrs)
    assert doc.find("h1").text() == PAYLOADS[0]
    assert doc.find("title").text() == f"{PAYLOADS[0]}: listening gap report"
    _, cells = matrix_cells(section(doc, "matrix").find("table", "matrix"))
    assert (evil_name, PAYLOADS[1]) in cells
    assert section(doc, "journeys").find("h3").text() == evil_name
    assert section(doc, "waivers").find("p", "reason").text() == (
        f"Reason: {PAYLOADS[0]}{PAYLOADS[2]}")
    assert "49" not in section(doc, "waivers").text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_a_matrix_too_large_to_read_is_not_shown(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    from cxmodel.report import data as report_module

    monkeypatch.setattr(report_module, "MATRIX_CELLS", 5)
    result = cxmodel.check(RETAILER)
    assert result.workspace is not None and result.analysis is not None
    data = report_data(result.workspace, result.analysis, "retailer", len(result.files))
    journeys, channels = len(data["matrix"]["rows"]), len(data["matrix"]["channels"])
    assert journeys * channels > 5
    note = (f"Not shown: {journeys} journeys × {channels} channels make {journeys * channels} "
            "cells, more than the 5 a readable table holds.")
    page = html.render(data)
    assert note in page and '<table class="matrix">' not in page
    from cxmodel.report import markdown_report as markdown

    text = markdown.render(data)
    assert note in text and "| Journey | Coverage |" not in text
    # The JSON report lists each row's cells only for the channels its journey uses.
    for row in data["matrix"]["rows"]:
        assert row["cells"] and all(cell["state"] != "none" for cell in row["cells"])


# --- Targets and results (issue #20) --------------------------------------------------------

def test_targets_and_results_show_each_target_against_its_latest_value(
        retailer: tuple[Node, Any, str]) -> None:
    doc, _, _ = retailer
    targets = section(doc, "targets")
    assert targets.find("h2").text() == "Targets and results"
    assert targets.find("p", "lead").text().startswith(
        "The latest recorded value of each target, read on 1 December 2026. A value resting "
        "on fewer than 30 responses is indicative")
    counts = {c.classes[2]: c.find("span", "count-value").text()
              for c in targets.find_all("li", "target-count")}
    assert counts == {"target-missed": "1", "target-indicative": "1", "target-stale": "0",
                      "target-no-results": "6", "target-met": "4"}
    rows = [[td.text() for td in tr.find_all("td")] for tr in targets.find_all("tr", "target-row")]
    # The worst first: the web chat's CSAT missed, then the stores' resting on 18 answers.
    assert rows[0][:7] == ["channel Web chat", "Customer satisfaction (CSAT)", "at least 4.3",
                           "4.1", "November 2026", "312", "✗ missed"]
    assert rows[1][:7] == ["channel Stores", "Customer satisfaction (CSAT)", "at least 4.4",
                           "4", "November 2026", "18", "~ indicative"]
    # The app's two posts count as one value, weighted by their responses.
    app = next(r for r in rows if r[0] == "channel Mobile app")
    assert app[3:7] == ["4.37", "November 2026", "758", "✓ met"]
    no_results = [r for r in rows if r[6] == "– no results"]
    assert len(no_results) == 6 and all(r[3] == "–" for r in no_results)
    # The trend: an inline SVG, the line through six months, the target dashed, the latest
    # value coloured by its standing, every value said in its title.
    chart = targets.find("tr", "target-missed").find("svg", "spark")
    assert chart.attrs["role"] == "img"
    assert len(chart.find("polyline").attrs["points"].split()) == 6
    assert chart.find("line", "spark-target").attrs["stroke-dasharray"] == "3 2"
    assert "spark-missed" in chart.find("circle").classes
    assert chart.find("title").text() == (
        "Customer satisfaction (CSAT) by period: 4.4 in June 2026, 4.4 in July 2026, 4.3 in "
        "August 2026, 4.2 in September 2026, 4.1 in October 2026 and 4.1 in November 2026 "
        "(target: at least 4.3)")
    assert [a.attrs["href"] for a in doc.find("nav").find_all("a")][2] == "#targets"


def test_a_report_without_results_has_no_targets_section() -> None:
    page, _ = render(EXAMPLES / "bank-account-opening")
    assert 'id="targets"' not in page and "#targets" not in page


def test_a_target_whose_results_all_break_cx801_is_not_judged(tmp_path: Path) -> None:
    """A value off the metric's scale is an error (CX801), and it is not judged against the
    target either: the target reads "not judged", not "no results" nor "met"."""
    (tmp_path / "model.yaml").write_text("""\
departments: [{id: service}]
channels:
  - {id: chat, kind: chat, owner: service, targets: [{metric: csat, min: 4.2}]}
metrics:
  - {id: csat, kind: experience, scope: touchpoint, scale: {min: 1, max: 5}}
listening_posts:
  - {id: chat-survey, owner: service, metrics: [csat], covers: {channels: [chat]}}
results:
  - {metric: csat, period: 2026-11, value: 47, responses: 120, channel: chat}
""", encoding="utf-8")
    page, result = render(tmp_path)
    assert [d.code for d in result.diagnostics if d.code == "CX801"] == ["CX801"]
    targets = section(parse(page), "targets")
    rows = [[td.text() for td in tr.find_all("td")] for tr in targets.find_all("tr", "target-row")]
    assert len(rows) == 1 and rows[0][:2] == ["channel chat", "csat"]
    assert rows[0][6] == "? not judged (CX801)"
    assert "target-not-judged" in targets.find("tr", "target-row").classes
    counts = {c.classes[2]: c.find("span", "count-value").text()
              for c in targets.find_all("li", "target-count")}
    assert counts["target-not-judged"] == "1" and counts["target-met"] == "0"
    legend = [li.text() for li in targets.find("ul", "legend").find_all("li")]
    assert ("? not judged (CX801) results are recorded, but none can be judged: each breaks "
            "CX801 (a value off the metric's scale, or from a post that does not collect the "
            "metric)") in legend
