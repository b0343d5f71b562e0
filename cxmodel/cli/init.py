"""``cxmodel init``: write a small, valid starter workspace; never overwrite a file. The
starter is written in the run's language (--lang, else the environment's): names,
descriptions and comments in that language, ids the same in every language, and, for a
language other than English, a .cxmodel.yaml that makes it the workspace's language."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cxmodel.cli import UsageError
from cxmodel.cli.workspace import add_language
from cxmodel.messages.text import Text, message, plural
from cxmodel.writing import is_stream

STARTER_FILES = ("organisation.yaml", "listening-posts.yaml", "journeys/order-online.yaml")
CONFIG_FILE = ".cxmodel.yaml"  # in every starter but the English one
SCHEMA_FILE = "cxmodel.schema.json"

EMPTY_DIR = message("cli.init.empty-dir", "DIR is empty: name a folder (an unset variable?)")
EXISTING = plural("cli.init.existing",
                  "not writing the starter workspace: {paths} already exists; choose an empty "
                  "folder, or use --force to overwrite",
                  "not writing the starter workspace: {paths} already exist; choose an empty "
                  "folder, or use --force to overwrite")
NOT_A_FILE = message("cli.init.not-a-file",
                     "{path} is not a file; cxmodel init replaces only files")
NOT_A_FOLDER = message("cli.init.not-a-folder", "{path} exists and is not a folder")
CANNOT_WRITE = message("cli.init.cannot-write",
                       "cannot write {path}: {reason}; nothing of the starter was left behind")
WROTE = message("cli.init.wrote", "wrote {path}")
NEXT = message("cli.init.next", "Next: edit the files, then run 'cxmodel check {folder}'.")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "init", help="write a starter workspace (organisation, one journey, two listening posts)",
        description="Write a small, valid starter workspace into DIR (default: the current "
        "folder), with the JSON Schema beside it so editors complete and explain keys. "
        "Existing files are never overwritten unless --force is given. With --lang (or a "
        "language in the environment) the starter is written in that language, with a "
        ".cxmodel.yaml that makes it the workspace's language.")
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR")
    parser.add_argument("--force", action="store_true",
                        help="overwrite starter files that already exist")
    add_language(parser)
    parser.set_defaults(run=run)


def starter(language: str) -> dict[str, str]:
    """The starter's files in ``language`` (a code of LANGUAGES), name -> text, without the
    schema: templates/starter/ for English, templates/starter/<language>/ for the others."""
    from cxmodel import resources

    if language == "en":
        return {name: resources.read_text("templates", "starter", *name.split("/"))
                for name in STARTER_FILES}
    return {name: resources.read_text("templates", "starter", language, *name.split("/"))
            for name in (*STARTER_FILES, CONFIG_FILE)}


def run(args: argparse.Namespace) -> int:
    import sys

    from cxmodel import resources
    from cxmodel.messages.render import active, render

    if not args.directory:
        raise UsageError(EMPTY_DIR())
    target = Path(args.directory)
    planned = starter(active())
    planned[SCHEMA_FILE] = resources.read_text("specs", resources.LANGUAGE_SCHEMA)
    _refuse_what_is_not_a_folder(target, planned)
    # lexists: a dangling symlink is an existing file too (replacing it would lose the link).
    existing = [name for name in planned if os.path.lexists(target / name)]
    if existing and not args.force:
        raise UsageError(EXISTING(paths=", ".join(str(target / n) for n in existing),
                                  count=len(existing)))
    for name in existing:
        place = target / name
        if is_stream(place) or not (place.is_symlink() or place.is_file()):
            raise UsageError(NOT_A_FILE(path=str(place)))
    for line in _write(target, planned, existing):
        print(render(line))
    print("\n" + render(NEXT(folder=target.as_posix())), file=sys.stdout)
    return 0


def _refuse_what_is_not_a_folder(target: Path, names: Iterable[str]) -> None:
    """Exit 2 before writing anything when the folder, or a folder a file goes into, is
    something else (a file, a dangling link)."""
    for folder in (target, *(target / Path(name).parent for name in names if "/" in name)):
        if os.path.lexists(folder) and not folder.is_dir():
            raise UsageError(NOT_A_FOLDER(path=str(folder)))


def _write(target: Path, planned: dict[str, str], existing: list[str]) -> list[Text]:
    """Write every starter file; on a failure (a full disk, a read-only folder), remove the
    ones this run created and exit 2, so a second try is not refused for a half starter.
    Returns what to say of each file written."""
    from cxmodel.said import cannot_write, os_reason
    from cxmodel.writing import write_atomic

    created: list[Path] = []
    lines: list[Text] = []
    for name, content in planned.items():
        place = target / name
        try:
            write_atomic(place, content)
        except OSError as error:
            for made in created:
                made.unlink(missing_ok=True)
            raise UsageError(cannot_write(place, error) if existing else
                             CANNOT_WRITE(path=str(place), reason=os_reason(error))) \
                from error
        if name not in existing:
            created.append(place)
        lines.append(WROTE(path=place.as_posix()))
    return lines
