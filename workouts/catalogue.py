"""Loads the built-in exercises, plans and quotes from the JSON files in workouts/data/.

Idempotent: rows are matched by their natural keys (exercise slug, plan slug, plan week and
day, item order, quote number) and updated in place, never duplicated. Used by the data
migration (with historical models) and by `manage.py load_catalogue`.
"""

import json
from pathlib import Path

from django.db import transaction

DATA_DIR = Path(__file__).resolve().parent / "data"
MEASURES = ("reps", "load", "duration", "distance")
READINGS = {"force": "reads_force", "power": "reads_power", "heart_rate": "reads_heart_rate"}
ITEM_FIELDS = ("sets", "reps", "duration_s", "distance_m", "load_kg", "intensity", "rest_s",
               "note")


def read_json(name):
    path = DATA_DIR / name
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def plan_files():
    return sorted((DATA_DIR / "plans").glob("*.json"))


def exercise_fields(row):
    fields = {
        "name": row["name"], "style": row["style"], "category": row["category"],
        "equipment": row.get("equipment", ""), "howto": row.get("howto", ""),
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
            owner=None, slug=row["slug"], defaults=exercise_fields(row))
        by_slug[row["slug"]] = exercise
    return by_slug


def load_plan(models, data, exercises):
    Plan, PlanDay, PlanItem = models["Plan"], models["PlanDay"], models["PlanItem"]
    plan, _ = Plan.objects.update_or_create(slug=data["slug"], defaults={
        "name": data["name"], "style": data["style"], "tagline": data.get("tagline", ""),
        "description": data.get("description", ""), "weeks": len(data["weeks"]),
        "week_focus": [week.get("focus", "") for week in data["weeks"]],
    })
    kept_days = []
    for week in data["weeks"]:
        for day_data in week["days"]:
            day, _ = PlanDay.objects.update_or_create(
                plan=plan, week=week["number"], day=day_data["day"],
                defaults={"title": day_data["title"], "note": day_data.get("note", "")})
            kept_days.append(day.pk)
            for order, item in enumerate(day_data["items"]):
                values = {field: item.get(field) for field in ITEM_FIELDS}
                values["intensity"] = values["intensity"] or ""
                values["note"] = values["note"] or ""
                values["sets"] = values["sets"] or 1
                values["exercise"] = exercises[item["exercise"]]
                PlanItem.objects.update_or_create(day=day, order=order, defaults=values)
            PlanItem.objects.filter(day=day, order__gte=len(day_data["items"])).delete()
    PlanDay.objects.filter(plan=plan).exclude(pk__in=kept_days).delete()
    return plan


def load_quotes(Quote, rows):
    for row in rows:
        Quote.objects.update_or_create(number=row["number"], defaults={
            "text": row["text"], "speaker": row["speaker"], "scene": row["scene"],
            "confidence": row["confidence"], "rule": row["rule"], "hint": row["hint"],
        })


def load_all(apps):
    """Loads everything; `apps` is a Django app registry (historical in migrations)."""
    models = {name: apps.get_model("workouts", name)
              for name in ("Exercise", "Plan", "PlanDay", "PlanItem", "Quote")}
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
