"""Plan writes: enrol, pause, resume, restart, leave, skip a day, start or link a plan day's
session, and mark a plan day done when its session finishes.

Each runs in one transaction. The date rules (when a plan starts, how a pause slides it, which day
is due) are pure, in `workouts.rules.scheduling`; what a user's position in a plan is, for
/today/, the plan page and the dashboard, is read by `workouts.plans.position`. Session writes go
through `workouts.logbook.actions` (its lock order applies).
"""

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction

from workouts.logbook import actions as logbook_actions
from workouts.models import (
    Enrolment,
    LoggedSet,
    Plan,
    PlanDay,
    SessionExercise,
    WorkoutSession,
)
from workouts.quotes import evaluate as quote_unlocks
from workouts.rules import scheduling


@dataclass
class PlanOutcome:
    unlocked_quotes: list = field(default_factory=list)  # Quote rows
    completed: object = None  # the Enrolment this plan day completed, if any


def _end_current(user: User, now: dt.datetime) -> Enrolment | None:
    """Ends the user's active or paused enrolment (kept in history); returns it or None."""
    current = user.enrolments.current().select_for_update().first()
    if current is not None:
        current.status = current.Status.ENDED
        current.ended_at = now
        current.paused_on = None
        current.save(update_fields=["status", "ended_at", "paused_on"])
    return current


@transaction.atomic
def enrol(
    user: User,
    plan: Plan,
    now: dt.datetime,
    *,
    start_date: dt.date,
    fight_date: dt.date | None = None,
    repeat_is_noop: bool = False,
) -> Enrolment:
    """A new active enrolment; any current one is ended first (one current plan per user).

    The user's row is locked first, so enrolments of one user happen one at a time. With
    `repeat_is_noop`, a current enrolment identical to the one asked for is returned as it is
    (the same form posted twice enrols once)."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if repeat_is_noop:
        same = (
            user.enrolments.current()
            .filter(plan=plan, start_date=start_date, fight_date=fight_date)
            .first()
        )
        if same is not None:
            return same
    _end_current(user, now)
    return user.enrolments.create(plan=plan, start_date=start_date, fight_date=fight_date)


@transaction.atomic
def pause_enrolment(enrolment: Enrolment, today: dt.date) -> Enrolment:
    if enrolment.status == enrolment.Status.ACTIVE:
        enrolment.status, enrolment.paused_on = enrolment.Status.PAUSED, today
        enrolment.save(update_fields=["status", "paused_on"])
    return enrolment


@transaction.atomic
def resume_enrolment(enrolment: Enrolment, today: dt.date) -> Enrolment:
    """The not-yet-done remainder moves forward by the days paused (see `scheduling`)."""
    if enrolment.status == enrolment.Status.PAUSED:
        enrolment.start_date = scheduling.resumed_start(
            enrolment.start_date, enrolment.paused_on, today
        )
        enrolment.status, enrolment.paused_on = enrolment.Status.ACTIVE, None
        enrolment.save(update_fields=["start_date", "status", "paused_on"])
    return enrolment


@transaction.atomic
def restart_enrolment(enrolment: Enrolment, now: dt.datetime, today: dt.date) -> Enrolment:
    """Week 1 again from today: the old enrolment is ended (history), a fresh one begins."""
    fight = enrolment.fight_date
    fight_date = fight if fight is not None and fight > today else None
    return enrol(enrolment.user, enrolment.plan, now, start_date=today, fight_date=fight_date)


@transaction.atomic
def leave_enrolment(enrolment: Enrolment, now: dt.datetime) -> Enrolment:
    enrolment.status, enrolment.ended_at, enrolment.paused_on = (enrolment.Status.ENDED, now, None)
    enrolment.save(update_fields=["status", "ended_at", "paused_on"])
    return enrolment


@transaction.atomic
def skip_plan_day(enrolment: Enrolment, plan_day: PlanDay) -> None:
    enrolment.skipped.get_or_create(plan_day=plan_day)


@transaction.atomic
def start_plan_day(enrolment: Enrolment, plan_day: PlanDay, now: dt.datetime) -> WorkoutSession:
    """A session prefilled from the plan day; finishing it makes the day done. The day's
    unfinished session, if it already has one, is returned instead (a repeated post starts the
    day once): the enrolment row is locked so two starts cannot both miss it."""
    list(type(enrolment).objects.select_for_update().filter(pk=enrolment.pk).values_list("pk"))
    started = (
        WorkoutSession.objects.filter(
            enrolment=enrolment, plan_day=plan_day, finished_at__isnull=True
        )
        .order_by("pk")
        .first()
    )
    if started is not None:
        return started
    enrolment.skipped.filter(plan_day=plan_day).delete()
    return logbook_actions.start_session(
        enrolment.user, now, plan_day=plan_day, enrolment=enrolment
    )


@transaction.atomic
def link_session(
    session: WorkoutSession, enrolment: Enrolment, plan_day: PlanDay, now: dt.datetime
) -> "PlanOutcome":
    """A finished free session counts for a plan day after all (keeping its own style: it is
    what was trained)."""
    logbook_actions._lock_session(session)
    session.plan_day, session.enrolment = plan_day, enrolment
    session.save(update_fields=["plan_day", "enrolment"])
    enrolment.skipped.filter(plan_day=plan_day).delete()
    return plan_day_done(session, now)


@transaction.atomic
def plan_day_done(session: WorkoutSession, now: dt.datetime) -> "PlanOutcome":
    """Call after a session with a plan day and an enrolment is finished (or linked).

    Evaluates `plan_day_done` unlocks and completes the enrolment when this was the plan's last
    day. Safe to call more than once for the same session.
    """
    outcome = PlanOutcome()
    if session.finished_at is None or not session.plan_day_id or not session.enrolment_id:
        return outcome
    outcome.unlocked_quotes = quote_unlocks.evaluate(
        session.user, "plan_day_done", session=session, now=now
    )
    enrolment = session.enrolment
    assert enrolment is not None  # enrolment_id is set (checked above)
    last = (
        enrolment.plan.days.filter(rest_day=False)
        .order_by("-week", "-day")
        .values_list("pk", flat=True)
        .first()
    )
    current = (enrolment.Status.ACTIVE, enrolment.Status.PAUSED)
    if session.plan_day_id == last and enrolment.status in current:
        enrolment.status, enrolment.ended_at, enrolment.paused_on = (
            enrolment.Status.COMPLETED,
            now,
            None,
        )
        enrolment.save(update_fields=["status", "ended_at", "paused_on"])
        outcome.completed = enrolment
    return outcome


def lifted_loads(enrolment: Enrolment) -> dict[str, float]:
    """{"week:day:key": the heaviest working load lifted for that plan item} over the
    enrolment's sessions (one query), for "Run it back"."""
    loads: dict[str, float] = {}
    rows = LoggedSet.objects.filter(
        session__enrolment=enrolment,
        session__plan_day__isnull=False,
        entry__plan_item__isnull=False,
        is_warmup=False,
        load_kg__gt=0,
    ).values_list(
        "session__plan_day__week", "session__plan_day__day", "entry__plan_item__key", "load_kg"
    )
    for week, day, key, load in rows:
        if load is None:  # excluded by the filter; typed as optional
            continue
        name = f"{week}:{day}:{key}"
        loads[name] = max(loads.get(name, 0.0), float(load))
    return loads


@transaction.atomic
def run_it_back(enrolment: Enrolment, now: dt.datetime, today: dt.date) -> Enrolment:
    """The same plan again from today, each item starting from what this (completed or left)
    cycle actually lifted (`progression.Link.start_kg`). Any current enrolment is ended."""
    fresh = enrol(enrolment.user, enrolment.plan, now, start_date=today)
    fresh.start_loads = lifted_loads(enrolment)
    fresh.save(update_fields=["start_loads"])
    return fresh


@transaction.atomic
def start_from_day(user: User, plan_day: PlanDay, now: dt.datetime) -> WorkoutSession:
    """A free session (no enrolment, no plan day: it counts for no schedule) with the day's
    exercises, each keeping its plan item as its target."""
    session = logbook_actions.start_session(user, now, title=plan_day.title)
    SessionExercise.objects.bulk_create(
        [
            SessionExercise(
                session=session, exercise_id=item.exercise_id, plan_item=item, order=index
            )
            for index, item in enumerate(plan_day.items.all())
        ]
    )
    session.style = plan_day.plan.style
    session.save(update_fields=["style"])
    return session


@transaction.atomic
def repeat_session(session: WorkoutSession, now: dt.datetime) -> WorkoutSession:
    """A new free session with the same exercises in the same order (their last-time sets are
    this session's, one tap to fill)."""
    fresh = logbook_actions.start_session(session.user, now, title=session.title)
    entries = list(session.entries.order_by("order", "pk").values_list("exercise_id", flat=True))
    SessionExercise.objects.bulk_create(
        [
            SessionExercise(session=fresh, exercise_id=exercise_id, order=index)
            for index, exercise_id in enumerate(entries)
        ]
    )
    fresh.style = session.style
    fresh.save(update_fields=["style"])
    return fresh
