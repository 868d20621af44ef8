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

import dataclasses
import functools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, cast

import jinja2
from markupsafe import Markup

from . import listfilters, sharing, structured
from .formatting import Formatter
from .jinja_env import JobCells, Memo, environment, html_environment, remembered
from .markup import HtmlBlock, html_block_marker, insert_html_blocks
from .strings import Strings
from .urls import PageLinks, SiteUrls
from .views import Views

if TYPE_CHECKING:
    from .catalog import Catalog
    from .sourcecache import Recorder

T = TypeVar("T")

# Imported from here by the hook file (hooks/site.py).
__all__ = ["HtmlBlock", "Renderer", "insert_html_blocks"]


class Renderer:
    """Renders the page templates of one language. Create one per language and build."""

    def __init__(
        self,
        views: Views,
        strings: Strings,
        lang: str,
        site_url: str = "/",
        prefix: str = "",
        recorder: Recorder | None = None,
        memos: dict[str, Any] | None = None,
    ) -> None:
        """`recorder`: the data as the pages see it, each question they ask of it noted
        (sourcecache.py); without one, the views and catalog themselves. `memos`: where the
        recorder's memos of this language are kept between builds (SourceCache.memos)."""
        self.views, self.lang = views, lang
        self.formatter = fmt = Formatter(lang, strings)
        self.urls = urls = SiteUrls(site_url, prefix)
        self.env = environment()
        self.html_env = html_environment()
        self._templates: dict[str, jinja2.Template] = {}  # by name, for this build
        self._page: _Page | None = None  # the page being rendered (`render_page`)
        self._context_of_pages: dict[str, Any] | None = None
        self._context_of_fragments: dict[str, Any] | None = None
        self._memo: Memo = remembered if recorder is None else recorder.memo
        self._stores: dict[str, Any] = {} if memos is None else memos
        shown: Any = views if recorder is None else recorder.traced_views
        # The catalog the templates and the helpers they call read (`render_pages` too).
        self.catalog = catalog = cast("Catalog", shown.catalog)
        # What every template sees besides the filters (jinja_env.py) and the page's own links
        # (`_page_context`); `formatter` serves the filters of the page's language.
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
            "catalog": catalog,
            "job_cells": JobCells(fmt, catalog, self._memo, self._stores),
            "views": shown,
            "lang": lang,
            "site_root": "../" * prefix.count("/"),  # from the language's root to the site's
        }

    def remember(self, name: str, key: Any, make: Callable[[], T]) -> T:
        """`make()`, made once per key for the store `name` (through the recorder's memo, which
        notes what it read for each page that uses it, and keeps it between builds)."""
        return self._memo(self._stores.setdefault(name, {}), key, make)

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
        page = _Page(PageLinks(src_uri), first_block)
        previous, self._page = self._page, page
        try:
            source = _render(self.template(template), {**self._page_context(), "src_uri": src_uri, **context})
        finally:
            self._page = previous
        return source, tuple(page.blocks)

    def _page_context(self) -> dict[str, Any]:
        """What a page template sees: the renderer's context, the links and fragments of the
        page being rendered, and `m`, the macros of templates/_macros.md.j2. Made once per
        language and build: the macros are not made again for every page (as `import ... with
        context` would), the page's functions below answer for the page being rendered."""
        if self._context_of_pages is None:
            context = {
                **self.env.globals,
                **self.context,
                "md_link": self._md_link,
                "file_url": self._file_url,
                "fragment": self._fragment,
                "markdown": self._markdown,
                "share": self._share,
                # The fragments of the pages (templates/html/), named by what they show.
                "share_links": self._share_links,
                "job_table": self._job_table,
                "member_table": self._member_table,
                "project_table": self._project_table,
                "project_list": self._project_list,
                "picture": self._picture,
                "event_list": self._event_list,
            }
            context["m"] = self.template("_macros.md.j2").make_module(context)
            self._context_of_pages = context
        return self._context_of_pages

    def _current(self) -> _Page:
        if self._page is None:
            raise RuntimeError("a page's function called outside render_page")
        return self._page

    def _md_link(self, target: str, anchor: str = "") -> Markup:
        """A Markdown link target from the page's source (see urls.PageLinks)."""
        return self._current().links.md_link(target, anchor)

    def _file_url(self, target: str) -> Markup:
        """An address for raw HTML from the built page."""
        return self._current().links.file_url(target)

    def _block(self, html: str, searchable: bool) -> Markup:
        page = self._current()
        page.blocks.append(HtmlBlock(html, searchable))
        return html_block_marker(page.first_block + len(page.blocks) - 1)

    def _fragment(self, name: str, searchable: bool = False, **values: Any) -> Markup:
        """Render the HTML fragment `name` (templates/html/); its marker goes in the Markdown."""
        links = self._current().links
        if self._context_of_fragments is None:
            self._context_of_fragments = {**self.html_env.globals, **self.context}
        context = {**self._context_of_fragments, "page_url": links.page_url, "file_url": links.file_url, **values}
        html = _render(self.template(name), context)
        return self._block(html, searchable)

    def _markdown(self, value: dict[str, str]) -> Markup:
        """A Markdown field (a description), made HTML apart: see `Formatter.field_html`."""
        return self._block(self.formatter.field_html(value), True)

    def _share_links(self, record: dict[str, Any]) -> Markup:
        """The share links of this page, which shows `record` (a job, an event, a news post:
        anything with a `title`): LinkedIn, e-mail and "copy link" (sharing.py)."""
        return self._fragment("html/share.html.j2", links=self._share(record))

    def _job_table(
        self, jobs: list[Any], show_area: bool = True, show_employer: bool = True, filtered: str | None = None
    ) -> Markup:
        """`filtered`: the name of the filterable list the rows belong to (listfilters.py), if any."""
        return self._fragment(
            "html/job_table.html.j2", jobs=jobs, show_area=show_area, show_employer=show_employer, filtered=filtered
        )

    def _member_table(self, members: list[Any], show_cluster: bool = True, filtered: str | None = None) -> Markup:
        return self._fragment(
            "html/member_table.html.j2", members=members, show_cluster=show_cluster, filtered=filtered
        )

    def _project_table(self, projects: list[Any], filtered: str | None = None) -> Markup:
        return self._fragment("html/project_table.html.j2", projects=projects, filtered=filtered)

    def _project_list(self, projects: list[Any]) -> Markup:
        return self._fragment("html/project_list.html.j2", projects=projects)

    def _picture(self, value: Any, lazy: bool = False, sizes: str | None = None, css_class: str = "") -> Markup:
        """A logo or picture field (pictures.py) as a responsive <picture> (picture_output.py),
        its alt text in the page's language. `lazy`: below the top of the page; `sizes`: how
        wide it shows."""
        return self._fragment("html/picture.html.j2", value=value, lazy=lazy, sizes=sizes, css_class=css_class)

    def _event_list(self, events: list[Any]) -> Markup:
        return self._fragment("html/event_list.html.j2", events=events)

    def _share(self, record: dict[str, Any]) -> sharing.ShareLinks:
        """The share links of the page being rendered, which shows `record` (sharing.py)."""
        return sharing.record_share_links(self._current().links.src_uri, record, fmt=self.formatter, urls=self.urls)


def _render(template: jinja2.Template, context: dict[str, Any]) -> str:
    """`template.render(context)`, the context used as it is: it holds the environment's
    globals already (Renderer._page_context), which Jinja would copy into a new dictionary for
    every page and fragment."""
    try:
        return template.environment.concat(template.root_render_func(template.new_context(context, shared=True)))
    except Exception:
        template.environment.handle_exception()


@dataclasses.dataclass
class _Page:
    """The page being rendered: its links, and the HTML fragments it has left markers for."""

    links: PageLinks
    first_block: int
    blocks: list[HtmlBlock] = dataclasses.field(default_factory=list)
