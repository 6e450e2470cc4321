"""Writes a parsed file into a user's history: all of it or nothing, in one transaction.

Then everything derived is rebuilt as if the history had been logged here: personal records per
exercise (`records_store.rebuild_records`), the dashboard roll-ups
(`rollups.rebuild_summaries`) and the quotes with the dates they would have had (`quotes.replay`).

A workout's key (source, local start, title) is stored with it (`ImportedWorkout`); workouts
whose key is already there are skipped, so importing the same file twice adds nothing and a newer
export adds only what is new.
"""

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from workouts import dbstats
from workouts.dashboard import rollups
from workouts.logbook import actions, records_store
from workouts.quotes import evaluate as quotes
from workouts.rules import timeutils

from ..models import (
    BodyWeight,
    Enrolment,
    Exercise,
    LoggedSet,
    Plan,
    PlanDay,
    PlanItem,
    Profile,
    SessionExercise,
    SkippedDay,
    Style,
    WorkoutSession,
)
from .formats import base
from .matching import CONFIDENT, Matcher, measures_used
from .models import ImportedWorkout

NEW = "new"
WEIGHT_FACTORS = {"kg": 1.0, "lb": 0.45359237}
DISTANCE_FACTORS = {"km": 1000.0, "mi": 1609.344, "m": 1.0}


def block_key(block):
    """How the review screen and the mapping name an exercise of the file."""
    return f"slug:{block.slug}" if block.slug else block.name


@dataclass
class FileExercise:
    key: str
    name: str
    sets: int = 0
    measures: dict = field(default_factory=dict)
    match_id: int | None = None
    match_name: str = ""
    confidence: str | None = None


def file_exercises(parsed, user):
    """Each distinct exercise of the file with its set count, measures and best match."""
    matcher = Matcher(Exercise.objects.visible_to(user))
    found, sets = {}, {}
    for workout in parsed.workouts:
        for block in workout.blocks:
            key = block_key(block)
            if key not in found:
                found[key] = FileExercise(key=key, name=block.name)
                sets[key] = []
            found[key].sets += len(block.sets)
            sets[key].extend(block.sets)
    for key, item in found.items():
        slug = key.removeprefix("slug:") if key.startswith("slug:") else ""
        match = matcher.match(item.name, slug)
        if (
            parsed.source == "montage"
            and not slug
            and match.exercise is not None
            and match.exercise.owner_id != user.pk
        ):
            # Montage's own export names only the user's own exercises: one named like a
            # built-in stays theirs (reused by name, or made again), never the built-in.
            match = dataclasses.replace(match, exercise=None, confidence=None)
        if match.exercise is not None:
            item.match_id, item.match_name = match.exercise.pk, match.exercise.name
            if slug:
                item.name = match.exercise.name
        item.confidence = match.confidence
        definition = parsed.exercises.get(item.name)
        item.measures = (
            {k: v for k, v in definition.items() if k.startswith("measures_")}
            if definition
            else measures_used(sets[key])
        )
        if not any(item.measures.values()):
            item.measures = measures_used(sets[key])
    return sorted(found.values(), key=lambda item: item.name.lower())


def workout_keys(parsed):
    return [base.workout_key(parsed.source, workout) for workout in parsed.workouts]


def already_imported(user, parsed, zone):
    """Keys of the file's workouts that this user has already (imported, or for Montage's own
    export, a session with the same start and title)."""
    keys = workout_keys(parsed)
    done = (
        set(ImportedWorkout.objects.filter(user=user, key__in=keys).values_list("key", flat=True))
        if len(keys) < 5000
        else set(ImportedWorkout.objects.filter(user=user).values_list("key", flat=True))
    )
    if parsed.source == "montage":
        starts = {w.start for w in parsed.workouts}
        existing = (
            set(
                WorkoutSession.objects.filter(user=user, started_at__in=starts).values_list(
                    "started_at", "title"
                )
            )
            if len(starts) < 5000
            else set(WorkoutSession.objects.filter(user=user).values_list("started_at", "title"))
        )
        for key, workout in zip(keys, parsed.workouts, strict=True):
            if (_start(workout, zone), workout.title) in existing:
                done.add(key)
    return done & set(keys)


def summarise(parsed):
    """The small facts the review screen shows, stored with the pending import."""
    sets = [s for w in parsed.workouts for b in w.blocks for s in b.sets]
    days = [w.start.date() for w in parsed.workouts]
    return {
        "workouts": len(parsed.workouts),
        "sets": len(sets),
        "warmups": sum(s.kind == "warmup" for s in sets),
        "drops": sum(s.kind == "drop" for s in sets),
        "failures": sum(s.kind == "failure" for s in sets),
        "first": min(days).isoformat() if days else None,
        "last": max(days).isoformat() if days else None,
        "needs_weight_unit": parsed.needs_weight_unit,
        "needs_distance_unit": parsed.needs_distance_unit,
        "weight_unit": parsed.weight_unit,
        "distance_unit": parsed.distance_unit,
        "notices": parsed.notices,
        "skipped": parsed.skipped[: base.MAX_PROBLEMS_SHOWN],
        "skipped_count": len(parsed.skipped),
        "body_weights": len(parsed.body_weights),
        "has_profile": bool(parsed.profile),
    }


def _start(workout, zone):
    start = workout.start
    if start.tzinfo is None:
        start = start.replace(tzinfo=zone)
    return start.astimezone(dt.UTC)


def _style(styles):
    themed = set(styles) - {Style.BOTH}
    return themed.pop() if len(themed) == 1 else (Style.BOTH if themed else "")


@dataclass
class Result:
    workouts: int = 0
    sets: int = 0
    warmups: int = 0
    new_exercises: int = 0
    skipped: int = 0  # workouts already imported
    records: int = 0
    quotes: int = 0
    body_weights: int = 0

    def line(self):
        return (
            f"{self.workouts} workouts, {self.sets} sets ({self.warmups} warm-ups), "
            f"{self.new_exercises} new exercises, {self.skipped} workouts skipped as "
            "already imported"
        )


class Mapping(dict):
    """File exercise key -> Exercise id or NEW."""


def resolve_for_shell(parsed, user):
    """The shell's mapping: confident matches, everything else becomes the user's own."""
    return Mapping(
        {
            item.key: item.match_id if item.confidence == CONFIDENT else NEW
            for item in file_exercises(parsed, user)
        }
    )


def _own_exercises(user, parsed, mapping, items):
    """Exercise id per file key; creates the user's own exercises asked for (or reuses one of
    the same name). Returns (ids, how many were created)."""
    ids, created = {}, 0
    visible = set(Exercise.objects.visible_to(user).values_list("pk", flat=True))
    own = {e.name.lower(): e.pk for e in Exercise.objects.filter(owner=user)}
    for item in items:
        choice = mapping.get(item.key, NEW)
        if choice != NEW and choice in visible:
            ids[item.key] = choice
            continue
        name = item.name.strip()[:80] or "Imported exercise"
        if name.lower() in own:
            ids[item.key] = own[name.lower()]
            continue
        definition = parsed.exercises.get(item.name, {})
        exercise = Exercise.objects.create(
            owner=user,
            name=name,
            **{
                **item.measures,
                **{k: v for k, v in definition.items() if not k.startswith("measures_")},
            },
        )
        own[name.lower()] = ids[item.key] = exercise.pk
        created += 1
    return ids, created


def _adopt_profile(user, settings):
    profile, _ = Profile.objects.get_or_create(user=user)
    if settings.get("weight_unit") in ("kg", "lb"):
        profile.weight_unit = settings["weight_unit"]
    if settings.get("distance_unit") in ("km", "mi"):
        profile.distance_unit = settings["distance_unit"]
    if timeutils.is_valid_zone(settings.get("time_zone") or ""):
        profile.time_zone = settings["time_zone"]
    if settings.get("week_start") in (0, 5, 6):
        profile.week_start = settings["week_start"]
    profile.save()
    return profile


@dataclass
class Plans:
    """Where the file's plan references land: enrolments by file key, plan days and items."""

    enrolments: dict = field(default_factory=dict)  # file key -> Enrolment id
    days: dict = field(default_factory=dict)  # (plan, week, day) -> PlanDay id
    items: dict = field(default_factory=dict)  # (plan, week, day, order) -> PlanItem id
    styles: dict = field(default_factory=dict)  # plan slug -> style


def _plans(user, parsed):
    """Recreates the plans the file says were followed (Montage's own export). One already
    here (same plan and start date) is reused, so a re-import adds none; if the user already
    follows a plan, the file's current one comes in as left (one current plan per user)."""
    plans = Plans()
    if not parsed.enrolments and not any(w.plan_day for w in parsed.workouts):
        return plans
    visible = Plan.objects.visible_to(user)  # never another user's own plan
    by_slug = {plan.slug: plan for plan in visible}
    plans.styles = {slug: plan.style for slug, plan in by_slug.items()}
    plans.days = {
        tuple(row[1:]): row[0]
        for row in PlanDay.objects.filter(plan__in=visible).values_list(
            "pk", "plan__slug", "week", "day"
        )
    }
    plans.items = {
        tuple(row[1:]): row[0]
        for row in PlanItem.objects.filter(day__plan__in=visible).values_list(
            "pk", "day__plan__slug", "day__week", "day__day", "order"
        )
    }
    existing = {
        (slug, start.isoformat()): pk
        for pk, slug, start in Enrolment.objects.filter(user=user).values_list(
            "pk", "plan__slug", "start_date"
        )
    }
    has_current = Enrolment.objects.filter(user=user).current().exists()
    for data in parsed.enrolments:
        plan = by_slug.get(data["plan"])
        ident = (data["plan"], data["start_date"])
        if plan is None:
            continue
        if ident in existing:
            plans.enrolments[data["key"]] = existing[ident]
            continue
        status, ended_at = data["status"], data["ended_at"]
        if status in (Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED):
            if has_current:
                status, ended_at = Enrolment.Status.ENDED, timezone.now().isoformat()
            has_current = True
        enrolment = Enrolment.objects.create(
            user=user,
            plan=plan,
            start_date=data["start_date"],
            fight_date=data["fight_date"],
            status=status,
            paused_on=data["paused_on"] if status == "paused" else None,
            ended_at=ended_at,
        )
        if data["created_at"]:
            Enrolment.objects.filter(pk=enrolment.pk).update(created_at=data["created_at"])
        SkippedDay.objects.bulk_create(
            [
                SkippedDay(enrolment=enrolment, plan_day_id=plans.days[(data["plan"], week, day)])
                for week, day in data["skipped"]
                if (data["plan"], week, day) in plans.days
            ],
            ignore_conflicts=True,
        )
        existing[ident] = plans.enrolments[data["key"]] = enrolment.pk
    return plans


def _place(mapping, reference, keys):
    return mapping.get(tuple(reference[k] for k in keys)) if reference else None


def _insert_sets(rows):
    """INSERTs sets (dicts of column values) with one prepared statement (executemany): what
    bulk_create does without building model instances and SQL per row, which was most of an
    import's write time. Datetimes and decimals are adapted as Django adapts them."""
    ops = connection.ops
    fields = [f for f in LoggedSet._meta.concrete_fields if not f.primary_key]
    adapt = {
        f.attname: ops.adapt_datetimefield_value
        for f in fields
        if f.get_internal_type() == "DateTimeField"
    }
    adapt["rpe"] = lambda value: ops.adapt_decimalfield_value(value, 3, 1)
    names = [f.attname for f in fields]
    table = ops.quote_name(LoggedSet._meta.db_table)
    columns = ", ".join(ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    values = [
        [
            adapt[name](row[name]) if name in adapt and row[name] is not None else row[name]
            for name in names
        ]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)


def _quiet(*_args):
    pass


@transaction.atomic
def commit(
    user,
    parsed,
    mapping,
    *,
    weight_unit=None,
    distance_unit=None,
    adopt_profile=False,
    progress=None,
):
    """Writes the workouts not imported before; returns a `Result`. Raises `base.ImportError_`
    (before writing anything) if a unit the file lacks was not given."""
    progress = progress or _quiet
    weight_unit = parsed.weight_unit or weight_unit
    distance_unit = parsed.distance_unit or distance_unit
    if parsed.needs_weight_unit and weight_unit not in WEIGHT_FACTORS:
        raise base.ImportError_("Say whether the file's weights are in kg or lb.")
    if parsed.needs_distance_unit and distance_unit not in DISTANCE_FACTORS:
        raise base.ImportError_("Say whether the file's distances are in km or miles.")
    kg, metres = WEIGHT_FACTORS.get(weight_unit, 1.0), DISTANCE_FACTORS.get(distance_unit, 1.0)
    if adopt_profile and parsed.profile:
        before = Profile.objects.filter(user=user).values_list("time_zone", flat=True).first()
        if _adopt_profile(user, parsed.profile).time_zone != before:
            actions.restamp_sessions(user.pk)  # the sessions already there move with the zone
    zone = Profile.objects.get_or_create(user=user)[0].zone
    result = Result()
    progress("write", 0, 1)

    keys = workout_keys(parsed)
    done = already_imported(user, parsed, zone)
    todo, seen = [], set()
    for key, workout in zip(keys, parsed.workouts, strict=True):
        if key in done:
            result.skipped += 1
            continue
        if key in seen:  # the same workout twice in one file: once is enough
            continue
        seen.add(key)
        todo.append((key, workout))
    if not todo:
        return result
    items = [
        item
        for item in file_exercises(parsed, user)
        if any(block_key(b) == item.key for _, w in todo for b in w.blocks)
    ]
    ids, result.new_exercises = _own_exercises(user, parsed, mapping, items)
    styles = dict(Exercise.objects.filter(pk__in=set(ids.values())).values_list("pk", "style"))
    plans = _plans(user, parsed)

    sessions, entries, sets, keys_rows = [], [], [], []
    for key, workout in todo:
        start = _start(workout, zone)
        finished = (
            None if workout.unfinished else start + dt.timedelta(seconds=workout.duration_s or 0)
        )
        plan_day_id = _place(plans.days, workout.plan_day, ("plan", "week", "day"))
        enrolment_id = plans.enrolments.get(workout.enrolment)
        style = (
            plans.styles[workout.plan_day["plan"]]
            if plan_day_id
            else _style(styles[ids[block_key(b)]] for b in workout.blocks)
        )
        session = WorkoutSession(
            user=user,
            title=workout.title[:120] or "Workout",
            started_at=start,
            finished_at=finished,
            notes=workout.notes,
            rpe=workout.rpe,
            style=style,
            plan_day_id=plan_day_id,
            enrolment_id=enrolment_id if plan_day_id else None,
        ).stamp(zone)
        sessions.append(session)
        keys_rows.append(ImportedWorkout(user=user, session=session, key=key))
        default_at = finished or start
        for order, block in enumerate(workout.blocks):
            exercise_id = ids[block_key(block)]
            entry = SessionExercise(
                session=session,
                exercise_id=exercise_id,
                order=order,
                note=block.note,
                plan_item_id=_place(plans.items, block.plan_item, ("plan", "week", "day", "order")),
            )
            entries.append(entry)
            for position, row in enumerate(block.sets, start=1):
                warmup = row.kind == "warmup"
                result.warmups += warmup
                sets.append(
                    (
                        entry,
                        session,
                        {
                            "user_id": user.pk,
                            "exercise_id": exercise_id,
                            "position": position,
                            "reps": row.reps,
                            "load_kg": row.weight * kg if row.weight else None,
                            "distance_m": row.distance * metres if row.distance else None,
                            "duration_s": row.seconds,
                            "force_psi": row.force_psi,
                            "power_w": row.power_w,
                            "heart_rate_bpm": row.heart_rate_bpm,
                            "rpe": Decimal(str(row.rpe)) if row.rpe is not None else None,
                            "is_warmup": warmup,
                            "kind": row.kind,
                            "note": row.note[:1000],
                            "logged_at": (
                                dt.datetime.fromisoformat(row.logged_at)
                                if row.logged_at
                                else default_at
                            ),
                        },
                    )
                )
    result.workouts, result.sets = len(sessions), len(sets)
    WorkoutSession.objects.bulk_create(sessions, batch_size=500)
    for entry in entries:
        entry.session_id = entry.session.pk
    SessionExercise.objects.bulk_create(entries, batch_size=1000)
    for row in keys_rows:
        row.session_id = row.session.pk
    ImportedWorkout.objects.bulk_create(keys_rows, batch_size=1000)
    total = len(sets)
    for start_at in range(0, total, 5000):
        chunk = sets[start_at : start_at + 5000]
        _insert_sets(
            [
                {**values, "entry_id": entry.pk, "session_id": session.pk}
                for entry, session, values in chunk
            ]
        )
        progress("write", start_at + len(chunk), total)
    if parsed.body_weights:
        before = BodyWeight.objects.filter(user=user).count()
        BodyWeight.objects.bulk_create(
            [
                BodyWeight(user=user, date=dt.date.fromisoformat(day), weight_kg=weight)
                for day, weight in parsed.body_weights
            ],
            ignore_conflicts=True,
            batch_size=1000,
        )
        result.body_weights = BodyWeight.objects.filter(user=user).count() - before

    exercise_ids = sorted({values["exercise_id"] for _, _, values in sets})
    for number, exercise_id in enumerate(exercise_ids, start=1):
        records_store.rebuild_records(user, exercise_id)
        progress("records", number, len(exercise_ids))
    result.records = user.records.count()
    progress("rollups", 0, 1)
    rollups.rebuild_summaries(user)
    progress("quotes", 0, 1)
    result.quotes = quotes.replay(user)
    progress("quotes", 1, 1)
    dbstats.refresh_after_commit()  # a bulk load: the planner's statistics follow it
    return result
