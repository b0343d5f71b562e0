"""`cxmodel lsp`: the Language Server Protocol over standard input and output (pygls).

Diagnostics follow the workspace's .cxmodel.yaml (select, ignore, waivers, language) and are
located as `check` locates them. A keystroke gets the file's own problems at once (syntax,
schema); ids, references and the gap rules follow for the whole workspace once typing
pauses (DEBOUNCE). Completion, hover, definitions, references, rename, quick fixes and the
outline work from the files as last parsed, so they keep working while a file is broken."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from cxmodel import __version__
from cxmodel.diagnostics import Diagnostic, yaml_scalar
from cxmodel.loader import paused_gc
from cxmodel.lsp import answers
from cxmodel.lsp.convert import lsp_diagnostic, span_range, uri_of
from cxmodel.lsp.index import Index, Occurrence, build_index
from cxmodel.lsp.state import CONFIG_FILE, Outcome, Session
from cxmodel.lsp.text import from_lsp, use_encoding
from cxmodel.messages.languages import choose
from cxmodel.messages.render import render, use
from cxmodel.messages.text import Name, message

NOT_AN_ID = message("lsp.rename.not-an-id", "{name} is not an id: use letters, digits, '-', "
                   "'.' and '_', starting with a letter or digit")
# Seconds without an edit before the whole workspace is checked again.
DEBOUNCE = 0.15
# The problems a file shows alone (published at once on every keystroke).
OWN_CODES = ("CX001", "CX002", "CX003", "CX006", "CX007", "CX008")


class CxServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("cxmodel", __version__)
        self.session: Session | None = None
        self._index: Index | None = None
        self.pending: asyncio.TimerHandle | None = None
        self.generation = 0  # counts the edits: a check of older files is not shown
        self.checker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cxmodel-check")
        # What each file's diagnostics last said, as published.
        self.shown: dict[str, tuple[object, ...]] = {}
        self.wanted: str | None = None  # the workspace folder the editor's options name

    # -- the workspace ------------------------------------------------------------------
    def start_session(self, root: Path) -> None:
        self.session = Session(root.resolve())
        self.session.scan()
        self.speak()
        self.refresh()

    def speak(self) -> None:
        import os

        session = self.session
        use(choose(None, session.config.language if session else None, os.environ))

    def refresh(self) -> Outcome | None:
        """Check the whole workspace now and publish what changed."""
        self.pending = None
        session = self.session
        if session is None:
            return None
        with paused_gc():  # millions of small objects, none of them cyclic garbage
            outcome = session.check()
        self.show(outcome)
        return outcome

    def refresh_later(self) -> None:
        """Check the whole workspace in the background, the editor's requests answered
        meanwhile; a result overtaken by newer edits is dropped (their check follows)."""
        self.pending = None
        session = self.session
        if session is None:
            return
        generation = self.generation
        snapshot = session.snapshot()

        def work() -> Outcome:
            with paused_gc():
                return snapshot.check()

        future = asyncio.get_running_loop().run_in_executor(self.checker, work)

        def done(finished: asyncio.Future[Outcome]) -> None:
            if generation == self.generation and not finished.cancelled() \
                    and finished.exception() is None:
                session.last = finished.result()
                self.show(session.last)

        future.add_done_callback(done)

    def show(self, outcome: Outcome) -> None:
        """Publish the files whose diagnostics changed: a workspace of 10,000 findings is
        not sent whole after every pause in typing."""
        self._index = None  # made again when an answer needs it
        for path, found in outcome.by_file.items():
            said = tuple((d.code, d.span, d.text, d.hint_text) for d in found)
            if self.shown.get(path, ()) != said:
                self.publish(path, found)
                self.shown[path] = said
        for path in [p for p in self.shown if p not in outcome.by_file]:
            self.publish(path, [])
            del self.shown[path]

    @property
    def index(self) -> Index:
        """Where every id is defined and named, made when first asked after a change
        (most keystrokes ask nothing of it)."""
        if self._index is None:
            session = self.session
            with paused_gc():
                self._index = build_index(session.good_roots.items() if session else ())
        return self._index

    def later(self) -> None:
        self.generation += 1
        if self.pending is not None:
            self.pending.cancel()
        self.pending = asyncio.get_running_loop().call_later(DEBOUNCE, self.refresh_later)

    def publish(self, path: str, found: list[Diagnostic]) -> None:
        session = self.session
        text = session.text(path) if session is not None else None
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri_of(path), diagnostics=[lsp_diagnostic(d, text) for d in found]))

    def path_of(self, uri: str) -> str | None:
        path = to_fs_path(uri)
        return str(Path(path).resolve()) if path else None


server = CxServer()


@server.feature(types.INITIALIZE)
def initialize(ls: CxServer, params: types.InitializeParams) -> None:
    use_encoding(ls.workspace.position_encoding)  # as pygls chose from the editor's offer
    options = params.initialization_options
    ls.wanted = options.get("workspace") if isinstance(options, dict) else None


@server.feature(types.INITIALIZED)
def initialized(ls: CxServer, params: types.InitializedParams) -> None:
    folders = ls.workspace.folders
    root = next(iter(folders.values())).uri if folders else ls.workspace.root_uri
    path = to_fs_path(root) if root else None
    ls.start_session(workspace_root(Path(path) if path else Path.cwd(), ls.wanted))


def workspace_root(folder: Path, wanted: str | None = None) -> Path:
    """The cxmodel workspace in the folder the editor opened: the one named by the
    ``workspace`` initialization option (relative to the folder); else the folder, when it
    holds .cxmodel.yaml; else the shallowest folder below it (three levels at most) that
    does; else the folder itself."""
    if wanted:
        return (folder / wanted).resolve()
    if (folder / CONFIG_FILE).is_file():
        return folder
    level = [folder]
    for _ in range(3):
        below = sorted(child for parent in level for child in _folders(parent))
        for child in below:
            if (child / CONFIG_FILE).is_file():
                return child
        level = below
    return folder


def _folders(parent: Path) -> list[Path]:
    try:
        return [child for child in parent.iterdir() if child.is_dir()
                and not child.name.startswith(".") and child.name != "node_modules"]
    except OSError:
        return []


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: CxServer, params: types.DidOpenTextDocumentParams) -> None:
    edited(ls, params.text_document.uri)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: CxServer, params: types.DidChangeTextDocumentParams) -> None:
    edited(ls, params.text_document.uri)


def edited(ls: CxServer, uri: str) -> None:
    session, path = ls.session, ls.path_of(uri)
    if session is None or path is None or not session.contains(path):
        return
    text = ls.workspace.get_text_document(uri).source
    with paused_gc():
        own = session.edit(path, text)
    # The file's own problems now; what it had from the whole workspace stays until the
    # check after the pause replaces it.
    earlier = [d for d in session.last.by_file.get(path, []) if d.code not in OWN_CODES]
    shown = own if own else earlier
    ls.publish(path, shown)
    ls.shown[path] = tuple((d.code, d.span, d.text, d.hint_text) for d in shown)
    ls._index = None
    ls.later()


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: CxServer, params: types.DidCloseTextDocumentParams) -> None:
    session, path = ls.session, ls.path_of(params.text_document.uri)
    if session is not None and path is not None and path in session.open:
        session.close(path)
        ls.later()


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: CxServer, params: types.DidSaveTextDocumentParams) -> None:
    ls.later()


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def watched(ls: CxServer, params: types.DidChangeWatchedFilesParams) -> None:
    session = ls.session
    if session is None:
        return
    for change in params.changes:
        path = ls.path_of(change.uri)
        if path is not None and (session.contains(path) or Path(path).name == CONFIG_FILE):
            session.reread(path)
            if Path(path).name == CONFIG_FILE:
                ls.speak()
    ls.later()


# -- answers --------------------------------------------------------------------------------
def _where(ls: CxServer, uri: str, position: types.Position) -> tuple[str, int, int] | None:
    """The file, 1-based line and column (in characters) of an LSP position."""
    session, path = ls.session, ls.path_of(uri)
    if session is None or path is None:
        return None
    line, column = from_lsp(session.text(path), position)
    return path, line, column


@server.feature(types.TEXT_DOCUMENT_COMPLETION,
                types.CompletionOptions(trigger_characters=[":", " ", "[", ",", "/"]))
def completion(ls: CxServer, params: types.CompletionParams) -> types.CompletionList | None:
    place = _where(ls, params.text_document.uri, params.position)
    if place is None or ls.session is None:
        return None
    path, line, column = place
    text = ls.session.text(path) or ""
    items = answers.complete(ls.index, ls.session, path, text, line - 1, column - 1)
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: CxServer, params: types.HoverParams) -> types.Hover | None:
    place = _where(ls, params.text_document.uri, params.position)
    if place is None or ls.session is None:
        return None
    said = answers.hover(ls.index, ls.session, *place)
    if said is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=said))


def _occurrence(ls: CxServer, uri: str, position: types.Position) -> Occurrence | None:
    """The id at a position, as the index has it."""
    place = _where(ls, uri, position)
    return None if place is None else ls.index.at(*place)


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: CxServer, params: types.DefinitionParams) -> types.Location | None:
    occurrence = _occurrence(ls, params.text_document.uri, params.position)
    if occurrence is None or ls.session is None or occurrence.key not in ls.index.definitions:
        return None
    defined = ls.index.definitions[occurrence.key]
    return types.Location(uri=uri_of(defined.path),
                          range=span_range(defined.span, ls.session.text(defined.path)))


@server.feature(types.TEXT_DOCUMENT_REFERENCES)
def find_references(ls: CxServer, params: types.ReferenceParams) -> list[types.Location]:
    occurrence = _occurrence(ls, params.text_document.uri, params.position)
    if occurrence is None or ls.session is None:
        return []
    found = [o for o in ls.index.by_key.get(occurrence.key, [])
             if params.context.include_declaration or not o.definition]
    return [types.Location(uri=uri_of(o.path), range=answers.id_range(o, ls.session))
            for o in found]


_ID = re.compile(r"[^\W_][\w.-]*")


@server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
def prepare_rename(ls: CxServer, params: types.PrepareRenameParams) -> types.Range | None:
    occurrence = _occurrence(ls, params.text_document.uri, params.position)
    if occurrence is None or ls.session is None:
        return None
    return answers.id_range(occurrence, ls.session)


@server.feature(types.TEXT_DOCUMENT_RENAME)
def rename(ls: CxServer, params: types.RenameParams) -> types.WorkspaceEdit | None:
    occurrence = _occurrence(ls, params.text_document.uri, params.position)
    if occurrence is None or ls.session is None:
        return None
    if not _ID.fullmatch(params.new_name):
        raise ValueError(render(NOT_AN_ID(name=Name(params.new_name))))
    changes: dict[str, list[types.TextEdit]] = {}
    for found in ls.index.by_key.get(occurrence.key, []):
        changes.setdefault(uri_of(found.path), []).append(types.TextEdit(
            range=answers.id_range(found, ls.session), new_text=yaml_scalar(params.new_name)))
    return types.WorkspaceEdit(changes=changes)


@server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
    code_action_kinds=[types.CodeActionKind.QuickFix]))
def code_action(ls: CxServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    session, path = ls.session, ls.path_of(params.text_document.uri)
    if session is None or path is None:
        return []
    return answers.actions(session, path, params.range)


@server.feature(types.TEXT_DOCUMENT_DOCUMENT_SYMBOL)
def document_symbol(ls: CxServer, params: types.DocumentSymbolParams
                    ) -> list[types.DocumentSymbol]:
    session, path = ls.session, ls.path_of(params.text_document.uri)
    if session is None or path is None:
        return []
    return answers.symbols(session, path)


def run() -> None:
    """Serve over standard input and output until the editor says exit."""
    server.start_io()


__all__ = ["run", "server"]
