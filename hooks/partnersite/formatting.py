"""Values as one language writes them: texts, interface strings, dates, times, numbers, money.

A `Formatter` is made for one language from the interface strings (i18n/); it needs nothing
else, so a unit test can make one. Babel gives the locale's dates and numbers (`dates.py` the
day and clock formats), `typography.py` French typography for plain-text outputs (feeds,
calendars). Templates reach these methods as filters and functions (see jinja_env.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal
from markupsafe import Markup

from . import typography
from .calendars import DEFAULT_TIMEZONE
from .dates import format_clock, format_day
from .markup import escape_html_text, escape_markdown, markdown_html
from .strings import Strings

# Babel locale per site language: English dates as "14 May 2024" (not the US "May 14").
LOCALES = {"en": "en_GB", "fr": "fr_BE", "nl": "nl_BE"}


@functools.lru_cache(maxsize=4096)
def _joined(items: tuple[str, ...], locale: str) -> str:
    return format_list(list(items), locale=locale)


@functools.lru_cache(maxsize=16384)
def _money(amount: int, currency: str, locale: str) -> str:
    """An amount in the locale's own currency pattern (symbol before or after), without cents."""
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.split(";")[0]
    whole = re.sub(r"\.0+", "", pattern)
    return format_currency(amount, currency, format=whole, locale=locale, currency_digits=False)


def in_brussels(value: dt.datetime, timezone: str | None) -> dt.datetime:
    """A local event time (in `timezone`, Brussels' if None), as the clock in Brussels shows it."""
    aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo(timezone or DEFAULT_TIMEZONE))
    return aware.astimezone(ZoneInfo(DEFAULT_TIMEZONE))


class Formatter:
    """Formats values in language `lang`; texts not translated yet fall back to the strings'
    default (source) language."""

    def __init__(self, lang: str, strings: Strings) -> None:
        self.lang, self.strings = lang, strings
        self.locale = LOCALES.get(lang, lang)

    @functools.cached_property
    def _babel(self) -> Locale:
        """Babel's locale, parsed once (each job page names its languages)."""
        return Locale.parse(self.locale)

    # -- texts -----------------------------------------------------------------------------
    def text(self, value: dict[str, str] | str) -> str:
        """The text in this language, or in the default language where not translated yet."""
        if not isinstance(value, dict):
            return value
        return value.get(self.lang) or value[self.strings.default]

    def translated(self, value: dict[str, str] | str, escape: Callable[[str], str] = escape_markdown) -> str | Markup:
        """The `t` filter: the text, or the default language's text marked as such (escaped
        with `escape`, the escaping of the template's environment: Markdown's or HTML's)."""
        if not isinstance(value, dict) or self.lang in value:
            return self.text(value)
        default = self.strings.default
        notice, text = escape(self.fallback_notice()), escape(value[default])
        return Markup(f'<span lang="{default}">{text}</span> <small class="ps-fallback">({notice})</small>')

    def field_html(self, value: dict[str, str]) -> str:
        """A Markdown field in this language as HTML (or the default language's, marked as
        such), made apart from the page's Markdown: without the page's extensions (no attribute
        lists, which could add `onclick` to an element; raw HTML is already neutralised), and
        the same HTML the page's structured data carries (see markup.markdown_html)."""
        if self.lang in value:
            return markdown_html(value[self.lang])
        default = self.strings.default
        notice = escape_html_text(self.fallback_notice())
        body = markdown_html(value[default])
        return f'<p class="ps-fallback">{notice}</p>\n<div lang="{default}">\n{body}\n</div>'

    def fallback_notice(self) -> str:
        names = self._babel.languages
        return self.string("fallback.notice", language=names[self.lang], default=names[self.strings.default])

    def string(self, key: str, **values: object) -> str:
        """An interface string (i18n/<lang>.yml) with its placeholders filled in."""
        return self.strings.get(self.lang, key, **values)

    def plural(self, key: str, count: int, **values: object) -> str:
        shown = format_decimal(count, locale=self.locale)
        return self.strings.plural(self.lang, key, count, n=shown, **values)

    def language_name(self, code: str) -> str:
        return str(self._babel.languages.get(code, code))

    def country_name(self, code: str) -> str:
        """A country's name in this language, from its ISO 3166 code (Babel's territories)."""
        return str(self._babel.territories.get(code, code))

    def join_list(self, items: Iterable[str]) -> str:
        return _joined(tuple(items), self.locale)

    # -- fictional examples: the label travels with the record -------------------------------
    def labelled(self, record: Mapping[str, Any], title: str | None = None) -> str:
        """A record's title (or name) as its page title, feeds and calendars show it: with the
        "Example:" label if the record is fictional."""
        if title is None:
            title = self.text(record["title"]) if "title" in record else record["name"]
        return self.string("example.labelled", title=title) if record.get("example") else title

    @staticmethod
    def examples_in(records: list[dict[str, Any]]) -> int:
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

    # -- dates, times, numbers -------------------------------------------------------------
    def date(self, value: dt.date) -> str:
        return format_day(value, "long", self.locale)

    def when(self, event: dict[str, Any], key: str = "start") -> str:
        """An event time as precise as the data (a year, a day, a day and a time), the time
        in Brussels time."""
        value = event[key]
        if isinstance(value, dt.datetime):
            local = in_brussels(value, event["timezone"])
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
            first, last = in_brussels(start, event["timezone"]), in_brussels(end, event["timezone"])
            if first.date() == last.date():
                day = format_day(first.date(), "full", self.locale)
                start = format_clock(first.time(), self.locale, last=False)
                end = format_clock(last.time(), self.locale)
                return self.string("event.same_day", day=day, start=start, end=end)
        return f"{self.when(event)} – {self.when(event, 'end')}"

    def number(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    def money(self, amount: int, currency: str) -> str:
        return _money(amount, currency, self.locale)
