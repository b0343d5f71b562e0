"""``cxmodel serve``: a live preview of the docs site that rebuilds on every save."""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from cxmodel.cli import UsageError
from cxmodel.cli.workspace import add_arguments


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

    # SIGTERM (kill, systemd, docker) stops it as Ctrl+C does, removing the temporary site,
    # from the first build on. The signal may come at any moment after "Serving" is said,
    # so saying it and waiting are inside the block that stops the server.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    running: Running | None = None
    try:
        running = start(args)
        sys.stderr.write(f"Serving {running.title} on {running.url} (Ctrl+C to stop)\n")
        sys.stderr.flush()
        threading.Event().wait()
    except KeyboardInterrupt:
        sys.stderr.write("stopped\n")
    finally:
        try:
            if running is not None:
                running.stop()
        finally:
            signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class Running:
    """A started live preview: its site state, server and temporary folder."""

    def __init__(self, site: Any, server: Any, temporary: Any, title: str) -> None:
        self.site = site
        self.server = server
        self.temporary = temporary
        self.title = title

    @property
    def url(self) -> str:
        host, port = str(self.server.server_address[0]), int(self.server.server_address[1])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def stop(self) -> None:
        from cxmodel.site.serve import shutdown

        shutdown(self.site, self.server)
        if self.temporary is not None:
            self.temporary.cleanup()


def start(args: argparse.Namespace) -> Running:
    from cxmodel.api import check
    from cxmodel.app.errors import BrokenConfiguration
    from cxmodel.app.site import refused
    from cxmodel.app.workspace import RunOptions, configured, parse_codes, workspace_files
    from cxmodel.config import CONFIG_FILE
    from cxmodel.loader import PathProblem, discover
    from cxmodel.loader.discover import Discovered
    from cxmodel.site.builder import build_site, inputs_hash
    from cxmodel.site.manifest import SiteFolderError
    from cxmodel.site.serve import LiveSite, Outcome, serve

    parse_codes(args.select, "--select")  # a bad flag stops here, not at every rebuild
    parse_codes(args.ignore, "--ignore")
    root = workspace_files(list(args.paths)).root
    title = args.title or root.resolve().name
    temporary = None
    if args.output:
        folder = Path(args.output)
    else:
        temporary = tempfile.TemporaryDirectory(prefix="cxmodel-serve-")
        folder = Path(temporary.name)

    def walked() -> Discovered | None:
        try:
            return discover(list(args.paths))
        except PathProblem:
            return None

    def watched() -> list[Path]:
        found = walked()
        files = [] if found is None else [*found.files, *found.outside]
        return [*files, root / CONFIG_FILE]

    def build() -> Outcome:
        try:
            # One process: serve has threads, and forking them is unsafe.
            run = RunOptions(args.select, args.ignore, args.fail_on, workers=1, cache=True)
            result = check(args.paths, configured(root, run), cache=True)
        except BrokenConfiguration as problem:
            return Outcome(False, problem.diagnostics)
        except PathProblem as problem:
            from cxmodel.diagnostics import Span, loading_diagnostic

            return Outcome(False, [loading_diagnostic("CX006", str(problem),
                                                      Span.point(str(root), 1, 1))])
        if result.analysis is None:
            return Outcome(False, result.diagnostics, {f.path: f.text for f in result.files})
        found = walked()
        inputs = inputs_hash(list(found.files) if found else [], root, title, "serve",
                             refused(found) if found else [])
        try:
            build_site(result, folder, title, inputs, force=bool(temporary))
        except (SiteFolderError, OSError) as problem:
            if not served.is_set():
                raise  # the first build: exit 2 with the reason
            from cxmodel.diagnostics import Span, loading_diagnostic

            # Later builds: the page says why, and the preview goes on watching.
            return Outcome(False, [loading_diagnostic(
                "CX006", f"The site cannot be written: {problem}", Span.point(str(root), 1, 1))])
        return Outcome(True)

    def report(outcome: Outcome, seconds: float) -> None:
        if outcome.ok:
            sys.stderr.write(f"rebuilt in {seconds:.2f} s\n")
        else:
            count = len(outcome.diagnostics)
            sys.stderr.write(f"the model does not load ({count} problem"
                             f"{'' if count == 1 else 's'}); the page shows them\n")
        sys.stderr.flush()

    served = threading.Event()  # set after the first build
    site = LiveSite(folder, build, watched, report)
    site.on_failure = _say
    try:
        first = site.rebuild()
    except SiteFolderError as problem:
        _remove(temporary)
        raise UsageError(str(problem)) from problem
    except OSError as problem:
        _remove(temporary)
        raise UsageError(f"cannot write the site: {problem}") from problem
    except BaseException:  # Ctrl+C or SIGTERM during the first build
        _remove(temporary)
        raise
    del first
    served.set()
    try:
        server = serve(site, args.host, args.port, on_error=_say)
    except OSError as problem:
        _remove(temporary)
        raise UsageError(f"cannot listen on {args.host}:{args.port}: "
                         f"{problem.strerror or problem}") from problem
    return Running(site, server, temporary, title)


def _say(line: str) -> None:
    sys.stderr.write(f"cxmodel serve: {line}\n")
    sys.stderr.flush()


def _remove(temporary: Any) -> None:
    if temporary is not None:
        temporary.cleanup()
