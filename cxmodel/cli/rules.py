"""``cxmodel rules``: the catalogue of diagnostic codes, and one rule's documentation."""

from __future__ import annotations

import argparse
import re
from typing import Any

from cxmodel.cli import UsageError
from cxmodel.cli.output import emit
from cxmodel.cli.workspace import add_language
from cxmodel.messages.text import Items, Name, message

# The listing's columns (the codes, names and severities themselves are not translated).
CODE = message("cli.rules.column.code", "code")
NAME = message("cli.rules.column.name", "name")
SEVERITY = message("cli.rules.column.severity", "severity")
SUMMARY = message("cli.rules.column.summary", "summary")
MORE = message("cli.rules.more", "Run 'cxmodel rules CODE' for a rule's documentation.")
ALWAYS_ON = message("cli.rules.always-on", "{code} {name} (error, always on)")
LOAD_FIRST = message("cli.rules.load-first",
                     "Loading and validation problems must be fixed before the gap rules run.")
# TRANSLATORS: a rule's default severity in the reader's language, then the word the
# configuration uses for it (severity: {CX101: warning}): "предупреждение (warning)".
SEVERITY_WORDS = message("cli.rules.severity-words", "{name} ({word})")
HEADER = message("cli.rules.header", "{code} {name} ({severity} by default; {family})")
NO_RULE = message("cli.rules.unknown", "no rule {rule}")
NO_RULE_BUT = message("cli.rules.unknown-suggest", "no rule {rule}, did you mean {suggestions}?")


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
    from cxmodel.counts import severity_name
    from cxmodel.diagnostics import LOADING_CODES
    from cxmodel.messages.render import render
    from cxmodel.suggest import closest
    from cxmodel.text import columns, pad

    wanted = (args.rule or "").strip()
    prefix = wanted.upper() if re.fullmatch(r"(?i)CX\d{1,2}", wanted) else None
    if args.rule is None or prefix is not None:
        # A family or a few codes (CX6, CX60) as select: takes them: their part of the list.
        # The severity in the reader's language (the configuration's word is in each rule's
        # documentation); the columns as wide as their longest entry, in terminal columns.
        rows = [(code, loading.name, severity_name("error"), loading.summary)
                for code, loading in LOADING_CODES.items()]
        rows += [(rule.code, rule.name, severity_name(rule.severity), rule.summary)
                 for rule in RULES]
        if prefix is not None:
            rows = [row for row in rows if row[0].startswith(prefix)]
            if not rows:
                raise UsageError(NO_RULE(rule=Name(wanted)))
        name_width = max(27, *(columns(name) for _, name, _, _ in rows))
        severity_width = max(columns(render(SEVERITY())),
                             *(columns(severity) for _, _, severity, _ in rows))
        lines = [f"{pad(render(CODE()), 6)} {pad(render(NAME()), name_width)} "
                 f"{pad(render(SEVERITY()), severity_width)} {render(SUMMARY())}"]
        family = ""
        for code, rule_name, severity, summary in rows:
            if family != code[:3]:
                family = code[:3]
                lines.append(f"\n{family_title(family)}")
            lines.append(f"{code:<6} {pad(rule_name, name_width)} "
                         f"{pad(severity, severity_width)} {summary}")
        lines.append("\n" + render(MORE()))
        emit("\n".join(lines) + "\n", None)
        return 0
    by_name = {r.name: r for r in RULES}
    found = RULES_BY_CODE.get(wanted.upper()) or by_name.get(wanted.lower())
    if found is None:
        always = LOADING_CODES.get(wanted.upper()) or next(
            (c for c in LOADING_CODES.values() if c.name == wanted.lower()), None)
        if always is not None:
            emit(f"{render(ALWAYS_ON(code=always.code, name=always.name))}\n\n"
                 f"{always.summary}\n{render(LOAD_FIRST())}\n", None)
            return 0
        near = closest(wanted, [*RULES_BY_CODE, *by_name, *LOADING_CODES])
        raise UsageError(NO_RULE_BUT(rule=Name(wanted), suggestions=Items(
            tuple(Name(n) for n in near), "or")) if near else NO_RULE(rule=Name(wanted)))
    rule = found
    shown = severity_name(rule.severity)
    header = render(HEADER(code=rule.code, name=rule.name, family=rule.family,
                           severity=rule.severity if shown == rule.severity
                           else render(SEVERITY_WORDS(name=shown, word=rule.severity))))
    emit(f"{header}\n\n{rule.documentation}\n", None)
    return 0
