"""The site's search (Pagefind): what each page tells the index, and the indexing itself.

Pagefind (PyPI `pagefind`, pinned) reads the built HTML once every language is written and
writes one bundle, `pagefind/` at the site's root, holding one index per `<html lang>`: a
French page searches French pages only, with French stemming, accents folded. What it reads:

- `data-pagefind-body` on the article of every page that may be found (`mark_page`); a page
  without it is not indexed: the pages that ask search engines not to index them (a closed
  offer, a fictional example), the not-found pages, the preview's page of problems;
- `data-pagefind-ignore` around the lists that repeat other records (markup.insert_html_blocks):
  each record is found on its own page;
- the filters kind, area and cluster (`page_filters`), as hidden empty elements that carry
  their value in the page's language (the search shows values as they are indexed).

The kind of a record page comes from its collection (`KINDS`): a new collection of records
with a page of its own (pages.RECORD_PAGES) gets a kind by being listed there, with its label
`search.kind.<kind>` in i18n/<lang>.yml. Every other page is of the kind "other".
The browser side is docs/assets/javascripts/search.js; the header's button,
overrides/partials/ps-search.html.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from html import escape
from pathlib import Path
from typing import Any

# A record page's collection -> the kind of page the search's filter names (news: when a
# collection of that name has pages).
KINDS = {"jobs": "job", "members": "member", "projects": "project", "events": "event", "news": "news"}
OTHER = "other"
FILTERS = ("kind", "area", "cluster")
# Texts of Pagefind's interface written in i18n/<lang>.yml (`search.ui.<key>`) rather than taken
# from Pagefind's own translations: its Dutch "Reset" is English, its "..." three full stops.
PAGEFIND_TEXTS = ("clear_search", "searching", "loading", "search_suggestion")

# What Pagefind should not read in an article: the headings' anchors ("¶") are no words.
EXCLUDED = ".headerlink"
BUNDLE = "pagefind"  # the bundle's folder at the site's root

_ARTICLE = '<article class="md-content__inner md-typeset">'


def kind_of(collection: str) -> str:
    """The search kind of a page showing a record of `collection` (`OTHER` if none)."""
    return KINDS.get(collection, OTHER)


def _clusters_of(record: Mapping[str, Any], catalog: Any) -> list[str]:
    """The clusters a record belongs to: its own, its employer's, its partners' or organisers'."""
    found = [record["cluster"]] if record.get("cluster") else []
    members = [record["employer"]] if record.get("employer") else []
    members += list(record.get("partners") or [])
    for organiser in record.get("organisers") or []:
        (found if organiser in catalog.clusters else members).append(organiser)
    found += [catalog.members[member]["cluster"] for member in members if member in catalog.members]
    return list(dict.fromkeys(found))


Filters = tuple[tuple[str, str], ...]  # (key, value in the page's language)


def page_filters(
    collection: str,
    record: Mapping[str, Any] | None,
    catalog: Any,
    label: Callable[[str], str],
    name: Callable[[Any], str],
) -> Filters:
    """A generated page's filters, (key, value) in the page's language: its kind, the strategic
    areas and the clusters of the record it shows. An area's page is of its area. `label`
    gives an interface string; `name`, a record's text in the page's language."""
    kind = kind_of(collection) if collection != "areas" else OTHER
    filters = [("kind", label(f"search.kind.{kind}"))]
    if record is None:
        return tuple(filters)
    areas = [record["id"]] if collection == "areas" else []
    areas += [record["area"]] if record.get("area") else list(record.get("areas") or [])
    filters += [("area", name(catalog.areas[area]["name"])) for area in dict.fromkeys(areas) if area in catalog.areas]
    filters += [("cluster", name(catalog.clusters[cluster]["name"])) for cluster in _clusters_of(record, catalog)]
    return tuple(filters)


def mark_page(html: str, filters: Iterable[tuple[str, str]]) -> str:
    """A written page, marked to be found: its article is what the index reads, with its
    filters (key, value in the page's language)."""
    tags = "".join(f'<span hidden data-pagefind-filter="{key}:{escape(value)}"></span>' for key, value in filters)
    return html.replace(_ARTICLE, _ARTICLE.replace(">", " data-pagefind-body>") + tags, 1)


def browser_settings(strings: Mapping[str, str], labels: Mapping[str, str]) -> str:
    """What search.js needs, as JSON for a `<script type="application/json">`: the filters'
    labels and the texts of Pagefind's interface that we write ourselves."""
    data = {"filters": dict(labels), "translations": dict(strings)}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site (its own message)."""


def index_command(site_dir: Path) -> list[str]:
    """The Pagefind command that indexes the built site in `site_dir`."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        BUNDLE,
        "--exclude-selectors",
        EXCLUDED,
        "--silent",
    ]


# Seconds of each indexing in this process (bench/build.py prints the build's).
INDEXING_SECONDS: list[float] = []


class SiteIndexer:
    """Runs Pagefind on a built site: once at the end of `mkdocs build` (before the site is
    published), or under `mkdocs serve` in the background, so that the page reloads without
    waiting for the index (a search in the second or so after a save finds the previous one).
    A rebuild under `mkdocs serve` first stops the indexing of the previous one (`cancel`):
    MkDocs empties the folder Pagefind is reading, which would fail it, and its message, a
    warning logged during the new build, would stop that build (strict mode)."""

    def __init__(self) -> None:
        self.seconds = 0.0  # the last indexing's duration (bench/build.py prints it)
        self._running: threading.Thread | None = None
        self._again: Path | None = None
        self._process: subprocess.Popen[str] | None = None
        self._cancelled = False
        self._lock = threading.Lock()

    def index(self, site_dir: Path) -> None:
        """Index the site now; raises SearchIndexError with Pagefind's message if it fails."""
        start = time.perf_counter()
        with self._lock:
            if self._cancelled:
                raise SearchIndexError("Pagefind was stopped: the site is being built again")
            process = self._process = subprocess.Popen(
                index_command(site_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        try:
            stdout, stderr = process.communicate()
        finally:
            with self._lock:
                self._process = None
        self.seconds = time.perf_counter() - start
        INDEXING_SECONDS.append(self.seconds)
        if process.returncode:
            raise SearchIndexError(f"Pagefind could not index the site: {(stderr or stdout).strip()}")

    def index_in_background(self, site_dir: Path, report: Callable[[str], None]) -> None:
        """Index the site in a thread; a build that ends meanwhile is indexed after it."""
        with self._lock:
            if self._running is not None and self._running.is_alive():
                self._again = site_dir
                return
            self._running = threading.Thread(target=self._run, args=(site_dir, report), daemon=True)
            self._running.start()

    def cancel(self) -> None:
        """Stop the background indexing, if one runs, and forget the one waiting: the site is
        about to be built again (and indexed after)."""
        with self._lock:
            running, process = self._running, self._process
            self._cancelled, self._again = True, None
        if process is not None and process.poll() is None:
            process.terminate()
        if running is not None:
            running.join()
        with self._lock:
            self._cancelled = False

    def _run(self, site_dir: Path, report: Callable[[str], None]) -> None:
        while True:
            try:
                self.index(site_dir)
            except (SearchIndexError, OSError) as error:
                if not self._cancelled:
                    report(str(error))
            with self._lock:
                if self._again is None or self._cancelled:
                    self._running, self._again = None, None
                    return
                site_dir, self._again = self._again, None
