"""Columns in the encoding agreed with the editor (#19): Neovim 0.11 and Helix offer UTF-8
first, and pygls agrees to it, so every range the server sends and every position it reads
counts UTF-8 bytes there. On a Polish line, "ł" and "ę" are two bytes each: a server
counting UTF-16 would underline the wrong letters and find nothing under the cursor."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORGANISATION = """departments: [{id: obsługa, name: Obsługa klienta}]
channels:
  - {id: czat, name: Czat, owner: obsługa}
"""
JOURNEY = """journeys:
  - id: przeprowadzka
    owner: obsługa
    goal: Zmiana adresu umowy
    steps:
      - {id: zgłoś, name: Zgłoś przeprowadzkę, channel: czatt}
"""
TYPO_LINE = 5


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("encodings") / "cx"
    folder.mkdir()
    (folder / "organizacja.yaml").write_text(ORGANISATION, encoding="utf-8")
    (folder / "przeprowadzka.yaml").write_text(JOURNEY, encoding="utf-8")
    return folder


ANNOUNCED: list[str | None] = []


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "cxmodel",
                                                              "lsp"]),
                    scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):  # type: ignore[no-untyped-def]
    result = await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(general=types.GeneralClientCapabilities(
            position_encodings=[types.PositionEncodingKind.Utf8,
                                types.PositionEncodingKind.Utf16])),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="cx")]))
    ANNOUNCED.append(result.capabilities.position_encoding)
    yield
    await lsp_client.shutdown_session()


def _bytes(text: str) -> int:
    return len(text.encode("utf-8"))


async def test_a_typo_after_polish_letters_is_underlined_in_utf8_bytes(
        client: LanguageClient, workspace: Path) -> None:
    assert ANNOUNCED[0] == types.PositionEncodingKind.Utf8
    uri = (workspace / "przeprowadzka.yaml").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1,
                                             text=JOURNEY)))
    for _ in range(20):
        if any(d.code == "CX005" for d in client.diagnostics.get(uri, [])):
            break
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (found,) = [d for d in client.diagnostics[uri] if d.code == "CX005"]
    line = JOURNEY.splitlines()[TYPO_LINE]
    start = _bytes(line[:line.index("czatt")])
    assert start != line.index("czatt")  # the line's "ł", "ś" and "ę" count two bytes each
    assert found.range == types.Range(start=types.Position(line=TYPO_LINE, character=start),
                                      end=types.Position(line=TYPO_LINE, character=start + 5))


async def test_go_to_definition_reads_the_cursor_in_utf8_bytes(
        client: LanguageClient, workspace: Path) -> None:
    uri = (workspace / "organizacja.yaml").as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1,
                                             text=ORGANISATION)))
    line = ORGANISATION.splitlines()[2]
    last = line.rindex("obsługa") + len("obsług")  # the cursor on the last "a"
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=2, character=_bytes(line[:last]))))
    definition = ORGANISATION.splitlines()[0]
    start = _bytes(definition[:definition.index("obsługa")])
    assert found == types.Location(uri=uri, range=types.Range(
        start=types.Position(line=0, character=start),
        end=types.Position(line=0, character=start + _bytes("obsługa"))))
