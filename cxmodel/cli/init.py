"""``cxmodel init``: write a small, valid starter workspace; never overwrite a file."""

from __future__ import annotations

import argparse
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from cxmodel.cli import UsageError
from cxmodel.cli.workspace import add_language
from cxmodel.writing import is_stream

STARTER_FILES = ("organisation.yaml", "listening-posts.yaml", "journeys/order-online.yaml")
SCHEMA_FILE = "cxmodel.schema.json"


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "init", help="write a starter workspace (organisation, one journey, two listening posts)",
        description="Write a small, valid starter workspace into DIR (default: the current "
        "folder), with the JSON Schema beside it so editors complete and explain keys. "
        "Existing files are never overwritten unless --force is given.")
    parser.add_argument("directory", nargs="?", default=".", metavar="DIR")
    parser.add_argument("--force", action="store_true",
                        help="overwrite starter files that already exist")
    add_language(parser)
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from cxmodel import resources

    if not args.directory:
        raise UsageError("DIR is empty: name a folder (an unset variable?)")
    target = Path(args.directory)
    planned = {name: resources.read_text("templates", "starter", *name.split("/"))
               for name in STARTER_FILES}
    planned[SCHEMA_FILE] = resources.read_text("specs", resources.LANGUAGE_SCHEMA)
    _refuse_what_is_not_a_folder(target, planned)
    # lexists: a dangling symlink is an existing file too (replacing it would lose the link).
    existing = [name for name in planned if os.path.lexists(target / name)]
    if existing and not args.force:
        raise UsageError(
            f"not writing the starter workspace: {', '.join(str(target / n) for n in existing)} "
            "already exist(s); choose an empty folder, or use --force to overwrite")
    for name in existing:
        place = target / name
        if is_stream(place) or not (place.is_symlink() or place.is_file()):
            raise UsageError(f"{place} is not a file; cxmodel init replaces only files")
    for line in _write(target, planned, existing):
        print(line)
    print(f"\nNext: edit the files, then run 'cxmodel check {target.as_posix()}'.",
          file=sys.stdout)
    return 0


def _refuse_what_is_not_a_folder(target: Path, names: Iterable[str]) -> None:
    """Exit 2 before writing anything when the folder, or a folder a file goes into, is
    something else (a file, a dangling link)."""
    for folder in (target, *(target / Path(name).parent for name in names if "/" in name)):
        if os.path.lexists(folder) and not folder.is_dir():
            raise UsageError(f"{folder} exists and is not a folder")


def _write(target: Path, planned: dict[str, str], existing: list[str]) -> list[str]:
    """Write every starter file; on a failure (a full disk, a read-only folder), remove the
    ones this run created and exit 2, so a second try is not refused for a half starter."""
    from cxmodel.writing import write_atomic

    created: list[Path] = []
    lines = []
    for name, content in planned.items():
        place = target / name
        try:
            write_atomic(place, content)
        except OSError as error:
            for made in created:
                made.unlink(missing_ok=True)
            left = "" if existing else "; nothing of the starter was left behind"
            raise UsageError(f"cannot write {place}: {error.strerror or error}{left}") \
                from error
        if name not in existing:
            created.append(place)
        lines.append(f"wrote {place.as_posix()}")
    return lines
