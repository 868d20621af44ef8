"""One page of each type of the shipped site (built with the build date 2026-11-21), by name.
Addresses are relative to a language's root: "" for English, "fr/" and "nl/" before them."""

PAGE_TYPES = {
    "home": "",
    "agreement": "agreement/",
    "clusters": "clusters/",
    "strategy": "strategy/",
    "area": "areas/digital-health/",
    "members": "members/",
    "member": "members/example-leie-digital-care/",
    "projects": "projects/",
    "project": "projects/example-atmp-talent-bridge/",
    "events": "events/",
    "event": "events/example-atmp-talent-day/",
    "jobs": "jobs/",
    "filtered-jobs": "jobs/?area=digital-health",
    "area-jobs": "jobs/area/digital-health/",
    "job": "jobs/example-medical-physicist/",
    "closed-job": "jobs/example-biomedical-engineering-intern/",
    "news": "news/",
    "news-post": "news/partnership-announced/",
    "404": "404.html",
    "accessibility": "accessibility/",
}
LANGUAGES = {"en": "", "fr": "fr/", "nl": "nl/"}
VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "mobile": {"width": 390, "height": 844}}
