"""Generate a realistic cxmodel workspace of a given size for benchmarks.

    python benchmarks/generate.py OUT_DIR --journeys 200 --steps 50

One organisation file (departments, channels, metrics, personas, problems, offers), one
listening-posts file and one file per journey, so that every gap rule has work to do:
some touchpoints and moments of truth uncovered, mixed metrics, drifting scales, open loops,
unowned elements, delays without notices, and the literature's gaps (#22): problems with
owners that results do not reach, complaints and reviews, one-way and powerless follow-ups,
scores in bonuses, journey targets, lost context and repeat contacts.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

DEPARTMENTS = ["e-commerce", "digital", "contact-centre", "stores", "logistics", "marketing",
               "product", "it", "finance", "legal"]
CHANNELS = [("web", "web", "self-service"), ("app", "app", "self-service"),
            ("web-chat", "chat", "assisted"), ("email", "email", "proactive"),
            ("sms", "sms", "proactive"), ("push", "push", "proactive"),
            ("phone", "voice", "assisted"), ("store", "in-person", "assisted"),
            ("social", "social", "assisted"), ("community", "community", "self-service")]
HEADER = "# yaml-language-server: $schema=cxmodel.schema.json\ncxmodel: 1\n"


def organisation(rng: random.Random) -> str:
    lines = [HEADER, "departments:"]
    for name in DEPARTMENTS:
        lines.append(f"  - {{id: {name}, name: {name.title()}, kind: frontline}}")
    lines.append("channels:")
    for index, (ident, kind, mode) in enumerate(CHANNELS):
        owner = "" if index == 9 else f", owner: {DEPARTMENTS[index % 8]}"
        bonus = f", incentive_for: [{DEPARTMENTS[index % 8]}]" if index % 4 == 2 else ""
        target = f", targets: [{{metric: csat, min: 4.2{bonus}}}]" if index % 3 else ""
        lines.append(f"  - {{id: {ident}, name: {ident.title()}, kind: {kind}, mode: {mode}, "
                     f"presence: online{owner}{target}}}")
    lines.append("""metrics:
  - {id: csat, name: CSAT, kind: experience, dimension: satisfaction, scope: touchpoint, scale: {min: 1, max: 5}, question: How satisfied are you?}
  - {id: nps, name: NPS, kind: experience, dimension: loyalty, scope: relationship, scale: {min: 0, max: 10}}
  - {id: ces, name: CES, kind: experience, dimension: effort, scope: touchpoint, scale: {min: 1, max: 7}}
  - {id: fcr, name: FCR, kind: outcome, dimension: resolution, scope: journey}
  - {id: aht, name: AHT, kind: operational, dimension: speed, scope: touchpoint}
personas:
  - {id: shopper, name: Online shopper}
  - {id: senior, name: Senior customer}
problems:
  - {id: late-delivery, name: Parcel is late, owner: logistics, resolvable_in: [phone, web-chat]}
  - {id: wrong-item, name: Wrong item, owner: stores, resolvable_in: [phone, store]}
offers:
  - {id: free-returns, name: Free returns, channels: [web, app, store]}""")
    return "\n".join(lines) + "\n"


def posts(journeys: int, rng: random.Random) -> str:
    lines = [HEADER, "listening_posts:"]
    lines.append("""  - id: web-survey
    name: Web survey
    method: survey
    owner: digital
    metrics: [csat, ces]
    covers: {channels: [web, app]}
    closed_loop:
      inner: {owner: contact-centre, within: 48h, via: [email]}
      outer: {share_with: [e-commerce, digital], cadence: monthly}
  - id: chat-survey
    name: Post-chat survey
    method: survey
    owner: contact-centre
    metrics: [{metric: csat, scale: {min: 1, max: 10}}, nps]
    covers: {channels: [web-chat]}
  - id: call-analytics
    name: Speech analytics
    method: speech-analytics
    owner: contact-centre
    metrics: [aht]
    covers: {channels: [phone]}
  - id: complaints
    name: Complaints register
    method: complaints
    owner: contact-centre
    covers: {channels: [social]}
    themes: [{id: late, name: Late parcels, problems: [late-delivery]}]
    closed_loop:
      inner: {owner: contact-centre, within: 5d, via: [phone], may: [reopen-case]}
      outer: {share_with: [contact-centre], cadence: monthly}
  - id: app-reviews
    name: App store reviews
    method: reviews
    owner: digital
    covers: {channels: [app]}
    closed_loop:
      inner: {owner: digital, within: 2d, via: [push]}
  - id: annual-nps
    name: Annual relationship study
    method: survey
    owner: marketing
    metrics: [nps]
    covers: {relationship: true}""")
    for j in range(journeys):
        named = ", ".join(f"j{j:04d}/s{s:03d}" for s in range(0, 50, 10))
        lines.append(f"""  - id: outcome-{j:04d}
    name: Outcome survey {j}
    method: survey
    owner: {DEPARTMENTS[j % len(DEPARTMENTS)]}
    metrics: [fcr, csat]
    covers: {{journeys: [j{j:04d}], touchpoints: [{named}]}}
    closed_loop:
      inner: {{owner: contact-centre, within: {rng.choice(["24h", "2d", "5d"])}, via: [phone]}}""")
    return "\n".join(lines) + "\n"


def journey(j: int, steps: int, rng: random.Random) -> str:
    lines = [HEADER, "journeys:", f"  - id: j{j:04d}", f"    name: Journey number {j}",
             "    persona: shopper"]
    if j % 7:
        lines.append(f"    goal: Reach goal number {j} without calling twice")
    if j % 5:
        lines.append(f"    owner: {DEPARTMENTS[j % len(DEPARTMENTS)]}")
    lines.append("    state: current")
    if j % 3 == 0:
        target = "fcr, min: 0.8" if j % 2 else "ces, min: 5"
        lines.append(f"    targets: [{{metric: {target}}}]")
    lines.append("    stages: [{id: choose, name: Choose}, {id: buy, name: Buy}, "
                 "{id: receive, name: Receive}]")
    lines.append("    steps:")
    for s in range(steps):
        channel = CHANNELS[rng.randrange(9)][0]
        stage = ("choose", "buy", "receive")[min(2, 3 * s // steps)]
        lines.append(f"      - id: s{s:03d}")
        lines.append(f"        name: Step {s} of journey {j}, in {channel}")
        lines.append(f"        stage: {stage}")
        if s % 6 != 5:
            lines.append(f"        channel: {channel}")
        lines.append(f"        customer: The customer does task {s} and checks the result")
        lines.append(f"        evidence: Screen or letter number {s}")
        lines.append("        frontstage:")
        lines.append(f"          - {{actor: {rng.choice(DEPARTMENTS)}, action: Answers and "
                     "confirms what happens next}")
        lines.append("        backstage:")
        lines.append(f"          - {{actor: {rng.choice(DEPARTMENTS)}, action: Updates the "
                     "order in the back office}")
        lines.append("        support: [{system: ERP, action: Holds the order}]")
        lines.append(f"        emotion: {rng.randint(-2, 2)}")
        if s % 10 == 0 or s % 17 == 0:
            lines.append("        moment_of_truth: true")
        if s % 9 == 0:
            lines.append("        pain_points: [Has to repeat the order number]")
            lines.append("        problems: [late-delivery]")
        if s % 13 == 0:
            lines.append("        delay_risk: true")
        if s % 8 == 7:
            lines.append(f"        context: {'lost' if s % 16 == 7 else 'carried'}")
        if s % 26 == 0:
            lines.append("        proactive: {channel: sms, message: Your parcel is late}")
        if s % 11 == 0 and s + 2 < steps:
            lines.append(f"        next: [s{s + 1:03d}, s{s + 2:03d}]")
    return "\n".join(lines) + "\n"


def generate(out: Path, journeys: int, steps: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    (out / "journeys").mkdir(parents=True, exist_ok=True)
    (out / "organisation.yaml").write_text(organisation(rng), encoding="utf-8")
    (out / "listening-posts.yaml").write_text(posts(journeys, rng), encoding="utf-8")
    for j in range(journeys):
        (out / "journeys" / f"j{j:04d}.yaml").write_text(journey(j, steps, rng),
                                                         encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--journeys", type=int, default=200)
    parser.add_argument("--steps", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.journeys, args.steps, args.seed)


if __name__ == "__main__":
    main()
