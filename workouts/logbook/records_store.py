"""The records store: personal records as rows, and the SQL twins of the record formulas.

`history_at` reads what a new set is compared against: the stored bests of its exercise
(`ExerciseBests`, one row) and whether it is back-filled, in one query flat in the history;
`rebuild_records` recomputes an exercise's PersonalRecord rows and its bests from its history
with the pure rules in `workouts.rules.records`. `volume_expression`, `e1rm_expression` and
`pace_expression` are those same formulas as database expressions (used here and by
`workouts.dashboard.rollups`); tests/test_records_sql.py checks they agree with the Python ones.
Callers hold the lock order of `workouts.logbook.actions`.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Case, Exists, F, FloatField, JSONField, OuterRef, Q, Subquery, When

from workouts.models import ExerciseBests, LoggedSet, PersonalRecord, SessionExercise
from workouts.rules import records


def volume_expression():
    """A working set's volume (reps x load) in SQL; warm-ups and unloaded sets give NULL."""
    return Case(
        When(Q(is_warmup=False, reps__gt=0, load_kg__gt=0), then=F("reps") * F("load_kg")),
        output_field=FloatField(),
    )


def e1rm_expression():
    """A set's estimated 1RM in SQL, as records.epley computes it (None outside 1-12 reps)."""
    load = Q(load_kg__gt=0)
    return Case(
        When(load & Q(reps=1), then=F("load_kg")),
        When(
            load & Q(reps__gte=2, reps__lte=records.E1RM_MAX_REPS),
            then=F("load_kg") * (1 + F("reps") / 30.0),
        ),
        output_field=FloatField(),
    )


def pace_expression():
    """Seconds per metre in SQL, for sets with both a distance and a time."""
    return Case(
        When(Q(distance_m__gt=0, duration_s__gt=0), then=F("duration_s") * 1.0 / F("distance_m")),
        output_field=FloatField(),
    )


@dataclass
class History:
    bests: dict  # {kind: best value} over the exercise's working sets (`ExerciseBests`)
    later: bool  # a set of this exercise was logged after the moment asked about
    top_position: int  # the highest set position in the entry asked about
    found: bool = True  # False: the entry no longer exists


def history_at(user_id: int, exercise_id: int, before: dt.datetime, entry_id: int) -> History:
    """What saving a set of `entry_id` at `before` needs, in one query whose cost does not grow
    with the exercise's history: the stored bests (one `ExerciseBests` row), whether a set of
    the exercise was logged later (an index seek from `before` on: a back-filled set needs a
    full `rebuild_records`, and then the bests are not the ones before it), and the entry's
    highest position (the entry's own sets)."""
    sets = LoggedSet.objects.filter(user_id=user_id, exercise_id=exercise_id)
    # "Later" as `rebuild_records` orders a history: a set of another entry at the very same
    # moment may come after the new one (its session started later), so a tie is later too.
    later = sets.filter(logged_at__gte=before).exclude(logged_at=before, entry_id=entry_id)
    row = (
        SessionExercise.objects.filter(pk=entry_id)
        .annotate(
            top=Subquery(
                LoggedSet.objects.filter(entry_id=OuterRef("pk"))
                .order_by("-position")
                .values("position")[:1]
            ),
            later=Exists(later),
            bests=Subquery(
                ExerciseBests.objects.filter(user_id=user_id, exercise_id=exercise_id).values(
                    "values"
                )[:1],
                output_field=JSONField(),
            ),
        )
        .values("top", "later", "bests")
        .first()
    )
    if row is None:
        return History(bests={}, later=False, top_position=0, found=False)
    return History(bests=row["bests"] or {}, later=row["later"], top_position=row["top"] or 0)


def stored_bests(user_id: int, exercise_id: int) -> dict:
    """{kind: value}: the user's current best of each kind for an exercise (one row)."""
    row = ExerciseBests.objects.filter(user_id=user_id, exercise_id=exercise_id).first()
    return dict(row.values) if row is not None else {}


def with_bests(entries, user_id: int):
    """SessionExercise rows with `bests`: the user's stored bests of the entry's exercise
    ({kind: value}, None without any), read by a subquery of the entry's own query (one
    `ExerciseBests` row: no query of its own, and flat in the history)."""
    return entries.annotate(
        bests=Subquery(
            ExerciseBests.objects.filter(
                user_id=user_id, exercise_id=OuterRef("exercise_id")
            ).values("values")[:1],
            output_field=JSONField(),
        )
    )


def save_bests(user_id: int, exercise_id: int, bests: dict, *, stored: bool = True) -> None:
    """Writes an exercise's bests (`stored`: whether its row exists already); none: no row."""
    if not bests:
        ExerciseBests.objects.filter(user_id=user_id, exercise_id=exercise_id).delete()
    elif not stored or not ExerciseBests.objects.filter(
        user_id=user_id, exercise_id=exercise_id
    ).update(values=bests):
        ExerciseBests.objects.create(user_id=user_id, exercise_id=exercise_id, values=bests)


def rebuild_records(user: User, exercise_id: int) -> None:
    """Recomputes every record of one exercise from its history (after an edit or delete)."""
    history = (
        LoggedSet.objects.filter(user=user, exercise_id=exercise_id, is_warmup=False)
        .order_by("logged_at", "session__started_at", "position", "id")
        .values_list(
            "pk", "logged_at", "reps", "load_kg", "duration_s", "distance_m", "force_psi", "power_w"
        )
    )
    found, bests = records.replay(
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
        for pk, at, reps, load, duration, distance, force, power in history
    )
    PersonalRecord.objects.filter(user=user, exercise_id=exercise_id).delete()
    PersonalRecord.objects.bulk_create(
        [
            PersonalRecord(
                user=user,
                exercise_id=exercise_id,
                logged_set_id=pk,
                kind=kind,
                value=value,
                achieved_at=at,
            )
            for (pk, at), kind, value in found
        ]
    )
    save_bests(user.pk, exercise_id, bests)
