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

Nothing here patches MkDocs or static-i18n; it only reads `i18n.current_language`,
`default_language` and `building`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .pages import language_prefix


def is_outer_start(i18n: Any) -> bool:
    """The default language's pass, which every build begins with (not an inner pass)."""
    return i18n.current_language == i18n.default_language


def is_outer_end(i18n: Any) -> bool:
    """After static-i18n's `on_post_build`: the outer build's end, not an inner pass's."""
    return not i18n.building


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
