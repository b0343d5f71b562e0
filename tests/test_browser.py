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
        "Customer satisfaction (CSAT) by period: 4.4 in June 2026")
    targets = page.locator("section:has(#targets-heading) li")
    assert "✗ missed: 4.1 in November 2026 (312 responses)" in targets.first.inner_text()
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


# Layout facts of the diagrams as Chromium draws them (issue #17): each text inside its box,
# the legends' text inside the legend, no two arrows' labels on top of each other, nothing
# outside the picture. One script measures them all.
LAYOUT_FACTS = """() => {
  const box = e => {
    const b = e.getBoundingClientRect();
    return [b.left, b.top, b.right, b.bottom];
  };
  const within = (a, b) => a[0] >= b[0] - 0.5 && a[1] >= b[1] - 0.5 && a[2] <= b[2] + 0.5
                           && a[3] <= b[3] + 0.5;
  const said = t => t.textContent.trim();
  const outside = [], legend = [], overlapping = [];
  for (const g of document.querySelectorAll('g.node, g.cluster')) {
    const shape = g.querySelector('polygon, ellipse, path');
    if (!shape) continue;
    for (const t of g.querySelectorAll('text')) {
      if (said(t) && !within(box(t), box(shape))) outside.push(g.id + ': ' + said(t));
    }
  }
  const legends = [...document.querySelectorAll('g.node.legend')]
    .map(g => box(g.querySelector('polygon')));
  const entries = 'g.node.legend-title, g.node.legend-text, g.node.legend-swatch';
  for (const g of document.querySelectorAll(entries)) {
    for (const t of g.querySelectorAll('text')) {
      if (said(t) && !legends.some(l => within(box(t), l))) legend.push(said(t));
    }
  }
  const labels = [...document.querySelectorAll('g.edge text')].filter(said)
    .map(t => [said(t), box(t)]);
  labels.forEach(([a, p], i) => labels.slice(i + 1).forEach(([b, q]) => {
    if (p[0] < q[2] && q[0] < p[2] && p[1] < q[3] && q[1] < p[3]) overlapping.push(a + ' / ' + b);
  }));
  // No arrow strays far outside the area its boxes take (a back edge routed round the map).
  const nodes = [...document.querySelectorAll('g.node, g.cluster')].map(box);
  const area = [Math.min(...nodes.map(b => b[0])), Math.min(...nodes.map(b => b[1])),
                Math.max(...nodes.map(b => b[2])), Math.max(...nodes.map(b => b[3]))];
  const stray = [...document.querySelectorAll('g.edge')].filter(g => {
    const b = box(g.querySelector('path') || g);
    return b[0] < area[0] - 40 || b[1] < area[1] - 40 || b[2] > area[2] + 40
      || b[3] > area[3] + 40;
  }).map(g => g.id);
  // No two texts drawn over each other (1 px of tolerance for glyphs' overhang). Graphviz
  // places an arrow's label without regard to the title of a group of boxes (a department
  // on the channel map): those two may meet, and are left out here.
  const grouped = t => t.closest('g.cluster') !== null;
  const shown = [...document.querySelectorAll('text')].filter(said)
    .map(t => [said(t), box(t), t.closest('g.edge') !== null, grouped(t)]);
  const crossing = [];
  shown.forEach(([a, p, ea, ga], i) => shown.slice(i + 1).forEach(([b, q, eb, gb]) => {
    if ((ea && gb) || (eb && ga)) return;
    if (Math.min(p[2], q[2]) - Math.max(p[0], q[0]) > 1
        && Math.min(p[3], q[3]) - Math.max(p[1], q[1]) > 1) crossing.push(a + ' / ' + b);
  }));
  const picture = box(document.querySelector('svg'));
  const clipped = [...document.querySelectorAll('text')]
    .filter(t => said(t) && !within(box(t), picture)).map(said);
  return {outside, legend, overlapping, clipped, stray, crossing,
          texts: document.querySelectorAll('text').length, legends: legends.length,
          labels: labels.length};
}"""

# A Shanghai team's model: every name in Chinese, so the boxes are sized for ideographs.
CHINESE_MODEL = """\
cxmodel: 1
departments:
  - {id: digital, name: 数字化体验部}
  - {id: service, name: 客户服务中心（上海）}
  - {id: stores, name: 门店运营部}
  - {id: logistics, name: 物流配送部}
  - {id: marketing, name: 市场与会员运营部}
channels:
  - {id: web, name: 官方网站, kind: web, owner: digital, co_owners: [marketing]}
  - {id: app, name: 手机应用（iOS／安卓）, kind: app, owner: digital}
  - {id: chat, name: 在线客服, kind: chat, owner: service}
  - {id: phone, name: 客服热线, kind: voice, owner: service}
  - {id: store, name: 线下门店, kind: in-person, owner: stores}
  - {id: sms, name: 短信通知, kind: sms}
metrics:
  - {id: csat, name: 客户满意度, kind: experience, scope: touchpoint, scale: {min: 1, max: 5}}
  - {id: nps, name: 净推荐值, kind: experience, scope: relationship}
listening_posts:
  - id: chat-survey
    name: 在线客服会话结束后的满意度调查
    method: survey
    owner: service
    metrics: [csat]
    covers: {channels: [chat, phone]}
    closed_loop:
      inner: {owner: service, within: 24h, via: [phone]}
      outer: {share_with: [digital, stores, logistics], cadence: weekly}
  - id: app-survey
    name: 应用内净推荐值调查
    method: survey
    owner: digital
    metrics: [nps]
    covers: {channels: [app, web]}
  - id: social
    name: 社交媒体聆听（微博、小红书）
    method: social-listening
    owner: marketing
    covers: {channels: [web, app, store]}
journeys:
  - id: order
    name: 线上购买沙发并送货上门
    goal: 在一周内收到合适的沙发，并且安装好
    owner: digital
    stages:
      - {id: choose, name: 挑选与比较}
      - {id: buy, name: 下单与付款}
      - {id: receive, name: 收货与安装}
    steps:
      - {id: compare, name: 在官网比较不同款式的沙发, stage: choose, channel: web, emotion: 1,
         customer: 浏览商品详情页，查看尺寸、面料和用户评价}
      - {id: ask, name: 在线咨询尺寸是否合适, stage: choose, channel: chat, emotion: 0,
         customer: 向客服发送客厅照片，询问沙发能否放得下,
         pain_points: [客服回复太慢，等了二十分钟才有人回答]}
      - {id: pay, name: 在手机应用中下单并付款, stage: buy, channel: app, emotion: 1,
         moment_of_truth: true, customer: 选择送货时间，使用优惠券付款}
      - {id: notice, name: 收到送货时间短信, stage: receive, channel: sms, emotion: -1,
         customer: 发现送货时间和自己选的不一样}
      - {id: call, name: 打电话修改送货时间, stage: receive, channel: phone, emotion: -2,
         moment_of_truth: true, customer: 排队等待后向客服说明情况，要求改期,
         pain_points: [电话排队时间长, 客服无法直接修改物流系统中的时间]}
      - {id: deliver, name: 送货上门并安装, stage: receive, channel: store, emotion: 2,
         customer: 检查沙发是否有损坏，签收}
  - id: return
    name: 退货与退款
    owner: service
    steps:
      - {id: request, name: 在应用中申请退货, channel: app}
      - {id: chat, name: 通过在线客服确认退货方式, channel: chat}
      - {id: drop, name: 把商品送到门店, channel: store}
      - {id: notice, name: 收到退款短信, channel: sms}
      - {id: call, name: 打电话询问退款进度, channel: phone}
"""


def layout_facts(page: Any, svg: Path) -> dict[str, Any]:
    page.goto(svg.as_uri())
    facts: dict[str, Any] = page.evaluate(LAYOUT_FACTS)
    return facts


@pytest.mark.parametrize("workspace", ["omnichannel-retailer", "bank-account-opening",
                                       "chinese", "wandering", "capitals"])
def test_every_text_lies_inside_its_box_in_every_view_and_language(
        page: Any, tmp_path: Path, write: Any, workspace: str) -> None:
    """Issue #17: in every view, in English, Russian, Polish and both Chineses, each text
    lies inside its box or group, the legend's text inside the legend, no two arrow labels
    overlap and nothing is outside the picture, as Chromium draws them."""
    if workspace == "chinese":
        folder = tmp_path / "model"
        folder.mkdir()
        (folder / "model.yaml").write_text(CHINESE_MODEL, encoding="utf-8")
    elif workspace == "capitals":  # a one-step journey with a long name in Cyrillic capitals
        folder = write("capitals/model.yaml", """\
departments: [{id: d}]
channels: [{id: web, kind: web, owner: d}]
journeys:
  - id: j
    name: ОТКРЫТИЕ СЧЁТА ЖИЛИЩНОГО КООПЕРАТИВА ЧЕРЕЗ ЗВОНОК ЩЕДРОМУ ЖУРНАЛИСТУ
    goal: ЖДЁМ ЩЕДРЫХ ЖЁЛТЫХ ЖУРАВЛЕЙ ЗИМОЙ
    steps: [{id: a, channel: web}]
""").parent
    elif workspace == "wandering":  # 21 arrows, some both ways, all labelled
        from tests.test_diagrams import busy_workspace

        folder = busy_workspace(write, channels=8, journeys=6)
    else:
        folder = EXAMPLES / workspace
    checked = 0
    for language in ("en", "ru", "pl", "zh", "zh-Hant"):
        out = tmp_path / language
        assert main(["render", str(folder), "--all", "--lang", language,
                     "-o", str(out)]) in (0, 1)
        drawn = sorted(out.glob("*.svg"))
        assert {"channels.svg", "ownership.svg"} <= {p.name for p in drawn}
        for svg in drawn:
            facts = layout_facts(page, svg)
            where = f"{language}/{svg.name}"
            assert facts["outside"] == [], where
            assert facts["legend"] == [], where
            assert facts["overlapping"] == [], where
            assert facts["clipped"] == [], where
            assert facts["crossing"] == [], where
            if svg.name == "ownership.svg":  # every arrow there runs between columns
                assert facts["stray"] == [], where
            assert facts["legends"] == 1 and facts["texts"] > 5, where
            checked += 1
    assert checked >= 5 * 4
    assert page.errors == []


def test_a_two_way_label_between_hebrew_names_reads_in_the_arrows_order(
        page: Any, write: Any, tmp_path: Path) -> None:
    """Customers go from אתר (the website) to טלפון (the phone) twice and back once: the
    label "אתר → טלפון ×2" keeps its order as Chromium draws it, the first name left of
    the arrow and the second right of it (a browser would otherwise reorder the line)."""
    folder = write("rtl/model.yaml", """\
departments: [{id: d}]
channels:
  - {id: web, name: אתר, kind: web, owner: d}
  - {id: phone, name: טלפון, kind: voice, owner: d}
journeys:
  - id: j
    steps: [{id: a, channel: web}, {id: b, channel: phone}, {id: c, channel: web},
            {id: e, channel: phone}]
""").parent
    out = tmp_path / "channels.svg"
    assert main(["render", str(folder), "--view", "channels", "-o", str(out)]) in (0, 1)
    page.goto(out.as_uri())
    lines = page.evaluate("""() => [...document.querySelectorAll('g.edge text')].map(t =>
        [...t.textContent].map((c, i) => [c, t.getStartPositionOfChar(i).x]))""")
    assert len(lines) == 2
    for line, (first, second) in zip(lines, (("א", "ט"), ("ט", "א")), strict=True):
        x = {c: position for c, position in reversed(line)}  # each letter's first place
        assert x[first] < x["→"] < x[second] < x["×"]


def test_a_chinese_report_and_site_keep_their_words_and_badges_whole(
        browser: Any, tmp_path: Path) -> None:
    """Found by a Shanghai workshop: the error badge of a headline figure, a Chinese
    sentence, was cut off at its card's edge; the step table's header 情绪 broke into 情 and
    绪; an emotion of 0 read +0."""
    report = tmp_path / "report.html"
    main(["report", str(EXAMPLES / "omnichannel-retailer"), "--lang", "zh", "-o", str(report)])
    site = tmp_path / "site"
    main(["site", str(EXAMPLES / "omnichannel-retailer"), "--lang", "zh", "-o", str(site),
          "--quiet"])
    context = browser.new_context(viewport={"width": 600, "height": 900})
    try:
        opened = context.new_page()
        opened.goto(report.as_uri())
        badges = opened.eval_on_selector_all(".figure-errors .badge", """els => els.map(e => {
            const card = e.closest('li.figure').getBoundingClientRect();
            const box = e.getBoundingClientRect();
            return [e.textContent, e.scrollWidth <= e.clientWidth + 1,
                    box.left >= card.left - 1 && box.right <= card.right + 1];
        })""")
        assert badges and all(whole and inside for _, whole, inside in badges), badges
        assert any("错误" in text for text, _, _ in badges)
        opened.goto((site / "journeys" / "online-order.html").as_uri())
        lines = opened.eval_on_selector_all("table.steps thead th, table thead th", """els =>
            els.map(e => { const r = document.createRange(); r.selectNodeContents(e);
                return [e.textContent.trim(),
                        new Set(Array.from(r.getClientRects()).map(x => Math.round(x.top))).size];
            })""")
        assert ["情绪", 1] in lines and ["关键时刻", 1] in lines, lines  # not 关键时 over 刻
        assert all(count == 1 for _, count in lines), lines
        emotions = opened.eval_on_selector_all(
            "tbody tr", "rows => rows.map(r => r.children[6] && r.children[6].textContent.trim())")
        assert "0" in emotions and "+0" not in emotions, emotions
    finally:
        context.close()
