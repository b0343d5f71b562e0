"""The installed package: a wheel built from this checkout, installed into a fresh virtual
environment and run from another folder, must find its schemas and templates."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import EXAMPLES, ROOT


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bin/ folder of a fresh venv with the cxmodel wheel installed."""
    work = tmp_path_factory.mktemp("wheel")
    dist = work / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist),
                    str(ROOT)], check=True, timeout=600)
    (wheel,) = dist.glob("cxmodel-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "cxmodel/specs/cxmodel.schema.json" in names
    assert "cxmodel/specs/config.schema.json" in names
    # Each language's catalogues compiled into one .mo (hatch_build.py): the installed
    # package reads it and compiles nothing at run time.
    for language in ("ru", "pl", "zh", "zh-Hant"):
        assert f"cxmodel/messages/compiled/{language}.mo" in names
        assert f"cxmodel/templates/starter/{language}/.cxmodel.yaml" in names
    assert "cxmodel/templates/starter/organisation.yaml" in names
    # The font PNG and PDF are drawn with, and its licences.
    for name in ("cxmodelSans-Regular.ttf", "Arimo-OFL.txt", "DejaVu-LICENSE.txt"):
        assert f"cxmodel/fonts/{name}" in names
    # A fresh venv that sees nothing of the interpreter it was made from (no system site
    # packages: a venv made from a venv would see the base interpreter, not the outer venv).
    # The dependencies come from the environment running the tests, named by a .pth file
    # (their folders only: no .pth file there is processed, so the checkout's editable
    # install stays out), and the test needs no download; the wheel itself goes into the
    # venv's own site-packages, which comes first on sys.path.
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False, system_site_packages=False).create(env_dir)
    bin_dir = env_dir / "bin"
    inner = subprocess.run([str(bin_dir / "python"), "-c",
                            "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    outer = {sysconfig.get_paths()[key] for key in ("purelib", "platlib")}
    (Path(inner) / "outer-dependencies.pth").write_text(
        "".join(f"{folder}\n" for folder in sorted(outer)), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"),
                    "install", "-q", "--no-deps", str(wheel)], check=True, timeout=600)
    return bin_dir


def _run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    return subprocess.run([str(bin_dir / "cxmodel"), *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def test_installed_package_is_not_the_checkout(installed: Path, tmp_path: Path) -> None:
    result = subprocess.run([str(installed / "python"), "-c",
                             "import cxmodel, cxmodel.resources as r; print(cxmodel.__file__);"
                             "print(r.resource_dir('specs'))"],
                            capture_output=True, text=True, cwd=tmp_path, check=True)
    module, specs = result.stdout.splitlines()
    assert str(ROOT) not in module
    assert str(ROOT) not in specs


def test_installed_check_init_and_schema(installed: Path, tmp_path: Path) -> None:
    shutil.copytree(EXAMPLES / "omnichannel-retailer", tmp_path / "retailer")
    check = _run(installed, tmp_path, "check", "--select", "CX0", "retailer")
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("No problems found in")
    gaps = _run(installed, tmp_path, "check", "retailer")
    assert gaps.returncode == 1
    assert "error CX102 unmeasured-moment-of-truth" in gaps.stdout
    for fmt in ("html", "md", "json", "csv"):
        report = _run(installed, tmp_path, "report", "retailer", "--format", fmt,
                      "-o", f"gaps.{fmt}")
        assert report.returncode == 1, report.stderr
        assert (tmp_path / f"gaps.{fmt}").stat().st_size > 1000
    assert "<html" in (tmp_path / "gaps.html").read_text(encoding="utf-8")
    rules = _run(installed, tmp_path, "rules", "CX102")
    assert rules.returncode == 0 and "moment of truth" in rules.stdout
    init = _run(installed, tmp_path, "init", "starter")
    assert init.returncode == 0, init.stderr
    assert _run(installed, tmp_path, "check", "starter").returncode == 0
    schema = _run(installed, tmp_path, "schema")
    assert '"$schema": "http://json-schema.org/draft-07/schema#"' in schema.stdout
    version = _run(installed, tmp_path, "--version")
    assert version.stdout.startswith("cxmodel ")
    pages = _run(installed, tmp_path, "export", "markdown", "retailer", "-o", "docs/cx")
    assert pages.returncode == 1, pages.stderr  # written; the retailer has an error finding
    journey = (tmp_path / "docs" / "cx" / "journeys" / "online-order.md").read_text(
        encoding="utf-8")
    assert journey.startswith('---\ntitle: "Order a sofa online and get it delivered"\n')
    assert "(online-order-blueprint.svg)" in journey
    assert (tmp_path / "docs" / "cx" / "journeys" / "online-order-blueprint.svg").is_file()


def test_installed_package_speaks_from_its_compiled_catalogues(installed: Path,
                                                               tmp_path: Path) -> None:
    """The wheel's compiled catalogues are what the installed package reads: Polish rule
    documentation and a Chinese finding, with the .po sources out of reach."""
    where = subprocess.run([str(installed / "python"), "-c",
                            "from cxmodel.messages import catalogues as c;"
                            "print((c.COMPILED / 'pl.mo').is_file())"],
                           capture_output=True, text=True, cwd=tmp_path, check=True)
    assert where.stdout.strip() == "True"
    shutil.copytree(EXAMPLES / "omnichannel-retailer", tmp_path / "retailer")
    for command in (["rules", "--lang", "pl"], ["rules", "CX102", "--lang", "ru"],
                    ["check", "retailer", "--lang", "zh"],
                    ["check", "retailer", "--lang", "zh-Hant", "--format", "json"]):
        said = _run(installed, tmp_path, *command)
        # the same as the checkout says from its .po files
        source = subprocess.run([sys.executable, "-m", "cxmodel", *command],
                                capture_output=True, text=True, cwd=tmp_path, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        assert said.returncode == source.returncode, said.stderr
        assert said.stdout == source.stdout.replace(str(ROOT), "")
    assert "关键时刻" in _run(installed, tmp_path, "check", "retailer", "--lang", "zh").stdout
    init = _run(installed, tmp_path, "init", "--lang", "pl", "polski")
    assert init.returncode == 0, init.stderr
    assert "language: pl" in (tmp_path / "polski" / ".cxmodel.yaml").read_text(encoding="utf-8")
    starter = _run(installed, tmp_path, "check", "polski")
    assert starter.returncode == 0 and "znaleziono" in starter.stdout, starter.stdout


def test_installed_sheet_round_trip(installed: Path, tmp_path: Path) -> None:
    """The workshop loop from the installed command: a journey exported as a workbook,
    imported back into the workspace, the same journey."""
    shutil.copytree(EXAMPLES / "bank-account-opening", tmp_path / "bank")
    export = _run(installed, tmp_path, "export", "xlsx", "bank", "--journey", "otwarcie-konta",
                  "-o", "konto.xlsx")
    assert export.returncode == 0, export.stderr
    assert export.stdout == "zapisano konto.xlsx: 1 ścieżka klienta, 7 kroków\n"  # language: pl
    assert export.stderr == ""
    before = (tmp_path / "bank" / "journeys" / "otwarcie-konta.yaml").read_text(
        encoding="utf-8")
    imported = _run(installed, tmp_path, "import", "xlsx", "konto.xlsx", "-o",
                    "bank/journeys/otwarcie-konta.yaml", "--force")
    assert imported.returncode == 0, imported.stderr
    assert imported.stderr == ""
    assert (tmp_path / "bank" / "journeys" / "otwarcie-konta.yaml").read_text(
        encoding="utf-8") != before  # rewritten by the import...
    check = _run(installed, tmp_path, "check", "--select", "CX0", "bank")
    assert check.returncode == 0, check.stdout  # ...and the model still loads


def test_installed_language_server_answers_over_stdio(installed: Path, tmp_path: Path) -> None:
    """`cxmodel lsp` from the installed package: initialize, a file opened with a typo, its
    diagnostic published, shutdown, exit 0."""
    import json

    folder = tmp_path / "cx"
    folder.mkdir()
    (folder / "m.yaml").write_text(
        "channels: [{id: web}]\njourneys:\n  - id: j\n    steps:\n      - {id: a, channel: wbe}\n",
        encoding="utf-8")
    uri = (folder / "m.yaml").as_uri()

    def frame(message: dict[str, object]) -> bytes:
        body = json.dumps(message).encode("utf-8")
        return f"Content-Length: {len(body)}\r\n\r\n".encode() + body

    messages = [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": None, "rootUri": folder.as_uri(), "capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {
            "uri": uri, "languageId": "yaml", "version": 1,
            "text": (folder / "m.yaml").read_text(encoding="utf-8")}}},
    ]
    server = subprocess.Popen([str(installed / "cxmodel"), "lsp"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert server.stdin is not None and server.stdout is not None
    for message in messages:
        server.stdin.write(frame(message))
    server.stdin.flush()
    found: list[dict[str, object]] = []

    def read_until(done) -> None:  # type: ignore[no-untyped-def]
        assert server.stdout is not None
        while not any(done(m) for m in found):
            length = 0
            while (line := server.stdout.readline().strip()):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            found.append(json.loads(server.stdout.read(length)))

    read_until(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    published = next(m for m in found if m.get("method") == "textDocument/publishDiagnostics")
    (diagnostic,) = published["params"]["diagnostics"]  # type: ignore[index]
    assert diagnostic["code"] == "CX005" and diagnostic["range"]["start"]["line"] == 4
    server.stdin.write(frame({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}))
    server.stdin.flush()
    read_until(lambda m: m.get("id") == 2)
    server.stdin.write(frame({"jsonrpc": "2.0", "method": "exit"}))
    server.stdin.flush()
    assert server.wait(timeout=60) == 0


def test_installed_png_and_pdf_of_a_polish_blueprint(installed: Path, tmp_path: Path) -> None:
    """PNG and PDF from the installed command, with the font the wheel ships."""
    shutil.copytree(EXAMPLES / "bank-account-opening", tmp_path / "bank")
    png = _run(installed, tmp_path, "render", "bank", "--journey", "otwarcie-konta",
               "--format", "png", "--dpi", "150", "-o", "konto.png")
    assert png.returncode in (0, 1), png.stderr
    assert (tmp_path / "konto.png").read_bytes().startswith(b"\x89PNG")
    pdf = _run(installed, tmp_path, "render", "bank", "--journey", "otwarcie-konta",
               "--format", "pdf", "-o", "konto.pdf")
    assert pdf.returncode in (0, 1), pdf.stderr
    assert (tmp_path / "konto.pdf").read_bytes().startswith(b"%PDF")


def test_installed_deck(installed: Path, tmp_path: Path) -> None:
    """export pptx from the installed command: a deck python-pptx opens, with pictures."""
    from pptx import Presentation

    shutil.copytree(EXAMPLES / "omnichannel-retailer", tmp_path / "retailer")
    made = _run(installed, tmp_path, "export", "pptx", "retailer", "-o", "deck.pptx")
    assert made.returncode == 1, made.stderr  # the example's error-level finding
    deck = Presentation(str(tmp_path / "deck.pptx"))
    assert len(deck.slides) == 17
    assert sum(1 for slide in deck.slides for shape in slide.shapes
               if shape.shape_type == 13) == 3  # a blueprint picture per journey
