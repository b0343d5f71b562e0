"""Figures a CX manager reads at a glance must not mislead (issue #16, "Figures that
mislead"): each loop is counted over the posts it applies to, coverage is never green while
an error stands on it, findings with no department are told apart from findings on elements
no department owns, and a step with no channel is labelled by what it is."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import cxmodel
from cxmodel.loader import discover
from cxmodel.report import html, markdown_report
from cxmodel.report.data import report_data
from cxmodel.site.builder import build_site, inputs_hash

# A small shop: two surveys (one follows the customer up), a speech-analytics post and an
# operational-data post, which ask no customer anything and so owe no inner loop. The
# delivery-date call is a moment of truth measured only through its channel (CX102, an
# error). SMS has no owner; a persona nobody uses has no owner by nature.
MODEL = """\
cxmodel: 1
departments:
  - {id: care, name: Customer care, kind: frontline}
  - {id: digital, name: Digital team, kind: digital}
channels:
  - {id: web, name: Website, kind: web, mode: self-service, owner: digital}
  - {id: phone, name: Phone line, kind: voice, mode: assisted, owner: care}
  - {id: sms, name: SMS, kind: sms, mode: proactive}
problems:  # (customers reply to the slot SMS: a touchpoint to be heard, not a notice)
  - {id: wrong-day, name: Wrong delivery day, resolvable_in: [sms, phone]}
metrics:
  - id: csat
    kind: experience
    dimension: satisfaction
    scope: touchpoint
    scale: {min: 1, max: 5}
    question: How satisfied are you?
personas:
  - {id: nobody, name: Nobody at all}
listening_posts:
  - id: call-survey
    method: survey
    owner: care
    metrics: [csat]
    covers: {channels: [phone]}
    closed_loop:
      inner: {owner: care, within: 24h, via: [phone]}
      outer: {share_with: [digital], cadence: monthly}
  - id: web-survey
    method: survey
    owner: digital
    metrics: [csat]
    covers: {channels: [web]}
  - id: call-analytics
    method: speech-analytics
    owner: digital
    covers: {channels: [phone]}
  - id: web-figures
    method: operational-data
    owner: digital
    covers: {channels: [web]}
journeys:
  - id: order
    name: Order a sofa
    goal: Get the sofa on the promised day
    owner: digital
    stages: [{id: buy}, {id: deliver}]
    steps:
      - {id: measure, stage: buy, customer: Measures the door}
      - {id: choose, stage: buy, channel: web, customer: Chooses a sofa}
      - id: dispatch
        stage: deliver
        backstage: {actor: care, action: Dispatches the delivery ticket}
      - {id: slot, stage: deliver, channel: sms, customer: Replies to change the slot,
         problems: [wrong-day]}
      - id: call
        stage: deliver
        channel: phone
        customer: Calls to change the delivery date
        frontstage: {actor: care, action: Moves the delivery}
        moment_of_truth: true
"""


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    folder = tmp_path / "shop"
    folder.mkdir()
    (folder / "model.yaml").write_text(MODEL, encoding="utf-8")
    return folder


def _data(folder: Path) -> dict[str, Any]:
    result = cxmodel.check(folder)
    assert result.workspace is not None and result.analysis is not None
    return report_data(result.workspace, result.analysis, "shop", len(result.files))


def _html(data: dict[str, Any]) -> str:
    return html.render(data)


def _codes(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"]}


# --- 1. each loop over the posts it applies to --------------------------------------------

def test_inner_loops_count_only_the_posts_that_ask_customers(shop: Path) -> None:
    data = _data(shop)
    coverage = data["coverage"]
    assert "closed_loops" not in coverage
    # Two surveys ask customers; the speech and operational posts owe no follow-up.
    assert coverage["inner_loops"] == {"covered": 1, "total": 2, "percent": 50.0, "errors": 0}
    # Every post owes its results to the owners of what it covers: the speech analytics of
    # the phone line never reach customer care, who own it.
    assert coverage["outer_loops"] == {"covered": 3, "total": 4, "percent": 75.0, "errors": 0}
    assert data["format_version"] == 6


def test_an_anonymous_study_owes_no_inner_loop(shop: Path) -> None:
    """A blind relationship study (anonymous: true) cannot follow a respondent up: it is
    left out of the inner-loop figure, whose denominator was false (a Polish insurer's
    review: 4/5 for a programme whose every traceable post follows up), but still owes its
    results to the departments."""
    model = shop / "model.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "journeys:\n", "  - id: relationship-study\n    method: survey\n"
        "    owner: digital\n    anonymous: true\n    metrics: [csat]\n"
        "    covers: {relationship: true}\njourneys:\n", 1), encoding="utf-8")
    data = _data(shop)
    assert data["coverage"]["inner_loops"] == {"covered": 1, "total": 2, "percent": 50.0,
                                               "errors": 0}
    assert not any(f["code"] == "CX401" and "relationship-study" in f["fingerprint"]
                   for f in data["findings"])
    assert data["coverage"]["outer_loops"]["total"] == 5


def test_the_loop_labels_say_what_they_count_over(shop: Path) -> None:
    page = _html(_data(shop))
    assert "Inner loops closed (of the posts that hear identifiable customers)" in page
    assert "1 of 2: posts that follow up the customer who answered, complained or posted" in page
    assert "Outer loops closed (of all listening posts)" in page
    assert "Listening posts with both loops closed" not in page
    text = markdown_report.render(_data(shop))
    assert ("| Inner loops closed (of the posts that hear identifiable customers) "
            "| **1/2** (50%) |") in text
    assert "| Outer loops closed (of all listening posts) | **3/4** (75%) |" in text


# --- 2. never green beside an error -------------------------------------------------------

def test_a_measured_cell_with_an_error_is_not_shown_as_measured(shop: Path) -> None:
    data = _data(shop)
    assert "CX102" in _codes(data)
    (journey,) = data["coverage"]["journeys"]
    cells = {c["channel"]: c for c in journey["cells"]}
    # The phone line's only touchpoint is covered, but the moment of truth on it is measured
    # only through the channel: an error stands on it.
    assert cells["phone"]["state"] == "measured-with-error"
    assert cells["phone"]["errors"] == 1
    assert cells["web"]["state"] == "measured"
    assert cells["sms"]["state"] == "unmeasured"
    deliver = journey["stage_cells"][1]
    assert {c["channel"]: c["state"] for c in deliver["cells"]} == {
        "sms": "unmeasured", "phone": "measured-with-error"}
    assert [s["errors"] for s in journey["stages"]] == [0, 1]
    (row,) = data["matrix"]["rows"]
    assert [c["state"] for c in row["cells"]] == ["measured", "measured-with-error", "unmeasured"]


def test_touchpoints_and_moments_of_truth_side_by_side(shop: Path) -> None:
    data = _data(shop)
    (journey,) = data["coverage"]["journeys"]
    assert journey["coverage"] == {"covered": 2, "total": 3, "percent": 66.7}
    assert journey["moments_of_truth"] == {"covered": 0, "total": 1, "percent": 0.0}
    assert journey["errors"] == 1
    assert data["coverage"]["workspace"]["errors"] == 1
    assert data["coverage"]["moments_of_truth"]["errors"] == 1
    assert data["coverage"]["consistent_journeys"]["errors"] == 0


def test_the_html_report_marks_the_error_in_cells_rows_and_headlines(shop: Path) -> None:
    page = _html(_data(shop))
    assert page.count('<td class="cell cell-measured-with-error" title="Phone line: measured, '
                      'with an error, 1 of 1 touchpoints covered; ') == 2  # matrix, stage
    # The website stays measured, in the matrix and its stage; the journey's row and the
    # stage where the error stands are marked.
    assert page.count('class="cell cell-measured"') == 2
    assert page.count('<tr class="row-error">') == 2
    assert '<li class="figure figure-error">' in page
    assert "1 error-level finding in what this counts" in page
    assert '<article class="journey journey-error"' in page
    assert "<dt>Moments of truth measured directly</dt>" in page
    # The legend explains the state and the badge.
    assert "measured, with an error</dt><dd>every touchpoint here is covered, but an " \
        "error-level finding stands on one of them" in page


def test_a_severity_override_counts(shop: Path) -> None:
    (shop / ".cxmodel.yaml").write_text("severity: {CX102: warning, CX401: error}\n",
                                        encoding="utf-8")
    data = _data(shop)
    (journey,) = data["coverage"]["journeys"]
    assert {c["channel"]: c["state"] for c in journey["cells"]}["phone"] == "measured"
    assert journey["errors"] == 0
    # The web survey's open inner loop is now an error: the inner-loop headline says so.
    assert data["coverage"]["inner_loops"]["errors"] == 1
    assert data["coverage"]["moments_of_truth"]["errors"] == 0


def test_the_markdown_matrix_shows_both_figures_and_the_error(shop: Path) -> None:
    text = markdown_report.render(_data(shop))
    assert "| Journey | Touchpoints covered | Moments of truth measured directly | Website | " \
        "Phone line | SMS |" in text
    assert "| Order a sofa · **1 error** | 66.7% | 0% | ✓ csat | ✓! csat | ✗ |" in text
    assert "✓! measured, with an error" in text


# --- 3. no responsible department vs not owned by nature ----------------------------------

def test_unowned_elements_and_ownerless_elements_are_told_apart(shop: Path) -> None:
    data = _data(shop)
    elements = {f["code"]: f["element"] for f in data["findings"]}
    assert elements["CX301"] == "channel"  # SMS could have an owner and has none
    persona = [f for f in data["findings"] if f["element"] == "persona"]
    assert persona and all(f["department"] is None for f in persona)
    unowned = [f for f in data["findings"] if f["department"] is None
               and f["element"] in ("step", "journey", "channel", "listening_post")]
    (none,) = [d for d in data["coverage"]["departments"] if d["department"] is None]
    assert none["findings"] == len(unowned)
    assert data["coverage"]["not_owned"] == {"findings": len(persona), "elements": ["persona"]}


def test_the_reports_group_them_apart(shop: Path) -> None:
    data = _data(shop)
    page = _html(data)
    assert '<h3 id="department-none-title">No responsible department ' in page
    assert '<h3 id="department-not-owned-title">Not owned by a department: personas ' in page
    assert "No accountable department" not in page
    text = markdown_report.render(data)
    count = data["coverage"]["not_owned"]["findings"]
    assert f"\n| Not owned by a department: personas | – | {count} |\n" in text


def test_the_not_owned_label_in_other_languages(shop: Path) -> None:
    from cxmodel.messages.render import use
    from cxmodel.report.words import not_owned_label

    use("pl")
    assert not_owned_label(["offer", "metric", "persona"]) == \
        "Bez przypisanego działu: oferty, wskaźniki i persony"
    use("zh")
    assert not_owned_label(["offer", "problem"]) == "不归属任何部门：优惠和客户问题"
    use("en")
    assert not_owned_label([]) == "Not owned by a department"


# --- 4. steps with no channel on the site, and the site's figures -------------------------

def test_the_site_labels_back_office_work_and_marks_errors(shop: Path, tmp_path: Path) -> None:
    result = cxmodel.check(shop)
    found = discover([shop])
    out = tmp_path / "site"
    build_site(result, out, "shop", inputs_hash(list(found.files), found.root, "shop"))
    journey = (out / "journeys" / "order.html").read_text(encoding="utf-8")
    rows = {row.split('<th scope="row">')[1].split("<")[0]: row
            for row in journey.split('<tr id="step-')[1:]}
    assert '<span class="muted">back-office work</span>' in rows["dispatch"]
    assert '<span class="muted">customer only</span>' in rows["measure"]
    assert "<dt>Moments of truth measured directly</dt>" in journey
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "Inner loops closed (of the posts that hear identifiable customers)" in index
    assert '<tr class="row-error">' in index
    assert index.count('<div class="card card-error">') == 2  # touchpoints, moments of truth
    gaps = (out / "gaps.html").read_text(encoding="utf-8")
    assert "Not owned by a department: personas" in gaps


def test_fix_first_lists_a_channel_nobody_hears_once_for_all_it_causes(shop: Path) -> None:
    """A Polish insurer's review: "the app has no survey" took four of the ten "Fix first"
    places (the channel, its touchpoints, the hand-offs into them, its targets). The
    channel's CX103 stands for them all, where the first of them would be, and says how
    many it stands for; the JSON names each one's cause."""
    model = shop / "model.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace(
        "{id: sms, name: SMS, kind: sms, mode: proactive}",
        "{id: sms, name: SMS, kind: sms, mode: proactive, targets: [{metric: csat, min: 4}]}"),
        encoding="utf-8")
    data = _data(shop)
    of_sms = [f for f in data["findings"] if f["cause"] == "sms"]
    assert {f["code"] for f in of_sms} == {"CX101", "CX103", "CX502"}
    listed = [f for f in data["fix_first"] if f["cause"] == "sms"]
    assert [(f["code"], f["same_cause"]) for f in listed] == [("CX103", len(of_sms) - 1)]
    assert len({f["fingerprint"] for f in data["fix_first"]}) == len(data["fix_first"])
    page = _html(data)
    assert (f"{len(of_sms) - 1} more findings follow from it (touchpoints, hand-offs and "
            "targets on this channel): covering the channel fixes them too.") in page
    assert all(f["cause"] is None for f in data["findings"] if f["code"] == "CX102")


def test_every_cell_lists_the_metrics_in_the_workspaces_order(tmp_path: Path) -> None:
    """"ces, csat, fcr" in one row and "csat, ces, fcr" in the next (a Polish CX manager's
    review): each cell and each channel lists its metrics as the workspace defines them,
    whatever order the posts name them in."""
    (tmp_path / "m.yaml").write_text(
        "metrics: [{id: csat, scope: touchpoint}, {id: ces, scope: touchpoint}]\n"
        "channels: [{id: web}, {id: phone}]\n"
        "listening_posts:\n"
        "  - {id: a, metrics: [ces, csat], covers: {channels: [web]}}\n"
        "  - {id: b, metrics: [csat, ces], covers: {channels: [phone]}}\n"
        "journeys: [{id: j, steps: [{id: s1, channel: web}, {id: s2, channel: phone}]}]\n",
        encoding="utf-8")
    data = _data(tmp_path)
    [row] = data["matrix"]["rows"]
    assert [c["metrics"] for c in row["cells"]] == [["csat", "ces"], ["csat", "ces"]]
    assert [c["metrics"] for c in data["coverage"]["channels"]] == [["csat", "ces"]] * 2
