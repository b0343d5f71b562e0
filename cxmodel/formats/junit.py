"""``cxmodel check --format junit``: JUnit XML for CI systems that show test reports. Each
workspace file is a test suite; each finding a failing test case; a clean file passes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from cxmodel.diagnostics import Diagnostic
from cxmodel.formats.terminal import HINT, SEE
from cxmodel.messages.render import render as say

# Characters XML 1.0 cannot hold at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """User text made safe for XML 1.0: forbidden characters become U+FFFD (ElementTree
    escapes &, < and > itself)."""
    return _NOT_XML.sub("\ufffd", text)


def _failure_text(d: Diagnostic, hint: str, see: str) -> str:
    """The failure as the terminal lists it (the severity stays the keyword it is there, as
    tools that read such lines expect)."""
    span = d.span
    lines = [f"{span.file}:{span.line}:{span.column}: {d.severity} {d.code} {d.name}: "
             f"{d.message}"]
    if d.hint:
        lines.append(f"{hint} {d.hint}")
    lines.extend(f"{see} {r.span.file}:{r.span.line}:{r.span.column}: {r.message}"
                 for r in d.related)
    return "\n".join(lines)


def render(diagnostics: list[Diagnostic], files: Sequence[str]) -> str:
    """The XML document: suites in workspace file order (then any other file a diagnostic
    names), test cases in diagnostic order. Test case names are identities that CI systems
    follow from run to run: they stay the same in every language."""
    hint, see = say(HINT()), say(SEE())
    by_file: dict[str, list[Diagnostic]] = {file: [] for file in files}
    for d in diagnostics:
        by_file.setdefault(d.span.file, []).append(d)
    total = len(diagnostics) + sum(1 for found in by_file.values() if not found)
    root = ET.Element("testsuites", {"name": "cxmodel", "tests": str(total),
                                     "failures": str(len(diagnostics)), "errors": "0"})
    for file, found in by_file.items():
        name = xml_text(file)
        suite = ET.SubElement(root, "testsuite", {
            "name": name, "tests": str(len(found) or 1), "failures": str(len(found)),
            "errors": "0", "skipped": "0"})
        if not found:
            ET.SubElement(suite, "testcase", {"classname": name, "name": "cxmodel check",
                                              "file": name})
            continue
        for d in found:
            case = ET.SubElement(suite, "testcase", {
                "classname": name,
                "name": xml_text(f"{d.code} {d.name} at {d.span.line}:{d.span.column}"),
                "file": name, "line": str(d.span.line)})
            failure = ET.SubElement(case, "failure", {"message": xml_text(d.message),
                                                      "type": d.code})
            failure.text = xml_text(_failure_text(d, hint, see))
    ET.indent(root)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + ET.tostring(root, encoding="unicode") + "\n")
