"""Derived-data bugs found by the property test (tests/test_derived_data_property.py), each
pinned by the shortest sequence of writes that showed it."""

import datetime as dt

import pytest

from tests.factories import UserFactory
from workouts import integrity
from workouts.logbook import actions
from workouts.models import EntrySummary, Exercise

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


@pytest.fixture
def live_session(db):
    user = UserFactory()
    return actions.start_session(user, NOW, started_at=NOW - dt.timedelta(hours=1))


def test_a_set_logged_after_the_end_was_moved_earlier_dates_its_exercise_from_that_set(
    live_session,
):
    entry = actions.add_exercise(live_session, Exercise.objects.get(slug="bench-press"))
    actions.log_set(entry, {"reps": 5, "load_kg": 60.0}, NOW)
    actions.update_session(live_session, {"finished_at": live_session.started_at}, NOW)
    actions.log_set(entry, {"reps": 5, "load_kg": 60.0}, NOW)  # dated at the session's end
    assert EntrySummary.objects.get(entry=entry).at == live_session.started_at
    assert integrity.user_drift(live_session.user) == []


def test_a_set_back_filled_at_the_same_moment_as_a_later_sessions_set_is_no_false_record(db):
    """A month-old session finished now: its back-filled set is dated now, like a set of
    today's session. The records' order puts the older session first, so it cannot beat the
    set that comes after it."""
    user = UserFactory()
    squat = Exercise.objects.get(slug="back-squat")
    today = actions.start_session(user, NOW, started_at=NOW)
    actions.log_set(actions.add_exercise(today, squat), {"reps": 3}, NOW)
    old = actions.start_session(user, NOW, started_at=NOW - dt.timedelta(days=30))
    actions.finish_session(old, NOW)
    outcome = actions.log_set(actions.add_exercise(old, squat), {"reps": 5}, NOW)
    assert outcome.new_records == []
    assert integrity.user_drift(user) == []
