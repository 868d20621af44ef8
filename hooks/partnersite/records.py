"""The records of each collection as Python types, for the type checker and for readers.

A checked record is a plain dict (templates read `job.title` as `job["title"]`), with every
field of its schema present: a missing optional field is `None`, or its default when the
schema gives one (`Field(default=...)`: an event is "scheduled" in "Europe/Brussels" unless
said otherwise). The TypedDicts below say so field by field; collections.py remains the single
source of truth of what staff may write, and a test checks that the two agree.

Where a record is written (its file, and the line and column of its id) is not one of its
fields: `source_of(record)` tells it, for messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, TypedDict

from .when import EventTime

Text = dict[str, str]
"""A text per language, {language: text}; an optional translation may be absent."""


# -- the partnership (one record) ------------------------------------------------------
class KeyArea(TypedDict):
    id: str
    name: Text
    summary: Text | None
    initiatives: list[Text]


class Quote(TypedDict):
    text: Text
    author: str
    role: Text


class Collaboration(TypedDict):
    since: int
    summary: Text
    events: list[str]


class Partnership(TypedDict):
    title: Text
    summary: Text
    announced_on: dt.date
    announced_from: list[Text]
    aims: list[Text]
    key_areas: list[KeyArea]
    quote: Quote
    collaboration: Collaboration


# -- clusters and strategic areas ------------------------------------------------------
class Figure(TypedDict):
    kind: str
    value: int
    label: Text | None


class Cluster(TypedDict):
    id: str
    name: str
    region: Text
    description: Text
    website: str | None
    figures_source: Text
    figures: list[Figure]


class Area(TypedDict):
    id: str
    name: Text
    scope: Text | None
    description: Text


# -- the strategy (one record) ---------------------------------------------------------
Objectives = TypedDict("Objectives", {"from": int, "to": int, "text": Text})


class StrategicProject(TypedDict):
    id: str
    title: Text
    description: Text
    actions_intro: Text | None
    actions: list[Text]


class Strategy(TypedDict):
    cluster: str
    intro: Text
    approach: Text
    activities: list[Text]
    objectives: Objectives
    projects: list[StrategicProject]


# -- the folders of records ------------------------------------------------------------
class Picture(TypedDict):
    """A logo or a picture: its file in data/pictures/ (pictures.py checks it) and its alt text."""

    file: str
    alt: Text


class Member(TypedDict):
    id: str
    name: str
    example: bool
    cluster: str
    type: str
    areas: list[str]
    city: Text
    website: str | None
    description: Text
    logo: Picture | None


class Project(TypedDict):
    id: str
    title: Text
    example: bool
    summary: Text
    area: str
    key_area: str
    partners: list[str]
    status: str
    start: dt.date
    end: dt.date | None
    funding: Text | None


class EventFigure(TypedDict):
    value: int
    more_than: bool
    label: Text


class Event(TypedDict):
    id: str
    title: Text
    example: bool
    status: str
    start: EventTime
    end: EventTime | None
    timezone: str
    venue: Text | None
    address: Text | None
    country: str
    online: str | None
    languages: list[str] | None
    organisers: list[str]
    summary: Text
    figures: list[EventFigure] | None
    registration: str | None
    registration_deadline: dt.date | None
    picture: Picture | None


class Salary(TypedDict):
    min: int
    max: int
    currency: str
    period: str


class Job(TypedDict):
    id: str
    title: Text
    example: bool
    employer: str
    area: str
    location: Text
    workplace: str
    contract: str
    hours: str
    languages: list[str]
    posted: dt.date
    closes: dt.date
    salary: Salary
    apply: str
    description: Text
    requirements: list[Text]


class News(TypedDict):
    id: str
    date: dt.date
    title: Text
    example: bool
    summary: Text
    body: Text
    picture: Picture | None
    areas: list[str]
    members: list[str]
    projects: list[str]
    events: list[str]


RECORD_TYPES: dict[str, type] = {
    "partnership": Partnership,
    "clusters": Cluster,
    "areas": Area,
    "strategy": Strategy,
    "members": Member,
    "projects": Project,
    "events": Event,
    "jobs": Job,
    "news": News,
}
"""The type of a record of each collection (collections.COLLECTIONS), by collection name."""


# -- where a record is written ---------------------------------------------------------
@dataclass(frozen=True)
class Source:
    """Where a record is written: its data file, and the line and column of its id."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


class _Located(dict[str, Any]):
    """A checked record as the catalog holds it: a dict of its fields that also knows where it
    is written (as yamlfile.Mapping knows its positions), outside its fields."""

    __slots__ = ("source",)
    source: Source


def located(fields: dict[str, Any], source: Source) -> dict[str, Any]:
    """The checked record `fields`, remembering `source`."""
    record = _Located(fields)
    record.source = source
    return record


def source_of(record: Mapping[str, Any] | None) -> Source | None:
    """Where a record of the catalog is written (None for a record made otherwise, in a test)."""
    return record.source if isinstance(record, _Located) else None
