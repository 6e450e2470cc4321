"""The user's local calendar: "today", day and week boundaries. Pure, the caller passes `now`."""

import datetime as dt
import functools
import zoneinfo

UTC = dt.UTC


def zone_of(name: str) -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(name) if is_valid_zone(name) else zoneinfo.ZoneInfo("UTC")


@functools.cache
def _known_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def is_valid_zone(name: object) -> bool:
    """An IANA zone name. Checked against the list of zones, never by opening a file: a folder
    ("Europe"), a path or a 300-character name would otherwise raise OSError, not a clean no."""
    return isinstance(name, str) and name in _known_zones()


def local_date(moment: dt.datetime, zone: dt.tzinfo) -> dt.date:
    """The user's calendar date of an aware datetime."""
    return moment.astimezone(zone).date()


def today(now: dt.datetime, zone: dt.tzinfo) -> dt.date:
    return local_date(now, zone)


def day_bounds(day: dt.date, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a local date as aware UTC datetimes; right across DST changes."""
    start = dt.datetime.combine(day, dt.time.min, tzinfo=zone)
    end = dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
    return start.astimezone(UTC), end.astimezone(UTC)


def week_start(day: dt.date, first_weekday: int) -> dt.date:
    """The first day of the week containing `day`; first_weekday 0=Monday .. 6=Sunday."""
    return day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)


def next_christmas(day: dt.date) -> dt.date:
    christmas = dt.date(day.year, 12, 25)
    return christmas if christmas > day else dt.date(day.year + 1, 12, 25)


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone of the form Area/City, sorted, for pickers."""
    return tuple(sorted(z for z in zoneinfo.available_timezones() if "/" in z))
