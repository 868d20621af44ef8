"""One registry of every address the build writes, and the records whose address is taken.

A record's id becomes an address (`jobs/<id>/`, `events/<id>.ics`...). An id that is also the
address of something else the build writes (the jobs list at `jobs/`, the calendar of all
events at `events/calendar.ics`, the per-area job lists under `jobs/area/`) would silently
replace it, or be replaced. The registry lists every output of the build, for every record
whatever the build date, from the same plan the build renders (`pages.page_sources`,
`pages.file_paths`), with the hand-written pages and files of `docs/`; two outputs of
different owners at the same address are an error on the record's `id`.

Two outputs share an address when they have the same path without its ending: `jobs/feed.xml`
and `jobs/feed/index.html` are both "jobs/feed" to a reader. A record's address also may not be
a folder that holds another owner's outputs (`jobs/area/` holds the per-area job lists).
"""

from __future__ import annotations

import posixpath
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .catalog import Catalog
from .collections import COLLECTIONS
from .pages import INDEX_PAGES, NEWS_FEED, calendar_path, feed_path, file_paths, page_sources
from .records import source_of
from .schema import Problem

SINGULAR = {collection.name: collection.singular for collection in COLLECTIONS}

# Written at each language's root by MkDocs, Material and static-i18n (and by our hooks; the
# pictures' sizes at the site's root only, kept free in every language: picture_output.py).
SITE_FILES = ("404.html", "sitemap.xml", "sitemap.xml.gz", "pagefind/", "assets/", "pictures/")


@dataclass(frozen=True)
class Output:
    """Something the build writes under a language's root."""

    path: str  # "jobs/x/index.html", "jobs/feed.xml"
    what: str  # in words, for messages
    record: Mapping[str, Any] | None = None  # the record it is made from, if any
    collection: str = ""
    source: str = ""  # a hand-written file in docs/

    @property
    def owner(self) -> tuple[str, str] | str:
        if self.record is not None:
            return (self.collection, self.record["id"])
        return self.source or self.what


def page_output(src_uri: str) -> str:
    """Where MkDocs writes the page `src_uri` (with directory URLs): jobs/x.md -> jobs/x/index.html."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def address_of(path: str) -> str:
    """The address a reader sees: the path without index.html or its ending (jobs/x, jobs/feed)."""
    if path.endswith("/"):
        return path.rstrip("/")
    folder, name = posixpath.split(path)
    if name == "index.html":
        return folder
    return posixpath.join(folder, name.split(".", 1)[0]) if "." in name else path


# What a reader calls the site's own pages and files, for messages.
NAMES = {
    "clusters.md": "the clusters page",
    "strategy.md": "the strategy page",
    "members/index.md": "the members list",
    "projects/index.md": "the projects list",
    "events/index.md": "the events list",
    "jobs/index.md": "the jobs list",
    "news/index.md": "the news list",
    feed_path(): "the feed of all open jobs",
    NEWS_FEED: "the news feed",
    calendar_path(): "the calendar of all events",
}
assert set(INDEX_PAGES) <= set(NAMES), "name every index page for the messages"


def registry(catalog: Catalog, docs_dir: Path | None, languages: tuple[str, ...]) -> list[Output]:
    """Every output of the build in one language's folder."""
    outputs = [Output(path, "a file of the site") for path in SITE_FILES]
    outputs += [Output(f"{lang}/", f"the folder of the {lang} pages") for lang in languages[1:]]
    for page in page_sources(catalog):
        if page.record is None:
            what = NAMES[page.src_uri]
        else:
            kind = "the job list" if page.src_uri.startswith("jobs/area/") else "the page"
            what = f"{kind} of {SINGULAR[page.collection]} {page.record['id']}"
        outputs.append(Output(page_output(page.src_uri), what, page.record, page.collection))
    for path, record in file_paths(catalog):
        if record is None:
            outputs.append(Output(path, NAMES[path]))
        elif path.endswith(".ics"):
            outputs.append(Output(path, f"the calendar file of event {record['id']}", record, "events"))
        else:
            outputs.append(Output(path, f"the job feed of area {record['id']}", record, "areas"))
    if docs_dir is not None and docs_dir.is_dir():
        outputs += [_docs_output(path, docs_dir, languages) for path in sorted(docs_dir.rglob("*")) if path.is_file()]
    return outputs


def _docs_output(path: Path, docs_dir: Path, languages: tuple[str, ...]) -> Output:
    relative = path.relative_to(docs_dir).as_posix()
    if relative.endswith(".md"):
        stem = relative.removesuffix(".md")
        for lang in languages:  # index.fr.md is the French index.md
            stem = stem.removesuffix(f".{lang}")
        return Output(page_output(stem + ".md"), f"the hand-written page docs/{relative}", source=f"docs/{relative}")
    return Output(relative, f"the file docs/{relative}", source=f"docs/{relative}")


def check_addresses(catalog: Catalog, docs_dir: Path | None, languages: tuple[str, ...]) -> list[Problem]:
    """A problem for each record whose address is also another owner's."""
    outputs = registry(catalog, docs_dir, languages)
    at: dict[str, list[Output]] = defaultdict(list)  # address -> the outputs there
    within: dict[str, list[Output]] = defaultdict(list)  # folder -> the outputs in it
    for output in outputs:
        address = address_of(output.path)
        at[address].append(output)
        folder = posixpath.dirname(address)
        while folder:
            within[folder].append(output)
            folder = posixpath.dirname(folder)
    problems: dict[tuple[str, str] | str, Problem] = {}
    for output in outputs:
        if output.record is None or output.owner in problems:
            continue
        address = address_of(output.path)
        same = [other for other in at[address] if other.owner != output.owner]
        inside = [other for other in within.get(address, ()) if other.owner != output.owner]
        if same or inside:
            problems[output.owner] = _collision(output, (same or inside)[0], inside=not same)
    return list(problems.values())


def _collision(output: Output, other: Output, inside: bool) -> Problem:
    """The problem of a record whose address is `other`'s, or (`inside`) holds `other`."""
    record = output.record
    assert record is not None
    shown = address_of(output.path) + ("/" if output.path.endswith("index.html") else "")
    relation = "is the folder of" if inside else "is also the address of"
    message = (
        f"the id '{record['id']}' cannot be used: the address it gives, {shown}, {relation} {other.what}"
        f" ({other.path}); choose another id"
    )
    label = f"{SINGULAR[output.collection]} {record['id']}"
    source = source_of(record)
    if source is None:  # a record made otherwise than by loading the data (a test's)
        return Problem("", 1, 1, "id", message, label)
    return Problem(source.file, source.line, source.column, "id", message, label)
