"""Dashboard aggregates against hand-computed figures."""

import datetime as dt
import random
import zoneinfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import EntryFactory, ExerciseFactory, SessionFactory, SetFactory
from workouts.dashboard import charts, periods, queries, rollups
from workouts.dashboard.queries import SessionRow
from workouts.logbook import actions
from workouts.models import EntrySummary, SessionSummary

D = dt.date
UTC = dt.UTC
LA = zoneinfo.ZoneInfo("America/Los_Angeles")


def row(day, minutes=60, volume=0.0, distance=0.0, style=""):
    return SessionRow(day=day, minutes=minutes, volume_kg=volume, distance_m=distance, style=style)


# ---------- periods and buckets ----------


def test_four_weeks_are_whole_weeks_ending_with_this_one():
    # Wednesday 12 March 2025, weeks from Monday
    period = periods.period_for("4w", D(2025, 3, 12), 0)
    assert (period.start, period.end, period.unit) == (D(2025, 2, 17), D(2025, 3, 12), "week")


def test_weeks_begin_on_sunday_when_the_user_says_so():
    period = periods.period_for("4w", D(2025, 3, 12), 6)
    assert period.bucket_starts(6) == [D(2025, 2, 16), D(2025, 2, 23), D(2025, 3, 2), D(2025, 3, 9)]


def test_weekly_volume_is_stacked_by_style():
    rows = [
        row(D(2025, 3, 10), volume=1000, style="natural"),
        row(D(2025, 3, 11), volume=400, style="high_tech"),
        row(D(2025, 3, 12), volume=250, style=""),
        row(D(2025, 3, 12), volume=50, style="both"),
        row(D(2025, 3, 3), volume=700, style="natural"),
    ]
    period = periods.period_for("4w", D(2025, 3, 12), 0)
    this_week = periods.buckets(rows, period, 0)[-1]
    assert (this_week.natural, this_week.high_tech, this_week.mixed) == (1000, 400, 300)
    assert this_week.volume_kg == 1700
    assert periods.buckets(rows, period, 0)[-2].natural == 700


def test_saturday_start_moves_a_saturday_session_into_the_new_week():
    rows = [row(D(2025, 3, 8), volume=100)]  # a Saturday
    monday = periods.buckets(rows, periods.period_for("4w", D(2025, 3, 12), 0), 0)
    saturday = periods.buckets(rows, periods.period_for("4w", D(2025, 3, 12), 5), 5)
    assert [b.volume_kg for b in monday] == [0, 0, 100, 0]
    assert [b.volume_kg for b in saturday] == [0, 0, 0, 100]


def test_training_time_per_week_sums_minutes():
    rows = [row(D(2025, 3, 10), minutes=45), row(D(2025, 3, 11), minutes=30.5)]
    bucket = periods.buckets(rows, periods.period_for("4w", D(2025, 3, 12), 0), 0)[-1]
    assert (bucket.minutes, bucket.sessions) == (75.5, 2)


def test_all_time_longer_than_two_years_is_monthly():
    period = periods.period_for("all", D(2025, 3, 12), 0, first_day=D(2021, 1, 5))
    assert period.unit == "month"
    assert period.bucket_starts(0)[0] == D(2021, 1, 1)
    assert period.bucket_starts(0)[-1] == D(2025, 3, 1)


def test_all_time_of_a_new_user_still_shows_four_weeks():
    period = periods.period_for("all", D(2025, 3, 12), 0, first_day=D(2025, 3, 11))
    assert len(period.bucket_starts(0)) == 4


# ---------- tiles ----------


def test_tiles_compare_this_week_with_the_whole_of_last_week():
    rows = [
        row(D(2025, 3, 10), minutes=60, volume=1000, distance=5000),
        row(D(2025, 3, 3), minutes=30, volume=200),
        row(D(2025, 3, 9), minutes=20, distance=3000),  # Sunday: last week
        row(D(2025, 2, 28), minutes=99),
    ]  # two weeks ago: neither
    tiles = {t.label: t for t in periods.week_tiles(rows, D(2025, 3, 12), 0)}
    assert (tiles["Sessions"].this_week, tiles["Sessions"].last_week) == (1, 2)
    assert (tiles["Minutes"].this_week, tiles["Minutes"].last_week) == (60, 50)
    assert (tiles["Volume"].this_week, tiles["Volume"].last_week) == (1000, 200)
    assert (tiles["Distance"].this_week, tiles["Distance"].last_week) == (5000, 3000)
    assert tiles["Sessions"].change == -1


# ---------- streaks ----------


def test_streak_runs_across_a_week_boundary():
    days = [D(2025, 3, 8), D(2025, 3, 9), D(2025, 3, 10), D(2025, 3, 11)]  # Sat..Tue
    assert periods.streaks(days, D(2025, 3, 11)) == (4, 4)


def test_streak_survives_until_today_ends():
    assert periods.streaks([D(2025, 3, 10), D(2025, 3, 11)], D(2025, 3, 12)) == (2, 2)


def test_a_missed_day_ends_the_current_streak_but_not_the_longest():
    days = [D(2025, 3, 1), D(2025, 3, 2), D(2025, 3, 3), D(2025, 3, 10)]
    assert periods.streaks(days, D(2025, 3, 12)) == (0, 3)


def test_two_sessions_on_one_day_count_once():
    assert periods.streaks([D(2025, 3, 11), D(2025, 3, 11)], D(2025, 3, 11)) == (1, 1)


@pytest.mark.django_db
def test_a_late_workout_in_los_angeles_counts_for_its_local_day(user, in_los_angeles):
    # 23:30 on Monday 10 March in Los Angeles is 06:30 UTC on Tuesday.
    late = dt.datetime(2025, 3, 10, 23, 30, tzinfo=LA)
    SessionFactory(user=user, started_at=late, finished_at=late + dt.timedelta(minutes=20))
    morning = dt.datetime(2025, 3, 11, 7, 0, tzinfo=LA)
    SessionFactory(user=user, started_at=morning, finished_at=morning + dt.timedelta(hours=1))
    rows = queries.session_rows(user, LA)
    assert [r.day for r in rows] == [D(2025, 3, 10), D(2025, 3, 11)]
    assert periods.streaks([r.day for r in rows], D(2025, 3, 11)) == (2, 2)
    # A user in UTC has both on Tuesday: one day, a streak of one.
    in_los_angeles.time_zone = "UTC"
    in_los_angeles.save()
    actions.restamp_sessions(user.pk)
    utc_days = [r.day for r in queries.session_rows(user, zoneinfo.ZoneInfo("UTC"))]
    assert periods.streaks(utc_days, D(2025, 3, 11)) == (1, 1)


@pytest.mark.django_db
def test_streak_counts_local_days_across_the_spring_clock_change(user, in_los_angeles):
    # Los Angeles springs forward on Sunday 9 March 2025.
    for day in (8, 9, 10):
        start = dt.datetime(2025, 3, day, 22, 0, tzinfo=LA)
        SessionFactory(user=user, started_at=start, finished_at=start + dt.timedelta(hours=1))
    days = [r.day for r in queries.session_rows(user, LA)]
    assert days == [D(2025, 3, 8), D(2025, 3, 9), D(2025, 3, 10)]
    assert periods.streaks(days, D(2025, 3, 10)) == (3, 3)


@pytest.mark.django_db
def test_unfinished_sessions_are_left_out(user):
    SessionFactory(user=user, started_at=dt.datetime(2025, 3, 10, 8, tzinfo=UTC))
    assert queries.session_rows(user, zoneinfo.ZoneInfo("UTC")) == []


# ---------- heat map ----------


def test_heat_map_counts_sessions_and_volume_per_day():
    rows = [
        row(D(2025, 3, 10), volume=1000),
        row(D(2025, 3, 10), volume=500),
        row(D(2025, 3, 12), volume=0, minutes=40),
        row(D(2024, 3, 1), volume=900),
    ]
    heat = periods.heat_map(rows, D(2025, 3, 12), 0)
    cells = {c.day: c for c in heat.days}
    assert len(heat.days) == 365
    assert heat.days[0].day == D(2024, 3, 13) and heat.days[-1].day == D(2025, 3, 12)
    assert (cells[D(2025, 3, 10)].sessions, cells[D(2025, 3, 10)].volume_kg) == (2, 1500)
    assert cells[D(2025, 3, 12)].sessions == 1 and cells[D(2025, 3, 12)].level == 1
    assert cells[D(2025, 3, 11)].level == 0
    assert (heat.training_days, heat.sessions) == (2, 3)  # 1 March 2024 is too old


def test_heat_map_rows_follow_the_first_day_of_the_week():
    heat = periods.heat_map([], D(2025, 3, 12), 6)  # Wednesday; weeks from Sunday
    last_week = heat.weeks[-1]
    assert last_week[0].day == D(2025, 3, 9)  # a Sunday heads the column
    assert last_week[3].day == D(2025, 3, 12) and last_week[4] is None


def test_heat_labels_read_well():
    heat = charts.heat_labels(
        periods.heat_map([row(D(2025, 3, 10), minutes=50, volume=1234.4)], D(2025, 3, 12), 0), "kg"
    )
    labels = {c.day: c.label for c in heat.days}
    assert labels[D(2025, 3, 10)] == "Mon 10 Mar 2025: 1 session, 50 min, 1,234 kg volume"
    assert labels[D(2025, 3, 11)] == "Tue 11 Mar 2025: rest day"


# ---------- progress ----------


def test_progress_keeps_the_best_per_day_and_lowest_pace():
    sessions = [
        {"at": dt.datetime(2025, 3, 10, 8, tzinfo=UTC), "pace": 0.30, "distance": 5000.0},
        {"at": dt.datetime(2025, 3, 10, 18, tzinfo=UTC), "pace": 0.28, "distance": 3000.0},
        {"at": dt.datetime(2025, 3, 11, 8, tzinfo=UTC), "pace": None, "distance": 8000.0},
    ]
    period = periods.period_for("4w", D(2025, 3, 12), 0)
    points = periods.progress_points(
        sessions, periods.CARDIO, period, 0, zoneinfo.ZoneInfo("UTC"), per_day=True
    )
    assert points == [
        (D(2025, 3, 10), {"pace": 0.28, "distance": 5000.0}),
        (D(2025, 3, 11), {"distance": 8000.0}),
    ]


@pytest.mark.parametrize(
    ("fields", "kind"),
    [
        ({"measures_load": True, "measures_reps": True}, "strength"),
        ({"measures_reps": True, "reads_force": True, "reads_power": True}, "force"),
        ({"measures_reps": False, "measures_distance": True, "measures_duration": True}, "cardio"),
        (
            {
                "measures_reps": False,
                "measures_distance": True,
                "reads_power": True,
                "style": "high_tech",
            },
            "power",
        ),
        ({"measures_reps": False, "measures_duration": True}, "duration"),
        ({"measures_reps": True}, "reps"),
    ],
)
def test_progress_kind_follows_what_the_exercise_measures(fields, kind):
    from workouts.models import Exercise

    base = {
        "measures_reps": False,
        "measures_load": False,
        "measures_duration": False,
        "measures_distance": False,
        "reads_force": False,
        "reads_power": False,
        "style": "both",
    }
    assert periods.progress_kind(Exercise(**{**base, **fields})) == kind


# ---------- the roll-ups ----------


def _log(entry, now, **values):
    return actions.log_set(entry, values, now=now).logged_set


@pytest.mark.django_db
def test_session_summary_sums_working_sets(user):
    session = SessionFactory(user=user)
    entry = EntryFactory(session=session)
    now = session.started_at
    _log(entry, now, reps=5, load_kg=100.0)
    _log(entry, now, reps=3, load_kg=110.0)
    _log(entry, now, reps=10, load_kg=40.0, is_warmup=True)
    summary = SessionSummary.objects.get(session=session)
    assert (summary.volume_kg, summary.set_count) == (830.0, 2)
    bests = EntrySummary.objects.get(entry=entry)
    assert bests.top_load_kg == 110.0
    assert bests.e1rm_kg == pytest.approx(110 * (1 + 3 / 30))


@pytest.mark.django_db
def test_session_summary_stays_right_after_an_edit_and_a_delete(user):
    session = SessionFactory(user=user)
    entry = EntryFactory(session=session)
    first = _log(entry, session.started_at, reps=5, load_kg=100.0)
    second = _log(entry, session.started_at, reps=5, load_kg=120.0)
    actions.update_set(first, {"reps": 2}, session.started_at)
    assert SessionSummary.objects.get(session=session).volume_kg == 800.0
    actions.delete_set(second)
    assert SessionSummary.objects.get(session=session).volume_kg == 200.0
    assert EntrySummary.objects.get(entry=entry).top_load_kg == 100.0
    actions.delete_set(first)
    assert SessionSummary.objects.get(session=session).volume_kg == 0.0
    assert not EntrySummary.objects.filter(entry=entry).exists()


@pytest.mark.django_db
def test_removing_an_exercise_or_the_session_drops_its_roll_ups(user):
    session = SessionFactory(user=user)
    entry = EntryFactory(session=session)
    _log(entry, session.started_at, reps=5, load_kg=100.0)
    actions.remove_exercise(entry)
    assert SessionSummary.objects.get(session=session).volume_kg == 0.0
    assert not EntrySummary.objects.exists()
    actions.delete_session(session)
    assert not SessionSummary.objects.exists()


@pytest.mark.django_db
def test_rebuild_matches_the_incremental_roll_ups(user):
    exercise = ExerciseFactory(owner=user, measures_distance=True, measures_duration=True)
    for day in (3, 4):
        started = dt.datetime(2025, 3, day, 8, tzinfo=UTC)
        SetFactory(
            entry__session__user=user,
            entry__session__started_at=started,
            entry__exercise=exercise,
            reps=5,
            load_kg=50.0 + day,
            distance_m=1000.0,
            duration_s=300,
        )
    rollups.rebuild_summaries(user)
    assert sorted(SessionSummary.objects.values_list("volume_kg", flat=True)) == [265.0, 270.0]
    assert sorted(EntrySummary.objects.values_list("pace_s_per_m", flat=True)) == [0.3, 0.3]


def test_a_style_with_no_volume_in_the_range_is_left_out_of_the_chart():
    from types import SimpleNamespace

    bucket = SimpleNamespace(start=dt.date(2026, 3, 2), natural=1000.0, high_tech=0.0, mixed=0.0)
    board = SimpleNamespace(buckets=[bucket], period=SimpleNamespace(unit="week"))
    chart = charts.volume_chart(board, "kg")
    assert [s["label"] for s in chart["series"]] == ["Siberian natural"]


def test_a_month_label_in_the_last_column_is_not_clipped():
    heat = periods.heat_map([], D(2025, 3, 1), 6)  # 1 March, a Saturday: the last column
    x, label = heat.months[-1]
    assert label == "Mar"
    assert x + 20 <= heat.width


def test_heat_map_levels_are_volume_quartiles_with_ties_on_the_lower_level():
    volumes = [100, 200, 200, 300, 400, 500, 600, 700]
    rows = [row(D(2025, 3, 1) + dt.timedelta(days=n), volume=v) for n, v in enumerate(volumes)]
    heat = periods.heat_map(rows, D(2025, 3, 12), 0)
    levels = [c.level for c in heat.days if c.sessions]
    # days with less volume: 0, 1, 1, 3, 4, 5, 6, 7 of 8 -> quartile 1 + 4 * less // 8
    assert levels == [1, 1, 1, 2, 3, 3, 4, 4]


# ---------- the loops over a whole history against their plain versions ----------


@pytest.mark.parametrize("unit", ["week", "month"])
@pytest.mark.parametrize("first_weekday", range(7))
def test_bucketer_is_bucket_of_for_every_day(unit, first_weekday):
    period = periods.Period(D(2023, 1, 1), D(2025, 3, 12), unit)
    days = [D(2023, 1, 1) + dt.timedelta(days=n) for n in range(802)]
    for order in (days, days[::-1], random.Random(unit).sample(days, len(days))):
        bucket_of = period.bucketer(first_weekday)
        assert [bucket_of(day) for day in order] == [
            period.bucket_of(day, first_weekday) for day in order
        ]


def _plain_streaks(days, today):
    """Streaks as the dashboard first counted them: dates and timedeltas."""
    days = sorted(set(days))
    longest = run = 0
    previous = None
    for day in days:
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        longest = max(longest, run)
        previous = day
    current, day = 0, today if today in set(days) else today - dt.timedelta(days=1)
    while day in set(days):
        current += 1
        day -= dt.timedelta(days=1)
    return current, longest


@given(st.lists(st.integers(min_value=0, max_value=60), max_size=40), st.integers(0, 61))
def test_streaks_match_the_plain_count(offsets, today_offset):
    start = D(2024, 2, 1)  # a leap day inside
    days = [start + dt.timedelta(days=n) for n in offsets]
    today = start + dt.timedelta(days=today_offset)
    assert periods.streaks(iter(days), today) == _plain_streaks(days, today)


def _plain_heat_months(heat):
    months = {}
    for day in heat.days:
        row = months.setdefault(day.day.replace(day=1), periods.HeatMonth(day.day.replace(day=1)))
        row.training_days += bool(day.sessions)
        row.sessions += day.sessions
        row.minutes += day.minutes
        row.volume_kg += day.volume_kg
    return sorted(months.values(), key=lambda row: row.month, reverse=True)


@given(
    st.lists(st.tuples(st.integers(0, 400), st.floats(0, 300), st.floats(0, 20000)), max_size=60),
    st.integers(0, 6),
)
def test_heat_months_match_the_plain_sums(sessions, first_weekday):
    today = D(2025, 3, 12)
    rows = sorted(
        (row(today - dt.timedelta(days=n), minutes, volume) for n, minutes, volume in sessions),
        key=lambda r: r.day,
    )
    heat = periods.heat_map(rows, today, first_weekday)
    assert periods.heat_months(heat) == _plain_heat_months(heat)


def _plain_buckets(rows, period, first_weekday):
    by_start = {start: periods.Bucket(start) for start in period.bucket_starts(first_weekday)}
    for day, minutes, volume, distance, style in rows:
        if period.start <= day <= period.end:
            bucket = by_start[period.bucket_of(day, first_weekday)]
            name = style if style in ("natural", "high_tech") else "mixed"
            setattr(bucket, name, getattr(bucket, name) + volume)
            bucket.minutes += minutes
            bucket.sessions += 1
            bucket.distance_m += distance
    return list(by_start.values())


@given(
    st.lists(
        st.tuples(
            st.integers(0, 1500),
            st.floats(0, 300),
            st.floats(0, 20000),
            st.floats(0, 10000),
            st.sampled_from(["natural", "high_tech", "both", ""]),
        ),
        max_size=80,
    ),
    st.sampled_from(list(periods.RANGES)),
    st.integers(0, 6),
    st.booleans(),
)
def test_buckets_match_the_plain_sums_in_any_order(sessions, range_key, first_weekday, in_order):
    today = D(2025, 3, 12)
    rows = [
        row(today - dt.timedelta(days=n), minutes, volume, distance, style)
        for n, minutes, volume, distance, style in sessions
    ]
    if in_order:
        rows.sort(key=lambda r: r.day)
    first_day = min((r.day for r in rows), default=None)
    period = periods.period_for(range_key, today, first_weekday, first_day)
    assert periods.buckets(rows, period, first_weekday) == _plain_buckets(
        rows, period, first_weekday
    )


@pytest.mark.parametrize("range_key", list(periods.RANGES))
@pytest.mark.parametrize("first_weekday", [0, 3, 6])
def test_buckets_of_a_session_every_day_match_the_plain_sums(range_key, first_weekday):
    today = D(2025, 3, 12)
    rows = [row(today - dt.timedelta(days=n), 10 + n % 7, 100.0 * n) for n in range(900, -1, -1)]
    period = periods.period_for(range_key, today, first_weekday, rows[0].day)
    got = periods.buckets(rows, period, first_weekday)
    assert got == _plain_buckets(rows, period, first_weekday)
    assert sum(bucket.sessions for bucket in got) == sum(
        period.start <= r.day <= period.end for r in rows
    )
