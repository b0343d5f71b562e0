"""What loading says (CX001, CX002, CX003, CX006, CX008): one whole sentence per problem,
with its details as parameters. What libyaml and the operating system say of a problem
(``problem``, ``context``, ``reason``) is theirs, in English, inside a translated sentence."""

from __future__ import annotations

from cxmodel.messages.text import Template, message, plural

# Reading files and folders (CX006). {reason}: the operating system's words, or REASONS.
FOLDER_UNREADABLE = message(
    "CX006.folder-unreadable", "This folder cannot be read: {reason}; its files are not checked.")
FOLDER_UNREADABLE_HINT = message(
    "CX006.folder-unreadable.hint",
    "Check that you may read the folder, or move it out of the workspace.")
FILE_UNREADABLE = message("CX006.file-unreadable", "This file cannot be read: {reason}.")
FILE_UNREADABLE_HINT = message(
    "CX006.file-unreadable.hint", "Check that the file exists and that you may read it.")
OUTSIDE = message(
    "CX006.outside", "This is a link to something outside the workspace, or to something the "
    "workspace leaves out (hidden, ignored by git, in a tool's folder); cxmodel reads only the "
    "folders and files named on the command line.")
OUTSIDE_HINT = message(
    "CX006.outside.hint", "Copy what it links to into the workspace, or name its folder on "
    "the command line too.")
# {size} and {limit} in bytes.
TOO_LARGE = message("CX006.too-large",
                    "This file is {size} bytes, more than the limit of {limit} bytes.")
TOO_LARGE_NOW = message("CX006.too-large.grown",
                        "This file is more than the limit of {limit} bytes.")
OVER_WORKSPACE = message(
    "CX006.over-workspace",
    "This file takes the workspace over its size limit of {limit} bytes.")
# Reasons a file or folder cannot be read that cxmodel words itself.
NOT_REGULAR = message("CX006.reason.not-regular",
                      "it is not a regular file (a pipe, socket or device?)")

# Decoding (CX006, CX001).
UTF16_BOM = message(
    "CX006.utf16-bom", "This file is not UTF-8 text: it starts with a UTF-16 byte order mark.")
SAVE_AS_UTF8 = message(
    "CX006.save-as-utf8", "Save the file as UTF-8 (in most editors: 'Save with encoding' > UTF-8).")
# {offset}: a byte offset in the file.
NUL_BYTE = message(
    "CX006.nul-byte", "This file is not UTF-8 text: it holds a NUL byte at byte offset {offset}.")
NUL_BYTE_UTF16 = message(
    "CX006.nul-byte.utf16", "This file is not UTF-8 text: it holds a NUL byte at byte offset "
    "{offset} (it looks like UTF-16).")
NUL_BYTE_BINARY = message(
    "CX006.nul-byte.binary", "This file is not UTF-8 text: it holds a NUL byte at byte offset "
    "{offset} (it looks like a binary file).")
NOT_UTF8 = message(
    "CX006.not-utf8",
    "This file is not UTF-8 text: byte {byte} at byte offset {offset} is not valid UTF-8.")
CONVERT_TO_UTF8 = message(
    "CX006.not-utf8.hint", "Save the file as UTF-8; files saved as Windows-1251, Latin-1 or "
    "UTF-16 must be converted.")
# {character}: its code point, U+0007.
CONTROL_CHARACTER = message(
    "CX001.control-character",
    "This file holds a control character ({character}) that YAML does not allow.")
CONTROL_CHARACTER_HINT = message(
    "CX001.control-character.hint", "Delete the invisible character; it often comes from "
    "copying text out of another program.")

# YAML syntax (CX001). TRANSLATORS: {problem} and {context} are libyaml's, in English.
SYNTAX = message("CX001.syntax", "This is not valid YAML: {problem}.")
SYNTAX_IN = message("CX001.syntax.context", "This is not valid YAML: {problem} ({context}).")
# libyaml's problems in plain words (the parser's own words, "while scanning a plain
# scalar", mean nothing to a workshop): (words in libyaml's problem, words in its context or
# "" for any, the sentence). The first that matches is said.
PLAIN_SYNTAX: tuple[tuple[str, str, Template], ...] = (
    ("end of stream", "quoted scalar", message(
        "CX001.plain.unclosed-quote",
        "This is not valid YAML: the file ends inside a quoted text, so a quote is never "
        "closed.")),
    ("mapping values are not allowed", "", message(
        "CX001.plain.colon-in-value",
        "This is not valid YAML: a value holds ': ' without quotes, or a line is indented too "
        "far, so it reads like a key.")),
    ("found a tab character", "", message(
        "CX001.plain.tab",
        "This is not valid YAML: a tab character stands where YAML counts the indentation, "
        "which only spaces may make.")),
    ("could not find expected ':'", "", message(
        "CX001.plain.no-colon",
        "This is not valid YAML: a line inside a mapping has no ':' after its key.")),
    ("did not find expected ',' or ']'", "", message(
        "CX001.plain.unclosed-list",
        "This is not valid YAML: a list in [ ] is not closed with ']', or its items are not "
        "separated by commas.")),
    ("did not find expected ',' or '}'", "", message(
        "CX001.plain.unclosed-mapping",
        "This is not valid YAML: a mapping in {{ }} is not closed with '}}', or its entries "
        "are not separated by commas.")),
    ("did not find expected '-' indicator", "", message(
        "CX001.plain.list-item",
        "This is not valid YAML: a line inside a list does not start with '- ' in the column "
        "of the items above it.")),
    ("did not find expected key", "", message(
        "CX001.plain.indentation",
        "This is not valid YAML: a line does not fit the mapping above it: check its "
        "indentation, and that a quoted text has nothing after its closing quote.")),
    ("expected <block end>", "", message(
        "CX001.plain.indentation-end",
        "This is not valid YAML: a line is indented differently from the lines around it.")),
    ("cannot start any token", "", message(
        "CX001.plain.bad-start",
        "This is not valid YAML: a value starts with a character YAML reserves ('@', '`', or "
        "a tab).")),
)
CHARACTER_NOT_ALLOWED = message(
    "CX001.reader", "This file holds a character YAML does not allow: {problem}.")
UNCLOSED_QUOTE = message(
    "CX001.hint.unclosed-quote",
    "A quote opened on line {line}, column {column} is never closed.")
# A '#' after a space inside [ ] or { } starts a comment: the rest of the line, the closing
# bracket too, is gone.
COMMENT_IN_FLOW = message(
    "CX001.hint.comment-in-flow",
    "The ' #' here starts a comment, which hides the rest of the line, the closing bracket "
    "too: put the text holding the '#' in quotes.")
TABS = message("CX001.hint.tabs", "YAML indentation must use spaces, not tabs.")
LONG_KEY = message(
    "CX001.hint.long-key", "A key without quotes may be at most 1024 characters long; use a "
    "shorter key, or write '? ' before a long one.")
QUOTE_COLON = message(
    "CX001.hint.quote-colon",
    "A value that contains ': ' must be put in quotes, e.g. name: \"Delivery: next day\".")
MISSING_COLON = message(
    "CX001.hint.missing-colon",
    "Every key needs a ':' after it; check the line above for a missing colon.")
# {found}: the colon as typed ('：'); {code}: its code point and name (U+FF1A FULLWIDTH COLON).
LOOKALIKE_COLON = message(
    "CX001.lookalike-colon",
    "This key is followed by {found} ({code}), which YAML does not read as a colon.")
# {code}: the space after ':' (U+00A0 NO-BREAK SPACE).
COLON_THEN_ODD_SPACE = message(
    "CX001.colon-odd-space",
    "This key's ':' is followed by {code}, which YAML does not read as a space.")
LOOKALIKE_COLON_HINT = message(
    "CX001.hint.lookalike-colon",
    "Write the plain ':' followed by an ordinary space (switch the input method to "
    "half-width, or retype the space).")
WRITE_COLON = message("fix.write-colon", "Write ': '")
# A key with no space after its colon (channel:web): YAML reads {text} as one text.
NO_SPACE_AFTER_COLON = message(
    "CX001.no-space-after-colon",
    "The ':' after {key} has no space after it, so YAML reads {text} as one text, not as "
    "the key {key} and its value.")
SPACE_AFTER_COLON_HINT = message(
    "CX001.hint.no-space-after-colon", "Put a space after the ':' of a key.")
# A comma typed with a Chinese input method between two entries of { }: {found} is the
# comma as typed ('，'), {code} its code point, {key} the key after it (action).
LOOKALIKE_COMMA = message(
    "CX001.lookalike-comma",
    "Before {key} stands {found} ({code}), which YAML does not read as a comma: inside {{ }}, "
    "entries are separated by ', ', so the text before runs on into {key}.")
LOOKALIKE_COMMA_HINT = message(
    "CX001.hint.lookalike-comma",
    "Write the plain ',' followed by an ordinary space (switch the input method to "
    "half-width).")
WRITE_COMMA = message("fix.write-comma", "Write ', '")
# {field}: the key whose unquoted text holds ': ' inside { } (action).
COLON_IN_FLOW = message(
    "CX001.colon-in-flow",
    "The text of {field} holds ': ', which inside {{ }} starts a new key: this line cannot "
    "be read.")
QUOTE_THE_TEXT = message("CX001.hint.quote-the-text", "Put the whole text in double quotes: "
                         "{fix}")
QUOTE_IT = message("fix.quote-text", "Put the text in double quotes")
INDENTATION = message(
    "CX001.hint.indentation",
    "Check the indentation: items of one list or mapping must start in one column.")
# Aliases (CX001): {alias} is *name, {anchor} &name.
ALIAS_IN_ITSELF = message(
    "CX001.alias-in-itself",
    "The alias {alias} is inside the value anchored {anchor}: a value cannot contain itself.")
ALIAS_UNDEFINED = message(
    "CX001.alias-undefined", "The alias {alias} refers to no anchor {anchor} above it.")

# Duplicate keys (CX002).
DUPLICATE_KEY = message(
    "CX002", "The key {key} appears twice in this mapping (first on line {line}); the second "
    "would silently replace the first.")
DUPLICATE_KEY_HINT = message("CX002.hint", "Remove one of them, or merge their values.")
# The item's first key again, in its column: the next item of the list {section} (steps,
# channels...) was written without its "- ", so YAML read both items as one.
MISSING_DASH = message(
    "CX002.missing-dash",
    "Did you forget '- ' to start a new item of {section}? The key {key} appears again in "
    "this item (first on line {line}), so the two items were read as one.")
MISSING_DASH_HINT = message(
    "CX002.missing-dash.hint",
    "Write '- ' before {key} on line {line}, in the column of the '- ' of the item above, "
    "and indent the item's other keys like its first.")

# The whole file (CX003, CX008).
EMPTY_FILE = message(
    "CX003.empty-file", "This file is empty. A cxmodel file holds a mapping of sections such "
    "as departments:, channels: or journeys:.")
EMPTY_FILE_HINT = message("CX003.empty-file.hint", "Add a section, or delete the file.")
A_LIST = message(
    "CX003.root-list", "This file holds a list; a cxmodel file holds a mapping of sections "
    "such as departments:, channels: or journeys:.")
# {value}: the value, as Python writes it ('text', 5).
A_VALUE = message(
    "CX003.root-value", "This file holds the single value {value}; a cxmodel file holds a "
    "mapping of sections such as departments:, channels: or journeys:.")
START_WITH_SECTION = message(
    "CX003.root.hint", "Start the file with a section name, e.g. 'journeys:'.")
SEVERAL_DOCUMENTS = message(
    "CX008.documents", "This file holds several YAML documents (separated by '---'); cxmodel "
    "reads one document per file.")
SEVERAL_DOCUMENTS_HINT = message(
    "CX008.documents.hint",
    "Split the documents into separate files, or merge them into one mapping.")
# {kind}: a YAML tag such as !!int.
NOT_AS_TAG = message("CX003.tag-value", "The value {value} cannot be read as {kind}.")

# Results kept as CSV (*.results.csv, cxmodel/loader/csv_results.py). {columns}: column
# names, unquoted, joined as the language joins a list.
EMPTY_RESULTS = message(
    "CX003.csv.empty", "This results file is empty: it needs a header row naming its columns, "
    "then one result a row.")
RESULTS_HEADER_HINT = message(
    "CX003.csv.header-hint", "Start it with a header row such as: {columns}.")
CSV_UNREADABLE = message(
    "CX001.csv.header-unreadable", "The header row cannot be read as CSV: {problem}.")
# {problem}: what Python's csv module says, in English.
CSV_ROW_UNREADABLE = message(
    "CX001.csv.row-unreadable", "This row cannot be read as CSV ({problem}): is a double quote "
    "left open?")
# {header} counts the header's cells.
CSV_CELLS = plural(
    "CX001.csv.cells", "This row has {cells} cells but the header has {header}: a cell "
    "holding the separator or a line break must be in double quotes.",
    "This row has {cells} cells but the header has {header}: a cell holding the separator or "
    "a line break must be in double quotes.", count="cells")
CSV_COLUMN_TWICE = message(
    "CX002.csv.column-twice", "The column {column} appears twice in the header; a result has "
    "one value for each.")
CSV_UNKNOWN_COLUMN = message(
    "CX003.csv.unknown-column", "The column {column} is not a field of a result, so its "
    "cells are not read.")
CSV_COLUMNS = message("CX003.csv.columns", "The columns a results file can have: {columns}.")
CSV_PER_ANSWER = message(
    "CX003.csv.per-answer", "A results file holds one value per period. An export with one "
    "answer per row and its date is turned into one with 'cxmodel import results'.")
CSV_MISSING_COLUMN = message(
    "CX003.csv.missing-column", "The header has no column {column}, which every result needs.")
CSV_NO_SUBJECT = message(
    "CX003.csv.no-subject", "The header has none of the columns {columns}: each result names "
    "what was measured in one of them.")
CSV_TOO_MANY_VALUES = message(
    "CX006.csv.values", "This file holds more than {limit} values (filled cells and rows); "
    "the rest is not read.")

# YAML features cxmodel does not read (CX008).
KEY_NOT_TEXT = message("CX008.key-container", "A key must be plain text, not a list or a mapping.")
KEY_ALIAS = message("CX008.key-alias", "A key must be plain text, not an alias.")
MERGE_KEY = message(
    "CX008.merge-key", "Merge keys ('<<') are not part of YAML 1.2 and cxmodel does not read them.")
MERGE_KEY_HINT = message(
    "CX008.merge-key.hint", "Write the keys out, or use an alias (*name) for a whole value.")
# {tag}: the tag as written, !!python/object.
TAG = message(
    "CX008.tag", "The tag {tag} is not read by cxmodel; only plain YAML values (text, numbers, "
    "true/false, lists, mappings) are.")
TAG_HINT = message("CX008.tag.hint", "Remove the tag.")

# Size and depth (CX006).
TOO_DEEP = message(
    "CX006.depth", "This file nests deeper than {depth} levels; cxmodel files need fewer than ten.")
TOO_DEEP_FOR_PARSER = message(
    "CX006.depth.parser", "This file nests deeper than {depth} levels, the most the YAML parser "
    "reads; cxmodel files need fewer than ten.")
ALIAS_BOMB = message(
    "CX006.alias-values", "Aliases in this file expand to more than {limit} values (an 'alias "
    "bomb'?).")
WORKSPACE_ALIAS_VALUES = message(
    "CX006.workspace-alias-values", "Aliases in this workspace expand to more than {limit} "
    "values, counting this file's (an 'alias bomb'?).")
WORKSPACE_ALIAS_CHARACTERS = message(
    "CX006.workspace-alias-characters", "Aliases in this workspace expand to more than {limit} "
    "characters of text, counting this file's: every output would hold each copy.")
TOO_MANY_VALUES = message(
    "CX006.values", "This file holds more than {limit} YAML values (list items, values, lists "
    "and mappings, aliases counted expanded); the rest is not read.")
TOO_MANY_PROBLEMS = message(
    "CX006.problems", "This file has more than {limit} problems; the rest are not listed.")

# A workspace that cannot be found or holds nothing (exit code 2).
NO_WORKSPACE = message("cli.no-workspace", "no workspace given: name a folder or YAML files")
NO_SUCH_PATH = message("cli.no-such-path", "{path}: no such file or folder")
PATH_UNREADABLE = message("cli.path-unreadable", "{path}: {reason}")
NO_FILES = message(
    "cli.no-files", "no cxmodel files under {folder}: no *.yaml or *.yml file there; name the "
    "folder that holds the model")
NO_FILES_LEFT_OUT = message(
    "cli.no-files.left-out", "no cxmodel files under {folder}: no *.yaml or *.yml file there "
    "but {left_out}; name the folder that holds the model")
# What a walk left out: the parts are joined with "and".
IGNORED = plural("cli.left-out.ignored", "{count} entry that .gitignore excludes",
                 "{count} entries that .gitignore excludes")
TOOL_FOLDERS = plural(
    "cli.left-out.tool-folders",
    "{count} tool folder (virtual environments, node_modules, build output)",
    "{count} tool folders (virtual environments, node_modules, build output)")
HIDDEN = plural("cli.left-out.hidden", "{count} hidden YAML file or folder",
                "{count} hidden YAML files or folders")
# The operating system's reasons cxmodel words in each language: used only where the system
# says exactly this English (elsewhere, its own words are shown).
PERMISSION_DENIED = message("CX006.reason.permission-denied", "Permission denied")
NO_SUCH_FILE = message("CX006.reason.no-such-file", "No such file or directory")
IS_A_DIRECTORY = message("CX006.reason.is-a-directory", "Is a directory")
NOT_A_DIRECTORY = message("CX006.reason.not-a-directory", "Not a directory")
LINK_LOOP = message("CX006.reason.link-loop", "Too many levels of symbolic links")
NAME_TOO_LONG = message("CX006.reason.name-too-long", "File name too long")
