"""Give generated pages to MkDocs the way mkdocs-static-i18n expects its own files.

static-i18n rebuilds the file list from `docs_dir` in its `on_files` (priority -100), so pages
must be added after it, one language per pass, carrying the attributes the plugin reads later
(language switcher, sitemap): see ../../README.md, "How pages are generated".
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import cast

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel

from .languages import I18nPlugin
from .pages import GeneratedFile, GeneratedPage, language_prefix


def _file(config: MkDocsConfig, page: GeneratedPage, lang: str, default: str) -> File:
    inclusion = InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV
    file = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
    file.generated_by = "partnersite"
    # Set before `.url` and `.abs_dest_path` are first read: both derive from dest_uri.
    file.dest_uri = language_prefix(lang, default) + file.dest_uri
    # What static-i18n sets on its own files and reads later (File declares none of them).
    vars(file).update(locale=lang, locale_alternate_of=lang, localization=None, norm_src_uri=page.src_uri)
    describe(file, page)
    return file


def describe(file: File, page: GeneratedPage) -> None:
    """What `file` holds of `page` besides its source: our HTML fragments, put in place by the
    on_page_content hook; the page's search filters, written into the page by on_post_page
    (search.py); the record it shows and its share card (on_page_context)."""
    vars(file).update(html_blocks=page.blocks, search_filters=page.search_filters)
    vars(file).update(page_kind=page.kind, share_card=page.card)


def add_generated_files(
    files: Files, config: MkDocsConfig, i18n: I18nPlugin, pages: list[GeneratedPage], others: list[GeneratedFile]
) -> Files:
    """Add this language's generated pages, each knowing its counterpart in every language,
    and its other files (feeds)."""
    lang, default = i18n.current_language, i18n.default_language
    for other in others:
        file = File.generated(config, other.path, content=other.content)
        file.dest_uri = language_prefix(lang, default) + file.dest_uri
        files.append(file)
    for page in pages:
        file = _file(config, page, lang, default)
        alternates = {
            other: file if other == lang else _file(config, page, other, default) for other in i18n.build_languages
        }
        vars(file)["alternates"] = alternates  # static-i18n's language selector reads it
        files.append(file)
    # The plugin's sitemap lists the pages it recorded per language: include ours.
    i18n.i18n_files_per_language[lang] = files.documentation_pages()
    return files


class LinkedFile(File):
    """A file written into the site as a hard link to its source rather than a copy: a share
    card drawn into the cards' cache (cardimages.py). A card's file there is named by the hash of
    what it shows and is replaced, never rewritten, so the link always holds that card. At 1,000
    jobs a build writes 3,300 cards (79 MB): copied, 2.3 s of system time on this disk; linked,
    0.05 s. Copied as MkDocs would where a link cannot be made (another file system)."""

    def copy_file(self, dirty: bool = False) -> None:
        if (dirty and not self.is_modified()) or self.abs_src_path is None:
            super().copy_file(dirty)
            return
        output = self.abs_dest_path
        os.makedirs(os.path.dirname(output), exist_ok=True)
        try:
            if os.path.lexists(output):
                os.unlink(output)
            os.link(self.abs_src_path, output)
        except OSError:
            super().copy_file(dirty)


def add_images(files: Files, config: MkDocsConfig, i18n: I18nPlugin, images: list[tuple[str, Path]]) -> Files:
    """Add this language's share images: (address under the language's root, drawn file),
    linked by MkDocs from the cards' cache into the language's folder (`LinkedFile`)."""
    for path, drawn in images:
        files.append(image_file(config, i18n, path, drawn))
    return files


def image_file(config: MkDocsConfig, i18n: I18nPlugin, path: str, drawn: Path) -> LinkedFile:
    """A share image of the language being built: its address under the language's root, drawn
    file."""
    file = cast("LinkedFile", LinkedFile.generated(config, path, abs_src_path=str(drawn)))
    file.dest_uri = language_prefix(i18n.current_language, i18n.default_language) + file.dest_uri
    return file


def only_page(files: Files, config: MkDocsConfig, i18n: I18nPlugin, page: GeneratedPage) -> Files:
    """The site as one page at its root (the preview's page of problems): the theme's and the
    site's assets, no other page, and a navigation of that page only."""
    config.nav = [page.src_uri]
    assets = Files([file for file in files if not file.is_documentation_page()])
    return add_generated_files(assets, config, i18n, [page], [])
