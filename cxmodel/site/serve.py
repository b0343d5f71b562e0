"""The live preview behind ``cxmodel serve``: a static server over the built site (loopback
only by default), a watcher that rebuilds when a workspace file changes, and a tiny script
injected into served pages that reloads them after each build (server-sent events). A broken
edit shows its diagnostics as the page instead of stopping the server."""

from __future__ import annotations

import ipaddress
import posixpath
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from markupsafe import escape

from cxmodel import templating
from cxmodel.diagnostics import Diagnostic
from cxmodel.messages.render import language_info, render
from cxmodel.messages.text import message

REBUILD_FAILED = message("site.serve.rebuild-failed", "the site could not be rebuilt: {error}")
REQUEST_FAILED = message("site.serve.request-failed", "a request failed: {kind}: {error}")
# The page of an HTTP error (its status line stays as HTTP words it).
ERROR_TITLE = message("site.serve.error-title", "Error {code}")
NOT_FOUND = message("site.serve.not-found", "There is no such page in this site.")
REFUSED = message("site.serve.refused",
                  "This preview answers only to the address it was started on.")
NOT_ALLOWED = message("site.serve.not-allowed", "This preview only serves pages to read.")
BAD_REQUEST = message("site.serve.bad-request", "This request cannot be answered.")

EVENTS = "/__cxmodel__/events"
RELOAD_JS = "/__cxmodel__/reload.js"
_RELOAD_SCRIPT = """(function () {
  "use strict";
  // The build the page came from; any other one announced reloads it, even one finished
  // between the page's download and the stream's first message.
  var shown = document.currentScript ? document.currentScript.dataset.generation : null;
  var source = new EventSource("/__cxmodel__/events");
  source.onmessage = function (event) {
    if (shown !== null && shown !== undefined && event.data !== shown) {
      window.location.reload();
    }
    shown = event.data;
  };
}());
"""


def _inject_tag(generation: int) -> bytes:
    return f'<script src="{RELOAD_JS}" data-generation="{generation}"></script>'.encode()


@dataclass
class Outcome:
    """What a build gave: a site, or the diagnostics that stopped it."""

    ok: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)
    sources: dict[str, str | None] = field(default_factory=dict)


class LiveSite:
    """The state shared by the watcher and the request handlers."""

    def __init__(self, folder: Path, build: Callable[[], Outcome],
                 watched: Callable[[], list[Path]],
                 on_build: Callable[[Outcome, float], None] | None = None) -> None:
        self.folder = folder
        self.host = ""  # the address asked for (--host), set when served
        self.on_failure: Callable[[str], None] | None = None
        self.watcher: threading.Thread | None = None  # set when served
        self.build = build
        self.watched = watched
        self.on_build = on_build
        self.generation = 0
        self.last_snapshot: dict[str, tuple[int, int]] = {}
        self.error_page: bytes | None = None
        self.changed = threading.Condition()
        self.stopping = threading.Event()
        self._lock = threading.Lock()

    def rebuild(self) -> Outcome:
        started = time.monotonic()
        # Taken before building: an edit made during the build is seen by the next poll.
        self.last_snapshot = self.snapshot()
        with self._lock:
            outcome = self.build()
            self.error_page = None if outcome.ok else error_page(outcome)
        with self.changed:
            self.generation += 1
            self.changed.notify_all()
        if self.on_build is not None:
            self.on_build(outcome, time.monotonic() - started)
        return outcome

    def snapshot(self) -> dict[str, tuple[int, int]]:
        state: dict[str, tuple[int, int]] = {}
        for path in self.watched():
            try:
                info = path.stat()
            except OSError:
                try:  # a dangling link is a change too (the check refuses it)
                    info = path.lstat()
                except OSError:
                    continue
            state[str(path)] = (info.st_mtime_ns, info.st_size)
        return state

    def watch(self, interval: float = 0.2) -> None:
        """Poll the workspace and rebuild on any change (added, removed or edited file). A
        build that fails for a reason of its own does not end the watching: it is said in
        one line (on_failure), and the next change is built again."""
        while not self.stopping.wait(interval):
            try:
                if self.snapshot() != self.last_snapshot:
                    self.rebuild()
            except Exception as error:
                if self.on_failure is not None:
                    self.on_failure(render(REBUILD_FAILED(error=str(error))))


def error_page(outcome: Outcome) -> bytes:
    items = []
    for d in outcome.diagnostics:
        source = outcome.sources.get(d.span.file)
        line = None
        if source is not None:
            lines = source.splitlines()
            if 0 < d.span.line <= len(lines):
                line = lines[d.span.line - 1]
        items.append({"d": d, "line": line})
    html = templating.render("site/error.html", items=items, count=len(items))
    return html.encode("utf-8")


def http_error_page(code: int) -> str:
    """The page of an HTTP error in the active language, as a format for
    BaseHTTPRequestHandler.send_error (which fills in nothing of it)."""
    why = {HTTPStatus.NOT_FOUND: NOT_FOUND, HTTPStatus.FORBIDDEN: REFUSED,
           HTTPStatus.METHOD_NOT_ALLOWED: NOT_ALLOWED}.get(HTTPStatus(code), BAD_REQUEST)
    title = escape(render(ERROR_TITLE(code=str(code))))
    page = (f'<!doctype html>\n<html lang="{language_info().html}">\n<head>\n'
            f'<meta charset="utf-8">\n<title>{title} · cxmodel</title>\n</head>\n<body>\n'
            f"<h1>{title}</h1>\n<p>{escape(render(why()))}</p>\n</body>\n</html>\n")
    return page.replace("%", "%%")


REQUEST_TIMEOUT = 30.0


def make_handler(site: LiveSite) -> type[SimpleHTTPRequestHandler]:
    class Handler(SimpleHTTPRequestHandler):
        server_version = "cxmodel"
        sys_version = ""
        # A connection that sends no request, or stops reading, holds a thread: it is
        # closed after this many seconds of silence (the event stream writes every 10 s).
        timeout = REQUEST_TIMEOUT

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(site.folder), **kwargs)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the CLI reports builds; requests are not worth a line each

        def send_error(self, code: int, message: str | None = None,
                       explain: str | None = None) -> None:
            # The body in the site's language; the status line keeps HTTP's own words
            # (it must be Latin-1).
            try:
                page = http_error_page(code)
            except ValueError:  # a code HTTPStatus does not know: the standard page
                page = SimpleHTTPRequestHandler.error_message_format
            self.error_message_format = page
            super().send_error(code, message, explain)

        def do_GET(self) -> None:
            if not self._host_allowed():
                # DNS rebinding: a page on another site, its name pointed at this machine,
                # would read the model. Only names of the address bound are answered.
                self.send_error(HTTPStatus.FORBIDDEN, "Forbidden: unknown Host header")
                return
            path = urlsplit(self.path).path
            if path == EVENTS:
                self._events()
                return
            if path == RELOAD_JS:
                self._send(_RELOAD_SCRIPT.encode(), "text/javascript; charset=utf-8")
                return
            target = self._resolve(path)
            if target is None:  # refused (outside the folder, hidden): even while broken
                self.send_error(HTTPStatus.NOT_FOUND, "Not found")
                return
            # Read before the page: a page newer than its number is reloaded once more,
            # never a page older than its number left as it is.
            generation = site.generation
            error = site.error_page
            if error is not None and target.suffix == ".html":
                self._send(self._inject(error, generation), "text/html; charset=utf-8")
                return
            try:
                data = target.read_bytes() if target.is_file() else None
            except OSError:  # gone since, or unreadable
                data = None
            if data is None:
                self.send_error(HTTPStatus.NOT_FOUND, "Not found")
                return
            if target.suffix == ".html":
                self._send(self._inject(data, generation), "text/html; charset=utf-8")
            else:
                self._send(data, self.guess_type(str(target)))

        def do_HEAD(self) -> None:
            self.send_error(HTTPStatus.METHOD_NOT_ALLOWED)

        def _host_allowed(self) -> bool:
            address: Any = self.server.server_address
            return host_allowed(self.headers.get("Host"), site.host or str(address[0]),
                                int(address[1]))

        def _resolve(self, path: str) -> Path | None:
            """The file a URL path names inside the site folder, or None: no '..', no
            hidden files, nothing outside the folder (also after symlinks)."""
            try:
                clean = unquote(path, errors="strict") if "%" in path else path
            except UnicodeDecodeError:
                return None
            if "\x00" in clean or "\\" in clean:
                return None
            parts = [p for p in posixpath.normpath("/" + clean).split("/") if p]
            if any(p.startswith(".") for p in parts):
                return None
            if any(p == ".." for p in clean.split("/")):
                return None
            root = site.folder.resolve()
            candidate = root.joinpath(*parts) if parts else root
            try:
                if candidate.is_dir():
                    candidate = candidate / "index.html"
                resolved = candidate.resolve()
            except OSError:  # a name over 255 bytes, say: nothing there
                return None
            if not resolved.is_relative_to(root):
                return None
            return resolved

        def _inject(self, data: bytes, generation: int) -> bytes:
            tag = _inject_tag(generation)
            marker = data.rfind(b"</body>")
            return data[:marker] + tag + data[marker:] if marker >= 0 else data + tag

        def _send(self, data: bytes, content_type: str) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def _events(self) -> None:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            seen = -1
            try:
                while not site.stopping.is_set():
                    with site.changed:
                        if site.generation == seen:
                            site.changed.wait(timeout=10)
                        generation = site.generation
                    if generation != seen:
                        self.wfile.write(f"data: {generation}\n\n".encode())
                        seen = generation
                    else:
                        self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
            except (BrokenPipeError, ConnectionResetError, TimeoutError):
                return

    return Handler


# A client that goes away mid-response (a closed tab, a reload) is no error worth a word.
_DISCONNECTED = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    # Anything else that goes wrong handling a request: one line, through the CLI.
    on_error: Callable[[str], None] | None = None

    def handle_error(self, request: Any, client_address: Any) -> None:

        error = sys.exc_info()[1]
        if isinstance(error, _DISCONNECTED) or self.on_error is None:
            return
        self.on_error(render(REQUEST_FAILED(kind=type(error).__name__, error=str(error))))


_LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
_WILDCARDS = ("0.0.0.0", "::", "")


def host_allowed(header: str | None, bound: str, port: int) -> bool:
    """Whether a request's Host header names the address the server is bound to: localhost,
    127.0.0.1, [::1] or the --host given, with the server's port (browsers always send it
    for a port other than 80). Bound to every address (0.0.0.0, ::), any IP address is
    named too: DNS rebinding needs a name, and a colleague on the network uses an address."""

    if not header:
        return False
    header = header.strip().lower()
    if header.startswith("["):  # an IPv6 address, [::1]:8000
        name, bracket, rest = header.partition("]")
        name += bracket
        if not bracket or (rest and not rest.startswith(":")):
            return False
        given_port = rest[1:]
    else:
        name, _, given_port = header.partition(":")
    if given_port:
        if not given_port.isdigit() or int(given_port) != port:
            return False
    elif port != 80:
        return False
    shown_bound = f"[{bound}]" if ":" in bound and not bound.startswith("[") else bound
    if name in _LOOPBACK_NAMES or name == shown_bound.lower():
        return True
    if bound in _WILDCARDS:
        try:
            ipaddress.ip_address(name[1:-1] if name.startswith("[") else name)
        except ValueError:
            return False
        return True
    return False


class Server6(Server):
    address_family = socket.AF_INET6


def serve(site: LiveSite, host: str, port: int,
          on_error: Callable[[str], None] | None = None) -> Server:
    """A started server (requests handled on background threads) and watcher thread;
    ``on_error`` hears of a request that failed for another reason than a client gone.
    An IPv6 address (--host ::1, or :: for every address) gets an IPv6 server."""
    site.host = host
    kind = Server6 if ":" in host else Server
    server = kind((host.strip("[]"), port), make_handler(site))
    server.on_error = on_error
    threading.Thread(target=server.serve_forever, name="cxmodel-http", daemon=True).start()
    site.watcher = threading.Thread(target=site.watch, name="cxmodel-watch", daemon=True)
    site.watcher.start()
    return server


def shutdown(site: LiveSite, server: Server) -> None:
    site.stopping.set()
    with site.changed:
        site.changed.notify_all()
    server.shutdown()
    server.server_close()
    # A rebuild under way writes into the site folder: it ends before the folder may be
    # removed (the temporary site of `serve`), or files would be left behind.
    if site.watcher is not None:
        site.watcher.join(timeout=120)


__all__ = ["LiveSite", "Outcome", "Server", "host_allowed", "serve", "shutdown"]
