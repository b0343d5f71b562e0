"""The language server on a big workspace, driven over stdio as an editor drives it.

    python benchmarks/generate.py /tmp/bw --journeys 200 --steps 50
    python benchmarks/lsp.py /tmp/bw [--edits 40] [--memory-edits 1000]

Prints, as medians over the edits: the time from a keystroke (didChange) to the edited
file's own diagnostics (the server's first publication), and to the workspace's references
and gap findings (its second, once the whole workspace is checked); the
time to the first diagnostics after opening; and the server's memory (VmRSS) after
--memory-edits edits. The server's debounce (DEBOUNCE in cxmodel/lsp/server.py) is part of
the second figure."""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient


class Bench(LanguageClient):
    def __init__(self) -> None:
        super().__init__("cxmodel-benchmark", "1")
        self.events: list[tuple[float, str, list[types.Diagnostic]]] = []
        self.arrived = asyncio.Event()


def _client() -> Bench:
    client = Bench()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        client.events.append((time.perf_counter(), params.uri, list(params.diagnostics)))
        client.arrived.set()

    return client


async def _until(client: Bench, uri: str, since: float, done, timeout: float = 30.0  # type: ignore[no-untyped-def]
                 ) -> float:
    """Seconds from ``since`` to the first diagnostics for ``uri`` that ``done`` accepts."""
    deadline = time.perf_counter() + timeout
    seen = 0
    while time.perf_counter() < deadline:
        for at, where, found in client.events[seen:]:
            if where == uri and at >= since and done(found):
                return at - since
        seen = len(client.events)
        client.arrived.clear()
        try:
            await asyncio.wait_for(client.arrived.wait(), deadline - time.perf_counter())
        except TimeoutError:
            break
    raise TimeoutError(f"no diagnostics for {uri}")


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) // 1024
    return 0


async def main(folder: Path, edits: int, memory_edits: int) -> None:
    journey = sorted((folder / "journeys").glob("*.yaml"))[0]
    text = journey.read_text(encoding="utf-8")
    marker = "        moment_of_truth: true\n"
    step = text.index("      - id: s003\n")
    anchor = text.index("        emotion:", step)
    plain = text
    with_moment = text[:anchor] + marker + text[anchor:]
    client = _client()
    await client.start_io(sys.executable, "-m", "cxmodel", "lsp")
    started = time.perf_counter()
    await client.initialize_async(types.InitializeParams(
        capabilities=types.ClientCapabilities(),
        workspace_folders=[types.WorkspaceFolder(uri=folder.resolve().as_uri(), name="bw")]))
    client.initialized(types.InitializedParams())
    uri = journey.resolve().as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1,
                                             text=plain)))
    first = await _until(client, uri, started, lambda found: True, timeout=120)
    await asyncio.sleep(1.5)
    own: list[float] = []
    whole: list[float] = []
    version = 1
    for number in range(edits):
        version += 1
        changed = with_moment if number % 2 == 0 else plain
        sent = time.perf_counter()
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)]))
        own.append(await _until(client, uri, sent, lambda found: True))
        # the second publication after the keystroke: the whole workspace checked
        whole.append(await _until(client, uri, sent + own[-1] + 1e-6, lambda found: True))
        await asyncio.sleep(0.05)
    server = client._server
    pid = server.pid if server is not None else 0
    before = _rss(pid)
    for number in range(memory_edits):
        version += 1
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(
                text=with_moment if number % 2 else plain)]))
        if number % 50 == 49:
            await asyncio.sleep(0.4)  # a pause now and then: the whole workspace is checked
    await asyncio.sleep(3)
    after = _rss(pid)
    print(f"workspace: {folder} ({len(list(folder.rglob('*.yaml')))} files)")
    print(f"first diagnostics after opening: {first:.2f} s")
    print(f"keystroke -> the file's own diagnostics: median {statistics.median(own) * 1000:.0f} ms"
          f" (min {min(own) * 1000:.0f}, max {max(own) * 1000:.0f}, {len(own)} edits)")
    print(f"keystroke -> the workspace's gap findings: median {statistics.median(whole):.2f} s"
          f" (min {min(whole):.2f}, max {max(whole):.2f})")
    print(f"server memory: {before} MB before, {after} MB after {memory_edits} more edits")
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--memory-edits", type=int, default=1000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.folder, arguments.edits, arguments.memory_edits))
