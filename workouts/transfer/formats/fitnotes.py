"""FitNotes' CSV exports: Android new (`Weight`, `Weight Unit`), Android old (`Weight (kgs)`)
and FitNotes 2 for iOS (`Weight (kg)`, `Weight (lbs)`, `Notes`, `Kind`). Dates without a time,
one workout per date, fields not quoted: an exercise name with a comma splits into extra
fields, so the fixed trailing columns are read from the right."""

import datetime as dt

from . import base

DATE_FORMATS = ("%Y-%m-%d",)
TITLE = "FitNotes workout"
NOON = dt.time(12, 0)
COLUMNS = {
    "date": "date",
    "exercise": "exercise",
    "category": "category",
    "weight": "weight",
    "weight unit": "weight_unit",
    "weight (kgs)": "weight_kg",
    "weight (kg)": "weight_kg",
    "weight (lbs)": "weight_lb",
    "reps": "reps",
    "distance": "distance",
    "distance unit": "distance_unit",
    "time": "time",
    "comment": "note",
    "notes": "note",
    "kind": "kind",
}


def matches(header):
    names = {COLUMNS.get(h) for h in header}
    return (
        header[:3] == ["date", "exercise", "category"]
        and "reps" in names
        and "distance_unit" in names
        and "time" in names
    )


def label(header):
    names = {COLUMNS.get(h) for h in header}
    if "weight_lb" in names:
        return "FitNotes 2 for iOS"
    if "weight_unit" in names:
        return "FitNotes for Android"
    return "FitNotes for Android (older export)"


def _kind(text):
    text = text.strip().lower()
    if "warm" in text:
        return "warmup"
    if "drop" in text:
        return "drop"
    if "fail" in text:
        return "failure"
    return "working"


def read(text, header, delimiter, progress=None):
    names = [COLUMNS.get(h) for h in header]
    trailing = names[3:]  # fixed columns after Date, Exercise, Category
    parsed = base.Parsed(source="fitnotes", label=label(header), distance_unit="m")
    if "weight_kg" in names:
        parsed.weight_unit = "kg"
    problems, workouts, units = base.Problems(), {}, {}
    last_line = text.rstrip().count("\n") + 1
    for line, fields in base.csv_rows(text, delimiter, progress):
        try:
            base.check_width(line, fields, len(header), last_line)
            extra = len(fields) - len(header)
            exercise = ",".join(fields[1 : 2 + extra]).strip()  # a name with commas, rejoined
            row = dict(zip(trailing, fields[3 + extra :], strict=False))
            if not exercise:
                raise base.RowError("the exercise name is empty")
            day = base.local_datetime(fields[0], DATE_FORMATS).date()
            workout = workouts.get(day)
            if workout is None:
                workout = workouts[day] = base.Workout(
                    start=dt.datetime.combine(day, NOON), title=TITLE, first_line=line
                )
            block = workout.blocks[-1] if workout.blocks else None
            if block is None or block.name != exercise:
                block = base.Block(name=exercise)
                workout.blocks.append(block)
            if "weight_unit" in row:
                weight = base.number(row.get("weight"), "weight")
                unit = base.WEIGHT_UNITS.get(row["weight_unit"].strip().lower())
                if row["weight_unit"].strip() and unit is None:
                    raise base.RowError(f"weight unit “{row['weight_unit']}” is unknown")
                if weight:
                    base.one_unit(units, unit, line, "weight")
            else:
                weight = base.number(row.get("weight_kg"), "weight")
            distance = base.number(row.get("distance"), "distance")
            if distance:
                dunit = base.DISTANCE_UNITS.get(row.get("distance_unit", "").strip().lower())
                if dunit is None:
                    raise base.RowError(
                        f"distance unit “{row.get('distance_unit', '')}” is unknown"
                    )
                distance *= {"km": 1000.0, "m": 1.0, "mi": 1609.344}[dunit]
            set_row = base.SetRow(
                kind=_kind(row.get("kind", "")),
                reps=base.whole(row.get("reps"), "reps") or None,
                weight=weight or None,
                distance=distance or None,
                seconds=base.clock_seconds(row.get("time")),
                note=row.get("note", "").strip(),
            )
            if not (set_row.reps or set_row.weight or set_row.distance or set_row.seconds):
                parsed.skipped.append((line, "a set with no reps, weight, distance or time"))
                continue
            block.sets.append(set_row)
        except base.RowError as exc:
            problems.add(line, str(exc))
    problems.check()
    if units.get("unit"):
        parsed.weight_unit = units["unit"]
    parsed.workouts = sorted((w for w in workouts.values() if w.blocks), key=lambda w: w.start)
    parsed.notices.append(
        "FitNotes records dates without times: each day's workout is placed "
        "at 12:00 your time, with no duration."
    )
    return parsed
