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
- the language pass (`PageCache.begin_pass`): its language, the site's address (`mkdocs serve`
  gives it the server's: canonical and alternate links), the site's navigation as the theme
  draws it (titles and addresses) and the texts the theme is given (theme_globals);
- the page itself: its source (front matter and Markdown), its addresses, its HTML fragments,
  search filters, share card and its pages in the other languages.

Only the generated pages with a title of their own are kept (the records' pages and the lists in
the navigation: a page's place in the navigation, its neighbours and section, follows from the
navigation and its address, both in the key); the hand-written pages are always made. A kept
page skips MkDocs' page building altogether: right after the navigation is made
(`take_kept_pages`, from on_nav), its file becomes one MkDocs copies, the page as written,
rather than a page it converts and renders. What MkDocs and the other pages read of it is put
back on its `Page`: its front matter (the sitemap leaves out `noindex` pages), the anchors it
has (links from other pages may point to them) and its links to anchors of other pages, which
MkDocs checks as it checks those of the pages it builds, in the same order, with the same
messages. A page is reused only if every page and address it links to still exists (else it is
made, and MkDocs says what is wrong); a page during which anything was logged is not kept (so
its messages come again), nor are pages of a build whose messages are hidden (`--quiet`). After
a build that wrote a language, that language's entries it did not use are deleted. An entry that
cannot be read is a page to make. Deleting the folder is always safe; tests/test_pagecache.py
compares cached builds with clean ones after random edits.
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
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.utils import meta as front_matter
from mkdocs.utils import write_file

from .sourcecache import hash_parts

CACHE_VARIABLE = "SITE_PAGE_CACHE"
CACHE_FOLDER = ".cache/pages"
FORMAT = "2"  # bump when what an entry holds changes
# Settings that do not reach a page's HTML (the build date reaches it through its source).
_NOT_IN_PAGES = {
    "SITE_BUILD_DATE", "SITE_BUILD_LANGUAGES",
    "SITE_CARD_CACHE", "SITE_PICTURE_CACHE", "SITE_DATA_CACHE", "SITE_TEMPLATE_CACHE", "SITE_SOURCE_CACHE",
    CACHE_VARIABLE,
}  # fmt: skip
_SIGNED_FOLDERS = ("hooks", "overrides", "i18n")


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
    """A kept page: what MkDocs' link checks need of it, and the page as written (its bytes),
    compressed until it is written (a build holds all of them between its navigation and
    writing its files)."""

    compressed: bytes
    anchors: list[str]  # the ids in its content (links from other pages may point to them)
    anchor_links: dict[str, dict[str, str]]  # target's src_uri -> {anchor: link as written}
    targets: list[str]  # the addresses (File.url) its links point to

    @staticmethod
    def dump(output: str, anchors: list[str], anchor_links: dict[str, dict[str, str]], targets: list[str]) -> bytes:
        """An entry's bytes: the length of its facts, its facts (JSON), then the page, each
        compressed."""
        facts = zlib.compress(json.dumps([anchors, anchor_links, targets]).encode(), 1)
        # Encoded as MkDocs writes a page.
        written = output.encode("utf-8", errors="xmlcharrefreplace")
        return len(facts).to_bytes(4, "big") + facts + zlib.compress(written, 1)

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

    def write(self, file: File, dirty: bool = False) -> None:
        """Write the page where MkDocs writes `file` (in place of `File.copy_file`, which MkDocs
        calls for each file that is not a page; `dirty`: an in-memory file is always written)."""
        write_file(zlib.decompress(self.compressed), file.abs_dest_path)


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

    def begin_pass(self, lang: str, root_language: str, site_url: str, nav: Navigation, theme: object) -> None:
        """A pass that writes language `lang` of the site at `site_url` (under `mkdocs serve`, the
        server's): `theme` is what the theme is given in it (our globals). Its entries not used
        by the end of the build are deleted (`sweep`)."""
        self._pass, self._lang_folder, self._pending = None, None, {}
        navigation = nav_signature(nav)
        if self.folder is None or navigation is None:
            return
        self._pass = hash_parts(self._signature, lang, root_language, site_url, navigation, repr(theme))
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
        if not isinstance(page.meta.get("title"), str):
            return None
        return self._key(page)

    def _key(self, page: Page) -> str | None:
        """The key of a page, whatever its title (its source holds its front matter)."""
        file = page.file
        if self._pass is None or file.generated_by is None:
            return None
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
        return hash_parts(*parts)

    def _entry(self, key: str, files: Files) -> tuple[Entry, dict[File, dict[str, str]]] | None:
        """The kept page of `key` if there is one and every page and address it links to still
        exists, with its links to other pages' anchors (as `Page.links_to_anchors`)."""
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
        links = {}
        for src, anchors in entry.anchor_links.items():
            if (target := files.get_file_from_path(src)) is None:
                return None
            links[target] = dict(anchors)
        return entry, links

    def take_kept_pages(self, files: Files) -> None:
        """Once the navigation is made (on_nav), before MkDocs reads any page: each page this
        pass can reuse becomes a file MkDocs writes as it copies the theme's files (the page as
        kept), not a page it converts, renders and writes. Its `src_uri` stays, so that links to
        it still resolve and are checked. MkDocs and the sitemap read these of its `Page`: its
        front matter (as `Page.read_source` sets it), its anchors, and (for MkDocs to check
        them) its links to other pages' anchors. MkDocs checks those of the pages it builds,
        one page after another in the files' order, once all are written: a kept page's are
        checked in its place in that order, by the page built next (or last), with the same
        messages (`Page.validate_anchor_links`)."""
        if self._pass is None:
            return
        kept: list[tuple[Page, Entry, dict[File, dict[str, str]], str]] = []
        built = False  # whether MkDocs builds a page of this pass (whose link check to join)
        for file in files:
            page = file.page
            if page is None or not _built(file):
                continue
            key = self._key(page)
            found = None if key is None else self._entry(key, files)
            source = None if found is None else front_matter.get_data(file.content_string)
            if key is None or found is None or source is None or not isinstance(source[1].get("title"), str):
                built = True
                continue
            # Its front matter as read by `Page.read_source`; its Markdown is not needed, nor held
            # to the end of the build (not None: `Page.title` reads the front matter's then).
            page.markdown, page.meta = "", source[1]
            kept.append((page, *found, key))
        if not built or not kept:
            return  # no page's link check to join (the pages are made), or none to check
        checking = logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG  # as Page.render
        for page, entry, links, key in kept:
            file = page.file
            page.present_anchor_ids = set(entry.anchors)
            if checking:
                page.links_to_anchors = links
            # Instance attributes, which shadow File's methods for this file only.
            vars(file)["is_documentation_page"] = _not_a_page
            vars(file)["copy_file"] = partial(entry.write, file)
            self._mark_used(key)
            self.reused += 1
        _check_links_in_order(files, [page for page, *_ in kept])

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
        # Its links to other pages' anchors are known only if MkDocs collected them (not while
        # it logs its debug messages): else it cannot be checked once kept.
        pending.targets = None if page.links_to_anchors is None else link_targets(content, page.file.url)
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
        if path is None or pending.targets is None or not self.storing or not output.strip():
            return  # (MkDocs does not write an empty page, and says so)
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


def _not_a_page() -> bool:
    return False


def _built(file: File) -> bool:
    """Whether MkDocs builds `file` as a page, in `mkdocs build` as in `serve` (which also
    builds drafts)."""
    return file.is_documentation_page() and bool(file.inclusion.is_included())  # type: ignore[no-untyped-call]  # untyped in MkDocs


def _check_links_in_order(files: Files, kept: list[Page]) -> None:
    """Have each page MkDocs builds check, with its own links to anchors, those of the kept
    pages before it in `files` (and the last one, those of the kept pages after it): MkDocs
    calls `validate_anchor_links` of each page it builds, in the order of `files`."""
    taken = {id(page) for page in kept}
    waiting: list[Page] = []
    group: list[Page] | None = None  # the pages the last built page checks
    for file in files:
        page = file.page
        if page is None:
            continue
        if id(page) in taken:
            waiting.append(page)
        elif _built(file):
            group, waiting = [*waiting, page], []
            vars(page)["validate_anchor_links"] = partial(_validate_anchor_links, group)
    if group is not None:
        group.extend(waiting)


def _validate_anchor_links(pages: list[Page], *, files: Files, log_level: int) -> None:
    for page in pages:
        Page.validate_anchor_links(page, files=files, log_level=log_level)
