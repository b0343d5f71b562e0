"""The workspace configuration ``.cxmodel.yaml``: which rules run, how severe they are, when
a check fails, rule thresholds and input limits."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cxmodel import durations
from cxmodel.diagnostics import Diagnostic, Span, loading_diagnostic
from cxmodel.durations import Unit
from cxmodel.loader.decode import decode
from cxmodel.loader.discover import display_path, link_allowed
from cxmodel.loader.limits import Limits, configured
from cxmodel.loader.nodes import YList, YMap
from cxmodel.loader.parse import parse_text
from cxmodel.loader.reading import FileTooLarge, os_reason, read_regular_file
from cxmodel.loader.shapes import root_shape
from cxmodel.messages.languages import listed, resolve
from cxmodel.messages.text import Name, message
from cxmodel.resources import CONFIG_SCHEMA
from cxmodel.suggest import did_you_mean_text, language_hint
from cxmodel.validate.dates import no_such_day
from cxmodel.validate.schema import check_schema

CONFIG_FILE = ".cxmodel.yaml"
MAX_CONFIG_BYTES = 1024 * 1024
DEFAULT_MAX_INNER_LOOP_TEXT = "72h"  # options.max_inner_loop when not written
DEFAULT_MAX_INNER_LOOP = durations.seconds(DEFAULT_MAX_INNER_LOOP_TEXT) or 0.0
DEFAULT_MAX_INNER_LOOP_UNIT = durations.unit(DEFAULT_MAX_INNER_LOOP_TEXT)
DEFAULT_MAX_HANDOFFS = 3

LINK_REFUSED = message(
    "CX006.config.link", "The configuration is a link to a file outside the workspace, or to "
    "one it leaves out (hidden, ignored by git, in a tool's folder); cxmodel does not follow it.")
LINK_REFUSED_HINT = message("CX006.config.link.hint", "Make .cxmodel.yaml a file of the workspace.")
# {limit} in bytes.
TOO_LARGE = message("CX006.config.too-large", "The configuration is larger than {limit} bytes; "
                    "a .cxmodel.yaml holds a few lines.")
# TRANSLATORS: {reason} is the operating system's, in English unless cxmodel words it.
UNREADABLE = message("CX006.config.unreadable", "The configuration cannot be read: {reason}.")
# {prefix}: what select: or ignore: lists; {key}: select or ignore.
MATCHES_NO_RULE = message("CX003.config.no-rule", "{prefix} in {key} matches no rule.")
NO_SUCH_RULE = message("CX003.config.no-severity-rule",
                       "There is no rule {code} to set the severity of.")
SEE_RULES = message("CX003.config.see-rules", "See 'cxmodel rules' for the rule codes.")


class ConfigError(Exception):
    """The configuration is unusable (exit code 2); the diagnostics say where and why."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(d.message for d in diagnostics))
        self.diagnostics = diagnostics


DEFAULT_MIN_RESPONSES = 30
DEFAULT_SHELF_PERIODS = 3
DEFAULT_MAX_FINDING_AGE = 90  # days


@dataclass(frozen=True, slots=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    fail_on: str = "error"
    max_inner_loop: float = DEFAULT_MAX_INNER_LOOP
    # The unit it is written in (durations.unit): it is said back in it.
    max_inner_loop_unit: Unit | None = DEFAULT_MAX_INNER_LOOP_UNIT
    max_handoffs: int = DEFAULT_MAX_HANDOFFS
    # Results and actions (CX8xx): the fewest responses a value is judged on, and the day
    # the results are read on (None: today; a fixed day keeps CI's results the same).
    min_responses: int = DEFAULT_MIN_RESPONSES
    shelf_periods: int = DEFAULT_SHELF_PERIODS
    as_of: str | None = None
    max_finding_age: int = DEFAULT_MAX_FINDING_AGE
    # The day each finding was first recorded (fingerprint -> ISO date), from the baseline
    # a check is run against (check --baseline): what CX809 measures a finding's age by.
    first_seen: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    limits: Limits = field(default_factory=lambda: configured({}))
    path: str | None = None  # where it was read from, if anywhere
    language: str | None = None  # the workspace's (a code of messages.languages.LANGUAGES)
    title: str | None = None  # of the report, the site and the deck (--title overrides it)

    def enabled(self, code: str) -> bool:
        """Select/ignore by code prefix; the longest matching prefix wins, ignore on a tie."""
        selected = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        if not self.select:
            selected = 0
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        if selected < 0 or ignored >= selected:
            return False
        return self.severity.get(code) != "off"

    def severity_of(self, code: str, default: str) -> str:
        found = self.severity.get(code, default)
        return default if found == "off" else found

    def overridden(self, select: Iterable[str] | None = None,
                   ignore: Iterable[str] | None = None,
                   fail_on: str | None = None,
                   first_seen: Mapping[str, str] | None = None) -> Config:
        """The configuration with command-line flags taking precedence (``first_seen``:
        the dates of the baseline the run checks against)."""
        changes: dict[str, Any] = {}
        if first_seen is not None:
            changes["first_seen"] = MappingProxyType(dict(first_seen))
        if select is not None:
            changes["select"] = tuple(select)
        if ignore is not None:
            changes["ignore"] = tuple(ignore)
        if fail_on is not None:
            changes["fail_on"] = fail_on
        return replace(self, **changes)


def config_link_refused(path: Path, root: Path) -> bool:
    """Whether ``path`` (the configuration at ``root``) is a link cxmodel does not follow:
    to a file outside the workspace, or to one it leaves out (hidden, ignored by git)."""
    return path.is_symlink() and not link_allowed(path, [os.path.realpath(root)])


def find_config(root: Path) -> Path | None:
    """The configuration file at the root, if there is anything of that name (a link, a
    pipe or a folder of that name too: load_config refuses it rather than pass it over)."""
    candidate = root / CONFIG_FILE
    try:
        return candidate if os.path.lexists(candidate) else None
    except OSError:  # a folder that cannot be read: said by the loader (CX006)
        return None


def load_config(root: Path, known_codes: Iterable[str]) -> Config:
    """The configuration at the workspace root (defaults when there is none)."""
    path = find_config(root)
    if path is None:
        return Config()

    name = display_path(path)
    if config_link_refused(path, root):
        # Never read, never quoted: in CI a link to a credentials file would reach the log.
        raise ConfigError([loading_diagnostic(
            "CX006", LINK_REFUSED(), Span.point(name, 1, 1), hint=LINK_REFUSED_HINT())])
    try:
        # Only a regular file, and only so much of it: a link to /dev/zero or a named pipe
        # would never end, or never begin.
        data = read_regular_file(path, MAX_CONFIG_BYTES)
    except FileTooLarge as error:
        raise ConfigError([loading_diagnostic(
            "CX006", TOO_LARGE(limit=MAX_CONFIG_BYTES), Span.point(name, 1, 1))]) from error
    except OSError as error:
        raise ConfigError([loading_diagnostic(
            "CX006", UNREADABLE(reason=os_reason(error)), Span.point(name, 1, 1))]) from error
    text, problem = decode(name, data)
    if text is None:
        assert problem is not None
        raise ConfigError([problem])
    if not text.strip() or all(line.lstrip().startswith("#") or not line.strip()
                               for line in text.splitlines()):
        return Config(path=name)
    root_map, diagnostics = parse_text(name, text, root_shape(CONFIG_SCHEMA), Limits())
    if root_map is None or diagnostics:
        raise ConfigError(diagnostics)
    diagnostics = check_schema(root_map, CONFIG_SCHEMA)
    codes = sorted(known_codes)
    diagnostics.extend(_unknown_codes(root_map, codes))
    diagnostics.extend(_unknown_language(root_map))
    options = root_map.get("options")
    if isinstance(options, YMap):
        day = no_such_day(options, "as_of")
        if day is not None:
            diagnostics.append(day)
    if diagnostics:
        raise ConfigError(diagnostics)
    return _config(root_map, name)


def _unknown_codes(root: Any, codes: list[str]) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for key in ("select", "ignore"):
        values = root.get(key)
        if not isinstance(values, YList):
            continue
        for index, prefix in enumerate(values):
            if isinstance(prefix, str) and not any(c.startswith(prefix) for c in codes):
                found.append(loading_diagnostic(
                    "CX003", MATCHES_NO_RULE(prefix=Name(prefix), key=Name(key)),
                    values.item_span(index), hint=SEE_RULES()))
    severity = root.get("severity")
    if isinstance(severity, YMap):
        for code in severity:
            if code not in codes:
                found.append(loading_diagnostic(
                    "CX003", NO_SUCH_RULE(code=code), severity.key_span(code),
                    hint=did_you_mean_text(code, codes) or SEE_RULES()))
    return found


UNKNOWN_LANGUAGE = message(
    "CX003.language", "cxmodel does not speak the language {language}; it speaks {languages}.")


def _unknown_language(root: Any) -> list[Diagnostic]:
    value = root.get("language")
    if not isinstance(value, str) or resolve(value) is not None:
        return []
    return [loading_diagnostic(
        "CX003", UNKNOWN_LANGUAGE(language=Name(value), languages=listed()),
        root.value_span("language"),
        hint=language_hint(value))]


def _config(root: Any, name: str) -> Config:
    options = root.get("options") or {}
    limits = root.get("limits") or {}
    within = options.get("max_inner_loop")
    seconds = durations.seconds(within) if isinstance(within, str) else None
    if seconds is None:
        within, seconds = DEFAULT_MAX_INNER_LOOP_TEXT, DEFAULT_MAX_INNER_LOOP
    return Config(
        select=tuple(root.get("select") or ()),
        ignore=tuple(root.get("ignore") or ()),
        severity=MappingProxyType(dict(root.get("severity") or {})),
        fail_on=root.get("fail_on") or "error",
        max_inner_loop=seconds,
        max_inner_loop_unit=durations.unit(within),
        max_handoffs=options.get("max_handoffs", DEFAULT_MAX_HANDOFFS),
        min_responses=options.get("min_responses", DEFAULT_MIN_RESPONSES),
        shelf_periods=options.get("shelf_periods", DEFAULT_SHELF_PERIODS),
        max_finding_age=options.get("max_finding_age", DEFAULT_MAX_FINDING_AGE),
        as_of=options.get("as_of") if isinstance(options.get("as_of"), str) else None,
        limits=configured({name: value for name, value in limits.items()
                           if isinstance(value, int) and not isinstance(value, bool)}),
        path=name,
        language=resolve(root["language"]) if isinstance(root.get("language"), str) else None,
        title=root["title"].strip() or None if isinstance(root.get("title"), str) else None,
    )
