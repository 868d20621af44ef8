"""The catalog kept across `mkdocs serve` rebuilds and processes (catalog.CatalogCache, with
datacache.py's files checked once, in memory and in .cache/data/): after any edits, additions and
removals of data files, in any order, it gives exactly what a fresh load gives (the same
records, where they are written, the same problems in the same order); a damaged or unwritable
cache changes nothing."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from partnersite import catalog as catalog_module
from partnersite.catalog import Catalog, CatalogCache, DataError, load_catalog
from partnersite.datacache import CODE_MODULES, cache_folder
from partnersite.records import source_of
from sitetree import MINIMAL_DATA, ROOT, data_tree, tr

LANGUAGES = ("en", "fr", "nl")


def job(record_id: str, employer: str = "alpha", closes: str = "2026-12-31", extra: str = "") -> str:
    return (
        textwrap.dedent(MINIMAL_DATA["jobs/data-engineer.yml"])
        .replace("id: data-engineer", f"id: {record_id}")
        .replace("employer: alpha", f"employer: {employer}")
        .replace("closes: 2026-12-31", f"closes: {closes}")
        + extra
    )


def member(record_id: str, cluster: str) -> str:
    return (
        textwrap.dedent(MINIMAL_DATA["members/alpha.yml"])
        .replace("id: alpha", f"id: {record_id}")
        .replace("cluster: biowin", f"cluster: {cluster}")
    )


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 200)).save(out, format="PNG")
    return out.getvalue()


BETA_WITH_LOGO = textwrap.dedent(MINIMAL_DATA["members/beta.yml"]) + (
    f"logo:\n  file: logo.png\n  alt: {tr('Beta Care logo', 'Logo de Beta Care', 'Logo van Beta Care')}\n"
)
SUMMIT_AT_A_TIME = (
    textwrap.dedent(MINIMAL_DATA["events/summit.yml"]).replace("start: 2023", "start: 2027-02-11T09:30")
    + "end: 2027-02-11T17:00\n"
)

AREAS_WITHOUT_DIGITAL_HEALTH = f"""
areas:
  - id: medtech
    name: {tr("Medical technology")}
    description: {tr("Devices.")}
"""

# What a file may become (None: removed), for files of the minimal data and new ones.
CHANGES: list[tuple[str, str | bytes | None]] = [
    ("jobs/data-engineer.yml", job("data-engineer")),
    ("jobs/data-engineer.yml", job("data-engineer", closes="2026-10-01")),  # closes before it is posted
    ("jobs/data-engineer.yml", job("data-engineer", employer="gamma")),  # gamma exists only in its own file
    ("jobs/data-engineer.yml", job("data-engineer", extra="contrat: permanent\n")),  # an unknown field
    ("jobs/data-engineer.yml", "id: [data-engineer\n"),  # not YAML
    ("jobs/data-engineer.yml", None),
    ("jobs/nurse.yml", job("nurse", employer="beta")),
    ("jobs/nurse.yml", job("data-engineer")),  # the id of another file
    ("jobs/nurse.yml", b"id: nurse\ntitle: \xff\n"),  # not UTF-8
    ("jobs/nurse.yml", ""),
    ("jobs/nurse.yml", None),
    ("jobs/notes.txt", "not a record"),
    ("jobs/notes.txt", None),
    ("members/alpha.yml", MINIMAL_DATA["members/alpha.yml"]),
    ("members/alpha.yml", member("alpha", "medvia")),  # the joint project then has no BioWin partner
    ("members/alpha.yml", None),  # the job and the project name it
    ("members/gamma.yml", member("gamma", "biowin")),
    ("members/gamma.yml", member("alpha", "biowin")),  # alpha twice
    ("members/gamma.yml", None),
    ("areas.yml", MINIMAL_DATA["areas.yml"]),
    ("areas.yml", AREAS_WITHOUT_DIGITAL_HEALTH),  # every record that names digital-health
    ("events/summit.yml", None),  # the partnership names it
    ("events/summit.yml", MINIMAL_DATA["events/summit.yml"]),
    ("events/summit.yml", SUMMIT_AT_A_TIME),  # times, not a year
    ("members/beta.yml", BETA_WITH_LOGO),
    ("members/beta.yml", MINIMAL_DATA["members/beta.yml"]),
    ("pictures/logo.png", png(400, 200)),
    ("pictures/logo.png", png(100, 40)),  # too small for a logo
    ("pictures/logo.png", None),
    ("stray.yml", "a: file data/ does not read\n"),
    ("stray.yml", None),
]


def write(data_dir: Path, name: str, content: str | bytes | None) -> None:
    path = data_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if content is None:
        path.unlink(missing_ok=True)
    elif isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")


def canonical(value: Any) -> Any:
    """A value with everything a record carries besides its fields (where it is written, the
    kind of a picture), comparable with ==."""
    if isinstance(value, dict):
        items = tuple((key, canonical(item)) for key, item in value.items())
        return (type(value).__name__, str(source_of(value)), getattr(value, "kind", None), items)
    if isinstance(value, list):
        return tuple(canonical(item) for item in value)
    return (type(value).__name__, value)


def outcome(load: Any) -> tuple[str, Any]:
    try:
        catalog: Catalog = load()
    except DataError as error:
        return "problems", [(str(problem), problem) for problem in error.problems]
    fields = ("partnership", "strategy", "clusters", "areas", "members", "projects", "events", "jobs", "news")
    return "catalog", (canonical({name: getattr(catalog, name) for name in fields}), catalog.pictures)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(CHANGES), max_size=10))
def test_the_kept_catalog_is_what_a_fresh_load_gives(changes: list[tuple[str, str | bytes | None]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = data_tree(Path(folder), {"members/beta.yml": BETA_WITH_LOGO, "pictures/logo.png": png(400, 200)})
        cache = CatalogCache()  # a `mkdocs serve` session: what it checked, in memory and on disk
        assert outcome(lambda: cache.get(data_dir, LANGUAGES)) == outcome(lambda: load_catalog(data_dir, LANGUAGES))
        for name, content in changes:
            write(data_dir, name, content)
            fresh = outcome(lambda: load_catalog(data_dir, LANGUAGES))
            assert outcome(lambda: cache.get(data_dir, LANGUAGES)) == fresh, (name, content)
            # another process: what is on disk only
            assert outcome(lambda: CatalogCache().get(data_dir, LANGUAGES)) == fresh, (name, content)


def test_the_same_catalog_is_given_back_while_no_file_changes(tmp_path: Path) -> None:
    data_dir = data_tree(tmp_path)
    cache = CatalogCache()
    first = cache.get(data_dir, LANGUAGES)
    assert cache.get(data_dir, LANGUAGES) is first
    job_file = data_dir / "jobs" / "data-engineer.yml"
    os.utime(job_file, ns=(0, 0))  # saved again, unchanged
    assert cache.get(data_dir, LANGUAGES) is first
    job_file.write_text(job_file.read_text(encoding="utf-8").replace("Data engineer", "Data engineers"), "utf-8")
    changed = cache.get(data_dir, LANGUAGES)
    assert changed is not first
    assert changed.jobs["data-engineer"]["title"]["en"] == "Data engineers"
    assert changed.members["alpha"] is first.members["alpha"]  # not read again


def checks_counted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files checked from now on (not taken from a cache), as messages name them."""
    checked: list[str] = []
    check_file = catalog_module._check_file

    def counting(*args: Any) -> Any:
        checked.append(args[-1].file)
        return check_file(*args)

    monkeypatch.setattr(catalog_module, "_check_file", counting)
    return checked


def test_another_process_checks_only_the_files_that_changed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_DATA_CACHE", raising=False)
    data_dir = data_tree(tmp_path)
    checked = checks_counted(monkeypatch)
    first = outcome(lambda: CatalogCache().get(data_dir, LANGUAGES))
    assert len(checked) == len(list(data_dir.rglob("*.yml")))
    assert (tmp_path / ".cache" / "data").is_dir()
    checked.clear()
    assert outcome(lambda: CatalogCache().get(data_dir, LANGUAGES)) == first
    assert checked == []
    write(data_dir, "jobs/nurse.yml", job("nurse", employer="beta"))
    kept = outcome(lambda: CatalogCache().get(data_dir, LANGUAGES))
    assert checked == ["data/jobs/nurse.yml"]
    assert kept == outcome(lambda: load_catalog(data_dir, LANGUAGES))


def test_no_cache_when_the_setting_is_empty(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_DATA_CACHE", "")
    assert cache_folder(tmp_path) is None
    CatalogCache().get(data_tree(tmp_path), LANGUAGES)
    assert not (tmp_path / ".cache").exists()


def damage(text: str) -> list[str]:
    """Ways a cache file can be found: cut short, garbled, entries swapped or of another shape."""
    lines = text.splitlines(keepends=True)
    swapped = [
        line.split("\t")[0] + "\t" + lines[(i + 1) % len(lines)].split("\t", 1)[1] for i, line in enumerate(lines)
    ]
    reshaped = [line.replace('"problems": []', '"problems": [[1, 2, 3]]') for line in lines]
    retyped = [line.replace('"ids": ["', '"ids": [1, "') for line in lines]
    return [
        text[: len(text) // 2],
        text.replace('"', "'"),
        "".join(swapped),
        "".join(reshaped),
        "".join(retyped),
        text.replace("2026-11-01", "2026-13-01"),
        text.replace(r"\u0000date", r"\u0000time", 1),  # a tag no value has
        "\x00\xff garbage\n",
    ]


def test_a_damaged_cache_is_read_again_never_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_DATA_CACHE", raising=False)
    data_dir = data_tree(tmp_path, {"jobs/nurse.yml": job("nurse", employer="gamma")})  # a problem kept too
    expected = outcome(lambda: load_catalog(data_dir, LANGUAGES))
    assert outcome(lambda: CatalogCache().get(data_dir, LANGUAGES)) == expected
    (stored,) = (tmp_path / ".cache" / "data").glob("*.jsonl")
    text = stored.read_text(encoding="ascii")
    for damaged in damage(text):
        assert damaged != text
        stored.write_bytes(damaged.encode("latin-1"))
        assert outcome(lambda: CatalogCache().get(data_dir, LANGUAGES)) == expected
        assert stored.read_text(encoding="ascii") == text  # written back whole


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache's folder would be", encoding="utf-8")
    monkeypatch.setenv("SITE_DATA_CACHE", str(blocked / "data"))
    data_dir = data_tree(tmp_path)
    assert outcome(lambda: CatalogCache().get(data_dir, LANGUAGES)) == outcome(
        lambda: load_catalog(data_dir, LANGUAGES)
    )


def test_the_cache_key_covers_every_module_that_reads_data() -> None:
    code = "import sys, partnersite.catalog; print(' '.join(sorted(m for m in sys.modules if m.startswith('partnersite.'))))"
    hooks = str(ROOT / "hooks")
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=hooks)
    imported = {name.removeprefix("partnersite.") for name in output.stdout.split()}
    assert imported <= set(CODE_MODULES), imported - set(CODE_MODULES)
