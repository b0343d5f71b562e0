"""What a workspace walk leaves out besides hidden files: what git ignores (the
repository's .gitignore files and .git/info/exclude) and the folders tools make (virtual
environments, node_modules, build output), as ruff and prettier do. `cxmodel check .` at a
repository root must not read a virtual environment's YAML."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pathspec import GitIgnoreSpec

# The folders ruff leaves out by default that are not hidden (hidden ones always are):
# Python packages and virtual environments, node_modules, build output.
TOOL_FOLDERS = frozenset({"__pypackages__", "_build", "buck-out", "dist", "node_modules",
                          "site-packages", "venv"})
# .gitignore files are a few lines; one over this is not read (a hostile pull request
# could commit a huge one).
MAX_IGNORE_BYTES = 1024 * 1024


def is_tool_folder(folder: Path) -> bool:
    """A folder a tool made: one of TOOL_FOLDERS, or a virtual environment of any name."""
    if folder.name in TOOL_FOLDERS:
        return True
    try:
        return (folder / "pyvenv.cfg").is_file()
    except OSError:
        return False


@dataclass(frozen=True, slots=True)
class IgnoreRules:
    """The ignore files that apply in a folder, outermost first. Outside a git repository
    there are none: a .gitignore means nothing to git there either."""

    repository: Path | None = None
    specs: tuple[tuple[Path, GitIgnoreSpec], ...] = ()

    @classmethod
    def for_folder(cls, real_folder: Path) -> IgnoreRules:
        """The rules that apply to the entries of ``real_folder`` (a real path):
        .git/info/exclude and the .gitignore files from the repository's root down to
        ``real_folder`` itself."""
        repository = next((above for above in (real_folder, *real_folder.parents)
                           if _exists(above / ".git")), None)
        if repository is None:
            return cls()
        rules = cls(repository, _spec_from(repository, repository / ".git" / "info" / "exclude"))
        folder = repository
        rules = rules.entering(folder)
        for part in real_folder.relative_to(repository).parts:
            folder = folder / part
            rules = rules.entering(folder)
        return rules

    def entering(self, folder: Path) -> IgnoreRules:
        """The rules for the entries of ``folder``, a folder these rules apply to."""
        if self.repository is None:
            return self
        added = _spec_from(folder, folder / ".gitignore")
        return IgnoreRules(self.repository, self.specs + added) if added else self

    def ignores(self, path: Path, is_folder: bool) -> bool:
        """Whether git would ignore ``path``; the deepest ignore file that matches decides,
        and within one file the last matching pattern (as git does)."""
        for base, spec in reversed(self.specs):
            try:
                relative = path.relative_to(base).as_posix()
            except ValueError:
                continue
            decided = spec.check_file(relative + "/" if is_folder else relative).include
            if decided is not None:
                return decided
        return False


def _spec_from(base: Path, file: Path) -> tuple[tuple[Path, GitIgnoreSpec], ...]:
    try:
        if not file.is_file() or file.stat().st_size > MAX_IGNORE_BYTES:
            return ()
        lines = file.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return ()
    spec = GitIgnoreSpec.from_lines(lines)
    return ((base, spec),) if len(spec) else ()


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # in a folder that cannot be read: as if not there
        return False
