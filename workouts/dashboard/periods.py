"""Pure dashboard maths, no queries and no clock: the date ranges and periods, buckets of
sessions per week or month, this week's tiles, streaks, the heat-map grid and its months, the
progress kinds and series an exercise charts, and progress points per bucket.

They take plain rows and dates, so tests feed them known histories without a database.
"""

import bisect
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from workouts.models import (
    Style,
)
from workouts.rules import measures, timeutils

RANGES = {
    "4w": ("4 weeks", 4),
    "12w": ("12 weeks", 12),
    "1y": ("1 year", 52),
    "all": ("All time", None),
}


DEFAULT_RANGE = "12w"


HEAT_DAYS = 365


RECORD_DAYS = 30


MONTHS_AFTER_WEEKS = 104  # an "all" range longer than this is charted per month


def style_key(style):
    return style if style in (Style.NATURAL, Style.HIGH_TECH) else "mixed"


def month_start(day):
    return day.replace(day=1)


def next_month(day):
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


@dataclass(frozen=True)
class Period:
    """The dates a range covers and how they are bucketed ("week" or "month")."""

    start: dt.date
    end: dt.date  # inclusive: today
    unit: str

    def bucket_of(self, day, first_weekday):
        if self.unit == "month":
            return month_start(day)
        return timeutils.week_start(day, first_weekday)

    def bucketer(self, first_weekday):
        """`bucket_of` as one function of the day, for a loop over a history: a day within the
        previous day's bucket gets its start from the bucket's bounds (two comparisons) instead
        of working it out; rows come oldest first, so the bucket changes once a week or month.
        Any order still gives each day its own bucket."""
        monthly = self.unit == "month"
        week = dt.timedelta(days=7)
        low = high = None

        def bucket_of(day):
            nonlocal low, high
            if low is not None and low <= day < high:
                return low
            if monthly:
                low = day.replace(day=1)
                high = next_month(low)
            else:
                low = day - dt.timedelta(days=(day.weekday() - first_weekday) % 7)
                high = low + week
            return low

        return bucket_of

    def bucket_starts(self, first_weekday):
        starts, day = [], self.bucket_of(self.start, first_weekday)
        while day <= self.end:
            starts.append(day)
            day = next_month(day) if self.unit == "month" else day + dt.timedelta(days=7)
        return starts


def period_for(range_key, today, first_weekday, first_day=None):
    """The range's period: whole weeks ending with this week, or everything since `first_day`."""
    this_week = timeutils.week_start(today, first_weekday)
    weeks = RANGES[range_key][1]
    if weeks is not None:
        return Period(this_week - dt.timedelta(weeks=weeks - 1), today, "week")
    first = timeutils.week_start(first_day or today, first_weekday)
    first = min(first, this_week - dt.timedelta(weeks=3))  # never fewer than four weeks
    if (this_week - first).days // 7 + 1 > MONTHS_AFTER_WEEKS:
        return Period(month_start(first), today, "month")
    return Period(first, today, "week")


@dataclass
class Bucket:
    start: dt.date
    natural: float = 0.0
    high_tech: float = 0.0
    mixed: float = 0.0
    minutes: float = 0.0
    sessions: int = 0
    distance_m: float = 0.0

    @property
    def volume_kg(self):
        return self.natural + self.high_tech + self.mixed

    @property
    def label(self):
        return f"{self.start.day} {self.start:%b %Y}"


def buckets(rows, period, first_weekday):
    """Weekly (or monthly) totals over the period, empty buckets included, oldest first. `rows`
    are (day, minutes, volume_kg, distance_m, style) tuples, as `queries.SessionRow`.

    This loop runs once per session of the whole history. The rows come oldest first, so a
    row's bucket is the previous row's until the week or month changes: two comparisons with
    the bucket's bounds instead of working out its start per row (any order still sums right:
    a row outside the bounds looks its bucket up)."""
    starts = period.bucket_starts(first_weekday)
    by_start = {start: Bucket(start) for start in starts}
    first, last = period.start, period.end
    ends = dict(zip(starts, [*starts[1:], last + dt.timedelta(days=1)], strict=True))
    bucket_of = period.bucketer(first_weekday)
    natural, high_tech = Style.NATURAL.value, Style.HIGH_TECH.value
    bucket, low, high = None, last, first  # empty bounds: the first row looks its bucket up
    for day, minutes, volume, distance, style in rows:
        if not first <= day <= last:
            continue
        if not low <= day < high:
            low = bucket_of(day)
            bucket, high = by_start[low], ends[low]
        if style == natural:
            bucket.natural += volume
        elif style == high_tech:
            bucket.high_tech += volume
        else:
            bucket.mixed += volume
        bucket.minutes += minutes
        bucket.sessions += 1
        bucket.distance_m += distance
    return list(by_start.values())


@dataclass
class Tile:
    label: str
    this_week: float
    last_week: float
    kind: str  # count, minutes, weight, distance

    @property
    def change(self):
        return self.this_week - self.last_week


def week_tiles(rows, today, first_weekday):
    """Sessions, minutes, volume and distance this week against the whole of last week."""
    this_start = timeutils.week_start(today, first_weekday)
    last_start = this_start - dt.timedelta(days=7)
    this, last = Bucket(this_start), Bucket(last_start)
    for row in rows:
        bucket = (
            this
            if this_start <= row.day <= today
            else (last if last_start <= row.day < this_start else None)
        )
        if bucket is None:
            continue
        bucket.sessions += 1
        bucket.minutes += row.minutes
        bucket.mixed += row.volume_kg
        bucket.distance_m += row.distance_m
    return [
        Tile("Sessions", this.sessions, last.sessions, "count"),
        Tile("Minutes", round(this.minutes), round(last.minutes), "minutes"),
        Tile("Volume", this.volume_kg, last.volume_kg, "weight"),
        Tile("Distance", this.distance_m, last.distance_m, "distance"),
    ]


def streaks(days, today):
    """(current, longest) runs of consecutive local days with a finished session.

    The current streak still counts when today has no session yet but yesterday had one.
    """
    # Day numbers (proleptic ordinals), not dates: a loop over every training day of the
    # history subtracts integers instead of building a timedelta per day.
    trained = {day.toordinal() for day in days}
    longest = run = 0
    previous = None
    for number in sorted(trained):
        run = run + 1 if number - 1 == previous else 1
        if run > longest:
            longest = run
        previous = number
    number = today.toordinal()
    current, number = 0, number if number in trained else number - 1
    while number in trained:
        current += 1
        number -= 1
    return current, longest


@dataclass
class HeatDay:
    day: dt.date
    sessions: int = 0
    volume_kg: float = 0.0
    minutes: float = 0.0
    level: int = 0
    label: str = ""
    x: int = 0
    y: int = 0


@dataclass
class HeatMap:
    weeks: list  # of lists of HeatDay (None outside the 365 days)
    months: list  # (x, "Mar") labels
    days: list  # every HeatDay, oldest first
    training_days: int = 0
    sessions: int = 0
    width: int = 0
    height: int = 0


CELL, GAP, LEFT, TOP = 11, 3, 28, 16


LABEL_ROOM = 22  # a month label ("May", 9px) is wider than the cell it starts over


@dataclass
class HeatMonth:
    """One month of the heat map, for its table (what screen readers and keyboards get)."""

    month: dt.date
    training_days: int = 0
    sessions: int = 0
    minutes: float = 0.0
    volume_kg: float = 0.0


def heat_months(heat):
    """The heat map's days summed per month, newest first. The days are in order, so a month's
    are together: one pass, a new row where the month changes; a rest day adds nothing."""
    months, row = [], None
    for cell in heat.days:
        day = cell.day
        if row is None or day.month != row.month.month or day.year != row.month.year:
            row = HeatMonth(day.replace(day=1))
            months.append(row)
        if cell.sessions:
            row.training_days += 1
            row.sessions += cell.sessions
            row.minutes += cell.minutes
            row.volume_kg += cell.volume_kg
    months.reverse()
    return months


def heat_map(rows, today, first_weekday, days=HEAT_DAYS):
    """The last `days` days ending today, in week columns starting on the user's first day."""
    first = today - dt.timedelta(days=days - 1)
    by_day = {}
    for row in rows:
        if first <= row.day <= today:
            cell = by_day.setdefault(row.day, HeatDay(row.day))
            cell.sessions += 1
            cell.volume_kg += row.volume_kg
            cell.minutes += row.minutes
    loads = sorted(c.volume_kg for c in by_day.values() if c.volume_kg > 0)
    for cell in by_day.values():  # level 1..4 by volume quartile; a day without volume is level 1
        # bisect_left: how many days had less volume (a binary search, not a count of them all)
        cell.level = (
            1
            if not loads or cell.volume_kg <= 0
            else 1 + min(3, int(4 * bisect.bisect_left(loads, cell.volume_kg) / len(loads)))
        )
    start = timeutils.week_start(first, first_weekday)
    weeks, months, all_days, column = [], [], [], 0
    day = start
    while day <= today:
        week = []
        for row in range(7):
            current = day + dt.timedelta(days=row)
            if current < first or current > today:
                week.append(None)
                continue
            cell = by_day.get(current) or HeatDay(current)
            cell.x, cell.y = LEFT + column * (CELL + GAP), TOP + row * (CELL + GAP)
            week.append(cell)
            all_days.append(cell)
            if current.day == 1 or (column == 0 and row == 0) and current.day < 22:
                months.append((LEFT + column * (CELL + GAP), current.strftime("%b")))
        weeks.append(week)
        day += dt.timedelta(days=7)
        column += 1
    return HeatMap(
        weeks=weeks,
        months=months,
        days=all_days,
        training_days=len(by_day),
        sessions=sum(c.sessions for c in by_day.values()),
        width=LEFT + (column - 1) * (CELL + GAP) + max(CELL, LABEL_ROOM),
        height=TOP + 7 * (CELL + GAP),
    )


def weekday_labels(first_weekday):
    """Row labels for the heat map: (y, "Mon") for every other row."""
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return [
        (TOP + row * (CELL + GAP) + CELL - 2, names[(first_weekday + row) % 7])
        for row in range(0, 7, 2)
    ]


STRENGTH, FORCE, CARDIO, POWER, DURATION, REPS = (
    "strength",
    "force",
    "cardio",
    "power",
    "duration",
    "reps",
)


def progress_kind(exercise):
    """What to chart for an exercise: strength, force, cardio, power, duration or reps."""
    if exercise.measures_load and exercise.measures_reps:
        return STRENGTH
    if exercise.reads_force:
        return FORCE
    if exercise.reads_power and exercise.style == Style.HIGH_TECH:
        return POWER
    if exercise.measures_distance:
        return CARDIO
    if exercise.reads_power:
        return POWER
    if exercise.measures_duration:
        return DURATION
    return REPS


# The two series per kind: (key, label, lower is better)
SERIES = {
    STRENGTH: (("e1rm", "Estimated 1RM", False), ("top_load", "Top load", False)),
    FORCE: (("force", "Peak force (psi)", False), ("power", "Peak power (W)", False)),
    CARDIO: (("pace", "Best pace", True), ("distance", "Longest distance", False)),
    POWER: (("power", "Peak power (W)", False), ("distance", "Longest distance", False)),
    DURATION: (("duration", "Longest duration", False),),
    REPS: (("reps", "Most reps", False),),
}


# Every series the panel can chart: key -> (label, lower is better)
ALL_SERIES = {
    "e1rm": ("Estimated 1RM", False),
    "top_load": ("Top load", False),
    "force": ("Peak force (psi)", False),
    "power": ("Peak power (W)", False),
    "pace": ("Best pace", True),
    "distance": ("Longest distance", False),
    "duration": ("Longest duration", False),
    "reps": ("Most reps", False),
}


def candidate_series(exercise):
    """Every series the exercise can have, its kind's own first: (key, label, lower) tuples."""
    keys = [key for key, _label, _lower in SERIES[progress_kind(exercise)]]
    available = measures.series_available(exercise)
    keys += [key for key in ALL_SERIES if key in available and key not in keys]
    return tuple((key, *ALL_SERIES[key]) for key in keys)


def charted_series(candidates, points, most=2):
    """The first `most` candidate series that have data in `points`; the first candidates when
    none has (three timed sets of an arm ergometer chart their duration, not an empty power)."""
    present = {key for _day, values in points for key in values}
    chosen = tuple(s for s in candidates if s[0] in present)[:most]
    return chosen or tuple(candidates[:most])


def progress_points(sessions, kind, period, first_weekday, zone, per_day):
    """Best values per local day (short ranges) or per bucket, oldest first.

    `sessions` are dicts with `at` (or the session's stored local `day`) and the SERIES keys, as
    `_per_entry` returns them; `kind` is
    a progress kind (its SERIES) or a tuple of (key, label, lower) series.
    """
    series = SERIES[kind] if isinstance(kind, str) else kind
    points = {}
    bucket_of = period.bucketer(first_weekday)
    for row in sessions:
        day = row.get("day") or timeutils.local_date(row["at"], zone)
        key = day if per_day else bucket_of(day)
        point = points.setdefault(key, {})
        for name, _label, lower in series:
            value = row.get(name)
            if value is None:
                continue
            best = point.get(name)
            if best is None or (value < best if lower else value > best):
                point[name] = float(value)
    return [(key, points[key]) for key in sorted(points) if points[key]]


def weight_points(weights, period, first_weekday, per_day):
    """Weigh-ins as (date, kg): every one for short ranges, else the mean per week or month."""
    if per_day:
        return list(weights)
    grouped = defaultdict(list)
    bucket_of = period.bucketer(first_weekday)
    for day, kg in weights:
        grouped[bucket_of(day)].append(kg)
    return [(start, sum(kgs) / len(kgs)) for start, kgs in sorted(grouped.items())]


def is_short(period):
    """Short ranges chart every session day; longer ones the best per week or month."""
    return period.unit == "week" and (period.end - period.start).days < 120
