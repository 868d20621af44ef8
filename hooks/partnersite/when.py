"""Event times, the one place they are interpreted: a day, a day and time, or a year alone.

An event's `start` and `end` are written as precisely as staff know them (the `When` field type
of schema.py): a day (`dt.date`), a day and a local time (a naive `dt.datetime`, local to the
event's `timezone`), or only a year (`int`) when the exact date is not published. This module
says which day such a time falls on, how precisely it is written, whether a local time exists
in its zone, and attaches the zone; pages, calendars and structured data show Brussels time.
(Dates as each language writes them are dates.py.)
"""

from __future__ import annotations

import datetime as dt
from typing import overload
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = "Europe/Brussels"
"""An event's time zone unless its record says otherwise, and the zone the site shows times in."""

EventTime = dt.datetime | dt.date | int
"""What a `When` field holds once checked: a day and time, a day, or a year."""


def has_day(value: object) -> bool:
    """Whether an event time names a day (a day, or a day and time), not only a year."""
    return isinstance(value, dt.date)


def day_of(value: EventTime) -> dt.date:
    """The calendar day an event time falls on (a year alone counts as its last day)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date(value, 12, 31)


def as_datetime(value: EventTime) -> dt.datetime:
    """An event time as a (naive) moment, to compare two of them: a day from its midnight, a year
    from its first day."""
    if isinstance(value, dt.datetime):
        return value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    return dt.datetime(value, 1, 1)


def precision(value: EventTime) -> str:
    """How an event time is written, in words."""
    if isinstance(value, dt.datetime):
        return "a day and time"
    return "a day" if isinstance(value, dt.date) else "a year"


def exists_in(local: dt.datetime, zone: str) -> bool:
    """False for a local time the clocks skip (the hour summer time begins)."""
    aware = local.replace(tzinfo=ZoneInfo(zone))
    return aware.astimezone(dt.UTC).astimezone(ZoneInfo(zone)).replace(tzinfo=None) == local


@overload
def localize(value: dt.datetime, zone: str) -> dt.datetime: ...
@overload
def localize(value: dt.date, zone: str) -> dt.date: ...
def localize(value: dt.date, zone: str) -> dt.date:
    """A local time made aware of its zone; a day (or a time already aware) as it is."""
    if isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=ZoneInfo(zone))
    return value


def in_brussels(value: dt.datetime, zone: str) -> dt.datetime:
    """A local event time (in `zone`) as the clock in Brussels shows it."""
    return localize(value, zone).astimezone(ZoneInfo(DEFAULT_TIMEZONE))
