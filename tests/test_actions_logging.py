"""Writes behind logging: sets in SI units, records kept true through edits and deletes."""

import datetime as dt
import threading

import pytest
from django.db import close_old_connections
from django.utils import timezone

from tests.factories import EntryFactory, SessionFactory, UserFactory
from workouts.dashboard import rollups
from workouts.logbook import actions
from workouts.models import LoggedSet, PersonalRecord, SessionExercise

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def entry(db):
    session = SessionFactory(started_at=NOW - dt.timedelta(hours=1))
    return EntryFactory(session=session)


def log(entry, minutes, **values):
    return actions.log_set(entry, values, NOW + dt.timedelta(minutes=minutes))


def kinds_of(logged):
    return set(PersonalRecord.objects.filter(logged_set=logged).values_list("kind", flat=True))


def test_log_set_stores_the_set_in_order(entry):
    first = log(entry, 0, reps=5, load_kg=100.0).logged_set
    second = log(entry, 1, reps=5, load_kg=100.0).logged_set
    assert (first.position, second.position) == (1, 2)
    assert second.user_id == entry.session.user_id
    assert second.exercise_id == entry.exercise_id


def test_heavier_set_is_reported_as_a_new_record(entry):
    log(entry, 0, reps=5, load_kg=100.0)
    outcome = log(entry, 1, reps=5, load_kg=105.0)
    assert {r.kind for r in outcome.new_records} == {"heaviest", "e1rm", "set_volume"}


def test_records_compare_across_sessions(entry):
    log(entry, 0, reps=5, load_kg=100.0)
    later = SessionFactory(user=entry.session.user, started_at=NOW + dt.timedelta(days=2))
    next_entry = SessionExercise.objects.create(session=later, exercise=entry.exercise)
    outcome = actions.log_set(
        next_entry, {"reps": 6, "load_kg": 100.0}, NOW + dt.timedelta(days=2, minutes=5)
    )
    assert {r.kind for r in outcome.new_records} == {"e1rm", "reps", "set_volume"}


def test_another_users_history_does_not_count(entry):
    stranger_entry = EntryFactory(
        session=SessionFactory(started_at=NOW - dt.timedelta(days=1)), exercise=entry.exercise
    )
    actions.log_set(stranger_entry, {"reps": 5, "load_kg": 300.0}, NOW - dt.timedelta(days=1))
    log(entry, 0, reps=5, load_kg=100.0)
    outcome = log(entry, 1, reps=5, load_kg=110.0)
    assert "heaviest" in {r.kind for r in outcome.new_records}


def test_editing_the_record_set_down_moves_the_record(entry):
    log(entry, 0, reps=5, load_kg=100.0)
    second = log(entry, 1, reps=5, load_kg=105.0).logged_set
    third = log(entry, 2, reps=5, load_kg=110.0).logged_set
    actions.update_set(third, {"reps": 5, "load_kg": 90.0}, NOW)
    assert "heaviest" in kinds_of(second)
    assert "heaviest" not in kinds_of(third)


def test_deleting_the_record_set_leaves_no_record_pointing_at_it(entry):
    log(entry, 0, reps=5, load_kg=100.0)
    record_set = log(entry, 1, reps=5, load_kg=105.0).logged_set
    actions.delete_set(record_set)
    assert not PersonalRecord.objects.filter(user=entry.session.user).exists()


def test_editing_a_set_into_a_warm_up_removes_its_records(entry):
    log(entry, 0, reps=5, load_kg=100.0)
    record_set = log(entry, 1, reps=5, load_kg=105.0).logged_set
    actions.update_set(record_set, {"is_warmup": True}, NOW)
    assert kinds_of(record_set) == set()


def test_deleting_a_session_recomputes_records_of_its_exercises(entry):
    log(entry, 0, reps=5, load_kg=100.0)
    later = SessionFactory(user=entry.session.user, started_at=NOW + dt.timedelta(days=1))
    later_entry = SessionExercise.objects.create(session=later, exercise=entry.exercise)
    actions.log_set(later_entry, {"reps": 5, "load_kg": 120.0}, NOW + dt.timedelta(days=1))
    actions.delete_session(entry.session)
    assert not PersonalRecord.objects.filter(user=entry.session.user).exists()


def test_a_set_added_to_an_older_session_rebuilds_later_records(entry):
    user = entry.session.user
    later = SessionFactory(
        user=user,
        started_at=NOW + dt.timedelta(days=3),
        finished_at=NOW + dt.timedelta(days=3, hours=1),
    )
    later_entry = SessionExercise.objects.create(session=later, exercise=entry.exercise)
    actions.log_set(later_entry, {"reps": 5, "load_kg": 100.0}, NOW + dt.timedelta(days=3))
    actions.log_set(later_entry, {"reps": 5, "load_kg": 110.0}, NOW + dt.timedelta(days=3))
    entry.session.finished_at = NOW
    entry.session.save()
    # Back-filling a heavier set in the earlier session: the later 110 is no longer a record.
    actions.log_set(entry, {"reps": 5, "load_kg": 120.0}, NOW + dt.timedelta(days=5))
    heaviest = PersonalRecord.objects.filter(user=user, kind="heaviest")
    assert [r.value for r in heaviest] == []


def test_finishing_records_the_end_time_and_effort(entry):
    actions.finish_session(entry.session, NOW, rpe=8, notes="Snow to the knees.")
    entry.session.refresh_from_db()
    assert (entry.session.finished_at, entry.session.rpe) == (NOW, 8)


def test_starting_from_a_plan_day_prefills_its_exercises(db):
    from workouts.models import PlanDay

    day = PlanDay.objects.filter(plan__slug="drago-high-tech").first()
    session = actions.start_session(UserFactory(), NOW, plan_day=day)
    prescribed = list(day.items.values_list("exercise_id", flat=True))
    assert list(session.entries.values_list("exercise_id", flat=True)) == prescribed
    assert session.title == day.title


@pytest.mark.django_db(transaction=True)
def test_two_tabs_adding_sets_at_once_both_keep_their_sets():
    session = SessionFactory(started_at=timezone.now())
    entry = EntryFactory(session=session)
    errors = []
    barrier = threading.Barrier(2)

    def add(load):
        try:
            barrier.wait()
            actions.log_set(
                SessionExercise.objects.get(pk=entry.pk),
                {"reps": 5, "load_kg": load},
                timezone.now(),
            )
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=add, args=(load,)) for load in (80.0, 90.0)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    loads = sorted(LoggedSet.objects.filter(entry=entry).values_list("load_kg", flat=True))
    assert loads == [80.0, 90.0]
    positions = list(LoggedSet.objects.filter(entry=entry).values_list("position", flat=True))
    assert sorted(positions) == [1, 2]


def summaries_of(session):
    from workouts.models import EntrySummary, SessionSummary

    totals = (
        SessionSummary.objects.filter(session=session)
        .values("volume_kg", "distance_m", "set_count")
        .first()
    )
    bests = list(
        EntrySummary.objects.filter(session=session)
        .order_by("entry_id")
        .values(
            "entry_id",
            "set_count",
            "e1rm_kg",
            "top_load_kg",
            "pace_s_per_m",
            "distance_m",
            "duration_s",
            "reps",
            "force_psi",
            "power_w",
        )
    )
    return totals, bests


def test_logging_sets_keeps_the_dashboard_roll_ups_equal_to_a_full_recompute(entry):

    run = SessionExercise.objects.create(session=entry.session, exercise=entry.exercise)
    log(entry, 0, reps=5, load_kg=60.0, is_warmup=True)
    log(entry, 1, reps=5, load_kg=100.0)
    log(entry, 2, reps=3, load_kg=110.0)
    actions.log_set(run, {"distance_m": 5000.0, "duration_s": 1500}, NOW)
    actions.log_set(run, {"distance_m": 3000.0, "duration_s": 840}, NOW)
    incremental = summaries_of(entry.session)
    rollups.refresh_session_summary(entry.session)
    assert summaries_of(entry.session) == incremental
    assert incremental[0]["set_count"] == 4


def test_a_set_in_a_back_dated_session_counts_from_that_session_not_today(db):
    user = UserFactory()
    today = SessionFactory(user=user, started_at=NOW)
    bench = SessionExercise.objects.create(session=today, exercise=EntryFactory().exercise)
    actions.log_set(bench, {"reps": 5, "load_kg": 110.0}, NOW)
    week_ago = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=7))
    old = SessionExercise.objects.create(session=week_ago, exercise=bench.exercise)
    outcome = actions.log_set(old, {"reps": 5, "load_kg": 115.0}, NOW + dt.timedelta(hours=1))
    # In true order the week-old set came first: a baseline, and today's 110 beat nothing.
    assert outcome.new_records == []
    assert outcome.logged_set.logged_at <= week_ago.started_at + dt.timedelta(days=1)
    assert not PersonalRecord.objects.filter(user=user).exists()


def test_moving_a_sessions_start_moves_its_sets_and_their_records(db):
    user = UserFactory()
    first = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=2))
    entry = EntryFactory(session=first)
    actions.log_set(entry, {"reps": 5, "load_kg": 100.0}, first.started_at)
    second = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=1))
    later = SessionExercise.objects.create(session=second, exercise=entry.exercise)
    heavier = actions.log_set(later, {"reps": 5, "load_kg": 120.0}, second.started_at)
    assert "heaviest" in kinds_of(heavier.logged_set)
    # The heavier session is moved before the other: now it is the baseline.
    actions.update_session(second, {"started_at": NOW - dt.timedelta(days=3)}, NOW)
    assert kinds_of(heavier.logged_set) == set()
    heavier.logged_set.refresh_from_db()
    assert heavier.logged_set.logged_at == NOW - dt.timedelta(days=3)
