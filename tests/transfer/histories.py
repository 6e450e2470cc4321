"""Histories for the export tests, built through `workouts.actions` as if logged live, so they
carry records, roll-ups and unlocked quotes too."""

import datetime as dt
from decimal import Decimal

from tests.factories import BodyWeightFactory, ExerciseFactory
from workouts.logbook import actions
from workouts.models import Exercise, Plan, PlanDay
from workouts.plans import actions as plan_actions

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)
NOTE = 'Snow to the knees, "brutal".\nSecond line: ÅÄÖ, Дра́го'


def logged_session(
    user, started_at, sets, *, title="Barn strength", notes="", rpe=None, finish=True
):
    """A session of `sets`: a list of (exercise, {set values}) logged one minute apart."""
    session = actions.start_session(user, started_at, title=title, started_at=started_at)
    entries = {}
    for minute, (exercise, values) in enumerate(sets, start=1):
        if exercise.pk not in entries:
            entries[exercise.pk] = actions.add_exercise(session, exercise)
        actions.log_set(entries[exercise.pk], values, started_at + dt.timedelta(minutes=minute))
    if finish:
        actions.finish_session(session, started_at + dt.timedelta(hours=1), rpe=rpe, notes=notes)
    return session


def full_history(user, now=NOW):
    """Something of every kind the export holds: an own exercise, built-in ones, warm-ups, RPE
    halves, readings, notes with commas, quotes and newlines, an unfinished session, body
    weight, an enrolment with a skipped day and a plan-day session, unlocked quotes."""
    bench = Exercise.objects.get(slug="bench-press")
    run = Exercise.objects.get(slug="snow-run")
    punch = Exercise.objects.get(slug="punch-force-test")
    log_carry = ExerciseFactory(
        owner=user,
        name="Log carry, uphill",
        style="natural",
        category="conditioning",
        measures_reps=False,
        measures_load=True,
        measures_distance=True,
        reads_heart_rate=True,
        equipment="log",
        howto="Carry it.",
    )
    logged_session(
        user,
        now - dt.timedelta(days=20),
        [
            (bench, {"reps": 10, "load_kg": 40.0, "is_warmup": True}),
            (bench, {"reps": 5, "load_kg": 100.0, "rpe": Decimal("8.5"), "note": NOTE}),
            (bench, {"reps": 5, "load_kg": 102.0583}),
            (log_carry, {"load_kg": 60.0, "distance_m": 50.5, "heart_rate_bpm": 171}),
        ],
        title="Barn, strength",
        notes=NOTE,
        rpe=8,
    )
    logged_session(
        user,
        now - dt.timedelta(days=10),
        [
            (run, {"duration_s": 2435, "distance_m": 7580.0}),
            (punch, {"reps": 12, "force_psi": 1850, "power_w": 640}),
        ],
        title="Mountain run",
    )
    logged_session(
        user,
        now - dt.timedelta(hours=2),
        [
            (bench, {"reps": 3, "load_kg": 105.0}),
        ],
        title="Still going",
        finish=False,
    )
    BodyWeightFactory(user=user, date=dt.date(2026, 2, 10), weight_kg=84.2)
    BodyWeightFactory(user=user, date=dt.date(2026, 2, 1), weight_kg=85.0)
    plan = Plan.objects.get(slug="siberian-natural")
    enrolment = plan_actions.enrol(
        user, plan, now - dt.timedelta(days=5), start_date=(now - dt.timedelta(days=5)).date()
    )
    plan_actions.skip_plan_day(enrolment, PlanDay.objects.get(plan=plan, week=1, day=2))
    session = plan_actions.start_plan_day(
        enrolment, PlanDay.objects.get(plan=plan, week=1, day=1), now - dt.timedelta(days=5)
    )
    entry = session.entries.order_by("order").first()
    actions.log_set(
        entry, {"reps": 5, "duration_s": 60}, now - dt.timedelta(days=5) + dt.timedelta(minutes=5)
    )
    actions.finish_session(session, now - dt.timedelta(days=5) + dt.timedelta(hours=1))
    return log_carry
