"""Generated page sources of earlier builds, reused when nothing a page read has changed.

Every build decides which pages exist (`pages.render_pages`: an offer not posted yet, a news
post dated later have none), then renders each page's source, filters and share card. Most of
those are the same as last time: the nightly rebuild moves the date and perhaps changes a
record, a save in the preview changes one record. So while a page is made, every question it
asks of the data is written down with its answer (a verifying trace, as the build systems Shake
and Salsa keep); a later build reuses the page when it asks the same questions and gets the
same answers again, and otherwise renders it (and keeps its new trace). The questions are put
to the data through `Recorder`'s stand-ins for the catalog and the views, which the renderer
gives the templates and the Python helpers they call (structured data, list filters, job
cells, pictures, share cards, search filters) in place of the real ones:

- a record of a collection (`catalog.jobs[id]`, `.get`, `in`): answered by its fingerprint,
  a hash of its whole value (every field, nested records and picture fields included, in their
  order: its `repr`), once per build;
- a whole collection (iteration, `len`, `.items()`...): the ids and fingerprints of all of
  its records, in order (an index page depends on every record it could list);
- a list or dict of the views (`views.open_jobs`, `views.jobs_by_member[id]`, ...): the ids
  and fingerprints of the records listed, in order;
- the build date: `views.today` by its value; `views.is_open(job)` and its like by their
  answer for the catalog's record of that id (an offer's page changes when it closes, not
  every day). Asked of anything but the catalog's own record, the page is not kept;
- the catalog's pictures: a `PictureFile` by its fields, its file's SHA-256 among them.

What a page reads of the record it shows (`job` in job.md.j2) is covered by that record's
fingerprint. Attributes of the catalog that are not collections of records (`partnership`,
`strategy`, `key_areas`, `languages`: rarely edited, and read by many pages) are part of the
pass's signature instead: any change to them renders every page again. So are the code and
texts (`pagecache.code_signature`: hooks/ with the templates, overrides/, i18n/, mkdocs.yml,
the packages, the `SITE_*` settings) and the language pass (language, root language, site
address, the language's folder). Any other attribute asked of a stand-in is answered, but the
page is not kept (a new attribute of the catalog or views must be added here to be traced).

A memo that spans pages (`jinja_env.JobCells`: a job's cells, made once per language and
reused on every page listing it) would hide the questions it asked from the next page that
uses it: it is kept through `Recorder.memo`, which repeats them in the trace of every page
that uses the remembered value.

The stand-ins answer as the real objects do (a collection is a read-only Mapping), and a value
that has no fingerprint (a type whose repr is Python's default) keeps the page that read it
out of the cache. Without the code's signature (`SiteBuild.code_signature`, set by the hook
file) or without a folder, nothing is traced and the pages are rendered as before.

Kept traces live in a folder (`.cache/sources/` beside mkdocs.yml, or `SITE_SOURCE_CACHE`;
empty or `off`: none kept, not even in memory), one file per language pass, written as soon as
a build's pass ends if it changed them; the build then lets them go (its process makes each
pass once). `mkdocs serve` reads the files once and keeps its traces in memory for the whole
session instead, never writing them (writing them at every save would cost more than it saves
the next session). A file that cannot be read is a pass with nothing kept.
tests/test_sourcecache.py compares the pages this gives with pages rendered afresh after random
edits; tests/test_pagecache.py compares whole builds.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
import marshal
import os
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from .cardimages import Card
from .markup import HtmlBlock
from .sharecards import ShareCard

if TYPE_CHECKING:  # pages.py imports this module
    from .pages import GeneratedPage, PageSource
    from .views import Views

CACHE_VARIABLE = "SITE_SOURCE_CACHE"
CACHE_FOLDER = ".cache/sources"
FORMAT = "2"  # bump when what a file holds changes

# The catalog's collections of records, traced record by record.
COLLECTIONS = ("clusters", "areas", "members", "projects", "events", "jobs", "news", "pictures")
# The rest of the catalog: in the pass's signature.
SIGNED = ("languages", "partnership", "strategy", "key_areas")
# The views' lists and dicts of records.
VIEW_LISTS = ("open_jobs", "upcoming_events", "past_events", "published_news")
VIEW_GROUPS = (
    "jobs_by_area", "jobs_by_member", "members_by_area", "members_by_cluster",
    "projects_by_area", "projects_by_member", "events_by_organiser",
)  # fmt: skip
# The views' questions about one record, asked with the build date, and the collection it is of.
VIEW_TESTS = {"is_open": "jobs", "is_posted": "jobs", "is_published": "news", "is_upcoming": "events"}

MISSING = "-"  # the answer for a record that is not there
UNTRACED = ("untraced",)  # a question that cannot be asked again: its page is not kept
UNANSWERED = "?"  # the answer to a question without one: never in a kept page's trace

Query = tuple[str, ...]
T = TypeVar("T")


def cache_folder(root: Path, environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where traces are kept: `SITE_SOURCE_CACHE` if set (empty or `off`: nowhere), else
    `.cache/sources/` beside mkdocs.yml."""
    configured = environ.get(CACHE_VARIABLE)
    if configured is None:
        return root / CACHE_FOLDER
    return None if configured.strip().lower() in ("", "off") else Path(configured)


class Untraceable(Exception):
    """A value without a fingerprint (a type `Fingerprints` does not know)."""


class Fingerprints:
    """The fingerprints of one build's values: a hash of the whole value, the same in every
    process. A value counts by its `repr`, which tells every type the data holds apart (a str
    from Markup, a list from a tuple, a date from a datetime; a picture field shows its kind,
    a `PictureFile` its digest; a nested record is in it whole); a value whose repr is Python's
    default (`<... object at 0x...>`) has no fingerprint. A list counts by its items', each
    computed once per build (the views' lists hold the catalog's records). The values are held
    while the build lasts (a fingerprint is remembered by the value's identity)."""

    def __init__(self) -> None:
        self._known: dict[int, tuple[object, str]] = {}

    def of(self, value: object) -> str:
        known = self._known.get(id(value))
        if known is not None and known[0] is value:
            return known[1]
        kind = type(value)
        if isinstance(value, (list, tuple)) and (kind is list or kind is tuple):
            text = f"{kind.__name__}[{','.join(self.of(item) for item in value)}]"
        else:
            text = repr(value)
            if " object at 0x" in text:
                raise Untraceable(f"no fingerprint for a {kind.__qualname__}")
        digest = hashlib.sha256(text.encode()).hexdigest()
        if kind is not str:
            self._known[id(value)] = (value, digest)
        return digest


@dataclasses.dataclass
class _Frame:
    """The questions asked while one page (or one remembered value) was made."""

    queries: dict[Query, str] = dataclasses.field(default_factory=dict)


class Recorder:
    """The questions pages ask of one build's data (`catalog`, `views`), and their answers."""

    def __init__(self, views: Views) -> None:
        self.views = views
        self.catalog = views.catalog
        self.fingerprints = Fingerprints()
        self._answers: dict[Query, str] = {}  # this build's, each computed once
        self._frames: list[_Frame] = []
        self.traced_catalog = TracedCatalog(self)
        self.traced_views = TracedViews(self)

    # -- recording ---------------------------------------------------------------------------
    def ask(self, query: Query) -> None:
        """Note that the page being made asked `query` (nothing while no page is made)."""
        if self._frames:
            queries = self._frames[-1].queries
            queries[query] = answer = self.answer(query)
            if answer == UNANSWERED:
                queries[UNTRACED] = MISSING

    def untraced(self) -> None:
        if self._frames:
            self._frames[-1].queries[UNTRACED] = MISSING

    def begin(self) -> None:
        self._frames.append(_Frame())

    def end(self) -> dict[Query, str]:
        """The questions asked since the matching `begin`, which count for the page (or the
        remembered value) around it too."""
        frame = self._frames.pop()
        if self._frames:
            self._frames[-1].queries.update(frame.queries)
        return frame.queries

    def traced(self, make: Callable[[], T]) -> tuple[T, dict[Query, str]]:
        """`make()` and the questions it asked."""
        self.begin()
        try:
            value = make()
        finally:
            queries = self.end()
        return value, queries

    def memo(self, store: dict[Any, Any], key: Any, make: Callable[[], T]) -> T:
        """`store[key]`, made by `make` the first time: the questions it asked then are asked
        again (noted for the page being made) at each use. A store kept from earlier builds
        (`SourceCache.memos`) gives a value again once its questions get the same answers in
        this build (checked at its first use in the build): `make` must read what it shows
        itself (the record of the key from the catalog), not be handed it by its caller."""
        kept = store.get(key)
        if kept is not None and kept[2] is not self:  # an earlier build's
            queries = kept[1]
            kept = store[key] = (kept[0], queries, self) if self.still(queries.items()) else None
        if kept is None:
            value, queries = self.traced(make)
            kept = store[key] = (value, queries, self)
        elif self._frames:
            self._frames[-1].queries.update(kept[1])
        return kept[0]

    # -- answering ---------------------------------------------------------------------------
    def answer(self, query: Query) -> str:
        """What `query` gets from this build's data (see the module's docstring)."""
        known = self._answers.get(query)
        if known is None:
            try:
                known = self._answer(query)
            except Untraceable:
                known = UNANSWERED
            self._answers[query] = known
        return known

    def _answer(self, query: Query) -> str:
        fingerprint = self.fingerprints.of
        source, name, *rest = query
        if source == "c":  # a collection of the catalog: one record, or all of them
            records = getattr(self.catalog, name)
            if rest:
                record = records.get(rest[0])
                return MISSING if record is None else fingerprint(record)
            return fingerprint([[key, fingerprint(record)] for key, record in records.items()])
        if source == "v" and name == "today":
            return self.views.today.isoformat()
        if source == "v":  # a list or a dict of the views: a group, or all of them
            value = getattr(self.views, name)
            if rest:
                group = value.get(rest[0])
                return MISSING if group is None else fingerprint(group)
            return fingerprint(value)
        if source == "t":  # a question of the views about one record of the catalog
            record = getattr(self.catalog, VIEW_TESTS[name]).get(rest[0])
            return MISSING if record is None else repr(getattr(self.views, name)(record))
        if query == UNTRACED:
            return UNANSWERED
        raise ValueError(f"unknown query {query!r}")

    def still(self, queries: Iterable[tuple[Query, str]]) -> bool:
        """Whether every kept question gets the same answer now (most are answered already:
        a loop without a call for those, as every kept page is checked at every build)."""
        answers = self._answers
        for query, kept in queries:
            known = answers.get(query)
            if (self.answer(query) if known is None else known) != kept:
                return False
        return True


class TracedMapping(Mapping[str, Any]):
    """A dict of records (a catalog's collection, a views' dict), read through `recorder`:
    one record by its key (`[key]`, `.get`, `in`), or all of it (iteration, `len`...)."""

    def __init__(self, recorder: Recorder, source: str, name: str, data: Mapping[str, Any]) -> None:
        self._recorder, self._source, self._name, self._data = recorder, source, name, data

    def __getitem__(self, key: str) -> Any:
        self._recorder.ask((self._source, self._name, key))
        return self._data[key]

    def get(self, key: str, default: Any = None) -> Any:
        self._recorder.ask((self._source, self._name, key))
        return self._data.get(key, default)

    def __contains__(self, key: object) -> bool:
        if not isinstance(key, str):
            self._whole()
        else:
            self._recorder.ask((self._source, self._name, key))
        return key in self._data

    def _whole(self) -> None:
        self._recorder.ask((self._source, self._name))

    def __iter__(self) -> Iterator[str]:
        self._whole()
        return iter(self._data)

    def __len__(self) -> int:
        self._whole()
        return len(self._data)

    def keys(self) -> Any:
        self._whole()
        return self._data.keys()

    def values(self) -> Any:
        self._whole()
        return self._data.values()

    def items(self) -> Any:
        self._whole()
        return self._data.items()


class TracedCatalog:
    """The catalog as pages see it: its collections traced, its other parts as they are
    (they are in the pass's signature)."""

    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder
        self._collections = {
            name: TracedMapping(recorder, "c", name, getattr(recorder.catalog, name)) for name in COLLECTIONS
        }

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        collection = self._collections.get(name)
        if collection is not None:
            return collection
        if name not in SIGNED:
            self._recorder.untraced()
        return getattr(self._recorder.catalog, name)


class TracedViews:
    """The views as pages see them: every answer traced."""

    def __init__(self, recorder: Recorder) -> None:
        self._recorder = recorder
        views = recorder.views
        self._groups = {name: TracedMapping(recorder, "v", name, getattr(views, name)) for name in VIEW_GROUPS}
        self.catalog = recorder.traced_catalog

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        recorder, views = self._recorder, self._recorder.views
        if name in self._groups:
            return self._groups[name]
        if name in VIEW_LISTS or name == "today":
            recorder.ask(("v", name))
            return getattr(views, name)
        if name in VIEW_TESTS:
            return self._test(name)
        recorder.untraced()
        return getattr(views, name)

    def _test(self, name: str) -> Callable[[Mapping[str, Any]], bool]:
        recorder, views = self._recorder, self._recorder.views
        test = getattr(views, name)
        records = getattr(recorder.catalog, VIEW_TESTS[name])

        def traced(record: Mapping[str, Any]) -> bool:
            record_id = record.get("id")
            if isinstance(record_id, str) and records.get(record_id) is record:
                recorder.ask(("t", name, record_id))
            else:
                recorder.untraced()
            return bool(test(record))

        return traced


@dataclasses.dataclass(frozen=True)
class Kept:
    """A page as made, with what it was made from: the fingerprint of its record, the
    questions it asked and their answers."""

    record: str
    queries: tuple[tuple[Query, str], ...]
    page: GeneratedPage
    plain: tuple[Any, ...] | None = None  # as read from the folder


class PassSources:
    """The kept pages of one language pass of one build (`pages.render_pages` asks it)."""

    def __init__(self, cache: SourceCache, recorder: Recorder, slot: str, signature: str) -> None:
        self._cache, self.recorder, self._slot, self._signature = cache, recorder, slot, signature
        self._kept = cache.entries(slot, signature)
        self._now: dict[str, Kept] = {}
        self._changed = False
        self.reused = self.made = 0  # this pass's figures (tests, bench)

    def page(self, source: PageSource, make: Callable[[], GeneratedPage]) -> GeneratedPage:
        """The page of `source`: the kept one if nothing it read changed, else `make()`."""
        recorder = self.recorder
        try:
            record = MISSING if source.record is None else recorder.fingerprints.of(source.record)
        except Untraceable:
            return make()
        kept = self._kept.get(source.src_uri)
        if kept is not None and kept.record == record and recorder.still(kept.queries):
            self._now[source.src_uri] = kept
            self.reused += 1
            return kept.page
        page, queries = recorder.traced(make)
        self.made += 1
        if UNTRACED not in queries:
            self._now[source.src_uri] = Kept(record, tuple(queries.items()), page)
            self._changed = True
        return page

    def finish(self) -> None:
        """Every page made: keep this pass's traces (those of pages that exist now)."""
        if self._changed or self._now.keys() != self._kept.keys():
            self._cache.store(self._slot, self._signature, self._now)


class SourceCache:
    """The kept traces of every language pass: in `folder`, or in memory for the process
    (`mkdocs serve`)."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._memory: dict[str, tuple[str, dict[str, Kept]]] = {}  # slot -> (signature, pages)
        self._memos: dict[str, tuple[str, dict[str, dict[Any, Any]]]] = {}  # slot -> (signature, stores)
        self._writing = True

    def begin(self, folder: Path | None, writing: bool = True) -> None:
        """A build that keeps its traces in `folder` (None: none kept), each pass's file written
        as the pass ends; `writing` False: in memory only (a `mkdocs serve` session: its files
        are read, not written at every save)."""
        if folder != self.folder:
            self.folder, self._memory = folder, {}
        self._writing = writing

    def sources(
        self, recorder: Recorder, lang: str, root_language: str, site_url: str, prefix: str, code: str
    ) -> PassSources | None:
        """The kept pages of the pass that renders `lang` (None: nothing kept); `code` is the
        code's signature (`pagecache.code_signature`)."""
        slot = self._slot(recorder, lang, root_language, site_url, prefix, code)
        return None if slot is None else PassSources(self, recorder, *slot)

    def memos(
        self, recorder: Recorder, lang: str, root_language: str, site_url: str, prefix: str, code: str
    ) -> dict[str, dict[Any, Any]] | None:
        """The stores of `Recorder.memo` for the pass that renders `lang`, by name, kept for the
        process (not in the folder) while the pass's signature stays the same."""
        slot = self._slot(recorder, lang, root_language, site_url, prefix, code)
        if slot is None:
            return None
        kept = self._memos.get(slot[0])
        if kept is None or kept[0] != slot[1]:
            kept = self._memos[slot[0]] = (slot[1], {})
        return kept[1]

    def _slot(
        self, recorder: Recorder, lang: str, root_language: str, site_url: str, prefix: str, code: str
    ) -> tuple[str, str] | None:
        """The pass's slot and signature (None: nothing kept)."""
        if self.folder is None:
            return None
        catalog = recorder.catalog
        try:
            signed = [recorder.fingerprints.of(getattr(catalog, name)) for name in SIGNED]
        except Untraceable:
            return None
        return f"{root_language}-{lang}", hash_parts(FORMAT, code, lang, root_language, site_url, prefix, *signed)

    def entries(self, slot: str, signature: str) -> dict[str, Kept]:
        remembered = self._memory.get(slot)
        if remembered is None and self.folder is not None:
            remembered = _read(self.folder / f"{slot}.marshal.z")
        if remembered is None or remembered[0] != signature:
            return {}
        return remembered[1]

    def store(self, slot: str, signature: str, pages: dict[str, Kept]) -> None:
        """Keep a pass's traces: in its file as the pass ends (a build), or in memory only
        (`mkdocs serve`). A build does not hold them after (a process builds each pass once: its
        traces are the next process's: a few MB at 3,000 jobs, held for nothing)."""
        if self.folder is not None and self._writing:
            self._memory.pop(slot, None)
            _write(self.folder / f"{slot}.marshal.z", signature, pages)
        else:
            self._memory[slot] = (signature, pages)


def hash_parts(*parts: str) -> str:
    """A SHA-256 of texts, each ended by a NUL (the page cache's keys too)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


# -- the files -------------------------------------------------------------------------------
# Written with `marshal` (plain values only, read fast; like the templates' compiled code in
# .cache/templates/), with only plain strings in the pages: a page holding anything else
# (Markup) is kept in memory only. A file is one zlib stream of records, each its length (4
# bytes) and a marshal dump: (FORMAT, signature), then (src_uri, page) for each page. It is
# written and read a record at a time: as one dump of every page, it was a buffer of 25 MB at
# 3,000 jobs, which glibc's malloc kept in the process after freeing it (8 MiB at the peak).
_CHUNK = 1 << 14  # bytes read at a time


def _plain(kept: Kept) -> tuple[Any, ...] | None:
    """A kept page as plain values, or None if it holds anything but plain strings."""
    if kept.plain is not None:
        return kept.plain
    page, card = kept.page, kept.page.card
    drawn = None if card is None else (card.alt, tuple(getattr(card.card, f.name) for f in dataclasses.fields(Card)))
    blocks = tuple((block.html, block.searchable) for block in page.blocks)
    filters = tuple(tuple(pair) for pair in page.search_filters)
    strings = [page.src_uri, page.markdown, page.kind, *(html for html, _ in blocks)]
    strings += [part for pair in filters for part in pair] + ([drawn[0], *drawn[1]] if drawn else [])
    if any(type(value) is not str for value in strings) or type(page.in_nav) is not bool:
        return None
    if any(type(searchable) is not bool for _, searchable in blocks):
        return None
    facts = (page.src_uri, page.markdown, page.in_nav, blocks, filters, page.kind, drawn)
    return (kept.record, kept.queries, facts)


def _kept(plain: tuple[Any, ...], shared: dict[Any, Any]) -> Kept:
    """A page read back; its questions and answers each one object for the whole file (`shared`),
    as they were when the pages were made (a dump of one page does not know the others')."""
    from .pages import GeneratedPage

    record, queries, (src_uri, markdown, in_nav, blocks, filters, kind, drawn) = plain
    share = shared.setdefault
    queries = tuple((share(query, query), share(answer, answer)) for query, answer in queries)
    card = None if drawn is None else ShareCard(Card(*drawn[1]), drawn[0])
    page = GeneratedPage(
        src_uri,
        markdown,
        in_nav,
        tuple(HtmlBlock(html, searchable) for html, searchable in blocks),
        search_filters=filters,
        kind=kind,
        card=card,
    )
    return Kept(record, queries, page, (record, queries, plain[2]))


def _write(path: Path, signature: str, pages: dict[str, Kept]) -> None:
    compressor = zlib.compressobj(1)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        with open(temporary, "wb") as file:
            for record in _records(signature, pages):
                file.write(compressor.compress(len(record).to_bytes(4, "big") + record))
            file.write(compressor.flush())
        os.replace(temporary, path)
    except OSError:
        return


def _records(signature: str, pages: dict[str, Kept]) -> Iterator[bytes]:
    yield marshal.dumps((FORMAT, signature))
    for uri, kept in pages.items():
        if (plain := _plain(kept)) is not None:
            yield marshal.dumps((uri, plain))


def _read(path: Path) -> tuple[str, dict[str, Kept]] | None:
    """The file's traces; the cycle collector paused meanwhile (it would go through the tens of
    thousands of new tuples again and again, finding nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        records = _read_records(path)
        form, signature = marshal.loads(next(records, b""))
        if form != FORMAT:
            return None
        shared: dict[Any, Any] = {}
        pages = {}
        for record in records:
            uri, plain = marshal.loads(record)
            pages[uri] = _kept(plain, shared)
    except (OSError, ValueError, TypeError, EOFError, zlib.error):
        return None
    finally:
        if enabled:
            gc.enable()
    return signature, pages


def _read_records(path: Path) -> Iterator[bytes]:
    """The records of a file, one after the other (`ValueError` if it ends within one)."""
    decompressor = zlib.decompressobj()
    with open(path, "rb") as file:
        pending = b""
        while chunk := file.read(_CHUNK):
            data = pending + decompressor.decompress(chunk)
            start = 0
            while len(data) - start >= 4:
                end = start + 4 + int.from_bytes(data[start : start + 4], "big")
                if end > len(data):
                    break
                yield data[start + 4 : end]
                start = end
            pending = data[start:]
    if pending or not decompressor.eof:
        raise ValueError(f"{path}: cut short")
