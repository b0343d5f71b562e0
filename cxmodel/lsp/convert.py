"""cxmodel's diagnostics and places as the protocol has them: ranges in the encoding agreed
with the editor (text.py), files as URIs, and each code's link to its rule's documentation."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from cxmodel.diagnostics import LOADING_CODES, Diagnostic, Span
from cxmodel.lsp.text import to_lsp
from cxmodel.messages.render import active

SEVERITY = {"error": types.DiagnosticSeverity.Error,
            "warning": types.DiagnosticSeverity.Warning,
            "info": types.DiagnosticSeverity.Information}


def uri_of(path: str) -> str:
    return from_fs_path(path) or path


def span_range(span: Span, text: str | None) -> types.Range:
    return types.Range(start=to_lsp(text, span.line, span.column),
                       end=to_lsp(text, span.end_line, span.end_column))


def lsp_diagnostic(d: Diagnostic, text: str | None) -> types.Diagnostic:
    message = d.message if not d.hint else f"{d.message}\n{d.hint}"
    return types.Diagnostic(
        range=span_range(d.span, text), severity=SEVERITY[d.severity], code=d.code,
        source="cxmodel", message=message,
        code_description=rule_link(d.code),
        related_information=[types.DiagnosticRelatedInformation(
            location=types.Location(uri=uri_of(r.span.file), range=span_range(r.span, None)),
            message=r.message) for r in d.related] or None)


def rule_link(code: str) -> types.CodeDescription | None:
    """A link to the rule's documentation, in the run's language: the text `cxmodel rules
    CODE` prints, written once as Markdown into the user's cache folder (offline)."""
    path = _rule_page(code, active())
    return None if path is None else types.CodeDescription(href=path.as_uri())


@cache
def _rule_page(code: str, language: str) -> Path | None:
    from cxmodel.analyze.registry import RULES_BY_CODE
    from cxmodel.code_cache import cache_dir

    rule = RULES_BY_CODE.get(code)
    folder = cache_dir()
    if (rule is None and code not in LOADING_CODES) or folder is None:
        return None
    text = (f"# {code} {rule.name}\n\n{rule.summary}\n\n{rule.documentation}\n" if rule
            else f"# {code} {LOADING_CODES[code].name}\n\n{LOADING_CODES[code].summary}\n")
    page = folder / "rules" / language / f"{code}.md"
    try:
        page.parent.mkdir(parents=True, exist_ok=True)
        if not page.exists() or page.read_text(encoding="utf-8") != text:
            page.write_text(text, encoding="utf-8")
    except OSError:
        return None
    return page
