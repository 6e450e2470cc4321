"""The measures table: one declaration per thing a set can carry. Pure: no queries, no clock.

A *measure* is what an exercise is done for (reps, load, duration, distance: an exercise measures
one or more); a *reading* is what a device reads during a set (punch force, power, heart rate).
Each `Measure` below says, in one place:

- `name`: its name in the catalogue JSON and the exercise form, and the suffix of the Exercise
  flag (`exercise_flag`: `measures_load`, `reads_force`);
- `model_field`: the LoggedSet column, in SI units (kg, m, s);
- `unit`: its unit kind (how it is converted and shown: weight and distance in the user's units);
- `choice_label`: the exercise form's checkbox label;
- `form_field`, `form_label`, `input`, `min_value`, `max_value`: the set form's field (label,
  whole number / decimal number / clock time, limits in SI);
- `record_kinds`: the personal-record kinds (`workouts.rules.records`) it can set;
- `rollup_column`: the EntrySummary column holding a session's best of it, if any;
- `chart_series`: the dashboard progress series (`workouts.dashboard.periods.SERIES`) it feeds;
- `js_field`: the field the logging page fills from "last time" (None: not filled);
- `format`: how a value is shown to the user.

Derived from this table: the set form's fields (`workouts.forms.logbook.SetForm`), the set
columns the actions write (`workouts.logbook.actions.set_fields()`), the catalogue's
MEASURES/READINGS mapping (`workouts.catalogue`), the exercise form's choices, Exercise's
`measure_names`/`reading_names`, and the logging page's JS field list (`js_fields()`, delivered
through json_script by `_set_fields.html`). Adding a reading is one entry here plus a migration
(the LoggedSet column, the Exercise flag and, if it rolls up, the EntrySummary column).
"""

from collections.abc import Callable
from dataclasses import dataclass

from workouts.rules import records, units

MEASURE, READING = "measure", "reading"
WHOLE, NUMBER, CLOCK = "whole", "number", "clock"
COUNT, WEIGHT, TIME, DISTANCE, PSI, WATTS, BPM = (
    "count",
    "weight",
    "time",
    "distance",
    "psi",
    "watts",
    "bpm",
)

Formatter = Callable[[float, str, str], str]  # (SI value, weight unit, distance unit) -> text


def _count(suffix: str) -> Formatter:
    def format_count(value: float, weight_unit: str, distance_unit: str) -> str:
        return f"{value:,.0f} {suffix}"

    return format_count


def _weight(value: float, weight_unit: str, distance_unit: str) -> str:
    return units.format_weight(value, weight_unit)


def _distance(value: float, weight_unit: str, distance_unit: str) -> str:
    return units.format_distance(value, distance_unit)


def _time(value: float, weight_unit: str, distance_unit: str) -> str:
    return units.format_duration(value)


@dataclass(frozen=True)
class Measure:
    name: str
    role: str  # MEASURE or READING
    model_field: str
    unit: str
    choice_label: str
    form_field: str
    form_label: str
    input: str  # WHOLE, NUMBER or CLOCK
    max_value: float  # in SI units
    format: Formatter
    min_value: float = 0
    record_kinds: tuple[str, ...] = ()
    rollup_column: str | None = None
    chart_series: tuple[str, ...] = ()
    js_field: str | None = None

    @property
    def exercise_flag(self) -> str:
        return ("measures_" if self.role == MEASURE else "reads_") + self.name


MEASURES: tuple[Measure, ...] = (
    Measure(
        "reps",
        MEASURE,
        "reps",
        COUNT,
        "Reps",
        "reps",
        "Reps",
        WHOLE,
        1000,
        _count("reps"),
        record_kinds=(records.REPS, records.E1RM, records.SET_VOLUME),
        rollup_column="reps",
        chart_series=("reps",),
        js_field="reps",
    ),
    Measure(
        "load",
        MEASURE,
        "load_kg",
        WEIGHT,
        "Load",
        "load",
        "Load",
        NUMBER,
        1000,
        _weight,
        record_kinds=(records.HEAVIEST, records.E1RM, records.SET_VOLUME),
        rollup_column="top_load_kg",
        chart_series=("top_load", "e1rm"),
        js_field="load",
    ),
    Measure(
        "duration",
        MEASURE,
        "duration_s",
        TIME,
        "Duration",
        "duration",
        "Time",
        CLOCK,
        24 * 3600,
        _time,
        record_kinds=(records.DURATION, records.PACE),
        rollup_column="duration_s",
        chart_series=("duration",),
        js_field="duration",
    ),
    Measure(
        "distance",
        MEASURE,
        "distance_m",
        DISTANCE,
        "Distance",
        "distance",
        "Distance",
        NUMBER,
        500_000,
        _distance,
        record_kinds=(records.DISTANCE, records.PACE),
        rollup_column="distance_m",
        chart_series=("distance", "pace"),
        js_field="distance",
    ),
    Measure(
        "force",
        READING,
        "force_psi",
        PSI,
        "Punch force (psi)",
        "force_psi",
        "Punch force (psi)",
        WHOLE,
        5000,
        _count("psi"),
        record_kinds=(records.FORCE,),
        rollup_column="force_psi",
        chart_series=("force",),
    ),
    Measure(
        "power",
        READING,
        "power_w",
        WATTS,
        "Power (watts)",
        "power_w",
        "Power (W)",
        WHOLE,
        3000,
        _count("W"),
        record_kinds=(records.POWER,),
        rollup_column="power_w",
        chart_series=("power",),
    ),
    Measure(
        "heart_rate",
        READING,
        "heart_rate_bpm",
        BPM,
        "Heart rate (bpm)",
        "heart_rate_bpm",
        "Heart rate (bpm)",
        WHOLE,
        250,
        _count("bpm"),
        min_value=25,
    ),
)

BY_NAME: dict[str, Measure] = {m.name: m for m in MEASURES}


def measures(table: tuple[Measure, ...] | None = None) -> tuple[Measure, ...]:
    table = MEASURES if table is None else table
    return tuple(m for m in table if m.role == MEASURE)


def readings(table: tuple[Measure, ...] | None = None) -> tuple[Measure, ...]:
    table = MEASURES if table is None else table
    return tuple(m for m in table if m.role == READING)


def set_columns(table: tuple[Measure, ...] | None = None) -> tuple[str, ...]:
    """The LoggedSet columns the measures fill, in table order."""
    table = MEASURES if table is None else table
    return tuple(m.model_field for m in table)


def catalogue_measures(table: tuple[Measure, ...] | None = None) -> tuple[str, ...]:
    """The measure names the catalogue JSON may list."""
    table = MEASURES if table is None else table
    return tuple(m.name for m in measures(table))


def catalogue_readings(table: tuple[Measure, ...] | None = None) -> dict[str, str]:
    """The reading names the catalogue JSON may list, with the Exercise flag each sets."""
    table = MEASURES if table is None else table
    return {m.name: m.exercise_flag for m in readings(table)}


def choices(role: str, table: tuple[Measure, ...] | None = None) -> list[tuple[str, str]]:
    """The exercise form's choices for measures or readings."""
    table = MEASURES if table is None else table
    return [(m.name, m.choice_label) for m in table if m.role == role]


def js_fields(table: tuple[Measure, ...] | None = None) -> list[str]:
    """The set-form fields the logging page fills from last time, for json_script."""
    table = MEASURES if table is None else table
    return [m.js_field for m in table if m.js_field]


def format_value(name: str, value: float, weight_unit: str, distance_unit: str) -> str:
    """A stored (SI) value of a measure as the user reads it."""
    return BY_NAME[name].format(value, weight_unit, distance_unit)
