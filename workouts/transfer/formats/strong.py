"""Strong's CSV exports: classic (with or without Duration and the notes columns, with
`Weight (kg)`/`Weight (lbs)` headers), with per-row unit columns (iOS, comma; Android,
semicolon), and "Strong 6" (semicolon, fully quoted, `Workout #`). One row is one set; a workout
is the rows sharing Date and Workout Name; Rest Timer rows are skipped, Note rows become the
exercise's note."""

from . import base

COLUMNS = {
    "date": "date",
    "workout name": "title",
    "duration": "duration",
    "workout duration": "duration",
    "duration (sec)": "duration_sec",
    "exercise name": "exercise",
    "set order": "set_order",
    "weight": "weight",
    "weight (kg)": "weight_kg",
    "weight (lbs)": "weight_lb",
    "weight unit": "weight_unit",
    "reps": "reps",
    "rpe": "rpe",
    "distance": "distance",
    "distance (meters)": "distance_m",
    "distance unit": "distance_unit",
    "seconds": "seconds",
    "notes": "notes",
    "workout notes": "workout_notes",
    "workout #": "number",
}
REQUIRED = {"date", "title", "exercise", "set_order", "reps"}
DATE_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S")
KIND_OF_ORDER = {"w": "warmup", "d": "drop", "f": "failure"}


def matches(header):
    names = {COLUMNS.get(h) for h in header}
    return names >= REQUIRED and ({"weight", "weight_kg", "weight_lb"} & names)


def label(header, delimiter):
    names = {COLUMNS.get(h) for h in header}
    if "number" in names:
        return "Strong 6 (semicolons, every field quoted)"
    if "weight_unit" in names:
        if delimiter == ";":
            return "Strong for Android (semicolons, unit columns)"
        return "Strong (unit columns)"
    extras = []
    if "duration" not in names:
        extras.append("no duration")
    if "workout_notes" not in names and "notes" not in names:
        extras.append("no notes")
    if "weight_kg" in names:
        extras.append("weights in kg")
    if "weight_lb" in names:
        extras.append("weights in lb")
    return "Strong (classic)" + (f", {', '.join(extras)}" if extras else "")


def read(text, header, delimiter, progress=None):
    names = [COLUMNS.get(h) for h in header]
    index = {name: i for i, name in enumerate(names) if name}
    comma = delimiter == ";"
    parsed = base.Parsed(source="strong", label=label(header, delimiter))
    if "weight_kg" in index:
        parsed.weight_unit = "kg"
    elif "weight_lb" in index:
        parsed.weight_unit = "lb"
    if "distance_m" in index:
        parsed.distance_unit = "m"
    weight_col = index.get("weight", index.get("weight_kg", index.get("weight_lb")))
    distance_col = index.get("distance", index.get("distance_m"))
    problems, workouts = base.Problems(), {}
    weight_units, distance_units = {}, {}
    last_line = text.rstrip().count("\n") + 1
    rest_rows, dates = 0, {}  # a workout's rows share one date: parse it once

    def field(fields, name):
        i = index.get(name)
        return fields[i] if i is not None and i < len(fields) else ""

    for line, fields in base.csv_rows(text, delimiter, progress):
        try:
            base.check_width(line, fields, len(header), last_line)
            date_text = field(fields, "date")
            start = dates.get(date_text)
            if start is None:
                start = dates[date_text] = base.local_datetime(date_text, DATE_FORMATS)
            title = field(fields, "title").strip() or "Workout"
            key = (start, title)
            workout = workouts.get(key)
            if workout is None:
                workout = workouts[key] = base.Workout(start=start, title=title, first_line=line)
                if "duration_sec" in index:
                    workout.duration_s = base.whole(field(fields, "duration_sec"), "duration")
                    if workout.duration_s and workout.duration_s > base.MAX_SESSION_S:
                        parsed.notices.append(f"Line {line}: duration over a day ignored.")
                        workout.duration_s = None
                else:
                    workout.duration_s, note = base.strong_duration(field(fields, "duration"))
                    if note:
                        parsed.notices.append(f"Line {line}: {note}.")
            notes = field(fields, "workout_notes").strip()
            if notes and not workout.notes:
                workout.notes = notes
            exercise = field(fields, "exercise").strip()
            if not exercise:
                raise base.RowError("the exercise name is empty")
            order = field(fields, "set_order").strip()
            lowered = order.lower()
            if lowered in ("rest timer", "rest"):
                rest_rows += 1
                continue
            block = workout.blocks[-1] if workout.blocks else None
            if lowered == "note":
                note = field(fields, "notes").strip()
                if block is None or block.name != exercise:
                    block = base.Block(name=exercise)
                    workout.blocks.append(block)
                block.note = f"{block.note}\n{note}".strip() if block.note else note
                continue
            if lowered in KIND_OF_ORDER:
                kind, number = KIND_OF_ORDER[lowered], None
            else:
                number = base.whole(order, "set order")
                kind = "working"
            restarts = (
                number == 1
                and block is not None
                and block.sets
                and getattr(block, "_last_number", 0) >= 1
            )
            if block is None or block.name != exercise or restarts:
                block = base.Block(name=exercise)
                workout.blocks.append(block)
            if number is not None:
                block._last_number = number
            unit = base.WEIGHT_UNITS.get(field(fields, "weight_unit").strip().lower())
            dunit = base.DISTANCE_UNITS.get(field(fields, "distance_unit").strip().lower())
            if field(fields, "weight_unit").strip() and unit is None:
                raise base.RowError(f"weight unit “{field(fields, 'weight_unit')}” is unknown")
            if field(fields, "distance_unit").strip() and dunit is None:
                raise base.RowError(f"distance unit “{field(fields, 'distance_unit')}” is unknown")
            weight = base.number(
                fields[weight_col] if weight_col is not None else "", "weight", comma_decimal=comma
            )
            distance = base.number(
                fields[distance_col] if distance_col is not None else "",
                "distance",
                comma_decimal=comma,
            )
            row = base.SetRow(
                kind=kind,
                reps=base.whole(field(fields, "reps"), "reps", comma_decimal=comma) or None,
                weight=weight or None,
                distance=distance or None,
                seconds=base.whole(field(fields, "seconds"), "seconds", comma_decimal=comma)
                or None,
                rpe=base.rpe(field(fields, "rpe"), comma_decimal=comma),
                note=field(fields, "notes").strip(),
            )
            if weight:
                base.one_unit(weight_units, unit, line, "weight")
            if distance:
                base.one_unit(distance_units, dunit, line, "distance")
            if not (row.reps or row.weight or row.distance or row.seconds):
                parsed.skipped.append((line, "a set with no reps, weight, distance or time"))
                continue
            block.sets.append(row)
        except base.RowError as exc:
            problems.add(line, str(exc))
    problems.check()
    if weight_units.get("unit"):
        parsed.weight_unit = weight_units["unit"]
    if distance_units.get("unit"):
        parsed.distance_unit = distance_units["unit"]
    for workout in workouts.values():
        workout.blocks = [b for b in workout.blocks if b.sets or b.note]
        for block in workout.blocks:
            block.__dict__.pop("_last_number", None)
    parsed.workouts = sorted(
        (w for w in workouts.values() if w.blocks), key=lambda w: (w.start, w.title)
    )
    if rest_rows:
        parsed.notices.append(
            f"{rest_rows} rest-timer row{'s' if rest_rows != 1 else ''} "
            "skipped (they are not sets)."
        )
    return parsed
