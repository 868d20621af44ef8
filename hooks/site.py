"""MkDocs hooks of the BioWin × MEDVIA site: the table of contents of the build.

mkdocs-static-i18n runs the whole build once per language, the default language first, the
others from its `on_post_build` (partnersite/outputs.py states that contract). Each function
below hands one step to a named object of the `partnersite` package:

- `site` (build.py): the data, loaded and checked once per build, and each language's pages;
- `outputs` (outputs.py): the files every language pass writes at the root, kept per language;
- `selection` (outputs.py): the languages this process writes (all of them, or the one that
  `bin/site build`, driver.py, asks of each `mkdocs build` it runs side by side);
- `publisher` (publish.py): `mkdocs build` replaces the site only when every language built;
- `indexer` (search.py): Pagefind indexes the built site, every language, before it is published;
- `preview` (preview.py): under `mkdocs serve`, the page of problems while the data is broken;
- `pages` (pagecache.py): the record pages of earlier builds, written again when nothing they
  are made from changed;
- `LIVE` (liveupdate.py): under `mkdocs serve`, what each language pass made, so that a save
  in data/ rewrites only the files it changes;
- theme.py: what the site relies on in Material.
"""

from __future__ import annotations

import signal
import threading
from pathlib import Path
from typing import Any, cast

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from partnersite import theme
from partnersite.build import SiteBuild, settle_heap, thaw_heap
from partnersite.catalog import DataError
from partnersite.directives import DirectiveError
from partnersite.failures import RenderFailure, describe_unexpected
from partnersite.i18n_files import add_generated_files, add_images, only_page
from partnersite.jinja_env import COMPILED
from partnersite.languages import i18n_plugin
from partnersite.liveupdate import LIVE, Served, used_pictures
from partnersite.markup import sanitise_page
from partnersite.outputs import LanguageOutputs, LanguageSelection, is_outer_end, is_outer_start
from partnersite.pagecache import PageCache, cache_folder, code_signature
from partnersite.preview import PreviewProblems
from partnersite.publish import Publisher
from partnersite.render import insert_html_blocks
from partnersite.search import SearchIndexError, SiteIndexer, mark_page
from partnersite.strings import StringsError
from partnersite.watching import poll_sooner

log = get_plugin_logger("partnersite")
site = SiteBuild()
outputs = LanguageOutputs()
selection = LanguageSelection()
publisher = Publisher()
indexer = SiteIndexer()
preview = PreviewProblems()
pages = PageCache()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs build` (published atomically) or `serve`. A server
    told to stop (SIGTERM, as by a terminal closing or a process manager) stops as on Ctrl-C:
    MkDocs then deletes its temporary site and runs `on_shutdown`."""
    site.command = command
    if command == "serve" and threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop_serving)


def _stop_serving(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def on_shutdown() -> None:
    """`mkdocs serve` stops: so does the search indexing it runs in the background."""
    indexer.cancel()


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """`mkdocs build` writes to a staging folder, published at the end if whole (the inner
    language passes write there too: they share this config). The theme's files are listed
    without its hidden folders (theme.ThemeFilesLoader)."""
    if site.command == "build" and not publisher.active:
        config.site_dir = publisher.start(config.site_dir)
    theme.list_theme_files_without_hidden(config.theme)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and check all data once per build, before anything is written."""
    i18n = i18n_plugin(config)
    if not is_outer_start(i18n):
        return  # a later language pass of the same build: the data is loaded
    preview.problems = None  # a new build (under `mkdocs serve`, this object lives on)
    LIVE.begin()
    thaw_heap()  # under `mkdocs serve`, the previous build's: collected once the data is loaded
    indexer.cancel()  # under `mkdocs serve`, the previous build's indexing: its folder is emptied next
    if unknown := selection.unknown(i18n.all_languages):
        raise PluginError(f"SITE_BUILD_LANGUAGES names languages the site does not have: {', '.join(unknown)}")
    try:
        root = Path(config.config_file_path).parent
        site.code_signature = signature = code_signature(root)  # for the kept page sources too
        site.load(root, tuple(i18n.all_languages), i18n.default_language, config.site_url or "/")
    except (DataError, StringsError, ValueError) as error:
        _stop_or_preview(error, config)
        return
    for lang, keys in site.strings.missing.items():
        log.warning(f"i18n/{lang}.yml is missing {len(keys)} interface string(s): {', '.join(keys)}")
    pages.begin(cache_folder(root), signature)
    settle_heap()  # the data loaded: the collector leaves it alone from here on


# After static-i18n's own on_files (-100), which rebuilds the file list from docs_dir and
# would drop any page added before it.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated pages (areas, members, projects, events, jobs...), feeds
    and share images."""
    i18n = i18n_plugin(config)
    lang = i18n.current_language
    if not selection.writes(lang):  # another process of `bin/site build` writes this language
        return selection.without_pages(files, config, i18n)
    selection.with_pages(config)
    if not preview.problems:
        try:
            pages, others = site.pages(lang), site.files(lang)
            files = add_generated_files(files, config, i18n, pages, others)
            images = site.card_images(lang, pages)
            if _live():
                LIVE.files(lang, files, pages, others, images, site.default_card(lang).path)
            return add_images(files, config, i18n, images)
        except RenderFailure as error:  # names the data file, record and template: no traceback
            _stop_or_preview(RenderFailure(f"{error} (in the {lang} pages)"), config)
    return only_page(files, config, i18n, preview.page(lang))  # answered at every address


def _stop_or_preview(error: Exception, config: MkDocsConfig) -> None:
    """A mistake in the data: stop the build (`mkdocs build`), or (`mkdocs serve`) say it in the
    terminal and show it in the browser instead of the site."""
    if site.command != "serve":
        raise PluginError(str(error)) from None
    log.info(f"The preview shows these problems instead of the site:\n{error}")  # a warning would abort it
    i18n = i18n_plugin(config)
    homes = {lang: site.home(lang) for lang in i18n.build_languages}
    preview.show(error, Path(config.config_file_path).parent / "i18n", tuple(i18n.all_languages), homes)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The Markdown extensions' texts ("Permanent link") in the language being built: its pages
    are converted right after this event. The pages kept by an earlier build are written as
    they were, without MkDocs' page building (pagecache.py)."""
    i18n = i18n_plugin(config)
    lang = i18n.current_language
    site.configure_markdown(config.markdown_extensions, config.mdx_configs, lang)
    if preview.problems or not selection.writes(lang):
        pages.end_pass()
    else:
        pages.begin_pass(lang, site.root_language, config.site_url or "", nav, site.theme_globals(lang))
        pages.take_kept_pages(files)
        if _live():
            LIVE.navigation(lang, nav)
    return nav


def _live() -> bool:
    """Whether this build keeps what the next save's update needs (liveupdate.py): under
    `mkdocs serve`, every language written by this process."""
    return site.command == "serve" and selection.only is None and not preview.problems


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Fill the `<!-- data: NAME -->` lines of hand-written pages with data; a generated page
    to keep is followed from here (pagecache.py)."""
    if page.file.generated_by is not None:
        if key := pages.key(page):
            pages.converting(page, key)
        return markdown
    if preview.problems:
        return markdown
    for notice in site.placeholder_notices(markdown, page.file.src_path):
        (log.info if site.examples else log.warning)(notice)  # a warning stops a production build
    try:
        lang = i18n_plugin(config).current_language
        filled = site.expand(markdown, lang, page.file.src_uri)
        if _live():
            LIVE.expanded(lang, page.file.src_uri, markdown, filled)
        markdown, blocks = filled
        vars(page.file)["html_blocks"] = blocks  # put in place by on_page_content and on_page_context
        return markdown
    except DirectiveError as error:
        raise PluginError(str(error)) from None
    except Exception as error:  # a fault of ours while filling a block: a message, not a traceback
        message = f"docs/{page.file.src_uri}: while filling its data blocks: {describe_unexpected(error)}"
        raise PluginError(message) from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a page's HTML fragments (which skip Markdown) in place, its lists of other records
    marked for the search to skip: a generated page's, or those of a hand-written page's data
    blocks (the home page's latest jobs, events and news); keep only what hand-written pages
    hold in theirs (markup.sanitise_page)."""
    pages.converted(page, html)
    blocks = getattr(page.file, "html_blocks", ())
    if page.file.generated_by is None:  # its data blocks' markers are kept, put in place below
        html, removed = sanitise_page(html, len(blocks))
        for what in dict.fromkeys(removed):  # a warning stops `mkdocs build`, not the preview
            message = f"docs/{page.file.src_path}: {what} is not allowed in a page and was left out"
            (log.warning if site.command == "build" else log.info)(message)
    return insert_html_blocks(html, blocks)


def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """The page's share card (overrides/partials/ps-share.html)."""
    pages.writing(page)
    if not preview.problems:
        values = cast("dict[str, Any]", context)
        values["ps_share"] = site.share_tags(page, i18n_plugin(config).current_language, config.site_name)
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme our texts (language suggestion, footer, its own texts and the palette
    toggles' names in the language being built, the default description) and keep its
    compiled templates (jinja_env.COMPILED: for the process and between runs)."""
    env.bytecode_cache = COMPILED  # first: theme_translator loads templates
    lang = i18n_plugin(config).current_language
    site.configure_palette(config.theme.get("palette"), lang)
    env.globals.update(site.theme_globals(lang, broken=bool(preview.problems)))
    env.globals["ps_translate"] = theme.theme_translator(env, config.theme["language"], site.theme_texts(lang))
    env.globals["ps_parts"] = theme.SharedThemeParts()
    env.loader = theme.with_material_prefix(env.loader)
    if _live():
        LIVE.environment(lang, env, site.theme_globals(lang))
    for key in site.untranslated_theme_texts(lang):
        log.warning(f"i18n/theme/{lang}.yml: the theme text '{key}' would show in English: add it")
    return env


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The not-found page's texts in the language being built (overrides/404.html); the sitemap
    without the pages that ask not to be indexed."""
    i18n = i18n_plugin(config)
    values = cast("dict[str, Any]", context)  # the theme's keys and those static-i18n adds
    if template_name == "404.html":
        values["ps_notfound"] = site.notfound_context(i18n.current_language, broken=bool(preview.problems))
        # static-i18n points the selector to the page being rendered by setting an attribute
        # `alternate` on `config.extra` (which templates read before the item of that name);
        # after a language pass it still pointed to the previous language's last page.
        alternates = [{**entry, "link": site.home(entry["lang"])} for entry in i18n.extra_alternate]
        vars(config.extra)["alternate"] = alternates
    elif template_name == "sitemap.xml":
        values["i18n_alternates"] = site.indexed(values["i18n_alternates"])
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The page as written: Material's markup mended, marked for the search with its filters
    unless it asks search engines not to index it (`robots: noindex`: a closed offer, an
    example), French typography; while the preview shows problems, that page is also the
    not-found page (the server answers every address)."""
    lang = i18n_plugin(config).current_language
    if preview.problems:
        outputs.keep_404(lang, site.root_language, output)
        return output
    output = theme.fix_material_markup(output)
    if not site.is_noindex(page.meta):
        output = mark_page(output, site.search_filters(lang, getattr(page.file, "search_filters", ())))
    output = site.finish_page(output, lang)
    pages.keep(page, output)
    return output


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's not-found page: every pass writes it at the root."""
    lang = i18n_plugin(config).current_language
    if template_name == "404.html" and not preview.problems and selection.writes(lang):  # (else: see on_post_page)
        output = site.finish_page(theme.fix_material_markup(output), lang)
        outputs.keep_404(lang, site.root_language, output)
    return output


# After static-i18n's on_post_build (-100), in which it builds the other languages.
@event_priority(-120)
def on_post_build(config: MkDocsConfig) -> None:
    """Once every language is written: each one's not-found page, the pictures' sizes, the
    search index of all of them (under `mkdocs serve`, in the background; by `bin/site build`
    once its languages are merged), then the site published if whole."""
    if not is_outer_end(i18n_plugin(config)):
        return  # one of static-i18n's inner language passes
    site_dir = Path(config.site_dir)
    outputs.write(site_dir)
    if not preview.problems:
        try:
            site.write_pictures(site_dir)  # shared by the languages: written once
        except Exception as error:  # a fault of ours (or Pillow's) on a checked picture: a message
            raise PluginError(
                f"data/pictures/: while making the pictures' sizes: {describe_unexpected(error)}"
            ) from None
        _index_search(site_dir)
        pages.sweep()
        if pages.folder is not None:
            log.info(f"Pages kept by earlier builds: {pages.reused} reused, {pages.made} made and kept")
        if _live():
            LIVE.built(_served(config))
    else:
        LIVE.forget()
    if publisher.active and not publisher.finish(config.strict):
        log.warning("The site was not published: the build logged warnings (see above).")


def _served(config: MkDocsConfig) -> Served:
    """This whole build, for the updates after the next saves (liveupdate.py)."""
    assert site.views is not None
    return Served(
        config=config,
        site=site,
        passes={},
        today=site.views.today,
        signed=site.signed_data(),
        pictures=used_pictures(site),
        index=lambda folder: indexer.index_in_background(folder, log.warning),
        prepare=_before_update,
    )


def _before_update() -> None:
    """Before the site is updated after a save (liveupdate.py): the search indexing under way
    stopped, nothing kept by the page cache (which keeps only what whole builds make)."""
    indexer.cancel()
    pages.end_pass()


def _index_search(site_dir: Path) -> None:
    if selection.only is not None:
        return  # one language of `bin/site build`: the driver indexes the merged site
    if site.command == "serve":
        indexer.index_in_background(site_dir, log.warning)
        return
    try:
        indexer.index(site_dir)
    except SearchIndexError as error:
        raise PluginError(str(error)) from None


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Start rebuilding sooner after a save than MkDocs' half-second polling allows; after a
    save in data/, update the site rather than build it again when that gives the same site
    (liveupdate.py)."""
    server = poll_sooner(server, config)
    server.builder = LIVE.builder(server.builder, server.observer.take_changed)  # type: ignore[attr-defined]
    return server


def on_build_error(error: Exception) -> None:
    """A language failed: drop the staged output, keep the published site whole."""
    LIVE.forget()
    publisher.abandon()
