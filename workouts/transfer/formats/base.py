"""The structure every reader produces, and the helpers they share.

A reader turns a file into a `Parsed`: workouts (local start time, title, duration, notes) with
exercise blocks in order, each with its sets. Numbers stay in the file's units; `weight_unit`
and `distance_unit` say which (None where the file does not say, and then the user is asked).
A reader raises `ImportError_` for a file that cannot be imported; rows it cannot read are
collected with their line numbers and also make the file refused (nothing half-read is stored).
"""

import datetime as dt
import math
import re
from copy import deepcopy
from dataclasses import dataclass, field, fields

WEIGHT_UNITS = {"kg": "kg", "kgs": "kg", "lb": "lb", "lbs": "lb"}
DISTANCE_UNITS = {
    "km": "km",
    "mi": "mi",
    "mi.": "mi",
    "miles": "mi",
    "m": "m",
    "meters": "m",
    "metres": "m",
}
KINDS = ("working", "warmup", "drop", "failure")
MAX_SESSION_S = 24 * 3600
MAX_PROBLEMS_SHOWN = 50


class ImportError_(Exception):  # noqa: N801  (ImportError is Python's own)
    """A file that cannot be imported; `message` says why, `problems` the unreadable lines."""

    def __init__(self, message, problems=()):
        super().__init__(message)
        self.message = message
        self.problems = list(problems)


class RowError(ValueError):
    """One unreadable row; the reader records it with its line number."""


@dataclass
class SetRow:
    kind: str = "working"
    reps: int | None = None
    weight: float | None = None  # in the file's weight unit
    distance: float | None = None  # in the file's distance unit
    seconds: int | None = None
    rpe: float | None = None
    note: str = ""
    # Montage's own readings (only its own export carries them)
    force_psi: int | None = None
    power_w: int | None = None
    heart_rate_bpm: int | None = None
    logged_at: str | None = None  # ISO UTC, Montage's own export only (others: the session end)


@dataclass
class Block:
    """One exercise's sets in one workout, in order."""

    name: str
    note: str = ""
    superset: str = ""
    slug: str = ""  # a built-in exercise named by its catalogue slug (Montage's own export)
    plan_item: dict | None = None  # {plan, week, day, order} (Montage's own export)
    sets: list = field(default_factory=list)


@dataclass
class Workout:
    start: dt.datetime  # naive: the user's local time; aware (UTC) from Montage's own export
    title: str
    duration_s: int | None = None
    unfinished: bool = False  # Montage's own export: a session never finished
    enrolment: int | None = None  # Montage's own export: the key of a plan enrolment
    plan_day: dict | None = None  # {plan, week, day}
    notes: str = ""
    rpe: int | None = None
    blocks: list = field(default_factory=list)
    first_line: int = 0

    @property
    def set_count(self):
        return sum(len(block.sets) for block in self.blocks)


@dataclass
class Parsed:
    source: str  # strong, hevy, fitnotes, montage (the family: part of each workout's key)
    label: str  # the variant, for the review screen
    weight_unit: str | None = None  # kg, lb, or None: ask
    distance_unit: str | None = None  # km, mi, m, or None: ask
    workouts: list = field(default_factory=list)
    notices: list = field(default_factory=list)  # things the review screen should say
    skipped: list = field(default_factory=list)  # (line, reason) of rows left out on purpose
    # Montage's own export only: its own exercises' definitions and body weights
    exercises: dict = field(default_factory=dict)  # name -> {measures_*: bool, ...}
    body_weights: list = field(default_factory=list)  # (iso date, kg)
    profile: dict = field(default_factory=dict)  # units, zone, week start (Montage JSON)
    enrolments: list = field(default_factory=list)  # plans followed (Montage JSON), as exported

    @property
    def needs_weight_unit(self):
        return self.weight_unit is None and any(
            s.weight for w in self.workouts for b in w.blocks for s in b.sets
        )

    @property
    def needs_distance_unit(self):
        return self.distance_unit is None and any(
            s.distance for w in self.workouts for b in w.blocks for s in b.sets
        )

    def to_json(self):
        """Plain JSON-ready data, as `dataclasses.asdict` gives (with the start as ISO text),
        built field by field: asdict's generic deep copy took seconds for 40,000 sets. Set
        fields are scalars; anything else is deep-copied as asdict does."""

        def plain(obj, names):
            return {name: _copy(getattr(obj, name)) for name in names}

        data = plain(self, _PARSED_FIELDS)
        data["workouts"] = [
            {
                **plain(workout, _WORKOUT_FIELDS),
                "start": workout.start.isoformat(),
                "blocks": [
                    {
                        **plain(block, _BLOCK_FIELDS),
                        "sets": [
                            {name: getattr(row, name) for name in _SET_FIELDS} for row in block.sets
                        ],
                    }
                    for block in workout.blocks
                ],
            }
            for workout in self.workouts
        ]
        return data

    @classmethod
    def from_json(cls, data):
        workouts = []
        for w in data["workouts"]:
            blocks = [Block(**{**b, "sets": [SetRow(**s) for s in b["sets"]]}) for b in w["blocks"]]
            workouts.append(
                Workout(**{**w, "start": dt.datetime.fromisoformat(w["start"]), "blocks": blocks})
            )
        rest = {k: v for k, v in data.items() if k != "workouts"}
        rest["skipped"] = [tuple(row) for row in rest.get("skipped", [])]
        return cls(workouts=workouts, **rest)


def _copy(value):
    return value if value is None or isinstance(value, (str, int, float)) else deepcopy(value)


_SET_FIELDS = tuple(f.name for f in fields(SetRow))
_BLOCK_FIELDS = tuple(f.name for f in fields(Block) if f.name != "sets")
_WORKOUT_FIELDS = tuple(f.name for f in fields(Workout) if f.name not in ("start", "blocks"))
_PARSED_FIELDS = tuple(f.name for f in fields(Parsed) if f.name != "workouts")


def workout_key(source, workout):
    """Identifies a workout across exports: its source, local start time and title."""
    start = workout.start
    if start.tzinfo is not None:
        start = start.astimezone(dt.UTC).replace(tzinfo=None)
    return f"{source}|{start.isoformat(timespec='seconds')}|{workout.title.strip()}"[:400]


# ---------- field readers (raise RowError with a reason the user can act on) ----------

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?$")


def number(text, what, *, comma_decimal=False):
    """A float or None for an empty field; refuses anything else that is not a plain number."""
    text = (text or "").strip()
    if not text:
        return None
    if "," in text and not comma_decimal:
        raise RowError(f"{what} “{text}” is not a number")
    if not _NUMBER.match(text):
        raise RowError(f"{what} “{text}” is not a number")
    value = float(text.replace(",", "."))
    if not math.isfinite(value) or value < 0:
        raise RowError(f"{what} “{text}” is not a usable number")
    if value > 1e7:
        raise RowError(f"{what} “{text}” is too large")
    return value


def whole(text, what, *, comma_decimal=False):
    """A whole number (reps, seconds) from '10' or '10.0'; None for empty."""
    value = number(text, what, comma_decimal=comma_decimal)
    if value is None:
        return None
    if abs(value - round(value)) > 1e-6:
        raise RowError(f"{what} “{text.strip()}” is not a whole number")
    return int(round(value))


def rpe(text, *, comma_decimal=False):
    value = number(text, "RPE", comma_decimal=comma_decimal)
    if value is None or value == 0:
        return None
    if not 1 <= value <= 10:
        raise RowError(f"RPE “{text.strip()}” is outside 1-10")
    return round(value * 2) / 2


def local_datetime(text, formats, what="date"):
    text = (text or "").strip()
    if not text:
        raise RowError(f"the {what} is empty")
    for pattern in formats:
        try:
            return dt.datetime.strptime(text, pattern)
        except ValueError as exc:
            if "unconverted data" in str(exc) or "does not match" in str(exc):
                continue
            raise RowError(f"“{text}” is not a real {what}") from exc
    raise RowError(f"“{text}” is not a {what} this format uses")


def clock_seconds(text, what="time"):
    """Seconds from 'H:MM:SS' or 'MM:SS' (FitNotes); None for empty or zero."""
    text = (text or "").strip()
    if not text:
        return None
    parts = text.split(":")
    if not 1 <= len(parts) <= 3 or not all(p.strip().isdigit() for p in parts):
        raise RowError(f"{what} “{text}” is not a duration")
    seconds = 0
    for part in parts:
        seconds = seconds * 60 + int(part)
    return seconds or None


_DURATION = re.compile(r"^(?:(\d+)\s*h)?\s*(?:(\d+)\s*m(?:in)?)?\s*(?:(\d+)\s*s)?$")


def strong_duration(text):
    """Seconds from Strong's '2h 38m', '45m', '38min', '1h'; None if empty or unreadable.

    Returns (seconds, note): an implausible value (over a day, as '264h 1m') is dropped with a
    note rather than failing the file: it is the app's own bug, the sets are fine."""
    text = (text or "").strip().lower()
    if not text:
        return None, None
    if text.isdigit():
        seconds = int(text)
    else:
        match = _DURATION.match(text)
        if not match or not any(match.groups()):
            return None, f"duration “{text}” could not be read; the workout has no duration"
        hours, minutes, secs = (int(g or 0) for g in match.groups())
        seconds = hours * 3600 + minutes * 60 + secs
    if seconds > MAX_SESSION_S:
        return None, f"duration “{text}” is over a day; the workout has no duration"
    return seconds or None, None


# ---------- CSV rows with their line numbers ----------


def csv_rows(text, delimiter, progress=None):
    """(first line number, fields) per record after the header; blank lines are skipped.

    A quote left open at the end (a cut-off file) is refused, never read as a value."""
    import csv
    import io

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    total = max(1, text.count("\n"))
    start = 1
    try:
        for fields in reader:
            line, start = start, reader.line_num + 1
            if line == 1 or not any(f.strip() for f in fields):
                continue
            if progress is not None and line % 2000 == 0:
                progress(line, total)
            yield line, fields
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise ImportError_(
                f"The file ends in the middle of a row (line {start} opens a quote that never "
                "closes): it looks cut off. Export it again; nothing was imported."
            ) from exc
        raise ImportError_(f"Line {start} is not valid CSV ({exc}). Nothing was imported.") from exc


class Problems:
    """Collects unreadable rows; `check()` refuses the file if there are any."""

    def __init__(self):
        self.rows = []

    def add(self, line, reason):
        self.rows.append((line, reason))

    def check(self):
        if self.rows:
            count = len(self.rows)
            raise ImportError_(
                f"{count} row{'s' if count != 1 else ''} could not be read, so nothing was "
                "imported. Correct them (or export again) and upload the file once more.",
                self.rows[:MAX_PROBLEMS_SHOWN],
            )


def check_width(line, fields, width, last_line):
    """Refuses a row with fewer fields than the header (a cut-off last row, most often)."""
    if len(fields) < width:
        if line >= last_line:
            raise RowError(
                f"the last row has {len(fields)} of {width} columns: the file looks cut off"
            )
        raise RowError(f"the row has {len(fields)} of {width} columns")


def one_unit(seen, unit, line, what):
    """Records a per-row unit; refuses a file that mixes units of one kind."""
    if not unit:
        return
    if seen.get("unit") is None:
        seen["unit"], seen["line"] = unit, line
    elif seen["unit"] != unit:
        raise ImportError_(
            f"This file mixes {what} units: {seen['unit']} (line {seen['line']}) and {unit} "
            f"(line {line}). Montage reads one unit per file; export again with one unit "
            "setting. Nothing was imported."
        )
