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
- `record_kinds`: the personal-record kinds (`workouts.rules.records`) whose value is this
  quantity, shown with its `format` (`format_record`; pace, seconds per metre, is the one
  derived unit);
- `rollup_column`: the EntrySummary column holding an exercise's best of it in a session, if any
  (`rollup_bests`: `dashboard.rollups` aggregates and folds in exactly these), counting only
  values above zero when `rollup_positive`;
- `chart_series`: the dashboard progress series (`workouts.dashboard.periods.ALL_SERIES`) that
  need it; a series is offered for an exercise that has every measure naming it
  (`series_available`: e1RM needs reps and load, pace distance and duration);
- `js_field`: the field the logging page fills from "last time" (None: not filled);
- `format`: how a value is shown to the user.

Derived from this table: the set form's fields (`workouts.forms.logbook.SetForm`), the set
columns the actions write (`workouts.logbook.actions.set_fields()`), the catalogue's
MEASURES/READINGS mapping (`workouts.catalogue`), the exercise form's choices, Exercise's
`measure_names`/`reading_names`, the logging page's JS field list (`js_fields()`, delivered
through json_script by `_set_fields.html`), the per-exercise roll-up bests
(`workouts.dashboard.rollups`), the progress series an exercise is offered
(`workouts.dashboard.periods.candidate_series`) and how a record's value reads
(`workouts.dashboard.charts.record_value`). Adding a reading is one entry here plus a migration
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
    rollup_positive: bool = False
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
        record_kinds=(records.REPS,),
        rollup_column="reps",
        chart_series=("reps", "e1rm"),
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
        rollup_positive=True,
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
        record_kinds=(records.DURATION,),
        rollup_column="duration_s",
        rollup_positive=True,
        chart_series=("duration", "pace"),
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
        record_kinds=(records.DISTANCE,),
        rollup_column="distance_m",
        rollup_positive=True,
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


def rollup_bests(table: tuple[Measure, ...] | None = None) -> tuple[Measure, ...]:
    """The measures an EntrySummary keeps a best of (their `rollup_column`)."""
    table = MEASURES if table is None else table
    return tuple(m for m in table if m.rollup_column)


def rollup_value(measure: Measure, logged: object) -> float | None:
    """A set's value for `measure`'s roll-up best: None when the set has none to count."""
    value = getattr(logged, measure.model_field)
    if measure.rollup_positive and not (value and value > 0):
        return None
    return value


def series_available(exercise: object, table: tuple[Measure, ...] | None = None) -> set[str]:
    """The progress series an exercise can have: those whose every measure it records."""
    table = MEASURES if table is None else table
    needed: dict[str, list[Measure]] = {}
    for m in table:
        for key in m.chart_series:
            needed.setdefault(key, []).append(m)
    return {
        key for key, ms in needed.items() if all(getattr(exercise, m.exercise_flag) for m in ms)
    }


def format_record(
    kind: str,
    value: float,
    weight_unit: str,
    distance_unit: str,
    table: tuple[Measure, ...] | None = None,
) -> str:
    """A record's value as the user reads it: '140 kg', '5:02 /km', '1,650 psi'."""
    table = MEASURES if table is None else table
    if kind == records.PACE:
        return units.format_pace(value, distance_unit)
    for m in table:
        if kind in m.record_kinds:
            return m.format(value, weight_unit, distance_unit)
    raise KeyError(f"no measure declares the record kind {kind!r}")
