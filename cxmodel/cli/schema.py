"""``cxmodel schema``: print the JSON Schema of the language (or of .cxmodel.yaml)."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli.output import emit


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "schema", help="print the JSON Schema of the language, for editors",
        description="Print the JSON Schema (draft-07) that defines the structure of cxmodel "
        "files. Save it next to your workspace and point your editor at it with the modeline "
        "'# yaml-language-server: $schema=cxmodel.schema.json'.")
    parser.add_argument("--config", action="store_true",
                        help="the schema of the workspace configuration .cxmodel.yaml instead")
    parser.add_argument("-o", "--output", metavar="FILE", help="write it to FILE")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel import resources

    name = resources.CONFIG_SCHEMA if args.config else resources.LANGUAGE_SCHEMA
    emit(resources.read_text("specs", name), args.output)
    return 0
