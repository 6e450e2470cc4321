"""Dashboard aggregates and chart series.

Reads stay cheap at years of history: the dashboard reads one `SessionSummary` row per session
(a roll-up of that session's sets, rebuilt by `refresh_session_summary()` on every write) and
touches individual sets only for the one exercise whose progress is charted. Every figure is in
SI units; templates and chart data convert to the user's units at the edge. Dates are the user's
local dates, and weeks begin on the user's chosen first day.

The pure helpers (`buckets`, `streaks`, `week_tiles`, `heat_map`, `progress_points`) take plain
rows and dates, so tests can feed them known histories without a database.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, FloatField, Max, Min, Q, Sum, Value, When
from django.db.models.functions import Coalesce, Greatest, Least

from . import enrolments, records, timeutils, units
from .models import (
    BodyWeight,
    Enrolment,
    EntrySummary,
    Exercise,
    LoggedSet,
    PersonalRecord,
    Quote,
    QuoteUnlock,
    SessionSummary,
    Style,
    WorkoutSession,
)

RANGES = {"4w": ("4 weeks", 4), "12w": ("12 weeks", 12), "1y": ("1 year", 52),
          "all": ("All time", None)}
DEFAULT_RANGE = "12w"
HEAT_DAYS = 365
RECORD_DAYS = 30
MONTHS_AFTER_WEEKS = 104  # an "all" range longer than this is charted per month


# ---------- the roll-ups ----------

def volume_expression():
    """A working set's volume (reps x load) in SQL; warm-ups and unloaded sets give NULL."""
    return Case(When(Q(is_warmup=False, reps__gt=0, load_kg__gt=0),
                     then=F("reps") * F("load_kg")), output_field=FloatField())


def e1rm_expression():
    """A set's estimated 1RM in SQL, as records.epley computes it (None outside 1-12 reps)."""
    load = Q(load_kg__gt=0)
    return Case(
        When(load & Q(reps=1), then=F("load_kg")),
        When(load & Q(reps__gte=2, reps__lte=records.E1RM_MAX_REPS),
             then=F("load_kg") * (1 + F("reps") / 30.0)),
        output_field=FloatField())


def pace_expression():
    """Seconds per metre in SQL, for sets with both a distance and a time."""
    return Case(When(Q(distance_m__gt=0, duration_s__gt=0),
                     then=F("duration_s") * 1.0 / F("distance_m")), output_field=FloatField())


def _session_totals():
    return {"volume_kg": Coalesce(Sum(volume_expression()), 0.0),
            "distance_m": Coalesce(Sum("distance_m", filter=Q(is_warmup=False)), 0.0),
            "set_count": Count("id", filter=Q(is_warmup=False))}


def _entry_bests():
    load = Q(load_kg__gt=0)
    return {"at": Min("logged_at"), "set_count": Count("id"), "e1rm_kg": Max(e1rm_expression()),
            "top_load_kg": Max("load_kg", filter=load), "pace_s_per_m": Min(pace_expression()),
            "distance_m": Max("distance_m", filter=Q(distance_m__gt=0)),
            "duration_s": Max("duration_s", filter=Q(duration_s__gt=0)),
            "reps": Max("reps"), "force_psi": Max("force_psi"), "power_w": Max("power_w")}


def _entry_rows(sets):
    """EntrySummary rows from working sets, one per entry."""
    rows = (sets.filter(is_warmup=False)
            .values("entry_id", "session_id", "user_id", "exercise_id")
            .annotate(**_entry_bests()).order_by())
    return [EntrySummary(**row) for row in rows]


def refresh_session_summary(session):
    """Recomputes one session's roll-ups from its sets. Call after any write to its sets, with
    the session locked (step 1 of the lock order in `actions`), so that no set another
    transaction has not committed yet goes missing from what this one writes.

    Five queries whatever the session's size: its totals, then its per-exercise bests.
    """
    session_id = getattr(session, "pk", session)
    sets = LoggedSet.objects.filter(session_id=session_id)
    SessionSummary.objects.update_or_create(session_id=session_id,
                                            defaults=sets.aggregate(**_session_totals()))
    EntrySummary.objects.filter(session_id=session_id).delete()
    EntrySummary.objects.bulk_create(_entry_rows(sets))


def add_set_to_summaries(logged):
    """Folds one newly logged set into its session's roll-ups; the same result as
    refresh_session_summary, in two queries once the rows exist (four for the first set).
    The caller holds the session's lock (see `actions`): the first set's rows are created, not
    raced for. Sets can commit out of their `logged_at` order (two tabs), so `at` keeps the
    earliest."""
    if logged.is_warmup:  # warm-ups count towards no total and no best
        return
    volume, distance = logged.volume_kg, logged.distance_m or 0.0
    totals = SessionSummary.objects.filter(session_id=logged.session_id).update(
        volume_kg=F("volume_kg") + volume, distance_m=F("distance_m") + distance,
        set_count=F("set_count") + 1)
    if not totals:
        SessionSummary.objects.create(session_id=logged.session_id, volume_kg=volume,
                                      distance_m=distance, set_count=1)
    values = records.values_of(logged)
    bests = {"e1rm_kg": (values.get(records.E1RM), Greatest),
             "top_load_kg": (values.get(records.HEAVIEST), Greatest),
             "pace_s_per_m": (values.get(records.PACE), Least),
             "distance_m": (values.get(records.DISTANCE), Greatest),
             "duration_s": (logged.duration_s or None, Greatest),
             "reps": (logged.reps, Greatest), "force_psi": (logged.force_psi, Greatest),
             "power_w": (logged.power_w, Greatest)}
    changes = {name: pick(Coalesce(F(name), value), value)
               for name, (value, pick) in bests.items() if value is not None}
    # A set can be dated before the entry's others (a session's end moved earlier): `at` is
    # the earliest.
    updated = EntrySummary.objects.filter(entry_id=logged.entry_id).update(
        set_count=F("set_count") + 1, at=Least(F("at"), Value(logged.logged_at)), **changes)
    if not updated:
        EntrySummary.objects.create(
            entry_id=logged.entry_id, session_id=logged.session_id, user_id=logged.user_id,
            exercise_id=logged.exercise_id, at=logged.logged_at, set_count=1,
            **{name: value for name, (value, _) in bests.items()})


def rebuild_summaries(user=None):
    """Recomputes every session's roll-ups, of one user or of everyone, in a few queries."""
    sessions = WorkoutSession.objects.all()
    sets = LoggedSet.objects.all()
    if user is not None:
        sessions, sets = sessions.filter(user=user), sets.filter(user=user)
    totals = sets.values("session_id").annotate(**_session_totals()).order_by()
    SessionSummary.objects.filter(session__in=sessions).delete()
    SessionSummary.objects.bulk_create([SessionSummary(**row) for row in totals], batch_size=500)
    EntrySummary.objects.filter(session__in=sessions).delete()
    EntrySummary.objects.bulk_create(_entry_rows(sets), batch_size=500)


# ---------- plain rows ----------

@dataclass(frozen=True)
class SessionRow:
    """One finished session as the dashboard sees it."""

    day: dt.date  # local date of its start
    minutes: float
    volume_kg: float
    distance_m: float
    style: str


def session_rows(user, zone):
    """Every finished session of the user, oldest first, in one query."""
    rows = (WorkoutSession.objects.filter(user=user, finished_at__isnull=False)
            .order_by("started_at")
            .values_list("started_at", "finished_at", "style", "summary__volume_kg",
                         "summary__distance_m"))
    return [SessionRow(day=timeutils.local_date(start, zone),
                       minutes=(end - start).total_seconds() / 60, volume_kg=volume or 0.0,
                       distance_m=distance or 0.0, style=style)
            for start, end, style, volume, distance in rows]


def style_key(style):
    return style if style in (Style.NATURAL, Style.HIGH_TECH) else "mixed"


# ---------- periods ----------

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
    """Weekly (or monthly) totals over the period, empty buckets included, oldest first."""
    by_start = {start: Bucket(start) for start in period.bucket_starts(first_weekday)}
    for row in rows:
        if not period.start <= row.day <= period.end:
            continue
        bucket = by_start[period.bucket_of(row.day, first_weekday)]
        setattr(bucket, style_key(row.style), getattr(bucket, style_key(row.style)) + row.volume_kg)
        bucket.minutes += row.minutes
        bucket.sessions += 1
        bucket.distance_m += row.distance_m
    return list(by_start.values())


# ---------- tiles and streaks ----------

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
        bucket = this if this_start <= row.day <= today else (
            last if last_start <= row.day < this_start else None)
        if bucket is None:
            continue
        bucket.sessions += 1
        bucket.minutes += row.minutes
        bucket.mixed += row.volume_kg
        bucket.distance_m += row.distance_m
    return [Tile("Sessions", this.sessions, last.sessions, "count"),
            Tile("Minutes", round(this.minutes), round(last.minutes), "minutes"),
            Tile("Volume", this.volume_kg, last.volume_kg, "weight"),
            Tile("Distance", this.distance_m, last.distance_m, "distance")]


def streaks(days, today):
    """(current, longest) runs of consecutive local days with a finished session.

    The current streak still counts when today has no session yet but yesterday had one.
    """
    days = sorted(set(days))
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    trained = set(days)
    current, day = 0, today if today in trained else today - dt.timedelta(days=1)
    while day in trained:
        current += 1
        day -= dt.timedelta(days=1)
    return current, longest


# ---------- heat map ----------

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
    """The heat map's days summed per month, newest first."""
    months = {}
    for day in heat.days:
        row = months.setdefault(day.day.replace(day=1), HeatMonth(day.day.replace(day=1)))
        row.training_days += bool(day.sessions)
        row.sessions += day.sessions
        row.minutes += day.minutes
        row.volume_kg += day.volume_kg
    return sorted(months.values(), key=lambda row: row.month, reverse=True)


def heat_labels(heat, weight_unit):
    """Each day's hover and screen-reader text: 'Mon 3 Mar 2025: 2 sessions, 5,400 kg'."""
    for cell in heat.days:
        when = f"{cell.day:%a} {cell.day.day} {cell.day:%b %Y}"
        if not cell.sessions:
            cell.label = f"{when}: rest day"
            continue
        text = f"{when}: {cell.sessions} session{'s' if cell.sessions != 1 else ''}"
        text += f", {round(cell.minutes)} min"
        if cell.volume_kg:
            text += f", {units.format_weight(cell.volume_kg, weight_unit, 0)} volume"
        cell.label = text
    return heat


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
    trained = sorted(by_day.values(), key=lambda c: c.volume_kg)
    loads = [c.volume_kg for c in trained if c.volume_kg > 0]
    for cell in trained:  # level 1..4 by volume quartile; a day without volume is level 1
        cell.level = 1 if not loads or cell.volume_kg <= 0 else 1 + min(
            3, int(4 * sum(1 for v in loads if v < cell.volume_kg) / len(loads)))
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
    return HeatMap(weeks=weeks, months=months, days=all_days, training_days=len(by_day),
                   sessions=sum(c.sessions for c in by_day.values()),
                   width=LEFT + (column - 1) * (CELL + GAP) + max(CELL, LABEL_ROOM),
                   height=TOP + 7 * (CELL + GAP))


def weekday_labels(first_weekday):
    """Row labels for the heat map: (y, "Mon") for every other row."""
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    return [(TOP + row * (CELL + GAP) + CELL - 2, names[(first_weekday + row) % 7])
            for row in range(0, 7, 2)]


# ---------- one exercise's progress ----------

STRENGTH, FORCE, CARDIO, POWER, DURATION, REPS = (
    "strength", "force", "cardio", "power", "duration", "reps")


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


def _per_entry(user, exercise_id, since):
    """The exercise's per-session bests since `since`, as dicts keyed like SERIES."""
    return (EntrySummary.objects.filter(user=user, exercise_id=exercise_id, at__gte=since)
            .order_by("at")
            .values("at", "reps", e1rm=F("e1rm_kg"), top_load=F("top_load_kg"),
                    pace=F("pace_s_per_m"), distance=F("distance_m"), duration=F("duration_s"),
                    force=F("force_psi"), power=F("power_w")))


# Every series the panel can chart: key -> (label, lower is better)
ALL_SERIES = {"e1rm": ("Estimated 1RM", False), "top_load": ("Top load", False),
              "force": ("Peak force (psi)", False), "power": ("Peak power (W)", False),
              "pace": ("Best pace", True), "distance": ("Longest distance", False),
              "duration": ("Longest duration", False), "reps": ("Most reps", False)}


def candidate_series(exercise):
    """Every series the exercise can have, its kind's own first: (key, label, lower) tuples."""
    keys = [key for key, _label, _lower in SERIES[progress_kind(exercise)]]
    measured = {
        "e1rm": exercise.measures_load and exercise.measures_reps,
        "top_load": exercise.measures_load, "force": exercise.reads_force,
        "power": exercise.reads_power,
        "pace": exercise.measures_distance and exercise.measures_duration,
        "distance": exercise.measures_distance, "duration": exercise.measures_duration,
        "reps": exercise.measures_reps}
    keys += [key for key, yes in measured.items() if yes and key not in keys]
    return tuple((key, *ALL_SERIES[key]) for key in keys)


def charted_series(candidates, points, most=2):
    """The first `most` candidate series that have data in `points`; the first candidates when
    none has (three timed sets of an arm ergometer chart their duration, not an empty power)."""
    present = {key for _day, values in points for key in values}
    chosen = tuple(s for s in candidates if s[0] in present)[:most]
    return chosen or tuple(candidates[:most])


def progress_points(sessions, kind, period, first_weekday, zone, per_day):
    """Best values per local day (short ranges) or per bucket, oldest first.

    `sessions` are dicts with `at` and the SERIES keys, as `_per_entry` returns them; `kind` is
    a progress kind (its SERIES) or a tuple of (key, label, lower) series.
    """
    series = SERIES[kind] if isinstance(kind, str) else kind
    points = {}
    for row in sessions:
        day = timeutils.local_date(row["at"], zone)
        key = day if per_day else period.bucket_of(day, first_weekday)
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
    for day, kg in weights:
        grouped[period.bucket_of(day, first_weekday)].append(kg)
    return [(start, sum(kgs) / len(kgs)) for start, kgs in sorted(grouped.items())]


# ---------- the whole dashboard ----------

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
    plan: "enrolments.Schedule | None"
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
        return tuple(round(100 * part / whole) for part in
                     (totals.natural, totals.high_tech, totals.mixed))

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
    """(id, name) of the exercises the user has working sets of, most often done first."""
    counted = (EntrySummary.objects.filter(user=user).values("exercise_id")
               .annotate(n=Count("entry_id")).order_by())
    counts = {row["exercise_id"]: row["n"] for row in counted}
    names = dict(Exercise.objects.filter(pk__in=counts).values_list("pk", "name"))
    return sorted(((pk, names[pk]) for pk in counts if pk in names),
                  key=lambda choice: (-counts[choice[0]], choice[1]))


def is_short(period):
    """Short ranges chart every session day; longer ones the best per week or month."""
    return period.unit == "week" and (period.end - period.start).days < 120


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
    points = progress_points(_per_entry(user, chosen, since), candidates, period,
                             first_weekday, zone, per_day)
    series = charted_series(candidates, points)
    keys = {key for key, _label, _lower in series}
    points = [(day, kept) for day, values in points
              if (kept := {k: v for k, v in values.items() if k in keys})]
    return Progress(choices=choices, exercise=exercise, kind=kind, series=series,
                    points=points, per_day=per_day)


def dashboard(user, profile, now, range_key=DEFAULT_RANGE, exercise_id=None):
    """Everything /dashboard/ shows, in a fixed number of queries whatever the history."""
    zone, first_weekday = profile.zone, profile.week_start
    today = timeutils.today(now, zone)
    range_key = range_key if range_key in RANGES else DEFAULT_RANGE
    rows = session_rows(user, zone)
    period = period_for(range_key, today, first_weekday, rows[0].day if rows else None)
    in_range = buckets(rows, period, first_weekday)
    current, longest = streaks((row.day for row in rows), today)

    weights = list(BodyWeight.objects.filter(user=user, date__gte=period.start,
                                             date__lte=today)
                   .order_by("date").values_list("date", "weight_kg"))
    latest = (BodyWeight.objects.filter(user=user).order_by("-date")
              .values_list("date", "weight_kg").first())
    recent = list(PersonalRecord.objects.filter(
        user=user, achieved_at__gte=now - dt.timedelta(days=RECORD_DAYS))
        .select_related("exercise").order_by("-achieved_at", "exercise__name"))
    # The plan's position comes from the same code as /today/ (enrolments + scheduling), so a
    # paused plan reads as paused here too.
    enrolment = enrolments.current(user)
    plan = fight_in = None
    if enrolment is not None:
        plan = enrolments.schedule(enrolment, enrolments.plan_days(enrolment.plan, False),
                                   zone, today)
        if enrolment.fight_date is not None:
            fight_in = (enrolment.fight_date - today).days
    choices = exercise_choices(user)
    return Dashboard(
        today=today, range_key=range_key, period=period, has_history=bool(rows),
        tiles=week_tiles(rows, today, first_weekday), current_streak=current,
        longest_streak=longest, buckets=in_range,
        range_sessions=sum(bucket.sessions for bucket in in_range),
        progress=progress(user, exercise_id, period, first_weekday, zone, choices),
        body_weights=weight_points(weights, period, first_weekday, is_short(period)),
        latest_weight=latest,
        heat=heat_labels(heat_map(rows, today, first_weekday), profile.weight_unit),
        records_count=len(recent),
        recent_records=recent, enrolment=enrolment, plan=plan,
        fight_in_days=fight_in,
        quotes=(QuoteUnlock.objects.filter(user=user).count(), Quote.objects.count()))


# ---------- chart data (lists for json_script, in the user's units) ----------

def _label(day, unit):
    return day.strftime("%b %Y") if unit == "month" else f"{day.day} {day:%b}"


def volume_chart(board, weight_unit):
    labels = [_label(b.start, board.period.unit) for b in board.buckets]

    def series(name, label, style):
        return {"label": label, "style": style,
                "data": [round(units.kg_to(getattr(b, name), weight_unit), 1)
                         for b in board.buckets]}

    every = [series("natural", "Siberian natural", "natural"),
             series("high_tech", "Drago high-tech", "high_tech"),
             series("mixed", "Mixed / general", "mixed")]
    # A style with no volume in the range stays out of the legend (one series stays, at least).
    shown = [s for s in every if any(s["data"])] or every[:1]
    return {"type": "bar", "stacked": True, "unit": weight_unit, "labels": labels,
            "series": shown}


def time_chart(board):
    return {"type": "bar", "stacked": False, "unit": "min",
            "labels": [_label(b.start, board.period.unit) for b in board.buckets],
            "series": [{"label": "Minutes trained", "style": "time",
                        "data": [round(b.minutes) for b in board.buckets]}]}


def progress_value(key, value, weight_unit, distance_unit):
    """A progress value in the user's units: pace as minutes per km/mi, the rest plain."""
    if value is None:
        return None
    if key in ("e1rm", "top_load"):
        return round(units.kg_to(value, weight_unit), 1)
    if key == "pace":
        return round(value * (units.M_PER_MI if distance_unit == "mi" else 1000) / 60, 2)
    if key == "distance":
        return round(units.metres_to(value, distance_unit), 2)
    if key == "duration":
        return round(value / 60, 1)
    return round(value, 1)


def progress_unit(key, weight_unit, distance_unit):
    return {"e1rm": weight_unit, "top_load": weight_unit, "pace": f"min/{distance_unit}",
            "distance": distance_unit, "duration": "min", "force": "psi", "power": "W",
            "reps": "reps"}[key]


def _progress_text(key, value, weight_unit, distance_unit):
    if value is None:
        return "–"
    if key in ("e1rm", "top_load"):
        return units.format_weight(value, weight_unit)
    if key == "pace":
        return units.format_pace(value, distance_unit)
    if key == "distance":
        return units.format_distance(value, distance_unit)
    if key == "duration":
        return units.format_duration(value)
    return f"{value:,.0f} {progress_unit(key, weight_unit, distance_unit)}"


def progress_table(board, weight_unit, distance_unit):
    """The progress chart as table rows: (date label, [value text per series])."""
    keys = [key for key, _label, _lower in board.progress.series]
    rows = []
    for day, values in board.progress.points:
        label = (f"{day.day} {day:%b %Y}" if board.progress.per_day or board.period.unit == "week"
                 else f"{day:%b %Y}")
        if not board.progress.per_day and board.period.unit == "week":
            label = f"Week of {label}"
        rows.append((label, [_progress_text(k, values.get(k), weight_unit, distance_unit)
                             for k in keys]))
    return rows


def progress_chart(board, weight_unit, distance_unit):
    points = board.progress.points
    unit = "week" if board.progress.per_day else board.period.unit
    labels = [f"{day.day} {day:%b %y}" if board.progress.per_day else _label(day, unit)
              for day, _values in points]
    series, first_unit = [], None
    for index, (key, label, lower) in enumerate(board.progress.series):
        unit_label = progress_unit(key, weight_unit, distance_unit)
        first_unit = first_unit or unit_label
        series.append({
            "label": label, "style": "primary" if index == 0 else "secondary",
            # Series in the same unit (1RM and top load, both kg) share one axis.
            "axis": "y" if unit_label == first_unit else "y1", "reverse": lower,
            "format": "pace" if key == "pace" else "number",
            "unit": unit_label,
            "data": [progress_value(key, values.get(key), weight_unit, distance_unit)
                     for _day, values in points]})
    return {"type": "line", "labels": labels, "series": series}


def weight_label(board, day):
    if is_short(board.period):
        return f"{day.day} {day:%b %y}"
    return _label(day, board.period.unit)


def weight_rows(board):
    """The body-weight chart as table rows: (label, kg)."""
    if is_short(board.period):
        return [(f"{day.day} {day:%b %Y}", kg) for day, kg in board.body_weights]
    prefix = "Month of" if board.period.unit == "month" else "Week of"
    return [(f"{prefix} {_label(day, board.period.unit)}", kg) for day, kg in board.body_weights]


def body_weight_chart(board, weight_unit):
    return {"type": "line", "labels": [weight_label(board, day) for day, _kg in board.body_weights],
            "series": [{"label": "Body weight", "style": "body", "axis": "y", "unit": weight_unit,
                        "format": "number", "reverse": False,
                        "data": [round(units.kg_to(kg, weight_unit), 1)
                                 for _day, kg in board.body_weights]}]}


def record_value(record, weight_unit, distance_unit):
    """A record's value as the user reads it: '140 kg', '5:02 /km', '1,650 psi'."""
    kind, value = record.kind, record.value
    if kind in (records.HEAVIEST, records.E1RM, records.SET_VOLUME):
        return units.format_weight(value, weight_unit)
    if kind == records.DISTANCE:
        return units.format_distance(value, distance_unit)
    if kind == records.DURATION:
        return units.format_duration(value)
    if kind == records.PACE:
        return units.format_pace(value, distance_unit)
    if kind == records.FORCE:
        return f"{value:,.0f} psi"
    if kind == records.POWER:
        return f"{value:,.0f} W"
    return f"{value:,.0f} reps"


def grouped_records(records_list, weight_unit, distance_unit, limit=5):
    """Recent records, one line per set, newest first: (exercise, when, ["Heaviest 140 kg"])."""
    grouped, order = defaultdict(list), []
    for record in records_list:
        if record.logged_set_id not in grouped:
            order.append(record.logged_set_id)
        grouped[record.logged_set_id].append(
            f"{record.get_kind_display()} {record_value(record, weight_unit, distance_unit)}")
    first = {record.logged_set_id: record for record in reversed(records_list)}
    return [(first[key].exercise, first[key].achieved_at, grouped[key]) for key in order[:limit]]
