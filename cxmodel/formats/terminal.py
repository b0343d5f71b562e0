"""The terminal listing: one line per diagnostic, its hint, the source line with a caret."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping

from cxmodel.counts import BASELINED, ERRORS, INFOS, TWO, WAIVED, WARNINGS
from cxmodel.diagnostics import Diagnostic
from cxmodel.formats import Summary
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Param, message, plural
from cxmodel.text import visible

_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "info": "\033[1;36m"}
_BOLD = "\033[1m"
_DIM = "\033[2m"
_RESET = "\033[0m"


def _width(text: str) -> int:
    """Columns a text takes in a terminal (CJK characters take two)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in text)


# The summary line, whole sentences for each case (with or without infos, with or without
# notes). TRANSLATORS: {errors}, {warnings} and {infos} are counts ("1 error"); {files} is
# FILES_IN; {notes} is what was left out ("1 waived, 21 in the baseline").
FOUND = message("check.summary.found", "Found {errors}, {warnings} in {files}.")
FOUND_NOTES = message("check.summary.found-notes",
                      "Found {errors}, {warnings} in {files} ({notes}).")
FOUND_INFOS = message("check.summary.found-infos",
                      "Found {errors}, {warnings}, {infos} in {files}.")
FOUND_INFOS_NOTES = message("check.summary.found-infos-notes",
                            "Found {errors}, {warnings}, {infos} in {files} ({notes}).")
NOTHING = message("check.summary.nothing", "No problems found in {files}.")
NOTHING_NOTES = message("check.summary.nothing-notes", "No problems found in {files} ({notes}).")
# TRANSLATORS: the files checked, after "in" in check.summary.* (Russian and Polish: the
# locative, "в 5 файлах", "w 5 plikach").
FILES_IN = plural("check.summary.files-in", "{count} file", "{count} files")

HINT = message("check.hint", "hint:")
SEE = message("check.see", "see:")
# TRANSLATORS: after the carets under a long source line shown cut: where the carets point.
COLUMN = message("check.excerpt.column", "column {column}")


def summary_line(summary: Summary, waived: int = 0, baselined: int = 0) -> str:
    params: dict[str, Param] = {"files": FILES_IN(count=summary.files)}
    notes = ([WAIVED(count=waived)] if waived else []) + (
        [BASELINED(count=baselined)] if baselined else [])
    if notes:
        params["notes"] = notes[0] if len(notes) == 1 else TWO(first=notes[0], second=notes[1])
    if not (summary.errors or summary.warnings or summary.infos):
        return say((NOTHING_NOTES if notes else NOTHING)(**params))
    params["errors"] = ERRORS(count=summary.errors)
    params["warnings"] = WARNINGS(count=summary.warnings)
    if summary.infos:
        params["infos"] = INFOS(count=summary.infos)
        return say((FOUND_INFOS_NOTES if notes else FOUND_INFOS)(**params))
    return say((FOUND_NOTES if notes else FOUND)(**params))


def render(diagnostics: list[Diagnostic], summary: Summary,
           source_line: Callable[[str, int], str | None] | None = None,
           colour: bool = False, waived: int = 0, baselined: int = 0) -> str:
    """The listing as one string ending in a newline."""

    def paint(style: str, text: str) -> str:
        return f"{style}{text}{_RESET}" if colour else text

    hint, see = say(HINT()), say(SEE())
    out: list[str] = []
    for d in diagnostics:
        span = d.span
        head = f"{visible(span.file)}:{span.line}:{span.column}:"
        out.append(f"{paint(_BOLD, head)} {paint(_COLOURS[d.severity], d.severity)} "
                   f"{paint(_BOLD, d.code)} {d.name}: {visible(d.message)}")
        said = d.hint
        if said:
            out.append(f"    {paint(_DIM, hint)}{_gap(hint)}{visible(said)}")
        line = source_line(span.file, span.line) if source_line is not None else None
        if line is not None:
            out.extend(_excerpt(line, span.line, span.column,
                                span.end_column if span.end_line == span.line else None,
                                paint, _COLOURS[d.severity]))
        for related in d.related:
            r = related.span
            out.append(f"    {paint(_DIM, see)}{_gap(see)}{visible(r.file)}:{r.line}:{r.column}: "
                       f"{visible(related.message)}")
    out.append(summary_line(summary, waived, baselined))
    return "\n".join(out) + "\n"


def _gap(label: str) -> str:
    """The space after a label ("hint:"): none after a full-width colon ("建议："), which
    holds its own space."""
    return "" if label.endswith("：") else " "


def _excerpt(line: str, number: int, column: int, end_column: int | None,
             paint: Callable[[str, str], str], style: str) -> list[str]:
    line = line.replace("\t", " ").rstrip("\r\n")
    shown_from = 1  # the column the excerpt starts at
    cut_after = False
    if len(line) > 200:
        # Show a window of a very long line around the column, marked as cut with an
        # ellipsis at each cut end; the caret line then says the column, as the excerpt
        # no longer starts at column 1.
        first = max(0, column - 80)
        cut_after = first + 160 < len(line)
        line = line[first:first + 160]
        shown_from = first + 1
        column -= first
        end_column = end_column - first if end_column is not None else None
    start = max(column - 1, 0)
    end = len(line) if end_column is None or end_column <= column else end_column - 1
    # The source line as it is, except that invisible and text-direction characters are
    # shown as <U+202E>: a right-to-left override would reorder the terminal line, an escape
    # sequence act on the terminal. The caret follows what is shown.
    before = "…" if shown_from > 1 else ""
    prefix, marked = before + visible(line[:start]), visible(line[start:end])
    line = prefix + marked + visible(line[end:]) + ("…" if cut_after else "")
    gutter = f"{number:>5} | "
    caret = " " * _width(prefix) + "^" * max(1, _width(marked.rstrip()))
    if shown_from > 1:
        caret += " " + say(COLUMN(column=str(shown_from + start)))
    return [f"{paint(_DIM, gutter)}{line}",
            f"{paint(_DIM, ' ' * 6 + '| ')}{paint(style, caret)}"]


def source_lines(texts: Mapping[str, str | None]) -> Callable[[str, int], str | None]:
    """A lookup of source lines by file and 1-based line (files split once, on demand)."""
    split: dict[str, list[str]] = {}

    def lookup(file: str, line: int) -> str | None:
        if file not in split:
            text = texts.get(file)
            split[file] = text.splitlines() if text is not None else []
        lines = split[file]
        return lines[line - 1] if 0 < line <= len(lines) else None

    return lookup
