"""Share links of a record's page (a job, an event, a news post): plain links, no third-party
script, nothing loaded from another host.

LinkedIn's share address takes the page's address alone; the e-mail link (RFC 6068) a subject
and a body, percent-encoded by `urllib.parse` (spaces as %20: mail programs do not read + as a
space). The "copy link" button is shown and run by docs/assets/javascripts/share.js.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from .formatting import Formatter
from .urls import SiteUrls

LINKEDIN = "https://www.linkedin.com/sharing/share-offsite/"


@dataclass(frozen=True)
class ShareLinks:
    """The page's public address and the links that share it."""

    url: str
    linkedin: str
    email: str


def share_links(url: str, title: str) -> ShareLinks:
    """The links that share the page at `url` (its canonical address) titled `title`."""
    linkedin = LINKEDIN + "?" + urlencode({"url": url})
    email = "mailto:?" + urlencode({"subject": title, "body": f"{title}\n{url}"}, quote_via=quote)
    return ShareLinks(url, linkedin, email)


def record_share_links(src_uri: str, record: dict[str, Any], *, fmt: Formatter, urls: SiteUrls) -> ShareLinks:
    """The share links of a record's page: its title as the page shows it (with the "Example"
    label of a fictional record), typeset for the page's language."""
    return share_links(urls.absolute(src_uri), fmt.typeset(fmt.labelled(record)))
