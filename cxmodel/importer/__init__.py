"""Importers: turn what workshops produce (spreadsheets) into cxmodel files."""

# Rows read from one sheet (import csv --max-rows). A workshop sheet has hundreds; this many
# import in seconds, and far longer sheets make a file that the loader would refuse anyway
# (max_file_bytes). Here, not in csv_sheet, so that the command line can show it without
# importing the reader.
MAX_ROWS = 20_000
