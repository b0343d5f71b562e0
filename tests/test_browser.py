"""End-to-end: the docs site in a real browser (headless Chromium driven by Playwright),
from file:// and from `cxmodel serve`, including live reload after an edit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api
import pytest

from cxmodel.cli import main
from tests.conftest import EXAMPLES, skip_without, start_serve

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        skip_without("chromium", "Chromium is not installed")
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.errors = []  # console errors and uncaught exceptions
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    context.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    main(["site", str(EXAMPLES / "omnichannel-retailer"), "-o", str(out), "--quiet"])
    return out


def test_site_from_file_url_links_and_search(page: Any, site: Path) -> None:
    page.goto((site / "index.html").as_uri())
    assert page.locator("h1").inner_text() == "omnichannel-retailer"
    page.get_by_role("navigation", name="Site").get_by_role("link", name="Journeys").click()
    assert page.locator("h1").inner_text() == "Journeys"
    page.get_by_role("link", name="Return an item bought online").first.click()
    assert page.locator("h1").inner_text() == "Return an item bought online"
    # The blueprint and the journey map, and the trend of the journey's NPS.
    assert page.locator("svg[role=img]:not(.spark)").count() == 2
    assert page.locator("svg.spark[role=img]").count() == 1
    # Search for a touchpoint and open it.
    page.fill("#search-input", "change the delivery")
    result = page.locator("#search-results a").first
    assert "Call to change the delivery date" in result.inner_text()
    page.keyboard.press("Enter")
    page.wait_for_url("**/journeys/online-order.html#step-6")
    assert page.locator("#step-6").is_visible()
    assert "Call to change the delivery date" in page.locator("#step-6").inner_text()
    # Diacritics and case do not matter; nothing matches nonsense.
    page.goto((site / "channels" / "index.html").as_uri())
    page.fill("#search-input", "WEB CHAT")
    assert "Web chat" in page.locator("#search-results a").first.inner_text()
    page.fill("#search-input", "zzzzqqq")
    assert page.locator("#search-results li").inner_text() == "No match"
    assert page.errors == []


def test_every_page_loads_without_console_errors(page: Any, site: Path) -> None:
    for html in sorted(site.rglob("*.html")):
        page.goto(html.as_uri())
        assert page.locator("h1").count() >= 1, html
    assert page.errors == []


def test_phone_width_has_no_page_wide_scrolling(browser: Any, site: Path) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800})
    phone = context.new_page()
    phone.goto((site / "journeys" / "online-order.html").as_uri())
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    context.close()
    assert overflow <= 1


def test_serve_reloads_the_page_after_an_edit(page: Any, tmp_path: Path) -> None:

    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", workspace)
    running = start_serve(str(workspace), "--port", "0")
    try:
        page.goto(running.url + "journeys/online-order.html")
        assert page.locator("h1").inner_text() == "Order a sofa online and get it delivered"
        page.get_by_role("link", name="Gap report").first.is_visible()
        journey = workspace / "journeys" / "online-order.yaml"
        text = journey.read_text(encoding="utf-8")
        journey.write_text(text.replace("name: Order a sofa online and get it delivered",
                                        "name: Order a sofa, live"), encoding="utf-8")
        # Playwright's expect() reads the page from its own isolated world: the pages'
        # Content-Security-Policy forbids evaluating strings in theirs (wait_for_function).
        expect = playwright_api.expect
        expect(page.locator("h1")).to_have_text("Order a sofa, live", timeout=15000)
        journey.write_text(text.replace("channel: web-chat", "channel: webchat", 1),
                           encoding="utf-8")
        expect(page.locator("body")).to_contain_text("does not load", timeout=15000)
        assert "CX005" in page.content()
        journey.write_text(text, encoding="utf-8")
        expect(page.locator("h1")).to_have_text("Order a sofa online and get it delivered",
                                                timeout=15000)
        assert page.errors == []
    finally:
        running.stop()


def test_a_name_without_spaces_does_not_widen_the_page_on_a_phone(
        browser: Any, tmp_path: Path) -> None:
    """A 5,000-character name without a space made pages 47,000 px wide."""
    from cxmodel.cli import main

    long = "x" * 5000
    ws = tmp_path / "ws.yaml"
    ws.write_text(f"departments: [{{id: d, name: {long}}}]\n"
                  f"channels: [{{id: web, kind: web, owner: d, name: {long}}}]\n"
                  f"journeys: [{{id: j, owner: d, name: {long}, goal: {long}, steps: "
                  f"[{{id: s, name: {long}, channel: web}}]}}]\n", encoding="utf-8")
    site = tmp_path / "site"
    main(["site", str(ws), "-o", str(site), "--quiet"])
    context = browser.new_context(viewport={"width": 375, "height": 800})
    phone = context.new_page()
    for page in ("journeys/j.html", "channels/web.html", "departments/d.html", "index.html"):
        phone.goto((site / page).as_uri())
        overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1, page
    context.close()


def test_serve_reloads_a_page_whose_build_was_replaced_before_its_stream_opened(
        page: Any, tmp_path: Path) -> None:
    """The page took the first build number its event stream announced as its own: a
    rebuild finished between the page's download and the stream's first message was never
    shown (seen as a flaky live-reload test under load)."""
    import time


    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", workspace)
    running = start_serve(str(workspace), "--port", "0")
    held: list[Any] = []
    try:
        def hold(route: Any) -> None:
            held.append(route)  # the stream waits

        page.route("**/__cxmodel__/events", hold)
        page.goto(running.url + "journeys/online-order.html")
        deadline = time.monotonic() + 15
        while not held and time.monotonic() < deadline:
            page.wait_for_timeout(50)
        assert held, "the page never opened its event stream"
        before = running.site.generation
        journey = workspace / "journeys" / "online-order.yaml"
        journey.write_text(journey.read_text(encoding="utf-8").replace(
            "name: Order a sofa online and get it delivered", "name: Rebuilt meanwhile"),
            encoding="utf-8")
        while running.site.generation == before and time.monotonic() < deadline:
            time.sleep(0.05)
        assert running.site.generation > before, "no rebuild"
        held[0].continue_()
        playwright_api.expect(page.locator("h1")).to_have_text("Rebuilt meanwhile",
                                                               timeout=15000)
        assert page.errors == []
    finally:
        running.stop()


def test_trend_charts_and_overdue_actions_as_a_reader_sees_them(page: Any, site: Path) -> None:
    """Issue #20: a channel's results as a small trend chart (inline SVG, no script), its
    latest value coloured by where it stands against the target; a department's overdue
    action marked."""
    page.goto((site / "channels" / "web-chat.html").as_uri())
    rows = page.locator("table.results tbody tr")
    assert rows.count() == 2
    csat = rows.filter(has_text="Customer satisfaction (CSAT)")
    chart = csat.locator("svg.spark")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert (box["width"], box["height"]) == (96, 24)
    # Six months, the line falling below the dashed target: the latest dot is under it,
    # and red.
    assert len(chart.locator("polyline").get_attribute("points").split()) == 6
    target_y = float(chart.locator("line.spark-target").get_attribute("y1"))
    last = chart.locator("circle")
    assert float(last.get_attribute("cy")) > target_y
    assert last.evaluate("c => getComputedStyle(c).fill") == "rgb(164, 22, 26)"
    assert chart.get_attribute("aria-label").startswith(
        "Customer satisfaction (CSAT) by period: 4.4 in 2026-06")
    targets = page.locator("section:has(#targets-heading) li")
    assert "✗ missed: 4.1 in 2026-11 (312 responses)" in targets.first.inner_text()
    # A met target's dot is green.
    ces = rows.filter(has_text="Customer effort score").locator("svg.spark circle")
    assert ces.evaluate("c => getComputedStyle(c).fill") == "rgb(26, 127, 55)"

    page.goto((site / "departments" / "contact-centre.html").as_uri())
    action = page.locator("li.action-overdue")
    assert action.count() == 1
    assert "Hand chats to a phone agent" in action.inner_text()
    assert action.locator(".badge").inner_text() == "overdue"
    assert "due 15 November 2026" in action.inner_text()
    assert action.evaluate("a => getComputedStyle(a).backgroundColor") == "rgb(255, 248, 197)"
    assert page.errors == []


def test_a_whole_diagram_fits_the_page_and_opens_at_its_actual_size(
        browser: Any, site: Path) -> None:
    """Issue #17: on a 1,400 px screen the blueprint and the maps fit the page's width,
    nothing clipped; "Actual size" shows the blueprint at its size, scrolled in its box."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto((site / "journeys" / "online-order.html").as_uri())
    box = page.locator("#diagram-blueprint")
    svg = box.locator("svg").first
    inner = box.evaluate("d => d.clientWidth")
    assert svg.bounding_box()["width"] <= inner
    assert box.evaluate("d => d.scrollWidth <= d.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_text("Actual size").first.click()
    # 1,758 pt wide: 2,344 px at its size, scrolled inside its box, not the page.
    assert svg.bounding_box()["width"] == pytest.approx(2344, abs=2)
    assert box.evaluate("d => d.scrollWidth > d.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto((site / "maps.html").as_uri())
    for key in ("channels", "ownership"):
        shown = page.locator(f"#diagram-{key}")
        assert shown.locator("svg").first.bounding_box()["width"] <= shown.evaluate(
            "d => d.clientWidth")
    context.close()
