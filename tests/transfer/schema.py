"""The JSON export's documented structure (workouts/transfer/export.py), as a checker: every
object has exactly the documented keys, in the documented order, with values of the documented
types. `problems(document)` lists what does not match (empty when it all does)."""

import datetime as dt
import re

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?Z$")
DATE = re.compile(r"^\d{4}-\d\d-\d\d$")


class Nullable:
    def __init__(self, spec):
        self.spec = spec


class OneOf:
    def __init__(self, *values):
        self.values = values


class ListOf:
    def __init__(self, spec):
        self.spec = spec


INT, NUMBER, STR, BOOL = "int", "number", "str", "bool"
TIME, DAY = "timestamp", "date"


PLAN_DAY = {"plan": STR, "week": INT, "day": INT}
PLAN_ITEM = {"plan": STR, "week": INT, "day": INT, "order": INT}
SET = {
    "position": INT,
    "logged_at": TIME,
    "kind": OneOf("working", "warmup", "drop", "failure"),
    "is_warmup": BOOL,
    "reps": Nullable(INT),
    "load_kg": Nullable(NUMBER),
    "duration_s": Nullable(INT),
    "distance_m": Nullable(NUMBER),
    "force_psi": Nullable(INT),
    "power_w": Nullable(INT),
    "heart_rate_bpm": Nullable(INT),
    "rpe": Nullable(NUMBER),
    "note": STR,
}
ENTRY = {
    "exercise": "exercise",
    "order": INT,
    "plan_item": Nullable(PLAN_ITEM),
    "note": STR,
    "sets": ListOf(SET),
}
SESSION = {
    "key": INT,
    "title": STR,
    "started_at": TIME,
    "finished_at": Nullable(TIME),
    "notes": STR,
    "rpe": Nullable(INT),
    "style": OneOf("natural", "high_tech", "both", ""),
    "enrolment": Nullable(INT),
    "plan_day": Nullable(PLAN_DAY),
    "entries": ListOf(ENTRY),
}
EXERCISE = {
    "name": STR,
    "style": OneOf("natural", "high_tech", "both"),
    "category": OneOf("strength", "conditioning", "cardio", "boxing", "mobility"),
    "equipment": STR,
    "howto": STR,
    "measures_reps": BOOL,
    "measures_load": BOOL,
    "measures_duration": BOOL,
    "measures_distance": BOOL,
    "reads_force": BOOL,
    "reads_power": BOOL,
    "reads_heart_rate": BOOL,
}
ENROLMENT = {
    "key": INT,
    "plan": STR,
    "start_date": DAY,
    "fight_date": Nullable(DAY),
    "status": OneOf("active", "paused", "completed", "ended"),
    "paused_on": Nullable(DAY),
    "created_at": TIME,
    "ended_at": Nullable(TIME),
    "skipped_days": ListOf({"week": INT, "day": INT, "skipped_at": TIME}),
}
DOCUMENT = {
    "format": OneOf("montage"),
    "version": OneOf(1),
    "exported_at": TIME,
    "account": {"username": STR, "email": STR, "date_joined": TIME},
    "profile": {
        "weight_unit": OneOf("kg", "lb"),
        "distance_unit": OneOf("km", "mi"),
        "time_zone": STR,
        "week_start": OneOf(0, 5, 6),
        "default_rest_s": INT,
    },
    "exercises": ListOf(EXERCISE),
    "body_weight": ListOf({"date": DAY, "weight_kg": NUMBER}),
    "enrolments": ListOf(ENROLMENT),
    "sessions": ListOf(SESSION),
    "quotes": ListOf({"number": INT, "rule": STR, "unlocked_at": TIME, "session": Nullable(INT)}),
}


def problems(document):
    found = []
    _check(document, DOCUMENT, "$", found)
    return found


def _check(value, spec, where, found):  # noqa: C901 - one branch per kind of spec
    if isinstance(spec, Nullable):
        if value is not None:
            _check(value, spec.spec, where, found)
    elif isinstance(spec, OneOf):
        if value not in spec.values or isinstance(value, bool):
            found.append(f"{where}: {value!r} is not one of {spec.values}")
    elif isinstance(spec, ListOf):
        if not isinstance(value, list):
            found.append(f"{where}: not a list")
            return
        for index, item in enumerate(value):
            _check(item, spec.spec, f"{where}[{index}]", found)
    elif isinstance(spec, dict):
        if not isinstance(value, dict):
            found.append(f"{where}: not an object")
            return
        if list(value) != list(spec):
            found.append(f"{where}: keys {list(value)} are not {list(spec)}")
        for key, item_spec in spec.items():
            if key in value:
                _check(value[key], item_spec, f"{where}.{key}", found)
    elif spec == "exercise":
        if not (
            isinstance(value, dict)
            and len(value) == 1
            and set(value) <= {"slug", "name"}
            and isinstance(next(iter(value.values())), str)
        ):
            found.append(f"{where}: {value!r} is neither {{'slug': ...}} nor {{'name': ...}}")
    elif not _is(value, spec):
        found.append(f"{where}: {value!r} is not a {spec}")


def _is(value, kind):
    if kind == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == NUMBER:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind == STR:
        return isinstance(value, str)
    if kind == BOOL:
        return isinstance(value, bool)
    if kind == TIME:
        return isinstance(value, str) and bool(TIMESTAMP.match(value))
    if kind == DAY:
        if not (isinstance(value, str) and DATE.match(value)):
            return False
        dt.date.fromisoformat(value)
        return True
    raise ValueError(kind)
