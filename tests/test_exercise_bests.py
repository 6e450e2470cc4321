"""The stored bests of each exercise (`ExerciseBests`): what a new set is compared against, so a
set save does not aggregate the exercise's whole history (issue 15)."""

import datetime as dt

import pytest

from tests.factories import EntryFactory, SessionFactory, UserFactory
from workouts import integrity
from workouts.logbook import actions
from workouts.models import ExerciseBests, PersonalRecord

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def entry(db):
    user = UserFactory(username="rocky")
    return EntryFactory(session=SessionFactory(user=user, started_at=NOW - dt.timedelta(hours=1)))


def bests_of(entry):
    return ExerciseBests.objects.get(user=entry.session.user, exercise=entry.exercise).values


def log(entry, **values):
    return actions.log_set(entry, values, NOW)


def test_the_first_set_stores_its_values_as_the_baseline_without_a_record(entry):
    log(entry, reps=5, load_kg=100.0)
    assert bests_of(entry)["heaviest"] == 100.0
    assert bests_of(entry)["reps"] == 5.0
    assert not PersonalRecord.objects.exists()


def test_a_record_moves_the_stored_best(entry):
    log(entry, reps=5, load_kg=100.0)
    log(entry, reps=5, load_kg=105.0)
    assert bests_of(entry)["heaviest"] == 105.0


def test_a_lighter_set_leaves_the_stored_best(entry):
    log(entry, reps=5, load_kg=100.0)
    log(entry, reps=5, load_kg=90.0)
    assert bests_of(entry)["heaviest"] == 100.0


def test_a_new_set_is_compared_against_the_stored_bests_not_the_history(entry):
    log(entry, reps=5, load_kg=100.0)
    ExerciseBests.objects.filter(exercise=entry.exercise).update(
        values={"heaviest": 200.0, "e1rm": 230.0, "reps": 5.0, "set_volume": 1000.0}
    )
    outcome = log(entry, reps=5, load_kg=150.0)
    assert outcome.new_records == []


def test_a_warm_up_leaves_the_stored_bests(entry):
    log(entry, reps=5, load_kg=100.0)
    log(entry, reps=5, load_kg=140.0, is_warmup=True)
    assert bests_of(entry)["heaviest"] == 100.0


def test_deleting_the_best_set_lowers_the_stored_best(entry):
    log(entry, reps=5, load_kg=100.0)
    best = log(entry, reps=5, load_kg=110.0).logged_set
    actions.delete_set(best)
    assert bests_of(entry)["heaviest"] == 100.0


def test_deleting_the_only_set_removes_the_stored_bests(entry):
    only = log(entry, reps=5, load_kg=100.0).logged_set
    actions.delete_set(only)
    assert not ExerciseBests.objects.exists()


def test_a_back_filled_set_is_judged_against_the_sets_before_it(entry):
    later = log(entry, reps=5, load_kg=100.0).logged_set
    old = EntryFactory(
        session=SessionFactory(
            user=entry.session.user,
            started_at=NOW - dt.timedelta(days=3),
            finished_at=NOW - dt.timedelta(days=3) + dt.timedelta(hours=1),
        ),
        exercise=entry.exercise,
    )
    actions.log_set(old, {"reps": 5, "load_kg": 90.0}, NOW)  # before the 100 kg: a baseline
    assert bests_of(entry)["heaviest"] == 100.0
    heaviest = PersonalRecord.objects.get(kind="heaviest")  # 100 kg now beats the older 90
    assert (heaviest.logged_set_id, heaviest.value) == (later.pk, 100.0)
    assert integrity.drift() == []


def test_check_reports_a_stored_best_that_differs_from_the_sets(entry, capsys):
    log(entry, reps=5, load_kg=100.0)
    ExerciseBests.objects.filter(exercise=entry.exercise).update(
        values={"heaviest": 300.0, "e1rm": 116.66666666666667, "reps": 5.0, "set_volume": 500.0}
    )
    found = integrity.drift()
    assert [(d.row, d.field, d.expected, d.stored) for d in found] == [
        (f"ExerciseBests of exercise {entry.exercise_id}", "heaviest", 100.0, 300.0)
    ]


def test_rebuild_puts_the_stored_bests_right(entry):
    log(entry, reps=5, load_kg=100.0)
    ExerciseBests.objects.all().delete()
    integrity.rebuild()
    assert bests_of(entry)["heaviest"] == 100.0
    assert integrity.drift() == []
