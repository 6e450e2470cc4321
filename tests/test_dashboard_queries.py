"""The dashboard's reads of the roll-ups: the exercise picker's choices and the progress rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BodyWeightFactory,
    EntryFactory,
    ExerciseFactory,
    SessionFactory,
    SetFactory,
)
from workouts import compiled
from workouts.dashboard import periods, queries, rollups
from workouts.models import BodyWeight, EntrySummary, WorkoutSession

NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)
UTC = dt.UTC
TODAY = NOW.date()


def trained(user, exercise, days_ago, *, load=100.0, reps=5, warmup=False):
    start = NOW - dt.timedelta(days=days_ago)
    session = SessionFactory(user=user, started_at=start, finished_at=start + dt.timedelta(hours=1))
    entry = EntryFactory(session=session, exercise=exercise)
    SetFactory(entry=entry, load_kg=load, reps=reps, is_warmup=warmup)
    rollups.refresh_session_summary(session)
    return session


@pytest.mark.django_db
def test_choices_are_the_exercises_with_working_sets_most_often_done_first(user):
    squat, bench, curl = (ExerciseFactory(owner=user, name=n) for n in ("Squat", "Bench", "Curl"))
    row = ExerciseFactory(owner=user, name="Row")
    for days in (1, 2, 3):
        trained(user, squat, days)
    for days in (1, 2):
        trained(user, bench, days)
        trained(user, curl, days)  # as often as the bench: by name then
    trained(user, row, 1, warmup=True)  # warm-ups only: no working sets, not a choice
    assert queries.exercise_choices(user) == [
        (squat.pk, "Squat"),
        (bench.pk, "Bench"),
        (curl.pk, "Curl"),
    ]


@pytest.mark.django_db
def test_choices_are_counted_from_the_index_alone(user):
    """COUNT(entry_id) made SQLite visit every entry of the history in the table (the key is
    not a rowid there); COUNT(*) reads the (user, exercise, at) index only."""
    trained(user, ExerciseFactory(owner=user), 1)
    with CaptureQueriesContext(connection) as captured:
        queries.exercise_choices(user)
    count_sql = captured.captured_queries[0]["sql"]
    assert "COUNT(*)" in count_sql
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + count_sql)
            plan = " ".join(str(step[-1]) for step in cursor.fetchall())
        assert "COVERING INDEX" in plan


@pytest.mark.django_db
def test_progress_rows_hold_only_the_series_asked_for(user):
    bench = ExerciseFactory(owner=user)
    session = trained(user, bench, 1, load=100.0, reps=5)
    rows = queries._per_entry(user, bench.pk, NOW - dt.timedelta(days=30), ("e1rm", "top_load"))
    entry_id = EntrySummary.objects.get(session=session).entry_id
    assert rows == [
        {
            "entry_id": entry_id,
            "day": session.local_date,
            "e1rm": pytest.approx(116.7, abs=0.1),
            "top_load": 100.0,
        }
    ]


@pytest.mark.django_db
def test_progress_of_a_session_written_without_its_date_uses_its_time(user):
    bench = ExerciseFactory(owner=user)
    session = trained(user, bench, 1)
    WorkoutSession.objects.filter(pk=session.pk).update(local_date=None, minutes=None)
    today = NOW.date()
    period = periods.period_for("4w", today, 0)
    progress = queries.progress(user, bench.pk, period, 0, UTC, queries.exercise_choices(user))
    assert [day for day, _values in progress.points] == [today - dt.timedelta(days=1)]
    assert progress.points[0][1]["top_load"] == 100.0


# ---------- weigh-ins ----------


@pytest.mark.django_db
def test_weigh_ins_of_the_range_and_the_latest_in_one_query(user, django_assert_num_queries):
    for day, kg in ((1, 80.0), (20, 81.0), (60, 82.0)):
        BodyWeightFactory(user=user, date=TODAY - dt.timedelta(days=day), weight_kg=kg)
    with django_assert_num_queries(1):
        weights, latest = queries._weigh_ins(user, TODAY - dt.timedelta(days=30), TODAY)
    assert weights == [(TODAY - dt.timedelta(days=20), 81.0), (TODAY - dt.timedelta(days=1), 80.0)]
    assert latest == (TODAY - dt.timedelta(days=1), 80.0)


@pytest.mark.django_db
def test_a_weigh_in_dated_after_today_is_the_latest_but_not_charted(user):
    BodyWeightFactory(user=user, date=TODAY - dt.timedelta(days=2), weight_kg=80.0)
    BodyWeightFactory(user=user, date=TODAY + dt.timedelta(days=1), weight_kg=79.0)
    weights, latest = queries._weigh_ins(user, TODAY - dt.timedelta(days=30), TODAY)
    assert weights == [(TODAY - dt.timedelta(days=2), 80.0)]
    assert latest == (TODAY + dt.timedelta(days=1), 79.0)


@pytest.mark.django_db
def test_without_a_weigh_in_in_the_range_the_latest_is_read_apart(user):
    assert queries._weigh_ins(user, TODAY - dt.timedelta(days=30), TODAY) == ([], None)
    BodyWeightFactory(user=user, date=TODAY - dt.timedelta(days=90), weight_kg=83.0)
    BodyWeightFactory(user=user, date=TODAY - dt.timedelta(days=100), weight_kg=84.0)
    weights, latest = queries._weigh_ins(user, TODAY - dt.timedelta(days=30), TODAY)
    assert weights == [] and latest == (TODAY - dt.timedelta(days=90), 83.0)


# ---------- rows read without the ORM's iterator ----------


@pytest.mark.django_db
def test_tuples_are_the_rows_the_orm_gives(user):
    bench = ExerciseFactory(owner=user)
    trained(user, bench, 2)
    undated = trained(user, bench, 1)
    WorkoutSession.objects.filter(pk=undated.pk).update(local_date=None, minutes=None)
    SessionFactory(user=user, started_at=NOW, finished_at=NOW + dt.timedelta(minutes=5))  # no sets
    BodyWeightFactory(user=user, date=TODAY, weight_kg=80.5)
    querysets = [
        WorkoutSession.objects.filter(user=user)
        .order_by("started_at")
        .values_list(
            "local_date", "minutes", "style", "summary__volume_kg", "summary__distance_m", "pk"
        ),
        EntrySummary.objects.filter(user=user)
        .order_by("at")
        .values_list("entry_id", "session__local_date", *queries.SERIES_COLUMNS.values()),
        BodyWeight.objects.filter(user=user).values_list("date", "weight_kg"),
    ]
    for queryset in querysets:
        rows = compiled.tuples(queryset)
        assert rows == list(queryset)
        assert [tuple(map(type, row)) for row in rows] == [
            tuple(map(type, row)) for row in queryset
        ]
    assert isinstance(compiled.tuples(querysets[2])[0][0], dt.date)
