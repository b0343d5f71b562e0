"""Reading a workspace as it was at a git revision: its YAML files are copied out of the
repository's object store into a scratch folder, with read-only git commands, so the
user's working tree and index are never touched."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cxmodel.loader.discover import YAML_SUFFIXES

_TIMEOUT = 120


class RevisionError(Exception):
    """The revision or a path cannot be used (exit code 2); the message says why."""


@dataclass(frozen=True, slots=True)
class ExportedPath:
    given: str  # the path as the user named it
    exported: Path  # where its files are in the scratch folder
    existed: bool  # False: nothing of it was in the revision (an empty workspace stands in)


@dataclass(frozen=True, slots=True)
class Export:
    commit: str
    repository: Path
    paths: tuple[ExportedPath, ...]


def _git(repository: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repository), *args], input=stdin,
                              capture_output=True, timeout=_TIMEOUT, check=False)
    except FileNotFoundError as error:
        raise RevisionError("git is not installed, so --base cannot read a revision") \
            from error
    except subprocess.TimeoutExpired as error:
        raise RevisionError(f"git {args[0]} took longer than {_TIMEOUT} s") from error
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RevisionError(message[-1] if message else f"git {args[0]} failed")
    return done.stdout


def repository_of(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except RevisionError as error:
        raise RevisionError(f"{path.as_posix()} is not inside a git repository ({error})") \
            from error
    return Path(top.decode("utf-8").strip())


def resolve(repository: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, sha, HEAD~1...)."""
    if not revision or revision.startswith("-"):
        raise RevisionError(f"'{revision}' is not a git revision")
    try:
        found = _git(repository, "rev-parse", "--verify", "--quiet", "--end-of-options",
                     f"{revision}^{{commit}}")
    except RevisionError as error:
        raise RevisionError(f"'{revision}' is not a commit of the repository "
                            f"{repository.as_posix()}") from error
    return found.decode("ascii").strip()


def _tracked_yaml(repository: Path, commit: str, relative: str) -> list[tuple[str, str]]:
    """(path, blob id) of every YAML file at or below ``relative`` in the commit."""
    listing = _git(repository, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
                   relative or ".")
    found = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name_bytes = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        name = name_bytes.decode("utf-8", "surrogateescape")
        # Symbolic links and submodules are not files of the workspace.
        if kind == "blob" and mode != "120000" and name.endswith(YAML_SUFFIXES):
            found.append((name, blob))
    return found


def _read_blobs(repository: Path, blobs: list[str]) -> list[bytes]:
    """The contents of many blobs with one git process."""
    if not blobs:
        return []
    output = _git(repository, "cat-file", "--batch",
                  stdin="".join(f"{blob}\n" for blob in blobs).encode("ascii"))
    contents = []
    position = 0
    for _ in blobs:
        header_end = output.index(b"\n", position)
        size = int(output[position:header_end].split()[2])
        start = header_end + 1
        contents.append(output[start:start + size])
        position = start + size + 1  # the content is followed by a newline
    return contents


def export(revision: str, paths: list[str], target: Path) -> Export:
    """Copy the YAML files of ``paths`` as they were at ``revision`` into ``target``, keeping
    their places relative to the repository root."""
    if not paths:
        raise RevisionError("no paths given")
    for given in paths:
        if not Path(given).exists():
            raise RevisionError(f"{given}: no such file or folder")
    repository = repository_of(Path(paths[0]).absolute())
    commit = resolve(repository, revision)
    real_root = Path(os.path.realpath(repository))
    exported = []
    for given in paths:
        real = Path(os.path.realpath(given))
        try:
            relative = real.relative_to(real_root).as_posix()
        except ValueError as error:
            raise RevisionError(f"{given} is not inside the repository "
                                f"{repository.as_posix()}") from error
        relative = "" if relative == "." else relative
        files = _tracked_yaml(repository, commit, relative)
        for (name, _), content in zip(files, _read_blobs(repository, [b for _, b in files]),
                                      strict=True):
            destination = target.joinpath(*name.split("/"))
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(content)
        place = target.joinpath(*relative.split("/")) if relative else target
        if not place.exists():
            place.mkdir(parents=True)  # not in the revision: compare with an empty workspace
        exported.append(ExportedPath(given, place, bool(files)))
    return Export(commit, repository, tuple(exported))
