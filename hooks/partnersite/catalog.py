"""Load every data collection, check it whole, and hand the renderer one consistent catalog.

Nothing is rendered unless the whole catalog is valid: every problem in every file is collected
and reported at once (`DataError`), each with file, line, column, field and what is allowed.

Each file is read and checked on its own first (what it gives depends on its bytes alone, and
datacache.py keeps it by them: in memory across `mkdocs serve` rebuilds, in .cache/data/ for the
next process); the checks across files (duplicate ids, references, rules, unknown files, the
pictures) then run on the whole, at every load.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from .collections import COLLECTIONS, Collection
from .datacache import CheckedFile, CheckedFiles, Loaded, cache_folder
from .failures import describe_unexpected
from .pictures import FOLDER as PICTURES
from .pictures import PictureFile, PictureUse, check_pictures
from .records import (
    Area,
    Cluster,
    Event,
    Job,
    KeyArea,
    Member,
    News,
    Partnership,
    Project,
    Source,
    Strategy,
    located,
)
from .schema import INVALID, Ctx, Problem, Reference, did_you_mean
from .when import as_datetime, exists_in, precision
from .yamlfile import LoadError, Mapping, load_yaml_bytes, read_data_file

DATA_SUFFIXES = (".yml", ".yaml")


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
class Catalog:
    """All the site's data, valid and cross-referenced. Records are dicts, typed in records.py;
    the records of a collection by id."""

    languages: tuple[str, ...]
    partnership: Partnership
    strategy: Strategy
    clusters: dict[str, Cluster]
    areas: dict[str, Area]
    members: dict[str, Member]
    projects: dict[str, Project]
    events: dict[str, Event]
    jobs: dict[str, Job]
    news: dict[str, News] = field(default_factory=dict)
    key_areas: dict[str, KeyArea] = field(default_factory=dict)
    pictures: dict[str, PictureFile] = field(default_factory=dict)  # data/pictures/ by file name

    def __post_init__(self) -> None:
        self.key_areas = {area["id"]: area for area in self.partnership["key_areas"]}


def load_catalog(data_dir: Path, languages: tuple[str, ...]) -> Catalog:
    """Read and check everything under `data_dir`; raise `DataError` listing every problem."""
    return _load_catalog(data_dir, languages, CheckedFiles(), None)[1]


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector paused while the data is read: reading makes tens of thousands
    of dicts and lists that all live on (the collector would go through them again and again,
    finding nothing: a seventh of the time at 1,000 jobs), and no cycle worth collecting."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def _load_catalog(
    data_dir: Path,
    languages: tuple[str, ...],
    files: CheckedFiles,
    last: tuple[object, Catalog] | None,
    folder: Path | None = None,
    again: bool = True,
) -> tuple[object, Catalog]:
    """The catalog, and what it was made from (`last`, the previous pair, is given back when that
    is the same): each file's records from `files` (or from `folder` on disk) unless its key is
    new, then the checks across files (unknown files, pictures, duplicate ids, references,
    rules) on the whole; `again` False: the last load of this process (datacache.CheckedFiles)."""
    problems: list[Problem] = []
    references: list[Reference] = []
    loaded: dict[str, list[Loaded]] = {}
    seen: dict[str, set[str]] = {}  # ids met in each collection, in valid records or not
    uses: list[PictureUse] = []  # the pictures records name, checked once all are read
    files.start(folder, again)
    try:
        for collection in COLLECTIONS:
            ctx = Ctx("", languages, problems, references, pictures=uses)
            loaded[collection.name] = _load_collection(collection, data_dir, ctx, files)
            seen[collection.name] = ctx.ids_seen
    finally:
        files.finish()
    _report_unknown_files(data_dir, Ctx("", languages, problems))
    pictures = check_pictures(data_dir, uses, problems)
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
    made_of = (data_dir, languages, tuple(files.used), tuple(pictures.items()))
    if last is not None and last[0] == made_of:
        return last
    by_id: dict[str, Any] = {
        name: {item.record["id"]: item.record for item in items}
        for name, items in loaded.items()
        if name not in ("partnership", "strategy")
    }
    catalog = Catalog(
        languages=languages,
        partnership=cast(Partnership, loaded["partnership"][0].record),
        strategy=cast(Strategy, loaded["strategy"][0].record),
        pictures=pictures,
        **by_id,
    )
    return made_of, catalog


def _relative(path: Path, data_dir: Path) -> str:
    try:
        return path.relative_to(data_dir.parent).as_posix()
    except ValueError:
        return path.as_posix()


def _load_collection(collection: Collection, data_dir: Path, ctx: Ctx, files: CheckedFiles) -> list[Loaded]:
    base = data_dir / collection.path
    if not collection.folder:
        return _load_file(collection, base, data_dir, ctx, files)
    if base.is_symlink() or not base.is_dir():
        ctx.file, ctx.record = _relative(base, data_dir), None
        what = "a symbolic link (not read)" if base.is_symlink() else "missing"
        ctx.report((1, 1), "", f"the folder for {collection.name} is {what}")
        return []
    loaded = []
    for path in sorted(base.iterdir()):
        problem = _not_a_record(path, collection)
        if problem is None:
            loaded += _load_file(collection, path, data_dir, ctx, files)
        elif problem:
            ctx.file, ctx.record = _relative(path, data_dir), None
            ctx.report((1, 1), "", problem)
    return loaded


# Files a folder of records may hold besides them (git keeps no empty folder without one).
IGNORED_FILES = (".gitkeep",)


def _not_a_record(path: Path, collection: Collection) -> str | None:
    """Why a file in a collection's folder is not read as a record ("" to pass over it in
    silence, None to read it): every other file is reported, none is skipped unnoticed."""
    folder = f"data/{collection.path}/"
    if path.name in IGNORED_FILES:
        return ""
    if path.is_symlink():
        return "symbolic links are not read: put the file itself in the folder (or remove the link)"
    if path.is_dir():
        files = sum(1 for item in path.rglob("*") if not item.is_dir())
        return (
            f"sub-folders are not read ({files} file{'s' if files != 1 else ''} in it): records go directly in"
            f" {folder}, one .yml file each"
        )
    if path.name.startswith("."):
        return "hidden files are not read: remove it, or rename it without the leading dot if it is a record"
    if path.suffix in DATA_SUFFIXES:
        return None
    if path.suffix.lower() in DATA_SUFFIXES:
        return f"rename the file to end in {path.suffix.lower()} (lower case): only .yml and .yaml files are read"
    return f"not a data file: {folder} holds one .yml file per {collection.singular}; move or remove this file"


def _report_unknown_files(data_dir: Path, ctx: Ctx) -> None:
    """Files in data/ that belong to no collection (a misspelt name is read by none)."""
    known = {collection.path for collection in COLLECTIONS} | {PICTURES}  # (pictures.py reads its own)
    for path in sorted(data_dir.iterdir()):
        if path.name in known or path.name in IGNORED_FILES:
            continue
        ctx.file, ctx.record = _relative(path, data_dir), None
        names = sorted(known)
        hint = did_you_mean(path.name, names)
        ctx.report((1, 1), "", f"not read: data/ holds {', '.join(names)}{hint}")


def _load_file(collection: Collection, path: Path, data_dir: Path, ctx: Ctx, files: CheckedFiles) -> list[Loaded]:
    try:
        raw = _read_file(collection, path, data_dir, ctx)
        if raw is None:
            return []
        key = (collection.name, ctx.file, ctx.languages, hashlib.sha256(raw).digest())
        checked = files.get(key)
        if checked is None:
            checked, complete = _check_file(collection, path, raw, Ctx(ctx.file, ctx.languages))
            if complete:
                files.put(key, checked)
        return checked.add_to(ctx)
    except Exception as error:  # ours, not the file's: reported like a mistake, never a traceback
        ctx.report((1, 1), "", describe_unexpected(error))
        return []


def _read_file(collection: Collection, path: Path, data_dir: Path, ctx: Ctx) -> bytes | None:
    """The bytes of a data file (None, with the problem reported, if it cannot be read)."""
    ctx.file, ctx.record = _relative(path, data_dir), None
    if path.is_symlink():
        ctx.report((1, 1), "", "symbolic links are not read: put the file itself here (or remove the link)")
        return None
    if not path.is_file():
        ctx.report((1, 1), "", f"the file is missing: it holds the {collection.name}")
        return None
    try:
        return read_data_file(path)
    except LoadError as error:
        _unreadable(collection, path, error, ctx)
        return None


def _unreadable(collection: Collection, path: Path, error: LoadError, ctx: Ctx) -> None:
    ctx.report((error.line, error.column), "", error.message)
    if collection.folder:
        ctx.ids_seen.add(path.stem)  # most likely its id: do not report references to it


def _check_file(collection: Collection, path: Path, raw: bytes, ctx: Ctx) -> tuple[CheckedFile, bool]:
    """What the file gives, checked in its own `ctx`; and whether that is all (False when our
    code failed on the way: not kept, the file is checked again next time)."""
    complete = True
    try:
        loaded = _check_document(collection, path, raw, ctx)
    except Exception as error:  # ours, not the file's: reported like a mistake, never a traceback
        ctx.report((1, 1), "", describe_unexpected(error))
        loaded, complete = [], False
    checked = CheckedFile(
        tuple(loaded), tuple(ctx.problems), tuple(ctx.references), tuple(ctx.pictures), frozenset(ctx.ids_seen)
    )
    return checked, complete


def _check_document(collection: Collection, path: Path, raw: bytes, ctx: Ctx) -> list[Loaded]:
    try:
        document = load_yaml_bytes(raw)
    except LoadError as error:
        _unreadable(collection, path, error, ctx)
        return []
    if document is None:
        ctx.report((1, 1), "", f"the file is empty: expected {collection.schema.describe(ctx.languages)}")
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
    if record is INVALID or len(ctx.problems) > before or not isinstance(document, Mapping):
        return []
    source = Source(ctx.file, *document.value_pos.get("id", at))
    return [Loaded(located(record, source), document.pos, document.value_pos, ctx.file, ctx.record)]


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
        start, end, zone = event["start"], event["end"], event["timezone"]
        for key in ("start", "end"):
            if isinstance(event[key], dt.datetime) and not exists_in(event[key], zone):
                report(
                    item,
                    key,
                    f"{event[key]:%Y-%m-%dT%H:%M} does not exist in {zone}: the clocks skip that hour"
                    " (summer time begins); choose another time",
                )
        if end is not None and precision(start) != precision(end):
            report(
                item,
                "end",
                f"write the start and the end the same way: the start is {precision(start)}, the end"
                f" {precision(end)} (both a year, both a day, or both a day and time)",
            )
        elif end is not None and as_datetime(end) < as_datetime(start):
            report(item, "end", f"the event ends ({end}) before it starts ({start})")
        deadline = event["registration_deadline"]
        if deadline and not isinstance(event["start"], int) and deadline > as_datetime(event["start"]).date():
            report(item, "registration_deadline", f"the registration deadline {deadline} is after the event starts")
        if deadline and not event["registration"]:
            report(item, "registration_deadline", "a registration deadline needs a registration link (registration:)")
        if event["status"] == "moved_online" and not event["online"]:
            report(item, "online", "an event moved online needs its link (online: https://...)")
    for item in loaded["strategy"]:
        objectives = item.record["objectives"]
        if objectives["to"] < objectives["from"]:
            report(item, "objectives", "the objectives' period ends before it starts")


class CatalogCache:
    """The last catalog, and what each data file gave (`datacache.CheckedFiles`, in memory and
    in `.cache/data/` beside `data_dir`, or `SITE_DATA_CACHE`): at each `get` (each `mkdocs
    serve` rebuild, each process of a build), every file's bytes are read, only new or changed
    files are checked again, and the checks across files run on the whole; the same catalog (the
    same object) is returned while nothing it is made of changed."""

    def __init__(self) -> None:
        self._files = CheckedFiles()
        self._last: tuple[object, Catalog] | None = None

    def get(self, data_dir: Path, languages: tuple[str, ...], again: bool = True) -> Catalog:
        """`again` False: no other load will follow in this process (`mkdocs build`)."""
        # (While the data has a problem, `DataError` is raised and the last catalog is kept.)
        folder = cache_folder(data_dir.parent)
        self._last = _load_catalog(data_dir, languages, self._files, self._last, folder, again)
        return self._last[1]
