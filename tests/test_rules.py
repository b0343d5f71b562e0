"""The gap rules CX101-CX809, proven on data: every file (or folder) under cases/rules is a
small valid workspace named after the rule it exercises, with header comments saying what
the check must report.

Header lines (anywhere in a case file, or in a folder case's ``expect.txt``):

``# expect: CX101@12:13 CX101@15:13``
    The exact diagnostics (as a multiset: a position may repeat) of the codes named on
    the line; positions are ``line:column`` (1-based, columns count characters), or
    ``file.yaml:line:column`` in a folder case. Other codes may fire.
``# expect-none: CX101 CX104``
    Codes that must not be reported at all.
``# waived: CX101@12:13``
    The exact waived findings (result.analysis.waived) of the codes named on the line.
``# message: CX102@12:13 some text``
    The message of the finding at that place (of that code) contains the text.
``# hint: CX102@12:13 some text``
    Its hint (how to fix it) contains the text.
``# xfail: reason``
    The tool disagrees with rules.md here: the case states what rules.md demands and is
    expected to fail (strictly, so it is noticed once the rule is fixed).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import cxmodel
from cxmodel.analyze.registry import RULES, RULES_BY_CODE, all_codes
from cxmodel.baseline import read_baseline
from cxmodel.cli import main
from cxmodel.config import load_config
from cxmodel.diagnostics import Diagnostic
from tests.conftest import CASES

RULE_CASES = CASES / "rules"

_HEADER = re.compile(r"^\s*#\s*(expect|expect-none|waived|message|hint|xfail)\s*:\s*(.*?)\s*$")
_CODE = re.compile(r"^CX\d{3}$")
_LOCATED = re.compile(r"^(CX\d{3})@((?:[^@\s]+:)?\d+:\d+)$")


@dataclass
class Case:
    path: Path
    expect: Counter[str] = field(default_factory=Counter)
    expect_codes: set[str] = field(default_factory=set)
    none: set[str] = field(default_factory=set)
    waived: Counter[str] = field(default_factory=Counter)
    waived_codes: set[str] = field(default_factory=set)
    messages: list[tuple[str, str]] = field(default_factory=list)
    hints: list[tuple[str, str]] = field(default_factory=list)
    xfail: str | None = None

    @property
    def codes(self) -> set[str]:
        """Every code the header speaks about."""
        return self.expect_codes | self.none | self.waived_codes | {
            at.partition("@")[0] for at, _ in self.messages + self.hints}


def _located(token: str, case: Path) -> str:
    match = _LOCATED.match(token)
    assert match, f"{case.name}: '{token}' is not CODE@line:column"
    return token


def parse_case(path: Path) -> Case:
    source = path / "expect.txt" if path.is_dir() else path
    case = Case(path)
    for line in source.read_text(encoding="utf-8").splitlines():
        match = _HEADER.match(line)
        if not match:
            continue
        kind, rest = match.groups()
        if kind == "expect":
            tokens = [_located(t, path) for t in rest.split()]
            assert tokens, f"{path.name}: an empty '# expect:' line"
            case.expect.update(tokens)
            case.expect_codes.update(t.partition("@")[0] for t in tokens)
        elif kind == "waived":
            tokens = [_located(t, path) for t in rest.split()]
            case.waived.update(tokens)
            case.waived_codes.update(t.partition("@")[0] for t in tokens)
        elif kind == "expect-none":
            codes = rest.split()
            assert codes and all(_CODE.match(c) for c in codes), f"{path.name}: {line}"
            case.none.update(codes)
        elif kind == "message":
            at, _, text = rest.partition(" ")
            assert text.strip(), f"{path.name}: a '# message:' line without text"
            case.messages.append((_located(at, path), text.strip()))
        elif kind == "hint":
            at, _, text = rest.partition(" ")
            assert text.strip(), f"{path.name}: a '# hint:' line without text"
            case.hints.append((_located(at, path), text.strip()))
        else:
            case.xfail = rest or "contradicts rules.md"
    assert case.codes, f"{path.name} has no '# expect:' or '# expect-none:' header"
    unknown = case.codes - set(RULES_BY_CODE)
    assert not unknown, f"{path.name} names codes that are no gap rule: {sorted(unknown)}"
    return case


def _case_paths() -> list[Path]:
    return sorted(p for p in RULE_CASES.iterdir()
                  if not p.name.startswith(".") and (p.is_dir() or p.suffix == ".yaml"))


CASE_PATHS = _case_paths()


def _place(d: Diagnostic, case: Path) -> str:
    where = f"{d.span.line}:{d.span.column}"
    if case.is_dir():
        relative = Path(d.span.file).resolve().relative_to(case.resolve())
        where = f"{relative.as_posix()}:{where}"
    return f"{d.code}@{where}"


def _params() -> list[object]:
    params: list[object] = []
    for path in CASE_PATHS:
        case = parse_case(path)
        marks = [pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else []
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


def _check(case: Case) -> cxmodel.CheckResult:
    config = None
    if case.path.is_dir() and (case.path / "baseline.json").exists():
        # As `check --baseline baseline.json` runs it: with the days it first recorded
        # each finding (CX809).
        config = load_config(case.path, all_codes()).overridden(
            first_seen=read_baseline(case.path / "baseline.json").first_seen)
    result = cxmodel.check(case.path, config)
    assert result.load.diagnostics == [], (
        f"{case.path.name} is not a valid workspace: "
        + "; ".join(f"{_place(d, case.path)} {d.message}" for d in result.load.diagnostics))
    assert result.analysis is not None
    return result


@pytest.mark.parametrize("path", _params())
def test_rule_case(path: Path) -> None:
    case = parse_case(path)
    result = _check(case)
    assert result.analysis is not None
    found = Counter(_place(d, path) for d in result.diagnostics)
    waived = Counter(_place(w.diagnostic, path) for w in result.analysis.waived)

    def only(counter: Counter[str], codes: set[str]) -> Counter[str]:
        return Counter({k: n for k, n in counter.items() if k.partition("@")[0] in codes})

    listing = "\n".join(f"  {_place(d, path)} {d.message}" for d in result.diagnostics)
    assert sorted(only(found, case.expect_codes).elements()) == sorted(
        case.expect.elements()), f"everything reported:\n{listing}"
    assert sorted(only(found, case.none)) == [], f"everything reported:\n{listing}"
    assert sorted(only(waived, case.waived_codes).elements()) == sorted(case.waived.elements())
    if not (path.is_dir() and (path / ".cxmodel.yaml").exists()):
        for d in result.diagnostics:
            assert d.severity == RULES_BY_CODE[d.code].severity, d
    for at, text in case.messages:
        messages = [d.message for d in result.diagnostics if _place(d, path) == at]
        assert messages, f"nothing reported at {at}"
        assert any(text in m for m in messages), f"'{text}' not in {messages}"
    for at, text in case.hints:
        hints = [d.hint or "" for d in result.diagnostics if _place(d, path) == at]
        assert hints, f"nothing reported at {at}"
        assert any(text in h for h in hints), f"'{text}' not in {hints}"


# The rules.md catalogue: code -> (name, default severity). Codes are permanent.
CATALOGUE = {
    "CX101": ("unmeasured-touchpoint", "warning"),
    "CX102": ("unmeasured-moment-of-truth", "error"),
    "CX103": ("unmeasured-channel", "warning"),
    "CX104": ("unmeasured-handoff", "warning"),
    "CX105": ("no-outcome-metric", "warning"),
    "CX106": ("no-goal", "warning"),
    "CX107": ("effort-unmeasured", "info"),
    "CX108": ("unheard-worst-moment", "warning"),
    "CX109": ("heard-only-through-complaints", "info"),
    "CX201": ("mixed-metrics", "warning"),
    "CX202": ("scale-drift", "warning"),
    "CX203": ("unresolvable-problem", "warning"),
    "CX204": ("offer-gap", "warning"),
    "CX205": ("relationship-metric-per-contact", "warning"),
    "CX301": ("unowned-channel", "error"),
    "CX302": ("unowned-journey", "warning"),
    "CX303": ("unowned-listening-post", "warning"),
    "CX401": ("open-inner-loop", "warning"),
    "CX402": ("open-outer-loop", "warning"),
    "CX403": ("slow-inner-loop", "info"),
    "CX404": ("unanswered-customers", "warning"),
    "CX405": ("one-way-follow-up", "warning"),
    "CX406": ("powerless-follow-up", "warning"),
    "CX501": ("untargeted-channel", "warning"),
    "CX502": ("target-without-data", "warning"),
    "CX503": ("score-in-bonus", "warning"),
    "CX601": ("too-many-handoffs", "warning"),
    "CX602": ("no-proactive-notice", "info"),
    "CX603": ("lost-context", "warning"),
    "CX604": ("failure-demand", "warning"),
    "CX701": ("unused-element", "info"),
    "CX702": ("empty-listening-post", "warning"),
    "CX703": ("stale-waiver", "info"),
    # Added to the design's catalogue (docs/diagnostics.md): a text a comment cut short.
    "CX704": ("comment-in-text", "warning"),
    # Results and actions (#20), a family of its own (docs/diagnostics.md).
    "CX801": ("result-against-design", "error"),
    "CX802": ("target-missed", "warning"),
    "CX803": ("too-few-responses", "info"),
    "CX804": ("stale-results", "warning"),
    "CX805": ("results-not-comparable", "warning"),
    "CX806": ("report-on-the-shelf", "warning"),
    "CX807": ("overdue-action", "warning"),
    "CX808": ("orphan-action", "warning"),
    "CX809": ("error-left-standing", "warning"),
}


def test_catalogue_matches_rules_md() -> None:
    assert {r.code: (r.name, r.severity) for r in RULES} == CATALOGUE


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_rule_has_failing_and_passing_cases(code: str) -> None:
    names = [p.name for p in CASE_PATHS]
    assert any(n.startswith(f"{code}-fail") for n in names), f"no {code}-fail case"
    assert any(n.startswith(f"{code}-pass") for n in names), f"no {code}-pass case"


@pytest.mark.parametrize("path", CASE_PATHS, ids=lambda p: p.name)
def test_case_is_about_its_rule(path: Path) -> None:
    """CX101-fail*.yaml expects CX101 somewhere; CX101-pass* says CX101 must not fire (or
    only as a waived finding)."""
    case = parse_case(path)
    code, _, kind = path.name.partition("-")
    assert code in RULES_BY_CODE, f"{path.name} is not named after a rule"
    if kind.startswith("fail"):
        assert code in case.expect_codes, f"{path.name} expects no {code}"
    else:
        assert kind.startswith("pass"), f"{path.name}: name it {code}-fail... or {code}-pass..."
        assert code in case.none or (code not in case.expect_codes
                                     and code in case.waived_codes), path.name


@pytest.mark.parametrize("path", CASE_PATHS, ids=lambda p: p.name)
def test_findings_read_like_sentences(path: Path) -> None:
    """Every finding in the cases is written for a person: a capitalised sentence with a
    full stop, no Python leftovers, a hint, and a fingerprint independent of lines."""
    result = _check(parse_case(path))
    assert result.analysis is not None
    for d in [*result.diagnostics, *(w.diagnostic for w in result.analysis.waived)]:
        assert d.message[:1].isupper() and d.message.endswith("."), d.message
        for leftover in ("None", "()", "[]", "{", "}", "  "):
            assert leftover not in d.message, d.message
        assert d.hint, f"{d.code} has no hint: {d.message}"
        assert d.fingerprint and d.fingerprint.startswith(d.code), d
        assert d.name == RULES_BY_CODE[d.code].name


# Waivers and configuration ---------------------------------------------------------------

WORKSPACE = """\
departments:
  - id: digital
channels:
  - id: web
    owner: digital
  - {id: email, owner: digital}
  - {id: app, owner: digital}
metrics:
  - {id: csat, kind: experience, scope: touchpoint}
journeys:
  - id: order
    goal: Get the parcel on the promised day
    owner: digital
    steps:
      - id: browse
        channel: web
      - id: confirm
        channel: email
        waive: {CX101: "measured by the carrier's own survey"}
      - id: track
        channel: app
listening_posts:
  - id: web-survey
    owner: digital
    metrics: [csat]
    covers: {touchpoints: [order/browse]}
"""


def _codes(result: cxmodel.CheckResult) -> list[str]:
    return sorted({d.code for d in result.diagnostics})


def _workspace(write, config: str | None = None) -> Path:  # type: ignore[no-untyped-def]
    path = write("ws/model.yaml", WORKSPACE)
    if config is not None:
        write("ws/.cxmodel.yaml", config)
    return Path(path.parent)


def test_waived_finding_is_kept_apart_with_its_reason(write) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write))
    assert result.load.diagnostics == []
    assert result.analysis is not None
    cx101 = [(d.span.line, d.span.column) for d in result.diagnostics if d.code == "CX101"]
    assert cx101 == [(20, 13)]  # 'track'; 'confirm' (line 17) is waived
    [waived] = [w for w in result.analysis.waived if w.diagnostic.code == "CX101"]
    assert waived.reason == "measured by the carrier's own survey"
    assert (waived.diagnostic.span.line, waived.diagnostic.span.column) == (17, 13)
    assert "'confirm'" in waived.diagnostic.message
    assert waived.diagnostic not in result.diagnostics
    assert "CX703" not in _codes(result)  # the waiver is still needed


def test_default_severities_and_fail_on(write) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write))
    cx101 = [d for d in result.diagnostics if d.code == "CX101"]
    assert [d.severity for d in cx101] == ["warning"]
    assert "error" not in {d.severity for d in result.diagnostics}
    assert not result.fails()  # fail_on: error by default


def test_severity_override(write) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write, "severity: {CX101: error}\n"))
    assert [d.severity for d in result.diagnostics if d.code == "CX101"] == ["error"]
    assert result.analysis is not None
    # The waiver of CX101 on 'confirm' also waives the hand-off into it, and the e-mail
    # channel it is the only touchpoint of, at their own severities.
    assert sorted((w.diagnostic.code, w.diagnostic.severity)
                  for w in result.analysis.waived) == [
        ("CX101", "error"), ("CX103", "warning"), ("CX104", "warning")]
    assert {d.severity for d in result.diagnostics if d.code == "CX103"} <= {"warning"}
    assert result.fails()


def test_severity_off_removes_the_rule(write) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write, "severity: {CX101: off}\n"))
    assert "CX101" not in _codes(result)
    assert result.analysis is not None
    # The waiver still says why 'confirm' is not measured: the hand-off into it stays waived.
    assert sorted(w.diagnostic.code for w in result.analysis.waived) == ["CX103", "CX104"]
    assert "CX703" not in _codes(result)  # a rule that did not run cannot tell
    assert "CX104" in _codes(result)  # the hand-off into 'track'


def test_ignore_a_prefix(write) -> None:  # type: ignore[no-untyped-def]
    before = _codes(cxmodel.check(_workspace(write)))
    assert {"CX101", "CX104", "CX105", "CX501"} <= set(before)
    result = cxmodel.check(_workspace(write, "ignore: [CX1]\n"))
    assert not [c for c in _codes(result) if c.startswith("CX1")]
    assert "CX501" in _codes(result)


def test_select_with_a_narrower_ignore(write) -> None:  # type: ignore[no-untyped-def]
    # The longest matching prefix wins: CX10 selects CX101-CX109, ignore CX101 drops one.
    result = cxmodel.check(_workspace(write, "select: [CX10]\nignore: [CX101]\n"))
    assert _codes(result) == ["CX103", "CX104", "CX105", "CX107"]
    assert result.analysis is not None
    assert sorted(w.diagnostic.code for w in result.analysis.waived) == ["CX103", "CX104"]


def test_select_keeps_only_the_selected(write) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write, "select: [CX5]\n"))
    assert _codes(result) == ["CX501"]


@pytest.mark.parametrize(("fail_on", "fails"), [
    ("error", False), ("warning", True), ("info", True), ("never", False)])
def test_fail_on(write, fail_on: str, fails: bool) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write, f"fail_on: {fail_on}\n"))
    assert result.config.fail_on == fail_on
    assert result.fails() is fails


def test_fail_on_never_even_with_errors(write) -> None:  # type: ignore[no-untyped-def]
    result = cxmodel.check(_workspace(write, "fail_on: never\nseverity: {CX101: error}\n"))
    assert "error" in {d.severity for d in result.diagnostics}
    assert not result.fails()


# The rule table --------------------------------------------------------------------------

_KEBAB = re.compile(r"^[a-z]+(?:-[a-z]+)*$")


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule) -> None:  # type: ignore[no-untyped-def]
    assert _KEBAB.match(rule.name), rule.name
    assert rule.function.__doc__, f"{rule.code} has no docstring"
    assert "Fails" in rule.function.__doc__ and "Passes" in rule.function.__doc__
    assert "Fails" in rule.documentation and "Passes" in rule.documentation
    assert rule.summary.endswith(".") and rule.summary[:1].isupper()
    assert rule.family and rule.code[:3] in {"CX1", "CX2", "CX3", "CX4", "CX5", "CX6", "CX7",
                                           "CX8"}


def test_codes_are_unique_and_sorted() -> None:
    codes = [r.code for r in RULES]
    assert len(set(codes)) == len(codes)
    assert codes == sorted(codes)
    assert all(_CODE.match(c) for c in codes)
    assert len({r.name for r in RULES}) == len(RULES)
    assert set(RULES_BY_CODE) == set(codes)


def test_cli_rules_prints_the_documentation() -> None:
    out = subprocess.run([sys.executable, "-m", "cxmodel", "rules", "CX201"],
                         capture_output=True, text=True, timeout=60, check=True).stdout
    assert out.startswith("CX201 mixed-metrics (warning")
    assert RULES_BY_CODE["CX201"].documentation in out
    assert "Fails" in out and "Passes" in out


def test_cli_rules_by_name(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["rules", "stale-waiver"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("CX703 stale-waiver (info")
    assert RULES_BY_CODE["CX703"].documentation in out


def test_cli_rules_by_family_lists_its_part(capsys) -> None:  # type: ignore[no-untyped-def]
    """`rules CX6` (or CX60), as select: takes a prefix: that family's rules, in columns."""
    assert main(["rules", "cx6"]) == 0
    lines = capsys.readouterr().out.splitlines()
    codes = [line.split()[0] for line in lines if line.startswith("CX")]
    assert codes == sorted(c for c in RULES_BY_CODE if c.startswith("CX6"))
    assert lines[2] == "Seamlessness"
    assert main(["rules", "CX60"]) == 0
    assert all(line.split()[0].startswith("CX60")
               for line in capsys.readouterr().out.splitlines() if line.startswith("CX"))
    assert main(["rules", "CX9"]) == 2
    assert "no rule 'CX9'" in capsys.readouterr().err


def test_messages_name_at_most_ten_elements_and_count_the_rest() -> None:
    from types import SimpleNamespace

    from cxmodel.analyze.words import names
    from cxmodel.messages.render import render

    many = [SimpleNamespace(name=f"c{n}") for n in range(5000)]
    assert render(names(many), "en") == (
        "'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9' and 4,990 more")
    assert render(names(many[:10]), "en") == (
        "'c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8' and 'c9'")
    assert render(names(many[:1]), "en") == "'c0'"


def test_messages_cut_long_names(write) -> None:  # type: ignore[no-untyped-def]
    name = "Journey " + "x" * 100_000
    path = write("long/a.yaml", "channels: [{id: web, kind: web}]\njourneys:\n"
                                f"  - {{id: j, name: '{name}', "
                                "steps: [{id: s, channel: web}]}\n")
    result = cxmodel.check(path)
    assert result.analysis is not None
    unmeasured = [d for d in result.analysis.findings if d.code == "CX101"]
    assert unmeasured and all(len(d.message) < 400 for d in result.analysis.findings)
    assert f"journey '{name[:79]}…'" in unmeasured[0].message


def test_the_stale_waiver_rule_is_a_post_pass_rule_in_hygiene() -> None:
    """CX703's registry entry is what runs it (issue #21): a rule that runs after the others,
    on what they found, not logic hidden in the analysis engine."""
    from cxmodel.analyze import hygiene
    from cxmodel.analyze.registry import RULES_BY_CODE

    rule = RULES_BY_CODE["CX703"]
    assert rule.check is None and rule.post_pass is hygiene.stale_waiver.post_pass
    # CX808 too: it asks whether the finding an action answers still fires.
    assert all(r.check is not None for r in RULES_BY_CODE.values()
               if r.code not in ("CX703", "CX808", "CX809"))
