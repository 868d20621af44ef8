"""MkDocs hooks of the BioWin × MEDVIA site: the table of contents of the build.

The work is done in the `partnersite` package; these functions only connect it to MkDocs and
mkdocs-static-i18n, which runs the whole build once per language (default language first).
"""

from __future__ import annotations

import os
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from partnersite.build import MemoryBytecodeCache, SiteBuild
from partnersite.catalog import DataError
from partnersite.directives import DirectiveError
from partnersite.htmlfix import fix_material_markup
from partnersite.i18n_files import add_generated_files
from partnersite.publish import Publisher
from partnersite.strings import StringsError

log = get_plugin_logger("partnersite")
site = SiteBuild()
THEME_TEMPLATES = MemoryBytecodeCache()
publisher = Publisher()


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
    """Load and check all data once per build, before anything is written."""
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


# Runs after static-i18n's own on_files (-100), which rebuilds the file list from docs_dir and
# would drop any page added before it.
@event_priority(-110)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add this language's generated pages (areas, members, projects, events, jobs...) and feeds."""
    i18n = config.plugins["i18n"]
    lang = i18n.current_language
    return add_generated_files(files, config, i18n, site.pages(lang), site.files(lang))


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, **_: object) -> str:
    """Fill the `<!-- data: NAME -->` lines of hand-written pages with data."""
    if page.file.generated_by is not None:
        return markdown
    try:
        return site.expand(markdown, config.plugins["i18n"].current_language, page.file.src_uri)
    except DirectiveError as error:
        raise PluginError(str(error)) from None


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Give the theme the language suggestion texts (overrides/main.html), and keep its
    compiled templates: MkDocs makes a new theme environment for every language and rebuild."""
    env.globals["ps_suggestions"] = site.suggestions()
    env.globals["ps_footer"] = site.footer(config.plugins["i18n"].current_language)
    env.bytecode_cache = THEME_TEMPLATES
    return env


def on_template_context(context: TemplateContext, template_name: str, config: MkDocsConfig) -> TemplateContext:
    """The not-found page's texts in the language being built (overrides/404.html)."""
    if template_name == "404.html":
        context["ps_notfound"] = site.notfound_context(config.plugins["i18n"].current_language)
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Valid, accessible HTML: mend three spots of Material's markup."""
    return fix_material_markup(output, site.search_label(config.plugins["i18n"].current_language))


def on_post_template(output: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep each language's not-found page (MkDocs writes them all to /404.html)."""
    if template_name == "404.html":
        output = fix_material_markup(output, site.search_label(config.plugins["i18n"].current_language))
        site.keep_404(config.plugins["i18n"].current_language, output)
    return output


# After the search plugin wrote this language's index (priority 0), before static-i18n starts
# building the next language (-100) and overwrites it.
@event_priority(-50)
def _keep_language_outputs(config: MkDocsConfig) -> None:
    site.keep_language_outputs(Path(config.site_dir), config.plugins["i18n"].current_language)


# After static-i18n's on_post_build (-100), in which it builds the other languages and rewrites
# a search index of all languages at the root.
@event_priority(-120)
def _write_kept_outputs(config: MkDocsConfig) -> None:
    if not config.plugins["i18n"].building:  # the outer build: every language is done
        site.write_kept_outputs(Path(config.site_dir))
        if publisher.active and not publisher.finish(config.strict):
            log.warning("The site was not published: the build logged warnings (see above).")


def on_build_error(error: Exception) -> None:
    """A language failed: drop the staged output, keep the published site whole."""
    publisher.abandon()


on_post_build = CombinedEvent(_keep_language_outputs, _write_kept_outputs)
