"""The records store: personal records as rows, and the SQL twins of the record formulas.

`previous_bests` reads a user's bests of one exercise before a moment (one aggregate query);
`rebuild_records` recomputes an exercise's PersonalRecord rows from its history with the pure
rules in `workouts.rules.records`. `volume_expression`, `e1rm_expression` and `pace_expression`
are those same formulas as database expressions (used here and by `workouts.dashboard.rollups`);
tests/test_records_sql.py checks they agree with the Python ones. Callers hold the lock order of
`workouts.logbook.actions`.
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Case, Count, F, FloatField, Max, Min, Q, When

from workouts.models import LoggedSet, PersonalRecord, SessionExercise
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
    bests: dict  # {kind: best value}
    later: bool  # a set of this exercise was logged after the moment asked about
    top_position: int  # the highest set position in the entry asked about


def previous_bests(
    user_id: int, exercise_id: int, before: dt.datetime, entry: SessionExercise | None = None
) -> History:
    """The user's bests of an exercise over working sets logged up to `before`, in one query."""
    sets = LoggedSet.objects.filter(user_id=user_id, exercise_id=exercise_id)
    earlier = Q(logged_at__lte=before, is_warmup=False)
    has_load = Q(load_kg__gt=0)
    e1rm, pace = e1rm_expression(), pace_expression()
    volume = volume_expression()
    # "Later" as `rebuild_records` orders a history: a set of another entry at the very same
    # moment may come after the new one (its session started later), so a tie is later too.
    later = Q(logged_at__gt=before) | (Q(logged_at=before) & ~Q(entry=entry))
    row = sets.aggregate(
        later=Count("pk", filter=later),
        top_position=Max("position", filter=Q(entry=entry)),
        **{
            f"best_{kind}": expression
            for kind, expression in {
                records.HEAVIEST: Max("load_kg", filter=earlier & has_load),
                records.E1RM: Max(e1rm, filter=earlier),
                records.REPS: Max("reps", filter=earlier),
                records.SET_VOLUME: Max(volume, filter=earlier),
                records.DISTANCE: Max("distance_m", filter=earlier & Q(distance_m__gt=0)),
                records.DURATION: Max("duration_s", filter=earlier & Q(duration_s__gt=0)),
                records.PACE: Min(pace, filter=earlier),
                records.FORCE: Max("force_psi", filter=earlier),
                records.POWER: Max("power_w", filter=earlier),
            }.items()
        },
    )
    later, top = row.pop("later") > 0, row.pop("top_position") or 0
    bests = {name.removeprefix("best_"): float(v) for name, v in row.items() if v}
    return History(bests=bests, later=later, top_position=top)


def rebuild_records(user: User, exercise_id: int) -> None:
    """Recomputes every record of one exercise from its history (after an edit or delete)."""
    history = (
        LoggedSet.objects.filter(user=user, exercise_id=exercise_id, is_warmup=False)
        .order_by("logged_at", "session__started_at", "position", "id")
        .values_list(
            "pk", "logged_at", "reps", "load_kg", "duration_s", "distance_m", "force_psi", "power_w"
        )
    )
    found = records.rebuild(
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
