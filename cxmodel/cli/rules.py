"""``cxmodel rules``: the catalogue of diagnostic codes, and one rule's documentation."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli import UsageError
from cxmodel.cli.output import emit
from cxmodel.cli.workspace import add_language


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "rules", help="list the rules (code, name, severity, summary) or explain one",
        description="Without a code, list every diagnostic code with its name, default "
        "severity and summary. With a code (CX201) or name (mixed-metrics), print the rule's "
        "full documentation with a failing and a passing example.")
    parser.add_argument("rule", nargs="?", metavar="CODE", help="a rule code or name")
    add_language(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.analyze.registry import RULES, RULES_BY_CODE
    from cxmodel.analyze.rule import family_title
    from cxmodel.diagnostics import LOADING_CODES
    from cxmodel.suggest import did_you_mean

    if args.rule is None:
        lines = [f"{'code':<6} {'name':<27} {'severity':<8} summary"]
        family = ""
        for code, loading in LOADING_CODES.items():
            if family != code[:3]:
                family = code[:3]
                lines.append(f"\n{family_title(family)}")
            lines.append(f"{code:<6} {loading.name:<27} {'error':<8} {loading.summary}")
        for rule in RULES:
            if family != rule.code[:3]:
                family = rule.code[:3]
                lines.append(f"\n{family_title(family)}")
            lines.append(f"{rule.code:<6} {rule.name:<27} {rule.severity:<8} {rule.summary}")
        lines.append("\nRun 'cxmodel rules CODE' for a rule's documentation.")
        emit("\n".join(lines) + "\n", None)
        return 0
    wanted = args.rule.strip()
    by_name = {r.name: r for r in RULES}
    found = RULES_BY_CODE.get(wanted.upper()) or by_name.get(wanted.lower())
    if found is None:
        always = LOADING_CODES.get(wanted.upper()) or next(
            (c for c in LOADING_CODES.values() if c.name == wanted.lower()), None)
        if always is not None:
            emit(f"{always.code} {always.name} (error, always on)\n\n{always.summary}\n"
                 "Loading and validation problems must be fixed before the gap rules run.\n",
                 None)
            return 0
        suggestion = did_you_mean(wanted, [*RULES_BY_CODE, *by_name, *LOADING_CODES])
        raise UsageError(f"no rule '{wanted}'" + (f", {suggestion}" if suggestion else ""))
    rule = found
    header = f"{rule.code} {rule.name} ({rule.severity} by default; {rule.family})"
    emit(f"{header}\n\n{rule.documentation}\n", None)
    return 0
