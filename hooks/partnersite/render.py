"""Turn records into Markdown page sources, one language at a time.

Every `{{ value }}` in a template is escaped for Markdown (and HTML) unless a filter marked it
as already safe (`Markup`), so a staff member's "<script>" or "*" always shows as typed.
Dates and numbers are formatted by Babel for the language's locale.

Lists that grow with the data (jobs, members, projects, events) and the facts of a record are
HTML fragments (templates/html/, HTML-escaped): Python-Markdown would spend most of a page's
build on them. Markdown fields (descriptions) are fragments too, converted here without the
pages' Markdown extensions (`Renderer.markdown_html`). A page source holds a marker in their
place, swapped for the fragment once MkDocs has turned the Markdown into HTML
(`insert_html_blocks`). Lists of other records are put in after the page was indexed for
search: each record is found on its own page.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import json
import posixpath
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jinja2
from babel import Locale
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup, escape

from . import typography
from .calendars import DEFAULT_TIMEZONE, CalendarEntry, has_day
from .dates import format_clock, format_day
from .markup import markdown_html
from .schema import ID_PATTERN
from .strings import Strings
from .structured import event_data, job_posting, script_json
from .views import Views

TEMPLATES = Path(__file__).parent / "templates"

# Babel locale per site language: English dates as "14 May 2024" (not the US "May 14").
LOCALES = {"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"}

# Python-Markdown's escapable characters (with `|` added by the tables extension), and the
# three characters HTML needs escaped; one translation table does both.
_MARKDOWN_ESCAPES = str.maketrans(
    {**{char: "\\" + char for char in "\\`*_{}[]()#+-.!|"}, "&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_SPACES = re.compile(r"[ \t\r\n]{2,}|[\t\r\n]")


def escape_markdown(text: str) -> str:
    """Text that Markdown shows exactly as typed: HTML-escaped, punctuation backslash-escaped."""
    # Fold line breaks and runs of spaces, but keep no-break spaces (Babel's "18 500 €").
    text = _SPACES.sub(" ", str(text)).strip()
    return text.translate(_MARKDOWN_ESCAPES)


# Markdown's inline syntax as character references: in raw HTML within a page's Markdown (a
# badge's tooltip, a form's labels) Python-Markdown finds links before it sets the tags aside,
# even inside an attribute; a browser reads the references as the characters.
_HTML_IN_MARKDOWN = str.maketrans(
    {
        **{char: f"&#{ord(char)};" for char in "\\`*_{}[]()#+-.!|~"},
        **{"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"},
    }
)


def html_in_markdown(text: str) -> str:
    """Text for raw HTML inside a page's Markdown: HTML-escaped, Markdown's syntax inert."""
    return text.translate(_HTML_IN_MARKDOWN)


def _finalize(value: object) -> Markup:
    # Runs on every {{ }} before Jinja's HTML autoescape, which leaves Markup alone; macro
    # output and our "safe" filters are Markup, everything else is escaped for Markdown.
    if isinstance(value, Markup):
        return value
    return Markup(escape_markdown(str(value)))


@functools.lru_cache(maxsize=65536)
def _relative(target: str, here: str) -> str:
    """posixpath.relpath, remembered: pages link to the same few folders over and over."""
    return posixpath.relpath(target, here)


@functools.lru_cache(maxsize=4096)
def _joined(items: tuple[str, ...], locale: str) -> str:
    return format_list(list(items), locale=locale)


@functools.lru_cache(maxsize=16384)
def _money(amount: int, currency: str, locale: str) -> str:
    """An amount in the locale's own currency pattern (symbol before or after), without cents."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    whole = re.sub(r"\.0+", "", pattern)
    return format_currency(amount, currency, format=whole, locale=locale, currency_digits=False)


# Where an HTML fragment goes in a page source: an HTML comment, which Markdown passes through.
_HTML_BLOCK = re.compile(r"<!--ps-html-(\d+)-->")


@dataclass(frozen=True)
class HtmlBlock:
    html: str
    searchable: bool  # part of the page's text in the search index


def insert_html_blocks(page_html: str, blocks: tuple[HtmlBlock, ...], searchable: bool) -> str:
    """A page's HTML with its (`searchable` or other) fragments in place of their markers."""

    def block(match: re.Match) -> str:
        found = blocks[int(match[1])]
        return found.html if found.searchable == searchable else match[0]

    return _HTML_BLOCK.sub(block, page_html)


def _escape_meta(text: str) -> str:
    """HTML-escaped for Material's unescaped title and description (a double-quoted attribute):
    & < > and " only, so that an apostrophe stays one where Material escapes again (aria-label)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def page_path(src_uri: str) -> str:
    """The address of a page relative to its language's root: jobs/x.md -> jobs/x/."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def text_slug(text: str) -> str:
    """A stable URL value for a free text such as a town: 'Liège' -> 'liege'."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _slug(value: str) -> Markup:
    """An id checked by validation, safe as a URL part or an HTML anchor."""
    if not re.fullmatch(ID_PATTERN, value):
        raise ValueError(f"not an id: {value!r}")
    return Markup(value)


def _language_filter(method: str) -> Any:
    """A filter that does what the renderer of the page being rendered does (its language)."""

    @jinja2.pass_context
    def apply(context: jinja2.runtime.Context, value: Any, *args: Any) -> Any:
        return getattr(context["renderer"], method)(value, *args)

    return apply


def _new_environment(**options: Any) -> jinja2.Environment:
    """What both environments share: the templates folder, strictness, and the filters that
    format values the same way in Markdown and in HTML."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        **options,
    )
    env.filters.update(
        date=_language_filter("date"),
        with_examples=_language_filter("with_examples"),
        number=_language_filter("number"),
        join_list=_language_filter("join_list"),
        language=_language_filter("language_name"),
        country=_language_filter("country_name"),
        slug=_slug,
    )
    return env


@functools.cache
def environment() -> jinja2.Environment:
    """One Jinja environment for every language: templates are compiled once per process (so
    once for a whole `mkdocs serve` session), the language comes with each render."""
    env = _new_environment(finalize=_finalize, keep_trailing_newline=True)
    env.filters.update(
        t=_language_filter("translated"),
        plain=_language_filter("text"),
        yaml=lambda value: Markup(json.dumps(str(value), ensure_ascii=False)),
        # Material prints front-matter titles and descriptions as HTML, unescaped (it
        # expects MkDocs' escaped titles): escape them before they become YAML.
        meta=lambda value: Markup(json.dumps(_escape_meta(str(value)), ensure_ascii=False)),
        url=lambda value: Markup(str(value).replace("(", "%28").replace(")", "%29")),
        html=lambda value: Markup(html_in_markdown(str(value))),
        json=script_json,
        text_slug=text_slug,
    )
    env.globals.update(has_day=has_day)
    return env


@functools.cache
def html_environment() -> jinja2.Environment:
    """The environment of the HTML fragments (templates/html/): HTML-escaped, no Markdown."""
    env = _new_environment()
    env.filters.update(
        t=_language_filter("translated_html"),
        url=lambda value: Markup(html.escape(str(value)).replace("(", "%28").replace(")", "%29")),
    )
    env.globals.update(badge=_badge, member_link=_member_link, area_link=_area_link)
    return env


# The pieces every list row uses, in Python: a Jinja macro call costs several times more, and
# a list of 3,000 jobs makes 12,000 of them per language. Texts are escaped as Jinja would.
@jinja2.pass_context
def _badge(context: jinja2.runtime.Context, record: dict[str, Any]) -> Markup:
    """The "Example" label of a fictional record (none for a real one)."""
    if not record.get("example"):
        return Markup("")
    string = context["renderer"].string
    title, label = escape(string("example.tooltip")), escape(string("example.badge"))
    return Markup(f' <span class="ps-badge" title="{title}">{label}</span>')


@jinja2.pass_context
def _member_link(context: jinja2.runtime.Context, member_id: str) -> Markup:
    name = escape(context["renderer"].views.catalog.members[member_id]["name"])
    return Markup(f'<a href="{context["page_link"](f"members/{member_id}.md")}">{name}</a>')


@jinja2.pass_context
def _area_link(context: jinja2.runtime.Context, area_id: str) -> Markup:
    renderer = context["renderer"]
    name = escape(renderer.translated_html(renderer.views.catalog.areas[area_id]["name"]))
    return Markup(f'<a href="{context["page_link"](f"areas/{area_id}.md")}">{name}</a>')


def compile_templates() -> None:
    """Compile every template now: language builds forked afterwards start with them compiled."""
    for path in sorted(TEMPLATES.rglob("*.j2")):
        name = path.relative_to(TEMPLATES).as_posix()
        (html_environment() if name.startswith("html/") else environment()).get_template(name)


class Renderer:
    """Renders templates for one language. Create one per language and build."""

    def __init__(self, views: Views, strings: Strings, lang: str, site_url: str = "/", prefix: str = "") -> None:
        self.views, self.strings, self.lang = views, strings, lang
        self.site_url, self.prefix = site_url if site_url.endswith("/") else site_url + "/", prefix
        self.locale = LOCALES.get(lang, lang)
        self.env = environment()
        self.html_env = html_environment()
        # What templates see besides the filters; `renderer` serves the language's filters.
        self.context = {
            "renderer": self,
            "s": self.string,
            "plural": self.plural,
            "money": self.money,
            "absolute": self.absolute,
            "jsonld": self.jsonld,
            "event_jsonld": self.event_jsonld,
            "span": self.span,
            "labelled": self.labelled,
            "examples_in": self.examples_in,
            "count_of": self.count_of,
            "filter_rows": self.filter_rows,
            "filter_options": self.filter_options,
            "c": views.catalog,
            "v": views,
            "lang": lang,
        }

    def join_list(self, items: Any) -> str:
        return _joined(tuple(items), self.locale)

    def language_name(self, code: str) -> str:
        return Locale.parse(self.locale).languages.get(code, code)

    def country_name(self, code: str) -> str:
        """A country's name in this language, from its ISO 3166 code (Babel's territories)."""
        return Locale.parse(self.locale).territories.get(code, code)

    # -- values -------------------------------------------------------------------------
    def text(self, value: dict[str, str] | str) -> str:
        """The text in this language, or in the default language where not translated yet."""
        if not isinstance(value, dict):
            return value
        return value.get(self.lang) or value[self.strings.default]

    def translated(self, value: dict[str, str] | str, escape: Any = escape_markdown) -> str | Markup:
        """The `t` filter: the text, or the default language's text marked as such (escaped
        with `escape`: for Markdown, or for HTML in the HTML fragments)."""
        if not isinstance(value, dict) or self.lang in value:
            return self.text(value)
        default = self.strings.default
        notice, text = escape(self.fallback_notice()), escape(value[default])
        return Markup(f'<span lang="{default}">{text}</span> <small class="ps-fallback">({notice})</small>')

    def translated_html(self, value: dict[str, str] | str) -> str | Markup:
        """The `t` filter of HTML fragments."""
        return self.translated(value, functools.partial(html.escape, quote=False))

    def markdown_html(self, value: dict[str, str]) -> str:
        """A Markdown field as HTML (or the default language's, marked as such), made here
        rather than in the page's Markdown: without the page's extensions (no attribute lists,
        which could add `onclick` to an element; raw HTML is already neutralised), and the same
        HTML the page's structured data carries."""
        if self.lang in value:
            return markdown_html(value[self.lang])
        default = self.strings.default
        notice = html.escape(self.fallback_notice(), quote=False)
        body = markdown_html(value[default])
        return f'<p class="ps-fallback">{notice}</p>\n<div lang="{default}">\n{body}\n</div>'

    def fallback_notice(self) -> str:
        names = Locale.parse(self.locale).languages
        return self.string("fallback.notice", language=names[self.lang], default=names[self.strings.default])

    def string(self, key: str, **values: object) -> str:
        return self.strings.get(self.lang, key, **values)

    def plural(self, key: str, count: int, **values: object) -> str:
        shown = format_decimal(count, locale=self.locale)
        return self.strings.plural(self.lang, key, count, n=shown, **values)

    # -- fictional examples: the label travels with the record -------------------------------
    def labelled(self, record: dict[str, Any], title: str | None = None) -> str:
        """A record's title (or name) as its page title, feeds and calendars show it: with the
        "Example:" label if the record is fictional."""
        if title is None:
            title = self.text(record["title"]) if "title" in record else record["name"]
        return self.string("example.labelled", title=title) if record.get("example") else title

    def examples_in(self, records: list[dict[str, Any]]) -> int:
        return sum(1 for record in records if record.get("example"))

    def with_examples(self, text: str, records: list[dict[str, Any]]) -> str:
        """A count (a sentence or a phrase) that says how many of the `records` it counts are
        fictional examples: "4 open positions (of which 4 are fictional examples)."."""
        examples = self.examples_in(records)
        if not examples:
            return text
        note = self.plural("example.included", examples)
        text = str(text).rstrip()
        return f"{text[:-1]} ({note})." if text.endswith(".") else f"{text} ({note})"

    def count_of(self, records: list[dict[str, Any]]) -> str:
        """A number of records as a bare count shows it: "3", "1 example", "3, of which 1 is a
        fictional example"."""
        examples = self.examples_in(records)
        if examples and examples == len(records):
            return self.plural("example.number", examples)
        shown = self.number(len(records))
        return f"{shown}, {self.plural('example.included', examples)}" if examples else shown

    # -- plain-text outputs (feeds, calendars): French typography applied here -----------------
    def typeset(self, text: str) -> str:
        """A plain text of this language's outputs, with French typography if French (pages are
        typeset as a whole, see typography.typeset_html)."""
        return typography.typeset(text) if typography.applies(self.lang) else text

    def plain(self, value: dict[str, str] | str) -> str:
        """A data text for a plain-text output: typeset if written in French (an English text
        shown untranslated keeps English typography)."""
        text = self.text(value)
        return self.typeset(text) if not isinstance(value, dict) or self.lang in value else text

    def date(self, value: dt.date) -> str:
        return format_day(value, "long", self.locale)

    def when(self, event: dict[str, Any], key: str = "start") -> str:
        """An event time as precise as the data (a year, a day, a day and a time), the time
        in Brussels time."""
        value = event[key]
        if isinstance(value, dt.datetime):
            local = self.brussels(value, event["timezone"])
            day = format_day(local.date(), "full", self.locale)
            return self.string("event.at", day=day, time=format_clock(local.time(), self.locale))
        if isinstance(value, dt.date):
            return format_day(value, "full", self.locale)
        return str(value)

    def span(self, event: dict[str, Any]) -> str:
        """When an event takes place, from start to end, without saying the same day twice."""
        start, end = event["start"], event["end"]
        if end is None:
            return self.when(event)
        if isinstance(start, dt.datetime) and isinstance(end, dt.datetime):
            first, last = self.brussels(start, event["timezone"]), self.brussels(end, event["timezone"])
            if first.date() == last.date():
                day = format_day(first.date(), "full", self.locale)
                start = format_clock(first.time(), self.locale, last=False)
                end = format_clock(last.time(), self.locale)
                return self.string("event.same_day", day=day, start=start, end=end)
        return f"{self.when(event)} – {self.when(event, 'end')}"

    @staticmethod
    def brussels(value: dt.datetime, timezone: str | None) -> dt.datetime:
        """A local event time, as the clock in Brussels shows it."""
        aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone or DEFAULT_TIMEZONE))
        return aware.astimezone(ZoneInfo(DEFAULT_TIMEZONE))

    @staticmethod
    def iso(event: dict[str, Any], key: str) -> str | None:
        value = event[key]
        if isinstance(value, dt.datetime):
            aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(event["timezone"] or DEFAULT_TIMEZONE))
            return aware.isoformat()
        return value.isoformat() if isinstance(value, dt.date) else None

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def money(self, amount: int, currency: str) -> str:
        return _money(amount, currency, self.locale)

    def absolute(self, src_uri: str) -> str:
        """The public address of a page (or file) of this language."""
        path = page_path(src_uri) if src_uri.endswith(".md") else src_uri
        return self.site_url + self.prefix + path

    def description_html(self, job: dict[str, Any]) -> str:
        """The job's description and requirements as HTML, as the page shows them."""
        body = markdown_html(self.text(job["description"]))
        items = "".join(f"<li>{html.escape(self.text(item), quote=False)}</li>" for item in job["requirements"])
        heading = html.escape(self.string("job.requirements"), quote=False)
        return f"{body}\n<h2>{heading}</h2>\n<ul>{items}</ul>"

    def filter_rows(self, kind: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """What the filters of a list match each row on (the names of its form controls)."""
        members = self.views.catalog.members
        if kind == "job":
            rows = [
                {
                    "area": job["area"],
                    "cluster": members[job["employer"]]["cluster"],
                    "location": text_slug(job["location"]["en"]),
                    "contract": job["contract"],
                }
                for job in records
            ]
        elif kind == "member":
            rows = [
                {"cluster": m["cluster"], "type": m["type"], "area": m["areas"] or [], "q": m["name"]} for m in records
            ]
        else:
            rows = [
                {"area": p["area"], "key-area": p["key_area"], "status": p["status"], "q": self.text(p["title"])}
                for p in records
            ]
        # The filters' count says how many of the rows shown are fictional examples.
        for row, record in zip(rows, records, strict=True):
            if record.get("example"):
                row["example"] = True
        return rows

    def filter_options(self, field: str, records: list[dict[str, Any]]) -> list[tuple[str, str]]:
        """The choices of a filter: the values the records have, with their labels."""
        catalog = self.views.catalog
        if field == "cluster":
            return [(id_, cluster["name"]) for id_, cluster in catalog.clusters.items()]
        if field == "area":
            return [(id_, self.text(area["name"])) for id_, area in catalog.areas.items()]
        if field == "key_area":
            return [(id_, self.text(area["name"])) for id_, area in catalog.key_areas.items()]
        if field == "location":
            labels = {text_slug(job["location"]["en"]): self.text(job["location"]) for job in records}
            return sorted(labels.items(), key=lambda item: item[1].casefold())
        prefixes = {"contract": "contract", "type": "member_type", "status": "project_status"}
        values = dict.fromkeys(record[field] for record in records)
        return [(value, self.string(f"{prefixes[field]}.{value}")) for value in values]

    def job_summary(self, job: dict[str, Any]) -> str:
        """One line about an offer, for feed readers."""
        employer = self.views.catalog.members[job["employer"]]["name"]
        contract = self.string(f"contract.{job['contract']}")
        summary = self.string(
            "feed.entry",
            employer=employer,
            location=self.text(job["location"]),
            contract=contract,
            date=self.date(job["closes"]),
        )
        return self.typeset(summary)

    def organisers(self, event: dict[str, Any]) -> list[dict[str, Any]]:
        catalog = self.views.catalog
        return [catalog.clusters.get(id_) or catalog.members[id_] for id_ in event["organisers"]]

    def event_jsonld(self, event: dict[str, Any]) -> Markup:
        url = self.absolute(f"events/{event['id']}.md")
        data = event_data(
            event,
            self.organisers(event),
            self.lang,
            url,
            self.iso(event, "start"),
            self.iso(event, "end"),
            self.text(event["summary"]),
        )
        return script_json(data)

    def calendar_entry(self, event: dict[str, Any]) -> CalendarEntry:
        place = [self.plain(event[key]) for key in ("venue", "address") if event[key]]
        if place and event["country"] and event["country"] != "BE":
            place.append(self.country_name(event["country"]))
        if event["online"]:
            place.append(event["online"])
        return CalendarEntry(
            uid=f"{event['id']}@{urlsplit(self.site_url).hostname or 'localhost'}",
            title=self.typeset(self.labelled(event)),
            description=self.plain(event["summary"]),
            location=", ".join(place) or None,
            url=self.absolute(f"events/{event['id']}.md"),
            start=event["start"],
            end=event["end"],
            timezone=event["timezone"] or DEFAULT_TIMEZONE,
            status=event["status"] or "scheduled",
        )

    def jsonld(self, job: dict[str, Any]) -> Markup:
        employer = self.views.catalog.members[job["employer"]]
        url = self.absolute(f"jobs/{job['id']}.md")
        written_in = self.lang if self.lang in job["description"] else self.strings.default
        return script_json(job_posting(job, employer, self.lang, url, self.description_html(job), written_in))

    # -- pages --------------------------------------------------------------------------
    def render(self, template: str, src_uri: str, **context: Any) -> str:
        """Render `template` as Markdown for the page at `src_uri` (a hand-written page's data
        block: it may not use HTML fragments)."""
        markdown_source, blocks = self.render_page(template, src_uri, **context)
        if blocks:
            raise ValueError(f"{template}: HTML fragments are for generated pages only")
        return markdown_source

    def render_page(self, template: str, src_uri: str, **context: Any) -> tuple[str, tuple[HtmlBlock, ...]]:
        """Render `template` as the source of the page at `src_uri` (links are relative to it):
        its Markdown, and the HTML fragments that go in place of its markers."""
        here = page_path(src_uri) or "."
        blocks: list[HtmlBlock] = []

        def link(target: str, anchor: str = "") -> Markup:
            """A Markdown link target: MkDocs checks it and rewrites it per language."""
            relative = _relative(target, posixpath.dirname(src_uri) or ".")
            return Markup(relative + (f"#{anchor}" if anchor else ""))

        def href(target: str) -> Markup:
            """A URL for raw HTML (not rewritten by MkDocs), relative to the built page."""
            return Markup(_relative(target, here))

        def page_link(target: str, anchor: str = "") -> Markup:
            """The built address of page `target` (jobs/x.md) relative to this one, as MkDocs
            writes a Markdown link to it."""
            relative = _relative(page_path(target) or ".", here)
            relative = "./" if relative == "." else relative + "/"
            return Markup(relative + (f"#{anchor}" if anchor else ""))

        def block(html: str, searchable: bool) -> Markup:
            blocks.append(HtmlBlock(html, searchable))
            return Markup(f"<!--ps-html-{len(blocks) - 1}-->")

        def html_block(name: str, searchable: bool = False, **values: Any) -> Markup:
            """Render the HTML fragment `name`; its marker goes in the Markdown."""
            html = self.html_env.get_template(name).render(self.context, page_link=page_link, **values)
            return block(html, searchable)

        def markdown_block(value: dict[str, str]) -> Markup:
            """A Markdown field (a description), made HTML here: see `markdown_html`."""
            return block(self.markdown_html(value), True)

        source = self.env.get_template(template).render(
            self.context, link=link, href=href, html=html_block, markdown=markdown_block, src_uri=src_uri, **context
        )
        return source, tuple(blocks)
