"""The gallery (docs/gallery.md, made by tools/gallery.py): every view of every bundled
example is on the page with its picture, each picture is an SVG, and every command the page
shows is a real one that does its job. Whether the committed pictures are up to date is
``python tools/gallery.py --check``'s business, not this test's: the diagrams change often,
and the gallery is redrawn when they settle."""

from __future__ import annotations

import importlib.util
import re
import shlex
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path
from types import ModuleType

import pytest

from cxmodel.cli import build_parser
from cxmodel.cli.render import VIEWS
from tests.conftest import EXAMPLES, ROOT

SVG = "{http://www.w3.org/2000/svg}svg"
_COMMANDS = re.compile(r"^```sh\n(.*?)^```$", re.S | re.M)


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gallery", ROOT / "tools" / "gallery.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gallery() -> ModuleType:
    return _tool()


@pytest.fixture(scope="module")
def built(gallery: ModuleType) -> dict[str, bytes]:
    """What ``python tools/gallery.py`` would write, drawn into a temporary folder (and
    left there: nothing under docs/ is written)."""
    files: dict[str, bytes] = gallery.build()
    return files


@pytest.fixture(scope="module")
def commands(built: dict[str, bytes]) -> list[str]:
    page = built["gallery.md"].decode("utf-8")
    return [line for block in _COMMANDS.findall(page) for line in block.splitlines()
            if line.strip()]


def test_every_view_of_every_example_is_on_the_page_with_its_picture(
        built: dict[str, bytes]) -> None:
    page = built["gallery.md"].decode("utf-8")
    examples = sorted(p.name for p in EXAMPLES.iterdir() if p.is_dir())
    assert len(examples) >= 2
    for example in examples:
        for view in VIEWS:
            picture = f"gallery/{example}-{view}.svg"
            assert picture in built, picture
            assert f"]({picture})" in page, picture
            assert f"--view {view} " in page
            assert f"-o docs/{picture}" in page, picture
    pictures = {name for name in built if name.endswith(".svg")}
    assert len(pictures) == len(examples) * len(VIEWS)
    # The report, the site and the deck are named with their commands and docs.
    for command in ("cxmodel report ", "cxmodel site ", "cxmodel export pptx "):
        assert command in page
    for link in ("](report.md)", "](site.md)", "](diagrams.md)"):
        assert link in page


def test_every_picture_is_a_well_formed_svg(built: dict[str, bytes]) -> None:
    for name, content in built.items():
        if name.endswith(".svg"):
            root = ElementTree.fromstring(content)
            assert root.tag == SVG, name
            assert root.get("viewBox"), name


def test_the_pages_links_lead_to_files(built: dict[str, bytes]) -> None:
    page = built["gallery.md"].decode("utf-8")
    for target in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", page):
        if target.startswith("gallery/"):
            assert target in built, target
        else:
            assert (ROOT / "docs" / target).resolve().exists(), target


def test_every_command_on_the_page_is_real_and_does_its_job(
        gallery: ModuleType, built: dict[str, bytes], commands: list[str],
        tmp_path: Path) -> None:
    """Each command parses with cxmodel's own parser, and run as written (its output sent
    into tmp_path) exits 0 or 1 (the examples' error-level gaps make it 1) and writes its
    output; a render command draws the very picture the page shows."""
    assert len(commands) >= len(VIEWS) * 2 + 3
    parser = build_parser()
    with gallery.environment():
        for number, command in enumerate(commands):
            argv = shlex.split(command)
            assert argv[0] == "cxmodel", command
            args = parser.parse_args(argv[1:])  # SystemExit (a failed test) when not
            assert args.output, command
            output = tmp_path / f"{number}-{Path(args.output).name}"
            at = argv.index("-o") + 1
            code = gallery.run([*argv[1:at], str(output), *argv[at + 1:]])
            assert code in (0, 1), command
            assert output.exists(), command
            if args.command == "render":
                picture = args.output.removeprefix("docs/")
                assert output.read_bytes() == built[picture], command
