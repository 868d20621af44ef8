"""What each data file gave once read and checked, kept for the next load: in memory (each
`mkdocs serve` rebuild checks again only the files that changed) and on disk, in `.cache/data/`
(`SITE_DATA_CACHE`), for the next process (the side-by-side `mkdocs build` of `bin/site build`,
the next build, the nightly CI rebuild, which keeps `.cache/`).

A file's `CheckedFile` (its valid records with where they are written, its problems, the
references and pictures its records name, its ids) depends on nothing but its bytes, its name,
its collection, the languages, and the code that reads and checks it. The key of an entry on
disk is the hash of all of these: the file's SHA-256, and `code_version()` (the sources of the
modules that read and check data, the versions of PyYAML, Markdown, Babel, Python and of the
time-zone database). The checks across files (duplicate ids, references, rules, unknown files,
the pictures themselves) are never kept: they run on every load.

On disk, `.cache/data/<version of the code>.jsonl` holds the entries of the last load, one a
line, each JSON (never code that loading would run): the checked values, with their types
(dates, times, pictures) tagged. An entry that cannot be read, does not decode, or was made for
another key means "check the file again", never an error; the file is only ever replaced whole
(a temporary file renamed over it). Deleting `.cache/data/` is always safe: the next load checks
every file again and writes it back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import re
import sys
import tempfile
import time
import zoneinfo
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .pictures import PictureUse, PictureValue
from .records import Source, located, source_of
from .schema import Ctx, Problem, Reference
from .yamlfile import Pos

CACHE_SETTING = "SITE_DATA_CACHE"
DEFAULT_CACHE = ".cache/data"  # under the project's root (git-ignored)

# The modules whose code makes a CheckedFile (tests/test_catalog_cache.py checks that reading
# data imports no other module of the package).
CODE_MODULES = (
    "catalog",
    "collections",
    "datacache",
    "failures",
    "markup",
    "pictures",
    "records",
    "schema",
    "when",
    "yamlfile",
)


@dataclass
class Loaded:
    """A checked record, where it and its fields are written (for messages), and the file it came
    from (which the record itself also knows: `records.source_of`)."""

    record: dict[str, Any]
    pos: Pos  # where the record's mapping starts
    value_pos: dict[str, Pos]  # where the value of each field written is
    file: str
    label: str | None = None  # "job data-engineer", as problems name the record

    def at(self, key: str) -> Pos:
        return self.value_pos.get(key, self.pos)


@dataclass(frozen=True)
class CheckedFile:
    """What one data file gives, read and checked on its own: its valid records, its problems,
    and what is checked once every file is read (the references and pictures its records name,
    the ids it holds)."""

    loaded: tuple[Loaded, ...]
    problems: tuple[Problem, ...]
    references: tuple[Reference, ...]
    pictures: tuple[PictureUse, ...]
    ids: frozenset[str]

    def add_to(self, ctx: Ctx) -> list[Loaded]:
        ctx.problems += self.problems
        ctx.references += self.references
        ctx.pictures += self.pictures
        ctx.ids_seen |= self.ids
        return list(self.loaded)


FileKey = tuple[str, str, tuple[str, ...], bytes]
"""What a `CheckedFile` depends on, besides the code: collection, file (as messages name it),
languages, and the SHA-256 of the file's bytes."""


class CheckedFiles:
    """The `CheckedFile` of each data file of the last load, by `FileKey`, and on disk in
    `folder` if one is given: a load reads every file's bytes, and checks again only those whose
    key is new. The files that were not part of the last load are forgotten."""

    def __init__(self) -> None:
        self._kept: dict[FileKey, CheckedFile] = {}
        self.used: dict[FileKey, CheckedFile] = {}  # those of the load under way, in order
        self._new: list[FileKey] = []
        self._folder: Path | None = None
        self._stored: dict[str, str] | None = None  # the entries on disk, by name, as JSON
        self._texts: dict[FileKey, str] = {}  # the JSON of the entries known, to write them back
        self._again = True  # another load may follow in this process (`mkdocs serve`)

    def start(self, folder: Path | None = None, again: bool = True) -> None:
        """A load; `again` False: the last one of this process (`mkdocs build`, not `serve`)."""
        if folder != self._folder:
            self._stored, self._texts = None, {}
        self.used, self._new, self._folder, self._again = {}, [], folder, again

    def get(self, key: FileKey) -> CheckedFile | None:
        checked = self._kept.get(key)
        if checked is None and self._folder is not None:
            if self._stored is None:
                self._stored = _read_store(self._folder)
            if (text := self._stored.get(_entry_name(key))) is not None:
                checked = _decode(text, key)
                if checked is not None:
                    self._texts[key] = text
        if checked is not None:
            self.used[key] = checked
        return checked

    def put(self, key: FileKey, checked: CheckedFile) -> None:
        self.used[key] = checked
        self._new.append(key)

    def finish(self) -> None:
        """The end of a load: only its files are kept, and written to disk if some are new. The
        last load of a process (`again` False) holds no entry's JSON (as much text as the data
        files, 8 MB at 3,000 jobs) after it, nor all of them at once while it writes them."""
        self._kept = self.used
        if self._folder is not None and self._new and not self._again:
            _write_store(self._folder, ((_entry_name(key), text) for key, text in self._entries()))
        elif self._folder is not None and self._new:
            self._texts = {key: text for key, text in self._entries()}
            self._stored = {_entry_name(key): text for key, text in self._texts.items()}
            _write_store(self._folder, self._stored.items())
        self._new = []
        if not self._again:  # (a load after all the same encodes its entries anew to write them)
            self._stored, self._texts = None, {}

    def _entries(self) -> Iterator[tuple[FileKey, str]]:
        """The JSON of each file of this load, as known or encoded now (not kept: those that JSON
        cannot hold)."""
        for key, checked in self.used.items():
            if (text := self._texts.get(key)) is not None or (text := _encode(key, checked)) is not None:
                yield key, text


def cache_folder(root: Path, environ: Any = os.environ) -> Path | None:
    """Where checked data files are kept between processes: `SITE_DATA_CACHE` (empty: not kept),
    by default .cache/data/ in the project (`root`)."""
    value = environ.get(CACHE_SETTING)
    if value is None:
        return root / DEFAULT_CACHE
    return Path(value) if value.strip() else None


@functools.cache
def code_version() -> str:
    """A digest of everything besides a file that its CheckedFile depends on."""
    import babel
    import markdown
    import yaml

    digest = hashlib.sha256()
    here = Path(__file__).parent
    for name in CODE_MODULES:
        digest.update(name.encode() + b"\0" + (here / f"{name}.py").read_bytes() + b"\0")
    # The time zones TimeZone accepts: the tzdata package's, then the system's (by their folder's
    # last change: a zone added or removed changes it).
    zones: list[object] = []
    try:
        import tzdata  # type: ignore[import-untyped, import-not-found, unused-ignore]

        zones.append(tzdata.IANA_VERSION)
    except ImportError:
        zones.append(None)
    for folder in zoneinfo.TZPATH:
        try:
            zones.append((folder, os.stat(folder).st_mtime_ns))
        except OSError:
            zones.append((folder, None))
    versions = (sys.version, yaml.__version__, yaml.__with_libyaml__, markdown.__version__, babel.__version__, zones)
    digest.update(repr(versions).encode())
    return digest.hexdigest()


# -- the file on disk ------------------------------------------------------------------------
# One file per version of the code, <folder>/<code_version()[:32]>.jsonl, one entry a line: its
# name (the SHA-256 of its key), a tab, its JSON. It is written whole (a temporary file renamed
# over it) with the entries of the last load: the side-by-side processes of a build write the
# same; a file of another version of the code is removed.
_STORE_NAME = re.compile(r"[0-9a-f]{32}\.jsonl")
_TEMPORARY = re.compile(r"\.data-\w+\.tmp")


def _store_path(folder: Path) -> Path:
    return folder / f"{code_version()[:32]}.jsonl"


def _entry_name(key: FileKey) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()


def _read_store(folder: Path) -> dict[str, str]:
    try:
        text = _store_path(folder).read_bytes().decode("ascii")
    except (OSError, UnicodeDecodeError):  # none yet, unreadable or damaged: checked again
        return {}
    entries = {}
    for line in text.splitlines():
        name, tab, entry = line.partition("\t")
        if tab:
            entries[name] = entry
    return entries


def _write_store(folder: Path, entries: Iterable[tuple[str, str]]) -> None:
    """The store of `folder`, replaced by `entries` (name, JSON), written one after the other."""
    target = _store_path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".data-", suffix=".tmp", dir=folder)
    except OSError:  # a read-only or full disk: the files are checked again next time
        return
    try:
        with os.fdopen(descriptor, "w", encoding="ascii") as file:
            for name, entry in entries:
                file.write(f"{name}\t{entry}\n")
        os.chmod(temporary, 0o644)  # (mkstemp makes it private)
        os.replace(temporary, target)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        return
    with contextlib.suppress(OSError):
        for other in folder.iterdir():
            if other != target and _STORE_NAME.fullmatch(other.name) and other.is_file():
                other.unlink()  # another version's
            elif _TEMPORARY.fullmatch(other.name) and other.stat().st_mtime < time.time() - 3600:
                other.unlink()  # left by a process that stopped while writing


def _encode(key: FileKey, checked: CheckedFile) -> str | None:
    try:
        return json.dumps({"key": _key_text(key), "code": code_version(), "checked": _plain_file(checked)})
    except (TypeError, ValueError):  # a value JSON would not give back as it is: not kept
        return None


def _decode(text: str, key: FileKey) -> CheckedFile | None:
    try:
        entry = json.loads(text, object_hook=_typed)
        if entry["key"] != _key_text(key) or entry["code"] != code_version():
            return None
        return _checked_file(entry["checked"])
    except Exception:  # damaged, or made for another key: checked again
        return None


def _key_text(key: FileKey) -> list[Any]:
    collection, file, languages, content = key
    return [collection, file, list(languages), content.hex()]


# -- checked values as JSON ------------------------------------------------------------------
# Dicts, lists, texts, whole numbers, true/false and null are JSON's own; a date, a time and a
# picture are objects with one tag key (a key no record has: "\0" never reaches a checked
# record). Any other type is not kept (`TypeError`): what is read back is exactly what was kept.
_DATE, _TIME, _PICTURE, _FIELDS = "\0date", "\0datetime", "\0picture", "\0fields"


def _plain(value: Any) -> Any:
    kind = type(value)
    if kind is str or kind is int or kind is bool or value is None:
        return value
    if kind is dict:
        return {_key(key): _plain(item) for key, item in value.items()}
    if kind is list:
        return [_plain(item) for item in value]
    if kind is PictureValue:
        return {_PICTURE: value.kind, _FIELDS: {_key(key): _plain(item) for key, item in value.items()}}
    if kind is dt.date:
        return {_DATE: value.isoformat()}
    if kind is dt.datetime and value.tzinfo is None:
        return {_TIME: value.isoformat()}
    raise TypeError(f"not kept: {kind.__name__}")


def _key(key: object) -> str:
    if type(key) is not str or key.startswith("\0"):
        raise TypeError("not kept: a key that is not a text")
    return key


def _typed(obj: dict[str, Any]) -> Any:
    """JSON's objects back to dicts, dates, times and pictures (json.loads' object_hook)."""
    if len(obj) == 1 and _DATE in obj:
        return dt.date.fromisoformat(obj[_DATE])
    if len(obj) == 1 and _TIME in obj:
        return dt.datetime.fromisoformat(obj[_TIME])
    if len(obj) == 2 and _PICTURE in obj and type(fields := obj[_FIELDS]) is dict:
        picture = PictureValue(fields)
        picture.kind = _text(obj[_PICTURE])
        return picture
    if any(key.startswith("\0") for key in obj):  # no value was kept so: damaged
        raise ValueError("not a value kept")
    return obj


def _pos(value: Any) -> Pos:
    line, column = value
    return (_int(line), _int(column))


def _int(value: Any) -> int:
    if type(value) is not int:
        raise TypeError("not a whole number")
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise TypeError("not a text")
    return value


def _label(value: Any) -> str | None:
    return None if value is None else _text(value)


def _plain_file(checked: CheckedFile) -> dict[str, Any]:
    loaded = []
    for item in checked.loaded:
        source = source_of(item.record)
        if source is None:
            raise TypeError("not kept: a record without its source")
        fields = _plain(dict(item.record))
        value_pos = {_key(key): list(pos) for key, pos in item.value_pos.items()}
        loaded.append(
            [fields, [source.file, source.line, source.column], list(item.pos), value_pos, item.file, item.label]
        )
    return {
        "loaded": loaded,
        "problems": [[p.file, p.line, p.column, p.field, p.message, p.record] for p in checked.problems],
        "references": [
            [r.file, list(r.at), r.path, r.record, list(r.collections), r.value] for r in checked.references
        ],
        "pictures": [[u.file, list(u.at), u.path, u.record, u.name, u.kind] for u in checked.pictures],
        "ids": sorted(checked.ids),
    }


def _checked_file(plain: dict[str, Any]) -> CheckedFile:
    """A CheckedFile from its JSON, every part of the type it had (`TypeError` otherwise)."""
    loaded = []
    for fields, (file, line, column), pos, value_pos, item_file, label in plain["loaded"]:
        if type(fields) is not dict or type(value_pos) is not dict:
            raise TypeError("not a record")
        record = located(fields, Source(_text(file), _int(line), _int(column)))
        at = {_text(key): _pos(where) for key, where in value_pos.items()}
        loaded.append(Loaded(record, _pos(pos), at, _text(item_file), _label(label)))
    problems = [
        Problem(_text(file), _int(line), _int(column), _text(field), _text(message), _label(record))
        for file, line, column, field, message, record in plain["problems"]
    ]
    references = [
        Reference(_text(file), _pos(at), _text(path), _label(record), tuple(map(_text, names)), _text(value))
        for file, at, path, record, names, value in plain["references"]
    ]
    pictures = [
        PictureUse(_text(file), _pos(at), _text(path), _label(record), _text(name), _text(kind))
        for file, at, path, record, name, kind in plain["pictures"]
    ]
    ids = frozenset(map(_text, plain["ids"]))
    return CheckedFile(tuple(loaded), tuple(problems), tuple(references), tuple(pictures), ids)
