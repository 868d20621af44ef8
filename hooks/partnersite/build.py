"""One site build: data loaded and checked once, pages rendered per language.

Free of MkDocs imports: the hook file (`hooks/site.py`) translates between MkDocs events and
these calls, and tests drive this class directly.
"""

from __future__ import annotations

import datetime as dt
import functools
import gzip
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import jinja2.bccache
import material as material_package

from .addresses import check_addresses
from .catalog import Catalog, CatalogCache, DataError
from .directives import expand_directives
from .pages import GeneratedFile, GeneratedPage, language_prefix, render_files, render_pages
from .publishable import examples_shown, without_examples
from .render import Renderer
from .search import language_index
from .strings import Strings, load_strings
from .structured import script_json
from .themetexts import configure_extensions, load_theme_texts, missing
from .typography import applies, typeset, typeset_html, typeset_values
from .views import Views, build_date

# A sitemap: (everything up to <urlset ...>, its <url> entries, </urlset> and after).
SITEMAP = re.compile(r"(.*?<urlset\b[^>]*>)(.*?)(\s*</urlset>\s*)", re.DOTALL)


# The last data read, for the whole process: MkDocs runs the hook file again (and so makes a
# new SiteBuild) at every `mkdocs serve` rebuild, but not this package.
CATALOGS = CatalogCache()


class SiteBuild:
    """Holds what every language pass of one build shares, and caches it across rebuilds."""

    def __init__(self) -> None:
        self._catalogs = CATALOGS
        self.command = ""  # "build", "serve" or "gh-deploy"
        self.site_url = "/"
        self.default = "en"  # the language at the site's root
        self.content_default: str | None = None  # the language every text has (mkdocs.yml's default)
        self.views: Views | None = None
        self.strings: Strings | None = None
        self._renderers: dict[str, Renderer] = {}
        self._addresses_checked: object = None
        self.examples = True  # SITE_EXAMPLES: show the fictional examples (not in production)
        self._published: tuple[object, object] = (None, None)  # (catalog, without its examples)
        self._theme_texts: dict[str, dict[str, str]] = {}
        self._kept: dict[str, str] = {}
        self._sitemaps: dict[str, tuple[str, ...]] = {}

    def load(
        self, root: Path, languages: tuple[str, ...], default: str, site_url: str, today: dt.date | None = None
    ) -> None:
        """Read and check `root/data` and `root/i18n`; raise `DataError` or `StringsError`.

        `default` is the language built at the site's root (another one in a one-language
        preview); texts are always checked in every language, the content default first."""
        content_default = self.content_default or default
        languages = (content_default, *(lang for lang in languages if lang != content_default))
        self.site_url, self.default = site_url or "/", default  # first: the preview of problems needs them
        catalog = self._catalogs.get(root / "data", languages)
        catalog = self._publishable(catalog)
        if catalog is not self._addresses_checked:  # once per catalog, not per language or rebuild
            if problems := check_addresses(catalog, root / "docs", languages):
                raise DataError(problems)
            self._addresses_checked = catalog
        self.strings = load_strings(root / "i18n", languages, content_default)
        self._theme_texts = load_theme_texts(root / "i18n" / "theme", languages)
        self.views = Views(catalog, today or build_date())
        self._renderers = {}

    def _publishable(self, catalog: Catalog) -> Catalog:
        """The catalog the site shows: without the example records in production
        (`SITE_EXAMPLES=hide`), computed once per catalog read."""
        self.examples = examples_shown()
        if self.examples:
            return catalog
        if self._published[0] is not catalog:
            self._published = (catalog, without_examples(catalog))
        return self._published[1]

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
    # Every language's pass writes /404.html, /sitemap.xml and /search/search_index.json; each
    # pass (in this process or a forked one, see workers.py) keeps its own, and the outer build
    # writes them all at the end.
    def keep_search_index(self, lang: str, raw: str) -> None:
        """A language's search index (Material's JSON), kept for its own folder; its titles and
        texts (search results) typeset as the pages are."""
        prefix = language_prefix(lang, self.default)
        index = language_index(raw, lang, prefix)
        if applies(lang):
            data = json.loads(index)
            data["docs"] = [
                {**doc, **typeset_values({k: doc[k] for k in ("title", "text") if k in doc})}
                for doc in data.get("docs", [])
            ]
            index = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        self._kept[f"{prefix}search/search_index.json"] = index

    def keep_404(self, lang: str, html: str) -> None:
        """The not-found page of a language, to be written at /<lang>/404.html."""
        self._kept[language_prefix(lang, self.default) + "404.html"] = html

    def keep_sitemap(self, lang: str, xml: str) -> None:
        """A language's sitemap (its own pages only): its entries go into the one sitemap."""
        match = SITEMAP.fullmatch(xml)
        if match is None:
            raise ValueError("sitemap.xml: no <urlset> element")
        self._sitemaps[lang] = match.groups()

    def take_kept(self) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
        """What this process kept (a forked language build sends it to the parent)."""
        kept = (dict(self._kept), dict(self._sitemaps))
        self._kept.clear()
        self._sitemaps.clear()
        return kept

    def add_kept(self, kept: tuple[dict[str, str], dict[str, tuple[str, ...]]]) -> None:
        self._kept.update(kept[0])
        self._sitemaps.update(kept[1])

    def write_kept_outputs(self, site_dir: Path, languages: list[str], sitemap_time: int) -> None:
        """Once every language is built: write what later languages overwrote at the root, and
        one sitemap with the entries of every language, in `languages` order (`sitemap_time`:
        the time in sitemap.xml.gz's header)."""
        for path, text in self._kept.items():
            _write(site_dir / path, text)
        parts = [self._sitemaps[lang] for lang in languages if lang in self._sitemaps]
        if parts:
            xml = parts[0][0] + "".join(part[1] for part in parts) + parts[0][2]
            _write(site_dir / "sitemap.xml", xml)
            _write_gzip(site_dir / "sitemap.xml.gz", xml, sitemap_time)
        self.take_kept()

    def home(self, lang: str) -> str:
        """The absolute path of a language's home page."""
        return urlsplit(self.site_url).path.rstrip("/") + "/" + language_prefix(lang, self.default)

    def notfound_context(self, lang: str) -> dict[str, str]:
        """What the not-found page of a language says, with absolute links (it is served at
        any missing address)."""
        root = self.home(lang)
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

    def theme_texts(self, lang: str) -> dict[str, str]:
        """Our texts of the theme and the Markdown extensions in `lang` (i18n/theme/)."""
        return self._theme_texts.get(lang, {})

    def untranslated_theme_texts(self, lang: str) -> list[str]:
        """Theme texts that would show in English on a page in `lang` (none known before the
        tables are read)."""
        return missing(lang, self._theme_texts[lang]) if lang in self._theme_texts else []

    def configure_markdown(self, extensions: list[str], mdx_configs: dict[str, dict], lang: str) -> None:
        """The Markdown extensions' texts ("Permanent link") in the language being built."""
        configure_extensions(extensions, mdx_configs, lang, self.theme_texts(lang))

    def files(self, lang: str) -> list[GeneratedFile]:
        return render_files(self.renderer(lang))

    def expand(self, markdown: str, lang: str, src_uri: str) -> str:
        return expand_directives(markdown, self.renderer(lang), src_uri)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_gzip(path: Path, text: str, mtime: int) -> None:
    """Written as MkDocs writes sitemap.xml.gz."""
    with path.open("wb") as raw, gzip.GzipFile(fileobj=raw, filename=str(path), mode="wb", mtime=mtime) as out:
        out.write(text.encode("utf-8"))


def theme_translator(env: jinja2.Environment, language: str, ours: dict[str, str]) -> Callable[[str], str]:
    """The theme's interface text for a key in `language`: ours (i18n/theme/), else Material's
    (else English, else the key), looked up once per key (overrides/partials/language.html)."""
    own = env.get_template(f"partials/languages/{language}.html").module
    english = env.get_template("partials/languages/en.html").module

    @functools.cache
    def translate(key: str) -> str:
        return ours.get(key) or own.t(key) or english.t(key) or key

    return translate


class MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled Jinja templates kept in memory, keyed by name and source (Jinja's own key)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


# The theme's compiled templates, for the whole process: a `mkdocs serve` session runs this
# file's module once, while MkDocs runs the hook file again at every rebuild. Forked language
# builds start with what the default language's pass compiled before.
THEME_TEMPLATES = MemoryBytecodeCache()


class SharedThemeParts:
    """The theme's tabs and navigation drawer, rendered once for all the pages of a folder that
    are not in the navigation (jobs, members, events...) and reused: on those pages nothing in
    them is marked current, and their links, relative, are the same from one folder. One per
    language pass (overrides/partials/nav.html and tabs.html)."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str], str] = {}

    def key(self, part: str, page: object, nav: object) -> tuple[str, str] | None:
        """Where `part` can be shared: None for a page in the navigation, or hiding some of it."""
        if page is None or nav is None or page.meta.get("hide") or page in nav.pages:
            return None
        return part, posixpath.dirname(page.url.rstrip("/"))

    def __contains__(self, key: tuple[str, str] | None) -> bool:
        return key in self._parts

    def __getitem__(self, key: tuple[str, str]) -> str:
        return self._parts[key]

    def keep(self, key: tuple[str, str] | None, rendered: str) -> str:
        if key is not None:
            self._parts[key] = rendered
        return rendered


def with_material_prefix(loader: jinja2.BaseLoader) -> jinja2.BaseLoader:
    """The theme's loader, where Material's own templates can also be named "material/NAME"
    (for an override that wraps the template it replaces)."""
    material = Path(material_package.__file__).parent / "templates"
    return jinja2.ChoiceLoader([loader, jinja2.PrefixLoader({"material": jinja2.FileSystemLoader(material)})])
