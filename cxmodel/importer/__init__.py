"""Importers: turn what workshops produce (spreadsheets) into cxmodel files."""
