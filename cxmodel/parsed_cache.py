"""Each file's parsed and checked form, kept between runs of ``site`` and ``serve``, so that
after an edit only the edited files are parsed again (parsing and the schema check were
half of a site rebuild after a one-journey edit; reading their pickled result back costs
a fraction of that).

An entry is keyed by everything its content depends on: the file's bytes and name, the
limits, the cxmodel version, the language schema and the code that parses and checks. It is
pickled, and unpickling can run code, so entries live in the user's private cache folder
and are read and written under the rules of ``code_cache`` (owned by the user, writable by
no one else). Entries not used for 14 days are removed."""

from __future__ import annotations

import hashlib
import importlib
import os
import pickle
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from cxmodel import __version__, resources
from cxmodel.code_cache import cache_dir, store, trusted
from cxmodel.loader import LoadedFile, Source
from cxmodel.loader.limits import Limits

Entry = TypeVar("Entry")
MAX_AGE = 14 * 24 * 3600


@cache
def _code_digest() -> str:
    """The cxmodel version, the language schema and the code an entry comes from."""


    h = hashlib.sha256(__version__.encode())
    h.update(resources.read_text("specs", resources.LANGUAGE_SCHEMA).encode("utf-8"))
    # The modules' names count too: a pickled entry names the module of each class in it.
    for name in ("diagnostics", "loader.nodes", "loader.shapes", "validate", "loader",
                 "loader.decode", "loader.expansion", "loader.limits", "loader.parse",
                 "loader.csv_results",
                 "validate.fast", "validate.schema"):
        module = importlib.import_module(f"cxmodel.{name}")
        h.update(name.encode())
        h.update(Path(module.__file__ or "").read_bytes())
    return h.hexdigest()


class ParsedCache:
    """Parsed files by content, in ``folder`` (default: the user's cache folder)."""

    def __init__(self, limits: Limits, folder: Path | None = None) -> None:
        base = folder if folder is not None else cache_dir()
        self.folder = base / "parsed" if base is not None else None
        self.basis = f"{_code_digest()}|{limits!r}".encode()

    def _path(self, source: Source) -> Path | None:
        if self.folder is None:
            return None
        h = hashlib.sha256(self.basis)
        h.update(source.name.encode("utf-8", "surrogatepass") + b"\0")
        h.update(source.data)
        return self.folder / f"{h.hexdigest()[:40]}.pickle"

    def get(self, source: Source) -> Any:
        path = self._path(source)
        if path is None or not trusted(path):
            return None
        try:
            entry = pickle.loads(path.read_bytes())
            os.utime(path)  # used: kept another 14 days
        except Exception:  # damaged or from another Python: parsed again, stored anew
            return None
        return entry

    def put(self, source: Source, entry: object) -> None:
        path = self._path(source)
        if path is not None:
            store(path, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Remove entries not used for MAX_AGE."""
        if self.folder is None:
            return
        oldest = time.time() - MAX_AGE
        try:
            for entry in os.scandir(self.folder):
                if entry.name.endswith(".pickle") and entry.stat().st_mtime < oldest:
                    os.unlink(entry.path)
        except OSError:
            pass


def cached_map(function: Callable[[list[Source | LoadedFile]], list[Entry]],
               sources: list[Source | LoadedFile], parsed: ParsedCache) -> list[Entry]:
    """``function(sources)``, with the results of sources found in ``parsed`` taken from it
    and the others computed (all in one call, so they can be spread over processes) and
    stored."""
    results: dict[int, Entry] = {}
    missing: list[int] = []
    for index, source in enumerate(sources):
        found = parsed.get(source) if isinstance(source, Source) else None
        if found is not None:
            results[index] = found
        else:
            missing.append(index)
    computed = function([sources[index] for index in missing])
    for index, entry in zip(missing, computed, strict=True):
        results[index] = entry
        source = sources[index]
        if isinstance(source, Source):
            parsed.put(source, entry)
    parsed.prune()
    return [results[index] for index in range(len(sources))]
