import datetime as dt
import zoneinfo

import pytest

from workouts.rules import timeutils

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
LONDON = zoneinfo.ZoneInfo("Europe/London")
UTC = dt.UTC


def test_a_late_workout_west_of_utc_counts_for_that_local_day():
    # 23:30 on 10 January in UTC-8 is already 11 January in UTC.
    moment = dt.datetime(2026, 1, 11, 7, 30, tzinfo=UTC)
    assert timeutils.local_date(moment, LA) == dt.date(2026, 1, 10)


def test_today_follows_the_users_zone_not_utc():
    now = dt.datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    assert timeutils.today(now, LA) == dt.date(2025, 12, 31)
    assert timeutils.today(now, UTC) == dt.date(2026, 1, 1)


def test_day_bounds_are_local_midnights_in_utc():
    start, end = timeutils.day_bounds(dt.date(2026, 1, 15), LA)
    assert start == dt.datetime(2026, 1, 15, 8, 0, tzinfo=UTC)
    assert end == dt.datetime(2026, 1, 16, 8, 0, tzinfo=UTC)


def test_day_bounds_span_23_hours_when_clocks_go_forward():
    start, end = timeutils.day_bounds(dt.date(2026, 3, 29), LONDON)
    assert end - start == dt.timedelta(hours=23)


def test_day_bounds_span_25_hours_when_clocks_go_back():
    start, end = timeutils.day_bounds(dt.date(2026, 10, 25), LONDON)
    assert end - start == dt.timedelta(hours=25)


def test_day_bounds_are_utc_datetimes():
    start, end = timeutils.day_bounds(dt.date(2026, 6, 1), LONDON)
    assert start.utcoffset() == dt.timedelta(0)
    assert end.utcoffset() == dt.timedelta(0)


@pytest.mark.parametrize(
    ("first_weekday", "expected"),
    [(0, dt.date(2026, 3, 9)), (6, dt.date(2026, 3, 8)), (5, dt.date(2026, 3, 7))],
)
def test_week_starts_on_the_users_first_day(first_weekday, expected):
    wednesday = dt.date(2026, 3, 11)
    assert timeutils.week_start(wednesday, first_weekday) == expected


def test_the_first_day_of_the_week_starts_its_own_week():
    sunday = dt.date(2026, 3, 8)
    assert timeutils.week_start(sunday, 6) == sunday


def test_next_christmas_is_this_year_before_the_day():
    assert timeutils.next_christmas(dt.date(2026, 12, 24)) == dt.date(2026, 12, 25)


def test_next_christmas_is_next_year_on_the_day():
    assert timeutils.next_christmas(dt.date(2026, 12, 25)) == dt.date(2027, 12, 25)


@pytest.mark.parametrize("name", ["UTC", "Europe/London", "America/Argentina/Buenos_Aires"])
def test_real_iana_zones_are_valid(name):
    assert timeutils.is_valid_zone(name)


@pytest.mark.parametrize(
    "name",
    ["", None, "Mars/Olympus_Mons", "europe/london ", "../etc/passwd", "/etc/localtime", "Europe/"],
)
def test_made_up_or_path_like_zones_are_invalid(name):
    assert not timeutils.is_valid_zone(name)


def test_unknown_zone_falls_back_to_utc():
    assert timeutils.zone_of("Nowhere/Special") == zoneinfo.ZoneInfo("UTC")


def test_known_zone_is_returned():
    assert timeutils.zone_of("Europe/London") == LONDON


def test_zone_names_for_pickers_are_sorted_area_city_names():
    names = timeutils.zone_names()
    assert "Europe/London" in names
    assert "UTC" not in names
    assert list(names) == sorted(names)
