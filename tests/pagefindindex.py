"""What a built site's Pagefind bundle holds, read as the browser's search reads it: each page
indexed (its fragment: address, text, filters, title), per language.

A fragment is `pagefind/fragment/<lang>_<hash>.pf_fragment`: gzip of "pagefind_dcd" followed
by the page's JSON (Pagefind 1.5's format; its JS reads them the same way).
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


@dataclass(frozen=True)
class IndexedPage:
    lang: str
    url: str  # as the search links to it: "/fr/jobs/x/"
    title: str
    content: str
    filters: dict[str, list[str]]


def indexed_pages(site: Path) -> list[IndexedPage]:
    """Every page of every language's index in the site's bundle."""
    pages = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(SIGNATURE), path
        fragment = json.loads(data[len(SIGNATURE) :])
        lang = path.name.split("_", 1)[0]
        pages.append(
            IndexedPage(
                lang, fragment["url"], fragment["meta"].get("title", ""), fragment["content"], fragment["filters"]
            )
        )
    return pages


def languages(site: Path) -> dict[str, int]:
    """The languages of the bundle, with the number of pages each index holds."""
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    return {lang: value["page_count"] for lang, value in entry["languages"].items()}


def index_contents(site: Path) -> set[tuple[str, str, str, str, str]]:
    """What the bundle holds, page by page (language, address, title, text, filters): two
    builds of the same pages hold the same, though Pagefind 1.5.2 names (and orders) its filter
    files differently from one run to the next."""
    return {
        (p.lang, p.url, p.title, p.content, repr(sorted((key, sorted(values)) for key, values in p.filters.items())))
        for p in indexed_pages(site)
    }


def without_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """A site's files (by path) but the search bundle's (see `index_contents`)."""
    return {name: content for name, content in files.items() if not name.startswith("pagefind/")}
