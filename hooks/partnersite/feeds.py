"""Atom feeds of open job offers, made with feedgen (a maintained library, valid Atom)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from feedgen.feed import FeedGenerator

from .failures import explaining

if TYPE_CHECKING:
    from .catalog import Catalog
    from .formatting import Formatter
    from .records import Job

PUBLISHER = "BioWin × MEDVIA"


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str
    summary: str
    published: dt.date
    record: Mapping[str, Any] | None = field(default=None, compare=False, repr=False)  # for messages


def summary_for(job: Job, fmt: Formatter, catalog: Catalog) -> str:
    """One line about an offer, for feed readers, in the formatter's language (typeset)."""
    employer = catalog.members[job["employer"]]["name"]
    contract = fmt.string(f"contract.{job['contract']}")
    summary = fmt.string(
        "feed.entry",
        employer=employer,
        location=fmt.text(job["location"]),
        contract=contract,
        date=fmt.date(job["closes"]),
    )
    return fmt.typeset(summary)


# Each feed's last document, with what it was made from (a feed is known by its address, which
# holds its language): under `mkdocs serve`, a save that changes nothing in a feed does not
# make it again (feedgen's work is most of a feed's time).
_LAST: dict[str, tuple[tuple[Any, ...], bytes]] = {}


def render_feed(title: str, feed_url: str, page_url: str, lang: str, entries: list[FeedEntry], today: dt.date) -> bytes:
    """An Atom document; `updated` is the newest entry's date (the build date if none)."""
    inputs = (title, page_url, lang, tuple(entries), today)
    last = _LAST.get(feed_url)
    if last is not None and last[0] == inputs:
        return last[1]
    atom = _render_feed(title, feed_url, page_url, lang, entries, today)
    _LAST[feed_url] = (inputs, atom)
    return atom


def _render_feed(
    title: str, feed_url: str, page_url: str, lang: str, entries: list[FeedEntry], today: dt.date
) -> bytes:
    feed = FeedGenerator()
    feed.id(feed_url)
    feed.title(title)
    feed.author({"name": PUBLISHER})
    feed.link(href=page_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.language(lang)
    feed.updated(_moment(max((entry.published for entry in entries), default=today)))
    for entry in entries:
        with explaining(entry.record, "its feed entry"):
            item = feed.add_entry(order="append")
            item.id(entry.url)
            item.title(entry.title)
            item.link(href=entry.url, rel="alternate", type="text/html")
            item.summary(entry.summary)
            item.published(_moment(entry.published))
            item.updated(_moment(entry.published))
    atom: bytes = feed.atom_str(pretty=True)
    return atom


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
