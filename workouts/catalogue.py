"""Loads the built-in exercises, plans and quotes from the JSON files in workouts/data/.

Idempotent: rows are matched by their natural keys (exercise slug, plan slug, plan week and
day, item key, quote number) and updated in place, never duplicated; a plan item that past
sessions were started from is never changed (see `load_items`). Used by the data
migration (with historical models) and by `manage.py load_catalogue`.
"""

import json
from pathlib import Path

from django.db import transaction

from workouts.rules import measures

DATA_DIR = Path(__file__).resolve().parent / "data"
# From the measures table: the names the JSON may list, and the Exercise flag each sets.
MEASURES = measures.catalogue_measures()
READINGS = measures.catalogue_readings()
ITEM_FIELDS = ("sets", "reps", "duration_s", "distance_m", "load_kg", "intensity", "rest_s", "note")


def read_json(name):
    path = DATA_DIR / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def plan_files():
    return sorted((DATA_DIR / "plans").glob("*.json"))


def exercise_fields(row):
    fields = {
        "name": row["name"],
        "style": row["style"],
        "category": row["category"],
        "equipment": row.get("equipment", ""),
        "howto": row.get("howto", ""),
    }
    for measure in MEASURES:
        fields[f"measures_{measure}"] = measure in row["measures"]
    for reading, field in READINGS.items():
        fields[field] = reading in row.get("readings", [])
    return fields


def load_exercises(Exercise, rows):
    by_slug = {}
    for row in rows:
        exercise, _ = Exercise.objects.update_or_create(
            owner=None, slug=row["slug"], defaults=exercise_fields(row)
        )
        by_slug[row["slug"]] = exercise
    return by_slug


def item_keys(items):
    """Each item's stable key: its own `key`, else its exercise's slug (`slug-2`, `slug-3`
    for the same exercise again that day)."""
    seen, keys = {}, []
    for item in items:
        slug = item["exercise"]
        seen[slug] = seen.get(slug, 0) + 1
        keys.append(item.get("key") or (slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"))
    return keys


def load_items(models, day, items, exercises):
    """Matches the day's items by key. An item whose prescription changed is updated in place
    unless a session was started from it: then it is retired (kept as that session's target)
    and a new one takes its key. Items gone from the file are deleted, or retired if used."""
    PlanItem, SessionExercise = models["PlanItem"], models["SessionExercise"]
    if not any(field.name == "key" for field in PlanItem._meta.get_fields()):
        return load_items_by_order(PlanItem, day, items, exercises)
    current = {item.key: item for item in PlanItem.objects.filter(day=day, current=True)}
    used = set(
        SessionExercise.objects.filter(plan_item__day=day).values_list("plan_item_id", flat=True)
    )
    keys = item_keys(items)
    for key in current.keys() - set(keys):
        gone = current[key]
        if gone.pk in used:
            gone.current = False
            gone.save(update_fields=["current"])
        else:
            gone.delete()
    for order, (key, item) in enumerate(zip(keys, items, strict=True)):
        values = item_values(item, exercises)
        stored = current.get(key)
        if stored is None:
            PlanItem.objects.create(day=day, key=key, order=order, **values)
            continue
        changed = any(getattr(stored, name) != value for name, value in values.items())
        if changed and stored.pk in used:
            stored.current = False
            stored.save(update_fields=["current"])
            PlanItem.objects.create(day=day, key=key, order=order, **values)
        elif changed or stored.order != order:
            for name, value in values.items():
                setattr(stored, name, value)
            stored.order = order
            stored.save()


def item_values(item, exercises):
    values = {field: item.get(field) for field in ITEM_FIELDS}
    values["intensity"] = values["intensity"] or ""
    values["note"] = values["note"] or ""
    values["sets"] = values["sets"] or 1
    values["exercise_id"] = exercises[item["exercise"]].pk
    return values


def load_items_by_order(PlanItem, day, items, exercises):
    """Before migration 0005 gave items a key (migration 0002 loads with the models of then)."""
    for order, item in enumerate(items):
        PlanItem.objects.update_or_create(
            day=day, order=order, defaults=item_values(item, exercises)
        )
    PlanItem.objects.filter(day=day, order__gte=len(items)).delete()


def load_plan(models, data, exercises):
    Plan, PlanDay = models["Plan"], models["PlanDay"]
    plan, _ = Plan.objects.update_or_create(
        slug=data["slug"],
        defaults={
            "name": data["name"],
            "style": data["style"],
            "tagline": data.get("tagline", ""),
            "description": data.get("description", ""),
            "weeks": len(data["weeks"]),
            "week_focus": [week.get("focus", "") for week in data["weeks"]],
        },
    )
    kept_days = []
    for week in data["weeks"]:
        for day_data in week["days"]:
            day, _ = PlanDay.objects.update_or_create(
                plan=plan,
                week=week["number"],
                day=day_data["day"],
                defaults={"title": day_data["title"], "note": day_data.get("note", "")},
            )
            kept_days.append(day.pk)
            load_items(models, day, day_data["items"], exercises)
    PlanDay.objects.filter(plan=plan).exclude(pk__in=kept_days).delete()
    return plan


def load_quotes(Quote, rows):
    for row in rows:
        Quote.objects.update_or_create(
            number=row["number"],
            defaults={
                "text": row["text"],
                "speaker": row["speaker"],
                "scene": row["scene"],
                "confidence": row["confidence"],
                "rule": row["rule"],
                "hint": row["hint"],
            },
        )


def load_all(apps):
    """Loads everything; `apps` is a Django app registry (historical in migrations)."""
    models = {
        name: apps.get_model("workouts", name)
        for name in ("Exercise", "Plan", "PlanDay", "PlanItem", "Quote", "SessionExercise")
    }
    counts = {"exercises": 0, "plans": 0, "quotes": 0}
    with transaction.atomic():
        rows = read_json("exercises.json") or []
        exercises = load_exercises(models["Exercise"], rows)
        counts["exercises"] = len(exercises)
        for path in plan_files():
            load_plan(models, json.loads(path.read_text(encoding="utf-8")), exercises)
            counts["plans"] += 1
        quotes = read_json("quotes.json") or []
        load_quotes(models["Quote"], quotes)
        counts["quotes"] = len(quotes)
    return counts
