"""The pages of earlier builds, reused when nothing a page is made from has changed.

Most of a build's time goes into the record pages (jobs, members, events, projects, news):
Python-Markdown converts each source, Material's templates wrap it, then the hooks mark it for
the search and typeset it (French). Between two builds almost all of them are the same: the
nightly rebuild changes the build date and perhaps a record, a save in the preview one record.
So each such page, as written, is kept in a folder (`.cache/pages/` beside mkdocs.yml, or
`SITE_PAGE_CACHE`; empty or `off`: none kept) under a key: a hash of everything it is
made from. A later build that computes the same key writes the kept page instead of making it.

The key (`PageCache.key`) holds:
- the code and the texts around every page (`code_signature`): every file under hooks/,
  overrides/ and i18n/, mkdocs.yml, the installed packages and Python, the `SITE_*`
  settings that reach the pages (not the build date, the languages a process writes, nor the
  caches' folders: a page's source says what the date changes);
- the language pass (`PageCache.begin_pass`): its language, the site's navigation as the
  theme draws it (titles and addresses) and the texts the theme is given (theme_globals);
- the page itself: its source (front matter and Markdown), its addresses, its HTML fragments,
  search filters, share card and its pages in the other languages.

Only the generated pages outside the navigation, with a title of their own, are kept; the few
others are always made. What a kept page brings besides its HTML is put back, so that MkDocs
checks the links as it would: the anchors it has, its links to anchors of other pages, and
the addresses its links point to. A page is reused only if each of those still exists (else
it is made, and MkDocs says what is wrong); a page during which anything was logged is not
kept (so its messages come again), nor are pages of a build whose messages are hidden
(`--quiet`). After a build that wrote a language, that language's entries it did not use are
deleted. An entry that cannot be read is a page to make. Deleting the folder is always safe;
tests/test_pagecache.py compares cached builds with clean ones after random edits.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
import logging
import os
import posixpath
import re
import sys
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter

CACHE_VARIABLE = "SITE_PAGE_CACHE"
CACHE_FOLDER = ".cache/pages"
FORMAT = "1"  # bump when what an entry holds changes
# Settings that do not reach a page's HTML (the build date reaches it through its source).
_NOT_IN_PAGES = {
    "SITE_BUILD_DATE", "SITE_BUILD_LANGUAGES",
    "SITE_CARD_CACHE", "SITE_PICTURE_CACHE", "SITE_DATA_CACHE", "SITE_TEMPLATE_CACHE", "SITE_SOURCE_CACHE",
    CACHE_VARIABLE,
}  # fmt: skip
_SIGNED_FOLDERS = ("hooks", "overrides", "i18n")
TEMPLATE = "ps-cached.html"  # overrides/: writes the kept page as it is
CONTEXT_KEY = "ps_cached_page"


def cache_folder(root: Path) -> Path | None:
    """Where pages are kept: `SITE_PAGE_CACHE` if set (empty or `off`: nowhere), else
    `.cache/pages/` beside mkdocs.yml."""
    configured = os.environ.get(CACHE_VARIABLE)
    if configured is None:
        return root / CACHE_FOLDER
    return None if configured.strip().lower() in ("", "off") else Path(configured)


_PACKAGES: str | None = None


def _packages() -> str:
    """The installed distributions and their versions (once per process)."""
    global _PACKAGES
    if _PACKAGES is None:
        found = sorted({f"{dist.metadata['Name']}=={dist.version}" for dist in importlib.metadata.distributions()})
        _PACKAGES = "\n".join([sys.version, *found])
    return _PACKAGES


def code_signature(root: Path, environ: Mapping[str, str] | None = None) -> str:
    """A hash of everything around the pages: our code and templates, the theme's overrides,
    the texts, mkdocs.yml, the packages, and the settings that reach the pages."""
    environ = os.environ if environ is None else environ
    digest = hashlib.sha256(f"format {FORMAT}\n{_packages()}\n".encode())
    settings = sorted((k, v) for k, v in environ.items() if k.startswith("SITE_") and k not in _NOT_IN_PAGES)
    digest.update(json.dumps(settings).encode())
    paths = [root / "mkdocs.yml"]
    for folder in _SIGNED_FOLDERS:
        paths.extend(sorted(p for p in (root / folder).rglob("*") if "__pycache__" not in p.parts))
    for path in paths:
        if path.is_file():
            digest.update(f"\0{path.relative_to(root).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def nav_signature(nav: Navigation) -> str | None:
    """The navigation as the theme draws it on a page outside it: each item's kind, title and
    address; None if a page's title is known only once it is converted (no `title:`)."""

    def items(entries: Iterable[Any]) -> list[Any] | None:
        out: list[Any] = []
        for entry in entries:
            if isinstance(entry, Section):
                children = items(entry.children)
                if children is None:
                    return None
                out.append(["section", entry.title, children])
            elif isinstance(entry, Page):
                title = getattr(entry, "_title_from_config", None)
                if title is None:
                    title = front_matter.get_data(entry.file.content_string)[1].get("title")
                if not isinstance(title, str):
                    return None
                out.append(["page", title, entry.file.url, entry.is_homepage])
            elif isinstance(entry, Link):
                out.append(["link", entry.title, entry.url])
            else:
                return None
        return out

    listed = items(nav.items)
    return None if listed is None else json.dumps(listed)


@dataclass
class Entry:
    """A kept page: what MkDocs' link checks need of it, and the page as written, compressed
    until it is written (a build holds all of them between reading and writing its pages)."""

    compressed: bytes
    anchors: list[str]  # the ids in its content (links from other pages may point to them)
    anchor_links: dict[str, dict[str, str]]  # target's src_uri -> {anchor: link as written}
    targets: list[str]  # the addresses (File.url) its links point to

    @staticmethod
    def dump(output: str, anchors: list[str], anchor_links: dict[str, dict[str, str]], targets: list[str]) -> bytes:
        """An entry's bytes: the length of its facts, its facts (JSON), then the page, each
        compressed."""
        facts = zlib.compress(json.dumps([anchors, anchor_links, targets]).encode(), 1)
        return len(facts).to_bytes(4, "big") + facts + zlib.compress(output.encode(), 1)

    @classmethod
    def load(cls, path: Path) -> Entry:
        blob = path.read_bytes()
        size = int.from_bytes(blob[:4], "big")
        anchors, anchor_links, targets = json.loads(zlib.decompress(blob[4 : 4 + size]))
        if not (isinstance(anchors, list) and isinstance(anchor_links, dict) and isinstance(targets, list)):
            raise ValueError(f"{path}: not an entry")
        output = blob[4 + size :]
        zlib.decompressobj().decompress(output, 1)  # raises now if it is not compressed data
        return cls(output, anchors, anchor_links, targets)

    @property
    def output(self) -> str:
        return zlib.decompress(self.compressed).decode()


_LINK = re.compile(r"""\s(?:href|src)="([^"]*)\"""")


def link_targets(content: str, page_url: str) -> list[str] | None:
    """The site addresses the links of a page's converted content point to (relative links
    only; None if one is absolute, which MkDocs may warn about)."""
    targets = set()
    for match in _LINK.finditer(content):
        link = match[1]
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not parts.path:
            continue  # another site, mailto:, or an anchor on the page
        if link.startswith("/"):
            return None
        resolved = urljoin("/" + page_url, parts.path)
        targets.add(posixpath.normpath(resolved.lstrip("/")) + ("/" if resolved.endswith("/") else ""))
    return sorted(targets)


@dataclass
class _Pending:
    key: str
    count: int  # messages logged before the step began
    quiet: bool = True  # nothing logged during its conversion
    targets: list[str] | None = None
    anchors: list[str] = field(default_factory=list)
    anchor_links: dict[str, dict[str, str]] = field(default_factory=dict)


class _Messages(logging.Handler):
    """Counts what MkDocs and the plugins log (a page during which something was said is not
    kept: a reused page would not say it again)."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class PageCache:
    """The kept pages of one language pass at a time (see the module's docstring)."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self._signature = ""
        self._pass: str | None = None  # this pass's part of the keys; None: nothing kept now
        self._lang_folder: Path | None = None
        self._urls: tuple[Files | None, frozenset[str]] = (None, frozenset())
        self._used: dict[Path, set[str]] = {}  # per language folder, the entries this build used
        self._messages = _Messages()
        self._pending: dict[str, _Pending] = {}  # src_uri -> a page being made, to keep
        self.reused = 0  # this build's figures (bench, log)
        self.made = 0

    # -- a build, a pass -------------------------------------------------------------------
    def begin(self, folder: Path | None, signature: str) -> None:
        """A new build (every language); `folder` None: nothing is kept or reused."""
        self.folder, self._signature = folder, signature
        self._used, self.reused, self.made = {}, 0, 0
        logger = logging.getLogger("mkdocs")
        # Under `mkdocs serve` the hook file, and so this object, is made again at each rebuild:
        # one counter at a time.
        for handler in [h for h in logger.handlers if isinstance(h, _Messages) and h is not self._messages]:
            logger.removeHandler(handler)
        if self._messages not in logger.handlers:
            logger.addHandler(self._messages)

    def begin_pass(self, lang: str, root_language: str, nav: Navigation, theme: object) -> None:
        """A pass that writes language `lang`: `theme` is what the theme is given in it (our
        globals). Its entries not used by the end of the build are deleted (`sweep`)."""
        self._pass, self._lang_folder, self._pending = None, None, {}
        navigation = nav_signature(nav)
        if self.folder is None or navigation is None:
            return
        self._pass = _hash(self._signature, lang, root_language, navigation, repr(theme))
        self._lang_folder = self.folder / f"{root_language}-{lang}"
        self._used.setdefault(self._lang_folder, set())

    def end_pass(self) -> None:
        """A pass that keeps nothing (a language another process writes, the page of problems)."""
        self._pass, self._lang_folder, self._pending = None, None, {}

    @property
    def storing(self) -> bool:
        """Whether pages are kept: not while MkDocs hides its messages (`--quiet`)."""
        return logging.getLogger("mkdocs").isEnabledFor(logging.INFO)

    # -- a page ----------------------------------------------------------------------------
    def key(self, page: Page) -> str | None:
        """The page's key, or None if it is not one to keep (see the module's docstring)."""
        file = page.file
        if self._pass is None or file.generated_by is None or not isinstance(page.meta.get("title"), str):
            return None
        if page.previous_page is not None or page.next_page is not None or page.parent is not None:
            return None  # in the navigation
        alternates = sorted((lang, other.url) for lang, other in (getattr(file, "alternates", None) or {}).items())
        parts = [
            self._pass,
            file.src_uri,
            file.dest_uri,
            file.url,
            file.content_string,
            repr(getattr(file, "html_blocks", ())),
            repr(getattr(file, "search_filters", ())),
            repr(getattr(file, "page_kind", "")),
            repr(getattr(file, "share_card", None)),
            json.dumps(alternates),
        ]
        return _hash(*parts)

    def reuse(self, key: str, files: Files) -> Entry | None:
        """The kept page of `key` if there is one and every address it links to still exists."""
        path = self._path(key)
        if path is None:
            return None
        try:
            entry = Entry.load(path)
        except (OSError, ValueError, TypeError, zlib.error):
            return None
        urls = self._site_urls(files)
        if not all(target in urls for target in entry.targets):
            return None
        if not all(files.get_file_from_path(src) is not None for src in entry.anchor_links):
            return None
        self._mark_used(key)
        self.reused += 1
        return entry

    def use(self, page: Page, entry: Entry, files: Files) -> None:
        """Write `page` as kept: through the template that writes it as it was (TEMPLATE), and
        without converting its Markdown. MkDocs calls `page.render` for every page; this page's
        is replaced by one that only puts back what MkDocs' link checks read of it after
        converting (its anchors, its links to other pages' anchors)."""
        vars(page.file)["kept_page"] = entry
        page.meta["template"] = TEMPLATE

        def render(config: object, files: Files = files) -> None:
            page.content = ""
            page.present_anchor_ids = set(entry.anchors)
            if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
                links = {}
                for src, anchors in entry.anchor_links.items():
                    target = files.get_file_from_path(src)
                    if target is not None:
                        links[target] = dict(anchors)
                page.links_to_anchors = links

        vars(page)["render"] = render  # this page's only (Page.render is unchanged)

    # A page to keep is made in two steps, with other pages' in between: converted (from
    # on_page_markdown to on_page_content), then written (on_page_context to on_post_page).
    def converting(self, page: Page, key: str) -> None:
        self._pending[page.file.src_uri] = _Pending(key, self._messages.count)

    def converted(self, page: Page, content: str) -> None:
        """Its converted content (before our fragments, which MkDocs does not check)."""
        pending = self._pending.get(page.file.src_uri)
        if pending is None:
            return
        pending.quiet = pending.quiet and pending.count == self._messages.count
        pending.targets = link_targets(content, page.file.url)
        pending.anchors = sorted(page.present_anchor_ids or ())
        pending.anchor_links = {file.src_uri: dict(links) for file, links in (page.links_to_anchors or {}).items()}

    def writing(self, page: Page) -> None:
        if (pending := self._pending.get(page.file.src_uri)) is not None:
            pending.count = self._messages.count

    def keep(self, page: Page, output: str) -> None:
        """A page just written (`output`), kept unless something was logged while it was made."""
        pending = self._pending.pop(page.file.src_uri, None)
        if pending is None or not pending.quiet or pending.count != self._messages.count:
            return
        path = self._path(pending.key)
        if path is None or pending.targets is None or not self.storing:
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            temporary.write_bytes(Entry.dump(output, pending.anchors, pending.anchor_links, pending.targets))
            os.replace(temporary, path)
        except OSError:
            return
        self._mark_used(pending.key)
        self.made += 1

    def sweep(self) -> None:
        """After a whole build: delete the entries of the languages it wrote that it did not use."""
        for folder, used in self._used.items():
            if not folder.is_dir():
                continue
            for path in folder.glob("*/*"):
                if path.name not in used:
                    path.unlink(missing_ok=True)
        self._used = {}

    # -- helpers ---------------------------------------------------------------------------
    def _path(self, key: str) -> Path | None:
        return None if self._lang_folder is None else self._lang_folder / key[:2] / key

    def _mark_used(self, key: str) -> None:
        if self._lang_folder is not None:
            self._used[self._lang_folder].add(key)

    def _site_urls(self, files: Files) -> frozenset[str]:
        if self._urls[0] is not files:
            self._urls = (files, frozenset(file.url for file in files))
        return self._urls[1]


def _hash(*parts: str) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()
