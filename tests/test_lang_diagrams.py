"""Diagrams in Russian, Polish and Chinese: lanes, lines, marks, legends and titles come from
the catalogues (diagrams.po), counts take each language's plural forms, and a translated
text is escaped for DOT and SVG like a user's."""

from __future__ import annotations

import gettext
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.diagrams import engine
from cxmodel.diagrams.blueprint import blueprint
from cxmodel.diagrams.channels_map import UNMEASURED_MOVES
from cxmodel.diagrams.ownership_map import ownership_map
from cxmodel.messages import render as said
from cxmodel.messages.render import render, use
from cxmodel.model import Workspace
from tests.conftest import EXAMPLES

XLINK = "http://www.w3.org/1999/xlink"
SVG = "{http://www.w3.org/2000/svg}"
RETAILER = str(EXAMPLES / "omnichannel-retailer")


@pytest.fixture(autouse=True)
def english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The embedded engine; and English again after each test (``main`` sets the language
    for the rest of the process)."""
    monkeypatch.setenv("CXMODEL_ENGINE", "embedded")
    yield
    use("en")


def drawn(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    """What ``cxmodel render ...`` writes to standard output."""
    assert main(["render", *argv]) in (0, 1)
    return capsys.readouterr().out


def lines_by_id(svg: str) -> dict[str, list[str]]:
    """The text lines of each SVG group, by the group's id, as a reader sees them (without
    the no-break spaces that make Graphviz room for wide text: labels._padded)."""
    root = ET.fromstring(svg)
    return {g.get("id", ""): [(t.text or "").strip() for t in g.iter(f"{SVG}text")]
            for g in root.iter(f"{SVG}g")}


def blueprint_legend(found: dict[str, list[str]]) -> list[str]:
    """The blueprint legend's lines in order: its title, then each entry beside its swatch."""
    entries = sorted((int(key.split("-")[1]), " ".join(lines)) for key, lines in found.items()
                     if key.startswith("legend-") and key.endswith("-text"))
    return [*found["legend-title"], *(text for _, text in entries)]


def test_blueprint_in_russian_has_russian_lanes_lines_and_legend(
        capsys: pytest.CaptureFixture[str]) -> None:
    found = lines_by_id(drawn(capsys, RETAILER, "--journey", "online-order", "--lang", "ru"))
    lanes = {key: found[f"lane-{key}"] for key in (
        "stage", "header", "channel", "evidence", "customer", "frontstage", "backstage",
        "support", "listening", "emotion", "pain")}
    assert lanes == {
        "stage": ["Этап"], "header": ["Шаг"], "channel": ["Канал"],
        "evidence": ["Физические", "свидетельства"], "customer": ["Действия клиента"],
        "frontstage": ["Фронтстейдж"], "backstage": ["Бэкстейдж"],
        "support": ["Вспомогательные", "процессы"],
        "listening": ["Точки сбора обратной", "связи"],
        "emotion": ["Эмоции клиента"], "pain": ["Болевые точки"]}
    assert found["line-interaction-title"] == ["линия взаимодействия"]
    assert found["line-visibility-title"] == ["линия видимости"]
    assert found["line-internal-title"] == ["линия внутреннего", "взаимодействия"]
    assert blueprint_legend(found) == [
        "Условные обозначения", "✓ измеряется", "✗ не измеряется",
        "★ момент истины, измеряется", "✗★ момент истины, не измеряется напрямую",
        # The order confirmation: a notice no post hears.
        "уведомление клиенту: опрос не проводится",
        "⇄ передача между подразделениями",
        "● эмоция клиента на каждом шаге, от −2 до +2 (пунктир: между точками есть шаги "
        "без эмоции)",
        "○ шаг на ответвлении, его проходят не все клиенты (кривая идёт по основному пути)",
        "⚡ болевая точка клиента на этом шаге",
        "⚠ здесь клиенты сообщают о проблеме", "◆ здесь представлено предложение",
        "✉ здесь отправляется проактивное уведомление",
        "- - - линии взаимодействия, видимости и внутреннего взаимодействия",
        "→ путь клиента (синие дуги: ветвления и возвраты)",
        "Точка (через канал): точка сбора обратной связи охватывает канал этого шага "
        "целиком, а не сам шаг",
        "метрика значение ✗ ≥ цель: последнее значение относительно целевого значения канала "
        "(✓ достигнуто, ✗ не достигнуто, ~ мало ответов, ◌ устарело)"]
    # Problems raised, offers made and proactive notices sent, where they happen: the
    # customer needs another day at the SMS slot (step 4) and calls about it or about the
    # late delivery (step 5); the late-delivery notice reaches them while they track the
    # delivery (step 6). User names stay as written.
    assert found["lane-events"] == ["Проблемы,", "предложения и", "уведомления"]
    assert found["cell-events-5"] == ["⚠ Needs another delivery day", "⚠ Delivery is late"]
    assert found["cell-events-6"][0] == "✉ SMS: Sorry, your delivery is"
    assert "cell-events-1" not in found and "cell-events-3" not in found
    assert found["blueprint"][:2] == [
        "Сервисный блюпринт: Order a sofa online and get it delivered",
        "Цель клиента: Get the right sofa delivered on a day I am at home"]
    # The step where the delivery crew takes over from the contact centre's agents: owner
    # and hand-off, whole lines. The chat after the self-service website is no hand-off.
    assert found["cell-channel-7"] == ["Two-person home delivery",
                                       "владелец канала: Logistics and", "delivery",
                                       "⇄ передача от: Customer contact", "centre"]
    assert found["cell-channel-1"] == ["Web chat", "владелец канала: Customer",
                                       "contact centre"]
    assert found["step-5"][-2:] == ["✗★ момент истины, не", "измеряется напрямую"]
    assert found["cell-listening-4"] == ["✗ нет точки сбора обратной", "связи"]  # the SMS
    # The web chat's CSAT misses its target; its CES meets it (Russian decimal commas).
    assert found["cell-listening-1"] == ["Post-chat survey (через канал):", "csat, ces",
                                         "csat 4,1 ✗ ≥ 4,3", "ces 5,6 ✓ ≥ 5,5"]


def test_blueprint_in_polish_and_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    dot = drawn(capsys, RETAILER, "--journey", "online-order", "--lang", "pl",
                "--format", "dot")
    for text in ('label="Działania widoczne\\n(frontstage)\\n"',
                 'label="Działania niewidoczne\\n(backstage)\\n"',
                 'label="linia widoczności\\n"', 'label="linia interakcji\\n"',
                 'label="linia interakcji wewnętrznej\\n"', 'label="Dowody fizyczne\\n"',
                 'label="Punkty nasłuchu\\n"',
                 'label="Mapa usługi: Order a sofa online and get it delivered\\l',
                 "\\l✗★ moment prawdy, bez\\lbezpośredniego pomiaru\\l",
                 "\\lwłaściciel kanału: Logistics and\\ldelivery\\l⇄ przekazanie od: "
                 "Customer\\lcontact centre\\l",
                 'label="Legenda\\l"', 'label="✓ z pomiarem\\l"'):
        assert text in dot, text
    assert "Backstage" not in dot and "Frontstage" not in dot and "Legend\\l" not in dot

    found = lines_by_id(drawn(capsys, RETAILER, "--journey", "online-order", "--lang", "zh"))
    assert {key: found[f"lane-{key}"] for key in ("frontstage", "backstage", "customer",
                                                  "evidence", "support", "listening")} == {
        "frontstage": ["前台"], "backstage": ["后台"], "customer": ["客户行为"],
        "evidence": ["有形展示"], "support": ["支持流程"], "listening": ["倾听点"]}
    assert found["line-interaction-title"] == ["互动线"]
    assert found["line-visibility-title"] == ["可见线"]
    assert found["line-internal-title"] == ["内部互动线"]
    # Who acts and what is done, with Chinese's full-width colon.
    assert found["cell-frontstage-0"][0] == "Digital experience：Shows stock"
    assert blueprint_legend(found)[0] == "图例"
    assert "⇄ 部门间交接" in blueprint_legend(found)
    assert found["blueprint"][0] == "服务蓝图：Order a sofa online and get it delivered"
    # Chinese lists metric ids with 、, and takes the full-width colon and brackets.
    # Then the website's targets against their latest values.
    assert "".join(found["cell-listening-0"]) == (
        "Website and app interceptsurvey（经由渠道）：csat、ces、goal-completion"
        "csat 4.4 ✓ ≥ 4.2ces 5.7 ✓ ≥ 5.5")

    dot = drawn(capsys, RETAILER, "--journey", "online-order", "--lang", "zh-Hant",
                "--format", "dot")
    for text in ('label="後台\\n"', 'label="前台\\n"', 'label="可見線\\n"', 'label="互動線\\n"',
                 'label="內部互動線\\n"', 'label="實體證據\\n"', 'label="聆聽點\\n"', "圖例\\l"):
        assert text in dot, text


def test_journey_map_and_maps_in_russian_polish_and_chinese(
        capsys: pytest.CaptureFixture[str]) -> None:
    found = lines_by_id(drawn(capsys, RETAILER, "--journey", "online-order", "--view",
                              "journey", "--lang", "ru"))
    assert [found[f"axis-{n}"] for n in range(5)] == [
        ["−2 очень негативно"], ["−1 негативно"], ["0 нейтрально"], ["+1 позитивно"],
        ["+2 очень позитивно"]]
    assert found["legend"] == [
        "Условные обозначения", "● эмоция клиента на каждом шаге, от −2 до +2",
        "★ момент истины", "⚡ болевая точка", "✓ измеряется ✗ не измеряется",
        "пунктир: между точками есть шаги без эмоции",
        "○ шаг на ответвлении, его проходят не все клиенты (кривая идёт по основному пути)"]
    assert found["journey-map"][:3] == [
        "Карта пути клиента: Order a sofa online and get it delivered",
        "Цель клиента: Get the right sofa delivered on a day I am at home",
        "Персона: Busy online shopper"]

    found = lines_by_id(drawn(capsys, RETAILER, "--view", "channels", "--lang", "pl"))
    assert "Kanały: jak klienci przechodzą między nimi" in found["channels-map"]
    assert found["legend"] == [
        "Legenda", "✓ kanał z pomiarem (wskaźniki)", "✗ kanał bez punktu nasłuchu",
        "×N — ścieżki klienta zmieniają tu kanał N razy",
        "czerwona linia przerywana: przejście do punktu styku bez pomiaru"]
    moves = [lines for key, lines in found.items() if key.startswith("move-")]
    assert ["×1 ✗ 1 przejście bez pomiaru"] in moves

    svg = drawn(capsys, RETAILER, "--view", "ownership", "--lang", "zh")
    found = lines_by_id(svg)
    assert found["no-owner"] == ["✗ 无负责部门"]
    assert found["legend"] == ["图例", "→ 负责 ··· 共同负责", "绿色箭头：倾听点的结果共享给该部门",
                               "红色虚线：开环（结果未送达负责部门，或未回访客户）"]
    every = [(t.text or "").strip() for t in ET.fromstring(svg).iter(f"{SVG}text")]
    # The title, the groups, and the arrows' words.
    assert {"职责归属：谁负责什么，反馈流向何处", "渠道", "客户旅程", "倾听点", "共同负责",
            "结果未送达", "✗ 内循环未闭合", "✗ 外循环未闭合"} <= set(every)
    # Social listening answers nobody who complains in public (CX404) and its results miss
    # the departments that cause what it hears (CX402).
    posts = {lines[0]: lines[1:] for key, lines in found.items() if key.startswith("post-")}
    assert posts["Social listening"] == ["✗ 内循环未闭合", "✗ 外循环未闭合"]
    # Where the results go is drawn: a green arrow to each department, its tooltip in Chinese
    # with the names in Chinese quotation marks.
    tips = [a.get(f"{{{XLINK}}}title") for g in ET.fromstring(svg).iter(f"{SVG}g")
            if (g.get("id") or "").startswith("results-to-") for a in g.iter(f"{SVG}a")]
    assert "“Delivery performance data”的结果共享给“E-commerce”" in tips
    assert "“Delivery performance data”的结果共享给“Customer contact centre”" in tips


@pytest.mark.parametrize(("language", "forms"), [
    ("ru", {1: "✗ 1 переход без измерения", 2: "✗ 2 перехода без измерения",
            5: "✗ 5 переходов без измерения", 11: "✗ 11 переходов без измерения",
            21: "✗ 21 переход без измерения", 22: "✗ 22 перехода без измерения"}),
    ("pl", {1: "✗ 1 przejście bez pomiaru", 2: "✗ 2 przejścia bez pomiaru",
            5: "✗ 5 przejść bez pomiaru", 11: "✗ 11 przejść bez pomiaru",
            21: "✗ 21 przejść bez pomiaru", 22: "✗ 22 przejścia bez pomiaru"}),
    ("zh", {1: "✗ 1 次未测量", 2: "✗ 2 次未测量", 5: "✗ 5 次未测量", 22: "✗ 22 次未测量"}),
    ("en", {1: "✗ 1 unmeasured", 2: "✗ 2 unmeasured", 1234: "✗ 1,234 unmeasured"}),
])
def test_counts_on_the_channel_map_take_the_languages_plural_forms(
        language: str, forms: dict[int, str]) -> None:
    assert {n: render(UNMEASURED_MOVES(symbol="✗", count=n), language)
            for n in forms} == forms


def test_render_errors_and_limits_in_the_chosen_language(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", RETAILER, "--lang", "ru"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "укажите путь клиента для диаграммы через --journey (пути клиента: online-order, "
        "return-item, store-pickup)")
    assert main(["render", RETAILER, "--journey", "online-ordr", "--lang", "pl"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "brak ścieżki klienta „online-ordr”; czy chodziło o „online-order”?")
    assert main(["render", RETAILER, "--journey", "online-ordr", "--lang", "zh"]) == 2
    assert capsys.readouterr().err.strip().endswith(
        "找不到客户旅程“online-ordr”，您是否指的是“online-order”？")
    ws = tmp_path / "bank"
    ws.mkdir()
    for path in (EXAMPLES / "bank-account-opening").rglob("*.yaml"):
        target = ws / path.relative_to(EXAMPLES / "bank-account-opening")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    (ws / ".cxmodel.yaml").write_text("limits: {max_diagram_steps: 6}\n", encoding="utf-8")
    assert main(["render", str(ws), "--journey", "otwarcie-konta", "--format", "dot",
                 "--lang", "pl"]) == 1
    assert ("error CX006 input-limit: Ścieżka klienta „otwarcie-konta” ma 7 kroków — za "
            "dużo, by ją narysować (limit dla map usługi i map ścieżki klienta: 6, ustawienie "
            "max_diagram_steps). Została sprawdzona i ujęta w raporcie, ale nie jest "
            "rysowana.") in capsys.readouterr().err


def test_mermaid_section_without_a_stage_is_translated(
        write, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = write("mmd/a.yaml", """\
departments: [{id: d}]
channels: [{id: web, kind: web, owner: d}]
journeys:
  - id: j
    stages: [{id: s, name: Start}]
    steps:
      - {id: a, stage: s, channel: web}
      - {id: b, channel: web}
""")
    for language, section in (("en", "(no stage)"), ("ru", "(без этапа)"),
                              ("pl", "(bez etapu)"), ("zh", "（无阶段）")):
        assert main(["export", "mermaid", str(path), "--lang", language]) in (0, 1)
        assert f"    section {section}\n" in capsys.readouterr().out, language


class _Quoting(gettext.NullTranslations):
    """A catalogue whose translations hold what DOT and SVG must escape."""

    TEXTS: ClassVar[dict[str, str]] = {"diagram.lane.frontstage": 'F"s"\\N&<b>',
             "diagram.ownership.channels": 'Kanały "x" \\l & <i>',
             "diagram.ownership.co-owner": '"co" \\G <o> \\"',
             "diagram.legend.title": 'Leg"end'}

    def pgettext(self, context: str, message: str) -> str:
        return self.TEXTS.get(context, message)


def _retailer() -> Workspace:
    ws = cxmodel.load(EXAMPLES / "omnichannel-retailer").workspace
    assert ws is not None
    return ws


def test_translated_labels_with_quotes_are_escaped_in_dot_and_svg(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(said, "translations", lambda language: _Quoting())
    use("ru")
    ws = _retailer()
    journey = ws.journey("online-order")
    assert journey is not None
    dot, layout = blueprint(ws, journey)
    assert 'label="F\\"s\\"\\\\N&amp;<b>\\n"' in dot
    assert 'label="Leg\\"end\\l' in dot
    found = lines_by_id(engine.render(dot, "svg", layout).decode("utf-8"))
    assert found["lane-frontstage"] == ['F"s"\\N&<b>']
    assert found["legend-title"] == ['Leg"end']
    dot, layout = ownership_map(ws)
    assert 'label="Kanały \\"x\\" \\\\l &amp; <i>"' in dot
    assert 'label="\\"co\\" \\\\G <o> \\\\\\""' in dot
    svg = engine.render(dot, "svg", layout).decode("utf-8")
    every_text = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text")]
    assert 'Kanały "x" \\l & <i>' in every_text
    assert '"co" \\G <o> \\"' in every_text


def test_a_lane_grows_to_hold_its_translated_title(write) -> None:  # type: ignore[no-untyped-def]
    path = write("lane/a.yaml", """\
departments: [{id: d}]
channels: [{id: web, kind: web, owner: d}]
journeys:
  - id: j
    steps:
      - {id: a, channel: web, backstage: [{actor: d, action: Checks}]}
""")
    ws = cxmodel.load(path).workspace
    assert ws is not None

    def height(language: str) -> float:
        use(language)
        dot, _ = blueprint(ws, ws.journeys[0])
        line = next(line for line in dot.splitlines() if line.startswith('\t"lane-backstage"'))
        return float(line.split(" height=")[1].split()[0].strip('"')) * 72

    # Polish: "Działania niewidoczne / (backstage)", two lines of 11 points (13 apart), where
    # English "Backstage" takes one.
    assert height("en") == pytest.approx(26.0, abs=0.01)
    assert height("pl") == pytest.approx(2 * 13.0 + 16 - 4, abs=0.01)


@pytest.mark.parametrize(("language", "tag", "first_cjk"), [
    ("zh", "zh-Hans", "Noto Sans CJK SC"), ("zh-Hant", "zh-Hant", "Noto Sans CJK TC"),
    ("pl", "pl", "Noto Sans CJK SC")])
def test_a_drawing_says_its_language_and_takes_its_scripts_fonts_first(
        capsys: pytest.CaptureFixture[str], language: str, tag: str, first_cjk: str) -> None:
    """Traditional Chinese takes Taiwan's and Hong Kong's glyph forms (TC fonts before SC),
    and the SVG's root declares the language, as a page does (a Shanghai workshop's review)."""
    svg = drawn(capsys, RETAILER, "--view", "channels", "--lang", language)
    root = ET.fromstring(svg)
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == tag
    fonts = re.search(r'font-family="([^"]*)"', svg)
    assert fonts is not None
    assert next(f for f in fonts.group(1).split(",") if "CJK" in f) == first_cjk
