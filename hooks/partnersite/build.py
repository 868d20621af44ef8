"""One site build: data loaded and checked once, pages rendered per language.

Free of MkDocs imports: the hook file (`hooks/site.py`) translates between MkDocs events and
these calls, and tests drive this class directly.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache

from .catalog import CatalogCache
from .directives import expand_directives
from .pages import GeneratedFile, GeneratedPage, language_prefix, render_files, render_pages
from .render import Renderer
from .search import language_index
from .strings import Strings, load_strings
from .structured import script_json
from .views import Views, build_date


class SiteBuild:
    """Holds what every language pass of one build shares, and caches it across rebuilds."""

    def __init__(self) -> None:
        self._catalogs = CatalogCache()
        self.command = ""  # "build", "serve" or "gh-deploy"
        self.site_url = "/"
        self.default = "en"  # the language at the site's root
        self.content_default: str | None = None  # the language every text has (mkdocs.yml's default)
        self.views: Views | None = None
        self.strings: Strings | None = None
        self._renderers: dict[str, Renderer] = {}
        self._kept: dict[str, str] = {}

    def load(
        self, root: Path, languages: tuple[str, ...], default: str, site_url: str, today: dt.date | None = None
    ) -> None:
        """Read and check `root/data` and `root/i18n`; raise `DataError` or `StringsError`.

        `default` is the language built at the site's root (another one in a one-language
        preview); texts are always checked in every language, the content default first."""
        content_default = self.content_default or default
        languages = (content_default, *(lang for lang in languages if lang != content_default))
        catalog = self._catalogs.get(root / "data", languages)
        self.site_url, self.default = site_url or "/", default
        self.strings = load_strings(root / "i18n", languages, content_default)
        self.views = Views(catalog, today or build_date())
        self._renderers = {}

    def renderer(self, lang: str) -> Renderer:
        if self.views is None or self.strings is None:
            raise RuntimeError("SiteBuild.load() must run first")
        if lang not in self._renderers:
            prefix = language_prefix(lang, self.default)
            self._renderers[lang] = Renderer(self.views, self.strings, lang, self.site_url, prefix)
        return self._renderers[lang]

    def pages(self, lang: str) -> list[GeneratedPage]:
        return render_pages(self.renderer(lang))

    # -- per-language outputs that MkDocs and static-i18n write once for all languages --------
    def keep_language_outputs(self, site_dir: Path, lang: str) -> None:
        """After a language's build: move its search index under its own folder."""
        index = site_dir / "search" / "search_index.json"
        prefix = language_prefix(lang, self.default)
        text = language_index(index.read_text(encoding="utf-8"), lang, prefix)
        self._kept[f"{prefix}search/search_index.json"] = text
        _write(site_dir / prefix / "search" / "search_index.json", text)

    def keep_404(self, lang: str, html: str) -> None:
        """The not-found page of a language, to be written at /<lang>/404.html."""
        self._kept[language_prefix(lang, self.default) + "404.html"] = html

    def write_kept_outputs(self, site_dir: Path) -> None:
        """Once every language is built: write what later languages overwrote at the root."""
        for path, text in self._kept.items():
            _write(site_dir / path, text)
        self._kept.clear()

    def notfound_context(self, lang: str) -> dict[str, str]:
        """What the not-found page of a language says, with absolute links (it is served at
        any missing address)."""
        root = urlsplit(self.site_url).path.rstrip("/") + "/" + language_prefix(lang, self.default)
        get = functools.partial(self.strings.get, lang)
        return {
            "title": get("notfound.title"),
            "text": get("notfound.text"),
            "home": root,
            "home_label": get("notfound.home"),
            "jobs": root + "jobs/",
            "jobs_label": get("notfound.jobs"),
        }

    def footer(self, lang: str) -> dict[str, str]:
        """The footer's link to the accessibility statement, in the language being built."""
        path = language_prefix(lang, self.default) + "accessibility/"
        return {"accessibility": self.strings.get(lang, "footer.accessibility"), "accessibility_path": path}

    def search_label(self, lang: str) -> str:
        return self.strings.get(lang, "search.label")

    def suggestions(self) -> str:
        """The language suggestion of each language, for assets/javascripts/language.js."""
        keys = ("label", "text", "go", "dismiss")
        texts = {lang: {key: self.strings.get(lang, f"suggest.{key}") for key in keys} for lang in self.strings.tables}
        return str(script_json(texts))

    def files(self, lang: str) -> list[GeneratedFile]:
        return render_files(self.renderer(lang))

    def expand(self, markdown: str, lang: str, src_uri: str) -> str:
        return expand_directives(markdown, self.renderer(lang), src_uri)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory, keyed by name and source (Jinja's own key)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
