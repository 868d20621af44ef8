"""What the pages show, derived once per build from the catalog and the build date.

"Today" is the build date, so which offers are open and which events are upcoming is a pure
function of the data and one date, reproducible in tests.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from .catalog import Catalog
from .records import Event, Job, Member, News, Project
from .when import day_of

R = TypeVar("R")


def build_date(environ: os._Environ[str] | dict[str, str] = os.environ) -> dt.date:
    """The build's "today": `SITE_BUILD_DATE` (YYYY-MM-DD) if set, else the current date."""
    value = environ.get("SITE_BUILD_DATE", "").strip()
    if not value:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"SITE_BUILD_DATE must be a date written YYYY-MM-DD, not '{value}'") from None


@dataclass
class Views:
    catalog: Catalog
    today: dt.date
    open_jobs: list[Job] = field(default_factory=list)
    upcoming_events: list[Event] = field(default_factory=list)
    past_events: list[Event] = field(default_factory=list)
    jobs_by_area: dict[str, list[Job]] = field(default_factory=dict)
    jobs_by_member: dict[str, list[Job]] = field(default_factory=dict)
    members_by_area: dict[str, list[Member]] = field(default_factory=dict)
    members_by_cluster: dict[str, list[Member]] = field(default_factory=dict)
    projects_by_area: dict[str, list[Project]] = field(default_factory=dict)
    projects_by_member: dict[str, list[Project]] = field(default_factory=dict)
    events_by_organiser: dict[str, list[Event]] = field(default_factory=dict)
    published_news: list[News] = field(default_factory=list)

    def __post_init__(self) -> None:
        c = self.catalog
        self.open_jobs = sorted(
            (job for job in c.jobs.values() if self.is_open(job)),
            key=lambda job: (job["posted"], job["id"]),
            reverse=True,
        )
        self.jobs_by_area = _group(self.open_jobs, lambda job: [job["area"]], c.areas)
        self.jobs_by_member = _group(self.open_jobs, lambda job: [job["employer"]], c.members)
        members = sorted(c.members.values(), key=lambda m: m["name"].casefold())
        self.members_by_area = _group(members, lambda m: m["areas"], c.areas)
        self.members_by_cluster = _group(members, lambda m: [m["cluster"]], c.clusters)
        projects = sorted(c.projects.values(), key=lambda p: (p["start"], p["id"]), reverse=True)
        self.projects_by_area = _group(projects, lambda p: [p["area"]], c.areas)
        self.projects_by_member = _group(projects, lambda p: p["partners"], c.members)
        events = sorted(c.events.values(), key=lambda e: (day_of(e["start"]), e["id"]))
        self.upcoming_events = [e for e in events if self.is_upcoming(e)]
        self.past_events = [e for e in reversed(events) if not self.is_upcoming(e)]
        self.events_by_organiser = _group(
            self.upcoming_events + self.past_events, lambda e: e["organisers"], {**c.clusters, **c.members}
        )
        self.published_news = sorted(
            (post for post in c.news.values() if self.is_published(post)),
            key=lambda post: (post["date"], post["id"]),
            reverse=True,
        )

    def is_open(self, job: Job) -> bool:
        """Whether one can apply on the build date: from the posting day through the closing day."""
        return job["posted"] <= self.today <= job["closes"]

    def is_posted(self, job: Job) -> bool:
        """Whether an offer is public yet (open, or closed since): it has a page from `posted` on."""
        return job["posted"] <= self.today

    def is_published(self, post: News) -> bool:
        """Whether a news post is public yet: from its date on (before, it has no page at all)."""
        return post["date"] <= self.today

    def is_upcoming(self, event: Event) -> bool:
        return day_of(event["end"] or event["start"]) >= self.today


def _group(
    records: list[R], keys_of: Callable[[R], Iterable[str]], universe: Mapping[str, object]
) -> dict[str, list[R]]:
    """The records under each key of `universe` (every key, if only with an empty list)."""
    groups: dict[str, list[R]] = defaultdict(list)
    for record in records:
        for key in keys_of(record):
            groups[key].append(record)
    return {key: groups.get(key, []) for key in universe}
