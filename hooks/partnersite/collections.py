"""What communications staff may write in each data collection: one schema per collection.

A collection lives either in one file holding a list under a key (`areas.yml: areas: [...]`),
in one file holding one record (`partnership.yml`), or in a folder with one small file per
record (`jobs/*.yml`), for the records that change often.
"""

from __future__ import annotations

from dataclasses import dataclass

from .pictures import Picture
from .schema import (
    ApplyTarget,
    Bool,
    Country,
    Date,
    Enum,
    Field,
    Id,
    Int,
    List,
    Name,
    Obj,
    Ref,
    Str,
    Text,
    TimeZone,
    Url,
    When,
)
from .when import DEFAULT_TIMEZONE

CLUSTER_FIGURES = (
    "members",
    "employees",
    "companies",
    "academic_institutions",
    "research_centres",
    "hospitals",
)
MEMBER_TYPES = ("company", "academic_institution", "research_centre", "hospital", "other")
PROJECT_STATUSES = ("planned", "ongoing", "completed")
CONTRACTS = ("permanent", "fixed_term", "internship", "freelance")
HOURS = ("full_time", "part_time")
WORKPLACES = ("on_site", "hybrid", "remote")
EVENT_STATUSES = ("scheduled", "cancelled", "postponed", "moved_online")
SPOKEN = ("fr", "nl", "en", "de")
SALARY_PERIODS = ("hour", "month", "year")
CURRENCIES = ("EUR",)

EXAMPLE = Field(
    "example",
    Bool(),
    required=False,
    doc="true for a fictional record shown only as an example; it is labelled so on the site",
    default=False,
)


@dataclass(frozen=True)
class Collection:
    """Where a collection's records live and what each record looks like."""

    name: str
    path: str
    schema: Obj
    list_key: str | None = None  # records listed under this key of one file
    folder: bool = False  # one record per .yml file in the folder `path`
    singular: str = "record"

    @property
    def has_ids(self) -> bool:
        return self.folder or self.list_key is not None


PARTNERSHIP = Obj(
    Field("title", Text()),
    Field("summary", Text()),
    Field("announced_on", Date(), doc="the day the partnership was announced (the date of the joint press release)"),
    Field(
        "announced_from",
        List(Name(), min_items=1),
        doc="the places the joint press release was issued from (its dateline)",
    ),
    Field("aims", List(Text(), min_items=1)),
    Field(
        "key_areas",
        List(
            Obj(
                Field("id", Id()),
                Field("name", Text()),
                Field(
                    "summary",
                    Text(),
                    required=False,
                    doc="a line before the list of initiatives; leave it out if it would repeat them",
                ),
                Field("initiatives", List(Text(), min_items=1)),
                what="a key area",
            ),
            min_items=1,
        ),
    ),
    Field(
        "quote",
        Obj(Field("text", Text()), Field("author", Str()), Field("role", Text()), what="a quote"),
    ),
    Field(
        "collaboration",
        Obj(
            Field("since", Int(1900, 2100)),
            Field("summary", Text()),
            Field("events", List(Ref("events"), unique=True)),
            what="the collaboration so far",
        ),
    ),
    what="the partnership",
)

FIGURE = Obj(
    Field("kind", Enum(*CLUSTER_FIGURES)),
    Field("value", Int()),
    Field("label", Text(line=True), required=False, doc="replaces the standard label of this kind"),
    what="a key figure",
)

CLUSTER = Obj(
    Field("id", Id()),
    Field("name", Str()),
    Field("region", Text(line=True)),
    Field("description", Text()),
    Field("website", Url(), required=False),
    Field("figures_source", Text(), doc="where the figures come from"),
    Field("figures", List(FIGURE, min_items=1)),
    what="a cluster",
)

AREA = Obj(
    Field("id", Id()),
    Field("name", Text(line=True)),
    Field("scope", Text(), required=False),
    Field("description", Text()),
    what="a strategic area",
)

STRATEGY = Obj(
    Field("cluster", Ref("clusters")),
    Field("intro", Text()),
    Field("approach", Text()),
    Field("activities", List(Text(), min_items=1)),
    Field(
        "objectives",
        Obj(
            Field("from", Int(1900, 2100)),
            Field("to", Int(1900, 2100)),
            Field("text", Text()),
            what="the objectives",
        ),
    ),
    Field(
        "projects",
        List(
            Obj(
                Field("id", Id()),
                Field("title", Text(line=True)),
                Field("description", Text(markdown=True)),
                Field("actions_intro", Text(), required=False),
                Field("actions", List(Text(), min_items=1)),
                what="a strategic project",
            ),
            min_items=1,
        ),
    ),
    what="the strategy",
)

MEMBER = Obj(
    Field("id", Id()),
    Field("name", Str()),
    EXAMPLE,
    Field("cluster", Ref("clusters")),
    Field("type", Enum(*MEMBER_TYPES)),
    Field("areas", List(Ref("areas"), unique=True), required=False, default=[]),
    Field("city", Name()),
    Field("website", Url(), required=False),
    Field("description", Text(optional=True)),
    Field("logo", Picture("logo"), required=False, doc="the member's logo, a file in data/pictures/"),
    what="a member",
)

PROJECT = Obj(
    Field("id", Id()),
    Field("title", Text(line=True)),
    EXAMPLE,
    Field("summary", Text(markdown=True, optional=True)),
    Field("area", Ref("areas")),
    Field("key_area", Ref("key_areas"), doc="the key area of the agreement it serves"),
    Field("partners", List(Ref("members"), min_items=2, unique=True)),
    Field("status", Enum(*PROJECT_STATUSES)),
    Field("start", Date()),
    Field("end", Date(), required=False),
    Field("funding", Text(), required=False),
    what="a project",
)

EVENT_FIGURE = Obj(
    Field("value", Int()),
    Field("more_than", Bool(), required=False, default=False),
    Field("label", Text(line=True)),
    what="a figure",
)

EVENT = Obj(
    Field("id", Id()),
    Field("title", Text(line=True)),
    EXAMPLE,
    Field("status", Enum(*EVENT_STATUSES), required=False, doc="scheduled unless said otherwise", default="scheduled"),
    Field("start", When(), doc="local time where the event takes place"),
    Field("end", When(), required=False),
    Field(
        "timezone",
        TimeZone(),
        required=False,
        doc="Europe/Brussels unless said otherwise",
        default=DEFAULT_TIMEZONE,
    ),
    Field("venue", Name(), required=False, doc="the place, or the town"),
    Field("address", Name(), required=False, doc="street address of the venue"),
    Field(
        "country",
        Country(),
        required=False,
        doc="the country of the venue, as a two-letter ISO 3166 code (BE unless said otherwise)",
        default="BE",
    ),
    Field("online", Url(), required=False, doc="the link to follow an online event"),
    Field("languages", List(Enum(*SPOKEN), min_items=1, unique=True), required=False, doc="languages spoken"),
    Field("organisers", List(Ref("clusters", "members"), min_items=1, unique=True)),
    Field("summary", Text(markdown=True, optional=True)),
    Field("figures", List(EVENT_FIGURE), required=False),
    Field("registration", Url(), required=False),
    Field("registration_deadline", Date(), required=False),
    Field("picture", Picture("picture"), required=False, doc="a picture of the event, a file in data/pictures/"),
    what="an event",
)

SALARY = Obj(
    Field("min", Int()),
    Field("max", Int()),
    Field("currency", Enum(*CURRENCIES)),
    Field("period", Enum(*SALARY_PERIODS)),
    what="a gross salary range",
)

JOB = Obj(
    Field("id", Id()),
    Field("title", Text(line=True)),
    EXAMPLE,
    Field("employer", Ref("members")),
    Field("area", Ref("areas")),
    Field("location", Name(), doc="the town or city of the workplace"),
    Field(
        "workplace",
        Enum(*WORKPLACES),
        required=False,
        doc="on_site (the default), hybrid, or remote (from anywhere in Belgium)",
        default="on_site",
    ),
    Field("contract", Enum(*CONTRACTS)),
    Field("hours", Enum(*HOURS)),
    Field("languages", List(Enum(*SPOKEN), min_items=1, unique=True)),
    Field("posted", Date()),
    Field("closes", Date(), doc="the last day to apply; the offer leaves the site after it"),
    Field("salary", SALARY, doc="the EU pay-transparency directive asks for a pay range"),
    Field("apply", ApplyTarget()),
    Field("description", Text(markdown=True, optional=True)),
    Field("requirements", List(Text(), min_items=1)),
    what="a job offer",
)

NEWS = Obj(
    Field("id", Id()),
    Field("date", Date(), doc="the day the post is published: it is on the site from that day on"),
    Field("title", Text(line=True)),
    EXAMPLE,
    Field("summary", Text(), doc="one or two sentences, shown in lists, on the home page and in the feed"),
    Field("body", Text(markdown=True), doc="the post itself, in Markdown"),
    Field(
        "picture", Picture("picture"), required=False, doc="a picture at the top of the post, a file in data/pictures/"
    ),
    Field("areas", List(Ref("areas"), unique=True), required=False, doc="related strategic areas", default=[]),
    Field("members", List(Ref("members"), unique=True), required=False, doc="related members", default=[]),
    Field("projects", List(Ref("projects"), unique=True), required=False, doc="related projects", default=[]),
    Field("events", List(Ref("events"), unique=True), required=False, doc="related events", default=[]),
    what="a news post",
)

COLLECTIONS = (
    Collection("partnership", "partnership.yml", PARTNERSHIP),
    Collection("clusters", "clusters.yml", CLUSTER, list_key="clusters", singular="cluster"),
    Collection("areas", "areas.yml", AREA, list_key="areas", singular="area"),
    Collection("strategy", "strategy.yml", STRATEGY),
    Collection("members", "members", MEMBER, folder=True, singular="member"),
    Collection("projects", "projects", PROJECT, folder=True, singular="project"),
    Collection("events", "events", EVENT, folder=True, singular="event"),
    Collection("jobs", "jobs", JOB, folder=True, singular="job"),
    Collection("news", "news", NEWS, folder=True, singular="news post"),
)
