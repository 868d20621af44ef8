"""Judge built output as its readers do, independently of the site's own checks.

Pages are parsed by html5lib, which follows the WHATWG HTML parsing rules (attribute values
decoded as a browser decodes them); a link's scheme is what the WHATWG URL parser would take
(leading and trailing spaces and control characters stripped, tabs and newlines removed
anywhere). Feeds go through feedparser, calendars through icalendar, structured data through
json: what a feed reader, a calendar app or a search engine follows.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import feedparser
import html5lib
import icalendar

ALLOWED_SCHEMES = {"https", "http", "mailto"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background"}
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")


def scheme_of(value: str) -> str | None:
    """The scheme a browser's URL parser finds in an attribute value (None: a relative URL)."""
    url = value.strip("".join(chr(code) for code in range(0x21)))
    url = re.sub(r"[\t\n\r]", "", url)
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else None


def unsafe_links_in_html(text: str) -> list[str]:
    """Every address in an HTML document a browser would follow or load with another scheme than
    https, http or mailto, and every event-handler attribute."""
    document = html5lib.parse(text, namespaceHTMLElements=False)
    found = []
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            name = name.lower() if isinstance(name, str) else str(name)
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}={value[:40]!r}>")
            elif name in URL_ATTRIBUTES:
                for part in value.split(",") if name == "srcset" else [value]:
                    scheme = scheme_of(part)
                    if scheme is not None and scheme not in ALLOWED_SCHEMES:
                        found.append(f"<{element.tag} {name}={value[:60]!r}>")
        if element.tag in ("iframe", "object", "embed", "frame", "base"):
            found.append(f"<{element.tag}>")
    return found


JSON_URL_KEYS = {"url", "sameAs", "@id", "image", "logo", "contentUrl"}


def unsafe_links_in_json(data: object) -> Iterator[str]:
    """Addresses in structured data (url, sameAs...) with another scheme than the allowed ones."""
    if isinstance(data, list):
        for value in data:
            yield from unsafe_links_in_json(value)
    elif isinstance(data, dict):
        for key, value in data.items():
            if key in JSON_URL_KEYS and isinstance(value, str) and scheme_of(value) not in ALLOWED_SCHEMES:
                yield f"{key}: {value[:60]}"
            else:
                yield from unsafe_links_in_json(value)


def structured_data(text: str) -> list[object]:
    document = html5lib.parse(text, namespaceHTMLElements=False)
    return [
        json.loads("".join(script.itertext()))
        for script in document.iter("script")
        if script.get("type") == "application/ld+json"
    ]


def unsafe_links_in_feed(raw: bytes) -> list[str]:
    feed = feedparser.parse(raw)
    found = [f"bozo: {feed.bozo_exception}"] if feed.bozo else []
    for entry in [feed.feed, *feed.entries]:
        for link in entry.get("links", []):
            scheme = scheme_of(link.get("href", ""))
            if scheme not in ALLOWED_SCHEMES:
                found.append(f"link {link.get('href')!r}")
        for key in ("title", "summary"):
            detail = entry.get(f"{key}_detail") or {}
            if detail.get("type") == "text/html":  # a reader renders it: judge it as a page
                found += [f"{key}: {item}" for item in unsafe_links_in_html(detail.get("value", ""))]
            elif detail and detail.get("type") != "text/plain":
                found.append(f"{key} of type {detail.get('type')}")
    return found


def unsafe_links_in_calendar(raw: bytes) -> list[str]:
    calendar = icalendar.Calendar.from_ical(raw)
    found = []
    for event in calendar.walk("VEVENT"):
        url = str(event.get("url", ""))
        if url and scheme_of(url) not in ALLOWED_SCHEMES:
            found.append(f"URL {url!r}")
        for key in ("summary", "description", "location"):
            if re.search(r"<[a-zA-Z!/]", str(event.get(key, ""))):
                found.append(f"markup in {key}")
    return found


def unsafe_outputs(site: Path) -> dict[str, list[str]]:
    """Everything unsafe in a built site, by file."""
    findings: dict[str, list[str]] = {}
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if path.suffix == ".html":
            text = raw.decode("utf-8")
            found = unsafe_links_in_html(text)
            found += [
                f"structured data: {link}" for data in structured_data(text) for link in unsafe_links_in_json(data)
            ]
        elif path.suffix == ".xml" and b"<feed" in raw:
            found = unsafe_links_in_feed(raw)
        elif path.suffix == ".ics":
            found = unsafe_links_in_calendar(raw)
        else:
            continue
        if found:
            findings[path.relative_to(site).as_posix()] = found
    return findings
