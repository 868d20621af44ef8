"""MkDocs hooks of the BioWin × MEDVIA site: the table of contents of the build.

mkdocs-static-i18n runs the whole build once per language, the default language first, the
others from its `on_post_build` (partnersite/outputs.py states that contract). Each function
below hands one step to a named object of the `partnersite` package:

- `site` (build.py): the data, loaded and checked once per build, and each language's pages;
- `outputs` (outputs.py): the files every language pass writes at the root, kept per language;
- `publisher` (publish.py): `mkdocs build` replaces the site only when every language built;
- `preview` (preview.py): under `mkdocs serve`, the page of problems while the data is broken;
- theme.py: what the site relies on in Material.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from partnersite import theme
from partnersite.build import SiteBuild
from partnersite.catalog import DataError
from partnersite.directives import DirectiveError
from partnersite.failures import RenderFailure, describe_unexpected
from partnersite.i18n_files import add_generated_files, add_images, only_page
from partnersite.markup import sanitise_page
from partnersite.outputs import LanguageOutputs, is_outer_end, is_outer_start
from partnersite.preview import PreviewProblems
from partnersite.publish import Publisher
from partnersite.render import insert_html_blocks
from partnersite.strings import StringsError
from partnersite.watching import poll_sooner

log = get_plugin_logger("partnersite")
site = SiteBuild()
outputs = LanguageOutputs()
publisher = Publisher()
preview = PreviewProblems()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs build` (published atomically) or `serve`."""
    site.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """`mkdocs build` writes to a staging folder, published at the end if whole (the inner
    language passes write there too: they share this config)."""
    if site.command == "build" and not publisher.active:
        config.site_dir = publisher.start(config.site_dir)
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and check all data once per build, before anything is written."""
    i18n = config.plugins["i18n"]
    if not is_outer_start(i18n):
        return  # a later language pass of the same build: the data is loaded
    preview.problems = None  # a new build (under `mkdocs serve`, this object lives on)
    try:
        root = Path(config.config_file_path).parent
        site.load(root, tuple(i18n.all_languages), i18n.default_language, config.site_url or "/")
    except (DataError, StringsError, ValueError) as error:
        _stop_or_preview(error, config)
        return
    for lang, keys in site.strings.missing.items():
        log.warning(f"i18n/{lang}.yml is missing {len(keys)} interface string(s): {', '.join(keys)}")


# After static-i18n's own on_files (-100), which rebuilds the file list from docs_dir and
# would drop any page added before it.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated pages (areas, members, projects, events, jobs...), feeds
    and share images."""
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    if not preview.problems:
        try:
            pages = site.pages(lang)
            files = add_generated_files(files, config, i18n, pages, site.files(lang))
            return add_images(files, config, i18n, site.card_images(lang, pages))
        except RenderFailure as error:  # names the data file, record and template: no traceback
            _stop_or_preview(RenderFailure(f"{error} (in the {lang} pages)"), config)
    return only_page(files, config, i18n, preview.page(lang))  # answered at every address


def _stop_or_preview(error: Exception, config: MkDocsConfig) -> None:
    """A mistake in the data: stop the build (`mkdocs build`), or (`mkdocs serve`) say it in the
    terminal and show it in the browser instead of the site."""
    if site.command != "serve":
        raise PluginError(str(error)) from None
    log.info(f"The preview shows these problems instead of the site:\n{error}")  # a warning would abort it
    i18n = config.plugins["i18n"]
    homes = {lang: site.home(lang) for lang in i18n.build_languages}
    preview.show(error, Path(config.config_file_path).parent / "i18n", tuple(i18n.all_languages), homes)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """The Markdown extensions' texts ("Permanent link") in the language being built: its pages
    are converted right after this event."""
    site.configure_markdown(config.markdown_extensions, config.mdx_configs, config.plugins["i18n"].current_language)
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """Fill the `<!-- data: NAME -->` lines of hand-written pages with data. A page that asks
    search engines not to index it (`robots: noindex`: a closed offer, an example) is not in the
    site's search either (nor in the sitemap: see on_template_context)."""
    if site.is_noindex(page.meta):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    if page.file.generated_by is not None or preview.problems:
        return markdown
    for notice in site.placeholder_notices(markdown, page.file.src_path):
        (log.info if site.examples else log.warning)(notice)  # a warning stops a production build
    try:
        return site.expand(markdown, config.plugins["i18n"].current_language, page.file.src_uri)
    except DirectiveError as error:
        raise PluginError(str(error)) from None
    except Exception as error:  # a fault of ours while filling a block: a message, not a traceback
        message = f"docs/{page.file.src_uri}: while filling its data blocks: {describe_unexpected(error)}"
        raise PluginError(message) from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a generated page's HTML fragments (which skip Markdown) in place, except its lists
    of other records; keep only what hand-written pages hold in theirs (markup.sanitise_page)."""
    if page.file.generated_by is None:
        html, removed = sanitise_page(html)
        for what in dict.fromkeys(removed):  # a warning stops `mkdocs build`, not the preview
            message = f"docs/{page.file.src_path}: {what} is not allowed in a page and was left out"
            (log.warning if site.command == "build" else log.info)(message)
        return html
    return insert_html_blocks(html, getattr(page.file, "html_blocks", ()), searchable=True)


# After Material's search plugin indexed the page (priority 0): the lists of other records are
# left out of the index (each record is found on its own page).
@event_priority(-10)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation) -> TemplateContext:
    """Put a generated page's lists of other records in place; the page's share card
    (overrides/partials/ps-share.html)."""
    page.content = insert_html_blocks(page.content or "", getattr(page.file, "html_blocks", ()), searchable=False)
    if not preview.problems:
        context["ps_share"] = site.share_tags(page, config.plugins["i18n"].current_language, config.site_name)
    return context


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme our texts (language suggestion, footer, its own texts in the language
    being built, the default description) and keep its compiled templates."""
    lang = config.plugins["i18n"].current_language
    env.globals.update(site.theme_globals(lang, broken=bool(preview.problems)))
    env.globals["ps_translate"] = theme.theme_translator(env, config.theme["language"], site.theme_texts(lang))
    env.globals["ps_parts"] = theme.SharedThemeParts()
    env.bytecode_cache = theme.THEME_TEMPLATES
    env.loader = theme.with_material_prefix(env.loader)
    for key in site.untranslated_theme_texts(lang):
        log.warning(f"i18n/theme/{lang}.yml: the theme text '{key}' would show in English: add it")
    return env


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The not-found page's texts in the language being built (overrides/404.html); the sitemap
    without the pages that ask not to be indexed."""
    i18n = config.plugins["i18n"]
    if template_name == "404.html":
        context["ps_notfound"] = site.notfound_context(i18n.current_language, broken=bool(preview.problems))
        # static-i18n points the selector to the page being rendered by setting an attribute
        # `alternate` on `config.extra` (which templates read before the item of that name);
        # after a language pass it still pointed to the previous language's last page.
        config.extra.alternate = [{**entry, "link": site.home(entry["lang"])} for entry in i18n.extra_alternate]
    elif template_name == "sitemap.xml":
        context["i18n_alternates"] = site.indexed(context["i18n_alternates"])
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """The page as written: Material's markup mended, French typography; while the preview
    shows problems, that page is also the not-found page (the server answers every address)."""
    lang = config.plugins["i18n"].current_language
    if preview.problems:
        outputs.keep_404(lang, site.root_language, output)
        return output
    return site.finish_page(theme.fix_material_markup(output, site.search_label(lang)), lang)


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's not-found page: every pass writes it at the root."""
    lang = config.plugins["i18n"].current_language
    if template_name == "404.html" and not preview.problems:  # (else: see on_post_page)
        output = site.finish_page(theme.fix_material_markup(output, site.search_label(lang)), lang)
        outputs.keep_404(lang, site.root_language, output)
    return output


# Before the search plugin writes this language's index at the root (priority 0), where every
# pass writes its own: read from the plugin's memory, kept for the language's folder. (Under
# `mkdocs serve --dirtyreload` it holds the rebuilt pages only, as the plugin's own would.)
@event_priority(10)
def _keep_search_index(config: MkDocsConfig) -> None:
    outputs.keep_search_index(config.plugins["i18n"].current_language, site.root_language, theme.search_index(config))


# After static-i18n's on_post_build (-100), in which it builds the other languages.
@event_priority(-120)
def _finish_build(config: MkDocsConfig) -> None:
    if not is_outer_end(config.plugins["i18n"]):
        return  # one of static-i18n's inner language passes
    outputs.write(Path(config.site_dir))
    if publisher.active and not publisher.finish(config.strict):
        log.warning("The site was not published: the build logged warnings (see above).")


on_post_build = CombinedEvent(_keep_search_index, _finish_build)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Start rebuilding sooner after a save than MkDocs' half-second polling allows."""
    return poll_sooner(server, config)


def on_build_error(error: Exception) -> None:
    """A language failed: drop the staged output, keep the published site whole."""
    publisher.abandon()
