"""Share cards: what a link to a page shows on a social network or in a chat (Open Graph and
Twitter card metadata), and which image it shows.

Jobs and events (and any page kind given a title and a subtitle: `card`) get an image of their
own; every other page the default image of its language (`default_card`). The images are drawn
by cardimages.py. Texts are in the page's language, French ones typeset as the page is.
`og:locale` is the language's Babel locale (formatting.LOCALES: en_GB, fr_BE, nl_BE, the
locales the site already writes dates and numbers in); `og:locale:alternate` lists the others
the page exists in. A record's page is an `article`, every other page a `website`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from .cardimages import HEIGHT, WIDTH, Card, card_key
from .catalog import Catalog
from .formatting import LOCALES, Formatter, in_brussels

# A card's image name, hashed once per card for the process: its page's share tags and the
# list of the language's images both ask for it.
_image_name = functools.lru_cache(maxsize=1 << 14)(card_key)

# Where a language's card images go, under the language's root (fr/assets/cards/<key>.png).
CARD_FOLDER = "assets/cards"


@dataclass(frozen=True)
class ShareCard:
    """A page's card: the image's texts, and its alternative text (what the image says)."""

    card: Card
    alt: str

    @property
    def path(self) -> str:
        """The image's address under the language's root."""
        return f"{CARD_FOLDER}/{_image_name(self.card)}.png"


def card(kind: str, fmt: Formatter, catalog: Catalog, title: str, details: list[str]) -> ShareCard:
    """The card of a page of `kind` ("job", "event", "news", "site"): its title and the
    details under it (employer, date, place...), with the page kind's name and the clusters'."""
    details = [detail for detail in details if detail]
    label = fmt.string(f"share.kind.{kind}")
    brand = " × ".join(cluster["name"] for cluster in catalog.clusters.values())
    tagline = fmt.string("share.tagline")
    drawn = Card(
        lang=fmt.lang,
        label=fmt.typeset(label),
        title=fmt.typeset(title),
        subtitle=fmt.typeset(" · ".join(details)),
        brand=brand,
        tagline=fmt.typeset(tagline),
    )
    # What the image says, in its reading order, as sentences (a screen reader pauses at each).
    said = " ".join(_sentence(part) for part in (label, title, ", ".join(details), brand, tagline) if part)
    return ShareCard(drawn, said)  # the alt text is typeset with the rest of the page


def _sentence(text: str) -> str:
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def job_card(job: Mapping[str, Any], fmt: Formatter, catalog: Catalog) -> ShareCard:
    employer = catalog.members[job["employer"]]["name"]
    return card("job", fmt, catalog, fmt.labelled(job), [employer, fmt.text(job["location"])])


def event_card(event: Mapping[str, Any], fmt: Formatter, catalog: Catalog) -> ShareCard:
    place = fmt.text(event["venue"]) if event["venue"] else fmt.string("event.online") if event["online"] else ""
    status = fmt.string(f"event_status.{event['status']}") if event["status"] != "scheduled" else ""
    return card("event", fmt, catalog, fmt.labelled(event), [event_day(event, fmt), place, status])


def event_day(event: Mapping[str, Any], fmt: Formatter) -> str:
    """The day an event starts (in Brussels), or its year when only that is known."""
    start = event["start"]
    if isinstance(start, dt.datetime):
        return fmt.date(in_brussels(start, event["timezone"]).date())
    return fmt.date(start) if isinstance(start, dt.date) else str(start)


def news_card(post: Mapping[str, Any], fmt: Formatter, catalog: Catalog) -> ShareCard:
    """A news post's card: its title and its date (`date`), as its page writes them."""
    return card("news", fmt, catalog, fmt.labelled(post), [fmt.date(post["date"])])


def default_card(fmt: Formatter, catalog: Catalog) -> ShareCard:
    """The image of every page without one of its own, one per language."""
    title = fmt.text(catalog.partnership["title"])
    return card("site", fmt, catalog, title, [])


# The record pages that get an image of their own, by the collection they come from (pages.py
# asks for the card of every record page; "news" is ready for the news posts' collection).
RECORD_CARDS = {"jobs": job_card, "events": event_card, "news": news_card}


def record_card(
    collection: str, record: Mapping[str, Any] | None, fmt: Formatter, catalog: Catalog
) -> ShareCard | None:
    """The card of a record's page, if its kind has cards of its own."""
    make = RECORD_CARDS.get(collection)
    return make(record, fmt, catalog) if make and record is not None else None


def open_graph(
    *,
    title: str,
    description: str,
    url: str,
    lang: str,
    alternates: list[str],
    site_name: str,
    image_url: str,
    image_alt: str,
    article: bool,
) -> list[tuple[str, str, str]]:
    """The page's metadata as (attribute, name, content) of `<meta>` tags, content escaped for
    a double-quoted attribute. `title` and `description` come already escaped, as the page's
    own `<title>` and description are (markup.escape_meta)."""
    tags = [
        ("property", "og:type", "article" if article else "website"),
        ("property", "og:site_name", escape(site_name)),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("property", "og:url", escape(url)),
        ("property", "og:locale", LOCALES.get(lang, lang)),
        *(("property", "og:locale:alternate", LOCALES.get(other, other)) for other in alternates if other != lang),
        ("property", "og:image", escape(image_url)),
        ("property", "og:image:type", "image/png"),
        ("property", "og:image:width", str(WIDTH)),
        ("property", "og:image:height", str(HEIGHT)),
        ("property", "og:image:alt", escape(image_alt)),
        ("name", "twitter:card", "summary_large_image"),
    ]
    return tags
