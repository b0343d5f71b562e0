"""The gap rules' findings in every language (issue #15): whole sentences in Polish, Russian
and Chinese with names in each language's quotes, the plural forms Russian and Polish need,
and fingerprints (and so baselines) that are the same in every language."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cxmodel.cli import main
from cxmodel.messages import render
from cxmodel.messages.text import Names
from tests.conftest import CASES, EXAMPLES

RULES = CASES / "rules"


@pytest.fixture(autouse=True)
def english_afterwards() -> Iterator[None]:
    """``check --lang`` makes its language the process's: give the next test English."""
    yield
    render.use("en")


def _check(capsys: pytest.CaptureFixture[str], *argv: str) -> list[dict[str, Any]]:
    main(["check", *argv, "--format", "json"])
    found: list[dict[str, Any]] = json.loads(capsys.readouterr().out)["diagnostics"]
    return found


def _said(capsys: pytest.CaptureFixture[str], case: str, language: str, code: str,
          place: str) -> list[str]:
    """The messages of ``code`` at line:column ``place`` of a rule case, in ``language``."""
    return [d["message"] for d in _check(capsys, str(RULES / case), "--lang", language)
            if d["code"] == code and f"{d['line']}:{d['column']}" == place]


# --- Whole sentences, names in the language's own quotes ---------------------------------

SENTENCES = [
    ("CX102-fail-two-posts.yaml", "CX102", "15:13", {
        "pl": "Punkt styku „change-date” (phone) na ścieżce klienta „order” to moment prawdy, "
              "ale żaden punkt nasłuchu nie wskazuje go wprost; „survey-a” i „survey-b” "
              "obejmują tylko cały kanał „phone”.",
        "ru": "Точка контакта «change-date» (phone) на пути клиента «order» — момент истины, "
              "но ни одна точка сбора обратной связи не называет её явно; «survey-a» и "
              "«survey-b» охватывают только канал «phone» в целом.",
        "zh": "客户旅程“order”中的触点“change-date”（phone）是关键时刻，但没有倾听点明确覆盖它；"
              "“survey-a”和“survey-b”只是整体覆盖“phone”渠道。",
        "zh-Hant": "顧客旅程「order」中的接觸點「change-date」（phone）是關鍵時刻，但沒有聆聽點明確"
                   "涵蓋它；「survey-a」和「survey-b」只是整體涵蓋「phone」通路。",
    }),
    ("CX301-fail.yaml", "CX301", "9:10", {
        "pl": "Kanał „Web chat” nie ma właściciela. Jest współdzielony („it” i „digital”), ale "
              "nie ma działu wiodącego.",
        "ru": "У канала «Web chat» нет владельца. Он находится в совместном ведении («it» и "
              "«digital»), но ведущее подразделение не назначено.",
        "zh": "渠道“Web chat”没有负责部门。它由“it”和“digital”共同负责，但没有牵头部门。",
        "zh-Hant": "通路「Web chat」沒有負責部門。它由「it」和「digital」共同負責，"
                   "但沒有主責部門。",
    }),
    ("CX402-fail.yaml", "CX402", "42:9", {
        "pl": "Wyniki punktu nasłuchu „delivery-survey” nie docierają do działu „Logistics”, "
              "który odpowiada za to, co ten punkt obejmuje.",
        "ru": "Результаты точки сбора обратной связи «delivery-survey» не доходят до "
              "подразделения «Logistics», которое отвечает за то, что она охватывает.",
        "zh": "倾听点“delivery-survey”的结果从未送达“Logistics”，"
              "而该部门负责这个倾听点所覆盖的内容。",
        "zh-Hant": "聆聽點「delivery-survey」的結果從未送達「Logistics」，"
                   "而該部門負責這個聆聽點所涵蓋的內容。",
    }),
    ("CX402-fail.yaml", "CX402", "48:9", {
        "pl": "Wyniki punktu nasłuchu „call-analytics” nie docierają do działów, które "
              "odpowiadają za to, co ten punkt obejmuje: „Contact centre” i „IT”.",
        "ru": "Результаты точки сбора обратной связи «call-analytics» не доходят до "
              "подразделений, которые отвечают за то, что она охватывает: «Contact centre» и "
              "«IT».",
        "zh": "倾听点“call-analytics”的结果从未送达“Contact centre”和“IT”，而这些部门负责这个倾听点"
              "所覆盖的内容。",
    }),
    ("CX403-fail.yaml", "CX403", "17:14", {
        "pl": "Punkt nasłuchu „call-survey” kontaktuje się z klientami zbyt wolno: czas kontaktu "
              "to 5 dni, a limit ustawiony w options.max_inner_loop to 72 godziny.",
        "ru": "Точка сбора обратной связи «call-survey» связывается с клиентами слишком поздно: "
              "срок — 5 дней, а лимит, заданный в options.max_inner_loop, — 72 часа.",
        "zh": "倾听点“call-survey”在 5 天内跟进客户，"
              "超过了 options.max_inner_loop 设定的上限 72 小时。",
        "zh-Hant": "聆聽點「call-survey」在 5 天內回訪顧客，"
                   "超過 options.max_inner_loop 設定的上限 72 小時。",
    }),
    ("CX104-fail-department.yaml", "CX104", "23:13", {
        "pl": "Przekazanie klienta z kroku „read-faq” do kroku „chat” na ścieżce klienta "
              "„order” (dział: Digital team → Customer service) nie jest mierzone: kroku "
              "„chat” nie obejmuje żaden punkt nasłuchu.",
        "ru": "Передача клиента с шага «read-faq» на шаг «chat» на пути клиента «order» "
              "(подразделение: Digital team → Customer service) не измеряется: шаг «chat» не "
              "охватывает ни одна точка сбора обратной связи.",
        "zh": "客户旅程“order”中从“read-faq”到“chat”的交接（部门：Digital team → Customer "
              "service）未被测量：没有倾听点覆盖“chat”。",
    }),
    ("CX201-fail-no-common.yaml", "CX201", "17:9", {
        "pl": "Kanały ścieżki klienta „order”, w których prosi się klientów o opinię, nie mają "
              "wspólnego wskaźnika doświadczenia na poziomie punktu styku, więc ich wyników nie "
              "da się porównać: Web → csat, ces; Phone → csat, tnps; Store → ces, tnps.",
        "zh": "客户旅程“order”中向客户征求反馈的各渠道没有共同的触点级体验指标，因此结果无法比较："
              "Web → csat、ces；Phone → csat、tnps；Store → ces、tnps。",
    }),
    ("CX703-fail-unknown.yaml", "CX703", "10:7", {
        "pl": "Wyjątek dla CX999 niczego nie obejmuje (ścieżka klienta „order”): nie ma reguły "
              "CX999.",
        "ru": "Исключение CX999 ничего не исключает (путь клиента «order»): правила CX999 не "
              "существует.",
        "zh": "客户旅程“order”上的 CX999 豁免不起任何作用：不存在规则 CX999。",
        "zh-Hant": "顧客旅程「order」上的 CX999 豁免不起任何作用：不存在規則 CX999。",
    }),
    ("CX703-fail-unknown.yaml", "CX703", "11:7", {
        "ru": "Исключение CX003 не действует (путь клиента «order»): ошибки загрузки исключить "
              "нельзя, их нужно исправить.",
    }),
]


@pytest.mark.parametrize(
    ("case", "code", "place", "language", "expected"),
    [(case, code, place, language, text) for case, code, place, texts in SENTENCES
     for language, text in texts.items()],
    ids=lambda value: value if isinstance(value, str) and len(value) < 30 else "")
def test_a_finding_is_a_whole_sentence_in_the_language(
        capsys: pytest.CaptureFixture[str], case: str, code: str, place: str, language: str,
        expected: str) -> None:
    assert expected in _said(capsys, case, language, code, place)


def test_the_stale_waiver_names_the_element_by_kind(capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    found = {f"{d['line']}:{d['column']}": d["message"]
             for d in _check(capsys, str(RULES / "CX703-fail-stale.yaml"), "--lang", "pl")
             if d["code"] == "CX703"}
    assert found["27:17"] == ("Wyjątek dla CX101 (unmeasured-touchpoint) nie jest już "
                              "potrzebny (krok „confirm”): reguła nie znajduje tu nic do "
                              "zgłoszenia.")
    assert "(etap „buy”)" in found["22:32"]


def test_hints_are_translated_and_keep_ids_and_yaml(capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    hints = {d["code"]: d["hint"]
             for d in _check(capsys, str(RULES / "CX102-fail-two-posts.yaml"), "--lang", "ru")}
    assert hints["CX102"] == ("Добавьте order/change-date в covers.touchpoints какой-либо "
                              "точки сбора обратной связи.")
    hints = {d["code"]: d["hint"]
             for d in _check(capsys, str(RULES / "CX501-fail.yaml"), "--lang", "zh-Hant")}
    assert hints["CX501"] == "加入 targets:，寫入衡量它的指標，例如 [{metric: csat, min: ...}]。"


# --- Plural forms --------------------------------------------------------------------------

def _handoffs(write: Any, count: int) -> Path:
    """A journey with ``count`` department hand-offs, and a maximum of none."""
    steps = "".join(f"      - {{id: s{n}, channel: {'web' if n % 2 == 0 else 'phone'}}}\n"
                    for n in range(count + 1))
    write(f"h{count}/.cxmodel.yaml", "select: [CX601]\noptions: {max_handoffs: 0}\n")
    return write(f"h{count}/model.yaml", (
        "departments: [{id: digital}, {id: service}]\n"
        "channels: [{id: web, owner: digital}, {id: phone, owner: service}]\n"
        f"journeys:\n  - id: j\n    name: Order\n    steps:\n{steps}"))


HANDOFFS = {
    ("ru", 1): "На одном из маршрутов пути клиента «Order» насчитывается 1 передача",
    ("ru", 2): "На одном из маршрутов пути клиента «Order» насчитываются 2 передачи",
    ("ru", 5): "На одном из маршрутов пути клиента «Order» насчитывается 5 передач",
    ("ru", 22): "На одном из маршрутов пути клиента «Order» насчитываются 22 передачи",
    ("pl", 1): "Ścieżka klienta „Order” ma w jednym wariancie przebiegu 1 przekazanie",
    ("pl", 2): "Ścieżka klienta „Order” ma w jednym wariancie przebiegu 2 przekazania",
    ("pl", 5): "Ścieżka klienta „Order” ma w jednym wariancie przebiegu 5 przekazań",
    ("pl", 22): "Ścieżka klienta „Order” ma w jednym wariancie przebiegu 22 przekazania",
    ("zh", 22): "客户旅程“Order”的一条路径上有 22 次部门间交接",
    ("en", 1): "Journey 'Order' passes the customer between departments 1 time",
    ("en", 22): "Journey 'Order' passes the customer between departments 22 times",
}


@pytest.mark.parametrize(("language", "count"), sorted(HANDOFFS))
def test_hand_offs_are_counted_in_the_language(write: Any, capsys: pytest.CaptureFixture[str],
                                               language: str, count: int) -> None:
    path = _handoffs(write, count)
    [found] = _check(capsys, str(path.parent), "--lang", language)
    assert found["message"].startswith(HANDOFFS[language, count]), found["message"]


def test_the_hand_offs_listed_and_the_rest_left_out(write: Any,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    [found] = _check(capsys, str(_handoffs(write, 2).parent), "--lang", "pl")
    assert found["message"] == (
        "Ścieżka klienta „Order” ma w jednym wariancie przebiegu 2 przekazania między "
        "działami (maksimum 0): „s0” → „s1”, „s1” → „s2”.")
    [found] = _check(capsys, str(_handoffs(write, 7).parent), "--lang", "ru")
    assert found["message"].endswith("«s4» → «s5», «s5» → «s6» и другие.")
    [found] = _check(capsys, str(_handoffs(write, 7).parent), "--lang", "en")
    assert found["message"].endswith("'s4' -> 's5', 's5' -> 's6', ....")


# Said in the unit written: 24h is 24 hours, not 1 day; 1.5h, not whole hours, in minutes.
DURATIONS = {
    "ru": {"1d": "1 день", "2d": "2 дня", "5d": "5 дней", "22d": "22 дня",
           "1h": "1 час", "2h": "2 часа", "5h": "5 часов", "22h": "22 часа",
           "21m": "21 минута", "22m": "22 минуты", "25m": "25 минут",
           "1w": "1 неделя", "2w": "2 недели", "5w": "5 недель", "24h": "24 часа",
           "P1DT12H": "36 часов", "1.5h": "90 минут", "PT21M1S": "1\u00a0261 секунда"},
    "pl": {"1d": "1 dzień", "2d": "2 dni", "5d": "5 dni", "22d": "22 dni",
           "1h": "1 godzina", "2h": "2 godziny", "5h": "5 godzin", "22h": "22 godziny",
           "21m": "21 minut", "22m": "22 minuty", "25m": "25 minut",
           "1w": "1 tydzień", "2w": "2 tygodnie", "5w": "5 tygodni", "24h": "24 godziny",
           "P1DT12H": "36 godzin", "1.5h": "90 minut", "PT21M2S": "1262 sekundy"},
    "en": {"24h": "24 hours", "1w": "1 week", "14d": "14 days", "P1DT12H": "36 hours",
           "1.5h": "90 minutes", "0.5d": "12 hours", "PT1290S": "1,290 seconds",
           "PT20M0.5S": "1,201 seconds", "P1M": "30 days"},
    "zh": {"24h": "24 小时", "2w": "2 周", "3d": "3 天"},
}


@pytest.mark.parametrize(("language", "within"),
                         [(language, within) for language, shown in DURATIONS.items()
                          for within in shown])
def test_durations_are_counted_in_the_language(write: Any, capsys: pytest.CaptureFixture[str],
                                               language: str, within: str) -> None:
    write("slow/.cxmodel.yaml", "select: [CX403]\noptions: {max_inner_loop: 20m}\n")
    path = write("slow/model.yaml", (
        "departments: [{id: service}]\n"
        "channels: [{id: email, owner: service}]\n"
        "listening_posts:\n"
        "  - {id: survey, closed_loop: {inner: {owner: service, within: "
        f"{within}, via: [email]}}}}}}\n"))
    [found] = _check(capsys, str(path.parent), "--lang", language)
    shown = DURATIONS[language][within]
    maximum = {"ru": "20 минут", "pl": "20 minut", "en": "20 minutes",
               "zh": "20 分钟"}[language]
    expected = {
        "en": f"Listening post 'survey' follows up with customers within {shown}, slower than "
              f"the limit of {maximum} set in options.max_inner_loop.",
        "zh": f"倾听点“survey”在 {shown}内跟进客户，超过了 options.max_inner_loop 设定的上限 "
              f"{maximum}。",
        "ru": f"Точка сбора обратной связи «survey» связывается с клиентами слишком поздно: "
              f"срок — {shown}, а лимит, заданный в options.max_inner_loop, — {maximum}.",
        "pl": f"Punkt nasłuchu „survey” kontaktuje się z klientami zbyt wolno: czas kontaktu "
              f"to {shown}, a limit ustawiony w options.max_inner_loop to {maximum}.",
    }[language]
    assert found["message"] == expected


@pytest.mark.parametrize(("language", "most", "expected"), [
    ("ru", 1, "Правило CX101 нашло больше 1 проблемы; показано только начало списка"),
    ("ru", 2, "Правило CX101 нашло больше 2 проблем; показаны первые 2,"),
    ("ru", 5, "Правило CX101 нашло больше 5 проблем; показаны первые 5,"),
    ("ru", 22, "Правило CX101 нашло больше 22 проблем; показаны первые 22,"),
    ("pl", 1, "Reguła CX101 znalazła więcej niż 1 problem; wyświetlono tylko pierwszy,"),
    ("pl", 2, "Reguła CX101 znalazła więcej niż 2 problemy; wyświetlono pierwsze 2,"),
    ("pl", 5, "Reguła CX101 znalazła więcej niż 5 problemów; wyświetlono pierwszych 5,"),
    ("pl", 22, "Reguła CX101 znalazła więcej niż 22 problemy; wyświetlono pierwsze 22,"),
    ("en", 1, "Rule CX101 found more than 1 problem; the first 1 is listed"),
    ("en", 22, "Rule CX101 found more than 22 problems; the first 22 are listed"),
])
def test_a_rule_stopped_at_its_limit_counts_in_the_language(
        write: Any, capsys: pytest.CaptureFixture[str], language: str, most: int,
        expected: str) -> None:
    steps = "".join(f"      - {{id: s{n}, channel: web}}\n" for n in range(most + 1))
    write("many/.cxmodel.yaml",
          f"limits: {{max_findings_per_rule: {most}}}\nselect: [CX101]\n")
    path = write("many/a.yaml", "channels: [{id: web, kind: web}]\n"
                                f"journeys:\n  - id: j\n    steps:\n{steps}")
    found = _check(capsys, str(path.parent), "--lang", language)
    assert [d["code"] for d in found] == ["CX101"] * most + ["CX006"]
    assert found[-1]["message"].startswith(expected), found[-1]["message"]


def test_names_are_listed_to_ten_and_the_rest_counted() -> None:
    many = Names(tuple(f"c{n}" for n in range(5000)))
    assert render.render(many, "en") == (
        "'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9' and 4,990 more")
    assert render.render(Names(many.values[:10]), "en") == (
        "'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8' and 'c9'")
    russian = render.render(Names(many.values[:12]), "ru")
    assert russian.startswith("«c0», «c1», «c2», «c3», «c4», «c5», «c6», «c7», «c8», «c9» и ")


# --- The same fingerprints in every language ---------------------------------------------

def _identity(found: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(d["code"], d["fingerprint"], d["file"], d["line"], d["column"]) for d in found]


@pytest.mark.parametrize("workspace", [
    *(EXAMPLES / name for name in ("omnichannel-retailer", "bank-account-opening")),
    RULES / "CX703-fail-stale.yaml", RULES / "CX703-fail-unknown.yaml", RULES / "CX203-fail.yaml",
    RULES / "CX701-fail.yaml", RULES / "CX104-fail-branches.yaml"],
    ids=lambda path: path.name)
def test_fingerprints_and_order_are_the_same_in_every_language(
        capsys: pytest.CaptureFixture[str], workspace: Path) -> None:
    english = _check(capsys, str(workspace), "--lang", "en")
    assert english
    for language in ("ru", "pl", "zh", "zh-Hant"):
        found = _check(capsys, str(workspace), "--lang", language)
        assert _identity(found) == _identity(english)
        gap_findings = [(e["message"], d["message"]) for e, d in zip(english, found, strict=True)
                        if e["code"][:3] != "CX0"]
        assert all(shown != said for said, shown in gap_findings), language


def test_the_stale_waivers_fingerprints_keep_their_kind_words(
        capsys: pytest.CaptureFixture[str], write: Any) -> None:
    """CX703's fingerprint names the element's kind by the word it always had (with its
    space: baselines written before hold it)."""
    path = write("w/model.yaml", (
        "departments: [{id: service}]\n"
        "listening_posts:\n"
        "  - {id: survey, owner: service, waive: {CX303: owned elsewhere}}\n"))
    for language in ("en", "ru"):
        stale = [d["fingerprint"] for d in _check(capsys, str(path.parent), "--lang", language)
                 if d["code"] == "CX703"]
        assert stale == ["CX703:listening post:survey:CX303"]


def test_a_baseline_written_in_english_holds_in_russian(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    workspace = str(EXAMPLES / "omnichannel-retailer")
    main(["check", workspace, "--lang", "en", "--write-baseline", str(baseline)])
    capsys.readouterr()
    assert main(["check", workspace, "--lang", "ru", "--baseline", str(baseline)]) == 0
    capsys.readouterr()
    assert main(["check", workspace, "--lang", "zh-Hant", "--baseline", str(baseline),
                 "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []
