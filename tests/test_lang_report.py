"""The gap reports and the CI outputs in Russian, Polish and Chinese: headings, table headers,
counted sentences (each language's plural forms), percentages as the locale writes them, the
page's declared language and script fonts, and the terminal summary line, all from the
catalogues (report.po). Keys of the machine formats stay the same in every language."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from cxmodel import resources
from cxmodel.cli import main
from cxmodel.formats import Summary
from cxmodel.formats.terminal import summary_line
from cxmodel.messages.render import use
from cxmodel.report import html
from tests.conftest import EXAMPLES

RETAILER = str(EXAMPLES / "omnichannel-retailer")


@pytest.fixture(autouse=True)
def english_after() -> Iterator[None]:
    """English again after each test (``main`` sets the language for the rest of the
    process)."""
    yield
    use("en")


def report(fmt: str, language: str, tmp_path: Path) -> str:
    target = tmp_path / f"report-{language}.{fmt}"
    assert main(["report", RETAILER, "--format", fmt, "--lang", language,
                 "-o", str(target)]) == 1  # the example holds an error on purpose
    return target.read_text(encoding="utf-8")


def texts(page: str, tag: str) -> list[str]:
    """The text of every ``tag`` element of a page (its markup removed)."""
    return [re.sub(r"<[^>]+>", "", found)
            for found in re.findall(rf"<{tag}\b[^>]*>(.*?)</{tag}>", page, re.S)]


# --- HTML --------------------------------------------------------------------------------

HTML = {
    "ru": ("ru", "Отчёт о пробелах в сборе обратной связи",
           ["Главное", "Исправить в первую очередь",
            "Целевые значения и результаты", "Матрица охвата: пути клиента × каналы",
            "Пути клиента по этапам", "Охват по каналам и подразделениям",
            "Замечания по группам правил", "Замечания по подразделениям", "Исключения",
            "Условные обозначения"],
           "3 пути клиента, 14 точек контакта (и ещё 1 уведомление), 11 каналов и 9 точек сбора "
           "обратной связи "
           "— по данным 6 файлов", "(66,7\xa0%)"),
    "pl": ("pl", "Raport luk w słuchaniu klienta",
           ["W skrócie", "Do naprawy w pierwszej kolejności", "Wartości docelowe i wyniki",
            "Macierz pokrycia: ścieżki klienta × kanały", "Ścieżki klienta etap po etapie",
            "Pokrycie według kanałów i działów", "Ustalenia według grup reguł",
            "Ustalenia według działów", "Wyjątki", "Legenda"],
           "3 ścieżki klienta, 14 punktów styku (oraz 1 powiadomienie), 11 kanałów i 9 punktów "
           "nasłuchu "
           "— na podstawie 6 plików", "(66,7%)"),
    "zh": ("zh-Hans", "倾听缺口报告",
           ["概览", "优先修复", "目标值与结果", "覆盖矩阵：客户旅程 × 渠道", "逐阶段查看客户旅程",
            "各渠道与部门的覆盖情况", "按规则类别列出的问题", "按部门列出的问题", "豁免", "图例"],
           "3 条客户旅程、14 个触点（另有 1 条通知）、11 个渠道和 9 个倾听点，"
           "来自 6 个文件", "(66.7%)"),
    "zh-Hant": ("zh-Hant", "聆聽缺口報告",
                ["總覽", "優先修正", "目標值與結果", "涵蓋矩陣：顧客旅程 × 通路",
                 "逐階段檢視顧客旅程",
                 "各通路與部門的涵蓋情形", "依規則類別列出的問題", "依部門列出的問題", "豁免",
                 "圖例"],
                "3 條顧客旅程、14 個接觸點（另有 1 則通知）、11 個通路和 9 個聆聽點，"
                "來自 6 個檔案", "(66.7%)"),
}


@pytest.mark.parametrize("language", list(HTML))
def test_the_html_report_is_in_the_language_and_declares_it(language: str,
                                                             tmp_path: Path) -> None:
    tag, kicker, headings, summary, percent = HTML[language]
    page = report("html", language, tmp_path)
    assert page.startswith(f'<!doctype html>\n<html lang="{tag}">\n')
    assert f'<p class="kicker">{kicker}</p>' in page
    assert texts(page, "h2") == headings
    assert f'<p class="summary">{summary}</p>' in page
    # Logistics and delivery: 2 of its 3 touchpoints covered
    assert f'<span class="ratio">2/3</span> <span class="pct">{percent}</span>' in page


def test_the_polish_html_report_has_polish_labels_tables_and_plurals(tmp_path: Path) -> None:
    page = report("html", "pl", tmp_path)
    assert "<title>omnichannel-retailer — raport luk w słuchaniu klienta</title>" in page
    assert ('<th scope="col" class="col-severity">Ważność</th>\n'
            '<th scope="col" class="col-rule">Reguła</th>\n'
            '<th scope="col">Ustalenie i sposób naprawy</th>') in page
    assert '<span class="badge badge-error">Błąd</span>' in page
    assert ('<span class="count-value">23</span> <span class="count-label">ostrzeżenia</span>'
            in page)
    assert ('<span class="count-value">2</span> <span class="count-label">informacje</span>'
            in page)
    assert "Jeszcze 16 ustaleń znajdziesz w sekcji „<a href=\"#by-family\">" in page
    assert "Etapy × kanały ścieżki klienta „Order a sofa online and get it delivered”" in page
    assert '<span class="flag">⚠ różne wskaźniki</span>: jej kanały' in page
    assert "<dt>Stan</dt><dd>obecny</dd>" in page
    # A cell's tooltip: "objęte punkty styku: 1 z 1", "objęte punkty styku: 2 z 2".
    assert ('title="Two-person home delivery: pełny pomiar; objęte punkty styku: 1 z 1"'
            in page)
    assert ('title="Stores: pełny pomiar; objęte punkty styku: 2 z 2; Customer satisfaction'
            in page)
    assert "Raport wygenerowało narzędzie cxmodel" in page


def test_the_chinese_pages_take_the_fonts_of_their_script() -> None:
    css = resources.read_text("templates", "report.css")

    def fonts(selector: str) -> list[str]:
        rule = re.search(re.escape(selector) + r"\s*\{\s*font-family:([^;]+);", css)
        assert rule is not None, selector
        return [name.strip().strip('"') for name in rule.group(1).split(",")]

    simplified, traditional = fonts(":root:lang(zh-Hans)"), fonts(":root:lang(zh-Hant)")
    assert simplified[0] == "PingFang SC" and traditional[0] == "PingFang TC"
    assert not any(name.endswith(("TC", "HK")) for name in simplified)
    assert not any(name.endswith(" SC") or name == "Microsoft YaHei" for name in traditional)
    # The script's own fonts before any Latin one
    assert simplified.index("Noto Sans CJK SC") < simplified.index("system-ui")
    assert traditional.index("Noto Sans CJK TC") < traditional.index("system-ui")


# --- Markdown and CSV ---------------------------------------------------------------------

MARKDOWN = {
    "ru": ("# omnichannel-retailer — отчёт о пробелах в сборе обратной связи",
           "3 пути клиента, 14 точек контакта (и ещё 1 уведомление), 11 каналов, 9 точек сбора "
           "обратной связи "
           "(6 файлов).",
           ["## Исправить в первую очередь", "## Целевые значения и результаты",
            "## Матрица охвата", "## Охват по каналам",
            "## Охват по подразделениям", "## Замечания", "## В исключениях"],
           "| Замечания | 1 ошибка, 23 предупреждения, 2 замечания к сведению, 1 исключение |",
           "| Logistics and delivery | 2/3 (66,7\xa0%) | 3 |"),
    "pl": ("# omnichannel-retailer — raport luk w słuchaniu klienta",
           "3 ścieżki klienta, 14 punktów styku (oraz 1 powiadomienie), 11 kanałów, 9 punktów "
           "nasłuchu (6 plików).",
           ["## Do naprawy w pierwszej kolejności", "## Wartości docelowe i wyniki",
            "## Macierz pokrycia",
            "## Pokrycie według kanałów", "## Pokrycie według działów", "## Ustalenia",
            "## Objęte wyjątkiem"],
           "| Ustalenia | 1 błąd, 23 ostrzeżenia, 2 informacje, 1 wyjątek |",
           "| Logistics and delivery | 2/3 (66,7%) | 3 |"),
    "zh": ("# omnichannel-retailer：倾听缺口报告",
           "3 条客户旅程、14 个触点（另有 1 条通知）、11 个渠道、9 个倾听点（6 个文件）。",
           ["## 优先修复", "## 目标值与结果", "## 覆盖矩阵", "## 各渠道覆盖情况",
            "## 各部门覆盖情况", "## 问题",
            "## 已豁免"],
           "| 问题 | 1 个错误、23 个警告、2 条提示、已豁免 1 个 |",
           "| Logistics and delivery | 2/3 (66.7%) | 3 |"),
    "zh-Hant": ("# omnichannel-retailer：聆聽缺口報告",
                "3 條顧客旅程、14 個接觸點（另有 1 則通知）、11 個通路、9 個聆聽點（6 個檔案）。",
                ["## 優先修正", "## 目標值與結果", "## 涵蓋矩陣", "## 各通路涵蓋情形",
                 "## 各部門涵蓋情形",
                 "## 問題", "## 已豁免"],
                "| 問題 | 1 個錯誤、23 個警告、2 則資訊、已豁免 1 個 |",
                "| Logistics and delivery | 2/3 (66.7%) | 3 |"),
}


@pytest.mark.parametrize("language", list(MARKDOWN))
def test_the_markdown_report_is_in_the_language(language: str, tmp_path: Path) -> None:
    title, summary, headings, findings, department = MARKDOWN[language]
    lines = report("md", language, tmp_path).splitlines()
    assert lines[0] == title
    assert lines[2] == summary
    assert [line for line in lines if line.startswith("## ")] == headings
    assert findings in lines
    assert department in lines
    # Metrics listed as the language lists them: the enumeration comma in Chinese.
    metrics = "csat、ces" if language.startswith("zh") else "csat, ces"
    assert any(line.startswith("| Web chat |") and line.endswith(f"| {metrics} |")
               for line in lines)


def test_the_markdown_report_names_severities_and_columns_in_polish(tmp_path: Path) -> None:
    text = report("md", "pl", tmp_path)
    assert "\n1. **błąd CX102** " in text
    assert "\n| Ważność | Reguła | Ustalenie | Miejsce |\n" in text
    assert "\n| Kanał | Właściciel | Objęte | Wskaźniki |\n" in text
    assert ("\n✓ pełny pomiar · ✓! pełny pomiar, ale z błędem · ◐ pomiar częściowy · ✗ brak pomiaru"
            " · puste: kanał nieużywany\n" in text)
    assert "⚠ różne wskaźniki |" in text


CSV_HEADERS = {
    "ru": ["статус", "важность", "код", "правило", "группа правил", "замечание",
           "как исправить", "файл", "строка", "столбец", "подразделение", "причина",
           "отпечаток"],
    "pl": ["status", "ważność", "kod", "reguła", "grupa reguł", "ustalenie", "jak naprawić",
           "plik", "wiersz", "kolumna", "dział", "powód", "odcisk"],
    "zh": ["状态", "严重程度", "代码", "规则名称", "规则类别", "问题", "修复建议", "文件", "行",
           "列", "部门", "理由", "指纹"],
    "zh-Hant": ["狀態", "嚴重程度", "代碼", "規則名稱", "規則類別", "問題", "修正建議", "檔案",
                "行", "欄", "部門", "理由", "指紋"],
}
CSV_VALUES = {"ru": ({"открыто", "исключено"}, {"ошибка", "предупреждение", "к сведению"}),
              "pl": ({"otwarte", "wyjątek"}, {"błąd", "ostrzeżenie", "informacja"}),
              "zh": ({"未解决", "已豁免"}, {"错误", "警告", "提示"}),
              "zh-Hant": ({"未解決", "已豁免"}, {"錯誤", "警告", "資訊"})}


@pytest.mark.parametrize("language", list(CSV_HEADERS))
def test_the_csv_report_has_headers_status_and_severity_in_the_language(
        language: str, tmp_path: Path) -> None:
    text = report("csv", language, tmp_path)
    assert text.startswith("\ufeff")  # for Excel
    separator = ";" if language in ("ru", "pl") else ","  # where the comma is the decimal sign
    rows = list(csv.reader(io.StringIO(text[1:], newline=""), delimiter=separator))
    assert rows[0] == CSV_HEADERS[language]
    statuses, severities = CSV_VALUES[language]
    assert {row[0] for row in rows[1:]} == statuses
    assert {row[1] for row in rows[1:]} == severities
    # codes, rule names and fingerprints are the same in every language
    english = list(csv.reader(io.StringIO(report("csv", "en", tmp_path)[1:], newline="")))
    assert [(r[2], r[3], r[-1]) for r in rows[1:]] == [(r[2], r[3], r[-1]) for r in english[1:]]


# --- Counted sentences: 1, 2, 5, 22 ------------------------------------------------------------

SUMMARIES = {
    "ru": {1: "В 1 файле найдено: 1 ошибка, 1 предупреждение, 1 замечание к сведению.",
           2: "В 2 файлах найдено: 2 ошибки, 2 предупреждения, 2 замечания к сведению.",
           5: "В 5 файлах найдено: 5 ошибок, 5 предупреждений, 5 замечаний к сведению.",
           22: "В 22 файлах найдено: 22 ошибки, 22 предупреждения, 22 замечания к сведению."},
    "pl": {1: "W 1 pliku znaleziono: 1 błąd, 1 ostrzeżenie, 1 informacja.",
           2: "W 2 plikach znaleziono: 2 błędy, 2 ostrzeżenia, 2 informacje.",
           5: "W 5 plikach znaleziono: 5 błędów, 5 ostrzeżeń, 5 informacji.",
           22: "W 22 plikach znaleziono: 22 błędy, 22 ostrzeżenia, 22 informacje."},
}


@pytest.mark.parametrize("language", list(SUMMARIES))
@pytest.mark.parametrize("n", [1, 2, 5, 22])
def test_the_summary_line_takes_each_plural_form(language: str, n: int) -> None:
    use(language)
    assert summary_line(Summary(n, n, n, n)) == SUMMARIES[language][n]


NOTES = {
    "ru": {1: "В 1 файле проблем не найдено (1 исключение, 1 в базовой линии).",
           2: "В 2 файлах проблем не найдено (2 исключения, 2 в базовой линии).",
           5: "В 5 файлах проблем не найдено (5 исключений, 5 в базовой линии).",
           22: "В 22 файлах проблем не найдено (22 исключения, 22 в базовой линии)."},
    "pl": {1: "W 1 pliku nie znaleziono problemów (1 wyjątek, 1 w linii bazowej).",
           2: "W 2 plikach nie znaleziono problemów (2 wyjątki, 2 w linii bazowej).",
           5: "W 5 plikach nie znaleziono problemów (5 wyjątków, 5 w linii bazowej).",
           22: "W 22 plikach nie znaleziono problemów (22 wyjątki, 22 w linii bazowej)."},
}


@pytest.mark.parametrize("language", list(NOTES))
@pytest.mark.parametrize("n", [1, 2, 5, 22])
def test_a_clean_summary_counts_waived_and_baselined_findings(language: str, n: int) -> None:
    use(language)
    assert summary_line(Summary(0, 0, 0, n), waived=n, baselined=n) == NOTES[language][n]


MODEL_LINES = {
    "ru": {1: "1 путь клиента, 1 точка контакта, 1 канал и 1 точка сбора обратной связи "
              "— по данным 1 файла",
           2: "2 пути клиента, 2 точки контакта, 2 канала и 2 точки сбора обратной связи "
              "— по данным 2 файлов",
           5: "5 путей клиента, 5 точек контакта, 5 каналов и 5 точек сбора обратной связи "
              "— по данным 5 файлов",
           22: "22 пути клиента, 22 точки контакта, 22 канала и 22 точки сбора обратной "
               "связи — по данным 22 файлов"},
    "pl": {1: "1 ścieżka klienta, 1 punkt styku, 1 kanał i 1 punkt nasłuchu "
              "— na podstawie 1 pliku",
           2: "2 ścieżki klienta, 2 punkty styku, 2 kanały i 2 punkty nasłuchu "
              "— na podstawie 2 plików",
           5: "5 ścieżek klienta, 5 punktów styku, 5 kanałów i 5 punktów nasłuchu "
              "— na podstawie 5 plików",
           22: "22 ścieżki klienta, 22 punkty styku, 22 kanały i 22 punkty nasłuchu "
               "— na podstawie 22 plików"},
}


@pytest.mark.parametrize("language", list(MODEL_LINES))
@pytest.mark.parametrize("n", [1, 2, 5, 22])
def test_the_report_counts_the_model_in_each_plural_form(language: str, n: int) -> None:
    use(language)
    summary = {"journeys": n, "touchpoints": n, "channels": n, "listening_posts": n,
               "files": n}
    assert html._summary_line(summary) == MODEL_LINES[language][n]


@pytest.mark.parametrize(("language", "expected"), [
    ("ru", {1: "1 ошибка", 2: "2 ошибки, 2 предупреждения", 5: "5 ошибок, 5 предупреждений",
            22: "22 ошибки, 22 предупреждения, 22 замечания к сведению"}),
    ("pl", {1: "1 błąd", 2: "2 błędy, 2 ostrzeżenia", 5: "5 błędów, 5 ostrzeżeń",
            22: "22 błędy, 22 ostrzeżenia, 22 informacje"}),
    ("zh", {1: "1 个错误", 2: "2 个错误、2 个警告", 5: "5 个错误、5 个警告",
            22: "22 个错误、22 个警告、22 条提示"}),
])
def test_a_group_of_findings_is_counted_by_severity(language: str,
                                                    expected: dict[int, str]) -> None:
    use(language)
    levels = {1: ("error",), 2: ("error", "warning"), 5: ("error", "warning"),
              22: ("error", "warning", "info")}
    for n, wanted in expected.items():
        findings = [{"severity": level} for level in levels[n] for _ in range(n)]
        assert html._counts(findings) == wanted


# --- The terminal and CI formats -----------------------------------------------------------

TERMINAL = {
    "ru": "В 6 файлах найдено: 1 ошибка, 23 предупреждения, 2 замечания к сведению (1 исключение).",
    "pl": "W 6 plikach znaleziono: 1 błąd, 23 ostrzeżenia, 2 informacje (1 wyjątek).",
    "zh": "在 6 个文件中发现 1 个错误、23 个警告、2 条提示（已豁免 1 个）。",
    "zh-Hant": "在 6 個檔案中發現 1 個錯誤、23 個警告、2 則資訊（已豁免 1 個）。",
    "en": "Found 1 error, 23 warnings, 2 infos in 6 files (1 waived).",
}


@pytest.mark.parametrize("language", list(TERMINAL))
def test_check_ends_with_the_summary_line_in_the_language(
        language: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", RETAILER, "--lang", language]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1] == TERMINAL[language]


def test_the_terminal_labels_hints_in_russian(capsys: pytest.CaptureFixture[str]) -> None:
    main(["check", RETAILER, "--lang", "ru"])
    out = capsys.readouterr().out
    assert "\n    подсказка: " in out and "\n    hint: " not in out


def test_ci_formats_keep_their_keys_and_translate_their_texts(
        capsys: pytest.CaptureFixture[str]) -> None:
    def run(fmt: str, language: str) -> str:
        main(["check", RETAILER, "--format", fmt, "--lang", language])
        return capsys.readouterr().out

    english, polish = (json.loads(run("sarif", lang)) for lang in ("en", "pl"))
    result_en, result_pl = english["runs"][0]["results"], polish["runs"][0]["results"]
    assert [sorted(r) for r in result_pl] == [sorted(r) for r in result_en]
    assert [r["partialFingerprints"] for r in result_pl] == \
        [r["partialFingerprints"] for r in result_en]
    hinted = [r["message"]["text"] for r in result_pl if "\n" in r["message"]["text"]]
    assert hinted and all("\nWskazówka: " in text for text in hinted)

    github = run("github", "zh")
    assert "%0A建议：" in github and "%0AHint: " not in github
    assert github.splitlines()[-2] == TERMINAL["zh"]

    junit = run("junit", "ru")
    assert "\nподсказка: " in junit and "\nhint: " not in junit
    assert 'name="CX101 unmeasured-touchpoint at ' in junit  # test names stay identities
