"""Opening a workspace for a job: its files (nothing outside the paths named, a folder with
no model refused), its configuration with the options of the run applied, loaded and
checked; the files read are protected from being overwritten by the job's outputs."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cxmodel.analyze.registry import all_codes
from cxmodel.api import CheckResult, LoadResult, check
from cxmodel.app.errors import BrokenConfiguration, CannotRun
from cxmodel.config import CONFIG_FILE, Config, ConfigError, load_config
from cxmodel.loader import PathProblem, discover
from cxmodel.loader.discover import Discovered, refuse_empty
from cxmodel.messages.languages import choose
from cxmodel.messages.render import use
from cxmodel.messages.text import Items, Name, message
from cxmodel.said import why
from cxmodel.suggest import closest
from cxmodel.writing import forget_inputs, protect

NOT_A_CODE = message("app.codes.not-a-code",
                     "{flag}: {code} is not a rule code or prefix such as CX1 or CX201")
NO_SUCH_RULE = message("app.codes.no-rule", "{flag}: {code} matches no rule (see 'cxmodel rules')")
NO_SUCH_RULE_BUT = message("app.codes.no-rule-suggest",
                           "{flag}: {code} matches no rule, did you mean {suggestions}? (see "
                           "'cxmodel rules')")


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What a run changes of the workspace's configuration, and how it reads the files.
    ``select``/``ignore``: comma-separated codes or prefixes (None: the file's; "": none)."""

    select: str | None = None
    ignore: str | None = None
    fail_on: str | None = None
    workers: int = 1
    cache: bool = False  # reuse files parsed by an earlier run (site and serve)
    language: str | None = None  # --lang, a code of LANGUAGES; None: the workspace's
    # The day each finding was first recorded, from the baseline checked against (CX809).
    first_seen: Mapping[str, str] | None = None


def parse_codes(value: str | None, flag: str) -> list[str] | None:
    """The codes of a --select or --ignore value; CannotRun for one that matches no rule (a
    typo would silently select nothing, or ignore nothing)."""
    if value is None:
        return None
    codes = [c.strip().upper() for c in value.split(",") if c.strip()]
    # Empty (an unset variable in a CI script): overrides the file's list with none.
    known = sorted(all_codes())
    for code in codes:
        if not re.fullmatch(r"CX[0-9]{0,3}", code):
            raise CannotRun(NOT_A_CODE(flag=flag, code=Name(code)))
        if not any(rule.startswith(code) for rule in known):
            near = closest(code, known)
            raise CannotRun(NO_SUCH_RULE_BUT(flag=flag, code=Name(code), suggestions=Items(
                tuple(Name(n) for n in near), "or")) if near else
                NO_SUCH_RULE(flag=flag, code=Name(code)))
    return codes


def configured(root: Path, options: RunOptions) -> Config:
    """The configuration at ``root`` with the options applied; BrokenConfiguration for a
    broken .cxmodel.yaml, CannotRun for a bad option."""
    select = parse_codes(options.select, "--select")
    ignore = parse_codes(options.ignore, "--ignore")
    try:
        config = load_config(root, all_codes())
    except ConfigError as problem:
        raise BrokenConfiguration(problem.diagnostics) from problem
    speak(options.language, config.language)
    return config.overridden(select=select, ignore=ignore, fail_on=options.fail_on,
                             first_seen=options.first_seen)


def _config_at(root: Path) -> Config | None:
    """The configuration at ``root``, for a value read ahead of the command (None without
    one, or when it does not read: the command that reads it reports that)."""
    try:
        if not (root / CONFIG_FILE).is_file():
            return None
        return load_config(root, all_codes())
    except (ConfigError, OSError):
        return None


def configured_language(root: Path) -> str | None:
    """The ``language:`` of the workspace at ``root``, if it has one."""
    config = _config_at(root)
    return config.language if config is not None else None


def titled(title: str | None, root: Path | None) -> tuple[str, bool]:
    """The title of a report, site or deck: --title, else ``title:`` in the workspace's
    .cxmodel.yaml, else the workspace folder's name; and whether it was given (either way)
    rather than the folder's name."""
    if title:
        return title, True
    if root is None:
        return "cxmodel", False
    config = _config_at(root)
    if config is not None and config.title:
        return config.title, True
    return root.resolve().name, False


def speak(flag: str | None, workspace: str | None) -> None:
    """Make the run's language active: --lang, else the workspace's ``language:``, else the
    environment's, else English (docs/languages.md)."""
    use(choose(flag, workspace, os.environ))


def workspace_files(paths: Sequence[str | Path], allow_empty: bool = False) -> Discovered:
    """The workspace's files; CannotRun for a path that does not exist and, unless
    ``allow_empty``, for a folder that holds no cxmodel files (a CI job pointed at the wrong
    folder must not pass)."""
    try:
        found = discover(list(paths))
        if not allow_empty:
            refuse_empty(found)
    except PathProblem as problem:
        raise CannotRun(why(problem)) from problem
    return found


def open_workspace(paths: Sequence[str | Path], options: RunOptions | None = None,
                   allow_empty: bool = False) -> CheckResult:
    """The workspace loaded, validated and, when it loads, analysed with its configuration
    and the run's options. The files read are protected: no output of this process may
    replace one of them."""
    options = options or RunOptions()
    new_job()
    config = configured(workspace_files(paths, allow_empty).root, options)
    try:
        result = check(list(paths), config, options.workers, options.cache)
    except PathProblem as problem:
        raise CannotRun(why(problem)) from problem
    protect_inputs(result.load)
    return result


def new_job() -> None:
    """Forget the files earlier jobs of this process protected: in a long-running process
    (the Python API, a language server) a file read by one job, since deleted, may have
    left its identity to a file another job writes."""
    forget_inputs()


def protect_inputs(result: LoadResult) -> None:
    """No output of this run may replace a file it read: the YAML files and .cxmodel.yaml."""
    protect(Path(f.path) for f in result.files)
    if result.root is not None:
        protect([result.root / CONFIG_FILE])
