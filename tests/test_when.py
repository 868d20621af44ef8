"""Event times (when.py): a day, a day and time, or a year; time zones attached in one place."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from partnersite import calendars, when
from partnersite.when import DEFAULT_TIMEZONE, as_datetime, day_of, exists_in, has_day, in_brussels, localize, precision

DAY, MOMENT, YEAR = dt.date(2027, 2, 11), dt.datetime(2027, 2, 11, 9, 30), 2023


def test_a_year_alone_counts_until_its_end() -> None:
    assert day_of(YEAR) == dt.date(2023, 12, 31)
    assert day_of(MOMENT) == DAY and day_of(DAY) == DAY


def test_times_compare_from_their_beginning() -> None:
    assert as_datetime(YEAR) == dt.datetime(2023, 1, 1)
    assert as_datetime(DAY) == dt.datetime(2027, 2, 11)
    assert as_datetime(MOMENT) is MOMENT


@pytest.mark.parametrize(
    ("value", "words", "with_day"), [(MOMENT, "a day and time", True), (DAY, "a day", True), (YEAR, "a year", False)]
)
def test_how_precisely_a_time_is_written(value: object, words: str, with_day: bool) -> None:
    assert precision(value) == words
    assert has_day(value) is with_day


def test_the_hour_summer_time_skips_does_not_exist() -> None:
    assert not exists_in(dt.datetime(2027, 3, 28, 2, 30), DEFAULT_TIMEZONE)
    assert exists_in(dt.datetime(2027, 3, 28, 3, 30), DEFAULT_TIMEZONE)
    assert exists_in(dt.datetime(2027, 3, 28, 2, 30), "America/New_York")  # its clocks change another day


def test_a_local_time_gets_its_zone_and_shows_in_brussels() -> None:
    new_york = localize(dt.datetime(2027, 3, 18, 9, 0), "America/New_York")
    assert new_york.tzinfo == ZoneInfo("America/New_York") and new_york.hour == 9
    assert localize(DAY, "America/New_York") is DAY  # a day has no time zone
    assert localize(new_york, DEFAULT_TIMEZONE) is new_york  # already aware: as it is
    shown = in_brussels(dt.datetime(2027, 3, 18, 9, 0), "America/New_York")
    assert (shown.hour, shown.tzinfo) == (14, ZoneInfo(DEFAULT_TIMEZONE))


def test_calendars_still_offers_the_names_the_renderer_imports() -> None:
    assert calendars.DEFAULT_TIMEZONE is when.DEFAULT_TIMEZONE
    assert calendars.has_day is when.has_day
