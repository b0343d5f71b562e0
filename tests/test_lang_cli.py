"""The command line in every language: the diff's text and Markdown, the command line's own
messages, the starter that `init --lang` writes, and how the language of a run is chosen
(--lang, then the workspace's `language:`, then the environment, then English)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cxmodel.cli import main
from cxmodel.compare.diff_markdown import NOT_LOADING as MD_NOT_LOADING
from cxmodel.compare.diff_text import NOT_LOADING, change_text, headline
from cxmodel.messages.render import render, use
from tests.conftest import EXAMPLES

SMS_POST = """  - id: sms-survey
    name: SMS survey
    method: survey
    owner: logistics
    metrics: [csat]
    covers: {channels: [sms]}
    closed_loop:  # no inner loop: CX401, the one new finding
      outer: {share_with: [logistics, e-commerce], cadence: monthly}
"""
LANGUAGES = ("pl", "ru", "zh", "zh-Hant")


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No language from the machine running the tests; English again afterwards."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        monkeypatch.delenv(variable, raising=False)
    use("en")
    yield
    use("en")


def _pair(tmp_path: Path, language: str | None = None) -> tuple[Path, Path]:
    """The retailer before and after a post on the SMS channel is added (1 new finding, a
    warning; 2 fixed; 24 unchanged), with ``language:`` in both configurations."""
    old, new = tmp_path / "old", tmp_path / "new"
    for side in (old, new):
        shutil.copytree(EXAMPLES / "omnichannel-retailer", side)
        if language is not None:
            (side / ".cxmodel.yaml").write_text(f"language: {language}\n", encoding="utf-8")
    posts = new / "listening-posts.yaml"
    posts.write_text(posts.read_text(encoding="utf-8") + SMS_POST, encoding="utf-8")
    return old, new


def _diff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["diff", *args])
    return code, capsys.readouterr().out


def _rows(lines: list[str], heading: str) -> list[str]:
    """The coverage table of a diff in text: the lines between its heading and the
    headline."""
    return lines[lines.index(heading) + 1:-1]


def _summary(count: int) -> dict[str, Any]:
    return {"summary": {"new": count, "fixed": count, "waived": count, "unchanged": count,
                        "new_by_severity": {"errors": count, "warnings": count,
                                            "infos": count}}}


# --- The diff -------------------------------------------------------------------------------

HEADLINES = {
    ("pl", 1): "1 nowe ustalenie (1 błąd, 1 ostrzeżenie, 1 informacja), 1 naprawione, "
               "1 nowo objęte wyjątkiem, 1 bez zmian.",
    ("pl", 2): "2 nowe ustalenia (2 błędy, 2 ostrzeżenia, 2 informacje), 2 naprawione, "
               "2 nowo objęte wyjątkiem, 2 bez zmian.",
    ("pl", 5): "5 nowych ustaleń (5 błędów, 5 ostrzeżeń, 5 informacji), 5 naprawionych, "
               "5 nowo objętych wyjątkiem, 5 bez zmian.",
    ("pl", 22): "22 nowe ustalenia (22 błędy, 22 ostrzeżenia, 22 informacje), 22 naprawione, "
                "22 nowo objęte wyjątkiem, 22 bez zmian.",
    ("ru", 1): "1 новое замечание (1 ошибка, 1 предупреждение, 1 замечание к сведению), "
               "исправлено: 1, впервые исключено: 1, без изменений: 1.",
    ("ru", 2): "2 новых замечания (2 ошибки, 2 предупреждения, 2 замечания к сведению), "
               "исправлено: 2, впервые исключено: 2, без изменений: 2.",
    ("ru", 5): "5 новых замечаний (5 ошибок, 5 предупреждений, 5 замечаний к сведению), "
               "исправлено: 5, впервые исключено: 5, без изменений: 5.",
    ("ru", 22): "22 новых замечания (22 ошибки, 22 предупреждения, 22 замечания к сведению), "
                "исправлено: 22, впервые исключено: 22, без изменений: 22.",
    ("zh", 5): "5 个新问题（5 个错误、5 个警告、5 条提示），5 个已修复，5 个新豁免，5 个未变。",
    ("zh-Hant", 22): "22 個新問題（22 個錯誤、22 個警告、22 則資訊），22 個已修正，"
                     "22 個新豁免，22 個未變。",
    ("en", 1): "1 new finding (1 error, 1 warning, 1 info), 1 fixed, 1 newly waived, "
               "1 unchanged.",
    ("en", 22): "22 new findings (22 errors, 22 warnings, 22 infos), 22 fixed, "
                "22 newly waived, 22 unchanged.",
}


@pytest.mark.parametrize(("language", "count"), sorted(HEADLINES))
def test_the_headline_has_each_languages_plural_forms(language: str, count: int) -> None:
    use(language)
    assert headline(_summary(count)) == HEADLINES[(language, count)]


@pytest.mark.parametrize(("language", "count", "said"), [
    ("pl", 1, "Nowy obszar roboczy (x) się nie wczytuje (1 błąd); dopóki się nie wczyta, "
              "nie ma czego porównywać:"),
    ("pl", 2, "(2 błędy)"), ("pl", 5, "(5 błędów)"), ("pl", 22, "(22 błędy)"),
    ("ru", 1, "Новое рабочее пространство (x) не загружается (1 ошибка); пока оно не "
              "загрузится, сравнивать нечего:"),
    ("ru", 2, "(2 ошибки)"), ("ru", 5, "(5 ошибок)"), ("ru", 22, "(22 ошибки)"),
    ("zh", 22, "新的工作区（x）无法加载（22 个错误）；在它能加载之前，无法进行比较："),
])
def test_a_side_that_does_not_load_is_counted_in_each_language(language: str, count: int,
                                                               said: str) -> None:
    use(language)
    assert said in render(NOT_LOADING["new"](label="x", count=count))


@pytest.mark.parametrize(("count", "said"), [
    (1, "**Poprzedni obszar roboczy się nie wczytuje** (1 błąd); każde ustalenie "
        "nowego obszaru roboczego jest wykazane jako nowe."),
    (2, "(2 błędy)"), (5, "(5 błędów)"), (22, "(22 błędy)")])
def test_markdown_counts_errors_in_polish(count: int, said: str) -> None:
    use("pl")
    assert said in render(MD_NOT_LOADING["old"](count=count))


def test_diff_text_in_polish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    code, out = _diff(capsys, str(old), str(new), "--lang", "pl")
    assert code == 0
    lines = out.splitlines()
    assert lines[1] == "Nowe ustalenia (1):"
    assert "Naprawione ustalenia (2):" in lines
    assert "Pokrycie (punkty styku objęte punktem nasłuchu):" in lines
    workspace = next(line for line in lines if line.startswith("  obszar roboczy"))
    assert workspace.endswith("92,9% (13/14) -> 100% (14/14)    +7,1 p.p.")
    assert any(line.startswith("  kanał „SMS”") and line.endswith("+100 p.p.")
               for line in lines)
    assert any(line.startswith("  ścieżka klienta „Order a sofa online and get it delivered”")
               for line in lines)
    assert lines[-1] == "1 nowe ustalenie (1 ostrzeżenie), 2 naprawione, 24 bez zmian."


def test_diff_text_in_russian_lines_up(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    _, out = _diff(capsys, str(old), str(new), "--lang", "ru")
    lines = out.splitlines()
    assert "Новые замечания (1):" in lines
    rows = _rows(lines, "Охват (точки контакта, охваченные точками сбора обратной связи):")
    assert rows[0].startswith("  рабочее пространство")
    assert "92,9\xa0% (13/14) -> 100\xa0% (14/14)" in rows[0]
    assert rows[0].endswith("+7,1 п. п.")
    assert len({line.index("->") for line in rows}) == 1  # the columns line up
    assert lines[-1] == ("1 новое замечание (1 предупреждение), исправлено: 2, "
                         "без изменений: 24.")


def test_diff_text_in_chinese_lines_up_in_terminal_columns(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]
                                                           ) -> None:
    from cxmodel.text import columns

    old, new = _pair(tmp_path)
    _, out = _diff(capsys, str(old), str(new), "--lang", "zh")
    lines = out.splitlines()
    assert "新问题（1）：" in lines
    rows = _rows(lines, "覆盖率（有倾听点覆盖的触点）：")
    assert len(rows) == 3 and rows[0].startswith("  工作区")
    assert any(line.startswith("  渠道“SMS”") for line in rows)
    assert len({columns(line[:line.index("->")]) for line in rows}) == 1
    assert lines[-1] == "1 个新问题（1 个警告），2 个已修复，24 个未变。"


def test_diff_markdown_in_polish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    _, md = _diff(capsys, "--format", "md", str(old), str(new), "--lang", "pl")
    lines = md.splitlines()
    assert lines[:2] == ["<!-- cxmodel-diff -->", "### cxmodel: jak ta zmiana wpływa na luki"]
    assert f"Porównanie `{old.as_posix()}` z `{new.as_posix()}`." in lines
    assert "**1 nowe ustalenie (1 ostrzeżenie), 2 naprawione, 24 bez zmian.**" in lines
    assert "#### Nowe ustalenia" in lines and "#### Naprawione ustalenia" in lines
    assert "| ważność | reguła | miejsce | ustalenie |" in lines
    assert "| | przed | po | zmiana |" in lines
    assert "| **Obszar roboczy** | 92,9% (13/14) | 100% (14/14) | +7,1 p.p. |" in lines
    assert "| Kanał: SMS | 0% (0/1) | 100% (1/1) | +100 p.p. |" in lines
    assert "| Ścieżka klienta: Order a sofa online and get it delivered | 85,7% (6/7) | " \
           "100% (7/7) | +14,3 p.p. |" in lines


def test_diff_markdown_in_russian(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    _, md = _diff(capsys, "--format", "md", str(old), str(new), "--lang", "ru")
    lines = md.splitlines()
    assert "### cxmodel: как это изменение влияет на пробелы" in lines
    assert "#### Исправленные замечания" in lines
    assert "| важность | правило | где | замечание |" in lines
    assert "| | до | после | изменение |" in lines
    assert "| Канал: SMS | 0\xa0% (0/1) | 100\xa0% (1/1) | +100 п. п. |" in lines


def test_a_broken_side_in_polish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = _pair(tmp_path)
    journey = new / "journeys" / "store-pickup.yaml"
    journey.write_text(journey.read_text(encoding="utf-8").replace("channel: store",
                                                                   "channel: shop", 1),
                       encoding="utf-8")
    code, out = _diff(capsys, str(old), str(new), "--lang", "pl")
    assert code == 1
    assert f"Nowy obszar roboczy ({new.as_posix()}) się nie wczytuje (1 błąd); dopóki " \
           "się nie wczyta, nie ma czego porównywać:" in out
    _, md = _diff(capsys, "--format", "md", str(new), str(old), "--lang", "pl")
    assert "**Poprzedni obszar roboczy się nie wczytuje** (1 błąd); każde ustalenie " \
           "nowego obszaru roboczego jest wykazane jako nowe." in md


@pytest.mark.parametrize(("language", "row", "said"), [
    ("pl", {"status": "added"}, "dodano"), ("pl", {"change": 0}, "±0 p.p."),
    ("pl", {"change": -6.7}, "-6,7 p.p."), ("ru", {"status": "removed"}, "удалён"),
    ("zh", {"change": 12.5}, "+12.5 个百分点"), ("en", {"change": -6.7}, "-6.7 pp"),
    ("en", {"change": 100.0}, "+100 pp")])
def test_coverage_changes(language: str, row: dict[str, Any], said: str) -> None:
    use(language)
    assert change_text(row) == said


def test_fingerprints_do_not_depend_on_the_language(tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    """A diff made in one language matches findings made in another, and a baseline
    recorded in Polish accepts the findings of a check in Chinese."""
    import json

    old, new = _pair(tmp_path)
    prints = {}
    for language in ("en", "pl", "zh"):
        _, out = _diff(capsys, "--format", "json", str(old), str(new), "--lang", language)
        data = json.loads(out)
        prints[language] = sorted(item["fingerprint"] for key in
                                  ("new_findings", "fixed_findings") for item in data[key])
    assert prints["en"] == prints["pl"] == prints["zh"]
    baseline = tmp_path / "baseline.json"
    assert main(["check", str(new), "--lang", "pl", "--write-baseline", str(baseline)]) == 0
    err = capsys.readouterr().err
    assert err.startswith(f"cxmodel: zapisano {baseline.as_posix()} z ")
    assert main(["check", str(new), "--lang", "zh", "--baseline", str(baseline)]) == 0


# --- The command line's own messages --------------------------------------------------------

@pytest.mark.parametrize(("language", "said"), [
    ("pl", "cxmodel: błąd: diff potrzebuje dwóch obszarów roboczych, 'cxmodel diff OLD "
           "NEW', albo rewizji git, 'cxmodel diff --base REV [PATH...]'\n"),
    ("ru", "cxmodel: ошибка: для diff нужны два рабочих пространства, 'cxmodel diff OLD NEW', "
           "или ревизия git, 'cxmodel diff --base REV [PATH...]'\n"),
    ("zh", "cxmodel: 错误：diff 需要两个工作区（'cxmodel diff OLD NEW'）或一个 git 修订版本"
           "（'cxmodel diff --base REV [PATH...]'）\n"),
    ("en", "cxmodel: error: diff needs two workspaces, 'cxmodel diff OLD NEW', or a git "
           "revision, 'cxmodel diff --base REV [PATH...]'\n"),
])
def test_errors_in_each_language(language: str, said: str,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", str(EXAMPLES / "omnichannel-retailer"), "--lang", language]) == 2
    assert capsys.readouterr().err == said


def test_an_unknown_rule_code_is_said_in_polish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(EXAMPLES / "omnichannel-retailer"), "--select", "CX9",
                 "--lang", "pl"]) == 2
    assert capsys.readouterr().err == ("cxmodel: błąd: --select: „CX9” nie pasuje do żadnej "
                                       "reguły; czy chodziło o „CX809” lub „CX109”? (zob. "
                                       "'cxmodel rules')\n")
    assert main(["rules", "CX1O1", "--lang", "ru"]) == 2
    assert capsys.readouterr().err == ("cxmodel: ошибка: правила «CX1O1» нет; возможно, вы "
                                       "имели в виду «CX101», «CX801» или «CX701»?\n")


def test_rules_listing_columns_in_polish(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules", "--lang", "pl"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["kod", "nazwa", "ważność", "opis"]
    assert out[-1] == "Dokumentację reguły pokazuje polecenie „cxmodel rules KOD”."


def test_a_written_report_says_why_it_fails_in_polish(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    target = tmp_path / "gaps.md"
    assert main(["report", str(EXAMPLES / "omnichannel-retailer"), "--format", "md", "-o",
                 str(target), "--lang", "pl", "--fail-on", "warning"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"zapisano {target}; kod wyjścia 1: ")
    assert " ustalenia na poziomie „błąd” i " in err \
        or " ustalenie na poziomie „błąd” i " in err
    assert err.endswith(" (próg fail_on: warning)\n") and "(error)" not in err


def test_import_in_polish(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("journey,step,emotion,Notes\nZakup,Wybór,3,x\nZakup,Płatność,1,y\n",
                     encoding="utf-8")
    assert main(["import", "csv", str(sheet), "--lang", "pl"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        f"{sheet.as_posix()}: wiersz 1, kolumna D (Notes): warning: pominięto nieznaną "
        "kolumnę „Notes” (cxmodel "
        "czyta: ścieżka klienta, id ścieżki klienta, opis ścieżki klienta, persona, cel "
        "klienta, właściciel, stan, znaczniki ścieżki klienta, wartości docelowe, etap, id "
        "etapu, krok, id kroku, opis, kanał, działania klienta, działania widoczne, działania "
        "niewidoczne, procesy wspierające, dowody fizyczne, emocje, moment prawdy, punkty "
        "bólu, problemy, oferty, następne kroki, ryzyko opóźnienia, proaktywne powiadomienie, "
        "kontekst, znaczniki, wyjątki)",
        f"{sheet.as_posix()}: wiersz 2, kolumna C (emotion): error: emocje: „3” nie jest "
        "liczbą całkowitą od -2 do 2",
        f"Nic nie zapisano: 1 błąd w {sheet.as_posix()}."]
    sheet.write_text("journey,step\nZakup,Wybór\nZakup,Płatność\n", encoding="utf-8")
    target = tmp_path / "zakup.yaml"
    assert main(["import", "csv", str(sheet), "-o", str(target), "--lang", "ru"]) == 0
    assert capsys.readouterr().out == \
        f"записан {target.as_posix()}: 1 путь клиента, 0 этапов, 2 шага\n"
    assert "# Импортировано из sheet.csv командой «cxmodel import»." in \
        target.read_text(encoding="utf-8")


# --- init writes the starter in the run's language -----------------------------------------

def _texts(folder: Path) -> dict[str, Any]:
    return {path.relative_to(folder).as_posix(): yaml.safe_load(path.read_text("utf-8"))
            for path in sorted(folder.rglob("*.yaml"))}


def _ids(value: Any) -> list[str]:
    """Every id in a parsed file, in order."""
    if isinstance(value, dict):
        return [*([value["id"]] if "id" in value else []),
                *(ident for item in value.values() for ident in _ids(item))]
    if isinstance(value, list):
        return [ident for item in value for ident in _ids(item)]
    return []


NAMES = {"pl": "Obsługa klienta", "ru": "Служба поддержки клиентов", "zh": "客户服务部",
         "zh-Hant": "客服部"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_init_writes_the_starter_in_the_language(language: str, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    english, native = tmp_path / "en", tmp_path / language
    assert main(["init", str(english)]) == 0
    assert main(["init", str(native), "--lang", language]) == 0
    capsys.readouterr()
    assert not (english / ".cxmodel.yaml").exists()  # English stays as it was
    config = (native / ".cxmodel.yaml").read_text(encoding="utf-8")
    assert f"\nlanguage: {language}\n" in config
    en, translated = _texts(english), _texts(native)
    assert set(translated) == {*en, ".cxmodel.yaml"}
    for name, data in en.items():
        assert _ids(translated[name]) == _ids(data), name  # the same ids, in every language
        assert translated[name] != data, name
    organisation = translated["organisation.yaml"]
    assert organisation["departments"][0]["name"] == NAMES[language]
    # Every name, goal and description is written in the language (E-mail aside).
    english_texts = {value for data in en.values() for value in _strings(data)}
    shared = {value for data in translated.values() for value in _strings(data)} \
        & english_texts
    assert shared <= {"E-mail", "csat", "goal-completion"} | set(_all_ids(en)), shared
    # It checks as the English starter does: no errors, the same findings.
    assert main(["check", str(native)]) == 0
    capsys.readouterr()
    assert main(["check", str(native), "--format", "json"]) == 0
    import json

    found = json.loads(capsys.readouterr().out)
    assert found["summary"]["errors"] == 0
    assert main(["check", str(english), "--format", "json"]) == 0
    assert [d["code"] for d in json.loads(capsys.readouterr().out)["diagnostics"]] == \
        [d["code"] for d in found["diagnostics"]]


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in ("kind", "mode", "presence", "method", "dimension", "scope",
                           "state", "cadence", "within"):
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _all_ids(files: dict[str, Any]) -> list[str]:
    ids = [ident for data in files.values() for ident in _ids(data)]
    return [*ids, "order-online/call-about-delivery"]


def test_init_says_what_it_wrote_in_polish(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "ws"
    assert main(["init", str(target), "--lang", "pl"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"zapisano {(target / 'organisation.yaml').as_posix()}"
    assert f"zapisano {(target / '.cxmodel.yaml').as_posix()}" in out
    assert out[-1] == f"Dalej: zmień pliki, a potem uruchom 'cxmodel check {target.as_posix()}'."
    assert main(["init", str(target), "--lang", "pl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cxmodel: błąd: nie zapisuję startowego obszaru roboczego: ")
    assert " już istnieją; wybierz pusty folder albo użyj --force, żeby nadpisać\n" in err


def test_init_follows_the_environment_and_aliases(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    assert main(["init", str(tmp_path / "ru")]) == 0
    assert "language: ru" in (tmp_path / "ru" / ".cxmodel.yaml").read_text(encoding="utf-8")
    for alias, language in (("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh-CN", "zh"),
                            ("zh_Hans", "zh")):
        folder = tmp_path / alias
        assert main(["init", str(folder), "--lang", alias]) == 0
        assert f"language: {language}\n" in (folder / ".cxmodel.yaml").read_text("utf-8")
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert main(["init", str(tmp_path / "en")]) == 0
    assert not (tmp_path / "en" / ".cxmodel.yaml").exists()
    capsys.readouterr()


# --- Choosing the language ------------------------------------------------------------------

LAST_LINES = {
    "en": "1 new finding (1 warning), 2 fixed, 24 unchanged.",
    "pl": "1 nowe ustalenie (1 ostrzeżenie), 2 naprawione, 24 bez zmian.",
    "ru": "1 новое замечание (1 предупреждение), исправлено: 2, без изменений: 24.",
    "zh": "1 个新问题（1 个警告），2 个已修复，24 个未变。",
    "zh-Hant": "1 個新問題（1 個警告），2 個已修正，24 個未變。",
}


@pytest.mark.parametrize(("flag", "configured", "environment", "spoken"), [
    ("zh", "ru", {"LANG": "pl_PL.UTF-8"}, "zh"),  # --lang beats everything
    (None, "ru", {"LANG": "pl_PL.UTF-8"}, "ru"),  # then the workspace's language:
    (None, None, {"LANG": "pl_PL.UTF-8"}, "pl"),  # then the environment
    (None, None, {"LC_ALL": "ru_RU.UTF-8", "LANG": "pl_PL.UTF-8"}, "ru"),  # LC_ALL first
    (None, None, {"LC_MESSAGES": "zh_TW.UTF-8", "LANG": "pl_PL.UTF-8"}, "zh-Hant"),
    (None, None, {"LANG": "de_DE.UTF-8"}, "en"),  # a language cxmodel does not speak
    (None, None, {"LANG": "C"}, "en"),
    (None, None, {}, "en"),  # English otherwise
    ("zh-CN", None, {}, "zh"), ("zh-TW", None, {}, "zh-Hant"), ("zh-HK", None, {}, "zh-Hant"),
    (None, "zh-TW", {}, "zh-Hant"), ("en", "pl", {"LANG": "ru_RU.UTF-8"}, "en"),
])
def test_which_language_a_run_speaks(flag: str | None, configured: str | None,
                                     environment: dict[str, str], spoken: str,
                                     tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    for variable, value in environment.items():
        monkeypatch.setenv(variable, value)
    old, new = _pair(tmp_path, configured)
    _, out = _diff(capsys, str(old), str(new), *(["--lang", flag] if flag else []))
    assert out.splitlines()[-1] == LAST_LINES[spoken]


@pytest.mark.parametrize(("given", "suggested"), [("pll", "pl"), ("rus", "ru"), ("cn", "zh"),
                                                  ("chinese", "zh"), ("tw", "zh-Hant"),
                                                  ("engl", "en"), ("ukr", None)])
def test_an_unknown_language_is_exit_2_with_the_list(given: str, suggested: str | None,
                                                     capsys: pytest.CaptureFixture[str]
                                                     ) -> None:
    for command in (["diff", "a", "b"], ["init"], ["check", "."]):
        with pytest.raises(SystemExit) as exit_info:
            main([*command, "--lang", given])
        assert exit_info.value.code == 2
        err = capsys.readouterr().err
        assert f"'{given}' is not a language of cxmodel" in err
        if suggested is None:
            assert "did you mean" not in err
        else:
            assert f"(did you mean '{suggested}'?); the languages are" in err
        assert "en (English), ru (Русский), pl (Polski), zh (简体中文), zh-Hant (繁體中文)" in err


def test_the_polish_example_speaks_polish(capsys: pytest.CaptureFixture[str]) -> None:
    config = (EXAMPLES / "bank-account-opening" / ".cxmodel.yaml").read_text("utf-8")
    assert "\nlanguage: pl\n" in config
    bank = str(EXAMPLES / "bank-account-opening")
    assert main(["diff", bank, bank]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("0 nowych ustaleń, 0 naprawionych, ")
    assert out[-1].endswith(" bez zmian.")
    assert main(["diff", bank, bank, "--lang", "en"]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("0 new findings, 0 fixed, ")


def test_a_refusal_made_before_the_workspace_is_read_is_in_its_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The Polish workspace's language: pl holds from the first word: an export onto a file
    that exists is refused in Polish, before the workspace is read; and `cxmodel rules`,
    which names no workspace, speaks the language of the one it is run in."""
    bank = tmp_path / "bank"
    shutil.copytree(EXAMPLES / "bank-account-opening", bank)
    taken = bank / "taken.xlsx"
    taken.write_bytes(b"")
    assert main(["export", "xlsx", str(bank), "-o", str(taken)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"cxmodel: błąd: {taken.as_posix()} już istnieje; użyj --force, żeby go nadpisać")
    monkeypatch.chdir(bank)
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    assert "Wczytywanie i walidacja" in out and "Loading and validation" not in out
    assert main(["rules", "--lang", "en"]) == 0
    assert "Loading and validation" in capsys.readouterr().out
