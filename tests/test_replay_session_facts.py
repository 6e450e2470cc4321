"""quotes.evaluate.replay works out the per-session facts (streak, week styles, days since the
previous session, recent records) for the whole history in one pass: each must equal what the
live loaders read for that session while replaying, and the quotes must unlock on the same
sessions either way."""

import datetime as dt
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import EntryFactory, SessionFactory, SetFactory, UserFactory
from workouts.models import PersonalRecord, Profile, QuoteUnlock, WorkoutSession
from workouts.quotes import evaluate, facts
from workouts.rules import unlocks

pytestmark = pytest.mark.django_db

SESSION_FACTS = ("streak_days", "week_styles", "days_since_previous", "recent_sessions_set_records")
START = dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)

workout = st.fixed_dictionaries(
    {
        # Days apart from the previous one (0: the same day; hours apart may cross local midnight).
        "gap_days": st.integers(0, 4),
        "hours": st.sampled_from([0, 3, 9, 13, 23]),
        "style": st.sampled_from(["natural", "high_tech", "both"]),
        "finished": st.booleans() | st.just(True),
        "record": st.booleans(),
        # The same start as the previous workout (an import can hold two such workouts).
        "same_start": st.booleans() | st.just(False),
    }
)


def build(user, workouts):
    """Sessions with one set each, a record on some; returns them in time order."""
    sessions, moment = [], START
    for spec in workouts:
        if not (spec["same_start"] and sessions):
            moment = moment.replace(hour=0) + dt.timedelta(
                days=spec["gap_days"], hours=spec["hours"]
            )
            if sessions and moment <= sessions[-1].started_at:
                moment = sessions[-1].started_at + dt.timedelta(minutes=30)
        session = SessionFactory(
            user=user,
            started_at=moment,
            style=spec["style"],
            finished_at=moment + dt.timedelta(minutes=50) if spec["finished"] else None,
        )
        logged = SetFactory(entry=EntryFactory(session=session), reps=5, load_kg=60.0)
        if spec["record"]:
            PersonalRecord.objects.create(
                user=user,
                exercise=logged.exercise,
                logged_set=logged,
                kind="heaviest",
                value=60.0,
                achieved_at=moment,
            )
        sessions.append(session)
    return sessions


def live_facts(user, session):
    context = facts._Context(user, session, {"replaying": True})
    return facts.load_facts(context, frozenset(SESSION_FACTS))


def replayed_facts(user, session, figures):
    context = facts._Context(user, session, {"replaying": True, "as_of": figures})
    return facts.load_facts(context, frozenset(SESSION_FACTS))


def unlocks_of(user):
    return sorted(
        QuoteUnlock.objects.filter(user=user).values_list(
            "quote__rule", "session_id", "unlocked_at"
        )
    )


def assert_replay_unlocks_as_the_live_loaders_would(user):
    evaluate.replay(user)
    one_pass = unlocks_of(user)
    QuoteUnlock.objects.filter(user=user).delete()
    with mock.patch.object(evaluate, "_replayed_session_facts", lambda user: {}):
        evaluate.replay(user)  # every session fact read by its live loader
    assert one_pass == unlocks_of(user)


def assert_one_pass_equals_live(user):
    figures = evaluate._replayed_session_facts(user)
    for session in WorkoutSession.objects.filter(user=user, finished_at__isnull=False):
        assert replayed_facts(user, session, figures[session.pk]) == live_facts(user, session), (
            session.started_at
        )


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    workouts=st.lists(workout, min_size=1, max_size=12),
    zone=st.sampled_from(["UTC", "America/Los_Angeles", "Pacific/Auckland"]),
    week_start=st.integers(0, 6),
)
def test_the_one_pass_facts_equal_the_live_loaders_for_any_history(workouts, zone, week_start):
    user = UserFactory()
    Profile.objects.filter(user=user).update(time_zone=zone, week_start=week_start)
    user.refresh_from_db()
    build(user, workouts)
    assert_one_pass_equals_live(user)
    assert_replay_unlocks_as_the_live_loaders_would(user)


def test_a_week_of_daily_training_gives_the_streak_of_each_day(user):
    build(
        user,
        [
            {
                "gap_days": 1,
                "hours": 9,
                "style": "natural",
                "finished": True,
                "record": False,
                "same_start": False,
            }
        ]
        * 7,
    )
    figures = evaluate._replayed_session_facts(user)
    streaks = [
        figures[pk]["streak_days"]
        for pk in WorkoutSession.objects.filter(user=user)
        .order_by("started_at")
        .values_list("pk", flat=True)
    ]
    assert streaks == [1, 2, 3, 4, 5, 6, 7]


def test_two_workouts_starting_together_are_zero_days_apart_and_see_each_others_records(user):
    first, second = build(
        user,
        [
            {
                "gap_days": 0,
                "hours": 9,
                "style": "natural",
                "finished": True,
                "record": True,
                "same_start": False,
            },
            {
                "gap_days": 0,
                "hours": 9,
                "style": "high_tech",
                "finished": True,
                "record": False,
                "same_start": True,
            },
        ],
    )
    figures = evaluate._replayed_session_facts(user)
    assert figures[first.pk]["days_since_previous"] == 0
    assert figures[first.pk]["recent_sessions_set_records"] == (False, True)
    assert figures[first.pk]["week_styles"] == frozenset({"natural", "high_tech"})
    assert_one_pass_equals_live(user)


def test_the_first_workout_has_no_days_since_a_previous_one(user):
    (only,) = build(
        user,
        [
            {
                "gap_days": 0,
                "hours": 9,
                "style": "natural",
                "finished": True,
                "record": False,
                "same_start": False,
            }
        ],
    )
    figures = evaluate._replayed_session_facts(user)
    context = facts._Context(user, only, {"replaying": True, "as_of": figures[only.pk]})
    assert facts.load_facts(context, frozenset({"days_since_previous"})) == (unlocks.Facts())


def test_the_replay_reads_the_session_facts_once_not_per_session(
    user, django_assert_max_num_queries
):
    build(
        user,
        [
            {
                "gap_days": 1,
                "hours": 9,
                "style": "natural",
                "finished": True,
                "record": True,
                "same_start": False,
            }
        ]
        * 20,
    )
    with django_assert_max_num_queries(4):
        evaluate._replayed_session_facts(user)


def test_replaying_a_daily_week_unlocks_the_three_day_streak_on_the_third_day(user):
    sessions = build(
        user,
        [
            {
                "gap_days": 1,
                "hours": 9,
                "style": "natural",
                "finished": True,
                "record": False,
                "same_start": False,
            }
        ]
        * 7,
    )
    evaluate.replay(user)
    unlock = QuoteUnlock.objects.get(user=user, quote__rule="streak_3")
    assert (unlock.session, unlock.unlocked_at) == (sessions[2], sessions[2].finished_at)
