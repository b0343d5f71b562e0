"""The language server (`cxmodel lsp`): a workshop's feedback in the editor as people type.
docs/editors.md says how editors start it; state.py holds the workspace as the editor sees
it, server.py speaks the protocol (pygls)."""
