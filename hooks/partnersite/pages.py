"""The list of generated pages: which template renders which record at which address."""

from __future__ import annotations

from dataclasses import dataclass

from .render import Renderer


@dataclass(frozen=True)
class GeneratedPage:
    """A page source for one language; `src_uri` is the same in every language."""

    src_uri: str
    markdown: str
    in_nav: bool


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
    pages = [GeneratedPage(uri, renderer.render(template, uri), True) for uri, template in INDEX_PAGES.items()]
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
            pages.append(GeneratedPage(uri, renderer.render(f"{name}.md.j2", uri, **{name: record}), False))
    return pages
