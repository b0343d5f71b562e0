"""Importers: turn what workshops produce (spreadsheets) into cxmodel files."""

# Rows read from one sheet (import csv --max-rows). A workshop sheet has hundreds; 20,000
# import in a few seconds, and 850,000 one-step journeys took 46 s and 3.3 GB to make a
# 41 MB file that the loader would refuse anyway (max_file_bytes). Here, not in csv_sheet,
# so that the command line can show it without importing the reader.
MAX_ROWS = 20_000
