"""``cxmodel check`` as a job: the workspace opened and analysed, then the findings set
against a baseline of accepted ones (read from a file, or recorded now into one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from cxmodel.api import CheckResult
from cxmodel.app.errors import CannotRun
from cxmodel.app.workspace import RunOptions, open_workspace
from cxmodel.baseline import (
    NEVER_ACCEPTED,
    Baseline,
    BaselineError,
    baseline_text,
    first_seen_dates,
    read_baseline,
)
from cxmodel.diagnostics import Diagnostic, fails
from cxmodel.messages.text import message
from cxmodel.said import cannot_write, why
from cxmodel.writing import protect, write_atomic

NOT_WRITING = message("app.check.not-writing-baseline",
                      "not writing the baseline {path}: {problem}")


@dataclass
class Checked:
    """A check's outcome: ``diagnostics`` to report (without those the baseline accepts),
    ``accepted`` the ones it does, and the baseline used (``written`` when recorded now)."""

    result: CheckResult
    diagnostics: list[Diagnostic]
    accepted: list[Diagnostic] = field(default_factory=list)
    baseline: Baseline | None = None
    written: int | None = None  # findings recorded into a new baseline

    @property
    def fails(self) -> bool:
        """Whether what is reported reaches fail_on (exit code 1)."""
        return fails(self.diagnostics, self.result.config.fail_on)


def check(paths: Sequence[str | Path], options: RunOptions | None = None,
          baseline: str | None = None, write_baseline: str | None = None) -> Checked:
    """The workspace checked; with ``baseline``, findings it records as accepted are set
    apart; with ``write_baseline``, every current finding is recorded there first. When the
    model does not load, no baseline is written (``written`` stays None: the caller lists
    the problems, then says so)."""
    used = None
    if baseline is not None:
        try:
            used = read_baseline(baseline)
        except BaselineError as problem:
            raise CannotRun(why(problem)) from problem
    earlier = _earlier(write_baseline, used)
    options = options or RunOptions()
    if used is not None or earlier:
        # The days findings were first recorded: CX809 measures their age from them.
        options = replace(options, first_seen={**earlier, **(used.first_seen if used else {})})
    result = open_workspace(paths, options)
    if baseline is not None:
        protect([baseline])  # an input too: an output must not replace it
    written = None
    if write_baseline is not None and result.analysis is not None:
        used, written = _record(result, Path(write_baseline), earlier)
    diagnostics, accepted = (used.split(result.diagnostics) if used is not None
                             else (result.diagnostics, []))
    return Checked(result, list(diagnostics), list(accepted), used, written)


def _earlier(write_baseline: str | None, used: Baseline | None) -> dict[str, str]:
    """The first-seen days a baseline about to be written keeps: those of the baseline it
    replaces (when that is one), else of the baseline the check runs against."""
    if write_baseline is not None and Path(write_baseline).is_file():
        try:
            return dict(read_baseline(write_baseline).first_seen)
        except BaselineError:
            pass  # not a baseline (yet): recorded afresh
    return dict(used.first_seen) if used is not None else {}


def _record(result: CheckResult, target: Path, earlier: dict[str, str]
            ) -> tuple[Baseline, int]:
    """Every current finding recorded in ``target``, each with the day it was first
    recorded (kept from ``earlier``, else the day the results are read on); the baseline as
    recorded (not read back from the file: it may be a device or a pipe, /dev/null or
    /dev/stdout)."""
    assert result.analysis is not None
    dates = first_seen_dates(result.diagnostics, earlier,
                             result.analysis.results.as_of.isoformat())
    try:
        text = baseline_text(result.diagnostics, target.parent, dates)
    except BaselineError as problem:  # too many findings
        raise CannotRun(NOT_WRITING(path=target.as_posix(), problem=why(problem))) \
            from problem
    try:
        write_atomic(target, text)
    except OSError as error:
        raise CannotRun(cannot_write(target, error)) from error
    count = len({d.fingerprint for d in result.diagnostics if d.code not in NEVER_ACCEPTED})
    return Baseline.of(target.as_posix(), result.diagnostics, dates), count
