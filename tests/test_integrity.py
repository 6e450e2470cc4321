"""Derived data checked against the raw sets: `integrity` and `manage.py rebuild_rollups`."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from tests.factories import EntryFactory, SessionFactory, UserFactory
from workouts import integrity
from workouts.logbook import actions
from workouts.models import EntrySummary, LoggedSet, PersonalRecord, SessionSummary

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def history(db):
    """Rocky's two sessions of one lift, all written through `actions` (so no drift)."""
    user = UserFactory(username="rocky")
    first = EntryFactory(session=SessionFactory(user=user, started_at=NOW - dt.timedelta(days=2)))
    for load in (100.0, 110.0):
        actions.log_set(first, {"reps": 5, "load_kg": load}, NOW - dt.timedelta(days=2))
    second = EntryFactory(
        session=SessionFactory(user=user, started_at=NOW), exercise=first.exercise
    )
    actions.log_set(second, {"reps": 5, "load_kg": 120.0}, NOW)
    actions.log_set(second, {"reps": 3, "load_kg": 40.0, "is_warmup": True}, NOW)
    return second


def check(capsys, *args):
    """(exit status, output) of `rebuild_rollups --check`."""
    try:
        call_command("rebuild_rollups", "--check", *args)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    out = capsys.readouterr()
    return status, out.out + out.err


def test_a_history_written_through_actions_has_no_drift(history, capsys):
    status, output = check(capsys)
    assert status == 0
    assert "No drift" in output
    assert integrity.drift() == []


def test_check_reports_a_session_total_changed_behind_the_apps_back(history, capsys):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE workouts_sessionsummary SET volume_kg = 1 WHERE session_id = %s",
            [history.session_id],
        )
    status, output = check(capsys)
    assert status == 1
    assert (
        f"rocky: SessionSummary of session {history.session_id}: volume_kg expected "
        f"600.0, stored 1.0"
    ) in output


def test_check_reports_a_best_changed_by_an_orm_update(history, capsys):
    EntrySummary.objects.filter(entry=history).update(top_load_kg=500.0)
    status, output = check(capsys)
    assert status == 1
    assert f"EntrySummary of entry {history.pk}: top_load_kg expected 120.0, stored 500.0" in output


def test_check_reports_a_set_whose_copied_exercise_differs_from_its_entry(history, capsys):
    other = EntryFactory(session=history.session).exercise
    logged = history.sets.first()
    LoggedSet.objects.filter(pk=logged.pk).update(exercise=other)
    status, output = check(capsys)
    assert status == 1
    assert (
        f"LoggedSet {logged.pk}: exercise_id expected {history.exercise_id}, stored {other.pk}"
    ) in output


def test_check_reports_a_deleted_record(history, capsys):
    record = PersonalRecord.objects.get(logged_set__entry=history, kind="heaviest")
    record.delete()
    status, output = check(capsys)
    assert status == 1
    assert (
        f"PersonalRecord heaviest of set {record.logged_set_id}: row expected 'present', "
        f"stored 'missing'"
    ) in output


def test_check_reports_a_set_edited_without_rebuilding_its_records(history, capsys):
    LoggedSet.objects.filter(entry=history, load_kg=120.0).update(load_kg=90.0)
    status, output = check(capsys)
    assert status == 1
    assert "PersonalRecord heaviest of set" in output
    assert "SessionSummary of session" in output


def test_check_of_one_user_ignores_another_users_drift(history, capsys):
    other = EntryFactory(session=SessionFactory())
    actions.log_set(other, {"reps": 5, "load_kg": 100.0}, NOW)
    SessionSummary.objects.filter(session=other.session).update(set_count=9)
    assert check(capsys, "--username", "rocky")[0] == 0
    assert check(capsys)[0] == 1


def test_rebuild_makes_every_drift_true_again(history, capsys):
    LoggedSet.objects.filter(entry=history, load_kg=120.0).update(load_kg=90.0)
    SessionSummary.objects.filter(session=history.session).update(set_count=7)
    EntrySummary.objects.filter(entry=history).delete()
    PersonalRecord.objects.filter(user=history.session.user).delete()
    LoggedSet.objects.filter(entry=history).update(user=UserFactory())
    call_command("rebuild_rollups")
    assert integrity.drift() == []
    assert check(capsys)[0] == 0


def test_rebuild_of_one_user_leaves_another_users_rows_alone(history):
    other = EntryFactory(session=SessionFactory())
    actions.log_set(other, {"reps": 5, "load_kg": 100.0}, NOW)
    SessionSummary.objects.filter(session=other.session).update(set_count=9)
    call_command("rebuild_rollups", "--username", "rocky")
    assert SessionSummary.objects.get(session=other.session).set_count == 9


def test_check_reports_bests_left_by_sessions_deleted_around_the_actions(history, capsys):
    from workouts.models import WorkoutSession

    WorkoutSession.objects.filter(user__username="rocky").delete()  # no session left
    status, out = check(capsys)
    assert status == 1
    assert "ExerciseBests" in out


def test_rebuild_clears_bests_left_by_sessions_deleted_around_the_actions(history, capsys):
    from workouts.models import ExerciseBests, WorkoutSession

    WorkoutSession.objects.filter(user__username="rocky").delete()
    call_command("rebuild_rollups")
    assert not ExerciseBests.objects.filter(user__username="rocky").exists()
    assert check(capsys)[0] == 0


def test_check_names_an_unknown_user(db):
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("rebuild_rollups", "--check", "--username", "nobody")


@pytest.mark.django_db
def test_a_seeded_demo_history_has_no_drift(capsys):
    call_command("seed_demo", username="demo", years=0.25, no_quotes=True)
    capsys.readouterr()
    status, output = check(capsys, "--username", "demo")
    assert status == 0, output
    assert "No drift" in output
