"""Reading a workspace as it was at a git revision: its YAML files are copied out of the
repository's object store into a scratch folder, with read-only git commands, so the
user's working tree and index are never touched."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePath

from cxmodel.loader.discover import YAML_SUFFIXES

_TIMEOUT = 120
# A new file only (not over another one, not through a symlink).
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_BINARY", 0)


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
    """(path, blob id) of every YAML file at or below ``relative`` in the commit, and of the
    .gitignore files there and above it: the revision's workspace is read with the same
    files left out as the working tree's (cxmodel/loader/ignore.py)."""
    parts = relative.split("/") if relative else []
    above = [f"{'/'.join(parts[:depth])}/.gitignore".lstrip("/") for depth in range(len(parts))]
    listing = _git(repository, "ls-tree", "-r", "-z", "--full-tree", commit, "--",
                   relative or ".", *above)
    found = []
    for entry in listing.split(b"\0"):
        if not entry:
            continue
        meta, _, name_bytes = entry.partition(b"\t")
        mode, kind, blob = meta.decode("ascii").split()
        name = name_bytes.decode("utf-8", "surrogateescape")
        # Symbolic links and submodules are not files of the workspace.
        wanted = name.endswith(YAML_SUFFIXES) or name.rpartition("/")[2] == ".gitignore"
        if kind == "blob" and mode != "120000" and wanted:
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
    their places relative to the repository root. A file whose path could land outside
    ``target`` is a RevisionError, and nothing of that path is written."""
    if not paths:
        raise RevisionError("no paths given")
    for given in paths:
        if not Path(given).exists():
            raise RevisionError(f"{given}: no such file or folder")
    repository = repository_of(Path(paths[0]).absolute())
    commit = resolve(repository, revision)
    real_root = Path(os.path.realpath(repository))
    scratch = _Scratch(target)
    _mark_repository(target, real_root)
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
        _refuse_unsafe([name for name, _ in files])
        for (name, _), content in zip(files, _read_blobs(repository, [b for _, b in files]),
                                      strict=True):
            scratch.write(name, content)
        place = target.joinpath(*relative.split("/")) if relative else target
        if not place.exists():
            place.mkdir(parents=True)  # not in the revision: compare with an empty workspace
        exported.append(ExportedPath(given, place,
                                     any(name.endswith(YAML_SUFFIXES) for name, _ in files)))
    return Export(commit, repository, tuple(exported))


def _mark_repository(target: Path, repository: Path) -> None:
    """Make ``target`` look like the root of a repository to the workspace walk, with the
    repository's own .git/info/exclude, so .gitignore files apply there as in the working
    tree."""
    info = target / ".git" / "info"
    info.mkdir(parents=True)
    exclude = repository / ".git" / "info" / "exclude"
    try:
        if exclude.is_file() and not exclude.is_symlink():
            (info / "exclude").write_bytes(exclude.read_bytes()[:1024 * 1024])
    except OSError:
        pass  # no local excludes then, on both sides (the walk cannot read it either)


# Git itself refuses to check out a tree with such paths ("error: invalid path"), but a
# commit made with plumbing (git mktree, git commit-tree) can hold them, and joined onto the
# scratch folder they would write anywhere: ws/../../../home/me/.bashrc.yaml.
def _unsafe_reason(name: str) -> str | None:
    """Why ``name`` (a path in a git tree) cannot be written below the scratch folder, as a
    clause that follows it; None if it can."""
    if name.startswith("/"):
        return "which is absolute"
    for part in name.split("/"):
        if not part:
            return "which has an empty part"
        if part in (".", ".."):
            return f"which has a '{part}' part"
        if PurePath(part).name != part or PurePath(part).drive:  # C: or \\ on Windows
            return f"whose part {part!r} is not a plain name here"
    return None


def _refuse_unsafe(names: list[str]) -> None:
    """A RevisionError for the first path that is unsafe or listed twice. (A hand-made tree
    can list a name twice, with other content each time: git checks out the last.)"""
    seen: set[str] = set()
    for name in names:
        # repr: a name can hold a line break, and a CI log reads lines as commands.
        reason = _unsafe_reason(name)
        if reason is not None:
            raise RevisionError(f"the revision holds the path {name!r}, {reason}: git itself "
                                "would not check it out, and cxmodel does not write it; "
                                "nothing is compared")
        if name in seen:
            raise RevisionError(f"the revision's tree lists the path {name!r} twice (only a "
                                "hand-made commit does), so which file it is is unclear; "
                                "nothing is compared")
        seen.add(name)


class _Scratch:
    """The scratch folder, written to only below itself: never through a symlink, never
    over a file already there."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.real = os.path.realpath(folder)
        self.written: set[str] = set()

    def write(self, name: str, content: bytes) -> None:
        if name in self.written:
            return  # under two of the paths given (cx/ and cx/journeys/): the same file
        destination = self._destination(name)
        try:
            with os.fdopen(os.open(destination, _CREATE, 0o600), "wb") as stream:
                stream.write(content)
        except OSError as error:
            raise RevisionError(f"cannot write {name!r} of the revision into the scratch "
                                f"folder: {error.strerror or error}") from error
        self.written.add(name)

    def _destination(self, name: str) -> Path:
        """Where ``name`` goes; its folders are made, and none of them is a symlink."""
        *folders, file = name.split("/")
        place = self.folder
        for part in folders:
            place = place / part
            try:
                place.mkdir()
            except FileExistsError as error:
                if place.is_symlink() or not place.is_dir():
                    raise RevisionError(f"cannot write {name!r} of the revision: "
                                        f"{part!r} is not a folder") from error
            except OSError as error:  # a name too long for the file system, say
                raise RevisionError(f"cannot write {name!r} of the revision into the "
                                    f"scratch folder: {error.strerror or error}") from error
        destination = place / file
        if not _inside(self.real, destination):
            raise RevisionError(f"cannot write {name!r} of the revision: it would land "
                                "outside the scratch folder")
        return destination


def _inside(real_folder: str, path: Path) -> bool:
    try:
        return os.path.commonpath([real_folder, os.path.realpath(path)]) == real_folder
    except ValueError:  # on another drive
        return False
