"""Reading a workspace as it was at a git revision: its YAML files are copied out of the
repository's object store into a scratch folder, with read-only git commands, so the
user's working tree and index are never touched."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path, PurePath

from cxmodel.loader.discover import MODEL_SUFFIXES
from cxmodel.messages.text import Name, message
from cxmodel.said import SaysWhy, os_reason

_TIMEOUT = 120
# A new file only (not over another one, not through a symlink).
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_BINARY", 0)


NO_GIT = message("diff.git.missing", "git is not installed, so --base cannot read a revision")
SLOW_GIT = message("diff.git.slow", "git {command} took longer than {seconds} s")
GIT_FAILED = message("diff.git.failed", "git {command} failed")
NOT_A_REPOSITORY = message("diff.git.not-a-repository",
                           "{path} is not inside a git repository ({problem})")
NOT_A_REVISION = message("diff.git.not-a-revision", "{revision} is not a git revision")
NOT_A_COMMIT = message("diff.git.not-a-commit",
                       "{revision} is not a commit of the repository {repository}")
NO_PATHS = message("diff.git.no-paths", "no paths given")
NO_SUCH_PATH = message("diff.git.no-such-path", "{path}: no such file or folder")
OUTSIDE_REPOSITORY = message("diff.git.outside", "{path} is not inside the repository "
                             "{repository}")
# A path of the revision's tree that is not written (its kind of fault, then its part).
UNSAFE = {
    "absolute": message("diff.git.unsafe.absolute",
                        "the revision holds the path {path}, which is absolute: git itself "
                        "would not check it out, and cxmodel does not write it; nothing is "
                        "compared"),
    "empty": message("diff.git.unsafe.empty",
                     "the revision holds the path {path}, which has an empty part: git "
                     "itself would not check it out, and cxmodel does not write it; nothing "
                     "is compared"),
    "dot": message("diff.git.unsafe.dot",
                   "the revision holds the path {path}, which has a {part} part: git itself "
                   "would not check it out, and cxmodel does not write it; nothing is "
                   "compared"),
    "not-plain": message("diff.git.unsafe.not-plain",
                         "the revision holds the path {path}, whose part {part} is not a "
                         "plain name here: git itself would not check it out, and cxmodel "
                         "does not write it; nothing is compared"),
}
TWICE = message("diff.git.twice",
                "the revision's tree lists the path {path} twice (only a hand-made commit "
                "does), so which file it is is unclear; nothing is compared")
CANNOT_WRITE = message("diff.git.cannot-write",
                       "cannot write {path} of the revision into the scratch folder: "
                       "{reason}")
NOT_A_FOLDER = message("diff.git.not-a-folder",
                       "cannot write {path} of the revision: {part} is not a folder")
WOULD_LEAVE = message("diff.git.would-leave",
                      "cannot write {path} of the revision: it would land outside the scratch "
                      "folder")


class RevisionError(SaysWhy):
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
        raise RevisionError(NO_GIT()) from error
    except subprocess.TimeoutExpired as error:
        raise RevisionError(SLOW_GIT(command=args[0], seconds=_TIMEOUT)) from error
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        # git's own words (in the language git speaks here)
        raise RevisionError(said[-1] if said else GIT_FAILED(command=args[0]))
    return done.stdout


def repository_of(path: Path) -> Path:
    folder = path if path.is_dir() else path.parent
    try:
        top = _git(folder, "rev-parse", "--show-toplevel")
    except RevisionError as error:
        raise RevisionError(NOT_A_REPOSITORY(path=path.as_posix(), problem=error.said)) \
            from error
    return Path(top.decode("utf-8").strip())


def resolve(repository: Path, revision: str) -> str:
    """The commit a revision names (a branch, tag, sha, HEAD~1...)."""
    if not revision or revision.startswith("-"):
        raise RevisionError(NOT_A_REVISION(revision=Name(revision)))
    try:
        found = _git(repository, "rev-parse", "--verify", "--quiet", "--end-of-options",
                     f"{revision}^{{commit}}")
    except RevisionError as error:
        raise RevisionError(NOT_A_COMMIT(revision=Name(revision),
                                         repository=repository.as_posix())) from error
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
        wanted = name.endswith(MODEL_SUFFIXES) or name.rpartition("/")[2] == ".gitignore"
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
        raise RevisionError(NO_PATHS())
    for given in paths:
        if not Path(given).exists():
            raise RevisionError(NO_SUCH_PATH(path=given))
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
            raise RevisionError(OUTSIDE_REPOSITORY(path=given,
                                                   repository=repository.as_posix())) \
                from error
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
                                     any(name.endswith(MODEL_SUFFIXES) for name, _ in files)))
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
def _unsafe(name: str) -> tuple[str, str] | None:
    """Why ``name`` (a path in a git tree) cannot be written below the scratch folder: the
    kind of fault (a key of UNSAFE) and the part at fault, shown as in a message; None if
    it can."""
    if name.startswith("/"):
        return "absolute", ""
    for part in name.split("/"):
        if not part:
            return "empty", ""
        if part in (".", ".."):
            return "dot", f"'{part}'"
        if PurePath(part).name != part or PurePath(part).drive:  # C: or \\ on Windows
            return "not-plain", repr(part)
    return None


def _unsafe_reason(name: str) -> str | None:
    """Why ``name`` cannot be written, as an English clause ('which has a '..' part'), as
    the error says it in English; None if it can."""
    found = _unsafe(name)
    if found is None:
        return None
    kind, part = found
    return {"absolute": "which is absolute", "empty": "which has an empty part",
            "dot": f"which has a {part} part",
            "not-plain": f"whose part {part} is not a plain name here"}[kind]


def _refuse_unsafe(names: list[str]) -> None:
    """A RevisionError for the first path that is unsafe or listed twice. (A hand-made tree
    can list a name twice, with other content each time: git checks out the last.)"""
    seen: set[str] = set()
    for name in names:
        # repr: a name can hold a line break, and a CI log reads lines as commands.
        found = _unsafe(name)
        if found is not None:
            kind, part = found
            raise RevisionError(UNSAFE[kind](path=repr(name), part=part))
        if name in seen:
            raise RevisionError(TWICE(path=repr(name)))
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
            raise RevisionError(CANNOT_WRITE(path=repr(name), reason=os_reason(error))) \
                from error
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
                    raise RevisionError(NOT_A_FOLDER(path=repr(name), part=repr(part))) \
                        from error
            except OSError as error:  # a name too long for the file system, say
                raise RevisionError(CANNOT_WRITE(path=repr(name), reason=os_reason(error))) \
                    from error
        destination = place / file
        if not _inside(self.real, destination):
            raise RevisionError(WOULD_LEAVE(path=repr(name)))
        return destination


def _inside(real_folder: str, path: Path) -> bool:
    try:
        return os.path.commonpath([real_folder, os.path.realpath(path)]) == real_folder
    except ValueError:  # on another drive
        return False
