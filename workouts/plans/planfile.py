"""Plan files: a plan as JSON, to share (issue 14). Versioned; no user data in it (no owner, no
sessions, no enrolments; an own exercise travels as its name and measures only, never its notes).

    {"format": "montage-plan", "version": 1,
     "plan": {"name", "style", "tagline", "description",
              "weeks": [{"number", "focus", "days": [{"day", "title", "note", "rest_day",
                         "items": [{"exercise": "bench-press" | {"name", "category", "measures"},
                                    "sets", "reps", "reps_max", "duration_s", "distance_m",
                                    "load_kg", "load_rule", "load_percent", "rest_s", "note",
                                    "progression", "progression_amount", "deload_week",
                                    "deload_percent"}]}]}]}}

Importing checks everything before writing anything, refuses a bad or hostile file with a reason
(`Refused`), and creates the importer's own copy in one transaction. An own exercise is matched
to the importer's exercise of that name (any case), else created for them.
"""

import json

from django.db import transaction
from django.db.models.functions import Lower

from workouts.models import Category, Exercise, Plan, PlanDay, PlanItem, Style
from workouts.plans import editing
from workouts.rules import measures, progression

FORMAT = "montage-plan"
VERSION = 1
MAX_BYTES = 512 * 1024
MAX_WEEKS = editing.MAX_WEEKS
MAX_ITEMS = editing.MAX_ITEMS_PER_DAY
MEASURE_NAMES = tuple(measures.catalogue_measures())


class Refused(Exception):
    """The file cannot be imported; the message says why."""


def plan_data(plan):
    days = PlanDay.objects.filter(plan=plan).prefetch_related("items__exercise")
    focus = list(plan.week_focus or [])
    weeks = {n: [] for n in range(1, plan.weeks + 1)}
    for day in days:
        items = []
        for item in day.items.all():
            rule = item.load_rule_value
            exercise = item.exercise
            items.append(
                {
                    "exercise": exercise.slug
                    if exercise.is_builtin
                    else {
                        "name": exercise.name,
                        "category": exercise.category,
                        "style": exercise.style,
                        "measures": exercise.measure_names,
                    },
                    "sets": item.sets,
                    "reps": item.reps,
                    "reps_max": item.reps_max,
                    "duration_s": item.duration_s,
                    "distance_m": item.distance_m,
                    "load_rule": rule.kind,
                    "load_kg": item.load_kg if rule.kind == progression.ABSOLUTE else None,
                    "load_percent": rule.value if rule.kind == progression.E1RM else None,
                    "intensity": item.intensity,
                    "rest_s": item.rest_s,
                    "note": item.note,
                    "progression": item.progression,
                    "progression_amount": item.progression_amount,
                    "deload_week": item.deload_week,
                    "deload_percent": item.deload_percent,
                }
            )
        weeks.setdefault(day.week, []).append(
            {
                "day": day.day,
                "title": day.title,
                "note": day.note,
                "rest_day": day.rest_day,
                "items": items,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "plan": {
            "name": plan.name,
            "style": plan.style,
            "tagline": plan.tagline,
            "description": plan.description,
            "weeks": [
                {"number": n, "focus": focus[n - 1] if n <= len(focus) else "", "days": d}
                for n, d in sorted(weeks.items())
            ],
        },
    }


def dumps(plan):
    return json.dumps(plan_data(plan), indent=2, ensure_ascii=False)


# ---------- reading a file: every check before any write ----------


def _text(row, name, limit, required=False):
    value = row.get(name, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise Refused(f"“{name}” must be text.")
    if "\x00" in value:
        raise Refused(f"“{name}” holds a NUL character.")
    value = value.strip()
    if required and not value:
        raise Refused(f"“{name}” is missing.")
    if len(value) > limit:
        raise Refused(f"“{name}” is longer than {limit} characters.")
    return value


def _number(row, name, low, high, whole=True, where=""):
    value = row.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Refused(f"{where}“{name}” must be a number.")
    # Compared before any float(): a 400-digit integer is refused, not an OverflowError; NaN
    # and infinity fail the comparison too.
    if not low <= value <= high:
        raise Refused(f"{where}“{name}” must be between {low} and {high}.")
    if whole:
        if value != int(value):
            raise Refused(f"{where}“{name}” must be a whole number.")
        return int(value)
    return float(value)


def _choice(row, name, choices, where=""):
    value = row.get(name) or ""
    if value not in choices:
        raise Refused(
            f"{where}“{name}” must be one of: {', '.join(c or '(none)' for c in choices)}."
        )
    return value


def read(raw: bytes):
    """The checked file as plain values, or Refused."""
    if len(raw) > MAX_BYTES:
        raise Refused(
            f"The file is larger than {MAX_BYTES // 1024} KB; a plan file is far smaller."
        )
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Refused("This is not a JSON file.") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise Refused("This is not a Montage plan file (its “format” is not montage-plan).")
    version = data.get("version")
    if version != VERSION:
        raise Refused(
            f"This plan file is version {version!r}; this Montage reads version {VERSION}."
        )
    plan = data.get("plan")
    if not isinstance(plan, dict):
        raise Refused("The file has no plan in it.")
    out = {
        "name": _text(plan, "name", 80, required=True),
        "style": _choice(plan, "style", [s.value for s in Style])
        if plan.get("style")
        else Style.BOTH,
        "tagline": _text(plan, "tagline", 200),
        "description": _text(plan, "description", 2000),
        "weeks": [],
    }
    weeks = plan.get("weeks")
    if not isinstance(weeks, list) or not weeks:
        raise Refused("The plan has no weeks.")
    if len(weeks) > MAX_WEEKS:
        raise Refused(f"The plan has {len(weeks)} weeks; {MAX_WEEKS} at most.")
    training = 0
    for index, week in enumerate(weeks, start=1):
        if not isinstance(week, dict) or not isinstance(week.get("days", []), list):
            raise Refused(f"Week {index} is not laid out as a week.")
        days = week.get("days", [])
        if len(days) > 7:
            raise Refused(f"Week {index} has {len(days)} days; a week has seven at most.")
        seen = set()
        checked = []
        for day in days:
            if not isinstance(day, dict):
                raise Refused(f"Week {index} has a day that is not laid out as a day.")
            where = f"Week {index}: "
            number = _number(day, "day", 1, 7, where=where)
            if number is None:
                raise Refused(f"{where}a day has no “day” number (1-7).")
            if number in seen:
                raise Refused(f"{where}day {number} appears twice.")
            seen.add(number)
            items = day.get("items", [])
            if not isinstance(items, list):
                raise Refused(f"{where}day {number}'s items are not a list.")
            if len(items) > MAX_ITEMS:
                raise Refused(f"{where}day {number} has more than {MAX_ITEMS} exercises.")
            rest_day = day.get("rest_day", False)
            if not isinstance(rest_day, bool):
                raise Refused(f"{where}day {number}'s “rest_day” must be true or false.")
            training += 0 if rest_day else 1
            where = f"Week {index} day {number}: "
            checked.append(
                {
                    "day": number,
                    "title": _text(day, "title", 120, required=True),
                    "note": _text(day, "note", 1000),
                    "rest_day": rest_day,
                    "items": [_item(item, where) for item in items],
                }
            )
        out["weeks"].append({"number": index, "focus": _text(week, "focus", 200), "days": checked})
    if not training:
        raise Refused("The plan has no training day.")
    return out


def _item(item, where):
    if not isinstance(item, dict):
        raise Refused(f"{where}an exercise is not laid out as one.")
    exercise = item.get("exercise")
    if isinstance(exercise, str):
        if not exercise or len(exercise) > 80:
            raise Refused(f"{where}an exercise has no usable name.")
    elif isinstance(exercise, dict):
        exercise = {
            "name": _text(exercise, "name", 80, required=True),
            "category": _choice(exercise, "category", [c.value for c in Category], where)
            if exercise.get("category")
            else Category.STRENGTH,
            "style": _choice(exercise, "style", [s.value for s in Style], where)
            if exercise.get("style")
            else Style.BOTH,
            "measures": _measures(exercise.get("measures"), where),
        }
    else:
        raise Refused(f"{where}an item names no exercise.")
    rule = _choice(item, "load_rule", progression.LOAD_RULES, where)
    values = {
        "exercise": exercise,
        "sets": _number(item, "sets", 1, 20, where=where) or 1,
        "reps": _number(item, "reps", 1, 1000, where=where),
        "reps_max": _number(item, "reps_max", 1, 1000, where=where),
        "duration_s": _number(item, "duration_s", 1, 86400, where=where),
        "distance_m": _number(item, "distance_m", 1, 1_000_000, where=where),
        "load_rule": rule,
        "load_kg": _number(item, "load_kg", 0, 1000, whole=False, where=where),
        "load_percent": _number(item, "load_percent", 1, 150, whole=False, where=where),
        "intensity": _text(item, "intensity", 40),
        "rest_s": _number(item, "rest_s", 0, 3600, where=where),
        "note": _text(item, "note", 200),
        "progression": _choice(item, "progression", progression.PROGRESSIONS, where),
        "progression_amount": _number(item, "progression_amount", 0, 100, whole=False, where=where)
        or 0.0,
        "deload_week": _number(item, "deload_week", 1, MAX_WEEKS, where=where),
        "deload_percent": _number(item, "deload_percent", 10, 100, whole=False, where=where)
        or 60.0,
    }
    if values["reps_max"] is not None and (values["reps"] or 0) > values["reps_max"]:
        raise Refused(f"{where}a rep range goes down (reps above reps_max).")
    if rule == progression.ABSOLUTE and values["load_kg"] is None:
        raise Refused(f"{where}an item with a load rule “absolute” has no load_kg.")
    if rule == progression.E1RM and values["load_percent"] is None:
        raise Refused(f"{where}an item with a load rule “e1rm” has no load_percent.")
    return values


def _measures(value, where):
    if not isinstance(value, list) or not value or len(value) > len(MEASURE_NAMES):
        raise Refused(f"{where}an own exercise lists no measures.")
    for name in value:
        if name not in MEASURE_NAMES:
            raise Refused(f"{where}“{name}” is not a measure ({', '.join(MEASURE_NAMES)}).")
    return list(dict.fromkeys(value))


def _exercises(user, checked):
    """{builtin slug or lower name: Exercise} for every exercise the file names; unknown
    built-in slugs are refused; own exercises are matched by name or made (not saved yet)."""
    slugs, named = set(), {}
    for week in checked["weeks"]:
        for day in week["days"]:
            for item in day["items"]:
                exercise = item["exercise"]
                if isinstance(exercise, str):
                    slugs.add(exercise)
                else:
                    named.setdefault(exercise["name"].lower(), exercise)
    found = {e.slug: e for e in Exercise.objects.builtin().filter(slug__in=slugs)}
    missing = sorted(slugs - found.keys())
    if missing:
        raise Refused(f"The file names exercises Montage does not have: {', '.join(missing[:5])}.")
    own = {
        e.lower_name: e
        for e in Exercise.objects.filter(owner=user)
        .annotate(lower_name=Lower("name"))
        .filter(lower_name__in=list(named))
    }
    for lower, row in named.items():
        if lower not in own:
            flags = {f"measures_{m}": m in row["measures"] for m in MEASURE_NAMES}
            own[lower] = Exercise.objects.create(
                owner=user, name=row["name"], category=row["category"], style=row["style"], **flags
            )
        found[lower] = own[lower]
    return found


def import_file(upload, user, now):
    """The user's own copy of the plan in `upload` (an UploadedFile), or Refused."""
    if upload.size is not None and upload.size > MAX_BYTES:
        raise Refused(
            f"The file is larger than {MAX_BYTES // 1024} KB; a plan file is far smaller."
        )
    checked = read(upload.read(MAX_BYTES + 1))
    return create(checked, user, now)


@transaction.atomic
def create(checked, user, now):
    exercises = _exercises(user, checked)
    plan = Plan.objects.create(
        owner=user,
        slug=editing.new_slug(checked["name"]),
        name=checked["name"],
        style=checked["style"],
        tagline=checked["tagline"],
        description=checked["description"],
        weeks=len(checked["weeks"]),
        week_focus=[week["focus"] for week in checked["weeks"]],
        created_at=now,
    )
    for week in checked["weeks"]:
        for row in week["days"]:
            day = PlanDay.objects.create(
                plan=plan,
                week=week["number"],
                day=row["day"],
                title=row["title"],
                note=row["note"],
                rest_day=row["rest_day"],
            )
            items, seen = [], {}
            for order, values in enumerate(row["items"]):
                values = dict(values)
                ref = values.pop("exercise")
                exercise = exercises[ref if isinstance(ref, str) else ref["name"].lower()]
                slug = exercise.slug or f"exercise-{exercise.pk}"
                seen[slug] = seen.get(slug, 0) + 1
                key = slug if seen[slug] == 1 else f"{slug}-{seen[slug]}"
                items.append(PlanItem(day=day, exercise=exercise, key=key, order=order, **values))
            PlanItem.objects.bulk_create(items)
    return plan
