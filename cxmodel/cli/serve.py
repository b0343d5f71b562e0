"""``cxmodel serve``: a live preview of the docs site that rebuilds on every save."""

from __future__ import annotations

import argparse
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cxmodel.cli.workspace import add_arguments
from cxmodel.messages.text import message, plural

if TYPE_CHECKING:
    from cxmodel.app.preview import Preview
    from cxmodel.site.serve import Outcome


SERVING = message("cli.serve.serving", "Serving {title} on {url} (Ctrl+C to stop)")
# Listening on every address: what others on the network open, one address per line.
FROM_NETWORK = message("cli.serve.from-network",
                       "Others on this network can open: {url}")
NO_NETWORK = message("cli.serve.no-network",
                     "This machine has no network address others could open.")
STOPPED = message("cli.serve.stopped", "stopped")
REBUILT = message("cli.serve.rebuilt", "rebuilt in {seconds} s")
BROKEN = plural("cli.serve.broken",
                "the model does not load ({count} problem); the page shows them",
                "the model does not load ({count} problems); the page shows them")
SAID = message("cli.serve.said", "cxmodel serve: {line}")


def register(commands: Any) -> None:
    parser = commands.add_parser(
        "serve", help="preview the docs site, rebuilt and reloaded on every save",
        description="Build the docs site and serve it on http://HOST:PORT/ (loopback by "
        "default). When a YAML file of the workspace (or .cxmodel.yaml) changes, the site is "
        "rebuilt and open pages reload by themselves; a broken edit shows its diagnostics "
        "instead of the site until it is fixed. Stop with Ctrl+C.")
    add_arguments(parser, jobs=False)  # one process: serve has threads, forking them is unsafe
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1, this machine only)")
    parser.add_argument("--port", type=port_number, default=8000,
                        help="port, 0-65535 (default: 8000; 0 picks a free one)")
    parser.add_argument("-o", "--output", metavar="DIR",
                        help="build into DIR and keep it (default: a temporary folder)")
    parser.add_argument("--title", help="the site's title (default: the workspace folder)")
    parser.set_defaults(run=run)


def port_number(text: str) -> int:
    """A --port value: a whole number from 0 (any free port) to 65535."""
    port = int(text) if text.isascii() and text.isdigit() and len(text) <= 5 else -1
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port: use a number from 0 to "
                                         "65535 (0 picks a free port)")
    return port


def run(args: argparse.Namespace) -> int:
    import signal

    from cxmodel.messages.render import render

    # SIGTERM (kill, systemd, docker) stops it as Ctrl+C does, removing the temporary site,
    # from the first build on. The signal may come at any moment after "Serving" is said,
    # so saying it and waiting are inside the block that stops the server.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    running: Preview | None = None
    try:
        running = start(args)
        sys.stderr.write(render(SERVING(title=running.title, url=running.url)) + "\n")
        if running.listens_everywhere:
            urls = running.network_urls
            for url in urls:
                sys.stderr.write(render(FROM_NETWORK(url=url)) + "\n")
            if not urls:
                sys.stderr.write(render(NO_NETWORK()) + "\n")
        sys.stderr.flush()
        threading.Event().wait()
    except KeyboardInterrupt:
        sys.stderr.write(render(STOPPED()) + "\n")
    finally:
        try:
            if running is not None:
                running.stop()
        finally:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def start(args: argparse.Namespace) -> Preview:
    """The preview started with the command line's options; its builds are told on
    standard error."""
    from cxmodel.app.preview import start_preview
    from cxmodel.app.workspace import RunOptions

    return start_preview(list(args.paths), args.host, args.port,
                         Path(args.output) if args.output else None, args.title,
                         RunOptions(args.select, args.ignore, args.fail_on, language=args.lang),
                         on_build=_report, on_failure=_say)


def _report(outcome: Outcome, seconds: float) -> None:
    from cxmodel.messages.render import render

    if outcome.ok:
        sys.stderr.write(render(REBUILT(seconds=_hundredths(seconds))) + "\n")
    else:
        sys.stderr.write(render(BROKEN(count=len(outcome.diagnostics))) + "\n")
    sys.stderr.flush()


def _hundredths(seconds: float) -> str:
    """0.25 / 0,25: seconds to two decimals, as the active language writes them."""
    from babel.numbers import format_decimal

    from cxmodel.messages.languages import LANGUAGES
    from cxmodel.messages.render import active

    return str(format_decimal(seconds, format="0.00", locale=LANGUAGES[active()].locale))


def _say(line: str) -> None:
    from cxmodel.messages.render import render

    sys.stderr.write(render(SAID(line=line)) + "\n")
    sys.stderr.flush()
