"""Derived data checked against the raw sets, and rebuilt from them.

Derived data: the roll-ups (`SessionSummary`, `EntrySummary`), the denormalised columns of a set
(`session`, `user`, `exercise`, copies of its entry's), `PersonalRecord`, `ExerciseBests` and
each session's `local_date` and `minutes` (in the user's zone). `actions` keeps
them true on every write; `drift()` says where they are not (a write that went around
`actions`, a bug, a hand edit) and `rebuild()` makes them true again. Used by
`manage.py rebuild_rollups` and by the tests.
"""

import datetime as dt
import math
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q

from workouts.dashboard import rollups
from workouts.logbook import actions, records_store
from workouts.rules import records

from .models import (
    EntrySummary,
    ExerciseBests,
    LoggedSet,
    PersonalRecord,
    Profile,
    SessionSummary,
    WorkoutSession,
    local_fields,
)

SESSION_FIELDS = ("volume_kg", "distance_m", "set_count")
ENTRY_FIELDS = (
    "session_id",
    "user_id",
    "exercise_id",
    "at",
    "set_count",
    "e1rm_kg",
    "top_load_kg",
    "pace_s_per_m",
    "distance_m",
    "duration_s",
    "reps",
    "force_psi",
    "power_w",
)
SET_COLUMNS = {
    "session_id": "entry__session_id",
    "user_id": "entry__session__user_id",
    "exercise_id": "entry__exercise_id",
}
# The order `records_store.rebuild_records` reads a history in: records are defined by it.
HISTORY_ORDER = ("logged_at", "entry__session__started_at", "position", "id")
MISSING = "missing"


@dataclass(frozen=True)
class Drift:
    """One stored value that differs from what the raw sets give."""

    username: str
    row: str  # e.g. "SessionSummary of session 12"
    field: str
    expected: object
    stored: object

    def __str__(self):
        return (
            f"{self.username}: {self.row}: {self.field} expected {self.expected!r}, "
            f"stored {self.stored!r}"
        )


def same(expected, stored):
    if isinstance(expected, float) or isinstance(stored, float):
        if expected is None or stored is None:
            return expected is stored
        return math.isclose(expected, stored, rel_tol=1e-9, abs_tol=1e-9)
    return expected == stored


def users(username=None):
    """The users to check or rebuild: one by name, or everyone with a session or with stored
    bests or records (left behind when sessions are deleted around the actions: their bests
    have no set to cascade from)."""
    people = get_user_model().objects.order_by("pk")
    if username is not None:
        return people.filter(username=username)
    return people.filter(
        Q(pk__in=WorkoutSession.objects.values("user_id"))
        | Q(pk__in=ExerciseBests.objects.values("user_id"))
        | Q(pk__in=PersonalRecord.objects.values("user_id"))
    )


# ---------- what the raw sets give ----------


def _sets_of(user):
    """A user's sets, found through their entries (the raw data), not the set's own copies."""
    return LoggedSet.objects.filter(entry__session__user=user)


def expected_session_summaries(user):
    """{session_id: {field: value}} for every session of the user (no sets reads as zeros)."""
    totals = {
        row.pop("session_key"): row
        for row in (
            _sets_of(user)
            .values(session_key=F("entry__session_id"))
            .annotate(**rollups._session_totals())
            .order_by()
        )
    }
    zero = {"volume_kg": 0.0, "distance_m": 0.0, "set_count": 0}
    return {
        pk: totals.get(pk, zero)
        for pk in WorkoutSession.objects.filter(user=user).values_list("pk", flat=True)
    }


def expected_entry_summaries(user):
    """{entry_id: {field: value}} for every entry with a working set."""
    rows = (
        _sets_of(user)
        .filter(is_warmup=False)
        .values(
            entry_key=F("entry_id"),
            session_key=F("entry__session_id"),
            user_key=F("entry__session__user_id"),
            exercise_key=F("entry__exercise_id"),
        )
        .annotate(**rollups._entry_bests())
        .order_by()
    )
    expected = {}
    for row in rows:
        entry_id = row.pop("entry_key")
        row["session_id"], row["user_id"] = row.pop("session_key"), row.pop("user_key")
        row["exercise_id"] = row.pop("exercise_key")
        expected[entry_id] = row
    return expected


def expected_records(user):
    """{(set_id, kind): (exercise_id, value, achieved_at)} as `records.rebuild` finds them."""
    history = (
        _sets_of(user)
        .filter(is_warmup=False)
        .order_by("entry__exercise_id", *HISTORY_ORDER)
        .values_list(
            "entry__exercise_id",
            "pk",
            "logged_at",
            "reps",
            "load_kg",
            "duration_s",
            "distance_m",
            "force_psi",
            "power_w",
        )
    )
    by_exercise = defaultdict(list)
    for exercise_id, pk, at, reps, load, duration, distance, force, power in history:
        by_exercise[exercise_id].append(
            (
                (pk, at),
                records.SetValues(
                    reps=reps,
                    load_kg=load,
                    duration_s=duration,
                    distance_m=distance,
                    force_psi=force,
                    power_w=power,
                ),
            )
        )
    expected = {}
    for exercise_id, sets in by_exercise.items():
        for (pk, at), kind, value in records.rebuild(sets):
            expected[(pk, kind)] = (exercise_id, value, at)
    return expected


def expected_bests(user):
    """{exercise_id: {kind: best}} as `records.replay` ends each exercise's history."""
    history = (
        _sets_of(user)
        .filter(is_warmup=False)
        .order_by("entry__exercise_id", *HISTORY_ORDER)
        .values_list(
            "entry__exercise_id",
            "reps",
            "load_kg",
            "duration_s",
            "distance_m",
            "force_psi",
            "power_w",
        )
    )
    by_exercise = defaultdict(list)
    for exercise_id, reps, load, duration, distance, force, power in history:
        by_exercise[exercise_id].append(
            (
                None,
                records.SetValues(
                    reps=reps,
                    load_kg=load,
                    duration_s=duration,
                    distance_m=distance,
                    force_psi=force,
                    power_w=power,
                ),
            )
        )
    found = {pk: records.replay(sets)[1] for pk, sets in by_exercise.items()}
    return {pk: bests for pk, bests in found.items() if bests}


def expected_session_days(user):
    """{session_id: {"local_date", "minutes"}} from each session's times in the user's zone."""
    profile = Profile.objects.filter(user=user).first()
    zone = profile.zone if profile is not None else dt.UTC
    expected = {}
    for pk, start, end in WorkoutSession.objects.filter(user=user).values_list(
        "pk", "started_at", "finished_at"
    ):
        day, minutes = local_fields(start, end, zone)
        expected[pk] = {"local_date": day, "minutes": minutes}
    return expected


# ---------- the check ----------


def _compare(username, label, expected, stored, fields):
    """Drifts between {key: {field: value}} dicts; a row on one side only is one drift."""
    found = []
    for key in sorted(expected.keys() | stored.keys(), key=str):
        want, have = expected.get(key), stored.get(key)
        if have is None or want is None:
            found.append(
                Drift(
                    username,
                    label(key),
                    "row",
                    "present" if want else MISSING,
                    "present" if have else MISSING,
                )
            )
            continue
        found.extend(
            Drift(username, label(key), name, want[name], have[name])
            for name in fields
            if not same(want[name], have[name])
        )
    return found


def drift(username=None):
    """Every drift of the derived data, of one user (by name) or of everyone."""
    found = []
    for user in users(username):
        found.extend(user_drift(user))
    return found


def user_drift(user):
    name = user.get_username()
    found = []
    # Denormalised set columns: copies of the entry's session, owner and exercise.
    mismatched = (
        LoggedSet.objects.filter(entry__session__user=user)
        .exclude(**{column: F(source) for column, source in SET_COLUMNS.items()})
        .order_by("pk")
        .values("pk", *SET_COLUMNS, *SET_COLUMNS.values())
    )
    for row in mismatched:
        found.extend(
            Drift(name, f"LoggedSet {row['pk']}", column, row[source], row[column])
            for column, source in SET_COLUMNS.items()
            if row[column] != row[source]
        )

    # Session totals: a missing row and a row of zeros read the same on the dashboard.
    zero = {"volume_kg": 0.0, "distance_m": 0.0, "set_count": 0}
    expected = expected_session_summaries(user)
    stored = {
        row.pop("session_id"): row
        for row in SessionSummary.objects.filter(session__user=user).values(
            "session_id", *SESSION_FIELDS
        )
    }
    for pk in expected.keys() - stored.keys():
        stored[pk] = zero
    found += _compare(
        name, lambda pk: f"SessionSummary of session {pk}", expected, stored, SESSION_FIELDS
    )

    expected = expected_entry_summaries(user)
    stored = {
        row.pop("entry_id"): row
        for row in EntrySummary.objects.filter(entry__session__user=user).values(
            "entry_id", *ENTRY_FIELDS
        )
    }
    found += _compare(
        name, lambda pk: f"EntrySummary of entry {pk}", expected, stored, ENTRY_FIELDS
    )

    expected = {
        key: {"exercise_id": exercise_id, "user_id": user.pk, "value": value, "achieved_at": at}
        for key, (exercise_id, value, at) in expected_records(user).items()
    }
    stored = {
        (row.pop("logged_set_id"), row.pop("kind")): row
        for row in (
            PersonalRecord.objects.filter(user=user)
            | PersonalRecord.objects.filter(logged_set__entry__session__user=user)
        ).values("logged_set_id", "kind", "exercise_id", "user_id", "value", "achieved_at")
    }
    found += _compare(
        name,
        lambda key: f"PersonalRecord {key[1]} of set {key[0]}",
        expected,
        stored,
        ("exercise_id", "user_id", "value", "achieved_at"),
    )

    # The bests a new set is compared against: one row per exercise, every kind.
    expected = {
        pk: {kind: bests.get(kind) for kind in records.KINDS}
        for pk, bests in expected_bests(user).items()
    }
    stored = {
        pk: {kind: values.get(kind) for kind in records.KINDS}
        for pk, values in ExerciseBests.objects.filter(user=user).values_list(
            "exercise_id", "values"
        )
    }
    found += _compare(
        name, lambda pk: f"ExerciseBests of exercise {pk}", expected, stored, records.KINDS
    )

    # Each session's local date and minutes, stored at write time in the user's zone.
    expected = expected_session_days(user)
    stored = {
        row.pop("pk"): row
        for row in WorkoutSession.objects.filter(user=user).values("pk", "local_date", "minutes")
    }
    found += _compare(
        name, lambda pk: f"WorkoutSession {pk}", expected, stored, ("local_date", "minutes")
    )
    return found


# ---------- the rebuild ----------


def rebuild(username=None):
    """Rebuilds the derived data from the raw sets; returns how many users were rebuilt."""
    count = 0
    for user in users(username):
        rebuild_user(user)
        count += 1
    return count


@transaction.atomic
def rebuild_user(user):
    # The lock order of `logbook.actions`: every session of the user, then every exercise's records.
    actions.lock_history(user)
    actions.stamp_sessions(user.pk)
    for logged in (
        LoggedSet.objects.filter(entry__session__user=user)
        .exclude(**{column: F(source) for column, source in SET_COLUMNS.items()})
        .values("pk", *SET_COLUMNS.values())
    ):
        LoggedSet.objects.filter(pk=logged["pk"]).update(
            **{column: logged[source] for column, source in SET_COLUMNS.items()}
        )
    rollups.rebuild_summaries(user)
    exercise_ids = set(_sets_of(user).values_list("exercise_id", flat=True)) | set(
        PersonalRecord.objects.filter(user=user).values_list("exercise_id", flat=True)
    )
    # Records that name the user's sets but another user or exercise go first.
    PersonalRecord.objects.filter(logged_set__entry__session__user=user).exclude(
        user=user, exercise_id=F("logged_set__exercise_id")
    ).delete()
    exercise_ids |= set(
        ExerciseBests.objects.filter(user=user).values_list("exercise_id", flat=True)
    )
    for exercise_id in sorted(exercise_ids):
        records_store.rebuild_records(user, exercise_id)
