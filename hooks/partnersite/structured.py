"""schema.org JobPosting and Event for search engines, built from the record the page shows.

Google's job search lists the required properties (title, description, datePosted,
hiringOrganization, jobLocation or TELECOMMUTE) and recommended ones; only open offers get
markup (expired markup is penalised).
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

# Contract and hours as schema.org employmentType values (several may apply).
CONTRACT_TYPES = {"permanent": [], "fixed_term": ["TEMPORARY"], "internship": ["INTERN"], "freelance": ["CONTRACTOR"]}
HOURS_TYPES = {"full_time": "FULL_TIME", "part_time": "PART_TIME"}
SALARY_UNITS = {"hour": "HOUR", "month": "MONTH", "year": "YEAR"}
COUNTRY = {"@type": "Country", "name": "BE"}
DEFAULT_COUNTRY = "BE"  # an event's country unless its record says otherwise


def job_posting(
    job: dict[str, Any],
    employer: dict[str, Any],
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
    if (job["workplace"] or "on_site") == "remote":
        posting["jobLocationType"] = "TELECOMMUTE"
        posting["applicantLocationRequirements"] = COUNTRY
    else:
        posting["jobLocation"] = {
            "@type": "Place",
            "address": {"@type": "PostalAddress", "addressLocality": job["location"][lang], "addressCountry": "BE"},
        }
    return posting


def _organization(member: dict[str, Any]) -> dict[str, Any]:
    organization = {"@type": "Organization", "name": member["name"]}
    if member.get("website"):
        organization["sameAs"] = member["website"]
    return organization


def script_json(data: object) -> Markup:
    """JSON that is safe inside a <script> element (no '<', '>' or '&' to end it early)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


EVENT_STATUS = {
    "scheduled": "https://schema.org/EventScheduled",
    "cancelled": "https://schema.org/EventCancelled",
    "postponed": "https://schema.org/EventPostponed",
    "moved_online": "https://schema.org/EventMovedOnline",
}


def event_data(
    event: dict[str, Any],
    organisers: list[dict[str, Any]],
    lang: str,
    url: str,
    start: str,
    end: str | None,
    description: str,
) -> dict[str, Any]:
    """The schema.org Event of an event with a known day; `start`/`end` are ISO 8601 texts;
    `description`, the summary as the page shows it (in the default language until translated)."""
    status = event["status"] or "scheduled"
    online = bool(event["online"])
    place = None
    if event["venue"] and status != "moved_online":
        address = {"@type": "PostalAddress", "addressCountry": event["country"] or DEFAULT_COUNTRY}
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
