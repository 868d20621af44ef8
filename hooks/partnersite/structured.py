"""schema.org JobPosting, Event and NewsArticle for search engines, built from the record the
page shows.

Google's job search lists the required properties (title, description, datePosted,
hiringOrganization, jobLocation or TELECOMMUTE) and recommended ones; only open offers get
markup (expired markup is penalised).

`job_jsonld`, `event_jsonld` and `news_jsonld` are what the page templates call: they take a record, the
page's `Formatter` (language) and `SiteUrls` (addresses), and the catalog for the records it
refers to; `job_posting`, `event_data` and `news_article` build the objects from plain values.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import TYPE_CHECKING, Any, Literal, cast
from zoneinfo import ZoneInfo

from markupsafe import Markup

from .feeds import PUBLISHER
from .markup import markdown_html
from .records import Cluster, Event, Job, Member, News

if TYPE_CHECKING:
    from .catalog import Catalog
    from .formatting import Formatter
    from .urls import SiteUrls

# Contract and hours as schema.org employmentType values (several may apply).
CONTRACT_TYPES = {"permanent": [], "fixed_term": ["TEMPORARY"], "internship": ["INTERN"], "freelance": ["CONTRACTOR"]}
HOURS_TYPES = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
SALARY_UNITS = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}
COUNTRY = {"@type": "Country", "name": "BE"}


def job_posting(
    job: Job,
    employer: Member,
    lang: str,
    url: str,
    description_html: str,
    description_lang: str,
) -> dict[str, Any]:
    """The JobPosting object of an open offer, in language `lang`; `description_lang` is the
    language the description is actually written in (the default one until it is translated)."""
    posting: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": job["title"][lang],
        "description": description_html,
        "datePosted": job["posted"].isoformat(),
        "validThrough": job["closes"].isoformat(),
        "employmentType": [HOURS_TYPES[job["hours"]], *CONTRACT_TYPES[job["contract"]]],
        "hiringOrganization": _organization(employer),
        "identifier": {"@type": "PropertyValue", "name": employer["name"], "value": job["id"]},
        "baseSalary": {
            "@type": "MonetaryAmount",
            "currency": job["salary"]["currency"],
            "value": {
                "@type": "QuantitativeValue",
                "minValue": job["salary"]["min"],
                "maxValue": job["salary"]["max"],
                "unitText": SALARY_UNITS[job["salary"]["period"]],
            },
        },
        "directApply": False,  # applying happens on the employer's site or by e-mail
        "inLanguage": description_lang,
        "url": url,
    }
    # Google reserves TELECOMMUTE for offers done entirely from home: a hybrid offer names its
    # place of work like an on-site one (the page says it is partly from home).
    if job["workplace"] == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = COUNTRY
    else:
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": job["location"][lang], "addressCountry": "BE"},
        }
    return posting


def _organization(member: Cluster | Member) -> dict[str, Any]:
    organization = {"@type": "Organization", "name": member["name"]}
    if website := member["website"]:
        organization["sameAs"] = website
    return organization


def script_json(data: object) -> Markup:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' to end it early).

    Not Jinja's `htmlsafe_json_dumps` (the `tojson` filter): it also writes every apostrophe as
    \\u0027, which is as safe in a <script> but changes the bytes of every page whose data
    has one (l'IA in the French filter rows); otherwise the two give the same text (a test)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "moved_online": "https://schema.org/EventMovedOnline",
}


def event_data(
    event: Event,
    organisers: list[Cluster | Member],
    lang: str,
    url: str,
    start: str,
    end: str | None,
    description: str,
) -> dict[str, Any]:
    """The schema.org Event of an event with a known day; `start`/`end` are ISO 8601 texts;
    `description`, the summary as the page shows it (in the default language until translated)."""
    status = event["status"]
    online = bool(event["online"])
    place = None
    if event["venue"] and status != "moved_online":
        address = {"@type": "PostalAddress", "addressCountry": event["country"]}
        if event["address"]:
            address["streetAddress"] = event["address"][lang]
        place = {"@type": "Place", "name": event["venue"][lang], "address": address}
    virtual = {"@type": "VirtualLocation", "url": event["online"]} if online else None
    locations = [location for location in (place, virtual) if location]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event["title"][lang],
        "description": description,
        "startDate": start,
        "eventStatus": EVENT_STATUS[status],
        "eventAttendanceMode": "https://schema.org/"
        + (
            "MixedEventAttendanceMode"
            if place and virtual
            else "OnlineEventAttendanceMode"
            if virtual
            else "OfflineEventAttendanceMode"
        ),
        "organizer": [_organization(organiser) for organiser in organisers],
        "inLanguage": event["languages"] or [lang],
        "url": url,
    }
    if end:
        data["endDate"] = end
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event["registration"]:
        offer = {"@type": "Offer", "url": event["registration"]}
        if event["registration_deadline"]:
            offer["validThrough"] = event["registration_deadline"].isoformat()
        data["offers"] = offer
    return data


# -- from records, for the page templates --------------------------------------------------------
def job_jsonld(job: Job, fmt: Formatter, urls: SiteUrls, catalog: Catalog) -> Markup:
    """The JobPosting of an open offer, as JSON for the page's <script>."""
    return script_json(job_posting_for(job, fmt, urls, catalog))


def job_posting_for(job: Job, fmt: Formatter, urls: SiteUrls, catalog: Catalog) -> dict[str, Any]:
    employer = catalog.members[job["employer"]]
    url = urls.absolute(f"jobs/{job['id']}.md")
    written_in = fmt.lang if fmt.lang in job["description"] else fmt.strings.default
    return job_posting(job, employer, fmt.lang, url, description_html(job, fmt), written_in)


def description_html(job: Job, fmt: Formatter) -> str:
    """The job's description and requirements as HTML, as the page shows them."""
    body = markdown_html(fmt.text(job["description"]))
    items = "".join(f"<li>{html.escape(fmt.text(item), quote=False)}</li>" for item in job["requirements"])
    heading = html.escape(fmt.string("job.requirements"), quote=False)
    return f"{body}\n<h2>{heading}</h2>\n<ul>{items}</ul>"


def event_jsonld(event: Event, fmt: Formatter, urls: SiteUrls, catalog: Catalog) -> Markup:
    """The Event of an event with a known day, as JSON for the page's <script>."""
    return script_json(event_for(event, fmt, urls, catalog))


def event_for(event: Event, fmt: Formatter, urls: SiteUrls, catalog: Catalog) -> dict[str, Any]:
    organisers = [catalog.clusters.get(id_) or catalog.members[id_] for id_ in event["organisers"]]
    url = urls.absolute(f"events/{event['id']}.md")
    start, end = _iso(event, "start"), _iso(event, "end")
    if start is None:  # the pages ask only for events with a known day
        raise ValueError(f"the event '{event['id']}' has no day: it has no structured data")
    return event_data(event, organisers, fmt.lang, url, start, end, fmt.text(event["summary"]))


def _iso(event: Event, key: Literal["start", "end"]) -> str | None:
    """An event time in ISO 8601, with its time zone's offset if it has a time."""
    value = event[key]
    if isinstance(value, dt.datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(event["timezone"]))
        return aware.isoformat()
    return value.isoformat() if isinstance(value, dt.date) else None


def news_article(post: News, lang: str, url: str, publisher: dict[str, Any]) -> dict[str, Any]:
    """The NewsArticle of a published post, in language `lang` (every post is written in all)."""
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": post["title"][lang],
        "description": post["summary"][lang],
        "datePublished": post["date"].isoformat(),
        "inLanguage": lang,
        "author": publisher,
        "publisher": publisher,
        "url": url,
        "mainEntityOfPage": url,
    }


def news_jsonld(post: dict[str, Any], fmt: Formatter, urls: SiteUrls, catalog: Catalog) -> Markup:
    """The NewsArticle of a news post, as JSON for the page's <script>: published by the
    partnership's site (its name, as the feeds give it, and its home page)."""
    publisher = {"@type": "Organization", "name": PUBLISHER, "url": urls.absolute("index.md")}
    article = news_article(cast(News, post), fmt.lang, urls.absolute(f"news/{post['id']}.md"), publisher)
    return script_json(article)
