"""MkDocs hooks of the BioWin × MEDVIA site: the table of contents of the build.

The work is done in the `partnersite` package; these functions only connect it to MkDocs and
mkdocs-static-i18n, which runs the whole build once per language (default language first).
On more than one core the other languages build at the same time, in forked processes
(partnersite/workers.py); otherwise static-i18n builds them one after the other.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path

import mkdocs.utils
from jinja2 import Environment
from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from partnersite.build import THEME_TEMPLATES, SharedThemeParts, SiteBuild, theme_translator, with_material_prefix
from partnersite.catalog import DataError
from partnersite.directives import DirectiveError
from partnersite.failures import RenderFailure, describe_unexpected
from partnersite.htmlfix import fix_material_markup
from partnersite.i18n_files import add_generated_files
from partnersite.markup import sanitise_page
from partnersite.preview import PreviewProblems
from partnersite.publish import Publisher
from partnersite.publishable import placeholders
from partnersite.render import compile_templates, insert_html_blocks
from partnersite.strings import StringsError
from partnersite.watching import poll_sooner
from partnersite.workers import LanguageWorkers, parallel_wanted

log = get_plugin_logger("partnersite")
site = SiteBuild()
preview = PreviewProblems()
publisher = Publisher()
workers = LanguageWorkers()


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is `mkdocs build` (published atomically) or `serve`."""
    site.command = command


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """`mkdocs build` writes to a staging folder (published at the end, if whole);
    `make preview LANGUAGE=fr` builds one language only, at the root, for a faster preview."""
    i18n = config.plugins["i18n"]
    if site.command == "build" and not i18n.building and not publisher.active:
        config.site_dir = publisher.start(config.site_dir)
    wanted = os.environ.get("SITE_PREVIEW_LANGUAGE", "").strip()
    site.content_default = site.content_default or i18n.default_language
    if wanted and wanted in i18n.all_languages:
        for language in i18n.config.languages:
            language.default = language.build = language.locale == wanted
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Load and check all data once per build, before anything is written; then start the
    other languages' builds (see partnersite/workers.py)."""
    i18n = config.plugins["i18n"]
    if i18n.current_language != i18n.default_language:
        return  # a later language pass of the same build: the data is loaded
    root = Path(config.config_file_path).parent
    preview.problems = None  # a new build (under `mkdocs serve`, this object lives on)
    try:
        site.load(root, tuple(i18n.all_languages), i18n.default_language, config.site_url or "/")
    except (DataError, StringsError, ValueError) as error:
        _stop_or_preview(error, config)
        return
    for lang, keys in site.strings.missing.items():
        log.warning(f"i18n/{lang}.yml is missing {len(keys)} interface string(s): {', '.join(keys)}")
    others = [lang for lang in i18n.build_languages if lang != i18n.current_language]
    if not i18n.building and others and parallel_wanted(len(others) + 1):
        compile_templates()  # once, for every language's process
        workers.start(others, lambda lang: _build_language(config, lang))


# The first event after MkDocs cleaned the output folder (right after on_pre_build).
@event_priority(100)
def _output_folder_cleaned(files: Files, config: MkDocsConfig) -> Files:
    workers.release()  # the other languages' builds may now write
    return files


def _build_language(config: MkDocsConfig, lang: str) -> object:
    """In a forked process: build `lang` as static-i18n's sequential loop would, and return
    what it kept for the end of the outer build."""
    i18n = config.plugins["i18n"]
    i18n.building, i18n.current_language = True, lang
    site.take_kept()  # kept by the parent before the fork: not this language's
    # The parent cleans the output folder (this build writes only once it has: see on_env);
    # static-i18n patches this the same way for its own inner builds.
    mkdocs.utils.clean_directory = lambda path: None
    logging.getLogger("mkdocs.commands.build").addFilter(_inner_build_lines)
    build(config, dirty="--dirty" in sys.argv or "--dirtyreload" in sys.argv)
    return site.take_kept()


def _inner_build_lines(record: logging.LogRecord) -> bool:
    """Lines MkDocs logs once per build, said by the outer build only (as static-i18n does)."""
    return not str(record.msg).startswith(("Documentation built in", "Building documentation to", "Cleaning site"))


# Runs after static-i18n's own on_files (-100), which rebuilds the file list from docs_dir and
# would drop any page added before it.
@event_priority(-110)
def _add_generated_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated pages (areas, members, projects, events, jobs...) and feeds."""
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    if not preview.problems:
        try:
            return add_generated_files(files, config, i18n, site.pages(lang), site.files(lang))
        except RenderFailure as error:  # names the data file, record and template: no traceback
            _stop_or_preview(RenderFailure(f"{error} (in the {lang} pages)"), config)
    # The preview of broken data: one page, at every address (see partnersite/preview.py).
    config.nav = ["index.md"]
    assets = Files([file for file in files if not file.is_documentation_page()])
    return add_generated_files(assets, config, i18n, [preview.page(lang)], [])


def _stop_or_preview(error: Exception, config: MkDocsConfig) -> None:
    """A mistake in the data: stop the build (`mkdocs build`), or (`mkdocs serve`) say it in the
    terminal and show it in the browser instead of the site."""
    if site.command != "serve":
        raise PluginError(str(error)) from None
    log.info(f"The preview shows these problems instead of the site:\n{error}")  # a warning would abort it
    i18n = config.plugins["i18n"]
    homes = {lang: site.home(lang) for lang in i18n.build_languages}
    preview.show(error, Path(config.config_file_path).parent / "i18n", tuple(i18n.all_languages), homes)


on_files = CombinedEvent(_output_folder_cleaned, _add_generated_files)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """Fill the `<!-- data: NAME -->` lines of hand-written pages with data. A page that asks
    search engines not to index it (`robots: noindex`: a closed offer) is not in the site's
    search either (nor in the sitemap: see on_template_context)."""
    if is_noindex(page):
        page.meta["search"] = {**(page.meta.get("search") or {}), "exclude": True}
    if page.file.generated_by is not None or preview.problems:
        return markdown
    _report_placeholders(markdown, page.file.src_path)
    try:
        return site.expand(markdown, config.plugins["i18n"].current_language, page.file.src_uri)
    except DirectiveError as error:
        raise PluginError(str(error)) from None
    except Exception as error:  # a fault of ours while filling a block: a message, not a traceback
        raise PluginError(
            f"docs/{page.file.src_uri}: while filling its data blocks: {describe_unexpected(error)}"
        ) from None


def _report_placeholders(markdown: str, path: str) -> None:
    """An example address in a hand-written page: a notice while previewing, a warning (so no
    published site) when building without the examples (SITE_EXAMPLES=hide)."""
    for address in placeholders(markdown):
        say = log.info if site.examples else log.warning
        say(f"docs/{path}: '{address}' is an example address: replace it with a real one (see EDITING.md)")


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a generated page's HTML fragments (which skip Markdown) in place, except its lists
    of other records; keep only what hand-written pages hold in theirs (no script, no event
    handler, no other link scheme: see markup.sanitise_page)."""
    if page.file.generated_by is None:
        html, removed = sanitise_page(html)
        say = log.warning if site.command == "build" else log.info  # a warning stops the build
        for what in dict.fromkeys(removed):
            say(f"docs/{page.file.src_path}: {what} is not allowed in a page and was left out")
        return html
    blocks = getattr(page.file, "html_blocks", ())
    return insert_html_blocks(html, blocks, searchable=True) if blocks else html


# After Material's search plugin indexed the page (priority 0): the lists of other records are
# left out of the index (each record is found on its own page).
@event_priority(-10)
def on_page_context(context: TemplateContext, page: Page, config: MkDocsConfig, nav: object) -> TemplateContext:
    """Put a generated page's lists of other records in place."""
    blocks = getattr(page.file, "html_blocks", ())
    if blocks:
        page.content = insert_html_blocks(page.content, blocks, searchable=False)
    return context


def on_nav(nav: object, config: MkDocsConfig, files: Files) -> object:
    """The Markdown extensions' texts ("Permanent link") in the language being built: its pages
    are converted right after this event."""
    site.configure_markdown(config.markdown_extensions, config.mdx_configs, config.plugins["i18n"].current_language)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme the language suggestion texts (overrides/main.html) and its own texts
    (overrides/partials/language.html), and keep its compiled templates: MkDocs makes a new
    theme environment for every language and rebuild."""
    env.globals["ps_suggestions"] = "" if preview.problems else site.suggestions()
    env.globals["ps_footer"] = None if preview.problems else site.footer(config.plugins["i18n"].current_language)
    env.bytecode_cache = THEME_TEMPLATES
    lang = config.plugins["i18n"].current_language
    env.globals["ps_translate"] = theme_translator(env, config.theme["language"], site.theme_texts(lang))
    env.globals["ps_description"] = site.site_description(lang) if site.strings else ""
    for key in site.untranslated_theme_texts(lang):
        log.warning(f"i18n/theme/{lang}.yml: the theme text '{key}' would show in English: add it")
    env.globals["ps_parts"] = SharedThemeParts()
    env.loader = with_material_prefix(env.loader)
    workers.wait_until_released()  # in a forked language build: MkDocs writes from here on
    return env


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The not-found page's texts in the language being built (overrides/404.html), its
    language selector pointing to each language's home; the sitemap of a language pass lists
    that language's pages only (merged at the end), without those that ask not to be indexed."""
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    if template_name == "404.html" and preview.problems:
        context["ps_notfound"] = {"title": "", "text": "", "home": "/", "home_label": "", "jobs": "/", "jobs_label": ""}
    elif template_name == "404.html":
        context["ps_notfound"] = site.notfound_context(lang)
        # static-i18n points the selector to the page being rendered by setting an attribute
        # `alternate` on `config.extra` (which templates read before the item of that name);
        # after a sequential language pass it still pointed to the previous language's last page.
        config.extra.alternate = [{**entry, "link": site.home(entry["lang"])} for entry in i18n.extra_alternate]
    elif template_name == "sitemap.xml":
        listed = [file for file in context["i18n_alternates"][lang] if not (file.page and is_noindex(file.page))]
        context["i18n_alternates"] = {lang: listed}
    return context


def is_noindex(page: Page) -> bool:
    return "noindex" in str(page.meta.get("robots") or "")


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Valid, accessible HTML: mend three spots of Material's markup."""
    if preview.problems:  # also the not-found page: the server answers every address with it
        site.keep_404(config.plugins["i18n"].current_language, output)
        return output
    lang = config.plugins["i18n"].current_language
    return site.finish_page(fix_material_markup(output, site.search_label(lang)), lang)  # French typography


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's not-found page and sitemap (MkDocs writes them all at the root)."""
    lang = config.plugins["i18n"].current_language
    if template_name == "404.html" and not preview.problems:  # (else: see on_post_page)
        output = fix_material_markup(output, site.search_label(lang))
        output = site.finish_page(output, lang)  # French typography
        site.keep_404(lang, output)
    elif template_name == "sitemap.xml":
        site.keep_sitemap(lang, output)
    return output


# Before the search plugin writes this language's index at the root (priority 0), where every
# language's pass writes its own: read from the plugin's memory, kept for the language's folder.
# (Under `mkdocs serve --dirtyreload` it holds the rebuilt pages only, as the plugin's own would
# without the previous index it keeps for that case.)
@event_priority(10)
def _keep_search_index(config: MkDocsConfig) -> None:
    search = config.plugins["material/search"]
    site.keep_search_index(config.plugins["i18n"].current_language, search.search_index.generate_search_index(None))


# Before static-i18n's on_post_build (-100), which would build the other languages now.
@event_priority(-90)
def _join_other_languages(config: MkDocsConfig) -> None:
    if workers.running:
        for kept in workers.wait():  # raises the first failure of a forked build
            site.add_kept(kept)
        config.plugins["i18n"].building = True  # tells static-i18n the other languages are built


# After static-i18n's on_post_build (-100), in which it builds the other languages (when they
# were not forked) and rewrites a search index of all languages at the root.
@event_priority(-120)
def _write_kept_outputs(config: MkDocsConfig) -> None:
    i18n = config.plugins["i18n"]
    if workers.joined:
        i18n.building = workers.joined = False
    elif i18n.building:
        return  # one of static-i18n's inner language passes: the outer build is not done
    languages = [i18n.default_language, *(lang for lang in i18n.build_languages if lang != i18n.default_language)]
    site.write_kept_outputs(Path(config.site_dir), languages, _sitemap_time())
    if publisher.active and not publisher.finish(config.strict):
        log.warning("The site was not published: the build logged warnings (see above).")


def _sitemap_time() -> int:
    """The time MkDocs puts in sitemap.xml.gz: midnight UTC of the build date."""
    day = dt.date.fromisoformat(mkdocs.utils.get_build_date())
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: object) -> LiveReloadServer:
    """Start rebuilding sooner after a save than MkDocs' half-second polling allows."""
    return poll_sooner(server, config)


def on_build_error(error: Exception) -> None:
    """A language failed: stop the others, drop the staged output, keep the published site whole."""
    workers.stop()
    publisher.abandon()


on_post_build = CombinedEvent(_keep_search_index, _join_other_languages, _write_kept_outputs)
