"""The language server end to end (#19): a real client over stdio (pytest-lsp) opens, edits
and asks, as an editor does."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

pytestmark = pytest.mark.asyncio(loop_scope="module")

ORDER = """departments: [{id: service, name: Customer service}]
channels:
  - {id: web-chat, name: Web chat, owner: service}
  - {id: app, name: My Telco app, owner: service}
journeys:
  - id: move
    owner: service
    goal: Move the contract to the new address
    steps:
      - id: ask
        channel: webchat
      - id: confirm
        channel: app
        next: [ask]
"""
POSTS = """metrics: [{id: csat, kind: experience, scope: touchpoint}]
listening_posts:
  - id: chat-survey
    owner: service
    metrics: [csat]
    covers: {channels: [web-chat], touchpoints: [move/confirm]}
"""


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lsp") / "cx"
    folder.mkdir()
    (folder / "order.yaml").write_text(ORDER, encoding="utf-8")
    (folder / "posts.yaml").write_text(POSTS, encoding="utf-8")
    return folder


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "cxmodel",
                                                              "lsp"]),
                    scope="module")
async def client(lsp_client: LanguageClient, workspace: Path):  # type: ignore[no-untyped-def]
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="cx")]))
    yield
    await lsp_client.shutdown_session()


def _uri(workspace: Path, name: str) -> str:
    return (workspace / name).as_uri()


async def _open(client: LanguageClient, workspace: Path, name: str) -> str:
    uri = _uri(workspace, name)
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(
            uri=uri, language_id="yaml", version=1,
            text=(workspace / name).read_text(encoding="utf-8"))))
    await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    return uri


async def test_a_typo_shows_at_its_line_with_its_code(client: LanguageClient,
                                                      workspace: Path) -> None:
    uri = await _open(client, workspace, "order.yaml")
    while not any(d.code == "CX005" for d in client.diagnostics.get(uri, [])):
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (found,) = [d for d in client.diagnostics[uri] if d.code == "CX005"]
    assert found.range == types.Range(start=types.Position(line=10, character=17),
                                      end=types.Position(line=10, character=24))
    assert found.message.startswith("Unknown channel 'webchat' in step 'ask' of journey "
                                    "'move', did you mean 'web-chat'")
    assert found.severity == types.DiagnosticSeverity.Error
    assert found.source == "cxmodel"


async def _change(client: LanguageClient, uri: str, text: str, version: int) -> None:
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))


async def _diagnostics_until(client: LanguageClient, uri: str, done) -> list[types.Diagnostic]:  # type: ignore[no-untyped-def]
    for _ in range(20):
        found = client.diagnostics.get(uri, [])
        if done(found):
            return found
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    raise AssertionError(client.diagnostics.get(uri))


async def test_completion_at_channel_offers_the_ids_with_their_names(
        client: LanguageClient, workspace: Path) -> None:
    uri = _uri(workspace, "order.yaml")
    result = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=10, character=19)))  # channel: we|bchat
    assert result is not None
    items = result.items if isinstance(result, types.CompletionList) else result
    assert [(i.label, i.detail) for i in items] == [("web-chat", "Web chat"),
                                                   ("app", "My Telco app")]
    assert items[0].text_edit == types.TextEdit(
        range=types.Range(start=types.Position(line=10, character=17),
                          end=types.Position(line=10, character=19)), new_text="web-chat")
    nexts = await client.text_document_completion_async(types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=13, character=15)))  # next: [a|sk]
    assert nexts is not None
    assert [i.label for i in (nexts.items if isinstance(nexts, types.CompletionList)
                              else nexts)] == ["ask", "confirm"]


async def test_go_to_definition_and_find_references_across_files(
        client: LanguageClient, workspace: Path) -> None:
    posts = await _open(client, workspace, "posts.yaml")
    found = await client.text_document_definition_async(types.DefinitionParams(
        text_document=types.TextDocumentIdentifier(uri=posts),
        position=types.Position(line=5, character=24)))  # covers: {channels: [web-chat]}
    assert found == types.Location(
        uri=_uri(workspace, "order.yaml"),
        range=types.Range(start=types.Position(line=2, character=9),
                          end=types.Position(line=2, character=17)))
    where = await client.text_document_references_async(types.ReferenceParams(
        text_document=types.TextDocumentIdentifier(uri=posts),
        position=types.Position(line=5, character=56),  # move/con|firm
        context=types.ReferenceContext(include_declaration=True)))
    assert where is not None
    assert sorted((Path(loc.uri).name, loc.range.start.line, loc.range.start.character,
                   loc.range.end.character) for loc in where) == [
        ("order.yaml", 11, 12, 19), ("posts.yaml", 5, 54, 61)]


async def test_rename_across_two_files_is_one_workspace_edit(
        client: LanguageClient, workspace: Path) -> None:
    uri = _uri(workspace, "order.yaml")
    edit = await client.text_document_rename_async(types.RenameParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=2, character=10), new_name="chat"))
    assert edit is not None and edit.changes is not None
    changes = {Path(u).name: sorted((e.range.start.line, e.range.start.character,
                                     e.range.end.character, e.new_text) for e in edits)
               for u, edits in edit.changes.items()}
    assert changes == {"order.yaml": [(2, 9, 17, "chat")],
                       "posts.yaml": [(5, 24, 32, "chat")]}


async def test_a_quick_fix_applies_the_did_you_mean(client: LanguageClient,
                                                    workspace: Path) -> None:
    uri = _uri(workspace, "order.yaml")
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        range=types.Range(start=types.Position(line=10, character=18),
                          end=types.Position(line=10, character=18)),
        context=types.CodeActionContext(diagnostics=[])))
    assert actions is not None
    first = actions[0]
    assert isinstance(first, types.CodeAction)
    assert first.title == "Write 'web-chat'" and first.is_preferred
    assert first.edit is not None and first.edit.changes is not None
    (edit,) = first.edit.changes[uri]
    text = ORDER.split("\n")
    line = text[edit.range.start.line]
    text[edit.range.start.line] = (line[:edit.range.start.character] + edit.new_text
                                   + line[edit.range.end.character:])
    await _change(client, uri, "\n".join(text), 2)
    found = await _diagnostics_until(
        client, uri, lambda ds: not any(d.code == "CX005" for d in ds)
        and any(d.code == "CX105" for d in ds))
    assert "CX105" in {d.code for d in found}  # the gap rules run once it loads


async def test_a_broken_edit_then_a_fixed_edit(client: LanguageClient,
                                               workspace: Path) -> None:
    uri = _uri(workspace, "order.yaml")
    fixed = ORDER.replace("channel: webchat", "channel: web-chat")
    await _change(client, uri, fixed.replace("goal: Move", "goal: [Move"), 3)
    broken = await _diagnostics_until(client, uri, lambda ds: any(d.code == "CX001"
                                                                  for d in ds))
    assert broken[0].range.start.line == 8  # where libyaml finds the list unclosed
    # completion and the outline keep working from the last text that parsed
    outline = await client.text_document_document_symbol_async(types.DocumentSymbolParams(
        text_document=types.TextDocumentIdentifier(uri=uri)))
    assert outline is not None
    names = [s.name for s in outline if isinstance(s, types.DocumentSymbol)]
    assert names == ["service", "web-chat", "app", "move"]
    journey = next(s for s in outline if isinstance(s, types.DocumentSymbol)
                   and s.name == "move")
    assert [c.name for c in journey.children or []] == ["ask", "confirm"]
    await _change(client, uri, fixed, 4)
    await _diagnostics_until(client, uri, lambda ds: not any(d.code == "CX001" for d in ds)
                             and any(d.code == "CX105" for d in ds))


async def test_hover_names_the_element_its_use_and_its_coverage(
        client: LanguageClient, workspace: Path) -> None:
    uri = _uri(workspace, "order.yaml")
    said = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=11, character=14)))  # - id: con|firm
    assert said is not None and isinstance(said.contents, types.MarkupContent)
    assert said.contents.value == ("**step** `confirm`\n\nNamed in 1 place.\n\n"
                                   "`posts.yaml:6`\n\nMeasured by: chat-survey.")


async def test_a_gap_finding_offers_a_waiver_with_a_reason_to_fill_in(
        client: LanguageClient, workspace: Path) -> None:
    uri = _uri(workspace, "order.yaml")
    found = [d for d in client.diagnostics[uri] if d.code == "CX105"]
    assert found, client.diagnostics[uri]
    actions = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=found[0].range,
        context=types.CodeActionContext(diagnostics=found)))
    assert actions is not None
    waiver = next(a for a in actions if isinstance(a, types.CodeAction)
                  and a.title == "Waive CX105 here, with the reason")
    assert waiver.edit is not None and waiver.edit.changes is not None
    (edit,) = waiver.edit.changes[uri]
    assert edit.new_text == '    waive: {CX105: "why this is accepted"}\n'
    assert edit.range.start == types.Position(line=6, character=0)  # below "- id: move"


async def test_hostile_text_never_takes_the_server_down(client: LanguageClient,
                                                        workspace: Path) -> None:
    # Opened here too: run on its own, the test must not wait for diagnostics of a file the
    # editor never opened (it did, forever).
    uri = await _open(client, workspace, "order.yaml")
    for version, text in enumerate(["\x00\x01 binary", "[" * 20_000, "a: &x [*x]\n" * 50,
                                    "journeys:\n  - id: " + "é" * 100_000, ""], start=10):
        await _change(client, uri, text, version)
        await client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    await _change(client, uri, ORDER.replace("channel: webchat", "channel: web-chat"), 20)
    said = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri=uri),
        position=types.Position(line=2, character=10)))
    assert said is not None and isinstance(said.contents, types.MarkupContent)
    assert said.contents.value.startswith("**channel** `web-chat`: Web chat")


async def test_completion_in_results_and_actions_offers_posts_and_statuses() -> None:
    """Results and actions name listening posts and take a status (no server needed: the
    cursor's context and the answers alone)."""
    from cxmodel.lsp.context import REFERENCE_KEYS, cursor_at

    text = ("results:\n  - {metric: csat, period: 2026-11, value: 4, listening_post: ch\n"
            "actions:\n  - id: a\n    status: \n")
    cursor = cursor_at(text, 1, len("  - {metric: csat, period: 2026-11, value: 4, "
                                    "listening_post: ch"))
    assert cursor is not None and cursor.key == "listening_post" and cursor.typed == "ch"
    assert REFERENCE_KEYS[cursor.key] == "listening post"
    from cxmodel.lsp.answers import _properties, _resolved

    status = cursor_at(text, 4, len("    status: "))
    assert status is not None and status.parents == ("actions",)
    assert _resolved(_properties("action")["status"])["enum"] == [
        "open", "in-progress", "done", "dropped"]
