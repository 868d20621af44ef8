"""One site build: data loaded and checked once, pages rendered per language.

Free of MkDocs imports: the hook file (`hooks/site.py`) translates between MkDocs events and
these calls, and tests drive this class directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from .catalog import CatalogCache
from .directives import expand_directives
from .pages import GeneratedFile, GeneratedPage, language_prefix, render_files, render_pages
from .render import Renderer
from .strings import Strings, load_strings
from .views import Views, build_date


class SiteBuild:
    """Holds what every language pass of one build shares, and caches it across rebuilds."""

    def __init__(self) -> None:
        self._catalogs = CatalogCache()
        self.site_url = "/"
        self.default = "en"
        self.views: Views | None = None
        self.strings: Strings | None = None
        self._renderers: dict[str, Renderer] = {}

    def load(
        self, root: Path, languages: tuple[str, ...], default: str, site_url: str, today: dt.date | None = None
    ) -> None:
        """Read and check `root/data` and `root/i18n`; raise `DataError` or `StringsError`."""
        catalog = self._catalogs.get(root / "data", languages)
        self.site_url, self.default = site_url or "/", default
        self.strings = load_strings(root / "i18n", languages, default)
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

    def files(self, lang: str) -> list[GeneratedFile]:
        return render_files(self.renderer(lang))

    def expand(self, markdown: str, lang: str, src_uri: str) -> str:
        return expand_directives(markdown, self.renderer(lang), src_uri)
