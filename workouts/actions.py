"""Write use-cases. Each runs in one transaction, loads what the rules need, calls the pure rule
modules, saves the results and returns a small Outcome for the view to announce."""

from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, F, FloatField, Max, Min, Q, When

from . import achievements, records
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
    outcome = Outcome()
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "session_finished", session=session, now=now)
    return outcome


@transaction.atomic
def delete_session(session):
    user = session.user
    exercise_ids = set(session.sets.values_list("exercise_id", flat=True))
    session.delete()
    for exercise_id in exercise_ids:
        rebuild_records(user, exercise_id)


# ---------- sets ----------

def _lock(session):
    """Serialise concurrent writers to one session (no-op on SQLite's IMMEDIATE transactions)."""
    WorkoutSession.objects.select_for_update().filter(pk=session.pk).first()


@transaction.atomic
def log_set(entry, data, now):
    """Saves a set, detects records against the user's previous bests, evaluates unlocks."""
    session = entry.session
    _lock(session)
    position = (LoggedSet.objects.filter(entry=entry).aggregate(top=Max("position"))["top"]
                or 0) + 1
    logged_at = now if session.finished_at is None else session.finished_at
    logged = LoggedSet.objects.create(
        entry=entry, session=session, user_id=session.user_id, exercise_id=entry.exercise_id,
        position=position, logged_at=logged_at,
        **{name: data.get(name) for name in SET_FIELDS if name in data})
    outcome = Outcome(logged_set=logged)
    later = LoggedSet.objects.filter(user_id=session.user_id, exercise_id=entry.exercise_id,
                                     logged_at__gt=logged_at).exists()
    if later:
        rebuild_records(session.user, entry.exercise_id)
        outcome.new_records = list(logged.records.all())
    else:
        bests = previous_bests(session.user_id, entry.exercise_id, exclude=logged.pk)
        found = records.new_records(bests, _values(logged))
        outcome.new_records = PersonalRecord.objects.bulk_create([
            PersonalRecord(user_id=session.user_id, exercise_id=entry.exercise_id,
                           logged_set=logged, kind=kind, value=value, achieved_at=logged_at)
            for kind, value in found.items()
        ])
    outcome.unlocked_quotes = achievements.evaluate(
        session.user, "set_logged", session=session, now=now, logged_set=logged,
        new_records=outcome.new_records)
    return outcome


@transaction.atomic
def update_set(logged, data):
    for name in SET_FIELDS:
        if name in data:
            setattr(logged, name, data[name])
    logged.save()
    rebuild_records(logged.user, logged.exercise_id)
    return Outcome(logged_set=logged, new_records=list(logged.records.all()))


@transaction.atomic
def delete_set(logged):
    user, exercise_id = logged.user, logged.exercise_id
    logged.delete()
    rebuild_records(user, exercise_id)


# ---------- records ----------

def previous_bests(user_id, exercise_id, exclude=None):
    """{kind: best} over the user's working sets of an exercise, in one aggregate query."""
    sets = LoggedSet.objects.filter(user_id=user_id, exercise_id=exercise_id, is_warmup=False)
    if exclude is not None:
        sets = sets.exclude(pk=exclude)
    has_load = Q(load_kg__gt=0)
    e1rm = Case(
        When(has_load & Q(reps=1), then=F("load_kg")),
        When(has_load & Q(reps__gte=2, reps__lte=records.E1RM_MAX_REPS),
             then=F("load_kg") * (1 + F("reps") / 30.0)),
        output_field=FloatField())
    volume = Case(When(has_load & Q(reps__gt=0), then=F("load_kg") * F("reps")),
                  output_field=FloatField())
    pace = Case(When(Q(distance_m__gt=0, duration_s__gt=0),
                     then=F("duration_s") * 1.0 / F("distance_m")), output_field=FloatField())
    row = sets.aggregate(**{f"best_{kind}": expression for kind, expression in {
        records.HEAVIEST: Max("load_kg", filter=has_load), records.E1RM: Max(e1rm),
        records.REPS: Max("reps"), records.SET_VOLUME: Max(volume),
        records.DISTANCE: Max("distance_m", filter=Q(distance_m__gt=0)),
        records.DURATION: Max("duration_s", filter=Q(duration_s__gt=0)),
        records.PACE: Min(pace), records.FORCE: Max("force_psi"), records.POWER: Max("power_w"),
    }.items()})
    return {name.removeprefix("best_"): float(value) for name, value in row.items() if value}


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
