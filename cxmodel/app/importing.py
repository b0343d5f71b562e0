"""Importing a workshop sheet: a CSV file or an Excel workbook (one row per step) read
within its limits and turned into the text of a journey file, with what was read and the
problems found. Inside a workspace, every reference is linked to what it defines."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from cxmodel.app.errors import CannotRun
from cxmodel.app.workspace import configured_language, new_job, speak
from cxmodel.importer import MAX_ROWS
from cxmodel.importer.csv_sheet import MAX_SHEET_BYTES, read_sheet
from cxmodel.importer.journey_file import journey_file_text, results_csv_text, results_file_text
from cxmodel.importer.journeys import ImportedSheet
from cxmodel.importer.known import Known, known_from_roots
from cxmodel.importer.problems import SheetError, SheetProblem
from cxmodel.importer.results_sheet import read_results
from cxmodel.importer.xlsx_sheet import read_workbook
from cxmodel.loader import PathProblem, discover
from cxmodel.loader.csv_results import RESULTS_CSV_SUFFIX
from cxmodel.loader.reading import FileTooLarge, read_regular_file
from cxmodel.messages.render import render
from cxmodel.messages.text import message, plural
from cxmodel.said import os_reason, size_over, why
from cxmodel.writing import protect

SCHEMA_FILE = "cxmodel.schema.json"
CONFIG_FILE = ".cxmodel.yaml"
FORMATS = ("csv", "xlsx")

SUMMARY = message("import.summary", "{journeys}, {stages}, {steps}")
JOURNEYS = plural("import.summary.journeys", "{count} journey", "{count} journeys")
STAGES = plural("import.summary.stages", "{count} stage", "{count} stages")
STEPS = plural("import.summary.steps", "{count} step", "{count} steps")
TOO_LARGE = message("import.too-large",
                    "{sheet} is {size} bytes, more than the limit of {limit} bytes for a "
                    "sheet, the same as for a workspace file")
TOO_LARGE_NOW = message("import.too-large-unsized",
                        "{sheet} is more than the limit of {limit} bytes for a sheet, the same "
                        "as for a workspace file")
UNREADABLE = message("import.unreadable", "{sheet}: {reason}")
NEEDS_WORKSPACE = message("import.results.workspace", "results are linked to a workspace: "
                          "write them into one (-o inside its folder) or name it with "
                          "--workspace")
NOT_A_FOLDER = message("import.workspace-not-folder", "--workspace {path} is not a folder")


@dataclass
class Imported:
    """A sheet turned into a journey file: its text, the sheet as read and its warnings."""

    text: str
    sheet: ImportedSheet
    warnings: list[SheetProblem]
    workspace: Path | None = None  # the workspace linked to

    @property
    def summary(self) -> str:
        """'2 journeys, 5 stages, 20 steps', in the active language."""
        stages = sum(len(j.get("stages", ())) for j in self.sheet.journeys)
        return render(SUMMARY(journeys=JOURNEYS(count=len(self.sheet.journeys)),
                              stages=STAGES(count=stages), steps=STEPS(count=self.sheet.steps)))


def import_sheet(source: Path, output: Path | None = None, max_rows: int = MAX_ROWS,
                 workspace: Path | None = None, kind: str = "csv",
                 language: str | None = None) -> Imported:
    """The journey file for the sheet ``source`` (``kind`` csv or xlsx); ``output`` is
    where it will be written (its modeline then points at the nearest schema). Its
    references are linked to what the workspace defines: ``workspace``, else the one the
    output lies in (see find_workspace), else none; that workspace's ``language:`` is the
    run's unless ``language`` (--lang) says otherwise. Raises SheetError with the sheet's
    problems when it has errors, CannotRun when it cannot be read. The sheet is
    protected: no output of this process may replace it."""
    new_job()
    data = _read(source)
    root = workspace if workspace is not None else find_workspace(output)
    if root is not None:
        speak(language, configured_language(root))
    known = workspace_elements(root, output) if root is not None else None
    reader = read_workbook if kind == "xlsx" else read_sheet
    sheet = reader(data, max_rows, known)
    references = {kind: sorted(table) for kind, table in sheet.references.items()}
    text = journey_file_text(sheet.journeys, source.name, schema_reference(output, root),
                             references, sheet.created)
    return Imported(text, sheet, list(sheet.warnings), root)


@dataclass
class ImportedResultsFile:
    """An export turned into a results file: its text, how many rows were read and how many
    results they make."""

    text: str
    rows: int
    results: int
    workspace: Path


def import_results(source: Path, output: Path | None, workspace: Path | None = None,
                   granularity: str = "month", language: str | None = None,
                   max_rows: int = MAX_ROWS) -> ImportedResultsFile:
    """The results file for a survey platform's export (docs/import-export.md): linked to
    the workspace named, or the one the output lies in; CannotRun without one."""
    new_job()
    data = _read(source)
    root = workspace if workspace is not None else find_workspace(output)
    if root is None:
        raise CannotRun(NEEDS_WORKSPACE())
    speak(language, configured_language(root))
    read = read_results(data, workspace_elements(root, output), granularity, max_rows)
    text = results_csv_text(read.results) if output is not None \
        and output.name.endswith(RESULTS_CSV_SUFFIX) \
        else results_file_text(read.results, source.name, schema_reference(output, root))
    return ImportedResultsFile(text, read.rows, len(read.results), root)


def find_workspace(output: Path | None) -> Path | None:
    """The workspace a file written at ``output`` belongs to: the nearest folder at or
    above it that holds .cxmodel.yaml or cxmodel.schema.json (what 'cxmodel init' writes);
    else the nearest folder at or above it that holds cxmodel files, widened to its parents
    for as long as they hold cxmodel files too (journeys/ inside the folder of
    organisation.yaml), up to a git repository's top and never to /, /tmp or the home
    folder; None when there is none."""
    if output is None:
        return None
    folder = output.absolute().parent
    chain = (folder, *folder.parents)
    for candidate in chain:
        if (candidate / CONFIG_FILE).is_file() or (candidate / SCHEMA_FILE).is_file():
            return candidate
    found: Path | None = None
    for candidate in chain:
        if _holds_model_files(candidate) and candidate not in _NEVER_A_WORKSPACE:
            found = candidate
        elif found is not None:
            break
        if found is not None and (candidate / ".git").exists():
            break  # a repository's top: the workspace does not reach past it
    return found


# Folders that hold stray files rather than a workspace.
_NEVER_A_WORKSPACE = frozenset({Path("/"), Path.home(), Path("/tmp")})


_MODEL_FILE = re.compile(rb"^cxmodel\s*:", re.MULTILINE)


def _holds_model_files(folder: Path) -> bool:
    """Whether ``folder`` holds a cxmodel file: YAML whose first 4 KiB have the
    ``cxmodel:`` key at the top."""
    try:
        entries = sorted(folder.iterdir())
    except OSError:
        return False
    for entry in entries:
        if entry.suffix not in (".yaml", ".yml") or entry.name.startswith("."):
            continue
        try:
            with entry.open("rb") as stream:
                if _MODEL_FILE.search(stream.read(4096)):
                    return True
        except OSError:
            continue
    return False


def workspace_elements(root: Path, output: Path | None) -> Known:
    """What the workspace at ``root`` defines, leaving out the file the import replaces
    (what an earlier import of the sheet defined there is defined again). A file that does
    not parse defines nothing; the workspace need not be valid."""
    if not root.is_dir():
        raise CannotRun(NOT_A_FOLDER(path=root.as_posix()))
    replaced = output.resolve() if output is not None else None
    try:
        found = discover([root])
    except PathProblem as problem:
        raise CannotRun(why(problem)) from problem
    from cxmodel.api import load

    files = [file for file in found.files if replaced is None or file.resolve() != replaced]
    if not files:
        return Known()
    try:
        loaded = load(files)
    except PathProblem as problem:
        raise CannotRun(why(problem)) from problem
    return known_from_roots(file.root for file in loaded.files)


def schema_reference(output: Path | None, workspace: Path | None = None) -> str:
    """Where the modeline points: the nearest cxmodel.schema.json at or above the output's
    folder, relative to it; else the schema the workspace's files already point at (the
    repository's specs/, say); else one beside it (what 'cxmodel init' writes)."""
    if output is None:
        return SCHEMA_FILE
    folder = output.absolute().parent
    for candidate in (folder, *folder.parents):
        if (candidate / SCHEMA_FILE).is_file():
            return Path(os.path.relpath(candidate / SCHEMA_FILE, folder)).as_posix()
    used = _schema_in_use(workspace) if workspace is not None else None
    if used is not None:
        return Path(os.path.relpath(used, folder)).as_posix()
    return SCHEMA_FILE


_MODELINE = re.compile(rb"^# yaml-language-server: \$schema=(\S+)", re.MULTILINE)


def _schema_in_use(workspace: Path) -> Path | None:
    """The schema file the first of the workspace's files with a modeline points at, when
    it exists."""
    try:
        found = discover([workspace])
    except PathProblem:
        return None
    for file in found.files:
        try:
            with file.open("rb") as stream:
                line = _MODELINE.search(stream.read(4096))
        except OSError:
            continue
        if line is not None and b"://" not in line.group(1):
            target = (file.absolute().parent / line.group(1).decode("utf-8", "replace"))
            if target.is_file():
                return Path(os.path.normpath(target))
    return None


def _read(sheet: Path) -> bytes:
    """The sheet's bytes: a regular file, at most MAX_SHEET_BYTES (as workspace files)."""
    try:
        data = read_regular_file(sheet, MAX_SHEET_BYTES)
        protect([sheet])  # an output must not replace the sheet, even with --force
        return data
    except FileTooLarge as error:
        size = size_over(error, sheet)
        raise CannotRun(TOO_LARGE(sheet=sheet.as_posix(), size=size, limit=error.limit)
                        if size is not None else
                        TOO_LARGE_NOW(sheet=sheet.as_posix(), limit=error.limit)) from error
    except OSError as error:
        raise CannotRun(UNREADABLE(sheet=sheet.as_posix(), reason=os_reason(error))) from error


__all__ = ["FORMATS", "Imported", "SheetError", "SheetProblem", "find_workspace",
           "import_sheet", "schema_reference"]
