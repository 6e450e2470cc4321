"""Write use-cases. Each runs in one transaction, loads what the rules need, calls the pure rule
modules, saves the results and returns a small Outcome for the view to announce."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q

from . import achievements, records, stats
from .models import (
    LoggedSet,
    PersonalRecord,
    SessionExercise,
    Style,
    WorkoutSession,
)

SET_FIELDS = ("reps", "load_kg", "duration_s", "distance_m", "force_psi", "power_w",
              "heart_rate_bpm", "rpe", "is_warmup", "note")


@dataclass
class Outcome:
    new_records: list = field(default_factory=list)  # PersonalRecord rows
    unlocked_quotes: list = field(default_factory=list)  # Quote rows
    logged_set: LoggedSet | None = None
    completed_enrolment: object = None  # the Enrolment this finished, if it was the last day


def _values(logged):
    return records.SetValues(
        reps=logged.reps, load_kg=logged.load_kg, duration_s=logged.duration_s,
        distance_m=logged.distance_m, force_psi=logged.force_psi, power_w=logged.power_w,
        is_warmup=logged.is_warmup)


# ---------- sessions ----------

@transaction.atomic
def start_session(user, now, *, title="", plan_day=None, enrolment=None, started_at=None):
    """A new session; from a plan day it is prefilled with the day's exercises and targets."""
    session = WorkoutSession.objects.create(
        user=user, title=title or (plan_day.title if plan_day else "Free session"),
        started_at=started_at or now, plan_day=plan_day, enrolment=enrolment,
        style=plan_day.plan.style if plan_day else "")
    if plan_day is not None:
        SessionExercise.objects.bulk_create([
            SessionExercise(session=session, exercise_id=item.exercise_id, plan_item=item,
                            order=index)
            for index, item in enumerate(plan_day.items.all())
        ])
    return session


@transaction.atomic
def add_exercise(session, exercise):
    order = (session.entries.aggregate(top=Max("order"))["top"] or 0) + 1
    entry = SessionExercise.objects.create(session=session, exercise=exercise, order=order)
    _refresh_style(session)
    return entry


@transaction.atomic
def remove_exercise(entry):
    session, exercise_id = entry.session, entry.exercise_id
    had_sets = entry.sets.exists()
    entry.delete()
    if had_sets:
        rebuild_records(session.user, exercise_id)
        stats.refresh_session_summary(session)
    _refresh_style(session)


def _refresh_style(session):
    """natural, high_tech or both, from the exercises done (a plan day sets it upfront)."""
    if session.plan_day_id:
        return
    styles = set(session.entries.values_list("exercise__style", flat=True))
    themed = styles - {Style.BOTH}
    style = themed.pop() if len(themed) == 1 else (Style.BOTH if themed else "")
    if style != session.style:
        session.style = style
        session.save(update_fields=["style"])


@transaction.atomic
def finish_session(session, now, *, rpe=None, notes=None):
    if session.finished_at is None:
        session.finished_at = max(now, session.started_at)
    if rpe is not None:
        session.rpe = rpe
    if notes is not None:
        session.notes = notes
    session.save()
    return _finished(session, now)


@transaction.atomic
def update_session(session, data, now):
    """Saves edited details. A session that becomes finished here (its end time filled in) is
    treated as finished like any other: unlock rules and its plan day."""
    # As stored: a ModelForm has already copied the new values onto the instance.
    stored = WorkoutSession.objects.values("started_at", "finished_at").get(pk=session.pk)
    for name, value in data.items():
        setattr(session, name, value)
    session.save()
    moved = session.started_at - stored["started_at"]
    if moved:  # its sets move with it, and so may records that compare across sessions
        session.sets.update(logged_at=F("logged_at") + moved)
        for exercise_id in set(session.sets.values_list("exercise_id", flat=True)):
            rebuild_records(session.user, exercise_id)
        stats.refresh_session_summary(session)
    if stored["finished_at"] is not None or session.finished_at is None:
        return Outcome()
    return _finished(session, now)


def _finished(session, now):
    outcome = Outcome()
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "session_finished", session=session, now=now)
    if session.plan_day_id and session.enrolment_id:
        plan = plan_day_done(session, now)
        outcome.unlocked_quotes += plan.unlocked_quotes
        outcome.completed_enrolment = plan.completed
    return outcome


@transaction.atomic
def delete_session(session):
    user = session.user
    exercise_ids = set(session.sets.values_list("exercise_id", flat=True))
    session.delete()
    for exercise_id in exercise_ids:
        rebuild_records(user, exercise_id)


# ---------- sets ----------

MAX_SESSION = dt.timedelta(hours=24)


def set_time(session, now):
    """When a set counts as done: now during a live session, else within the session's own
    window (a back-dated or finished session), so records and "last time" follow the order in
    which sessions happened, not the order they were typed in."""
    if session.finished_at is not None:
        return session.finished_at
    return min(max(now, session.started_at), session.started_at + MAX_SESSION)


def _lock(session):
    """Serialises concurrent writers to one session. SQLite needs no row lock: its IMMEDIATE
    transactions already take the database's write lock at BEGIN."""
    if connection.vendor != "sqlite":
        WorkoutSession.objects.select_for_update().filter(pk=session.pk).first()


@transaction.atomic
def log_set(entry, data, now):
    """Saves a set, detects records against the user's previous bests, evaluates unlocks."""
    session = entry.session
    _lock(session)
    logged_at = set_time(session, now)
    # One aggregate over the history before inserting gives the bests, whether any set of this
    # exercise was logged later (a back-filled set needs a full rebuild), and the next position.
    history = previous_bests(session.user_id, entry.exercise_id, before=logged_at, entry=entry)
    bests, later = history.bests, history.later
    logged = LoggedSet.objects.create(
        entry=entry, session=session, user_id=session.user_id, exercise=entry.exercise,
        position=history.top_position + 1, logged_at=logged_at,
        **{name: data.get(name) for name in SET_FIELDS if name in data})
    outcome = Outcome(logged_set=logged)
    if later:
        rebuild_records(session.user, entry.exercise_id)
        outcome.new_records = list(logged.records.all())
    else:
        found = records.new_records(bests, _values(logged))
        outcome.new_records = PersonalRecord.objects.bulk_create([
            PersonalRecord(user_id=session.user_id, exercise_id=entry.exercise_id,
                           logged_set=logged, kind=kind, value=value, achieved_at=logged_at)
            for kind, value in found.items()
        ])
    stats.add_set_to_summaries(logged)
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "set_logged", session=session, now=now, logged_set=logged,
        new_records=outcome.new_records)
    return outcome


@transaction.atomic
def update_set(logged, data, now):
    """Saves an edited set, rebuilds that exercise's records and the session's roll-ups, and
    evaluates the set rules again: an edited reading can earn a quote as a new one does."""
    for name in SET_FIELDS:
        if name in data:
            setattr(logged, name, data[name])
    logged.save()
    rebuild_records(logged.user, logged.exercise_id)
    stats.refresh_session_summary(logged.session_id)
    outcome = Outcome(logged_set=logged, new_records=list(logged.records.all()))
    outcome.unlocked_quotes = achievements.evaluate(
        logged.user, "set_logged", session=logged.session, now=now, logged_set=logged,
        new_records=outcome.new_records)
    return outcome


@transaction.atomic
def delete_set(logged):
    user, exercise_id, session_id = logged.user, logged.exercise_id, logged.session_id
    logged.delete()
    rebuild_records(user, exercise_id)
    stats.refresh_session_summary(session_id)


# ---------- records ----------

@dataclass
class History:
    bests: dict  # {kind: best value}
    later: bool  # a set of this exercise was logged after the moment asked about
    top_position: int  # the highest set position in the entry asked about


def previous_bests(user_id, exercise_id, before, entry=None):
    """The user's bests of an exercise over working sets logged up to `before`, in one query."""
    sets = LoggedSet.objects.filter(user_id=user_id, exercise_id=exercise_id)
    earlier = Q(logged_at__lte=before, is_warmup=False)
    has_load = Q(load_kg__gt=0)
    e1rm, pace = stats.e1rm_expression(), stats.pace_expression()
    volume = stats.volume_expression()
    row = sets.aggregate(
        later=Count("pk", filter=Q(logged_at__gt=before)),
        top_position=Max("position", filter=Q(entry=entry)), **{
        f"best_{kind}": expression for kind, expression in {
            records.HEAVIEST: Max("load_kg", filter=earlier & has_load),
            records.E1RM: Max(e1rm, filter=earlier), records.REPS: Max("reps", filter=earlier),
            records.SET_VOLUME: Max(volume, filter=earlier),
            records.DISTANCE: Max("distance_m", filter=earlier & Q(distance_m__gt=0)),
            records.DURATION: Max("duration_s", filter=earlier & Q(duration_s__gt=0)),
            records.PACE: Min(pace, filter=earlier),
            records.FORCE: Max("force_psi", filter=earlier),
            records.POWER: Max("power_w", filter=earlier),
        }.items()})
    later, top = row.pop("later") > 0, row.pop("top_position") or 0
    bests = {name.removeprefix("best_"): float(v) for name, v in row.items() if v}
    return History(bests=bests, later=later, top_position=top)


def rebuild_records(user, exercise_id):
    """Recomputes every record of one exercise from its history (after an edit or delete)."""
    history = (LoggedSet.objects.filter(user=user, exercise_id=exercise_id, is_warmup=False)
               .order_by("logged_at", "session__started_at", "position", "id")
               .values_list("pk", "logged_at", "reps", "load_kg", "duration_s", "distance_m",
                            "force_psi", "power_w"))
    found = records.rebuild(
        ((pk, at), records.SetValues(reps=reps, load_kg=load, duration_s=duration,
                                     distance_m=distance, force_psi=force, power_w=power))
        for pk, at, reps, load, duration, distance, force, power in history)
    PersonalRecord.objects.filter(user=user, exercise_id=exercise_id).delete()
    PersonalRecord.objects.bulk_create([
        PersonalRecord(user=user, exercise_id=exercise_id, logged_set_id=pk, kind=kind,
                       value=value, achieved_at=at)
        for (pk, at), kind, value in found
    ])


# ---------- following a plan (enrolments; the rules are in `scheduling`) ----------

@dataclass
class PlanOutcome:
    unlocked_quotes: list = field(default_factory=list)  # Quote rows
    completed: object = None  # the Enrolment this plan day completed, if any


def _end_current(user, now):
    """Ends the user's active or paused enrolment (kept in history); returns it or None."""
    current = user.enrolments.current().select_for_update().first()
    if current is not None:
        current.status = current.Status.ENDED
        current.ended_at = now
        current.paused_on = None
        current.save(update_fields=["status", "ended_at", "paused_on"])
    return current


@transaction.atomic
def enrol(user, plan, now, *, start_date, fight_date=None):
    """A new active enrolment; any current one is ended first (one current plan per user)."""
    _end_current(user, now)
    return user.enrolments.create(plan=plan, start_date=start_date, fight_date=fight_date)


@transaction.atomic
def pause_enrolment(enrolment, today):
    if enrolment.status == enrolment.Status.ACTIVE:
        enrolment.status, enrolment.paused_on = enrolment.Status.PAUSED, today
        enrolment.save(update_fields=["status", "paused_on"])
    return enrolment


@transaction.atomic
def resume_enrolment(enrolment, today):
    """The not-yet-done remainder moves forward by the days paused (see `scheduling`)."""
    if enrolment.status == enrolment.Status.PAUSED:
        paused_on = enrolment.paused_on or today
        if today > paused_on:  # scheduling.resumed_start, without importing it up top
            enrolment.start_date += today - paused_on
        enrolment.status, enrolment.paused_on = enrolment.Status.ACTIVE, None
        enrolment.save(update_fields=["start_date", "status", "paused_on"])
    return enrolment


@transaction.atomic
def restart_enrolment(enrolment, now, today):
    """Week 1 again from today: the old enrolment is ended (history), a fresh one begins."""
    fight = enrolment.fight_date
    fight_date = fight if fight is not None and fight > today else None
    return enrol(enrolment.user, enrolment.plan, now, start_date=today, fight_date=fight_date)


@transaction.atomic
def leave_enrolment(enrolment, now):
    enrolment.status, enrolment.ended_at, enrolment.paused_on = (
        enrolment.Status.ENDED, now, None)
    enrolment.save(update_fields=["status", "ended_at", "paused_on"])
    return enrolment


@transaction.atomic
def skip_plan_day(enrolment, plan_day):
    enrolment.skipped.get_or_create(plan_day=plan_day)


@transaction.atomic
def start_plan_day(enrolment, plan_day, now):
    """A session prefilled from the plan day; finishing it makes the day done."""
    enrolment.skipped.filter(plan_day=plan_day).delete()
    return start_session(enrolment.user, now, plan_day=plan_day, enrolment=enrolment)


@transaction.atomic
def link_session(session, enrolment, plan_day, now):
    """A finished free session counts for a plan day after all (keeping its own style: it is
    what was trained)."""
    session.plan_day, session.enrolment = plan_day, enrolment
    session.save(update_fields=["plan_day", "enrolment"])
    enrolment.skipped.filter(plan_day=plan_day).delete()
    return plan_day_done(session, now)


@transaction.atomic
def plan_day_done(session, now):
    """Call after a session with a plan day and an enrolment is finished (or linked).

    Evaluates `plan_day_done` unlocks and completes the enrolment when this was the plan's last
    day. Safe to call more than once for the same session.
    """
    outcome = PlanOutcome()
    if session.finished_at is None or not session.plan_day_id or not session.enrolment_id:
        return outcome
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "plan_day_done", session=session, now=now)
    enrolment = session.enrolment
    last = enrolment.plan.days.order_by("-week", "-day").values_list("pk", flat=True).first()
    current = (enrolment.Status.ACTIVE, enrolment.Status.PAUSED)
    if session.plan_day_id == last and enrolment.status in current:
        enrolment.status, enrolment.ended_at, enrolment.paused_on = (
            enrolment.Status.COMPLETED, now, None)
        enrolment.save(update_fields=["status", "ended_at", "paused_on"])
        outcome.completed = enrolment
    return outcome


# ---------- account ----------

def delete_account(user):
    """Deletes a user and everything theirs, in one transaction: workouts first (their entries
    and sets refer to the user's own exercises with PROTECT, which would otherwise refuse),
    then the user, whose deletion cascades to the profile, own exercises, enrolments, body
    weights, records, roll-ups and unlocks; then their log-in sessions on every device and
    their django-axes log-in records, which refer to the user by id or name, not by key."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.conf import settings
    from django.contrib.sessions.models import Session

    username = user.get_username()
    user_id = str(user.pk)
    with transaction.atomic():
        WorkoutSession.objects.filter(user=user).delete()
        user.delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        if settings.SESSION_ENGINE == "django.contrib.sessions.backends.db":
            theirs = [session.pk for session in Session.objects.iterator(chunk_size=500)
                      if session.get_decoded().get("_auth_user_id") == user_id]
            Session.objects.filter(pk__in=theirs).delete()
