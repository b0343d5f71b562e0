"""The docs site and `serve`'s error pages in Russian, Polish and Chinese: every fixed text
from the catalogues, the page's language declared, Chinese fonts by script, and a search
that folds full-width forms and lets an input method compose. The browser tests read the
Polish example's pages as a person sees them and find no fixed English."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

import cxmodel
from cxmodel import resources, templating
from cxmodel.cli import main
from cxmodel.diagnostics import Diagnostic, Span
from cxmodel.messages.catalogues import SOURCES
from cxmodel.messages.render import use
from cxmodel.site.serve import Outcome, error_page, http_error_page
from tests.conftest import EXAMPLES, skip_without

POLISH_EXAMPLE = EXAMPLES / "bank-account-opening"
RETAILER = EXAMPLES / "omnichannel-retailer"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    yield
    use("en")


def build(tmp: Path, example: Path, *flags: str) -> Path:
    out = tmp / "site"
    main(["site", str(example), "-o", str(out), "--quiet", *flags])
    return out


def read(site: Path, page: str) -> str:
    return (site / page).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def polish(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("pl"), POLISH_EXAMPLE, "--lang", "pl")


# --- Built pages, per language -------------------------------------------------------


def test_polish_pages(polish: Path) -> None:
    index = read(polish, "index.html")
    assert index.startswith('<!doctype html>\n<html lang="pl">')
    assert '<h2 id="holds">Co zawiera model</h2>' in index
    assert 'placeholder="Ścieżka klienta, punkt styku, kanał…"' in index
    assert '<label for="search-input">Szukaj</label>' in index
    assert 'data-none="Brak wyników"' in index
    assert '<nav aria-label="Witryna">' in index
    assert '<a class="skip" href="#main">Przejdź do treści</a>' in index
    # Counts in their plural forms, numbers and percentages as Polish writes them.
    assert "<strong>2</strong> ścieżki klienta" in index
    assert ("<strong>8</strong> punktów styku</a> (oraz 1 powiadomienie dla klientów)"
            in index)
    assert "<strong>5</strong> punktów nasłuchu" in index
    assert "<strong>2</strong> persony" in index
    assert ">1 błąd<" in index and ">8 ostrzeżeń<" in index and ">1 informacja<" in index
    assert ">66,7%<" in index and "2 z 3" in index and "8 z 8" in index
    assert '<span class="badge badge-error">błąd</span>' in index
    assert "<strong>Jak naprawić:</strong>" in index
    assert '<th scope="col">Cel klienta</th>' in index
    journey = read(polish, "journeys/otwarcie-konta.html")
    assert "<title>Otwarcie konta osobistego przez aplikację · " in journey
    for heading in ("Mapa usługi (service blueprint)", "Mapa ścieżki klienta", "Kroki",
                    "Pokrycie według etapów", "Ustalenia (3)"):
        assert f">{heading}</h2>" in journey, heading
    assert "<dt>Stan</dt><dd>obecny</dd>" in journey
    assert "krok klienta" in journey and "★ tak" in journey
    assert '<title id="blueprint-title">Mapa usługi: Otwarcie konta' in journey
    channel = read(polish, "channels/aplikacja.html")
    assert "<dt>Rodzaj</dt><dd>aplikacja · samoobsługa · online</dd>" in channel
    assert "co najmniej 4,5" in channel and "✓ Brak otwartych ustaleń." in channel
    post = read(polish, "posts/ankieta-po-kontakcie.html")
    assert ", skala 1–5: „Jak oceniasz dzisiejszą obsługę?”" in post
    assert "Wyniki trafiają do: " in post and ", co miesiąc.</p>" in post
    assert "<dt>Metoda</dt><dd>ankieta</dd>" in post
    # What the person following up may do, in Polish words.
    assert ("<p>Uprawnienia: ponownie otworzyć sprawę, eskalować</p>"
            in read(polish, "posts/ankieta-w-aplikacji.html"))
    department = read(polish, "departments/contact-center.html")
    assert '<h2 id="owns-heading">Zakres odpowiedzialności</h2>' in department
    assert "2, mierzone: " in department
    catalogue = read(polish, "departments/index.html")
    assert "<title>Działy · bank-account-opening</title>" in catalogue
    assert '<th scope="col">Nazwa</th><th scope="col">Identyfikator</th>' in catalogue
    assert "<td>pierwsza linia</td>" in catalogue
    maps = read(polish, "maps.html")
    assert "<h1>Mapy kanałów i odpowiedzialności</h1>" in maps
    assert "Wygenerowano za pomocą cxmodel" in maps


def test_polish_search_index_names_kinds_in_polish(polish: Path) -> None:
    index = read(polish, "search-index.js")
    assert '"k":"punkt styku"' in index and '"k":"ścieżka klienta"' in index
    assert '"k":"punkt nasłuchu"' in index and '"k":"touchpoint"' not in index


def test_russian_pages(tmp_path: Path) -> None:
    site = build(tmp_path, RETAILER, "--lang", "ru")
    index = read(site, "index.html")
    assert '<html lang="ru">' in index
    assert '<h2 id="coverage">Охват: главное</h2>' in index
    assert 'placeholder="Путь, точка контакта, канал…"' in index
    assert "<strong>3</strong> пути клиента" in index
    assert "Пути клиента</a></li>" in index  # the navigation
    assert '<th scope="col">Цель клиента</th>' in index
    assert re.search(r"\(\d+(,\d)?\u00a0%\)", index)  # 75 %: a space before % in Russian
    journey = read(site, "journeys/online-order.html")
    assert '<h2 id="blueprint-heading">Сервисный блюпринт</h2>' in journey
    assert '<th scope="col">Момент истины</th>' in journey
    assert "<title>Пути клиента · " in read(site, "journeys/index.html")


@pytest.mark.parametrize(("language", "html", "words"), [
    ("zh", "zh-Hans", ("客户旅程", "触点", "渠道", "倾听点", "服务蓝图", "搜索")),
    ("zh-Hant", "zh-Hant", ("顧客旅程", "接觸點", "通路", "聆聽點", "服務藍圖", "搜尋")),
])
def test_chinese_pages(tmp_path: Path, language: str, html: str,
                       words: tuple[str, ...]) -> None:
    site = build(tmp_path, RETAILER, "--lang", language)
    index = read(site, "index.html")
    assert f'<html lang="{html}">' in index
    for word in words:
        assert word in index + read(site, "journeys/online-order.html"), word
    # One counting word, no plural; a list joined with the enumeration comma.
    assert "<strong>3</strong>" + (" 条客户旅程" if language == "zh" else " 條顧客旅程") in index
    assert "、" in read(site, "channels/web.html")
    # The follow-up's authority, listed with the enumeration comma, the amount as written.
    assert ("<p>权限：重新打开工单、升级处理、给予补偿 · 补偿上限 £50</p>" if language == "zh" else
            "<p>權限：重新開啟案件、升級處理、給予補償 · 補償上限 £50</p>") \
        in read(site, "posts/after-call-ivr-survey.html")
    assert ">Journeys<" not in index and ">Search<" not in index
    # A mark's words for a screen reader end in the full-width colon.
    assert ('<span class="sr-only">' + ("客户在此提出的问题：" if language == "zh"
                                         else "顧客在此提出的問題：") + "</span>"
            in read(site, "journeys/online-order.html"))


def test_english_pages_keep_their_words(tmp_path: Path) -> None:
    site = build(tmp_path, RETAILER, "--lang", "en")
    index = read(site, "index.html")
    assert '<html lang="en">' in index
    assert 'placeholder="Journey, touchpoint, channel…"' in index
    assert 'data-none="No match"' in index
    assert "<strong>3</strong> journeys" in index


def test_a_site_built_again_in_another_language_is_rendered_again(tmp_path: Path) -> None:
    """The pages' render keys and the site's inputs hash hold the language: the same
    workspace built in Polish into an English site's folder is not 'up to date'."""
    out = tmp_path / "site"
    main(["site", str(RETAILER), "-o", str(out), "--quiet"])
    assert '<html lang="en">' in read(out, "journeys/online-order.html")
    main(["site", str(RETAILER), "-o", str(out), "--quiet", "--lang", "pl"])
    for page in ("index.html", "journeys/online-order.html", "maps.html"):
        assert 'lang="pl"' in read(out, page), page
    assert '"k":"punkt styku"' in read(out, "search-index.js")


@pytest.mark.parametrize(("language", "forms"), [
    ("pl", {1: "1</strong> ścieżka klienta", 2: "2</strong> ścieżki klienta",
            5: "5</strong> ścieżek klienta", 22: "22</strong> ścieżki klienta"}),
    ("ru", {1: "1</strong> путь клиента", 2: "2</strong> пути клиента",
            5: "5</strong> путей клиента", 22: "22</strong> пути клиента"}),
    ("zh", {1: "1</strong> 条客户旅程", 22: "22</strong> 条客户旅程"}),
    ("en", {1: "1</strong> journey", 2: "2</strong> journeys"}),
])
def test_counts_take_the_plural_form_of_their_number(language: str,
                                                     forms: dict[int, str]) -> None:
    use(language)
    template = templating.environment().from_string(
        '{% from "site/macros.html" import held %}{{ held("journeys", n) }}')
    for n, expected in forms.items():
        assert expected in template.render(n=n), n


# --- serve's error pages -------------------------------------------------------------


def _problem(code: str, line: int) -> Diagnostic:
    return Diagnostic(code, "reference", "error", f"unknown id at line {line}",
                      Span.point("ws.yaml", line, 1), hint_text="check the id")


def test_the_error_page_of_serve_in_polish_and_russian() -> None:
    outcome = Outcome(False, [_problem("CX005", 1), _problem("CX005", 2)], {})
    use("pl")
    page = error_page(outcome).decode("utf-8")
    assert '<html lang="pl">' in page
    assert "<title>Model się nie wczytuje · cxmodel</title>" in page
    assert "<h1>Model się nie wczytuje: 2 problemy</h1>" in page
    assert "Popraw YAML i zapisz plik;" in page
    assert '<p class="hint">Wskazówka: check the id</p>' in page
    use("ru")
    page = error_page(Outcome(False, [_problem("CX005", 1)] * 5, {})).decode("utf-8")
    assert "<h1>Модель не загружается: 5 проблем</h1>" in page
    use("zh-Hant")
    page = error_page(outcome).decode("utf-8")
    assert '<html lang="zh-Hant">' in page and "模型無法載入：2 個問題" in page
    assert '"PingFang TC"' in page


def test_http_errors_of_serve_in_the_site_language() -> None:
    use("ru")
    page = http_error_page(404) % {"code": 404, "message": "", "explain": ""}
    assert '<html lang="ru">' in page and "На этом сайте нет такой страницы." in page
    use("pl")
    page = http_error_page(403) % {"code": 403, "message": "", "explain": ""}
    assert "<h1>Błąd 403</h1>" in page


# --- Script-aware details: fonts and search ------------------------------------------


def test_chinese_fonts_come_first_for_their_script() -> None:
    css = (Path(templating.__file__).parent.parent / "templates" / "site" / "site.css"
           ).read_text(encoding="utf-8")
    simplified = css[css.index(":root:lang(zh-Hans)"):]
    traditional = css[css.index(":root:lang(zh-Hant)"):]
    assert re.search(r'font-family:\s*"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", '
                     r'"Source Han Sans SC"', simplified)
    assert re.search(r'font-family:\s*"PingFang TC", "Microsoft JhengHei", '
                     r'"Noto Sans CJK TC", "Source Han Sans TC"', traditional)


def test_search_script_has_no_words_of_its_own() -> None:
    script = (Path(templating.__file__).parent.parent / "templates" / "site" / "search.js"
              ).read_text(encoding="utf-8")
    assert 'normalize("NFKC")' in script and "isComposing" in script
    assert "No match" not in script


# --- In a real browser ---------------------------------------------------------------

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else (
    shutil.which("chromium") or shutil.which("chromium-browser"))
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
_PLACEHOLDER = re.compile(r"%\([A-Za-z_]+\)[sd]|\{[A-Za-z_]+\}")
_TAG = re.compile(r"<[^>]+>")


def _english_fragments() -> list[str]:
    """The fixed English of the site's catalogue that Polish says otherwise: each piece of
    text between placeholders, of three letters or more, unless Polish uses the same words
    itself (online, push, Persona)."""
    with (SOURCES / "pl" / "site.po").open("rb") as handle:
        catalogue = read_po(handle, locale="pl")
    english: set[str] = set()
    polish: list[str] = []
    for entry in catalogue:
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        forms = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        polish.extend(_PLACEHOLDER.sub(" ", str(form)) for form in forms)
        if set(ids) <= set(forms):
            continue
        for text in ids:
            for piece in _PLACEHOLDER.split(_TAG.sub(" ", text)):
                piece = piece.strip(" \t\n.,:;()·“”✓✗★⚠…")
                if sum(c.isalpha() for c in piece) >= 3:
                    english.add(piece)
    return sorted(fragment for fragment in english
                  if not any(_found(fragment, text) for text in polish))


def _found(fragment: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text) is not None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None:
        skip_without("chromium", "Chromium is not installed")
    import playwright.sync_api as playwright_api

    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
    opened.on("pageerror", lambda e: opened.errors.append(str(e)))
    yield opened
    context.close()


# The visible text without the diagrams (their words are the diagrams' own catalogue) and
# code spans (ids and file names: the user's); and apart, what the findings say (their
# hints quote the YAML: covers.channels, scope: journey).
_VISIBLE = """() => {
  document.querySelectorAll("svg, code").forEach((e) => e.remove());
  const said = [];
  document.querySelectorAll(".finding .message, .finding .hint").forEach((e) => {
    const label = e.querySelector("strong");
    if (label) { label.remove(); }
    said.push(e.innerText);
    e.textContent = label ? label.textContent : "";
  });
  return [document.body.innerText, said.join("\\n")];
}"""


def _yaml_words() -> set[str]:
    """The words of the cxmodel language: its keys and the values it allows."""
    words: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            words.update(str(key) for key in node.get("properties", {}))
            words.update(str(value) for value in node.get("enum", ()))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(resources.read_text("specs", resources.LANGUAGE_SCHEMA)))
    return words


def _without_yaml(text: str, words: set[str]) -> str:
    """A finding's text without the YAML it quotes: flow collections, dotted keys, and the
    language's keys and values."""
    text = re.sub(r"\[[^\]]*\]|\{[^}]*\}", " ", text)
    text = re.sub(r"(?<![\w-])[a-z_]+(?:\.[a-z_]+)+(?![\w-])", " ", text)
    return re.sub(r"(?<![\w-])[a-z_-]+(?![\w-])",
                  lambda m: " " if m.group() in words else m.group(), text)


PAGE_KINDS = ("index.html", "journeys/index.html", "journeys/otwarcie-konta.html",
              "channels/index.html", "channels/aplikacja.html",
              "departments/contact-center.html", "departments/index.html",
              "posts/ankieta-po-kontakcie.html", "posts/index.html", "metrics/csat.html",
              "metrics/index.html", "personas/senior.html", "personas/index.html",
              "maps.html")


def test_the_polish_example_shows_no_fixed_english(page: Any, polish: Path) -> None:
    fragments = _english_fragments()
    assert {"Customer goal", "Touchpoints measured", "journeys", "No match"} <= set(fragments)
    # The user's words are not fixed English (a channel with no name is called by its id).
    workspace = cxmodel.load(POLISH_EXAMPLE).workspace
    assert workspace is not None
    users = {word for kind in workspace.by_id.values() for element in kind.values()
             for word in (element.id, element.name)}
    fragments = [fragment for fragment in fragments if fragment not in users]
    yaml = _yaml_words()
    found: dict[str, list[str]] = {}
    for name in PAGE_KINDS:
        page.goto((polish / name).as_uri())
        assert page.evaluate("document.documentElement.lang") == "pl", name
        text, said = page.evaluate(_VISIBLE)
        text = page.title() + "\n" + text + "\n" + _without_yaml(said, yaml)
        shown = [fragment for fragment in fragments if _found(fragment, text)]
        if shown:
            found[name] = shown
    # The search: its results (kind of element) and what it says when nothing matches.
    page.goto((polish / "index.html").as_uri())
    assert (page.get_attribute("#search-input", "placeholder")
            == "Ścieżka klienta, punkt styku, kanał…")
    page.fill("#search-input", "wniosek")
    results = page.locator("#search-results").inner_text()
    assert "krok" in results or "punkt styku" in results
    page.fill("#search-input", "zzzzqqq")
    assert page.locator("#search-results li").inner_text() == "Brak wyników"
    shown = [f for f in fragments if _found(f, results)]
    if shown:
        found["search results"] = shown
    assert found == {}, f"fixed English shown: {found}"
    assert page.errors == []


def test_full_width_letters_find_the_element_and_enter_waits_for_the_ime(
        page: Any, tmp_path: Path) -> None:
    ws = tmp_path / "ws.yaml"
    ws.write_text("departments: [{id: d, name: 数字渠道部}]\n"
                  "channels: [{id: app, kind: app, owner: d, name: APP}, "
                  "{id: web, kind: web, owner: d, name: 官网}]\n"
                  "journeys: [{id: j, owner: d, name: 在线开户, steps: "
                  "[{id: s, name: 下载应用, channel: app}]}]\n", encoding="utf-8")
    site = build(tmp_path, ws, "--lang", "zh")
    page.goto((site / "index.html").as_uri())
    assert page.evaluate("document.documentElement.lang") == "zh-Hans"
    family = page.evaluate("getComputedStyle(document.documentElement).fontFamily")
    assert family.startswith('"PingFang SC"'), family
    page.fill("#search-input", "ＡＰＰ")
    first = page.locator("#search-results a").first
    assert first.inner_text().startswith("APP · 渠道")
    # Enter while an input method composes belongs to it: the page stays.
    page.dispatch_event("#search-input", "keydown", {"key": "Enter", "isComposing": True})
    page.wait_for_timeout(200)
    assert page.url.endswith("/index.html")
    page.press("#search-input", "Enter")
    page.wait_for_url("**/channels/app.html")
    page.goto((site / "index.html").as_uri())
    page.fill("#search-input", "ａｐｐ")
    assert page.locator("#search-results a").first.inner_text().startswith("APP")
    page.fill("#search-input", "不存在的东西")
    assert page.locator("#search-results li").inner_text() == "无匹配结果"
    assert page.errors == []
