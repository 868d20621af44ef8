"""Turn records into Markdown page sources, one language at a time.

Every `{{ value }}` in a template is escaped for Markdown (and HTML) unless a filter marked it
as already safe (`Markup`), so a staff member's "<script>" or "*" always shows as typed
(markup.py; the environments are in jinja_env.py, the formatting of values in formatting.py).

Lists that grow with the data (jobs, members, projects, events) and the facts of a record are
HTML fragments (templates/html/, HTML-escaped): Python-Markdown would spend most of a page's
build on them. Markdown fields (descriptions) are fragments too, converted without the pages'
Markdown extensions (`Formatter.field_html`). A page source holds a marker in their place,
swapped for the fragment once MkDocs has turned the Markdown into HTML (`insert_html_blocks`).
Lists of other records are put in after the page was indexed for search: each record is found
on its own page.
"""

from __future__ import annotations

import functools
from typing import Any

import jinja2
from markupsafe import Markup

from . import listfilters, sharing, structured
from .formatting import Formatter
from .jinja_env import compile_templates, environment, html_environment
from .markup import HtmlBlock, html_block_marker, insert_html_blocks
from .strings import Strings
from .urls import PageLinks, SiteUrls
from .views import Views

# Imported from here by the hook file (hooks/site.py).
__all__ = ["HtmlBlock", "Renderer", "compile_templates", "insert_html_blocks"]


class Renderer:
    """Renders the page templates of one language. Create one per language and build."""

    def __init__(self, views: Views, strings: Strings, lang: str, site_url: str = "/", prefix: str = "") -> None:
        self.views, self.lang = views, lang
        self.formatter = fmt = Formatter(lang, strings)
        self.urls = urls = SiteUrls(site_url, prefix)
        self.env = environment()
        self.html_env = html_environment()
        self._templates: dict[str, jinja2.Template] = {}  # by name, for this build
        catalog = views.catalog
        # What every template sees besides the filters (jinja_env.py) and the page's own links
        # (`render_page`); `formatter` serves the filters of the page's language.
        self.context: dict[str, Any] = {
            "formatter": fmt,
            "string": fmt.string,
            "plural": fmt.plural,
            "money": fmt.money,
            "span": fmt.span,
            "labelled": fmt.labelled,
            "count_of": fmt.count_of,
            "job_jsonld": functools.partial(structured.job_jsonld, fmt=fmt, urls=urls, catalog=catalog),
            "event_jsonld": functools.partial(structured.event_jsonld, fmt=fmt, urls=urls, catalog=catalog),
            "news_jsonld": functools.partial(structured.news_jsonld, fmt=fmt, urls=urls, catalog=catalog),
            "filter_form": functools.partial(listfilters.form, fmt=fmt, catalog=catalog),
            "filter_row": functools.partial(listfilters.row_attributes, fmt=fmt, catalog=catalog),
            "share": functools.partial(sharing.record_share_links, fmt=fmt, urls=urls),
            "catalog": catalog,
            "views": views,
            "lang": lang,
            "site_root": "../" * prefix.count("/"),  # from the language's root to the site's
        }

    def template(self, name: str) -> jinja2.Template:
        """A page template, or an HTML fragment's (html/...), loaded once per build."""
        template = self._templates.get(name)
        if template is None:
            env = self.html_env if name.startswith("html/") else self.env
            template = self._templates[name] = env.get_template(name)
        return template

    def render_page(
        self, template: str, src_uri: str, first_block: int = 0, **context: Any
    ) -> tuple[str, tuple[HtmlBlock, ...]]:
        """Render `template` as the source of the page at `src_uri` (links are relative to it):
        its Markdown, and the HTML fragments that go in place of its markers (numbered from
        `first_block`: a hand-written page's data blocks each add theirs to the page's)."""
        links = PageLinks(src_uri)
        blocks: list[HtmlBlock] = []

        def block(html: str, searchable: bool) -> Markup:
            blocks.append(HtmlBlock(html, searchable))
            return html_block_marker(first_block + len(blocks) - 1)

        def fragment(name: str, searchable: bool = False, **values: Any) -> Markup:
            """Render the HTML fragment `name` (templates/html/); its marker goes in the Markdown."""
            html = self.template(name).render(self.context, page_url=links.page_url, file_url=links.file_url, **values)
            return block(html, searchable)

        def markdown(value: dict[str, str]) -> Markup:
            """A Markdown field (a description), made HTML apart: see `Formatter.field_html`."""
            return block(self.formatter.field_html(value), True)

        source = self.template(template).render(
            self.context,
            md_link=links.md_link,
            file_url=links.file_url,
            fragment=fragment,
            markdown=markdown,
            src_uri=src_uri,
            **context,
        )
        return source, tuple(blocks)
