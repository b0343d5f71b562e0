"""Exports: the model in other people's formats (Mermaid for Markdown pages, JSON for
scripts)."""
