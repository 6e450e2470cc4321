"""Dashboard reads: session rows from the roll-ups, progress points, exercise choices, and
`dashboard()`, which assembles the whole page's figures.

Reads stay cheap at years of history: the dashboard reads one `SessionSummary` row per session
(a roll-up of that session's sets, kept by `workouts.dashboard.rollups` on every write) and
touches per-entry roll-ups only for the one exercise whose progress is charted. Every figure is in
SI units; `workouts.dashboard.charts` converts to the user's units at the edge. Dates are the
user's local dates, and weeks begin on the user's chosen first day. The maths is pure, in
`workouts.dashboard.periods`.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count

from workouts import compiled
from workouts.dashboard.charts import heat_labels
from workouts.dashboard.periods import (
    DEFAULT_RANGE,
    RANGES,
    RECORD_DAYS,
    Bucket,
    HeatMap,
    Period,
    buckets,
    candidate_series,
    charted_series,
    heat_map,
    is_short,
    period_for,
    progress_kind,
    progress_points,
    streaks,
    week_tiles,
    weight_points,
)
from workouts.models import (
    BodyWeight,
    Enrolment,
    EntrySummary,
    Exercise,
    PersonalRecord,
    WorkoutSession,
    local_fields,
)
from workouts.plans import position
from workouts.plans import reads as plan_reads
from workouts.quotes import evaluate as quote_unlocks
from workouts.rules import timeutils


class SessionRow(NamedTuple):
    """One finished session as the dashboard sees it (a tuple: a thousand of them are built per
    request, and a frozen dataclass costs several times more to build)."""

    day: dt.date  # local date of its start
    minutes: float
    volume_kg: float
    distance_m: float
    style: str


def _finished_sessions(user_id):
    return (
        WorkoutSession.objects.filter(user_id=user_id, finished_at__isnull=False)
        .order_by("started_at")
        .values_list(
            "local_date", "minutes", "style", "summary__volume_kg", "summary__distance_m", "pk"
        )
    )


def _exercise_counts(user_id):
    return (
        EntrySummary.objects.filter(user_id=user_id)
        .values("exercise_id")
        .annotate(n=Count("*"))
        .order_by()
        .values_list("exercise_id", "n")
    )


def session_rows(user, zone):
    """Every finished session of the user, oldest first, in one query. Each session's local date
    and minutes were stored when it was written (`WorkoutSession.local_date`, kept by the
    actions), so nothing is converted per request; a session written around the actions (no
    date stored) is converted here as before."""
    rows = compiled.rows("dashboard.session_rows", _finished_sessions, user.pk)
    found = [
        SessionRow(day, minutes or 0.0, volume or 0.0, distance or 0.0, style)
        for day, minutes, style, volume, distance, _pk in rows
    ]
    unstamped = [pk for day, minutes, *_, pk in rows if day is None or minutes is None]
    if unstamped:
        times = dict(
            (pk, (start, end))
            for pk, start, end in WorkoutSession.objects.filter(pk__in=unstamped).values_list(
                "pk", "started_at", "finished_at"
            )
        )
        for index, (*_, pk) in enumerate(rows):
            if pk in times:
                day, minutes = local_fields(*times[pk], zone)
                found[index] = found[index]._replace(day=day, minutes=minutes)
    return found


# Each progress series' column of EntrySummary (SERIES keys).
SERIES_COLUMNS = {
    "e1rm": "e1rm_kg",
    "top_load": "top_load_kg",
    "pace": "pace_s_per_m",
    "distance": "distance_m",
    "duration": "duration_s",
    "reps": "reps",
    "force": "force_psi",
    "power": "power_w",
}


def _per_entry(user, exercise_id, since, keys=tuple(SERIES_COLUMNS)):
    """The exercise's per-session bests since `since`, as dicts of the series `keys` (SERIES
    keys; only their columns are read: a chart has two to four of the eight) and `entry_id`,
    each with its session's stored local `day` (no timestamp read or converted per point; a
    session written around the actions, with no day stored, gets its `at` instead)."""
    keys = tuple(keys)
    entries = EntrySummary.objects.filter(user=user, exercise_id=exercise_id, at__gte=since)
    names = ("entry_id", "day", *keys)
    found = [
        dict(zip(names, row, strict=True))
        for row in compiled.tuples(
            entries.order_by("at").values_list(
                "entry_id", "session__local_date", *(SERIES_COLUMNS[key] for key in keys)
            )
        )
    ]
    undated = {row["entry_id"]: row for row in found if row["day"] is None}
    if undated:
        for entry_id, at in EntrySummary.objects.filter(pk__in=undated).values_list(
            "entry_id", "at"
        ):
            undated[entry_id]["at"] = at
    return found


def _weigh_ins(user, start, today):
    """(weigh-ins from `start` to `today`, oldest first; the latest weigh-in of all), as
    (date, kg). One query when the range has a weigh-in, the latest being the last one read (a
    day has one weigh-in at most); a second only when it has none."""
    since = compiled.tuples(
        BodyWeight.objects.filter(user=user, date__gte=start)
        .order_by("date")
        .values_list("date", "weight_kg")
    )
    if since:
        latest = since[-1]
        if latest[0] > today:  # dated ahead of the user's today: not charted
            since = [weigh_in for weigh_in in since if weigh_in[0] <= today]
        return since, latest
    latest = (
        BodyWeight.objects.filter(user=user)
        .order_by("-date")
        .values_list("date", "weight_kg")
        .first()
    )
    return since, latest


@dataclass
class Progress:
    choices: list = field(default_factory=list)  # (id, name) of exercises with working sets
    exercise: Exercise | None = None
    kind: str = ""
    series: tuple = ()
    points: list = field(default_factory=list)  # (date, {key: value})
    per_day: bool = True

    @property
    def has_pace(self):
        return any(key == "pace" for key, _label, _lower in self.series)


@dataclass
class Dashboard:
    today: dt.date
    range_key: str
    period: Period
    has_history: bool
    tiles: list
    current_streak: int
    longest_streak: int
    buckets: list
    range_sessions: int
    progress: Progress
    body_weights: list  # (date, kg) in range; per week or month means for long ranges
    latest_weight: tuple | None
    heat: HeatMap
    records_count: int
    recent_records: list
    enrolment: Enrolment | None
    plan: "position.Schedule | None"
    fight_in_days: int | None
    quotes: tuple  # (unlocked, total)

    @property
    def range_label(self):
        return RANGES[self.range_key][0]

    @property
    def range_phrase(self):
        """'in the last 12 weeks', or 'yet' for all time (never 'in the last All time')."""
        weeks = RANGES[self.range_key][1]
        return "yet" if weeks is None else f"in the last {self.range_label}"

    @property
    def best_bucket(self):
        best = max(self.buckets, key=lambda b: b.volume_kg, default=None)
        return best if best is not None and best.volume_kg > 0 else None

    @property
    def longest_bucket(self):
        best = max(self.buckets, key=lambda b: b.minutes, default=None)
        return best if best is not None and best.minutes > 0 else None

    @property
    def style_shares(self):
        """Whole-percent shares of the range's volume: (natural, high_tech, mixed)."""
        totals = self.range_totals
        whole = totals.volume_kg
        if not whole:
            return None
        return tuple(
            round(100 * part / whole) for part in (totals.natural, totals.high_tech, totals.mixed)
        )

    @property
    def range_totals(self):
        totals = Bucket(self.period.start)
        for bucket in self.buckets:
            totals.sessions += bucket.sessions
            totals.minutes += bucket.minutes
            totals.natural += bucket.natural
            totals.high_tech += bucket.high_tech
            totals.mixed += bucket.mixed
            totals.distance_m += bucket.distance_m
        return totals


def exercise_choices(user):
    """(id, name) of the exercises the user has working sets of, most often done first.

    Counts rows, COUNT(*), not COUNT(entry_id) (the same number: the key is never null): the
    count is then read from the (user, exercise, at) index alone, without visiting each of the
    history's entries in the table (SQLite: 1.4 -> 0.4 ms at 5 years; issue 15)."""
    counts = dict(compiled.rows("dashboard.exercise_counts", _exercise_counts, user.pk))
    names = dict(Exercise.objects.filter(pk__in=counts).values_list("pk", "name"))
    return sorted(
        ((pk, names[pk]) for pk in counts if pk in names),
        key=lambda choice: (-counts[choice[0]], choice[1]),
    )


def progress(user, exercise_id, period, first_weekday, zone, choices):
    chosen = next((pk for pk, _name in choices if pk == exercise_id), None)
    if chosen is None and choices:
        chosen = choices[0][0]
    if chosen is None:
        return Progress(choices=choices)
    exercise = Exercise.objects.get(pk=chosen)
    kind = progress_kind(exercise)
    since, _end = timeutils.day_bounds(period.start, zone)
    per_day = is_short(period)
    candidates = candidate_series(exercise)
    entries = _per_entry(user, chosen, since, (key for key, _label, _lower in candidates))
    points = progress_points(entries, candidates, period, first_weekday, zone, per_day)
    series = charted_series(candidates, points)
    keys = {key for key, _label, _lower in series}
    points = [
        (day, kept)
        for day, values in points
        if (kept := {k: v for k, v in values.items() if k in keys})
    ]
    return Progress(
        choices=choices, exercise=exercise, kind=kind, series=series, points=points, per_day=per_day
    )


def dashboard(user, profile, now, range_key=DEFAULT_RANGE, exercise_id=None):
    """Everything /dashboard/ shows, in a fixed number of queries whatever the history."""
    zone, first_weekday = profile.zone, profile.week_start
    today = timeutils.today(now, zone)
    range_key = range_key if range_key in RANGES else DEFAULT_RANGE
    rows = session_rows(user, zone)
    period = period_for(range_key, today, first_weekday, rows[0].day if rows else None)
    in_range = buckets(rows, period, first_weekday)
    current, longest = streaks((row.day for row in rows), today)

    weights, latest = _weigh_ins(user, period.start, today)
    recent = list(
        PersonalRecord.objects.filter(
            user=user, achieved_at__gte=now - dt.timedelta(days=RECORD_DAYS)
        )
        .select_related("exercise")
        .order_by("-achieved_at", "exercise__name")
    )
    # The plan's position comes from the same code as /today/ (enrolments + scheduling), so a
    # paused plan reads as paused here too.
    enrolment = position.current(user)
    plan = fight_in = None
    if enrolment is not None:
        plan = position.schedule(enrolment, plan_reads.days(enrolment.plan), zone, today)
        if enrolment.fight_date is not None:
            fight_in = (enrolment.fight_date - today).days
    choices = exercise_choices(user)
    return Dashboard(
        today=today,
        range_key=range_key,
        period=period,
        has_history=bool(rows),
        tiles=week_tiles(rows, today, first_weekday),
        current_streak=current,
        longest_streak=longest,
        buckets=in_range,
        range_sessions=sum(bucket.sessions for bucket in in_range),
        progress=progress(user, exercise_id, period, first_weekday, zone, choices),
        body_weights=weight_points(weights, period, first_weekday, is_short(period)),
        latest_weight=latest,
        heat=heat_labels(heat_map(rows, today, first_weekday), profile.weight_unit),
        records_count=len(recent),
        recent_records=recent,
        enrolment=enrolment,
        plan=plan,
        fight_in_days=fight_in,
        quotes=quote_unlocks.progress(user),
    )
