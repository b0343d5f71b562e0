"""Make the font cxmodel ships for drawing PNG and PDF (cxmodel/fonts/), so that Latin,
Polish and Cyrillic text renders on a machine with no fonts at all.

    python tools/fonts.py ARIMO_TTF DEJAVU_SANS_TTF

ARIMO_TTF: Arimo[wght].ttf, from the fontpkg-arimo wheel (`pip download --no-deps
fontpkg-arimo`, then unzip: fontpkg_arimo/files/Arimo[wght].ttf; SIL Open Font Licence 1.1).
Arimo has the widths of Arial/Helvetica, which Graphviz's text-width estimate assumes.
DEJAVU_SANS_TTF: DejaVuSans.ttf (Debian: fonts-dejavu-core), for the marks Arimo lacks
(✓ ✗ ★ ⚠ ✉ ⇄ ◆ ◐ ◌ ≥ ≤). Needs fontTools (a dependency of cxmodel)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.merge.options import Options as MergeOptions
from fontTools.ttLib import TTFont
from fontTools.varLib import instancer

OUT = Path(__file__).resolve().parent.parent / "cxmodel" / "fonts"
# Latin (Basic to Extended-B and Additional), IPA modifiers and combining marks, Greek,
# Cyrillic and its supplement, punctuation, currency, letterlike symbols, arrows,
# mathematical operators, geometric shapes.
TEXT = ("U+0000-024F,U+0259,U+02B0-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+1E00-1EFF,"
        "U+2000-206F,U+20A0-20CF,U+2100-214F,U+2190-21FF,U+2200-22FF,U+25A0-25FF,U+FEFF,"
        "U+FFFD")
MARKS = "✓✗★⚠⚡✉⇄◆◐◌●○"
FAMILY = "cxmodel Sans"


def _subset(font: TTFont, unicodes: list[int]) -> TTFont:
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    options.hinting = False
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    return font


def _named(font: TTFont, family: str) -> None:
    """The font's family, full and PostScript names set to ``family`` (Regular)."""
    postscript = family.replace(" ", "") + "-Regular"
    for record in font["name"].names:
        if record.nameID in (1, 16):
            record.string = family
        elif record.nameID == 4:
            record.string = f"{family} Regular"
        elif record.nameID == 6:
            record.string = postscript
        elif record.nameID in (2, 17):
            record.string = "Regular"


def main() -> None:
    arimo, dejavu = sys.argv[1:3]
    with tempfile.TemporaryDirectory() as scratch:
        regular = instancer.instantiateVariableFont(TTFont(arimo), {"wght": 400},
                                                    updateFontNames=True)
        text = Path(scratch) / "text.ttf"
        _subset(regular, subset.parse_unicodes(TEXT)).save(text)
        marks = Path(scratch) / "marks.ttf"
        _subset(TTFont(dejavu), [ord(c) for c in MARKS]).save(marks)
        # One font, so that a line mixing a mark and words is drawn in one face (a
        # renderer falling back for the mark may draw the rest of the line in its fallback).
        merged = Merger(options=MergeOptions(drop_tables=["vhea", "vmtx"])).merge(
            [str(text), str(marks)])
    _named(merged, FAMILY)
    merged.save(OUT / "cxmodelSans-Regular.ttf")
    print("cxmodelSans-Regular.ttf", (OUT / "cxmodelSans-Regular.ttf").stat().st_size, "bytes")


if __name__ == "__main__":
    main()
