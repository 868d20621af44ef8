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
from partnersite.htmlfix import fix_material_markup
from partnersite.i18n_files import add_generated_files
from partnersite.publish import Publisher
from partnersite.render import compile_templates, insert_html_blocks
from partnersite.strings import StringsError
from partnersite.watching import poll_sooner
from partnersite.workers import LanguageWorkers, parallel_wanted

log = get_plugin_logger("partnersite")
site = SiteBuild()
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
    try:
        root = Path(config.config_file_path).parent
        site.load(root, tuple(i18n.all_languages), i18n.default_language, config.site_url or "/")
    except (DataError, StringsError, ValueError) as error:
        raise PluginError(str(error)) from None
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
    return add_generated_files(files, config, i18n, site.pages(lang), site.files(lang))


on_files = CombinedEvent(_output_folder_cleaned, _add_generated_files)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """Fill the `<!-- data: NAME -->` lines of hand-written pages with data."""
    if page.file.generated_by is not None:
        return markdown
    try:
        return site.expand(markdown, config.plugins["i18n"].current_language, page.file.src_uri)
    except DirectiveError as error:
        raise PluginError(str(error)) from None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Put a generated page's HTML fragments (which skip Markdown) in place, except its lists
    of other records."""
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


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme the language suggestion texts (overrides/main.html) and its own texts
    (overrides/partials/language.html), and keep its compiled templates: MkDocs makes a new
    theme environment for every language and rebuild."""
    env.globals["ps_suggestions"] = site.suggestions()
    env.globals["ps_footer"] = site.footer(config.plugins["i18n"].current_language)
    env.bytecode_cache = THEME_TEMPLATES
    env.globals["ps_translate"] = theme_translator(env, config.theme["language"])
    env.globals["ps_parts"] = SharedThemeParts()
    env.loader = with_material_prefix(env.loader)
    workers.wait_until_released()  # in a forked language build: MkDocs writes from here on
    return env


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The not-found page's texts in the language being built (overrides/404.html), its
    language selector pointing to each language's home; the sitemap of a language pass lists
    that language's pages only (merged at the end)."""
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    if template_name == "404.html":
        context["ps_notfound"] = site.notfound_context(lang)
        # static-i18n points the selector to the page being rendered by setting an attribute
        # `alternate` on `config.extra` (which templates read before the item of that name);
        # after a sequential language pass it still pointed to the previous language's last page.
        config.extra.alternate = [{**entry, "link": site.home(entry["lang"])} for entry in i18n.extra_alternate]
    elif template_name == "sitemap.xml":
        context["i18n_alternates"] = {lang: context["i18n_alternates"][lang]}
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Valid, accessible HTML: mend three spots of Material's markup."""
    return fix_material_markup(output, site.search_label(config.plugins["i18n"].current_language))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's not-found page and sitemap (MkDocs writes them all at the root)."""
    lang = config.plugins["i18n"].current_language
    if template_name == "404.html":
        output = fix_material_markup(output, site.search_label(lang))
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
