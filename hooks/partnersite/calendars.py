"""iCalendar files (RFC 5545) of events, made with the icalendar library.

Times are local to the event's time zone (Europe/Brussels unless the record says otherwise);
each calendar carries the VTIMEZONE definitions it uses. An event known only by its year has
no calendar entry. DTSTAMP is the build date, so the same data gives the same files.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import icalendar

# DEFAULT_TIMEZONE and has_day live in when.py; the renderer imports them from here too.
from .when import DEFAULT_TIMEZONE as DEFAULT_TIMEZONE
from .when import has_day as has_day
from .when import localize

if TYPE_CHECKING:
    from .formatting import Formatter
    from .records import Event
    from .urls import SiteUrls

PRODID = "-//BioWin x MEDVIA//partnership site//EN"
STATUSES = {"scheduled": "CONFIRMED", "moved_online": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    title: str
    description: str
    location: str | None
    url: str
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    timezone: str
    status: str


def entry_for(event: Event, fmt: Formatter, urls: SiteUrls) -> CalendarEntry:
    """An event's calendar entry in the formatter's language: texts typeset as its pages are."""
    start, end = event["start"], event["end"]
    if isinstance(start, int) or isinstance(end, int):  # only events with a known day have one
        raise ValueError(f"the event '{event['id']}' has no day: it has no calendar entry")
    place = [fmt.plain(text) for text in (event["venue"], event["address"]) if text]
    if place and event["country"] and event["country"] != "BE":
        place.append(fmt.country_name(event["country"]))
    if event["online"]:
        place.append(event["online"])
    return CalendarEntry(
        uid=f"{event['id']}@{urls.host}",
        title=fmt.typeset(fmt.labelled(event)),
        description=fmt.plain(event["summary"]),
        location=", ".join(place) or None,
        url=urls.absolute(f"events/{event['id']}.md"),
        start=start,
        end=end,
        timezone=event["timezone"],
        status=event["status"],
    )


_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.DOTALL)


def plain_text(text: str) -> str:
    """Text for calendar apps: some of them render HTML in descriptions, so no tag passes."""
    return _TAG.sub("", text).strip()


def render_calendar(name: str, lang: str, entries: list[CalendarEntry], today: dt.date) -> bytes:
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    zones = sorted({entry.timezone for entry in entries if isinstance(entry.start, dt.datetime)})
    # The calendar's own lines, then its components, each serialised once (an event is in its
    # own file and in the calendar of all events; every file has the same time zone).
    parts = [_timezone(zone) for zone in zones] + [_event(entry, stamp, lang) for entry in entries]
    return _head(name) + b"".join(parts) + _END


_END = b"END:VCALENDAR\r\n"


@functools.lru_cache(maxsize=64)
def _head(name: str) -> bytes:
    """A calendar's own lines, the same in every file of a language (made once, not per event)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    head: bytes = calendar.to_ical().removesuffix(_END)
    return head


@functools.cache
def _timezone(zone: str) -> bytes:
    """The VTIMEZONE of a zone, computed once (it is the same in every file)."""
    text: bytes = icalendar.Timezone.from_tzid(zone).to_ical()
    return text


@functools.lru_cache(maxsize=16384)
def _event(entry: CalendarEntry, stamp: dt.datetime, lang: str) -> bytes:
    event = icalendar.Event()
    event.add("uid", entry.uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", localize(entry.start, entry.timezone))
    end = entry.end
    if end is None and not isinstance(entry.start, dt.datetime):
        end = entry.start + dt.timedelta(days=1)  # an all-day event ends the next day (exclusive)
    elif isinstance(end, dt.date) and not isinstance(end, dt.datetime):
        end = end + dt.timedelta(days=1)
    if end is not None:
        event.add("dtend", localize(end, entry.timezone))
    event.add("summary", plain_text(entry.title), parameters={"LANGUAGE": lang})
    event.add("description", plain_text(entry.description), parameters={"LANGUAGE": lang})
    if entry.location:
        event.add("location", plain_text(entry.location), parameters={"LANGUAGE": lang})
    event.add("url", entry.url)
    event.add("status", STATUSES[entry.status])
    text: bytes = event.to_ical()
    return text
