"""The live preview behind ``cxmodel serve`` as a job: the site built into a folder (a
temporary one unless given), served on an address, and rebuilt whenever a file of the
workspace changes; a broken edit makes the pages show its diagnostics. What happens is
told through callbacks; nothing is printed here."""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from cxmodel.api import check
from cxmodel.app.errors import BrokenConfiguration, CannotRun
from cxmodel.app.site import CANNOT_WRITE, site_inputs
from cxmodel.app.workspace import RunOptions, configured, parse_codes, titled, workspace_files
from cxmodel.config import CONFIG_FILE
from cxmodel.diagnostics import Span, loading_diagnostic
from cxmodel.loader import PathProblem, discover
from cxmodel.loader.discover import Discovered
from cxmodel.messages.text import message
from cxmodel.said import os_reason, why
from cxmodel.site.builder import build_site
from cxmodel.site.manifest import SiteFolderError
from cxmodel.site.serve import LiveSite, Outcome, Server, serve, shutdown

NOT_WRITTEN = message("app.preview.not-written", "The site cannot be written: {problem}")
CANNOT_LISTEN = message("app.preview.cannot-listen", "cannot listen on {address}: {reason}")


class Preview:
    """A started live preview: its site state, server and temporary folder."""

    def __init__(self, site: LiveSite, server: Server, temporary: Any, title: str) -> None:
        self.site = site
        self.server = server
        self.temporary = temporary
        self.title = title

    @property
    def url(self) -> str:
        host, port = self._address()
        return _url(host, port)

    @property
    def listens_everywhere(self) -> bool:
        return self._address()[0] in ("0.0.0.0", "::")

    @property
    def network_urls(self) -> list[str]:
        """When it listens on every address (--host 0.0.0.0 or ::), the addresses others on
        the network can open (what workshop participants type); otherwise none."""
        if not self.listens_everywhere:
            return []
        host, port = self._address()
        return [_url(a, port) for a in network_addresses(ipv6=host == "::")]

    def _address(self) -> tuple[str, int]:
        address: Any = self.server.server_address
        return str(address[0]), int(address[1])

    def stop(self) -> None:
        shutdown(self.site, self.server)
        if self.temporary is not None:
            self.temporary.cleanup()


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def network_addresses(ipv6: bool = False) -> list[str]:
    """The addresses this machine reaches its networks from (IPv4, and IPv6 with ``ipv6``),
    loopback and link-local left out. A UDP socket "connected" to an address sends nothing:
    it only asks the system which local address it would use, so no name is looked up and
    nothing leaves the machine."""
    import ipaddress

    usable = []
    for text in _local_addresses(ipv6):
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            continue
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            usable.append(address)
    return [str(a) for a in sorted(usable, key=lambda a: (a.version, a))]


def _local_addresses(ipv6: bool) -> set[str]:
    """The local addresses the system would send from (see network_addresses)."""
    import socket

    found: set[str] = set()
    probes = [(socket.AF_INET, "10.255.255.255")]
    if ipv6:
        probes.append((socket.AF_INET6, "fd00::1"))
    for family, remote in probes:
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((remote, 1))
                found.add(str(probe.getsockname()[0]).split("%")[0])
        except OSError:
            pass
    return found


def start_preview(paths: Sequence[str | Path], host: str = "127.0.0.1", port: int = 8000,
                  output: Path | None = None, title: str | None = None,
                  options: RunOptions | None = None,
                  on_build: Callable[[Outcome, float], None] | None = None,
                  on_failure: Callable[[str], None] | None = None) -> Preview:
    """Build the site and serve it. ``on_build`` hears of each build (its outcome and how
    long it took), ``on_failure`` of a rebuild or a request that failed for a reason of its
    own. CannotRun when the first build cannot be written or the address cannot be
    listened on; the temporary folder is then removed, as it is on an interruption."""
    paths = list(paths)
    options = options or RunOptions()
    parse_codes(options.select, "--select")  # a bad option stops here, not at every rebuild
    parse_codes(options.ignore, "--ignore")
    root = workspace_files(paths).root
    title = titled(title, root)[0]
    temporary = None
    if output is not None:
        folder = output
    else:
        temporary = tempfile.TemporaryDirectory(prefix="cxmodel-serve-")
        folder = Path(temporary.name)
    served = threading.Event()  # set after the first build
    # One process: the preview has threads, and forking them is unsafe.
    run = RunOptions(options.select, options.ignore, options.fail_on, workers=1, cache=True,
                     language=options.language)

    def walked() -> Discovered | None:
        try:
            return discover(paths)
        except PathProblem:
            return None

    def watched() -> list[Path]:
        found = walked()
        files = [] if found is None else [*found.files, *found.outside]
        return [*files, root / CONFIG_FILE]

    def build() -> Outcome:
        try:
            result = check(paths, configured(root, run), cache=True)
        except BrokenConfiguration as problem:
            return Outcome(False, problem.diagnostics)
        except PathProblem as problem:
            return Outcome(False, [loading_diagnostic("CX006", why(problem),
                                                      Span.point(str(root), 1, 1))])
        if result.analysis is None:
            return Outcome(False, result.diagnostics, {f.path: f.text for f in result.files})
        found = walked()
        inputs = site_inputs(found, title, "serve") if found else ""
        try:
            build_site(result, folder, title, inputs, force=temporary is not None)
        except (SiteFolderError, OSError) as problem:
            if not served.is_set():
                raise  # the first build: the preview does not start
            # Later builds: the page says why, and the preview goes on watching.
            return Outcome(False, [loading_diagnostic(
                "CX006", NOT_WRITTEN(problem=why(problem)), Span.point(str(root), 1, 1))])
        return Outcome(True)

    site = LiveSite(folder, build, watched, on_build)
    site.on_failure = on_failure
    try:
        site.rebuild()
    except SiteFolderError as problem:
        _remove(temporary)
        raise CannotRun(why(problem)) from problem
    except OSError as problem:
        _remove(temporary)
        raise CannotRun(CANNOT_WRITE(problem=str(problem))) from problem
    except BaseException:  # Ctrl+C or SIGTERM during the first build
        _remove(temporary)
        raise
    served.set()
    try:
        server = serve(site, host, port, on_error=on_failure)
    except OSError as problem:
        _remove(temporary)
        raise CannotRun(CANNOT_LISTEN(address=f"{host}:{port}", reason=os_reason(problem))) \
            from problem
    except BaseException:  # Ctrl+C or SIGTERM while the server's threads start
        site.stopping.set()  # a watcher already started rebuilds nothing more
        _remove(temporary)
        raise
    return Preview(site, server, temporary, title)


def _remove(temporary: Any) -> None:
    if temporary is not None:
        temporary.cleanup()
