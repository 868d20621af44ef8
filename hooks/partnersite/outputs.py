"""The language passes of one build, and what each writes where another pass overwrites it.

The contract (mkdocs-static-i18n 1.3.1, `plugin.py`):

- `mkdocs build` (or `serve`) runs a whole MkDocs build for the default language; in its
  `on_post_build` (priority -100) static-i18n runs `build(config)` again for each other language,
  one after the other, in the same process, with the same config object and plugins. During
  those inner passes `i18n.building` is true; after the last one static-i18n sets it back to
  false. So the outer build's end is the first `on_post_build` below -100 that sees
  `building` false (`is_outer_end`).
- Every pass writes its pages under its own folder (`fr/...`), but also two files at the root:
  `404.html` and `sitemap.xml` (with `.gz`). Each later pass overwrites them. The sitemap is
  right as the last pass leaves it: static-i18n's template lists the pages every pass so far
  has recorded, so the last one lists every language. The not-found page is not: each pass
  keeps its own here (`keep_404`), and `write` puts them in each language's folder (and the
  default language's back at the root) once every language is built; the search index is
  made after that, from every language's pages (search.py).
- Data is loaded once, in the default language's `on_pre_build` (`is_outer_start`); the inner
  passes reuse it.
- One process may write only some languages (`SITE_BUILD_LANGUAGES=fr`: what `bin/site build`
  asks of each of the `mkdocs build` it runs side by side, driver.py). Every pass still runs, in
  the same order; a pass of a language it does not write gets only an empty home page
  (static-i18n wants one in every language), and nobody keeps what it writes (`LanguageSelection`); its
  language's entries in the sitemap are those of the process that writes it.

Nothing here patches MkDocs or static-i18n. What the hooks read of the plugin is the
`I18nPlugin` protocol of languages.py, reached through `i18n_plugin(config)`.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from .i18n_files import only_page
from .languages import I18nPlugin
from .pages import GeneratedPage, language_prefix


def is_outer_start(i18n: I18nPlugin) -> bool:
    """The default language's pass, which every build begins with (not an inner pass)."""
    return i18n.current_language == i18n.default_language


def is_outer_end(i18n: I18nPlugin) -> bool:
    """After static-i18n's `on_post_build`: the outer build's end, not an inner pass's."""
    return not i18n.building


LANGUAGES_VARIABLE = "SITE_BUILD_LANGUAGES"
_HOME = GeneratedPage("index.md", "", in_nav=True)  # what a pass of a language not written renders


class LanguageSelection:
    """The languages this process writes: every one, or those `SITE_BUILD_LANGUAGES` names
    (comma-separated; read when the object is made, once per run of the hook file)."""

    def __init__(self) -> None:
        named = os.environ.get(LANGUAGES_VARIABLE, "").strip()
        self.only = frozenset(code.strip() for code in named.split(",") if code.strip()) or None
        self._nav: Any = None  # mkdocs.yml's navigation while a pass without pages runs

    def writes(self, lang: str) -> bool:
        return self.only is None or lang in self.only

    def unknown(self, languages: Sequence[str]) -> list[str]:
        """Named languages the site does not have."""
        return sorted(self.only - set(languages)) if self.only else []

    def without_pages(self, files: Files, config: MkDocsConfig, i18n: I18nPlugin) -> Files:
        """A pass of a language another process writes: the theme's files and an empty home
        page, in a navigation of that page (`with_pages` puts mkdocs.yml's back for the
        next pass that writes); nothing of it in the sitemap."""
        if self._nav is None:
            self._nav = config.nav
        kept = only_page(files, config, i18n, _HOME)  # sets the navigation to that page
        i18n.i18n_files_per_language[i18n.current_language] = []
        return kept

    def with_pages(self, config: MkDocsConfig) -> None:
        if self._nav is not None:
            config.nav, self._nav = self._nav, None


class LanguageOutputs:
    """The per-language files that every pass writes at the root, kept until the end."""

    def __init__(self) -> None:
        self._kept: dict[str, str] = {}

    def keep_404(self, lang: str, root_language: str, html: str) -> None:
        """The not-found page of a language, for /<lang>/404.html."""
        self._kept[language_prefix(lang, root_language) + "404.html"] = html

    def write(self, site_dir: Path) -> None:
        """Once every language is built: each language's files in its folder."""
        for path, text in self._kept.items():
            target = site_dir / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        self._kept.clear()
