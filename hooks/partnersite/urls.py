"""Addresses: where a language's pages live, and the links written on one page.

A page is named by its source (`jobs/x.md`, the same in every language). A link on a page is
one of three kinds, each named by what it is relative to:

- `md_link`: a Markdown link target, relative to the *source* page's folder; MkDocs checks it
  and rewrites it to the built address (and static-i18n to the language's page);
- `file_url`: an address in raw HTML (not rewritten), relative to the *built* page's address;
- `page_url`: the built address of another page, relative to the built page, as MkDocs writes
  a Markdown link to it (for HTML fragments, which MkDocs does not rewrite).
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup


def language_prefix(lang: str, root_language: str) -> str:
    """Where a language's pages live: the root language at the root, others in /<lang>/."""
    return "" if lang == root_language else f"{lang}/"


def page_path(src_uri: str) -> str:
    """The address of a page relative to its language's root: jobs/x.md -> jobs/x/."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


@functools.lru_cache(maxsize=65536)
def _relative(target: str, here: str) -> str:
    """posixpath.relpath(target, here), remembered: pages link to the same few folders over
    and over. Two addresses inside the site (relative, no `..`) are compared by their parts,
    without the current folder that `relpath` asks the system for; anything else is relpath's."""
    target_parts, here_parts = _parts(target), _parts(here)
    if target_parts is None or here_parts is None:
        return posixpath.relpath(target, here)
    common = 0
    for mine, theirs in zip(target_parts, here_parts, strict=False):
        if mine != theirs:
            break
        common += 1
    parts = [".."] * (len(here_parts) - common) + target_parts[common:]
    return "/".join(parts) if parts else "."


def _parts(path: str) -> list[str] | None:
    """The folders and name of a relative address within the site, or None (absolute, empty,
    or going up with `..`)."""
    if not path or path.startswith("/"):
        return None
    parts = [part for part in path.split("/") if part and part != "."]
    return None if ".." in parts else parts


@dataclass(frozen=True)
class SiteUrls:
    """The public addresses of one language's pages: `site_url` (mkdocs.yml) and the
    language's `prefix` (see `language_prefix`)."""

    site_url: str = "/"
    prefix: str = ""

    def __post_init__(self) -> None:
        if not self.site_url.endswith("/"):
            object.__setattr__(self, "site_url", self.site_url + "/")

    def absolute(self, src_uri: str) -> str:
        """The public address of a page (or file) of this language."""
        path = page_path(src_uri) if src_uri.endswith(".md") else src_uri
        return self.site_url + self.prefix + path

    def home(self) -> str:
        """The absolute path (no host) of the language's home page."""
        return urlsplit(self.site_url).path.rstrip("/") + "/" + self.prefix

    @property
    def host(self) -> str:
        return urlsplit(self.site_url).hostname or "localhost"


class PageLinks:
    """The links written on the page whose source is `src_uri`."""

    def __init__(self, src_uri: str) -> None:
        self.src_uri = src_uri
        self._folder = posixpath.dirname(src_uri) or "."
        self._here = page_path(src_uri) or "."

    def md_link(self, target: str, anchor: str = "") -> Markup:
        """A Markdown link target, relative to the source page: MkDocs checks it and rewrites
        it per language."""
        return Markup(_relative(target, self._folder) + (f"#{anchor}" if anchor else ""))

    def file_url(self, target: str) -> Markup:
        """The address of a file (jobs/feed.xml) for raw HTML, relative to the built page."""
        return Markup(_relative(target, self._here))

    def page_url(self, target: str, anchor: str = "") -> Markup:
        """The built address of page `target` (jobs/x.md) relative to the built page, as MkDocs
        writes a Markdown link to it."""
        relative = _relative(page_path(target) or ".", self._here)
        relative = "./" if relative == "." else relative + "/"
        return Markup(relative + (f"#{anchor}" if anchor else ""))


def link_target(value: str, escape: Callable[[str], str] = str) -> Markup:
    """An external address where a link goes: parentheses percent-encoded (they would end a
    Markdown link target), then escaped with the environment's `escape` (none in a Markdown link
    target, which Markdown escapes itself; HTML's in an attribute of an HTML fragment)."""
    return Markup(escape(str(value)).replace("(", "%28").replace(")", "%29"))
