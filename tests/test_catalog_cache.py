"""The catalog kept across `mkdocs serve` rebuilds (catalog.CatalogCache): after any edits,
additions and removals of data files, in any order, it gives exactly what a fresh load gives
(the same records, where they are written, the same problems in the same order)."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from partnersite.catalog import Catalog, CatalogCache, DataError, load_catalog
from partnersite.records import source_of
from sitetree import MINIMAL_DATA, data_tree, tr

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
    ("stray.yml", "a: file data/ does not read\n"),
    ("stray.yml", None),
]


def write(data_dir: Path, name: str, content: str | bytes | None) -> None:
    path = data_dir / name
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
        data_dir = data_tree(Path(folder))
        cache = CatalogCache()
        assert outcome(lambda: cache.get(data_dir, LANGUAGES)) == outcome(lambda: load_catalog(data_dir, LANGUAGES))
        for name, content in changes:
            write(data_dir, name, content)
            kept = outcome(lambda: cache.get(data_dir, LANGUAGES))
            assert kept == outcome(lambda: load_catalog(data_dir, LANGUAGES)), (name, content)


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
