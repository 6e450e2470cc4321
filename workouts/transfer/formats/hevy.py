"""Hevy's CSV export: one row per set, every field quoted, the unit in the column name
(`weight_kg`/`weight_lbs`, `distance_km`/`distance_miles`), times like `5 Dec 2025, 11:37`,
newest workout first. A workout is the rows sharing title, start and end."""

from . import base

REQUIRED = {"title", "start_time", "end_time", "exercise_title", "set_index", "set_type"}
DATE_FORMATS = (
    "%d %b %Y, %H:%M",
    "%d %b %Y, %H:%M:%S",
    "%d %B %Y, %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
)
KINDS = {
    "normal": "working",
    "warmup": "warmup",
    "warm_up": "warmup",
    "failure": "failure",
    "dropset": "drop",
    "drop": "drop",
}


def matches(header):
    return set(header) >= REQUIRED


def read(text, header, delimiter, progress=None):
    index = {name: i for i, name in enumerate(header)}
    weight_col = next((c for c in ("weight_kg", "weight_lbs") if c in index), None)
    distance_col = next((c for c in ("distance_km", "distance_miles") if c in index), None)
    parsed = base.Parsed(
        source="hevy",
        label="Hevy"
        + (" (pounds" if weight_col == "weight_lbs" else " (kilograms")
        + (", miles)" if distance_col == "distance_miles" else ", kilometres)"),
        weight_unit="lb" if weight_col == "weight_lbs" else "kg",
        distance_unit="mi" if distance_col == "distance_miles" else "km",
    )
    problems, workouts, supersets = base.Problems(), {}, 0
    last_line = text.rstrip().count("\n") + 1

    def field(fields, name):
        i = index.get(name)
        return fields[i] if i is not None else ""

    for line, fields in base.csv_rows(text, delimiter, progress):
        try:
            base.check_width(line, fields, len(header), last_line)
            start = base.local_datetime(field(fields, "start_time"), DATE_FORMATS, "start time")
            end_text = field(fields, "end_time").strip()
            end = base.local_datetime(end_text, DATE_FORMATS, "end time") if end_text else None
            title = field(fields, "title").strip() or "Workout"
            key = (title, start, end)
            workout = workouts.get(key)
            if workout is None:
                duration = int((end - start).total_seconds()) if end else None
                if duration is not None and not 0 <= duration <= base.MAX_SESSION_S:
                    parsed.notices.append(
                        f"Line {line}: the end time does not fit the start; "
                        "the workout has no duration."
                    )
                    duration = None
                workout = workouts[key] = base.Workout(
                    start=start,
                    title=title,
                    duration_s=duration or None,
                    notes=field(fields, "description").strip(),
                    first_line=line,
                )
            exercise = field(fields, "exercise_title").strip()
            if not exercise:
                raise base.RowError("the exercise title is empty")
            set_index = base.whole(field(fields, "set_index"), "set index")
            kind = KINDS.get(field(fields, "set_type").strip().lower())
            if kind is None:
                raise base.RowError(f"set type “{field(fields, 'set_type')}” is unknown")
            block = workout.blocks[-1] if workout.blocks else None
            if block is None or block.name != exercise or set_index == 0:
                block = base.Block(
                    name=exercise,
                    note=field(fields, "exercise_notes").strip(),
                    superset=field(fields, "superset_id").strip(),
                )
                workout.blocks.append(block)
                supersets += bool(block.superset)
            weight = base.number(field(fields, weight_col), "weight") if weight_col else None
            distance = (
                base.number(field(fields, distance_col), "distance") if distance_col else None
            )
            row = base.SetRow(
                kind=kind,
                reps=base.whole(field(fields, "reps"), "reps") or None,
                weight=weight or None,
                distance=distance or None,
                seconds=base.whole(field(fields, "duration_seconds"), "duration") or None,
                rpe=base.rpe(field(fields, "rpe")),
            )
            if not (row.reps or row.weight or row.distance or row.seconds):
                parsed.skipped.append((line, "a set with no reps, weight, distance or time"))
                continue
            block.sets.append(row)
        except base.RowError as exc:
            problems.add(line, str(exc))
    problems.check()
    parsed.workouts = sorted(
        (w for w in workouts.values() if w.blocks), key=lambda w: (w.start, w.title)
    )
    if supersets:
        parsed.notices.append(
            f"{supersets} exercise block{'s are' if supersets != 1 else ' is'} part of a "
            "superset. Montage has no supersets yet: they are imported as separate exercises "
            "in the order you did them."
        )
    return parsed
