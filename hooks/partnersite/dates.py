"""Dates and clock times written the way each language writes them in running text.

Babel (CLDR) gives the dates ("jeudi 11 février 2027", "donderdag 11 februari 2027") and the
English times. Two rules it does not know are added here:

- French writes the first day of a month "1er" ("1er janvier 2027"); CLDR has no ordinal day.
- Times in running text. French: "9 h 30", "17 h" (CLDR has the "h" only in fr_BE's full pattern,
  "H 'h' mm 'min' ss 's' zzzz", and for whole hours, "HH 'h'", with a leading zero). Dutch
  (Taalunie): "9.30 uur", "van 9.30 tot 17 uur", the word "uur" after the last time of a phrase
  (CLDR has "HH:mm" only). The parts of a time are joined by no-break spaces.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from babel.dates import format_date, format_time

NBSP = "\u00a0"

# Language -> (pattern of a whole hour, pattern with minutes, word after the last time).
# Languages not listed use the locale's short time pattern from Babel ("09:30").
CLOCK_PATTERNS = {
    "fr": (f"H'{NBSP}h'", f"H'{NBSP}h{NBSP}'mm", ""),
    "nl": ("H", "H.mm", f"{NBSP}uur"),
}

_FIRST_DAY = re.compile(r"(?<!\d)1(?!\d)")


def _language(locale: str) -> str:
    return locale.split("_")[0].split("-")[0]


@functools.lru_cache(maxsize=4096)
def format_day(value: dt.date, style: str, locale: str) -> str:
    """A date in Babel's `style` ("long": 1 January 2027, "full": with the weekday), with
    French "1er" for the first of the month. Remembered: lists print the same dates often."""
    text = format_date(value, format=style, locale=locale)
    if value.day == 1 and _language(locale) == "fr":
        text = _FIRST_DAY.sub("1er", text, count=1)
    return text


@functools.lru_cache(maxsize=4096)
def format_clock(value: dt.time | dt.datetime, locale: str, last: bool = True) -> str:
    """A clock time as running text writes it; `last`: the last time of its phrase (Dutch
    puts "uur" after it only: "van 9.30 tot 17 uur")."""
    patterns = CLOCK_PATTERNS.get(_language(locale))
    if patterns is None:
        return format_time(value, format="short", locale=locale)
    whole, with_minutes, word = patterns
    text = format_time(value, format=whole if value.minute == 0 else with_minutes, locale=locale)
    return text + word if last else text
