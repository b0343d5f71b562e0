"""The slips workshops make in YAML (#18): each gives one diagnostic that says what went
wrong in plain words, where, and how to fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

import cxmodel
from cxmodel.cli import main
from cxmodel.config import ConfigError
from cxmodel.diagnostics import Diagnostic

CHANNELS = """channels:
  - {id: app, name: My Telco app, kind: app}
  - {id: phone, name: Hotline, kind: voice}
"""


def _only(path: Path) -> Diagnostic:
    diagnostics = cxmodel.load(path).diagnostics
    assert len(diagnostics) == 1, [f"{d.code}@{d.span.line}:{d.span.column} {d.message}"
                                   for d in diagnostics]
    return diagnostics[0]


def _at(d: Diagnostic) -> tuple[str, int, int]:
    return d.code, d.span.line, d.span.column


def test_a_missing_dash_is_one_diagnostic_at_the_line_that_needed_it(write) -> None:  # type: ignore[no-untyped-def]
    path = write("move.yaml", CHANNELS + """journeys:
  - id: move
    steps:
      - id: call
        channel: phone
        id: confirm
        channel: app
        name: Confirm the new address
""")
    d = _only(path)
    assert _at(d) == ("CX002", 9, 9)
    assert d.message == ("Did you forget '- ' to start a new item of 'steps'? The key 'id' "
                         "appears again in this item (first on line 7), so the two items were "
                         "read as one.")
    assert d.hint == ("Write '- ' before 'id' on line 9, in the column of the '- ' of the item "
                      "above, and indent the item's other keys like its first.")


def test_a_key_repeated_elsewhere_in_an_item_stays_a_duplicate_key(write) -> None:  # type: ignore[no-untyped-def]
    path = write("dup.yaml", "channels:\n  - id: app\n    name: A\n    name: B\n")
    d = _only(path)
    assert _at(d) == ("CX002", 4, 5)
    assert d.message.startswith("The key 'name' appears twice in this mapping (first on line 3)")


@pytest.mark.parametrize(("line", "written", "message", "hint"), [
    ("        channel: My Telco app\n", "channel",
     "Unknown channel 'My Telco app' in step 'call' of journey 'move', did you mean 'app' "
     "(named 'My Telco app')?",
     "A reference names an element by its id: write 'app', not its name."),
    ("        channel: HOTLINE\n", "channel",
     "Unknown channel 'HOTLINE' in step 'call' of journey 'move', did you mean 'phone' "
     "(named 'HOTLINE')?",
     "A reference names an element by its id: write 'phone', not its name."),
    ("        stage: résolution\n", "stage",
     "Unknown stage 'résolution' in step 'call' of journey 'move', did you mean 'resolve' "
     "(named 'résolution')?",
     "A reference names an element by its id: write 'resolve', not its name."),
])
def test_a_display_name_where_an_id_belongs_suggests_the_id(  # type: ignore[no-untyped-def]
        write, line: str, written: str, message: str, hint: str) -> None:
    path = write("move.yaml", CHANNELS + """journeys:
  - id: move
    stages: [{id: resolve, name: Resolution}]
    steps:
      - id: call
""" + line)
    d = _only(path)
    assert _at(d) == ("CX005", 9, 11 + len(written))
    assert d.message == message
    assert d.hint == hint


def test_an_id_written_without_its_accents_is_a_typo_not_a_name(write) -> None:  # type: ignore[no-untyped-def]
    """'oddzial' for the id 'oddział' of the channel named 'Oddział': the name folds alike,
    but what was written is the id with a letter off, not the name."""
    path = write("konto.yaml", """channels: [{id: oddział, name: Oddział, kind: in-person}]
journeys:
  - id: konto
    steps:
      - {id: wizyta, channel: oddzial}
""")
    d = _only(path)
    assert _at(d) == ("CX005", 5, 31)
    assert d.message == ("Unknown channel 'oddzial' in step 'wizyta' of journey 'konto', did "
                         "you mean 'oddział'?")
    assert "not its name" not in (d.hint or "")


def test_prose_cut_by_a_comma_in_braces_says_to_quote_it(write) -> None:  # type: ignore[no-untyped-def]
    path = write("move.yaml", """departments: [{id: agents}]
journeys:
  - id: move
    steps:
      - id: call
        frontstage:
          - {actor: agents, action: Проверяет, что адрес верный}
""")
    d = _only(path)
    assert _at(d) == ("CX003", 7, 48)
    assert d.message == ("The text of 'action' was cut at a comma: inside { }, a comma ends a "
                         "value, so 'что адрес верный' was read as a key of its own.")
    assert d.hint == 'Put the whole text in double quotes: action: "Проверяет, что адрес верный"'


def test_chinese_prose_cut_by_a_comma_is_one_finding_whose_fix_keeps_every_piece(write) -> None:  # type: ignore[no-untyped-def]
    """Chinese prose has no spaces, and a text may hold several commas: the pieces after the
    first comma are all the rest of the text, said once, and the fix quotes all of it."""
    path = write("order.yaml", """departments: [{id: kefu}]
journeys:
  - id: order
    steps:
      - id: ask
        frontstage: {actor: kefu, action: 解答兼容性, 发送优惠券, 记录工单}
""")
    d = _only(path)
    assert _at(d) == ("CX003", 6, 50)
    assert d.message == ("The text of 'action' was cut at a comma: inside { }, a comma ends a "
                         "value, so '发送优惠券' was read as a key of its own.")
    assert d.hint == ('Put the whole text in double quotes: '
                      'action: "解答兼容性, 发送优惠券, 记录工单"')
    (fix,) = d.fixes
    (edit,) = fix.edits
    assert (edit.span.line, edit.span.column, edit.span.end_column) == (6, 35, 61)
    assert edit.text == 'action: "解答兼容性, 发送优惠券, 记录工单"'


def test_a_key_unknown_to_a_lane_written_as_one_mapping_names_the_lane_entry(write) -> None:  # type: ignore[no-untyped-def]
    """`frontstage: {...}` is the lane's only entry: a wrong key there is not a key of the
    step, and the hint lists a frontstage entry's keys."""
    path = write("order.yaml", """departments: [{id: kefu}]
journeys:
  - id: order
    steps:
      - id: ask
        frontstage: {actor: kefu, acter: kefu}
""")
    d = _only(path)
    assert _at(d) == ("CX003", 6, 35)
    assert d.message == ("'acter' is not a key of entry 1 of 'frontstage' of step 'ask' of "
                         "journey 'order'.")


def test_a_full_width_comma_between_entries_of_braces_is_named_and_fixed(write) -> None:  # type: ignore[no-untyped-def]
    """The Chinese input method's '，' where ', ' separates two entries of { }: the actor's
    text runs on into the next key. Said at the comma, with the fix that writes ', ' (not
    the advice to quote the whole text, which would make a department of it)."""
    path = write("order.yaml", """departments: [{id: kefu, name: 客服中心}]
journeys:
  - id: order
    steps:
      - id: ask
        frontstage: {actor: kefu，action: 解答兼容性并发送优惠券}
""")
    d = _only(path)
    assert _at(d) == ("CX001", 6, 33)
    assert d.message == ("Before 'action' stands '，' (U+FF0C FULLWIDTH COMMA), which YAML "
                         "does not read as a comma: inside { }, entries are separated by ', ', "
                         "so the text before runs on into 'action'.")
    (fix,) = d.fixes
    (edit,) = fix.edits
    assert (edit.span.column, edit.span.end_column, edit.text) == (33, 34, ", ")
    fixed = path.read_text(encoding="utf-8").replace("kefu，action", "kefu, action")
    path.write_text(fixed, encoding="utf-8")
    assert cxmodel.load(path).diagnostics == []


def test_a_key_glued_to_its_value_is_said_at_its_colon_not_the_next_line(write) -> None:  # type: ignore[no-untyped-def]
    """`channel:小程序` (no space after ':'): YAML reads one text and then stumbles on the
    next line; the finding stands at the colon, with the fix that adds the space."""
    path = write("order.yaml", """channels: [{id: 小程序}]
journeys:
  - id: order
    steps:
      - id: ask
        channel:小程序
        emotion: 1
""")
    d = _only(path)
    assert _at(d) == ("CX001", 6, 16)
    assert d.message == ("The ':' after 'channel' has no space after it, so YAML reads "
                         "'channel:小程序' as one text, not as the key 'channel' and its value.")
    (fix,) = d.fixes
    (edit,) = fix.edits
    assert (edit.span.line, edit.span.column, edit.text) == (6, 16, ": ")


def test_ideographic_spaces_as_indentation_are_named(write) -> None:  # type: ignore[no-untyped-def]
    path = write("order.yaml", "journeys:\n  - id: order\n    steps:\n      - id: ask\n"
                               "　　　　emotion: 1\n")
    d = _only(path)
    assert _at(d) == ("CX003", 5, 1)
    assert d.message == ("'emotion' is indented with U+3000 IDEOGRAPHIC SPACE, which YAML "
                         "does not count as indentation: it reads the spaces as part of the key.")


def test_a_tab_in_the_indentation_is_said_in_the_language(write) -> None:  # type: ignore[no-untyped-def]
    from cxmodel.messages.render import render, use

    path = write("order.yaml", "journeys:\n  - id: order\n    steps:\n      - id: ask\n"
                               "\tchannel: web\n")
    d = _only(path)
    assert _at(d)[:2] == ("CX001", 5)
    use("zh")
    try:
        said = render(d.text)
    finally:
        use("en")
    assert "found a tab" not in said and "制表符" in said


def test_a_key_or_value_typed_in_the_workshops_language_gets_the_english_word(write) -> None:  # type: ignore[no-untyped-def]
    """渠道 for channel, 社交聆听 for social-listening, мониторинг соцсетей too: the hint
    gives the word the YAML wants (from the catalogues the pages are shown in)."""
    path = write("model.yaml", """departments: [{id: d}]
channels: [{id: web, owner: d}]
journeys:
  - id: j
    steps:
      - id: s
        渠道: web
listening_posts:
  - {id: social, method: 社交聆听, owner: d, covers: {channels: [web]}}
  - {id: vk, method: мониторинг соцсетей, owner: d, covers: {channels: [web]}}
""")
    found = sorted(cxmodel.load(path).diagnostics, key=lambda d: d.span.line)
    assert [(d.code, d.span.line, d.span.column) for d in found] == [
        ("CX003", 7, 9), ("CX003", 9, 26), ("CX003", 10, 22)]
    assert found[0].hint == ("Write 'channel:': '渠道' is the name of that key in your "
                             "language, and the YAML uses the English key.")
    assert found[1].hint == ("Write 'social-listening': '社交聆听' is its name in your language, "
                             "and the YAML uses the English word.")
    assert found[2].hint is not None and found[2].hint.startswith("Write 'social-listening'")


def test_ids_joined_by_a_chinese_comma_are_said_to_be_several(write) -> None:  # type: ignore[no-untyped-def]
    path = write("model.yaml", """departments: [{id: d}]
channels: [{id: web, owner: d}]
journeys:
  - {id: 售后维修, steps: [{id: s, channel: web}]}
  - {id: 退换货, steps: [{id: s, channel: web}]}
listening_posts:
  - {id: p, owner: d, covers: {journeys: [售后维修，退换货, 售后维修、退换货]}}
""")
    found = cxmodel.load(path).diagnostics
    assert [(d.code, d.span.line, d.span.column) for d in found] == [
        ("CX005", 7, 43), ("CX005", 7, 53)]
    assert found[0].hint == ("'售后维修，退换货' is several ids joined by '，': separate them "
                             "with ', ' (a half-width comma and a space) inside [ ], or write "
                             "one per line after '- '.")
    assert found[1].hint is not None and "joined by '、'" in found[1].hint


def test_an_emotion_out_of_range_gives_the_range(write) -> None:  # type: ignore[no-untyped-def]
    path = write("move.yaml", "journeys:\n  - id: move\n    steps:\n"
                              "      - {id: call, emotion: 5}\n")
    d = _only(path)
    assert _at(d) == ("CX003", 4, 29)
    assert d.message == ("'emotion' of step 'call' of journey 'move' must be from -2 to 2, but "
                         "it is 5.")


def test_a_step_with_no_id_names_its_journey_and_position(write) -> None:  # type: ignore[no-untyped-def]
    path = write("move.yaml", CHANNELS + """journeys:
  - id: move
    steps:
      - id: call
        channel: phone
      - channel: app
        name: Confirm the new address
""")
    d = _only(path)
    assert _at(d) == ("CX003", 9, 9)
    assert d.message == "Step 2 of journey 'move' has no id."
    assert d.hint == ("Give it an id that next: and covers.touchpoints can refer to, e.g. "
                      "'id: confirm-the-new-address'.")


@pytest.mark.parametrize(("text", "at", "message"), [
    ('journeys:\n  - id: x\n    name: "unclosed\n', (4, 1),
     "This is not valid YAML: the file ends inside a quoted text, so a quote is never closed."),
    ("journeys:\n  - id: x\n    goal: Arrive: on time\n", (3, 17),
     "This is not valid YAML: a value holds ': ' without quotes, or a line is indented too "
     "far, so it reads like a key."),
    ("journeys:\n  - id: x\n    name: [one, two\n    goal: y\n", (4, 9),
     "This is not valid YAML: a list in [ ] is not closed with ']', or its items are not "
     "separated by commas."),
    ("journeys:\n  - id: x\n  goal: y\n", (3, 3),
     "This is not valid YAML: a line inside a list does not start with '- ' in the column of "
     "the items above it."),
])
def test_yaml_syntax_errors_are_said_in_plain_words(  # type: ignore[no-untyped-def]
        write, text: str, at: tuple[int, int], message: str) -> None:
    d = _only(write("broken.yaml", text))
    assert _at(d) == ("CX001", *at)
    assert d.message == message
    assert "scanning" not in d.message and "scalar" not in d.message


@pytest.mark.parametrize("language", ["en", "pl", "ru", "zh", "zh-Hant"])
def test_the_starter_checks_clean(tmp_path: Path, language: str,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["init", str(tmp_path / "ws"), "--lang", language]) == 0
    capsys.readouterr()
    result = cxmodel.check(tmp_path / "ws")
    assert result.diagnostics == []


def test_render_all_numbers_sort_past_99(tmp_path: Path) -> None:
    lines = ["journeys:"]
    for n in range(101):
        lines.append(f"  - {{id: j{n}, owner: d, steps: [{{id: s, channel: c}}]}}")
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "model.yaml").write_text("departments: [{id: d}]\nchannels: [{id: c, owner: d}]\n"
                                   + "\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    main(["render", str(ws), "--all", "--format", "dot", "-o", str(out)])
    names = sorted(p.name for p in out.iterdir() if p.name.endswith("-blueprint.dot"))
    assert names[:2] == ["001-j0-blueprint.dot", "002-j1-blueprint.dot"]
    assert names[-1] == "101-j100-blueprint.dot"
    assert len(names) == 101


def test_a_comment_that_swallows_the_text_is_a_warning_with_the_line_quoted(
        write, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    path = write("move.yaml", CHANNELS + """journeys:
  - id: move
    goal: Be reachable again #1 priority
    description: Mapped in May  # not cut: a real comment
    steps:
      - id: call
        channel: phone
""")
    code = main(["check", str(path), "--select", "CX704"])
    out = capsys.readouterr().out
    assert code == 0  # a warning: fail_on is error
    assert out.splitlines()[:3] == [
        f"{path.as_posix()}:6:11: warning CX704 comment-in-text: The goal of journey 'move' "
        "reads 'Be reachable again': the '#1 priority' after it is taken as a comment, "
        "because YAML starts one at a '#' after a space.",
        '    hint: Put the whole text in quotes: goal: "Be reachable again #1 priority"',
        "    6 |     goal: Be reachable again #1 priority",
    ]
    assert "Found 0 errors, 1 warning" in out


def test_a_comment_inside_brackets_is_located_at_its_hash(write) -> None:  # type: ignore[no-untyped-def]
    path = write("move.yaml", CHANNELS + """journeys:
  - id: move
    steps:
      - id: call
        pain_points: [Packed dimensions #1 complaint, Door width]
        customer: Calls
""")
    d = _only(path)
    assert _at(d) == ("CX001", 8, 41)
    assert d.message == ("This is not valid YAML: a list in [ ] is not closed with ']', or "
                         "its items are not separated by commas.")
    assert d.hint == ("The ' #' here starts a comment, which hides the rest of the line, the "
                      "closing bracket too: put the text holding the '#' in quotes.")


def test_a_due_date_that_is_no_day_of_the_calendar_is_refused(write) -> None:  # type: ignore[no-untyped-def]
    """2025-02-30 has the form of a date, so the schema's pattern lets it through; as a due
    date it would never come, and the action never be overdue (CX807)."""
    path = write("actions.yaml", """departments: [{id: care}]
problems: [{id: late, owner: care}]
actions:
  - {id: fix, title: Fix it, owner: care, origin: {problem: late}, due: 2025-02-30, status: open}
  - {id: ok, title: Leap day, owner: care, origin: {problem: late}, due: 2028-02-29, status: open}
""")
    d = _only(path)
    assert _at(d) == ("CX003", 4, 73)
    assert d.message == "'2025-02-30' is not a date: 2025-02 has no day 30."
    assert d.hint == "Write a day of the calendar as year-month-day: 2027-01-31."


def test_an_as_of_day_that_is_no_day_of_the_calendar_is_refused(tmp_path: Path) -> None:
    (tmp_path / ".cxmodel.yaml").write_text("options: {as_of: 2026-11-31}\n", encoding="utf-8")
    (tmp_path / "m.yaml").write_text("departments: [{id: care}]\n", encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        cxmodel.check(tmp_path)
    (d,) = raised.value.diagnostics
    assert (d.code, d.span.line, d.span.column) == ("CX003", 1, 18)
    assert d.message == "'2026-11-31' is not a date: 2026-11 has no day 31."


@pytest.mark.parametrize(("line", "column", "message", "replaced"), [
    ("        channel：电话\n", 16,
     "This key is followed by '：' (U+FF1A FULLWIDTH COLON), which YAML does not read as a "
     "colon.", "：电话"),
    ("        channel： 电话\n", 16,
     "This key is followed by '：' (U+FF1A FULLWIDTH COLON), which YAML does not read as a "
     "colon.",
     "： 电话"),
    ("        channel:\u00a0电话\n", 16,
     "This key's ':' is followed by U+00A0 NO-BREAK SPACE, which YAML does not read as a "
     "space.", ":\u00a0电话"),
])
def test_a_colon_typed_with_a_chinese_input_method_is_named_where_it_is(  # type: ignore[no-untyped-def]
        write, line: str, column: int, message: str, replaced: str) -> None:
    """A workshop in Shanghai types the full-width '：' of its input method: the file is
    broken on the next line, but the diagnostic names the colon, where it is, and offers the
    fix that writes ': '."""
    path = write("j.yaml", """channels: [{id: 电话, kind: voice}]
journeys:
  - id: j
    steps:
      - id: call
""" + line + "        name: 打电话\n")
    d = _only(path)
    assert _at(d) == ("CX001", 6, column)
    assert d.message == message
    (fix,) = d.fixes
    (edit,) = fix.edits
    source = path.read_text(encoding="utf-8").splitlines()[5]
    fixed = source[:edit.span.column - 1] + edit.text + source[edit.span.end_column - 1:]
    assert fixed == "        channel: 电话", replaced


def test_a_colon_in_prose_inside_braces_says_to_quote_it(write) -> None:  # type: ignore[no-untyped-def]
    """As a comma in such prose does (CX003 above), a second ': ' inside { } breaks the line:
    the diagnostic names the text, spans it, and offers the quoted text as the fix."""
    path = write("move.yaml", """departments: [{id: agents}]
journeys:
  - id: move
    steps:
      - id: call
        frontstage: {actor: agents, action: Changes the slot: new date}
""")
    d = _only(path)
    assert _at(d) == ("CX001", 6, 37)
    assert d.message == ("The text of 'action' holds ': ', which inside { } starts a new key: "
                         "this line cannot be read.")
    assert d.hint == 'Put the whole text in double quotes: action: "Changes the slot: new date"'
    (fix,) = d.fixes
    (edit,) = fix.edits
    assert (edit.span.column, edit.span.end_column) == (37, 71)
    source = path.read_text(encoding="utf-8").splitlines()[5]
    assert source[:36] + edit.text + source[70:] == (
        '        frontstage: {actor: agents, action: "Changes the slot: new date"}')
