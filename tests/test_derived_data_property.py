"""Random sequences of writes through `actions` never leave derived data untrue.

A Hypothesis state machine logs, edits and deletes sets, adds and removes exercises, finishes,
edits and deletes sessions and back-fills sets into old ones; after every step the roll-ups,
the denormalised set columns and the records must equal a recompute from the raw sets
(`integrity.user_drift`, whose records are `records.rebuild` over the history).

Profiles: `ci` (default; derandomized, no example database, bounded to run in well under 30 s
per database) and `thorough` (HYPOTHESIS_PROFILE=thorough: many more, longer sequences).
"""

import datetime as dt
import itertools
import os

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from tests.factories import UserFactory
from workouts import integrity
from workouts.logbook import actions
from workouts.models import Exercise, LoggedSet, SessionExercise, WorkoutSession

settings.register_profile(
    "ci",
    max_examples=12,
    stateful_step_count=20,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "thorough",
    max_examples=300,
    stateful_step_count=40,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")

START = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)
EXERCISES = ("bench-press", "back-squat", "snow-run", "punch-force-test")
MAX_SESSIONS = 4

# Few distinct values, so that ties, zeros and repeats (the edge cases of records) are common.
set_values = st.fixed_dictionaries(
    {},
    optional={
        "reps": st.sampled_from([None, 0, 1, 3, 5, 12, 13]),
        "load_kg": st.sampled_from([None, 0.0, 20.0, 60.0, 62.5, 100.0]),
        "duration_s": st.sampled_from([None, 0, 60, 300, 1500]),
        "distance_m": st.sampled_from([None, 0.0, 400.0, 1000.0, 5000.0]),
        "force_psi": st.sampled_from([None, 900, 1850]),
        "power_w": st.sampled_from([None, 300, 450]),
        "is_warmup": st.booleans(),
    },
)
pick = st.integers(min_value=0, max_value=50)
users = itertools.count()


class DerivedData(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.user = UserFactory(username=f"property{next(users)}")
        self.now = START
        self.exercises = list(Exercise.objects.filter(slug__in=EXERCISES).order_by("slug"))

    def teardown(self):
        WorkoutSession.objects.filter(user=self.user).delete()
        self.user.delete()

    # ---------- choosing rows (fresh from the database, as a view would load them) ----------

    def _one(self, queryset, index):
        rows = list(queryset.order_by("pk"))
        return rows[index % len(rows)] if rows else None

    def session(self, index):
        return self._one(WorkoutSession.objects.filter(user=self.user), index)

    def entry(self, index):
        return self._one(
            SessionExercise.objects.filter(session__user=self.user).select_related(
                "session", "exercise"
            ),
            index,
        )

    def logged(self, index):
        return self._one(LoggedSet.objects.filter(entry__session__user=self.user), index)

    def has_sessions(self):
        return WorkoutSession.objects.filter(user=self.user).exists()

    def has_entries(self):
        return SessionExercise.objects.filter(session__user=self.user).exists()

    def has_sets(self):
        return LoggedSet.objects.filter(entry__session__user=self.user).exists()

    # ---------- the writes ----------

    @rule(minutes=st.sampled_from([0, 1, 5, 90, 60 * 30]))
    def time_passes(self, minutes):
        self.now += dt.timedelta(minutes=minutes)

    @precondition(lambda self: WorkoutSession.objects.filter(user=self.user).count() < MAX_SESSIONS)
    @rule(days_ago=st.sampled_from([0, 0, 1, 3, 30]), hours=st.sampled_from([0, 1, 2]))
    def start_session(self, days_ago, hours):
        started = self.now - dt.timedelta(days=days_ago, hours=hours)
        actions.start_session(self.user, self.now, started_at=started)

    @precondition(has_sessions)
    @rule(session=pick, exercise=pick)
    def add_exercise(self, session, exercise):
        actions.add_exercise(self.session(session), self.exercises[exercise % len(self.exercises)])

    @precondition(has_entries)
    @rule(entry=pick)
    def remove_exercise(self, entry):
        actions.remove_exercise(self.entry(entry))

    @precondition(has_entries)
    @rule(entry=pick, values=set_values)
    def log_set(self, entry, values):
        actions.log_set(self.entry(entry), values, self.now)

    @precondition(has_sets)
    @rule(logged=pick, values=set_values)
    def edit_set(self, logged, values):
        actions.update_set(self.logged(logged), values, self.now)

    @precondition(has_sets)
    @rule(logged=pick)
    def delete_set(self, logged):
        actions.delete_set(self.logged(logged))

    @precondition(has_sessions)
    @rule(session=pick)
    def finish_session(self, session):
        actions.finish_session(self.session(session), self.now)

    @precondition(has_sessions)
    @rule(
        session=pick,
        shift_hours=st.sampled_from([-48, -1, 0, 2]),
        length_minutes=st.sampled_from([None, 0, 45, 120]),
    )
    def edit_session(self, session, shift_hours, length_minutes):
        """Moves its start (its sets move with it) and sets or clears its end, as the edit
        form does; a start is never in the future."""
        session = self.session(session)
        started = min(session.started_at + dt.timedelta(hours=shift_hours), self.now)
        finished = (
            None if length_minutes is None else started + dt.timedelta(minutes=length_minutes)
        )
        actions.update_session(session, {"started_at": started, "finished_at": finished}, self.now)

    @precondition(has_sessions)
    @rule(session=pick)
    def delete_session(self, session):
        actions.delete_session(self.session(session))

    # ---------- after every step ----------

    @invariant()
    def derived_data_equals_a_recompute(self):
        assert integrity.user_drift(self.user) == []


DerivedData.TestCase.settings = settings.get_profile(PROFILE)


@pytest.mark.django_db
def test_any_sequence_of_writes_through_actions_keeps_derived_data_true():
    DerivedData.TestCase().runTest()
