"""One site build: data loaded and checked once, pages rendered per language.

Free of MkDocs imports: the hook file (`hooks/site.py`) translates between MkDocs events and
these calls, and tests drive this class directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import gc
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .addresses import check_addresses
from .cardimages import Card, CardCache
from .cardimages import cache_folder as card_cache_folder
from .catalog import Catalog, CatalogCache, DataError
from .directives import expand_directives
from .jinja_env import COMPILED, reload_templates
from .jinja_env import cache_folder as template_cache_folder
from .markup import HtmlBlock, escape_meta
from .pages import GeneratedFile, GeneratedPage, language_prefix, render_files, render_pages
from .picture_output import cache_folder as picture_cache_folder
from .picture_output import used_pictures, write_pictures
from .pictures import PictureValue
from .publishable import examples_shown, placeholders, without_examples
from .render import Renderer
from .search import FILTERS, OTHER, PAGEFIND_TEXTS, Filters, browser_settings
from .sharecards import ShareCard, default_card, open_graph
from .sourcecache import SIGNED, Recorder, SourceCache
from .sourcecache import cache_folder as source_cache_folder
from .strings import Strings, load_strings
from .structured import script_json
from .themetexts import configure_extensions, configure_palette, load_theme_texts, missing
from .typography import applies, typeset, typeset_html, typeset_values
from .views import Views, build_date

if TYPE_CHECKING:  # only named in signatures: this module does not import MkDocs
    from mkdocs.structure.files import File


def settle_heap() -> None:
    """Once a build's data is loaded: the cycles left collected, then everything alive frozen
    (`gc.freeze`). The data, the templates and the imported code live until the build ends, and
    Python's cycle collector went through all of them again at every collection of the oldest
    generation while the pages were made: a sixth of a language's CPU time at 1,000 jobs, for
    nothing. Objects made afterwards (pages) are collected as usual. Under `mkdocs serve`,
    `thaw_heap` first, at each rebuild: the previous build's pages are then collected here;
    and again once the site is served (liveupdate.py: what the next save's update reuses)."""
    gc.collect()
    gc.freeze()


def thaw_heap() -> None:
    """Before a rebuild under `mkdocs serve` (one process, build after build): what the previous
    build froze can be collected again."""
    gc.unfreeze()


# The last data read, for the whole process: MkDocs runs the hook file again (and so makes a
# new SiteBuild) at every `mkdocs serve` rebuild, but not this package.
CATALOGS = CatalogCache()
# The page sources of earlier builds (sourcecache.py), kept for the process likewise.
SOURCES = SourceCache()
# Each card's drawn file, for the process (a `mkdocs serve` session).
_CARD_FILES: dict[tuple[Path, Card], Path] = {}
# The commands whose process builds the site once (no other load of the data follows).
ONE_BUILD = ("build", "gh-deploy")


class SiteBuild:
    """Holds what every language pass of one build shares, and caches it across rebuilds."""

    def __init__(self) -> None:
        self._catalogs = CATALOGS
        self.command = ""  # "build", "serve" or "gh-deploy"
        self.site_url = "/"
        self.root_language = ""  # the language at the site's root (set by `load`)
        self.views: Views | None = None
        self.root: Path | None = None
        self._strings: Strings | None = None
        self._renderers: dict[str, Renderer] = {}
        self._addresses_checked: object = None
        self.examples = True  # SITE_EXAMPLES: show the fictional examples (not in production)
        self._published: tuple[Catalog, Catalog] | None = None  # (catalog, without its examples)
        self._theme_texts: dict[str, dict[str, str]] = {}
        self.cards = CardCache(card_cache_folder(Path(".")))  # the share images (set by `load`)
        # The signature of the code and texts (pagecache.code_signature), set by the hook file
        # before `load`; without it, no page source is reused (sourcecache.py).
        self.code_signature: str | None = None
        self._recorder: Recorder | None = None

    def load(
        self, root: Path, languages: tuple[str, ...], root_language: str, site_url: str, today: dt.date | None = None
    ) -> None:
        """Read and check `root/data` and `root/i18n`; raise `DataError` or `StringsError`.

        `languages`: every language of the site, the source language first (the one every text
        is written in: the first in mkdocs.yml); `root_language`: the one built at the site's
        root (another one in a one-language preview). Texts are checked in every language."""
        self.site_url, self.root_language = site_url or "/", root_language  # first: the preview needs them
        self.root = root
        COMPILED.use_folder(template_cache_folder(root))
        reload_templates()
        # First: the theme's own texts (the palette's names...) are those of the page of
        # problems too, in a new process as in a preview that showed the site before.
        self._theme_texts = load_theme_texts(root / "i18n" / "theme", languages)
        catalog = self._catalogs.get(root / "data", languages, again=self.command not in ONE_BUILD)
        catalog = self._publishable(catalog)
        if catalog is not self._addresses_checked:  # once per catalog, not per language or rebuild
            if problems := check_addresses(catalog, root / "docs", languages):
                raise DataError(problems)
            self._addresses_checked = catalog
        self._strings = load_strings(root / "i18n", languages, languages[0])
        self.views = Views(catalog, today or build_date())
        self._renderers = {}
        SOURCES.begin(source_cache_folder(root) if self.code_signature is not None else None, self.command != "serve")
        self._recorder = Recorder(self.views) if SOURCES.folder is not None else None
        if self.cards.folder != card_cache_folder(root):
            self.cards = CardCache(card_cache_folder(root))

    def _publishable(self, catalog: Catalog) -> Catalog:
        """The catalog the site shows: without the example records in production
        (`SITE_EXAMPLES=hide`), computed once per catalog read."""
        self.examples = examples_shown()
        if self.examples:
            return catalog
        if self._published is None or self._published[0] is not catalog:
            self._published = (catalog, without_examples(catalog))
        return self._published[1]

    @property
    def strings(self) -> Strings:
        """The interface strings of every language (once `load` has read them)."""
        if self._strings is None:
            raise RuntimeError("SiteBuild.load() must run first")
        return self._strings

    def renderer(self, lang: str) -> Renderer:
        if self.views is None:
            raise RuntimeError("SiteBuild.load() must run first")
        if lang not in self._renderers:
            prefix = language_prefix(lang, self.root_language)
            memos = None
            if self._recorder is not None and self.code_signature is not None:
                args = (lang, self.root_language, self.site_url, prefix, self.code_signature)
                memos = SOURCES.memos(self._recorder, *args)
            self._renderers[lang] = Renderer(
                self.views, self.strings, lang, self.site_url, prefix, self._recorder, memos
            )
        return self._renderers[lang]

    def pages(self, lang: str) -> list[GeneratedPage]:
        """This language's generated pages, those whose data did not change as kept."""
        renderer, kept = self.renderer(lang), None
        if self._recorder is not None and self.code_signature is not None:
            prefix = language_prefix(lang, self.root_language)
            kept = SOURCES.sources(self._recorder, lang, self.root_language, self.site_url, prefix, self.code_signature)
        return render_pages(renderer, kept)

    def home(self, lang: str) -> str:
        """The absolute path of a language's home page."""
        return urlsplit(self.site_url).path.rstrip("/") + "/" + language_prefix(lang, self.root_language)

    def notfound_context(self, lang: str, broken: bool = False) -> dict[str, str]:
        """What the not-found page of a language says, with absolute links (it is served at
        any missing address); nothing while the preview shows problems instead (`broken`)."""
        root = self.home(lang)
        if broken:
            return {"title": "", "text": "", "home": root, "home_label": "", "jobs": root, "jobs_label": ""}
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
        path = language_prefix(lang, self.root_language) + "accessibility/"
        return {"accessibility": self.strings.get(lang, "footer.accessibility"), "accessibility_path": path}

    def search(self, lang: str) -> dict[str, str]:
        """The header's search button and what search.js needs (filter labels, the texts of
        Pagefind's interface we write ourselves), in `lang` (overrides/partials/ps-search.html)."""
        assert self.strings is not None

        def get(key: str) -> str:
            return self.typeset(self.strings.get(lang, key), lang)

        labels = {name: get(f"search.filter.{name}") for name in FILTERS}
        texts = {key: get(f"search.ui.{key}") for key in PAGEFIND_TEXTS}
        return {
            "label": get("search.label"),
            "button": get("search.button"),
            "settings": browser_settings(texts, labels),
        }

    def search_filters(self, lang: str, filters: Filters) -> Filters:
        """A page's search filters as the page shows them (typeset); a page without any of its
        own (a hand-written page) is of the kind "other"."""
        assert self.strings is not None
        if not filters:
            filters = (("kind", self.strings.get(lang, f"search.kind.{OTHER}")),)
        return tuple((key, self.typeset(value, lang)) for key, value in filters)

    def suggestions(self) -> str:
        """The language suggestion of each language, for assets/javascripts/language.js."""
        keys = ("label", "text", "go", "dismiss")
        texts = {lang: {key: self.strings.get(lang, f"suggest.{key}") for key in keys} for lang in self.strings.tables}
        # Every page carries the other languages' offers: French ones typeset wherever they are.
        texts = {lang: typeset_values(offer) if applies(lang) else offer for lang, offer in texts.items()}
        return str(script_json(texts))

    def finish_page(self, html: str, lang: str) -> str:
        """A page as written out: French pages typeset as a whole (text, readable attributes,
        structured data, the theme's search texts)."""
        return typeset_html(html) if applies(lang) else html

    def typeset(self, text: str, lang: str) -> str:
        return typeset(text) if applies(lang) else text

    def site_description(self, lang: str) -> str:
        """The description of a page that has none of its own, in its language."""
        return self.strings.get(lang, "site.description")

    def theme_globals(self, lang: str, broken: bool = False) -> dict[str, object]:
        """What our theme overrides read (overrides/): the language suggestions, the footer's
        link, the default description and the search button, in `lang`; none while the data
        is `broken`."""
        if broken or self._strings is None:
            return {"ps_suggestions": "", "ps_footer": None, "ps_description": "", "ps_search": None}
        return {
            "ps_suggestions": self.suggestions(),
            "ps_footer": self.footer(lang),
            "ps_description": self.site_description(lang),
            "ps_search": self.search(lang),
        }

    @staticmethod
    def is_noindex(meta: Mapping[str, Any]) -> bool:
        """A page that asks search engines not to index it (a closed offer, an example)."""
        return "noindex" in str(meta.get("robots") or "")

    def indexed(self, files_per_language: dict[str, Sequence[File]]) -> dict[str, list[File]]:
        """The sitemap's pages, per language: those that may be indexed."""
        return {
            lang: [file for file in files if not (file.page and self.is_noindex(file.page.meta))]
            for lang, files in files_per_language.items()
        }

    def placeholder_notices(self, markdown: str, path: str) -> list[str]:
        """An example address in a hand-written page (said while previewing, a warning when
        building without the examples, which stops that build)."""
        return [
            f"docs/{path}: '{address}' is an example address: replace it with a real one (see EDITING.md)"
            for address in placeholders(markdown)
        ]

    def theme_texts(self, lang: str) -> dict[str, str]:
        """Our texts of the theme and the Markdown extensions in `lang` (i18n/theme/)."""
        return self._theme_texts.get(lang, {})

    def untranslated_theme_texts(self, lang: str) -> list[str]:
        """Theme texts that would show in English on a page in `lang` (none known before the
        tables are read)."""
        return missing(lang, self._theme_texts[lang]) if lang in self._theme_texts else []

    def configure_markdown(self, extensions: list[str], mdx_configs: dict[str, dict[str, Any]], lang: str) -> None:
        """The Markdown extensions' texts ("Permanent link") in the language being built."""
        configure_extensions(extensions, mdx_configs, lang, self.theme_texts(lang))

    def write_pictures(self, site_dir: Path) -> list[str]:
        """Once every language is built: the sizes of every picture the published records use
        (not those of hidden examples), each file once, under the site's root."""
        if self.views is None or self.root is None:
            return []
        fields = self.used_pictures()
        return write_pictures(site_dir, fields, self.views.catalog.pictures, picture_cache_folder(self.root))

    def used_pictures(self) -> list[PictureValue]:
        """The picture fields of every record of every collection (a news post's too)."""
        if self.views is None:
            return []
        catalog = self.views.catalog
        records = [getattr(catalog, name.name) for name in dataclasses.fields(catalog) if name.name != "pictures"]
        return list(used_pictures(records))

    def signed_data(self) -> list[object]:
        """What of the data every page may read (sourcecache.SIGNED: the partnership...)."""
        return [] if self.views is None else [getattr(self.views.catalog, name) for name in SIGNED]

    def configure_palette(self, palette: object, lang: str) -> None:
        """The palette toggles' names (light, dark, automatic) in the language being built."""
        configure_palette(palette, lang, self.theme_texts(lang))

    def files(self, lang: str) -> list[GeneratedFile]:
        return render_files(self.renderer(lang))

    def expand(self, markdown: str, lang: str, src_uri: str) -> tuple[str, tuple[HtmlBlock, ...]]:
        """A hand-written page's data blocks filled in: its Markdown, and the HTML fragments to
        put in place of their markers (`insert_html_blocks`). `src_uri` may name the page in
        its language (`index.fr.md`): links are written from its language-neutral address."""
        stem = src_uri.removesuffix(".md")
        for other in self.strings.tables:
            stem = stem.removesuffix(f".{other}")
        return expand_directives(markdown, self.renderer(lang), src_uri, links_from=stem + ".md")

    # -- share cards (sharecards.py, cardimages.py) -----------------------------------------
    def default_card(self, lang: str) -> ShareCard:
        return default_card(self.renderer(lang).formatter, self.renderer(lang).views.catalog)

    def card_images(self, lang: str, pages: list[GeneratedPage]) -> list[tuple[str, Path]]:
        """This language's share images, (address under its root, drawn file): the default one
        and each page's own; drawn now unless the cache holds them already."""
        cards = {card.path: card for card in [self.default_card(lang), *(page.card for page in pages if page.card)]}
        return [(path, self._card_image(card.card)) for path, card in cards.items()]

    def _card_image(self, card: Card) -> Path:
        """The drawn file of `card`, named once per process (the name hashes all it shows)."""
        found = _CARD_FILES.get((self.cards.folder, card))
        if found is None or not found.is_file():
            found = _CARD_FILES[(self.cards.folder, card)] = self.cards.image(card)
        return found

    def share_tags(self, page: Any, lang: str, site_name: str) -> list[tuple[str, str, str]]:
        """The Open Graph and Twitter card tags of a built page (a MkDocs `Page`): the page's
        own card or its language's default one; an address for its image, absolute."""
        file, renderer = page.file, self.renderer(lang)
        card = getattr(file, "share_card", None) or self.default_card(lang)
        home = page.canonical_url == renderer.urls.absolute("index.md")  # its title says "Home"
        catalog = renderer.views.catalog
        title = escape_meta(renderer.formatter.text(catalog.partnership["title"])) if home else page.meta.get("title")
        description = page.meta.get("description") or escape_meta(self.site_description(lang))
        return open_graph(
            title=str(title or page.title),
            description=str(description),
            url=page.canonical_url,
            lang=lang,
            alternates=sorted(getattr(file, "alternates", None) or {}),
            site_name=site_name,
            image_url=renderer.urls.absolute(card.path),
            image_alt=card.alt,
            article=bool(getattr(file, "page_kind", "")),
        )
