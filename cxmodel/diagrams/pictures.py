"""PNG and PDF from the SVG the embedded (or system) Graphviz draws, with libraries that
install from pip as wheels, so no system package is needed:

- PNG: resvg (``resvg-py``), at ``dpi`` (96 by default) times ``scale``; the PNG says its
  resolution (a pHYs chunk), so slides and print place it at its size.
- PDF: svg2pdf (``svg2pdf-py``), vector, text kept as text, page in points (Graphviz's
  unit) times ``scale``. Where svg2pdf has no wheel for the platform (``pip install
  "cxmodel[pdf]"`` brings it), the PDF holds the PNG drawn at 300 dpi times ``scale``
  (Pillow), and the caller says so.

Both load the font cxmodel ships (``cxmodel/fonts``: Arimo, with Arial's widths, and the
marks from DejaVu Sans, as one face), the system's fonts, and those in ``font_dirs``
(``--font-dir``, ``CXMODEL_FONT_PATH``). Text whose glyphs no font has would be drawn as
empty boxes: :func:`missing_glyphs` finds it first, so the caller can say once how to add
a font."""

from __future__ import annotations

import html
import io
import os
import re
import struct
import sys
import unicodedata
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FONTS = Path(__file__).resolve().parent.parent / "fonts"
FONT_FILES = (FONTS / "cxmodelSans-Regular.ttf",)
FAMILY = "cxmodel Sans"
# engine.render writes the diagrams' font list (labels.FONT_LIST) into every text: the
# bundled family goes after the names a system may have, before the CJK ones (resvg takes
# the first family it has, then falls back glyph by glyph).
_FAMILY_AT = 'font-family="Helvetica,Arial,'
# A PDF without svg2pdf: the drawing at this resolution.
RASTER_PDF_DPI = 300.0
# The largest picture drawn, in pixels (a 40-step blueprint at 300 dpi is 32 million).
MOST_PIXELS = 200_000_000


@dataclass(frozen=True, slots=True)
class Picture:
    """How a PNG or PDF is drawn: ``dpi`` (PNG), ``scale`` (both), and the folders of fonts
    to load besides the bundled and the system's."""

    dpi: float = 96.0
    scale: float = 1.0
    font_dirs: tuple[str, ...] = ()


# Python packages that ship fonts, found where they are installed: `pip install
# noto-cjk-sans-otc` (Noto Sans CJK, OFL) is all Chinese needs on a machine without it.
FONT_PACKAGES = ("noto_cjk_sans_otc",)


def font_dirs(extra: Iterable[str] = ()) -> tuple[str, ...]:
    """The font folders of ``--font-dir``, CXMODEL_FONT_PATH (os.pathsep-separated) and the
    font packages installed (FONT_PACKAGES)."""
    import importlib.util

    listed = [*extra, *os.environ.get("CXMODEL_FONT_PATH", "").split(os.pathsep)]
    for package in FONT_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.submodule_search_locations:
            listed.extend(spec.submodule_search_locations)
    return tuple(d for d in listed if d and os.path.isdir(d))


def _fonts_named(svg: str) -> str:
    """The SVG as resvg and svg2pdf should draw it: the bundled family named where the
    texts name fonts, and each run of Chinese characters in a span naming the CJK fonts of
    the drawing's list. resvg takes a text's first family it has (the bundled one, whose
    Latin widths the layout is measured with) and, for a glyph that family lacks, the first
    face in its database that has it, not the next family in the list: the first face of
    the Noto CJK collection is the Japanese one, whose forms of 直, 骨 or 写 a Chinese
    reader sees as wrong. Named in a span, the run takes the SC face (TC in zh-Hant
    drawings), as a browser does from the list."""
    svg = svg.replace(_FAMILY_AT, f"{_FAMILY_AT}{FAMILY},")
    listed = _FONT_FAMILY.search(svg)
    if listed is None or not _CJK_RUN.search(svg):
        return svg
    cjk = [f for f in listed.group(1).split(",") if any(k in f for k in _CJK_FAMILIES)]
    if not cjk:
        return svg
    opening = f'<tspan font-family="{",".join(cjk)},sans-serif">'

    def spans(text: re.Match[str]) -> str:
        return text.group(1) + _CJK_RUN.sub(lambda run: f"{opening}{run.group(0)}</tspan>",
                                            text.group(2)) + text.group(3)

    return _TEXT.sub(spans, svg)


_FONT_FAMILY = re.compile(r'<text\b[^>]*?\sfont-family="([^"]*)"')
# Words in the names of fonts for Chinese (Noto Sans CJK SC, Microsoft YaHei, PingFang TC).
_CJK_FAMILIES = ("CJK", "YaHei", "JhengHei", "PingFang")
# A run of ideographs, CJK punctuation, kana, bopomofo and full-width forms.
_CJK_RUN = re.compile("[\u2e80-\u2fdf\u3000-\u33ff\u3400-\u4dbf\u4e00-\u9fff"
                      "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]+")
# A text element and its content (Graphviz writes text with no elements inside).
_TEXT = re.compile(r"(<text\b[^>]*>)([^<]*)(</text>)")


_SIZE = re.compile(r'(<svg\b[^>]*?\swidth=")([\d.]+)pt("[^>]*?\sheight=")([\d.]+)pt(")')


def svg_size(svg: str) -> tuple[float, float] | None:
    """A Graphviz SVG's width and height, in points."""
    found = _SIZE.search(svg)
    return (float(found.group(2)), float(found.group(4))) if found else None


def _unitless(svg: str, width: float, height: float) -> str:
    """Graphviz's width="Npt" height="Npt" as plain numbers (svg2pdf reads pt at 96 dpi):
    one unit is then one PDF point."""
    return _SIZE.sub(lambda m: f"{m.group(1)}{width:g}{m.group(3)}{height:g}{m.group(5)}",
                     svg, count=1)


def _with_dpi(png: bytes, dpi: float) -> bytes:
    """The PNG with a pHYs chunk (pixels per metre) after its header: resvg writes none."""
    per_metre = round(dpi / 0.0254)
    body = b"pHYs" + struct.pack(">IIB", per_metre, per_metre, 1)
    chunk = struct.pack(">I", 9) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)
    return png[:33] + chunk + png[33:]  # the 8-byte signature and the 25-byte IHDR


def png(svg: str, picture: Picture) -> bytes:
    import resvg_py

    zoom = picture.dpi / 72.0 * picture.scale  # Graphviz draws in points, 72 to the inch
    size = svg_size(svg)
    if size is not None and size[0] * size[1] * zoom * zoom > MOST_PIXELS:
        raise ValueError(f"{round(size[0] * zoom)} x {round(size[1] * zoom)} pixels is more "
                         f"than {MOST_PIXELS:,}: lower --dpi or --scale")
    drawn: bytes = resvg_py.svg_to_bytes(
        svg_string=_fonts_named(svg), dpi=72.0, zoom=zoom, background="white",
        skip_system_fonts=False, font_files=[str(f) for f in FONT_FILES],
        font_dirs=list(picture.font_dirs), sans_serif_family=FAMILY)
    return _with_dpi(drawn, picture.dpi * picture.scale)


def vector_pdf() -> bool:
    """Whether PDFs are drawn as vectors here (svg2pdf has a wheel for this platform)."""
    try:
        import svg2pdf_py  # noqa: F401
    except ImportError:
        return False
    return True


def pdf(svg: str, picture: Picture) -> bytes:
    if not vector_pdf():
        return _raster_pdf(svg, picture)
    import svg2pdf_py

    size = svg_size(svg)
    if size is not None:
        svg = _unitless(svg, size[0] * picture.scale, size[1] * picture.scale)
    fonts = svg2pdf_py.FontDatabase()
    for file in FONT_FILES:
        fonts.load_font_file(str(file))
    fonts.load_system_fonts()
    for folder in picture.font_dirs:
        fonts.load_fonts_dir(folder)
    drawn: bytes = svg2pdf_py.svg_to_pdf(_fonts_named(svg), fonts,
                                         svg2pdf_py.ConversionOptions(embed_text=True))
    return drawn


def _raster_pdf(svg: str, picture: Picture) -> bytes:
    from PIL import Image

    drawn = png(svg, Picture(RASTER_PDF_DPI, picture.scale, picture.font_dirs))
    out = io.BytesIO()
    with Image.open(io.BytesIO(drawn)) as image:
        image.convert("RGB").save(out, format="PDF",
                                  resolution=RASTER_PDF_DPI * picture.scale)
    return out.getvalue()


# --- glyphs no font has -------------------------------------------------------------------

_LABEL = re.compile(r'(?:label|tooltip)="((?:[^"\\]|\\.)*)"')


def label_text(dot: str) -> str:
    """The text of a DOT source's labels (what the drawing shows)."""
    return html.unescape("".join(_LABEL.findall(dot)))


def _system_font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windows = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", str(home)))
        return [windows / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/System/Library/Fonts"), Path("/Library/Fonts"), home / "Library/Fonts"]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".fonts",
            home / ".local/share/fonts"]


def _font_files(folders: Iterable[Path]) -> Iterator[Path]:
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*")):
                if path.suffix.lower() in (".ttf", ".otf", ".ttc", ".otc"):
                    yield path


@cache
def _cmap(path: Path) -> frozenset[int]:
    """The characters a font file (every face of a collection) has glyphs for."""
    from fontTools.ttLib import TTCollection, TTFont

    found: set[int] = set()
    try:
        faces = (TTCollection(str(path), lazy=True).fonts
                 if path.suffix.lower() in (".ttc", ".otc") else [TTFont(str(path), lazy=True)])
        for face in faces:
            found.update(face.getBestCmap() or {})
    except Exception:  # a broken or unreadable font is one the renderer cannot use either
        return frozenset()
    return frozenset(found)


# What CJK fonts hold besides ideographs: punctuation and kana.
_CJK = frozenset({"FULLWIDTH", "HALFWIDTH", "IDEOGRAPHIC", "HIRAGANA", "KATAKANA",
                  "BOPOMOFO"})


def missing_glyphs(text: str, picture: Picture) -> dict[str, str]:
    """The characters of ``text`` that no font the renderer loads has, by script (the first
    word of their Unicode name: CJK, HANGUL, ARABIC...). The bundled fonts are read first;
    the system's and ``font_dirs``' only while something is still missing."""
    wanted = {c for c in set(text) if not c.isspace()
              and not unicodedata.category(c).startswith(("C", "Z"))}
    for path in FONT_FILES:
        wanted -= {c for c in wanted if ord(c) in _cmap(path)}
    folders = [Path(d) for d in picture.font_dirs] + _system_font_dirs()
    if wanted:
        for path in _font_files(folders):
            cmap = _cmap(path)
            wanted = {c for c in wanted if ord(c) not in cmap}
            if not wanted:
                break
    scripts: dict[str, list[str]] = {}
    for character in sorted(wanted):
        script = unicodedata.name(character, "UNKNOWN").split()[0]
        if script in _CJK:
            script = "CJK"
        scripts.setdefault(script, []).append(character)
    return {script: "".join(found) for script, found in scripts.items()}
