"""Building own plans for tests."""

import datetime as dt

from django.utils import timezone

from workouts.logbook import actions
from workouts.models import Exercise, PlanDay, PlanItem
from workouts.plans import actions as plan_actions
from workouts.plans import editing


def bench():
    return Exercise.objects.get(slug="bench-press", owner=None)


def linear_plan(user, weeks=3, **item):
    """An own plan: day 1 of each week, bench 3x5 from 60 kg, +2.5 kg a week after week 1."""
    plan = editing.new_plan(user, timezone.now(), name="Linear bench", style="both")
    plan.weeks = weeks
    plan.save()
    for week in range(1, weeks + 1):
        day = PlanDay.objects.create(plan=plan, week=week, day=1, title=f"Bench {week}")
        values = {
            "sets": 3,
            "reps": 5,
            "load_rule": "absolute",
            "load_kg": 60.0,
            "progression": "add_load" if week > 1 else "",
            "progression_amount": 2.5,
            **item,
        }
        PlanItem.objects.create(day=day, key="bench-press", exercise=bench(), **values)
    return plan


def do_day(enrolment, week, reps=(5, 5, 5), load=60.0, when=None):
    """Starts the plan day of `week`, logs sets of `reps` at `load` and finishes it."""
    when = when or timezone.now()
    day = PlanDay.objects.get(plan=enrolment.plan, week=week, day=1)
    session = plan_actions.start_plan_day(enrolment, day, when)
    entry = session.entries.get()
    for count in reps:
        actions.log_set(entry, {"reps": count, "load_kg": load}, when)
    actions.finish_session(session, when + dt.timedelta(minutes=30))
    return session
