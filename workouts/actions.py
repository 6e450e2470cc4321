"""Write use-cases. Each runs in one transaction, loads what the rules need, calls the pure rule
modules, saves the results and returns a small Outcome for the view to announce.

Lock order. Two tabs of one user write to the same sessions and the same records, so every write
here that touches a session, its sets or anything derived from them (SessionSummary,
EntrySummary, PersonalRecord) takes its locks in this one order, before it reads what it
computes from:

  1. The session row, `SELECT ... FOR UPDATE` (`_lock_session`). First, and one session per
     transaction, except a rebuild of a user's whole history (`lock_history`), which locks all
     their sessions in ascending id before step 2.
  2. The records of each (user, exercise) whose sets it adds, changes or removes: a
     transaction-level advisory lock `pg_advisory_xact_lock(user_id, exercise_id)`
     (`_lock_records`), several in ascending exercise id. `log_set` takes it as every records
     rebuild does, so a new set is never compared against bests another transaction is
     rewriting (records span sessions, so the session lock alone cannot cover them).
  3. Only then reads of the sets, and the writes: sets, roll-ups, records, unlocks, enrolment.
     Roll-ups and records are computed from statements that start after the locks were granted,
     so under READ COMMITTED they see every write committed before.

Why this order: every such write knows its session upfront, while which records it touches can
depend on the session's sets (deleting or moving a session), which only stay put once the
session is locked. Nothing takes a session lock while holding a records lock, and the rows a
transaction changes under step 3 (its own session's sets and roll-ups, the records of the
exercises it locked) are covered by steps 1-2, so waits cannot form a cycle. The deferred
foreign-key checks at commit take KEY SHARE on parent rows; the session is already ours, and a
set or entry referenced by a new row can only be deleted under locks this transaction holds.

On SQLite both lock steps are no-ops without a query: its IMMEDIATE transactions take the
database's write lock at BEGIN, which already serialises writers.

A write whose session or set another request deleted meanwhile raises `Gone` (a 404) instead
of saving into, or bringing back, what the user deleted.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count, F, Max, Min, Q
from django.http import Http404

from . import achievements, records, stats
from .models import (
    Enrolment,
    Exercise,
    LoggedSet,
    PersonalRecord,
    Plan,
    PlanDay,
    SessionExercise,
    Style,
    WorkoutSession,
)

SET_FIELDS = ("reps", "load_kg", "duration_s", "distance_m", "force_psi", "power_w",
              "heart_rate_bpm", "rpe", "is_warmup", "note")


class Gone(Http404):
    """The session or set was deleted by another request (another tab) before this write."""


@dataclass
class Outcome:
    new_records: list = field(default_factory=list)  # PersonalRecord rows
    unlocked_quotes: list = field(default_factory=list)  # Quote rows
    logged_set: LoggedSet | None = None
    completed_enrolment: object = None  # the Enrolment this finished, if it was the last day


def _values(logged: LoggedSet) -> records.SetValues:
    return records.SetValues(
        reps=logged.reps, load_kg=logged.load_kg, duration_s=logged.duration_s,
        distance_m=logged.distance_m, force_psi=logged.force_psi, power_w=logged.power_w,
        is_warmup=logged.is_warmup)


# ---------- sessions ----------

@transaction.atomic
def start_session(user: User, now: dt.datetime, *, title: str = "", plan_day: PlanDay | None = None,
                  enrolment: Enrolment | None = None,
                  started_at: dt.datetime | None = None) -> WorkoutSession:
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
def add_exercise(session: WorkoutSession, exercise: Exercise) -> SessionExercise:
    if _lock_session(session) is None:
        raise Gone("This session was deleted.")
    order = (session.entries.aggregate(top=Max("order"))["top"] or 0) + 1
    entry = SessionExercise.objects.create(session=session, exercise=exercise, order=order)
    _refresh_style(session)
    return entry


@transaction.atomic
def remove_exercise(entry: SessionExercise) -> None:
    session, exercise_id = entry.session, entry.exercise_id
    if _lock_session(session) is None:
        return  # the session went with a concurrent delete, and the entry with it
    _lock_records(session.user_id, [exercise_id])
    had_sets = entry.sets.exists()
    entry.delete()
    if had_sets:
        rebuild_records(session.user, exercise_id)
        stats.refresh_session_summary(session)
    _refresh_style(session)


def _refresh_style(session: WorkoutSession) -> None:
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
def finish_session(session: WorkoutSession, now: dt.datetime, *, rpe: int | None = None,
                   notes: str | None = None) -> "Outcome":
    stored = _lock_session(session, refresh=True)
    if stored is None:
        raise Gone("This session was deleted.")
    if session.finished_at is None:
        session.finished_at = max(now, session.started_at)
    if rpe is not None:
        session.rpe = rpe
    if notes is not None:
        session.notes = notes
    _save_session(session, ["finished_at", "rpe", "notes"])
    return _finished(session, now)


@transaction.atomic
def update_session(session: WorkoutSession, data: Mapping[str, Any],
                   now: dt.datetime) -> "Outcome":
    """Saves edited details. A session that becomes finished here (its end time filled in) is
    treated as finished like any other: unlock rules and its plan day."""
    # As stored: a ModelForm has already copied the new values onto the instance. Reading them
    # is also step 1 of the lock order (one query).
    stored = (WorkoutSession.objects.select_for_update().filter(pk=session.pk)
              .values("started_at", "finished_at").first())
    if stored is None:
        raise Gone("This session was deleted.")
    for name, value in data.items():
        setattr(session, name, value)
    _save_session(session, list(data))
    moved = session.started_at - stored["started_at"]
    if moved:  # its sets move with it, and so may records that compare across sessions
        exercise_ids = set(session.sets.values_list("exercise_id", flat=True))
        _lock_records(session.user_id, exercise_ids)
        session.sets.update(logged_at=F("logged_at") + moved)
        for exercise_id in sorted(exercise_ids):
            rebuild_records(session.user, exercise_id)
        stats.refresh_session_summary(session)
    if stored["finished_at"] is not None or session.finished_at is None:
        return Outcome()
    return _finished(session, now)


def _finished(session: WorkoutSession, now: dt.datetime) -> Outcome:
    outcome = Outcome()
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "session_finished", session=session, now=now)
    if session.plan_day_id and session.enrolment_id:
        plan = plan_day_done(session, now)
        outcome.unlocked_quotes += plan.unlocked_quotes
        outcome.completed_enrolment = plan.completed
    return outcome


@transaction.atomic
def delete_session(session: WorkoutSession) -> None:
    user = session.user
    if _lock_session(session) is None:
        return  # deleted already
    exercise_ids = set(session.sets.values_list("exercise_id", flat=True))
    _lock_records(user.pk, exercise_ids)
    session.delete()
    for exercise_id in exercise_ids:
        rebuild_records(user, exercise_id)


# ---------- sets ----------

MAX_SESSION = dt.timedelta(hours=24)


def set_time(session: WorkoutSession, now: dt.datetime) -> dt.datetime:
    """When a set counts as done: now during a live session, else within the session's own
    window (a back-dated or finished session), so records and "last time" follow the order in
    which sessions happened, not the order they were typed in."""
    if session.finished_at is not None:
        return session.finished_at
    return min(max(now, session.started_at), session.started_at + MAX_SESSION)


def _serialised() -> bool:
    """True where the transaction already excludes every other writer (SQLite's IMMEDIATE
    transactions take the database's write lock at BEGIN): the lock steps need no query."""
    return connection.vendor == "sqlite"


def _lock_session(session: Any, *, refresh: bool = False) -> Any:
    """Step 1 of the lock order: the session row, FOR UPDATE. Returns the stored row's times
    ({"started_at", "finished_at"}) or None when the session has been deleted; with `refresh`,
    copies them onto `session` (another tab may have finished or moved it meanwhile). On SQLite
    no query: returns the instance's own times."""
    session_id = getattr(session, "pk", session)
    if _serialised():
        return {"started_at": getattr(session, "started_at", None),
                "finished_at": getattr(session, "finished_at", None)}
    stored = (WorkoutSession.objects.select_for_update().filter(pk=session_id)
              .values("started_at", "finished_at").first())
    if refresh and stored is not None:
        session.started_at, session.finished_at = stored["started_at"], stored["finished_at"]
    return stored


def _lock_records(user_id: int, exercise_ids: Iterable[int], *,
                  entry_id: int | None = None) -> bool:
    """Step 2 of the lock order: the records of (user, exercise) for each exercise, in
    ascending id, as transaction-level advisory locks (released at commit or rollback). With
    `entry_id`, the same statement says whether that entry still exists (the session lock
    already held keeps the answer true). On SQLite no query."""
    if _serialised() or not exercise_ids:
        return True
    table = SessionExercise._meta.db_table
    exists = f"EXISTS (SELECT 1 FROM {table} WHERE id = %s)" if entry_id else "true"
    with connection.cursor() as cursor:  # unnest yields the sorted ids in order
        cursor.execute(
            "SELECT (SELECT count(pg_advisory_xact_lock(%s::int, e))"
            f" FROM unnest(%s::int[]) AS e), {exists}",
            [user_id, sorted(exercise_ids), *([entry_id] if entry_id else [])])
        return cursor.fetchone()[1]


def lock_history(user: User) -> None:
    """The lock order for one write over all of a user's history (rebuilding every roll-up and
    record from the raw sets): each of their sessions in ascending id, then the records of
    every exercise they have sets of. Call inside the transaction that rebuilds."""
    if _serialised():
        return
    list(WorkoutSession.objects.select_for_update().filter(user=user).order_by("pk")
         .values_list("pk", flat=True))
    _lock_records(user.pk, set(LoggedSet.objects.filter(user=user).order_by()
                               .values_list("exercise_id", flat=True).distinct()))


def _save_session(session: WorkoutSession, fields: list[str]) -> None:
    """Saves the given fields of a session; Gone if it was deleted (a plain save() would
    insert it again)."""
    if not WorkoutSession.objects.filter(pk=session.pk).update(
            **{name: getattr(session, name) for name in fields}):
        raise Gone("This session was deleted.")


@transaction.atomic
def log_set(entry: SessionExercise, data: Mapping[str, Any], now: dt.datetime) -> Outcome:
    """Saves a set, detects records against the user's previous bests, evaluates unlocks."""
    session = entry.session
    if _lock_session(session, refresh=True) is None:
        raise Gone("This session was deleted.")
    if not _lock_records(session.user_id, [entry.exercise_id], entry_id=entry.pk):
        raise Gone("This exercise was removed from the session.")
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
def update_set(logged: LoggedSet, data: Mapping[str, Any], now: dt.datetime) -> Outcome:
    """Saves an edited set, rebuilds that exercise's records and the session's roll-ups, and
    evaluates the set rules again: an edited reading can earn a quote as a new one does."""
    _lock_session(logged.session_id)
    _lock_records(logged.user_id, [logged.exercise_id])
    changed = {name: data[name] for name in SET_FIELDS if name in data}
    for name, value in changed.items():
        setattr(logged, name, value)
    if "is_warmup" in changed:
        changed["kind"] = logged.sync_kind()
    # Only the edited fields, and never a re-insert of a set another tab has deleted.
    stored = LoggedSet.objects.filter(pk=logged.pk)
    if not (stored.update(**changed) if changed else stored.exists()):
        raise Gone("This set was deleted.")
    rebuild_records(logged.user, logged.exercise_id)
    stats.refresh_session_summary(logged.session_id)
    outcome = Outcome(logged_set=logged, new_records=list(logged.records.all()))
    outcome.unlocked_quotes = achievements.evaluate(
        logged.user, "set_logged", session=logged.session, now=now, logged_set=logged,
        new_records=outcome.new_records)
    return outcome


@transaction.atomic
def delete_set(logged: LoggedSet) -> None:
    user, exercise_id, session_id = logged.user, logged.exercise_id, logged.session_id
    _lock_session(session_id)
    _lock_records(logged.user_id, [exercise_id])
    if not logged.delete()[0]:
        return  # another request deleted it, and rebuilt what depended on it
    rebuild_records(user, exercise_id)
    stats.refresh_session_summary(session_id)


# ---------- records ----------

@dataclass
class History:
    bests: dict  # {kind: best value}
    later: bool  # a set of this exercise was logged after the moment asked about
    top_position: int  # the highest set position in the entry asked about


def previous_bests(user_id: int, exercise_id: int, before: dt.datetime,
                   entry: SessionExercise | None = None) -> History:
    """The user's bests of an exercise over working sets logged up to `before`, in one query."""
    sets = LoggedSet.objects.filter(user_id=user_id, exercise_id=exercise_id)
    earlier = Q(logged_at__lte=before, is_warmup=False)
    has_load = Q(load_kg__gt=0)
    e1rm, pace = stats.e1rm_expression(), stats.pace_expression()
    volume = stats.volume_expression()
    # "Later" as `rebuild_records` orders a history: a set of another entry at the very same
    # moment may come after the new one (its session started later), so a tie is later too.
    later = Q(logged_at__gt=before) | (Q(logged_at=before) & ~Q(entry=entry))
    row = sets.aggregate(
        later=Count("pk", filter=later),
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


def rebuild_records(user: User, exercise_id: int) -> None:
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
def enrol(user: User, plan: Plan, now: dt.datetime, *, start_date: dt.date,
          fight_date: dt.date | None = None, repeat_is_noop: bool = False) -> Enrolment:
    """A new active enrolment; any current one is ended first (one current plan per user).

    The user's row is locked first, so enrolments of one user happen one at a time. With
    `repeat_is_noop`, a current enrolment identical to the one asked for is returned as it is
    (the same form posted twice enrols once)."""
    list(User.objects.select_for_update().filter(pk=user.pk).values_list("pk"))
    if repeat_is_noop:
        same = user.enrolments.current().filter(plan=plan, start_date=start_date,
                                                fight_date=fight_date).first()
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
        paused_on = enrolment.paused_on or today
        if today > paused_on:  # scheduling.resumed_start, without importing it up top
            enrolment.start_date += today - paused_on
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
    enrolment.status, enrolment.ended_at, enrolment.paused_on = (
        enrolment.Status.ENDED, now, None)
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
    started = (WorkoutSession.objects.filter(enrolment=enrolment, plan_day=plan_day,
                                             finished_at__isnull=True).order_by("pk").first())
    if started is not None:
        return started
    enrolment.skipped.filter(plan_day=plan_day).delete()
    return start_session(enrolment.user, now, plan_day=plan_day, enrolment=enrolment)


@transaction.atomic
def link_session(session: WorkoutSession, enrolment: Enrolment, plan_day: PlanDay,
                 now: dt.datetime) -> "PlanOutcome":
    """A finished free session counts for a plan day after all (keeping its own style: it is
    what was trained)."""
    _lock_session(session)
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
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "plan_day_done", session=session, now=now)
    enrolment = session.enrolment
    assert enrolment is not None  # enrolment_id is set (checked above)
    last = enrolment.plan.days.order_by("-week", "-day").values_list("pk", flat=True).first()
    current = (enrolment.Status.ACTIVE, enrolment.Status.PAUSED)
    if session.plan_day_id == last and enrolment.status in current:
        enrolment.status, enrolment.ended_at, enrolment.paused_on = (
            enrolment.Status.COMPLETED, now, None)
        enrolment.save(update_fields=["status", "ended_at", "paused_on"])
        outcome.completed = enrolment
    return outcome


# ---------- account ----------

def delete_account(user: User) -> None:
    """Deletes a user and everything theirs, in one transaction: workouts first (their entries
    and sets refer to the user's own exercises with PROTECT, which would otherwise refuse),
    then the user, whose deletion cascades to the profile, own exercises, enrolments, body
    weights, records, roll-ups and unlocks; then their log-in sessions on every device and
    their django-axes log-in records, which refer to the user by id or name, not by key."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog
    from django.conf import settings
    from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
    from django.contrib.sessions.models import Session

    username = user.get_username()
    user_id = str(user.pk)
    with transaction.atomic():
        WorkoutSession.objects.filter(user=user).delete()
        user.delete()
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        engine = import_module(settings.SESSION_ENGINE).SessionStore
        if issubclass(engine, DatabaseSessionStore):  # Django's, or ours built on it
            theirs = [session.pk for session in Session.objects.iterator(chunk_size=500)
                      if session.get_decoded().get("_auth_user_id") == user_id]
            Session.objects.filter(pk__in=theirs).delete()
