"""``cxmodel init``: write a small, valid starter workspace; never overwrite a file."""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import Any

from cxmodel.cli import UsageError

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
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    import sys

    from cxmodel import resources
    from cxmodel.writing import write_atomic

    target = Path(args.directory)
    if target.exists() and not target.is_dir():
        raise UsageError(f"{target} exists and is not a folder")
    planned = {name: resources.read_text("templates", "starter", *name.split("/"))
               for name in STARTER_FILES}
    planned[SCHEMA_FILE] = resources.read_text("specs", resources.LANGUAGE_SCHEMA)
    # lexists: a dangling symlink is an existing file too (replacing it would lose the link).
    existing = [name for name in planned if os.path.lexists(target / name)]
    if existing and not args.force:
        raise UsageError(
            f"not writing the starter workspace: {', '.join(str(target / n) for n in existing)} "
            "already exist(s); choose an empty folder, or use --force to overwrite")
    for name, content in planned.items():
        write_atomic(target / name, content)
        print(f"wrote {(target / name).as_posix()}")
    print(f"\nNext: edit the files, then run 'cxmodel check {target.as_posix()}'.",
          file=sys.stdout)
    return 0
