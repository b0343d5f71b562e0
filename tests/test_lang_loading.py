"""Loading diagnostics (CX0xx) in every language: whole translated sentences at the right
place, names in each language's quotes, element descriptions where the language can say
them, libyaml's own words kept inside a translated sentence, and fingerprints that are the
same in every language."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cxmodel.cli import main
from cxmodel.loader.wording import HIDDEN
from cxmodel.messages.render import render
from cxmodel.suggest import did_you_mean_text, listed_ids

UNKNOWN_CHANNEL = """channels:
  - id: web-chat
    kind: chat
journeys:
  - id: order
    steps:
      - id: ask
        channel: webchat
"""

SCHEMA = """channels:
  - id: web-chat
    kind: telephone
    ownr: ops
journeys:
  - id: order
    steps:
      - id: ask
        emotion: 5
"""

SYNTAX = """channels:
  - id: web-chat
    kind: [chat
"""

DUPLICATE = """channels:
  - id: web-chat
    kind: chat
  - id: web-chat
    kind: chat
"""


def _listing(path: Path, language: str, capsys: pytest.CaptureFixture[str],
             *flags: str) -> list[dict[str, Any]]:
    assert main(["check", "--format", "json", "--lang", language, *flags, str(path)]) == 1
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["diagnostics"]
    return found


def _said(found: list[dict[str, Any]]) -> list[tuple[str, str | None, list[str]]]:
    """Each diagnostic as file:line:column: message, with its hint and related messages."""
    return [(f"{Path(d['file']).name}:{d['line']}:{d['column']}: {d['message']}", d["hint"],
             [r["message"] for r in d["related"]]) for d in found]


@pytest.mark.parametrize(("language", "said"), [
    ("pl", ("order.yaml:8:18: Nieznany kanał „webchat” (krok „ask”, ścieżka klienta „order”). "
            "Czy chodziło o „web-chat”?", "Użyj jednego z kanałów: web-chat.")),
    ("ru", ("order.yaml:8:18: Неизвестный канал «webchat» (шаг «ask», путь клиента «order»). "
            "Возможно, вы имели в виду «web-chat»?", "Используйте один из каналов: web-chat.")),
    ("zh", ("order.yaml:8:18: 客户旅程“order”的步骤“ask”引用了不存在的渠道“webchat”，"
            "您是否指的是“web-chat”？", "请使用以下渠道之一：web-chat。")),
    ("zh-Hant", ("order.yaml:8:18: 顧客旅程「order」的步驟「ask」引用了不存在的通路「webchat」，"
                 "您是不是指「web-chat」？", "請使用下列通路之一：web-chat。")),
])
def test_an_unknown_channel_with_did_you_mean(write, capsys, language: str,  # type: ignore[no-untyped-def]
                                              said: tuple[str, str]) -> None:
    path = write("ws/order.yaml", UNKNOWN_CHANNEL)
    assert _said(_listing(path, language, capsys)) == [(*said, [])]


def test_the_text_listing_puts_the_translated_message_at_its_place(write, capsys) -> None:  # type: ignore[no-untyped-def]
    path = write("ws/order.yaml", UNKNOWN_CHANNEL)
    assert main(["check", "--lang", "pl", str(path)]) == 1
    first = capsys.readouterr().out.splitlines()[0]
    assert first.startswith(f"{path.as_posix()}:8:18: ")
    assert first.endswith(" CX005 unknown-reference: Nieznany kanał „webchat” (krok „ask”, "
                          "ścieżka klienta „order”). Czy chodziło o „web-chat”?")


@pytest.mark.parametrize(("language", "said"), [
    ("pl", [
        ("schema.yaml:3:11: Pole „kind” (kanał „web-chat”): podano tekst „telephone”, a "
         "dozwolone wartości to: in-person, voice, chat, email, sms, push, web, app, social, "
         "community, self-service, mail.", None, []),
        ("schema.yaml:4:5: Niedozwolony klucz „ownr” (kanał „web-chat”).",
         "Czy chodziło o „owner” lub „co_owners”?", []),
        ("schema.yaml:9:18: Pole „emotion” (krok „ask”, ścieżka klienta „order”): wartość musi "
         "wynosić od -2 do 2, a wynosi 5.", None, [])]),
    ("ru", [
        ("schema.yaml:3:11: Поле «kind» (канал «web-chat»): здесь текст «telephone», а "
         "допустимы только значения: in-person, voice, chat, email, sms, push, web, app, "
         "social, community, self-service, mail.", None, []),
        ("schema.yaml:4:5: Недопустимый ключ «ownr» (канал «web-chat»).",
         "Возможно, вы имели в виду «owner» или «co_owners»?", []),
        ("schema.yaml:9:18: Поле «emotion» (шаг «ask», путь клиента «order»): значение должно "
         "быть от -2 до 2, а здесь 5.", None, [])]),
    ("zh", [
        ("schema.yaml:3:11: 渠道“web-chat”的“kind”是文本“telephone”，不在允许的取值中："
         "in-person, voice, chat, email, sms, push, web, app, social, community, self-service, "
         "mail。", None, []),
        ("schema.yaml:4:5: “ownr”不是渠道“web-chat”的键。",
         "您是否指的是“owner”或“co_owners”？", []),
        ("schema.yaml:9:18: 客户旅程“order”的步骤“ask”的“emotion”必须在 -2 到 2 之间，实际为 5。",
         None, [])]),
    ("zh-Hant", [
        ("schema.yaml:3:11: 通路「web-chat」的「kind」是文字「telephone」，不在允許的值之中："
         "in-person, voice, chat, email, sms, push, web, app, social, community, self-service, "
         "mail。", None, []),
        ("schema.yaml:4:5: 「ownr」不是通路「web-chat」的鍵。",
         "您是不是指「owner」或「co_owners」？", []),
        ("schema.yaml:9:18: 顧客旅程「order」的步驟「ask」的「emotion」"
         "必須在 -2 到 2 之間，實際為 5。",
         None, [])]),
])
def test_schema_errors(write, capsys, language: str,  # type: ignore[no-untyped-def]
                       said: list[tuple[str, str | None, list[str]]]) -> None:
    path = write("ws/schema.yaml", SCHEMA)
    assert _said(_listing(path, language, capsys)) == said


@pytest.mark.parametrize(("language", "said"), [
    ("pl", ("Błąd składni YAML: lista w [ ] nie jest zamknięta nawiasem „]” albo jej elementy "
            "nie są rozdzielone przecinkami.", None)),
    ("ru", ("Ошибка синтаксиса YAML: список в [ ] не закрыт скобкой «]» или его элементы не "
            "разделены запятыми.", None)),
    ("zh", ("YAML 语法错误：[ ] 中的列表没有用“]”闭合，或者其中各项没有用逗号分隔。", None)),
    ("zh-Hant", ("YAML 語法錯誤：[ ] 中的清單沒有用「]」關閉，或是其中各項沒有用逗號分隔。", None)),
])
def test_a_yaml_syntax_error_is_said_in_plain_words_of_the_language(  # type: ignore[no-untyped-def]
        write, capsys, language: str, said: tuple[str, str | None]) -> None:
    path = write("ws/syntax.yaml", SYNTAX)
    message, hint = said
    assert _said(_listing(path, language, capsys)) == [(f"syntax.yaml:4:1: {message}", hint, [])]


@pytest.mark.parametrize(("language", "said"), [
    ("pl", ("dup.yaml:4:9: Dwa kanały mają id „web-chat” (drugi jest w {first}); id muszą być "
            "unikalne w całym obszarze roboczym.",
            "Zmień id jednego z nich albo scal oba kanały w jeden.",
            ["pierwszy kanał z id „web-chat”"])),
    ("ru", ("dup.yaml:4:9: Id «web-chat» есть у двух каналов (другой — в {first}); id должны "
            "быть уникальны во всём рабочем пространстве.",
            "Переименуйте один из них или объедините два канала в один.",
            ["первый канал с id «web-chat»"])),
    ("zh", ("dup.yaml:4:9: 有两个渠道的 id 都是“web-chat”（另一个在 {first}）；id 在整个工作区内"
            "必须唯一。", "请重命名其中一个，或把两个渠道合并为一个。",
            ["第一个 id 为“web-chat”的渠道"])),
    ("zh-Hant", ("dup.yaml:4:9: 有兩個通路的 id 都是「web-chat」（另一個在 {first}）；id 在整個"
                 "工作區內必須唯一。", "請重新命名其中一個，或把兩個通路合併成一個。",
                 ["第一個 id 為「web-chat」的通路"])),
])
def test_a_duplicate_id(write, capsys, language: str,  # type: ignore[no-untyped-def]
                        said: tuple[str, str, list[str]]) -> None:
    path = write("ws/dup.yaml", DUPLICATE)
    message, hint, related = said
    first = f"{path.as_posix()}:2"
    assert _said(_listing(path, language, capsys)) == [
        (message.format(first=first), hint, related)]


def test_a_stage_of_a_journey_and_a_missing_id_say_the_element_in_the_nominative(  # type: ignore[no-untyped-def]
        write, capsys) -> None:
    path = write("ws/j.yaml", "journeys:\n  - id: order\n    steps:\n      - id: pay\n"
                              "        stage: chekout\n      - channel: x\n")
    assert _said(_listing(path, "ru", capsys)) == [
        ("j.yaml:5:16: Неизвестный этап «chekout» (шаг «pay», путь клиента «order»).",
         "У пути клиента «order» пока нет этапов; добавьте этап с id «chekout».", []),
        ("j.yaml:6:9: У шага 2 пути клиента «order» нет id.", "Задайте шагу id, по которому "
         "на него смогут ссылаться next: и covers.touchpoints, например «id: step-2».", [])]
    assert _said(_listing(path, "pl", capsys))[1] == (
        "j.yaml:6:9: Krok 2 ścieżki klienta „order” nie ma id.", "Nadaj krokowi id, przez "
        "które mogą się do niego odwoływać next: i covers.touchpoints, np. „id: step-2”.", [])


@pytest.mark.parametrize(("language", "forms"), [
    ("ru", {1: "1 скрытый файл или папка YAML", 2: "2 скрытых файла или папки YAML",
            5: "5 скрытых файлов или папок YAML", 22: "22 скрытых файла или папки YAML"}),
    ("pl", {1: "1 ukryty plik lub folder YAML", 2: "2 ukryte pliki lub foldery YAML",
            5: "5 ukrytych plików lub folderów YAML", 22: "22 ukryte pliki lub foldery YAML"}),
    ("zh", {1: "1 个隐藏的 YAML 文件或文件夹", 22: "22 个隐藏的 YAML 文件或文件夹"}),
])
def test_what_a_walk_left_out_in_plural_forms(language: str, forms: dict[int, str]) -> None:
    for count, said in forms.items():
        assert render(HIDDEN(count=count), language) == said


def test_a_folder_with_only_hidden_files_says_so_in_polish(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "wrong"
    (folder / ".drafts").mkdir(parents=True)
    (folder / ".old.yaml").write_text("personas: []\n", encoding="utf-8")
    assert main(["check", "--lang", "pl", str(folder)]) == 2
    assert capsys.readouterr().err == (
        f"cxmodel: błąd: w {folder.as_posix()} nie ma plików cxmodel: nie ma tam żadnego pliku "
        "*.yaml ani *.yml poza pominiętymi (2 ukryte pliki lub foldery YAML); wskaż folder, w "
        "którym jest model\n")


def test_did_you_mean_and_listed_ids_in_each_language() -> None:
    suggestion = did_you_mean_text("webchat", ["web-chat", "phone"])
    assert suggestion is not None
    assert render(suggestion, "en") == "Did you mean 'web-chat'?"
    assert render(suggestion, "pl") == "Czy chodziło o „web-chat”?"
    assert render(suggestion, "ru") == "Возможно, вы имели в виду «web-chat»?"
    assert render(suggestion, "zh") == "您是否指的是“web-chat”？"
    assert did_you_mean_text("zzz", ["web-chat"]) is None
    several = did_you_mean_text("CX10", ["CX104", "CX105", "CX106"])
    assert several is not None
    assert render(several, "en") == "Did you mean 'CX106', 'CX105' or 'CX104'?"
    assert render(several, "ru") == "Возможно, вы имели в виду «CX106», «CX105» или «CX104»?"
    ids = listed_ids([f"c{i}" for i in range(14)])
    assert render(ids, "en").endswith("c11 (and 2 more)")
    assert render(ids, "pl").endswith("c11 (i jeszcze 2)")
    assert render(ids, "zh").endswith("c11（另有 2 个）")


def test_the_fingerprint_of_a_loading_problem_is_the_same_in_every_language(  # type: ignore[no-untyped-def]
        write, capsys) -> None:
    path = write("ws/order.yaml", UNKNOWN_CHANNEL)
    prints = {}
    messages = {}
    for language in ("en", "pl"):
        assert main(["check", "--format", "sarif", "--lang", language, str(path)]) == 1
        (result,) = json.loads(capsys.readouterr().out)["runs"][0]["results"]
        prints[language] = result["partialFingerprints"]
        messages[language] = result["message"]["text"]
    assert prints["en"] == prints["pl"]
    assert "CX005" in str(prints["en"])
    assert messages["en"] != messages["pl"]

