"""Shared test helpers."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
CASES = Path(__file__).resolve().parent / "cases"


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a file (text or bytes) under tmp_path and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write


def pytest_configure(config: pytest.Config) -> None:
    # The day results and actions are read on where a workspace does not fix it
    # (options.as_of): the bundled retailer's own day, 1 December 2026, so that a copy of it
    # whose .cxmodel.yaml a test replaces gives the same findings next year.
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1796083200")
    # Keep the compiled-validator cache out of the user's real cache folder.
    os.environ.setdefault("CXMODEL_CACHE_DIR", tempfile.mkdtemp(prefix="cxmodel-cache-"))
    # Tests that run the `cxmodel` command find the one installed beside the interpreter
    # running the tests, as in an activated virtual environment: the README's test command
    # runs `.venv/bin/python -m pytest` without activating anything.
    scripts = str(Path(sys.executable).parent)
    os.environ["PATH"] = os.pathsep.join([scripts, os.environ.get("PATH", "")])
    # The tests' own language is English, whatever the developer's locale names (a Polish
    # developer's LANG=pl_PL.UTF-8 would make every `cxmodel` the tests run speak Polish);
    # tests of the other languages name theirs (docs/languages.md).
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        if os.environ.get(variable, "") not in ("", "C", "C.UTF-8", "POSIX"):
            os.environ[variable] = "C.UTF-8"


@pytest.fixture(autouse=True)
def _english_after_each_test() -> Iterator[None]:
    """A test that runs the command line in this process with --lang leaves its language
    active (the command line sets it for the process): back to English after each test."""
    yield
    from cxmodel.messages.render import use

    use("en")


def start_serve(*argv: str) -> Any:
    """`cxmodel serve ARGV...` started in this process, as the command line starts it (the
    caller stops it)."""
    import argparse

    from cxmodel.cli import serve as serve_cli

    parser = argparse.ArgumentParser()
    serve_cli.register(parser.add_subparsers(dest="command"))
    return serve_cli.start(parser.parse_args(["serve", *argv]))


# --- Tools from the system ----------------------------------------------------------------
# Chromium (browser tests) and the system Graphviz (the native engine) come from Debian's
# packages, which a developer may not have: tests that need them are skipped there. CI
# installs them and names them in CXMODEL_REQUIRE (comma-separated: chromium, dot), so there
# a missing tool fails the test instead of skipping it silently.
REQUIRED_TOOLS = frozenset(filter(None, os.environ.get("CXMODEL_REQUIRE", "").split(",")))


def skip_without(tool: str, reason: str) -> None:
    """Skip the calling test for want of ``tool``, unless CXMODEL_REQUIRE names it."""
    if tool in REQUIRED_TOOLS:
        pytest.fail(f"{reason}, and CXMODEL_REQUIRE says this run must have {tool}",
                    pytrace=False)
    pytest.skip(reason)


# --- No network at run time -------------------------------------------------------------
# cxmodel never touches the network (docs/security.md). For the whole test session, any
# attempt to connect, send to or resolve a host other than the loopback interface raises
# NetworkBlocked (a RuntimeError, so no "except OSError" can swallow it) and is recorded in
# the list the network_attempts fixture returns; tests/test_guarantees.py checks it after
# running every command. (Use the fixture: "from tests.conftest import ..." would load a
# second copy of this module, with its own list.)

class NetworkBlocked(RuntimeError):
    """A test (or the code under test) tried to reach the network."""


NETWORK_ATTEMPTS: list[str] = []
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _is_loopback(host: object) -> bool:
    if host is None:
        return True  # getaddrinfo(None, port): the local host's own addresses
    if isinstance(host, bytes):
        host = host.decode("ascii", errors="replace")
    if not isinstance(host, str):
        return False
    host = host.strip("[]").lower()
    if host in _LOOPBACK_NAMES or host in ("::1", "0:0:0:0:0:0:0:1"):
        return True
    import ipaddress

    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def _refuse(what: str) -> None:
    NETWORK_ATTEMPTS.append(what)
    raise NetworkBlocked(f"network access during tests: {what}")


@pytest.fixture
def network_attempts() -> list[str]:
    """The attempts recorded so far (tests compare its length before and after)."""
    return NETWORK_ATTEMPTS


@pytest.fixture(scope="session", autouse=True)
def _block_network():  # type: ignore[no-untyped-def]
    import socket

    originals = {
        "connect": socket.socket.connect,
        "connect_ex": socket.socket.connect_ex,
        "sendto": socket.socket.sendto,
        "getaddrinfo": socket.getaddrinfo,
    }

    def allowed(sock: socket.socket, address: object) -> bool:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            return True  # Unix sockets and the like stay on this machine
        return isinstance(address, tuple) and _is_loopback(address[0])

    def connect(self: socket.socket, address: object) -> None:
        if not allowed(self, address):
            _refuse(f"connect to {address!r}")
        return originals["connect"](self, address)  # type: ignore[no-any-return]

    def connect_ex(self: socket.socket, address: object) -> int:
        if not allowed(self, address):
            _refuse(f"connect to {address!r}")
        return originals["connect_ex"](self, address)  # type: ignore[no-any-return]

    def sendto(self: socket.socket, *args: object) -> int:
        if not allowed(self, args[-1]):
            _refuse(f"send to {args[-1]!r}")
        return originals["sendto"](self, *args)  # type: ignore[no-any-return]

    def getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if not _is_loopback(host):
            _refuse(f"resolve {host!r}")
        return originals["getaddrinfo"](host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign,assignment]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign,assignment]
    socket.socket.sendto = sendto  # type: ignore[method-assign,assignment]
    socket.getaddrinfo = getaddrinfo  # type: ignore[assignment]
    try:
        yield
    finally:
        socket.socket.connect = originals["connect"]  # type: ignore[method-assign]
        socket.socket.connect_ex = originals["connect_ex"]  # type: ignore[method-assign]
        socket.socket.sendto = originals["sendto"]  # type: ignore[method-assign]
        socket.getaddrinfo = originals["getaddrinfo"]  # type: ignore[assignment]
