"""Logbook writes: sessions, their exercises (entries) and sets. Each runs in one transaction,
loads what the rules need, calls the pure rule modules (`workouts.rules`), saves the results and
returns a small Outcome for the view to announce. Plan writes are in `workouts.plans.actions`,
the records store in `workouts.logbook.records_store`, the roll-ups in `workouts.dashboard.rollups`;
they all follow the lock order below.

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

A session's stored local date depends on the user's time zone. A change of zone
(`restamp_sessions`) takes the profile row FOR UPDATE before step 1 and then every session of
the user as `lock_history` does; a new session reads the zone FOR KEY SHARE (`_zone`), so it
either waits for the change and reads the new zone, or commits first and is restamped; a write
that moves a session reads the zone after its session lock, which the change also waits for.
Nothing waits for the profile while holding a session, so this adds no cycle.

On SQLite both lock steps are no-ops without a query: its IMMEDIATE transactions take the
database's write lock at BEGIN, which already serialises writers.

A write whose session or set another request deleted meanwhile raises `Gone` (a 404) instead
of saving into, or bringing back, what the user deleted.
"""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import F, Max
from django.http import Http404

from workouts.dashboard import rollups
from workouts.logbook.records_store import history_at, rebuild_records, save_bests
from workouts.models import (
    Enrolment,
    Exercise,
    LoggedSet,
    PersonalRecord,
    PlanDay,
    Profile,
    SessionExercise,
    Style,
    WorkoutSession,
    local_fields,
)
from workouts.plans import actions as plan_actions
from workouts.quotes import evaluate as quote_unlocks
from workouts.rules import measures, records, timeutils


def set_fields() -> tuple[str, ...]:
    """The LoggedSet columns a set write may change: one per measure and reading (from
    `workouts.rules.measures`), then RPE, warm-up and note."""
    return (*measures.set_columns(), "rpe", "is_warmup", "note")


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
        reps=logged.reps,
        load_kg=logged.load_kg,
        duration_s=logged.duration_s,
        distance_m=logged.distance_m,
        force_psi=logged.force_psi,
        power_w=logged.power_w,
        is_warmup=logged.is_warmup,
    )


@transaction.atomic
def start_session(
    user: User,
    now: dt.datetime,
    *,
    title: str = "",
    plan_day: PlanDay | None = None,
    enrolment: Enrolment | None = None,
    started_at: dt.datetime | None = None,
) -> WorkoutSession:
    """A new session; from a plan day it is prefilled with the day's exercises and targets."""
    session = WorkoutSession(
        user=user,
        title=title or (plan_day.title if plan_day else "Free session"),
        started_at=started_at or now,
        plan_day=plan_day,
        enrolment=enrolment,
        style=plan_day.plan.style if plan_day else "",
    )
    session.stamp(_zone(user.pk, share=True))
    session.save(force_insert=True)
    if plan_day is not None:
        SessionExercise.objects.bulk_create(
            [
                SessionExercise(
                    session=session, exercise_id=item.exercise_id, plan_item=item, order=index
                )
                for index, item in enumerate(plan_day.items.all())
            ]
        )
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
        rollups.refresh_session_summary(session)
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
def finish_session(
    session: WorkoutSession, now: dt.datetime, *, rpe: int | None = None, notes: str | None = None
) -> "Outcome":
    stored = _lock_session(session, refresh=True)
    if stored is None:
        raise Gone("This session was deleted.")
    if session.finished_at is None:
        session.finished_at = max(now, session.started_at)
    if rpe is not None:
        session.rpe = rpe
    if notes is not None:
        session.notes = notes
    session.minutes = local_fields(session.started_at, session.finished_at, dt.UTC)[1]
    _save_session(session, ["finished_at", "rpe", "notes", "minutes"])
    return _finished(session, now)


@transaction.atomic
def update_session(session: WorkoutSession, data: Mapping[str, Any], now: dt.datetime) -> "Outcome":
    """Saves edited details. A session that becomes finished here (its end time filled in) is
    treated as finished like any other: unlock rules and its plan day."""
    # As stored: a ModelForm has already copied the new values onto the instance. Reading them
    # is also step 1 of the lock order (one query).
    stored = (
        WorkoutSession.objects.select_for_update()
        .filter(pk=session.pk)
        .values("started_at", "finished_at")
        .first()
    )
    if stored is None:
        raise Gone("This session was deleted.")
    for name, value in data.items():
        setattr(session, name, value)
    fields = list(data)
    if {"started_at", "finished_at"} & set(data):  # the zone is read under the session's lock
        session.stamp(_zone(session.user_id))
        fields += ["local_date", "minutes"]
    _save_session(session, fields)
    moved = session.started_at - stored["started_at"]
    if moved:  # its sets move with it, and so may records that compare across sessions
        exercise_ids = set(session.sets.values_list("exercise_id", flat=True))
        _lock_records(session.user_id, exercise_ids)
        session.sets.update(logged_at=F("logged_at") + moved)
        for exercise_id in sorted(exercise_ids):
            rebuild_records(session.user, exercise_id)
        rollups.refresh_session_summary(session)
    if stored["finished_at"] is not None or session.finished_at is None:
        return Outcome()
    return _finished(session, now)


def _finished(session: WorkoutSession, now: dt.datetime) -> Outcome:
    outcome = Outcome()
    outcome.unlocked_quotes = quote_unlocks.evaluate(
        session.user, "session_finished", session=session, now=now
    )
    if session.plan_day_id and session.enrolment_id:
        plan = plan_actions.plan_day_done(session, now)
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
        return {
            "started_at": getattr(session, "started_at", None),
            "finished_at": getattr(session, "finished_at", None),
        }
    stored = (
        WorkoutSession.objects.select_for_update()
        .filter(pk=session_id)
        .values("started_at", "finished_at")
        .first()
    )
    if refresh and stored is not None:
        session.started_at, session.finished_at = stored["started_at"], stored["finished_at"]
    return stored


def _lock_records(
    user_id: int, exercise_ids: Iterable[int], *, entry_id: int | None = None
) -> bool:
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
            [user_id, sorted(exercise_ids), *([entry_id] if entry_id else [])],
        )
        return cursor.fetchone()[1]


def lock_history(user: User) -> None:
    """The lock order for one write over all of a user's history (rebuilding every roll-up and
    record from the raw sets): each of their sessions in ascending id, then the records of
    every exercise they have sets of. Call inside the transaction that rebuilds."""
    if _serialised():
        return
    list(
        WorkoutSession.objects.select_for_update()
        .filter(user=user)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    _lock_records(
        user.pk,
        set(
            LoggedSet.objects.filter(user=user)
            .order_by()
            .values_list("exercise_id", flat=True)
            .distinct()
        ),
    )


def _zone(user_id: int, *, share: bool = False) -> dt.tzinfo:
    """The user's time zone, as stored now. With `share` (a new session), on PostgreSQL the
    profile row is held FOR KEY SHARE until commit, so a concurrent change of zone
    (`restamp_sessions`, which holds it FOR UPDATE) either waits for the new session and then
    restamps it, or has committed and the new zone is read here."""
    table = Profile._meta.db_table
    lock = " FOR KEY SHARE" if share and not _serialised() else ""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT time_zone FROM {table} WHERE user_id = %s{lock}", [user_id])
        row = cursor.fetchone()
    return timeutils.zone_of(row[0] if row else "UTC")


@transaction.atomic
def restamp_sessions(user_id: int) -> int:
    """After a change of the user's time zone (in this transaction), or to repair: every
    session's `local_date` and `minutes` again from its times in the stored zone. Lock order:
    the profile row FOR UPDATE first (new sessions wait for it, see `_zone`), then every
    session of the user in ascending id (step 1, as `lock_history`), then the reads and the
    writes. Returns how many sessions changed."""
    if not _serialised():
        table = Profile._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE user_id = %s FOR UPDATE", [user_id])
    return stamp_sessions(user_id, lock=True)


def stamp_sessions(user_id: int, *, lock: bool = False) -> int:
    """Every session's `local_date` and `minutes` from its times in the stored zone; with
    `lock`, taking each session's lock in ascending id first (else the caller holds them, as
    `lock_history` does). Returns how many sessions changed."""
    zone = _zone(user_id)
    sessions = WorkoutSession.objects.filter(user_id=user_id).order_by("pk")
    if lock and not _serialised():
        sessions = sessions.select_for_update()
    changed = []
    for session in sessions.only("pk", "started_at", "finished_at", "local_date", "minutes"):
        before = (session.local_date, session.minutes)
        session.stamp(zone)
        if (session.local_date, session.minutes) != before:
            changed.append(session)
    WorkoutSession.objects.bulk_update(changed, ["local_date", "minutes"], batch_size=500)
    return len(changed)


def _save_session(session: WorkoutSession, fields: list[str]) -> None:
    """Saves the given fields of a session; Gone if it was deleted (a plain save() would
    insert it again)."""
    if not WorkoutSession.objects.filter(pk=session.pk).update(
        **{name: getattr(session, name) for name in fields}
    ):
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
    # One query, flat in the exercise's history: the stored bests, whether any set of this
    # exercise was logged later (a back-filled set needs a full rebuild), and the next position.
    history = history_at(session.user_id, entry.exercise_id, before=logged_at, entry_id=entry.pk)
    if not history.found:
        raise Gone("This exercise was removed from the session.")
    logged = LoggedSet.objects.create(
        entry=entry,
        session=session,
        user_id=session.user_id,
        exercise=entry.exercise,
        position=history.top_position + 1,
        logged_at=logged_at,
        **{name: data.get(name) for name in set_fields() if name in data},
    )
    outcome = Outcome(logged_set=logged)
    if history.later:
        rebuild_records(session.user, entry.exercise_id)
        outcome.new_records = list(logged.records.all())
    else:
        values = _values(logged)
        found = records.new_records(history.bests, values)
        bests = records.merge_bests(history.bests, values)
        if bests != history.bests:  # a record, or the first value of a kind (a baseline)
            save_bests(session.user_id, entry.exercise_id, bests, stored=bool(history.bests))
        outcome.new_records = PersonalRecord.objects.bulk_create(
            [
                PersonalRecord(
                    user_id=session.user_id,
                    exercise_id=entry.exercise_id,
                    logged_set=logged,
                    kind=kind,
                    value=value,
                    achieved_at=logged_at,
                )
                for kind, value in found.items()
            ]
        )
    rollups.add_set_to_summaries(logged)
    outcome.unlocked_quotes = quote_unlocks.evaluate(
        session.user,
        "set_logged",
        session=session,
        now=now,
        logged_set=logged,
        new_records=outcome.new_records,
    )
    return outcome


@transaction.atomic
def update_set(logged: LoggedSet, data: Mapping[str, Any], now: dt.datetime) -> Outcome:
    """Saves an edited set, rebuilds that exercise's records and the session's roll-ups, and
    evaluates the set rules again: an edited reading can earn a quote as a new one does."""
    _lock_session(logged.session_id)
    _lock_records(logged.user_id, [logged.exercise_id])
    changed = {name: data[name] for name in set_fields() if name in data}
    for name, value in changed.items():
        setattr(logged, name, value)
    if "is_warmup" in changed:
        changed["kind"] = logged.sync_kind()
    # Only the edited fields, and never a re-insert of a set another tab has deleted.
    stored = LoggedSet.objects.filter(pk=logged.pk)
    if not (stored.update(**changed) if changed else stored.exists()):
        raise Gone("This set was deleted.")
    rebuild_records(logged.user, logged.exercise_id)
    rollups.refresh_session_summary(logged.session_id)
    outcome = Outcome(logged_set=logged, new_records=list(logged.records.all()))
    outcome.unlocked_quotes = quote_unlocks.evaluate(
        logged.user,
        "set_logged",
        session=logged.session,
        now=now,
        logged_set=logged,
        new_records=outcome.new_records,
    )
    return outcome


@transaction.atomic
def delete_set(logged: LoggedSet) -> None:
    user, exercise_id, session_id = logged.user, logged.exercise_id, logged.session_id
    _lock_session(session_id)
    _lock_records(logged.user_id, [exercise_id])
    if not logged.delete()[0]:
        return  # another request deleted it, and rebuilt what depended on it
    rebuild_records(user, exercise_id)
    rollups.refresh_session_summary(session_id)
