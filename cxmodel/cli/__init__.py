"""The command line: parses arguments, runs the pipeline, prints, sets the exit code.
This package is the only code in cxmodel that writes to the terminal."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from cxmodel import __version__
from cxmodel.messages.text import message
from cxmodel.said import SaysWhy

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_FAILURE = 2


ERROR = message("cli.error", "cxmodel: error: {problem}")
STDOUT_FAILED = message("cli.error.stdout",
                        "cxmodel: error: cannot write to standard output: {reason}")
INTERRUPTED = message("cli.interrupted", "cxmodel: interrupted")


class UsageError(SaysWhy):
    """cxmodel could not do its job (exit code 2): bad arguments, unreadable path..."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_FAILURE, f"cxmodel: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    from cxmodel.cli import (
        check,
        diff,
        export,
        import_sheet,
        init,
        lsp,
        render,
        report,
        rules,
        schema,
        serve,
        site,
    )

    parser = _Parser(
        prog="cxmodel",
        description="Model customer journeys, touchpoints, channels and listening posts in "
        "YAML; validate them and find where the voice of the customer is not heard.",
        epilog="Run 'cxmodel COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version",
                        version=f"cxmodel {__version__} (language version 1)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in (check, diff, report, render, site, serve, export, import_sheet, rules, init,
                   schema, lsp):
        module.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_FAILURE
    import gc

    collecting = gc.isenabled()
    if args.command != "serve":
        # A one-shot command builds a large, acyclic object graph and exits: the cyclic
        # garbage collector would only rescan it again and again, finding nothing to
        # collect. The long-running server keeps it on.
        gc.disable()
    from cxmodel.app.errors import CannotRun
    from cxmodel.writing import forget_inputs

    forget_inputs()
    import os

    from cxmodel.cli.workspace import workspace_language
    from cxmodel.messages.languages import choose
    from cxmodel.messages.render import render, use
    from cxmodel.said import os_reason, why

    # --lang, else the language of the workspace the command names, else the environment's
    use(choose(getattr(args, "lang", None), workspace_language(args), os.environ))
    try:
        code: int = args.run(args)
        if not sys.stdout.closed:  # the language server closes it when the editor exits
            sys.stdout.flush()  # what print() left in the buffer: a full disk shows here
    except (UsageError, CannotRun) as problem:
        print(render(ERROR(problem=why(problem))), file=sys.stderr)
        return EXIT_FAILURE
    except BrokenPipeError:
        return EXIT_FAILURE
    except OSError as problem:
        if problem.filename is not None or _stdout_writes():
            raise  # not standard output's: a bug to see, not to hide
        print(render(STDOUT_FAILED(reason=os_reason(problem))), file=sys.stderr)
        return EXIT_FAILURE
    except KeyboardInterrupt:
        print(render(INTERRUPTED()), file=sys.stderr)
        return 130
    finally:
        if collecting:
            gc.enable()
    return code


def _stdout_writes() -> bool:
    """Whether standard output takes what is left in its buffer (a full disk behind it
    keeps failing)."""
    try:
        sys.stdout.flush()
    except OSError:
        return False
    return True
