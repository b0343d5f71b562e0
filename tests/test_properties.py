"""Property-based tests (hypothesis): generated valid workspaces load without a single
loading diagnostic, and random corruptions of the bundled examples never give a traceback;
`cxmodel check` always exits 0 or 1 and `--format json` always prints valid JSON.

Everything runs in-process through ``cxmodel.cli.main`` (fast); the number of examples is
bounded so this module stays within a few seconds."""

from __future__ import annotations

import io
import json
import os
import shutil
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cxmodel
from cxmodel import resources
from cxmodel.cli import main
from tests.conftest import EXAMPLES

# A fixed, bounded run in the suite (the same examples every time, so CI is reproducible);
# CXMODEL_FUZZ_EXAMPLES=2000 python3 -m pytest tests/test_properties.py explores further
# with fresh random examples.
_DEEPER = os.environ.get("CXMODEL_FUZZ_EXAMPLES")
SETTINGS = settings(max_examples=int(_DEEPER or 60), deadline=None, derandomize=not _DEEPER,
                    database=None, print_blob=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

_DEFINITIONS = resources.schema(resources.LANGUAGE_SCHEMA)["definitions"]


def _enum(name: str) -> list[str]:
    values: list[str] = _DEFINITIONS[name]["enum"]
    return values


def run(*argv: str) -> tuple[int, str, str]:
    """``cxmodel ARGV`` in this process: (exit code, stdout, stderr). Any exception escaping
    main() is a traceback a user would see, and fails the property."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def check_as_json(folder: Path) -> dict[str, Any]:
    code, out, err = run("check", "--format", "json", str(folder))
    assert code in (0, 1), err
    assert "Traceback" not in err
    document: dict[str, Any] = json.loads(out)
    assert document["summary"]["exit_code"] == code
    for d in document["diagnostics"]:
        assert d["line"] >= 1 and d["column"] >= 1 and d["message"]
    return document


# --- Generated valid workspaces -------------------------------------------------------------

# Ids: letters of any script, digits, dashes, dots and underscores (what workshops type).
IDS = st.text(st.characters(categories=("Lu", "Ll", "Lo", "Nd"), include_characters="-_.",
                            exclude_characters="\u115f\u1160\u3164\uffa0"),  # blank fillers
              min_size=1, max_size=10)
# Free text: any script, symbols, right-to-left and invisible format characters, tabs and
# line breaks; not control characters, which cxmodel refuses in text (CX003).
TEXT = st.text(st.characters(exclude_categories=("Cs", "Cc", "Cn"), include_characters="\t\n"),
               min_size=1, max_size=30)
DURATIONS = st.sampled_from(["30m", "45min", "4h", "2d", "1w", "PT30M", "P2D", "P1Y2M"])


def _subset(items: list[str]) -> st.SearchStrategy[list[str]]:
    if not items:
        return st.just([])
    return st.lists(st.sampled_from(items), unique=True, max_size=3)


def _maybe(draw: st.DrawFn, element: dict[str, Any], key: str,
           strategy: st.SearchStrategy[Any]) -> None:
    if draw(st.booleans()):
        element[key] = draw(strategy)


@st.composite
def workspaces(draw: st.DrawFn) -> dict[str, dict[str, Any]]:
    """A valid workspace as {file name: document}: every reference names an element."""
    departments = draw(st.lists(IDS, min_size=1, max_size=4, unique=True))
    channels = draw(st.lists(IDS, max_size=4, unique=True))
    metrics = draw(st.lists(IDS, max_size=3, unique=True))
    personas = draw(st.lists(IDS, max_size=2, unique=True))
    journey_ids = draw(st.lists(IDS, max_size=3, unique=True))
    organisation: dict[str, Any] = {"cxmodel": 1, "departments": []}
    for ident in departments:
        element: dict[str, Any] = {"id": ident}
        _maybe(draw, element, "name", TEXT)
        _maybe(draw, element, "kind", st.sampled_from(_enum("departmentKind")))
        _maybe(draw, element, "description", TEXT)
        organisation["departments"].append(element)
    organisation["channels"] = []
    for ident in channels:
        element = {"id": ident, "kind": draw(st.sampled_from(_enum("channelKind")))}
        _maybe(draw, element, "owner", st.sampled_from(departments))
        _maybe(draw, element, "mode", st.sampled_from(_enum("channelMode")))
        if metrics and draw(st.booleans()):
            element["targets"] = [{"metric": draw(st.sampled_from(metrics)),
                                   "min": draw(st.integers(-5, 5))}]
        _maybe(draw, element, "waive", st.fixed_dictionaries({"CX101": TEXT}))
        organisation["channels"].append(element)
    organisation["metrics"] = []
    for ident in metrics:
        element = {"id": ident, "kind": draw(st.sampled_from(_enum("metricKind"))),
                   "scope": draw(st.sampled_from(_enum("metricScope")))}
        low = draw(st.integers(-10, 10))
        _maybe(draw, element, "scale", st.just({"min": low, "max": low + draw(
            st.floats(0.5, 100, allow_nan=False, allow_infinity=False))}))
        _maybe(draw, element, "question", TEXT)
        organisation["metrics"].append(element)
    organisation["personas"] = [{"id": p, "name": draw(TEXT)} for p in personas]

    journeys: list[dict[str, Any]] = []
    touchpoints: list[str] = []
    for journey_id in journey_ids:
        stages = draw(st.lists(IDS, max_size=3, unique=True))
        steps = draw(st.lists(IDS, min_size=1, max_size=5, unique=True))
        journey: dict[str, Any] = {"id": journey_id, "steps": []}
        _maybe(draw, journey, "goal", TEXT)
        _maybe(draw, journey, "owner", st.sampled_from(departments))
        if personas:
            _maybe(draw, journey, "persona", st.sampled_from(personas))
        if stages:
            journey["stages"] = [{"id": s} for s in stages]
        for step_id in steps:
            step: dict[str, Any] = {"id": step_id}
            if channels and draw(st.booleans()):
                step["channel"] = draw(st.sampled_from(channels))
                touchpoints.append(f"{journey_id}/{step_id}")
            if stages:
                _maybe(draw, step, "stage", st.sampled_from(stages))
            _maybe(draw, step, "emotion", st.integers(-2, 2))
            _maybe(draw, step, "moment_of_truth", st.booleans())
            _maybe(draw, step, "delay_risk", st.booleans())
            _maybe(draw, step, "pain_points", st.lists(TEXT, max_size=2))
            _maybe(draw, step, "customer", TEXT)
            _maybe(draw, step, "frontstage", st.fixed_dictionaries(
                {"actor": st.sampled_from(departments), "action": TEXT}))
            _maybe(draw, step, "backstage", st.lists(TEXT, min_size=1, max_size=2))
            _maybe(draw, step, "next", _subset(steps))
            journey["steps"].append(step)
        journeys.append(journey)

    posts: list[dict[str, Any]] = []
    for ident in draw(st.lists(IDS, max_size=3, unique=True)):
        post: dict[str, Any] = {"id": ident,
                                "method": draw(st.sampled_from(_enum("listeningMethod")))}
        _maybe(draw, post, "owner", st.sampled_from(departments))
        _maybe(draw, post, "metrics", _subset(metrics))
        covers = {"channels": draw(_subset(channels)), "touchpoints": draw(_subset(touchpoints)),
                  "journeys": draw(_subset(journey_ids))}
        post["covers"] = {k: v for k, v in covers.items() if v}
        if draw(st.booleans()):
            post["closed_loop"] = {
                "inner": {"owner": draw(st.sampled_from(departments)), "within": draw(DURATIONS),
                          "via": draw(_subset(channels))},
                "outer": {"share_with": draw(_subset(departments)),
                          "cadence": draw(st.sampled_from(_enum("cadence")))},
            }
        _maybe(draw, post, "waive", st.fixed_dictionaries({"CX401": TEXT}))
        posts.append(post)
    files = {"organisation.yaml": organisation}
    if journeys:
        files["journeys/all.yaml"] = {"journeys": journeys}
    if posts:
        files["listening-posts.yaml"] = {"listening_posts": posts}
    return files


def _write(folder: Path, files: dict[str, dict[str, Any]]) -> None:
    for name, document in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False,
                                       width=60), encoding="utf-8")


@SETTINGS
@given(workspaces())
def test_generated_valid_workspaces_load_cleanly(files: dict[str, dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "ws"
        _write(folder, files)
        loaded = cxmodel.load(folder)
        assert [(d.code, d.message) for d in loaded.diagnostics] == []
        assert loaded.workspace is not None
        document = check_as_json(folder)
        assert not any(d["code"].startswith("CX0") for d in document["diagnostics"])


@settings(SETTINGS, max_examples=max(15, SETTINGS.max_examples // 4))
@given(workspaces())
def test_generated_workspaces_report_and_render(files: dict[str, dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "ws"
        _write(folder, files)
        for fmt in ("json", "md", "csv", "html"):
            code, out, err = run("report", "--format", fmt, str(folder))
            assert code in (0, 1), err
            assert out, fmt
            if fmt == "json":
                json.loads(out)
        code, out, err = run("render", "--view", "channels", "--format", "dot", str(folder))
        assert code in (0, 1), err
        assert out.startswith(("digraph", "graph")), out[:100]


# --- Random corruptions of the bundled examples -------------------------------------------

# The model files (a broken configuration is exit 2 by design: tests/test_config.py).
EXAMPLE_FILES = sorted(p for p in EXAMPLES.rglob("*.yaml") if p.name != ".cxmodel.yaml")
REPLACEMENTS = [b"[]", b"{}", b"~", b"", b"123", b"-1e999", b"true", b"no", b'"x"', b".nan",
                b"[[[", b"&a x", b"*a", b"!!python/object:os.system x", b"{a: [b, {c: d}]}",
                b"\xe2\x80\xae", b"'", b"\t", b"? x", b"<<: *a", b"--- ", b"\xff\xfe"]


def _workspace_of(file: Path) -> Path:
    return next(p for p in file.parents if p.parent == EXAMPLES)


@st.composite
def corruptions(draw: st.DrawFn) -> tuple[Path, bytes]:
    """An example file and a corrupted version of its bytes."""
    file = draw(st.sampled_from(EXAMPLE_FILES))
    data = file.read_bytes()
    for _ in range(draw(st.integers(1, 3))):
        lines = data.split(b"\n")
        kind = draw(st.sampled_from(["flip", "delete", "duplicate", "rename", "swap",
                                     "truncate"]))
        if kind == "flip":
            position = draw(st.integers(0, max(len(data) - 1, 0)))
            data = data[:position] + bytes([draw(st.integers(0, 255))]) + data[position + 1:]
        elif kind == "delete" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
            data = b"\n".join(lines)
        elif kind == "duplicate" and lines:
            line = lines[draw(st.integers(0, len(lines) - 1))]
            lines.insert(draw(st.integers(0, len(lines))), line)
            data = b"\n".join(lines)
        elif kind == "rename":
            # Rename one key: 'owner:' becomes something else.
            keys = sorted({line.strip().lstrip(b"- ").split(b":")[0] for line in lines
                           if b":" in line and not line.strip().startswith(b"#")})
            if keys:
                key = draw(st.sampled_from(keys))
                new = draw(st.sampled_from([b"id", b"name", b"x", b"owner", b"steps", b"",
                                            key.upper(), key + key, b"waive", b"CX101"]))
                data = data.replace(key + b":", new + b":", 1)
        elif kind == "swap":
            # Swap a value for one of another type.
            candidates = [i for i, line in enumerate(lines) if b": " in line]
            if candidates:
                index = draw(st.sampled_from(candidates))
                head = lines[index].split(b": ", 1)[0]
                lines[index] = head + b": " + draw(st.sampled_from(REPLACEMENTS))
                data = b"\n".join(lines)
        elif kind == "truncate":
            data = data[: draw(st.integers(0, len(data)))]
    return file, data


@SETTINGS
@given(corruptions())
def test_corrupted_examples_never_crash(case: tuple[Path, bytes]) -> None:
    file, data = case
    source = _workspace_of(file)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "ws"
        shutil.copytree(source, folder)
        (folder / file.relative_to(source)).write_bytes(data)
        document = check_as_json(folder)
        code, out, err = run("check", "--lang", "en", str(folder))
        assert code == document["summary"]["exit_code"], err
        assert out.rstrip().splitlines()[-1].startswith(("Found", "No problems"))


@SETTINGS
@given(st.binary(max_size=2000) | st.text(max_size=400).map(lambda t: t.encode("utf-8")))
def test_any_bytes_never_crash(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "ws"
        folder.mkdir()
        (folder / "x.yaml").write_bytes(data)
        check_as_json(folder)


YAML_PIECES = st.sampled_from([
    "channels:", "journeys:", "departments:", "listening_posts:", "- ", "  ", "id: ", "a",
    "web", "[", "]", "{", "}", ", ", ": ", "\n", "&x ", "*x", "!!str ", "!!int ", "? ", "'",
    '"', "#", "---\n", "...\n", "|\n", ">-\n", "~", "1e3", "0x1F", ".inf", "yes", "NO",
    "steps:", "next: ", "covers: ", "touchpoints: ", "j/a", "\t", "\ufeff", "\u202e", "<<: ",
])


@SETTINGS
@given(st.lists(YAML_PIECES, max_size=60).map("".join))
def test_yaml_shaped_noise_never_crashes(text: str) -> None:
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary) / "ws"
        folder.mkdir()
        (folder / "x.yaml").write_text(text, encoding="utf-8")
        check_as_json(folder)
