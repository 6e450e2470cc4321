"""Montage's own export, version 1 (specified in `workouts/transfer/export.py`): the JSON with
everything, and the CSV with one row per set. Units are SI and times UTC, so nothing is asked."""

import datetime as dt
import json

from ..export import EXERCISE_FLAGS, SET_VALUES
from . import base

CSV_REQUIRED = {
    "session_key",
    "session_title",
    "session_started_at",
    "exercise_name",
    "set_position",
    "set_kind",
    "reps",
    "load_kg",
    "duration_s",
    "distance_m",
}
STYLES = ("natural", "high_tech", "both")
CATEGORIES = ("strength", "conditioning", "cardio", "boxing", "mobility")


def _instant(text, what):
    if text in (None, ""):
        return None
    if not isinstance(text, str):
        raise base.RowError(f"{what} is not a timestamp")
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise base.RowError(f"{what} “{text}” is not a real timestamp") from exc
    if moment.tzinfo is None:
        raise base.RowError(f"{what} “{text}” has no time zone")
    return moment.astimezone(dt.UTC)


def _value(raw, what, *, whole=False, maximum=None):
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise base.RowError(f"{what} is not a number")
    text = str(raw)
    value = base.whole(text, what) if whole else base.number(text, what)
    if maximum is not None and value is not None and value > maximum:
        raise base.RowError(f"{what} {text} is too large")
    return value


def _set(data, where):
    if not isinstance(data, dict):
        raise base.RowError(f"{where}: a set is not an object")
    kind = data.get("kind") or ("warmup" if data.get("is_warmup") else "working")
    if kind not in base.KINDS:
        kind = "warmup" if data.get("is_warmup") else "working"
    logged = _instant(data.get("logged_at"), f"{where}: logged_at")
    rpe = data.get("rpe")
    note = data.get("note") or ""
    if not isinstance(note, str):
        raise base.RowError(f"{where}: note is not text")
    return base.SetRow(
        kind=kind,
        reps=_value(data.get("reps"), "reps", whole=True),
        weight=_value(data.get("load_kg"), "load_kg") or None,
        distance=_value(data.get("distance_m"), "distance_m") or None,
        seconds=_value(data.get("duration_s"), "duration_s", whole=True),
        rpe=base.rpe(str(rpe)) if rpe not in (None, "") else None,
        note=note,
        force_psi=_value(data.get("force_psi"), "force_psi", whole=True, maximum=2**31),
        power_w=_value(data.get("power_w"), "power_w", whole=True, maximum=2**31),
        heart_rate_bpm=_value(
            data.get("heart_rate_bpm"), "heart_rate_bpm", whole=True, maximum=32767
        ),
        logged_at=logged.isoformat() if logged else None,
    )


def _place(data, keys):
    """A plan day or item reference ({plan, week, day[, order]}), or None."""
    if not isinstance(data, dict) or not isinstance(data.get("plan"), str):
        return None
    if not all(isinstance(data.get(k), int) for k in keys[1:]):
        return None
    return {k: data[k] for k in keys}


def _day(text, what):
    if text in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(text).isoformat()
    except (TypeError, ValueError) as exc:
        raise base.RowError(f"{what} “{text}” is not a real date") from exc


def _enrolment(data):
    if data.get("status") not in ("active", "paused", "completed", "ended"):
        raise base.RowError(f"status {data.get('status')!r} is unknown")
    created, ended = (
        _instant(data.get("created_at"), "created_at"),
        _instant(data.get("ended_at"), "ended_at"),
    )
    return {
        "key": int(data["key"]),
        "plan": str(data["plan"]),
        "start_date": _day(data["start_date"], "start_date"),
        "fight_date": _day(data.get("fight_date"), "fight_date"),
        "status": data["status"],
        "paused_on": _day(data.get("paused_on"), "paused_on"),
        "created_at": created.isoformat() if created else None,
        "ended_at": ended.isoformat() if ended else None,
        "skipped": [[int(s["week"]), int(s["day"])] for s in data.get("skipped_days") or []],
    }


def _finish(workout, start, finished):
    if finished is None:
        workout.unfinished = True
    else:
        seconds = int((finished - start).total_seconds())
        if seconds < 0:
            raise base.RowError("the session finishes before it starts")
        workout.duration_s = seconds


def read_json(text, progress=None):
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise base.ImportError_(
            f"This is not valid JSON ({exc.args[0] if exc.args else exc}): the file may be cut "
            "off. Export it again; nothing was imported."
        ) from exc
    if not isinstance(data, dict) or data.get("format") != "montage":
        raise base.ImportError_(
            "This JSON file is not a Montage export (it has no "
            '"format": "montage"). Nothing was imported.'
        )
    if data.get("version") != 1:
        raise base.ImportError_(
            f"This Montage export is version {data.get('version')!r}; "
            "this Montage reads version 1. Nothing was imported."
        )
    parsed = base.Parsed(
        source="montage",
        label="Montage export (JSON, version 1)",
        weight_unit="kg",
        distance_unit="m",
    )
    problems = base.Problems()
    profile = data.get("profile")
    if isinstance(profile, dict):
        parsed.profile = {
            k: profile.get(k) for k in ("weight_unit", "distance_unit", "time_zone", "week_start")
        }
    for position, exercise in enumerate(data.get("exercises") or [], start=1):
        if (
            not isinstance(exercise, dict)
            or not isinstance(exercise.get("name"), str)
            or not exercise["name"].strip()
        ):
            problems.add(position, "an own exercise without a name")
            continue
        definition = {flag: bool(exercise.get(flag)) for flag in EXERCISE_FLAGS}
        definition["style"] = exercise.get("style") if exercise.get("style") in STYLES else "both"
        definition["category"] = (
            exercise.get("category") if exercise.get("category") in CATEGORIES else "strength"
        )
        definition["equipment"] = str(exercise.get("equipment") or "")[:60]
        definition["howto"] = str(exercise.get("howto") or "")
        parsed.exercises[exercise["name"].strip()[:80]] = definition
    for position, row in enumerate(data.get("body_weight") or [], start=1):
        try:
            day = dt.date.fromisoformat(row["date"])
            kg = _value(row["weight_kg"], "weight_kg")
            if kg is None or not 20 <= kg <= 400:
                raise base.RowError(f"body weight {row['weight_kg']} kg is out of range")
            parsed.body_weights.append((day.isoformat(), kg))
        except (KeyError, TypeError, ValueError) as exc:
            problems.add(position, f"body weight {position}: {exc}")
    for position, enrolment in enumerate(data.get("enrolments") or [], start=1):
        try:
            parsed.enrolments.append(_enrolment(enrolment))
        except (base.RowError, KeyError, TypeError, ValueError) as exc:
            problems.add(position, f"plan enrolment {position}: {exc}")
    sessions = data.get("sessions") or []
    if not isinstance(sessions, list):
        raise base.ImportError_('The export\'s "sessions" is not a list. Nothing was imported.')
    for number, session in enumerate(sessions, start=1):
        where = f"session {session.get('key', number) if isinstance(session, dict) else number}"
        if progress is not None and number % 100 == 0:
            progress(number, len(sessions))
        try:
            if not isinstance(session, dict):
                raise base.RowError("not an object")
            start = _instant(session.get("started_at"), "started_at")
            if start is None:
                raise base.RowError("no started_at")
            rpe = session.get("rpe")
            workout = base.Workout(
                start=start,
                title=str(session.get("title") or "Workout")[:120],
                notes=str(session.get("notes") or ""),
                first_line=number,
                rpe=int(rpe) if isinstance(rpe, int) and 1 <= rpe <= 10 else None,
                enrolment=session.get("enrolment")
                if isinstance(session.get("enrolment"), int)
                else None,
                plan_day=_place(session.get("plan_day"), ("plan", "week", "day")),
            )
            _finish(workout, start, _instant(session.get("finished_at"), "finished_at"))
            for entry in session.get("entries") or []:
                ref = entry.get("exercise") or {}
                slug, name = ref.get("slug") or "", ref.get("name") or ""
                if not (slug or name):
                    raise base.RowError("an entry without an exercise")
                block = base.Block(
                    name=str(name or slug)[:80],
                    slug=str(slug),
                    plan_item=_place(entry.get("plan_item"), ("plan", "week", "day", "order")),
                )
                block.sets = [_set(s, where) for s in entry.get("sets") or []]
                workout.blocks.append(block)
            parsed.workouts.append(workout)
        except (base.RowError, AttributeError, TypeError) as exc:
            problems.add(number, f"{where}: {exc}")
    problems.check()
    parsed.workouts.sort(key=lambda w: w.start)
    return parsed


def read_csv(text, header, delimiter, progress=None):
    index = {name: i for i, name in enumerate(header)}
    parsed = base.Parsed(
        source="montage",
        label="Montage export (CSV, every set)",
        weight_unit="kg",
        distance_unit="m",
    )
    problems, workouts = base.Problems(), {}
    last_line = text.rstrip().count("\n") + 1

    def field(fields, name):
        i = index.get(name)
        return fields[i] if i is not None else ""

    for line, fields in base.csv_rows(text, delimiter, progress):
        try:
            base.check_width(line, fields, len(header), last_line)
            start = _instant(field(fields, "session_started_at"), "session_started_at")
            if start is None:
                raise base.RowError("the session has no start")
            key = (field(fields, "session_key"), start)
            workout = workouts.get(key)
            if workout is None:
                rpe = base.whole(field(fields, "session_rpe"), "session_rpe")
                workout = workouts[key] = base.Workout(
                    start=start,
                    title=field(fields, "session_title").strip()[:120] or "Workout",
                    notes=field(fields, "session_notes"),
                    first_line=line,
                    rpe=rpe if rpe and 1 <= rpe <= 10 else None,
                )
                _finish(
                    workout,
                    start,
                    _instant(field(fields, "session_finished_at"), "session_finished_at"),
                )
            slug = field(fields, "exercise_slug").strip()
            name = field(fields, "exercise_name").strip()
            order = field(fields, "entry_order")
            block = workout.blocks[-1] if workout.blocks else None
            if block is None or getattr(block, "_order", None) != order:
                block = base.Block(name=(name or slug)[:80], slug=slug)
                block._order = order
                workout.blocks.append(block)
            block.sets.append(
                _set(
                    {
                        "kind": field(fields, "set_kind"),
                        "logged_at": field(fields, "set_logged_at"),
                        **{name: field(fields, name) for name in SET_VALUES},
                    },
                    f"line {line}",
                )
            )
        except base.RowError as exc:
            problems.add(line, str(exc))
    problems.check()
    for workout in workouts.values():
        for block in workout.blocks:
            block.__dict__.pop("_order", None)
    parsed.workouts = sorted(workouts.values(), key=lambda w: w.start)
    return parsed
