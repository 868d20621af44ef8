"""The list of generated pages: which template renders which record at which address."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from .calendars import entry_for, has_day, render_calendar
from .catalog import Catalog
from .failures import explaining
from .feeds import FeedEntry, render_feed, summary_for
from .markup import HtmlBlock
from .records import Job, News
from .render import Renderer
from .search import page_filters
from .sharecards import ShareCard, record_card

# language_prefix lives in urls.py; build.py and checks.py import it from here.
from .urls import language_prefix as language_prefix

if TYPE_CHECKING:
    from .sourcecache import PassSources


@dataclass(frozen=True)
class GeneratedPage:
    """A page source for one language; `src_uri` is the same in every language. `blocks`: the
    HTML fragments that replace the markers in its HTML (see render.py and markup.py)."""

    src_uri: str
    markdown: str
    in_nav: bool
    blocks: tuple[HtmlBlock, ...] = ()
    search_filters: tuple[tuple[str, str], ...] = ()  # (key, value): see search.py
    kind: str = ""  # the record a record's page shows ("job"), else ""
    card: ShareCard | None = None  # its own share image (jobs, events), else the default one


# Index pages that appear in the site's navigation (`nav:` in mkdocs.yml names them).
INDEX_PAGES = {
    "clusters.md": "clusters.md.j2",
    "strategy.md": "strategy.md.j2",
    "members/index.md": "members.md.j2",
    "projects/index.md": "projects.md.j2",
    "events/index.md": "events.md.j2",
    "jobs/index.md": "jobs.md.j2",
    "news/index.md": "news.md.j2",
}


@dataclass(frozen=True)
class PageSource:
    """A page the build generates: its address, its template and the record it shows."""

    src_uri: str
    template: str
    in_nav: bool = False
    name: str = ""  # the record's name in the template ("job"), if any
    record: Mapping[str, Any] | None = None
    collection: str = ""  # where the record comes from ("jobs")


# The record pages: folder, record name in templates, collection.
RECORD_PAGES = (
    ("areas", "area", "areas"),
    ("members", "member", "members"),
    ("projects", "project", "projects"),
    ("events", "event", "events"),
    ("jobs", "job", "jobs"),
    ("news", "post", "news"),
)


def page_sources(catalog: Catalog) -> list[PageSource]:
    """Every page the build can generate, whatever the build date (see `render_pages`)."""
    pages = [PageSource(uri, template, in_nav=True) for uri, template in INDEX_PAGES.items()]
    for folder, name, collection in RECORD_PAGES:
        for record_id, record in getattr(catalog, collection).items():
            pages.append(PageSource(f"{folder}/{record_id}.md", f"{name}.md.j2", False, name, record, collection))
    for area_id, area in catalog.areas.items():
        pages.append(PageSource(f"jobs/area/{area_id}.md", "jobs_area.md.j2", False, "area", area, "areas"))
    return pages


def render_pages(renderer: Renderer, kept: PassSources | None = None) -> list[GeneratedPage]:
    """Every generated page of the site, in the renderer's language. A job offer whose
    posting date is still ahead has no page yet, nor has a news post dated later than the build:
    their addresses are not public before that day. `kept`: the pages of earlier builds, each
    reused if nothing it read has changed (sourcecache.py); which pages exist is decided here,
    at every build."""
    views = renderer.views
    pages = []
    for source in page_sources(views.catalog):
        if source.collection == "jobs" and not views.is_posted(cast(Job, source.record)):
            continue
        if source.collection == "news" and not views.is_published(cast(News, source.record)):
            continue
        if kept is None:
            pages.append(render_page(renderer, source))
        else:
            pages.append(kept.page(source, functools.partial(render_page, renderer, source)))
    if kept is not None:
        kept.finish()
    return pages


def render_page(renderer: Renderer, source: PageSource) -> GeneratedPage:
    """The page of `source`: its source, fragments, search filters and share card. Everything
    it reads of the data comes through `renderer.catalog` and the renderer's context."""
    fmt, catalog = renderer.formatter, renderer.catalog
    record: dict[str, Any] = {source.name: source.record} if source.name else {}
    with explaining(source.record, source.template):
        markdown, blocks = renderer.render_page(source.template, source.src_uri, **record)
        filters = page_filters(source.collection, source.record, catalog, fmt.string, fmt.text)
    kind = source.name if source.template == f"{source.name}.md.j2" else ""  # not a list of jobs
    with explaining(source.record, "its share card"):
        card = record_card(source.collection, source.record, fmt, catalog) if kind else None
    return GeneratedPage(source.src_uri, markdown, source.in_nav, blocks, search_filters=filters, kind=kind, card=card)


@dataclass(frozen=True)
class GeneratedFile:
    """A file other than a page (a feed), at `path` under the language's root."""

    path: str
    content: bytes


def render_files(renderer: Renderer) -> list[GeneratedFile]:
    """Files other than pages: the job feeds, the event calendars and the news feed."""
    return render_job_feeds(renderer) + render_calendars(renderer) + [render_news_feed(renderer)]


def calendar_path(event_id: str | None = None) -> str:
    """An event's .ics file, or (no id) the calendar of all events."""
    return f"events/{event_id}.ics" if event_id else "events/calendar.ics"


def feed_path(area_id: str | None = None) -> str:
    """The Atom feed of open jobs, or of one strategic area's."""
    return f"jobs/area/{area_id}/feed.xml" if area_id else "jobs/feed.xml"


NEWS_FEED = "news/feed.xml"


def file_paths(catalog: Catalog) -> list[tuple[str, Mapping[str, Any] | None]]:
    """Every file other than a page that the build writes, with the record it comes from."""
    paths: list[tuple[str, Mapping[str, Any] | None]] = [
        (feed_path(), None),
        (calendar_path(), None),
        (NEWS_FEED, None),
    ]
    paths.extend((feed_path(area_id), area) for area_id, area in catalog.areas.items())
    events = catalog.events.items()
    paths.extend((calendar_path(event_id), event) for event_id, event in events if has_day(event["start"]))
    return paths


def render_calendars(renderer: Renderer) -> list[GeneratedFile]:
    """An .ics file per event with a known day, and one calendar of all of them."""
    views, fmt = renderer.views, renderer.formatter
    name = fmt.typeset(fmt.string("calendar.name"))
    files, entries = [], []
    for event in views.catalog.events.values():
        if has_day(event["start"]):
            with explaining(event, "its calendar file"):
                entries.append(entry_for(event, fmt, renderer.urls))
                content = render_calendar(name, renderer.lang, entries[-1:], views.today)
            files.append(GeneratedFile(calendar_path(event["id"]), content))
    with explaining(None, "the calendar of all events"):
        files.append(GeneratedFile(calendar_path(), render_calendar(name, renderer.lang, entries, views.today)))
    return files


def render_job_feeds(renderer: Renderer) -> list[GeneratedFile]:
    """The Atom feeds of open jobs: all of them, and per strategic area."""
    views, fmt, urls, catalog = renderer.views, renderer.formatter, renderer.urls, renderer.catalog

    def entry(job_id: str) -> FeedEntry:
        # Its title as the pages show it: with the example label, typeset if French.
        job = catalog.jobs[job_id]
        shown, summary = fmt.typeset(fmt.labelled(job)), summary_for(job, fmt, catalog)
        return FeedEntry(urls.absolute(f"jobs/{job_id}.md"), shown, summary, job["posted"], job)

    def feed(path: str, page: str, title: str, jobs: list[Job]) -> GeneratedFile:
        entries = []
        for job in jobs:  # each in two feeds (all jobs, its area's), and unchanged from build to build
            with explaining(job, "its feed entry"):
                entries.append(renderer.remember("feed_entries", job["id"], functools.partial(entry, job["id"])))
        title = fmt.typeset(title)
        content = render_feed(title, urls.absolute(path), urls.absolute(page), fmt.lang, entries, views.today)
        return GeneratedFile(path, content)

    with explaining(None, "the job feed"):
        files = [feed(feed_path(), "jobs/index.md", fmt.string("feed.title"), views.open_jobs)]
    for area_id, area in views.catalog.areas.items():
        with explaining(area, "the job feed of an area"):
            title = fmt.string("feed.area_title", area=fmt.text(area["name"]))
            files.append(feed(feed_path(area_id), f"jobs/area/{area_id}.md", title, views.jobs_by_area[area_id]))
    return files


def render_news_feed(renderer: Renderer) -> GeneratedFile:
    """The Atom feed of the published news posts, newest first."""
    views, fmt, urls = renderer.views, renderer.formatter, renderer.urls
    entries = []
    for post in views.published_news:
        with explaining(post, "its feed entry"):
            title, summary = fmt.typeset(fmt.labelled(post)), fmt.plain(post["summary"])
            entries.append(FeedEntry(urls.absolute(f"news/{post['id']}.md"), title, summary, post["date"], post))
    with explaining(None, "the news feed"):
        title = fmt.typeset(fmt.string("news.feed_title"))
        url, page = urls.absolute(NEWS_FEED), urls.absolute("news/index.md")
        return GeneratedFile(NEWS_FEED, render_feed(title, url, page, fmt.lang, entries, views.today))
