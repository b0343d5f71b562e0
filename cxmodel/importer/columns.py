"""The columns of a workshop sheet: what each holds, the title it has in each language, and
the words for yes and no. A sheet's header is read in any of cxmodel's languages (a sheet
exported in Polish imports in an English run), and written in the run's language."""

from __future__ import annotations

from functools import cache

from cxmodel.loader.csv_results import column_key
from cxmodel.messages.languages import LANGUAGES
from cxmodel.messages.render import render
from cxmodel.messages.text import Template, message

# The journey's own fields: given on its first row (or any row; the same on every row
# that gives one). The stage and step fields: one row per step.
JOURNEY_COLUMNS = ("journey", "journey_id", "journey_description", "persona", "goal", "owner",
                   "state", "journey_tags", "targets")
STEP_COLUMNS = ("stage", "stage_id", "step", "step_id", "description", "channel", "customer",
                "frontstage", "backstage", "support", "evidence", "emotion", "moment_of_truth",
                "pain_points", "problems", "offers", "next", "delay_risk", "proactive",
                "context", "tags", "waive")
COLUMNS = JOURNEY_COLUMNS + STEP_COLUMNS
REQUIRED = ("step",)
# Other headers people write for a column, as column_key folds them.
ALIASES = {"journey_name": "journey", "step_name": "step", "stage_name": "stage",
           "moment": "moment_of_truth", "pain_point": "pain_points", "problem": "problems",
           "offer": "offers", "notice": "proactive", "waivers": "waive",
           # The short words workshops write in the other languages, beside the titles.
           "旅程": "journey", "旅程名称": "journey", "旅程名稱": "journey",
           "步骤名称": "step", "步驟名稱": "step", "阶段名称": "stage", "階段名稱": "stage",
           "负责人": "owner", "負責人": "owner", "下一步": "next", "渠道名称": "channel",
           "путь": "journey", "ścieżka": "journey", "kanał_kontaktu": "channel"}

# TRANSLATORS: the headers of a workshop sheet (cxmodel export csv/xlsx, import csv/xlsx):
# short, as a spreadsheet's column titles; import reads them in every language.
TITLES: dict[str, Template] = {
    "journey": message("sheet.column.journey", "journey"),
    "journey_id": message("sheet.column.journey-id", "journey id"),
    "journey_description": message("sheet.column.journey-description", "journey description"),
    "persona": message("sheet.column.persona", "persona"),
    "goal": message("sheet.column.goal", "goal"),
    "owner": message("sheet.column.owner", "owner"),
    "state": message("sheet.column.state", "state"),
    "journey_tags": message("sheet.column.journey-tags", "journey tags"),
    "targets": message("sheet.column.targets", "targets"),
    "stage": message("sheet.column.stage", "stage"),
    "stage_id": message("sheet.column.stage-id", "stage id"),
    "step": message("sheet.column.step", "step"),
    "step_id": message("sheet.column.step-id", "step id"),
    "description": message("sheet.column.description", "description"),
    "channel": message("sheet.column.channel", "channel"),
    "customer": message("sheet.column.customer", "customer"),
    "frontstage": message("sheet.column.frontstage", "frontstage"),
    "backstage": message("sheet.column.backstage", "backstage"),
    "support": message("sheet.column.support", "support"),
    "evidence": message("sheet.column.evidence", "evidence"),
    "emotion": message("sheet.column.emotion", "emotion"),
    "moment_of_truth": message("sheet.column.moment-of-truth", "moment of truth"),
    "pain_points": message("sheet.column.pain-points", "pain points"),
    "problems": message("sheet.column.problems", "problems"),
    "offers": message("sheet.column.offers", "offers"),
    "next": message("sheet.column.next", "next"),
    "delay_risk": message("sheet.column.delay-risk", "delay risk"),
    "proactive": message("sheet.column.proactive", "proactive notice"),
    "context": message("sheet.column.context", "context"),
    "tags": message("sheet.column.tags", "tags"),
    "waive": message("sheet.column.waive", "waive"),
}
# TRANSLATORS: what a yes/no cell of a workshop sheet says (moment of truth, delay risk).
YES = message("sheet.yes", "yes")
NO = message("sheet.no", "no")
YES_WORDS = ("yes", "true", "x", "1", "y", "✓", "✔", "√", "☑")
NO_WORDS = ("no", "false", "0", "n", "✗", "✘", "☐")
NO_STAGE = "-"  # a stage cell that says: this step belongs to no stage


@cache
def _known_headers() -> dict[str, str]:
    """Every header read as a column: the keys, their aliases and the titles in every
    language, folded by column_key."""
    headers = {key: key for key in COLUMNS}
    headers.update(ALIASES)
    for language in LANGUAGES:
        for key, title in TITLES.items():
            headers.setdefault(column_key(render(title(), language)), key)
    return headers


def column_of(header: str) -> str | None:
    """The column a header names, in any language, or None."""
    return _known_headers().get(column_key(header))


def title(key: str) -> str:
    """A column's title in the active language."""
    return render(TITLES[key]())


@cache
def _words(yes: bool) -> frozenset[str]:
    words = set(YES_WORDS if yes else NO_WORDS)
    for language in LANGUAGES:
        words.add(render((YES if yes else NO)(), language).casefold())
    return frozenset(words)


def yes_or_no(text: str) -> bool | None:
    """True or False for a yes/no cell in any language (yes, x, tak, да, 是...), None when
    the cell says neither."""
    word = text.strip().casefold()
    if word in _words(True):
        return True
    if word in _words(False):
        return False
    return None


def yes_no_words() -> str:
    """The usual words a yes/no cell holds, for a message (more are read: true, y, ✔...)."""
    words = ("yes", "x", "1", "✓", render(YES()), "no", "0", render(NO()))
    return ", ".join(dict.fromkeys(words))
