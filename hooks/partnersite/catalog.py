"""Load every data collection, check it whole, and hand the renderer one consistent catalog.

Nothing is rendered unless the whole catalog is valid: every problem in every file is collected
and reported at once (`DataError`), each with file, line, column, field and what is allowed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .collections import COLLECTIONS, Collection
from .schema import INVALID, Ctx, Problem, Reference, did_you_mean
from .yamlfile import LoadError, Mapping, load_yaml_file

DATA_SUFFIXES = (".yml", ".yaml")
RESERVED_JOB_IDS = ("area", "feed")  # /jobs/area/<id>/ lists an area's jobs


class DataError(Exception):
    """The data cannot be published: the list of every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in the data files:"]
        lines += [f"  {problem}" for problem in self.problems]
        return "\n".join(lines)


@dataclass
class Loaded:
    """A checked record, with its raw form (for positions) and the file it came from."""

    record: dict[str, Any]
    raw: Mapping
    file: str
    label: str | None = None  # "job data-engineer", as problems name the record

    def at(self, key: str) -> tuple[int, int]:
        return self.raw.value_pos.get(key, self.raw.pos)


@dataclass
class Catalog:
    """All the site's data, valid and cross-referenced. Records are plain dicts."""

    languages: tuple[str, ...]
    partnership: dict[str, Any]
    strategy: dict[str, Any]
    clusters: dict[str, dict[str, Any]]
    areas: dict[str, dict[str, Any]]
    members: dict[str, dict[str, Any]]
    projects: dict[str, dict[str, Any]]
    events: dict[str, dict[str, Any]]
    jobs: dict[str, dict[str, Any]]
    key_areas: dict[str, dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.key_areas = {area["id"]: area for area in self.partnership["key_areas"]}


def load_catalog(data_dir: Path, languages: tuple[str, ...]) -> Catalog:
    """Read and check everything under `data_dir`; raise `DataError` listing every problem."""
    problems: list[Problem] = []
    references: list[Reference] = []
    loaded: dict[str, list[Loaded]] = {}
    seen: dict[str, set[str]] = {}  # ids met in each collection, in valid records or not
    for collection in COLLECTIONS:
        ctx = Ctx("", languages, problems, references)
        loaded[collection.name] = _load_collection(collection, data_dir, ctx)
        seen[collection.name] = ctx.ids_seen
    _report_duplicate_ids(loaded, problems)
    partnership = loaded["partnership"]
    seen["key_areas"] = {area["id"] for area in partnership[0].record["key_areas"]} if partnership else set()
    # A reference to a record that has a problem of its own is not reported again (its id is in
    # `seen`), nor are the references into a collection that could not be read at all.
    unreadable = {c.name for c in COLLECTIONS if c.has_ids and not seen[c.name]} | (
        set() if partnership else {"key_areas"}
    )
    _check_references([r for r in references if not unreadable & set(r.collections)], seen, problems)
    _check_rules(loaded, problems)
    if problems:
        raise DataError(problems)
    by_id = {
        name: {item.record["id"]: item.record for item in items}
        for name, items in loaded.items()
        if name not in ("partnership", "strategy")
    }
    return Catalog(
        languages=languages,
        partnership=loaded["partnership"][0].record,
        strategy=loaded["strategy"][0].record,
        **by_id,
    )


def _relative(path: Path, data_dir: Path) -> str:
    try:
        return path.relative_to(data_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _load_collection(collection: Collection, data_dir: Path, ctx: Ctx) -> list[Loaded]:
    base = data_dir / collection.path
    if collection.folder:
        if not base.is_dir():
            ctx.file = _relative(base, data_dir)
            ctx.report((1, 1), "", f"the folder for {collection.name} is missing")
            return []
        paths = sorted(p for p in base.iterdir() if p.suffix in DATA_SUFFIXES and p.is_file())
        return [item for path in paths for item in _load_file(collection, path, data_dir, ctx)]
    return _load_file(collection, base, data_dir, ctx)


def _load_file(collection: Collection, path: Path, data_dir: Path, ctx: Ctx) -> list[Loaded]:
    ctx.file, ctx.record = _relative(path, data_dir), None
    if not path.is_file():
        ctx.report((1, 1), "", f"the file is missing: it holds the {collection.name}")
        return []
    try:
        document = load_yaml_file(path)
    except LoadError as error:
        ctx.report((error.line, error.column), "", error.message)
        if collection.folder:
            ctx.ids_seen.add(path.stem)  # most likely its id: do not report references to it
        return []
    if document is None:
        ctx.report((1, 1), "", f"the file is empty: expected {collection.schema.describe()}")
        return []
    if collection.list_key is None:
        return _check_record(collection, document, ctx)
    if not isinstance(document, Mapping) or list(document) != [collection.list_key]:
        ctx.report((1, 1), "", f"expected one key, '{collection.list_key}:', followed by the list of {collection.name}")
        return []
    items = document[collection.list_key]
    if not isinstance(items, list) or not items:
        ctx.report(
            document.value_pos[collection.list_key],
            collection.list_key,
            f"expected a list of {collection.name} (each item starts with '- ')",
        )
        return []
    return [loaded for item in items for loaded in _check_record(collection, item, ctx)]


def _check_record(collection: Collection, document: object, ctx: Ctx) -> list[Loaded]:
    record_id = document.get("id") if isinstance(document, Mapping) else None
    ctx.record = f"{collection.singular} {record_id}" if isinstance(record_id, str) else None
    if isinstance(record_id, str):
        ctx.ids_seen.add(record_id)
    before = len(ctx.problems)
    at = document.pos if isinstance(document, Mapping) else (1, 1)
    record = collection.schema.check(document, at, "", ctx)
    if record is INVALID or len(ctx.problems) > before:
        return []
    record["_file"] = ctx.file
    return [Loaded(record, document, ctx.file, ctx.record)]  # type: ignore[arg-type]


def _report_duplicate_ids(loaded: dict[str, list[Loaded]], problems: list[Problem]) -> None:
    for name, items in loaded.items():
        first: dict[str, Loaded] = {}
        for item in items:
            record_id = item.record.get("id")
            if record_id is None:
                continue
            if record_id not in first:
                first[record_id] = item
                continue
            original = first[record_id]
            problems.append(
                Problem(
                    item.file,
                    *item.at("id"),
                    "id",
                    f"duplicate id '{record_id}': {original.file} (line {original.at('id')[0]}) already uses it;"
                    f" ids must be unique in {name}",
                    item.label,
                )
            )


def _check_references(references: list[Reference], ids: dict[str, set[str]], problems: list[Problem]) -> None:
    for ref in references:
        if any(ref.value in ids.get(name, ()) for name in ref.collections):
            continue
        known = sorted(known_id for name in ref.collections for known_id in ids.get(name, ()))
        hint = did_you_mean(ref.value, known)
        where = " or ".join(ref.collections)
        problems.append(Problem(ref.file, *ref.at, ref.path, f"unknown id '{ref.value}' in {where}{hint}", ref.record))


def _check_rules(loaded: dict[str, list[Loaded]], problems: list[Problem]) -> None:
    """Rules across fields of one record: dates in order, ranges, joint projects."""
    clusters_of = {m.record["id"]: m.record["cluster"] for m in loaded["members"]}

    def report(item: Loaded, key: str, message: str) -> None:
        problems.append(Problem(item.file, *item.at(key), key, message, item.label))

    for item in loaded["jobs"]:
        job = item.record
        if job["id"] in RESERVED_JOB_IDS:
            report(item, "id", f"the id '{job['id']}' is reserved for the site's own pages: choose another")
        if job["closes"] < job["posted"]:
            report(item, "closes", f"the closing date {job['closes']} is before the posting date {job['posted']}")
        salary = job["salary"]
        if salary["min"] > salary["max"]:
            report(item, "salary", f"the salary minimum ({salary['min']}) is above the maximum ({salary['max']})")
    for item in loaded["projects"]:
        project = item.record
        if project.get("end") and project["end"] < project["start"]:
            report(item, "end", f"the end date {project['end']} is before the start date {project['start']}")
        regions = {clusters_of.get(partner) for partner in project["partners"]}
        if None not in regions and len(regions) < 2:
            report(item, "partners", "a joint project needs at least one partner from each cluster (BioWin and MEDVIA)")
    for item in loaded["events"]:
        event = item.record
        if event["end"] is not None and _as_datetime(event["end"]) < _as_datetime(event["start"]):
            report(item, "end", f"the event ends ({event['end']}) before it starts ({event['start']})")
        deadline = event["registration_deadline"]
        if deadline and not isinstance(event["start"], int) and deadline > _as_datetime(event["start"]).date():
            report(item, "registration_deadline", f"the registration deadline {deadline} is after the event starts")
        if deadline and not event["registration"]:
            report(item, "registration_deadline", "a registration deadline needs a registration link (registration:)")
        if event["status"] == "moved_online" and not event["online"]:
            report(item, "online", "an event moved online needs its link (online: https://...)")
    for item in loaded["strategy"]:
        objectives = item.record["objectives"]
        if objectives["to"] < objectives["from"]:
            report(item, "objectives", "the objectives' period ends before it starts")


def _as_datetime(value: dt.date | dt.datetime | int) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime(value, 1, 1)


class CatalogCache:
    """Keeps the last catalog while no data file changed (size and modification time)."""

    def __init__(self) -> None:
        self._key: object = None
        self._catalog: Catalog | None = None

    def get(self, data_dir: Path, languages: tuple[str, ...]) -> Catalog:
        key = (languages, _snapshot(data_dir))
        if key != self._key or self._catalog is None:
            self._catalog, self._key = None, None
            self._catalog = load_catalog(data_dir, languages)
            self._key = key
        return self._catalog


def _snapshot(folder: Path) -> tuple[tuple[str, int, int], ...]:
    entries = []
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            stat = path.stat()
            entries.append((path.as_posix(), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)
