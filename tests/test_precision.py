"""Issue #16 from a practitioner's point of view: what the rules say where a model uses the
language for channel purpose, automated steps and back-office work. (The findings' codes and
places are pinned by the cases under cases/rules; these tests pin the words.)"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import cxmodel
from cxmodel.diagrams import engine
from cxmodel.diagrams.blueprint import blueprint

SVG = "{http://www.w3.org/2000/svg}"

PROBLEMS = """\
departments: [{id: service}, {id: digital}, {id: logistics}]
channels:
  - {id: phone, name: Phone, kind: voice, owner: service}
  - {id: app, name: Mobile app, kind: app, owner: digital}
  - {id: sms, name: SMS, kind: sms, mode: proactive, owner: logistics}
  - {id: line, name: Service line, kind: voice, owner: service}
problems:
  - {id: reschedule, name: Needs another day, resolvable_in: [line]}
journeys:
  - id: delivery
    goal: Get the parcel on a day I am at home
    owner: logistics
    steps:
      - {id: call, channel: phone, problems: [reschedule]}
      - {id: in-app, channel: app, problems: [reschedule]}
      - {id: slot, channel: sms, problems: [reschedule]}
      - id: ivr
        channel: phone
        frontstage: {system: IVR, action: Reads out the delivery day}
        problems: [reschedule]
"""


def _hints(tmp_path: Path, text: str) -> dict[str, str | None]:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    result = cxmodel.check([path])
    return {d.fingerprint.split(":")[1].split("/")[1]: d.hint
            for d in result.diagnostics if d.code == "CX203" and d.fingerprint}


def test_cx203_hint_empowers_staff_only_where_staff_serve(tmp_path: Path) -> None:
    hints = _hints(tmp_path, PROBLEMS)
    assert hints["call"] == ("Enable Phone staff to resolve it (add phone to the problem's "
                             "resolvable_in), or route customers to a channel that can.")


def test_cx203_hint_gives_a_way_in_self_service_and_follows_the_channel_not_the_step(
        tmp_path: Path) -> None:
    hints = _hints(tmp_path, PROBLEMS)
    assert hints["in-app"] == (
        "Give customers a way to resolve it themselves in Mobile app (then add app to the "
        "problem's resolvable_in), or route them to a channel that can.")
    # A voice menu on the phone line: resolvable_in is about the channel, whose staff the
    # menu can route to, so the hint is the staff's.
    assert hints["ivr"] == hints["call"]


def test_cx203_hint_on_a_notice_says_where_to_resolve_it(tmp_path: Path) -> None:
    hints = _hints(tmp_path, PROBLEMS)
    assert hints["slot"] == ("SMS only informs customers: say in the notice where they can "
                             "resolve it (one of the problem's resolvable_in channels), with a "
                             "link or a number.")


BACK_OFFICE = """\
departments: [{id: service}]
channels: [{id: phone, kind: voice, owner: service}]
journeys:
  - id: complaint
    goal: Get my complaint resolved
    owner: service
    steps:
      - {id: call, channel: phone}
      - id: dispatch
        name: Dispatch the ticket
        backstage: {actor: service, action: Routes the ticket to the second line}
      - {id: wait, name: Wait for an answer, customer: Waits two days}
"""


def test_a_step_with_no_channel_is_labelled_by_what_it_is(tmp_path: Path) -> None:
    path = tmp_path / "model.yaml"
    path.write_text(BACK_OFFICE, encoding="utf-8")
    ws = cxmodel.load([path]).workspace
    assert ws is not None
    journey = ws.journeys[0]
    dot, layout = blueprint(ws, journey)
    root = ET.fromstring(engine.render(dot, "svg", layout))
    found = {g.get("id", ""): g for g in root.iter(f"{SVG}g")}

    def text(index: int) -> str:
        return " ".join(t.text or "" for t in found[f"step-{index}"].iter(f"{SVG}text"))

    assert "back-office work" in text(1) and "customer only" not in text(1)
    assert "customer only" in text(2)
    assert "back-office" in (found["step-1"].get("class") or "").split()


NOTICES = """\
departments: [{id: digital}, {id: lockers}]
channels:
  - {id: powiadomienia-sms, kind: sms, owner: digital}
  - {id: paczkomat, kind: self-service, owner: lockers}
journeys:
  - id: odbior
    goal: Odebrać paczkę
    owner: lockers
    steps:
      - {id: kod, channel: powiadomienia-sms}
      - {id: odbior-z-paczkomatu, channel: paczkomat, delay_risk: true}
"""


def _findings(tmp_path: Path, text: str, code: str) -> list[tuple[str, str | None]]:
    path = tmp_path / "model.yaml"
    path.write_text(text, encoding="utf-8")
    return [(d.message, d.hint) for d in cxmodel.check([path]).diagnostics if d.code == code]


def test_cx602_hint_names_a_notice_channel_the_model_has(tmp_path: Path) -> None:
    [(_, hint)] = _findings(tmp_path, NOTICES, "CX602")
    assert hint == ("Add proactive: {channel: powiadomienia-sms, message: ...} to tell "
                    "customers before they call.")
    # A model with no channel for notices is told to add one, not given an id it lacks.
    [(_, hint)] = _findings(tmp_path, NOTICES.replace("kind: sms", "kind: email"), "CX602")
    assert hint is not None and hint.startswith("Add a channel for notices")


def test_cx104_sees_no_hand_over_from_a_notice_to_self_service(tmp_path: Path) -> None:
    # The SMS (a notice: kind sms, no mode) and the locker (self-service): the customer
    # moves on alone, nobody's people take anything over, nor does anyone hand the customer
    # to the locker (a Polish insurer's review: the same gap was reported twice). Whether
    # the locker is heard is CX101's.
    assert not _findings(tmp_path, NOTICES, "CX104")
    [(message, _)] = _findings(tmp_path, NOTICES, "CX101")
    assert message.startswith("Touchpoint 'odbior-z-paczkomatu' (paczkomat)")
    assert not _findings(tmp_path, NOTICES, "CX601")
