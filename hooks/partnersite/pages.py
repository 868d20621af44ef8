"""The list of generated pages: which template renders which record at which address."""

from __future__ import annotations

from dataclasses import dataclass

from .calendars import has_day, render_calendar
from .feeds import job_entries, render_feed
from .render import HtmlBlock, Renderer


def language_prefix(lang: str, default: str) -> str:
    """Where a language's pages live: the default language at the root, others in /<lang>/."""
    return "" if lang == default else f"{lang}/"


@dataclass(frozen=True)
class GeneratedPage:
    """A page source for one language; `src_uri` is the same in every language. `blocks`: the
    HTML fragments that replace the markers in its HTML (see render.py)."""

    src_uri: str
    markdown: str
    in_nav: bool
    blocks: tuple[HtmlBlock, ...] = ()


# Index pages that appear in the site's navigation (`nav:` in mkdocs.yml names them).
INDEX_PAGES = {
    "clusters.md": "clusters.md.j2",
    "strategy.md": "strategy.md.j2",
    "members/index.md": "members.md.j2",
    "projects/index.md": "projects.md.j2",
    "events/index.md": "events.md.j2",
    "jobs/index.md": "jobs.md.j2",
}


def render_pages(renderer: Renderer) -> list[GeneratedPage]:
    """Every generated page of the site, in the renderer's language."""
    catalog = renderer.views.catalog

    def page(uri: str, template: str, in_nav: bool = False, **record: dict) -> GeneratedPage:
        source, blocks = renderer.render_page(template, uri, **record)
        return GeneratedPage(uri, source, in_nav, blocks)

    pages = [page(uri, template, in_nav=True) for uri, template in INDEX_PAGES.items()]
    per_record = (
        ("areas", "area", catalog.areas),
        ("members", "member", catalog.members),
        ("projects", "project", catalog.projects),
        ("events", "event", catalog.events),
        ("jobs", "job", catalog.jobs),
    )
    for folder, name, records in per_record:
        for record_id, record in records.items():
            uri = f"{folder}/{record_id}.md"
            pages.append(page(uri, f"{name}.md.j2", **{name: record}))
    for area_id, area in catalog.areas.items():
        uri = f"jobs/area/{area_id}.md"
        pages.append(page(uri, "jobs_area.md.j2", area=area))
    return pages


@dataclass(frozen=True)
class GeneratedFile:
    """A file other than a page (a feed), at `path` under the language's root."""

    path: str
    content: bytes


def render_files(renderer: Renderer) -> list[GeneratedFile]:
    """Files other than pages: the job feeds and the event calendars."""
    return render_job_feeds(renderer) + render_calendars(renderer)


def render_calendars(renderer: Renderer) -> list[GeneratedFile]:
    """An .ics file per event with a known day, and one calendar of all of them."""
    views = renderer.views
    dated = [event for event in views.catalog.events.values() if has_day(event["start"])]
    name = renderer.string("calendar.name")
    files = [
        GeneratedFile(
            f"events/{event['id']}.ics",
            render_calendar(name, renderer.lang, [renderer.calendar_entry(event)], views.today),
        )
        for event in dated
    ]
    entries = [renderer.calendar_entry(event) for event in dated]
    files.append(GeneratedFile("events/calendar.ics", render_calendar(name, renderer.lang, entries, views.today)))
    return files


def render_job_feeds(renderer: Renderer) -> list[GeneratedFile]:
    """The Atom feeds of open jobs: all of them, and per strategic area."""
    views, lang = renderer.views, renderer.lang

    def job_url(job: dict) -> str:
        return renderer.absolute(f"jobs/{job['id']}.md")

    def feed(path: str, page: str, title: str, jobs: list[dict]) -> GeneratedFile:
        entries = job_entries(jobs, job_url, renderer.job_summary, lang)
        content = render_feed(title, renderer.absolute(path), renderer.absolute(page), lang, entries, views.today)
        return GeneratedFile(path, content)

    files = [feed("jobs/feed.xml", "jobs/index.md", renderer.string("feed.title"), views.open_jobs)]
    for area_id, area in views.catalog.areas.items():
        title = renderer.string("feed.area_title", area=renderer.text(area["name"]))
        files.append(
            feed(f"jobs/area/{area_id}/feed.xml", f"jobs/area/{area_id}.md", title, views.jobs_by_area[area_id])
        )
    return files
