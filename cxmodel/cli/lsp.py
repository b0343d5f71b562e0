"""``cxmodel lsp``: the language server, for editors (docs/editors.md)."""

from __future__ import annotations

import argparse
from typing import Any

from cxmodel.cli import EXIT_OK


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "lsp", help="run the language server (for editors) over standard input and output",
        description="Speak the Language Server Protocol over standard input and output: "
        "diagnostics as you type (the file's own at once, the workspace's references and gap "
        "rules when typing pauses), completion of ids, keys and values, hover, go to "
        "definition, find references, rename, quick fixes and the outline. The workspace is "
        "the folder the editor opens; its .cxmodel.yaml applies. Editors start it "
        "themselves: see docs/editors.md.")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from cxmodel.lsp.server import run as serve

    serve()
    return EXIT_OK
