"""The measures table: the set form, the set columns the actions write, the catalogue mapping,
the exercise form's choices and the logging page's JS field list all derive from it, so adding a
reading is one declaration (plus its migration)."""

import dataclasses
import json
from types import SimpleNamespace

import pytest
from django.template.loader import render_to_string

from workouts import catalogue
from workouts.forms.exercises import MEASURE_CHOICES, READING_CHOICES
from workouts.forms.logbook import SetForm
from workouts.logbook import actions
from workouts.models import Exercise
from workouts.rules import measures, records

CADENCE = measures.Measure(
    "cadence",
    measures.READING,
    "cadence_rpm",
    "rpm",
    "Cadence (rpm)",
    "cadence_rpm",
    "Cadence (rpm)",
    measures.WHOLE,
    250,
    lambda value, w, d: f"{value:,.0f} rpm",
    js_field="cadence_rpm",
)


@pytest.fixture
def with_cadence(monkeypatch):
    """The table with one more reading declared, as a new entry in rules/measures.py would be."""
    monkeypatch.setattr(measures, "MEASURES", (*measures.MEASURES, CADENCE))


def exercise(measure_names=("reps",), reading_names=()):
    return SimpleNamespace(measure_names=list(measure_names), reading_names=list(reading_names))


def test_a_declared_reading_gets_a_set_form_field_with_its_label_and_limits(with_cadence):
    form = SetForm(
        exercise=exercise(reading_names=["cadence"]), data={"reps": "5", "cadence_rpm": "251"}
    )
    assert form.fields["cadence_rpm"].label == "Cadence (rpm)"
    assert not form.is_valid()
    assert "cadence_rpm" in form.errors


def test_a_declared_reading_is_stored_in_its_model_field(with_cadence):
    form = SetForm(
        exercise=exercise(reading_names=["cadence"]), data={"reps": "5", "cadence_rpm": "90"}
    )
    assert form.is_valid(), form.errors
    assert form.si_values()["cadence_rpm"] == 90


def test_a_declared_reading_is_a_set_field_the_actions_write(with_cadence):
    assert "cadence_rpm" in actions.set_fields()


def test_a_declared_reading_is_in_the_logging_pages_js_field_list(with_cadence):
    form = SetForm(exercise=exercise(reading_names=["cadence"]))
    html = render_to_string("workouts/_set_fields.html", {"form": form})
    data = html.split('<script type="application/json">', 1)[1].split("</script>", 1)[0]
    assert json.loads(data)[-1] == "cadence_rpm"


def test_a_declared_reading_is_a_catalogue_reading_and_an_exercise_form_choice(with_cadence):
    assert measures.catalogue_readings()["cadence"] == "reads_cadence"
    assert ("cadence", "Cadence (rpm)") in measures.choices(measures.READING)


def test_the_logging_page_fills_the_four_measures_from_last_time():
    assert measures.js_fields() == ["reps", "load", "duration", "distance"]


def test_the_catalogue_and_exercise_form_use_the_table():
    assert catalogue.MEASURES == ("reps", "load", "duration", "distance")
    assert catalogue.READINGS == {
        "force": "reads_force",
        "power": "reads_power",
        "heart_rate": "reads_heart_rate",
    }
    assert [name for name, _ in MEASURE_CHOICES] == list(catalogue.MEASURES)
    assert [name for name, _ in READING_CHOICES] == list(catalogue.READINGS)


def test_every_declared_column_and_flag_exists_on_the_models():
    from workouts.models import LoggedSet

    set_columns = {f.name for f in LoggedSet._meta.get_fields()}
    exercise_flags = {f.name for f in Exercise._meta.get_fields()}
    for m in measures.MEASURES:
        assert m.model_field in set_columns, m.name
        assert m.exercise_flag in exercise_flags, m.name


def test_a_value_is_formatted_in_the_users_units():
    assert measures.format_value("load", 100, "lb", "km") == "220.5 lb"
    assert measures.format_value("force", 1650, "kg", "km") == "1,650 psi"


ROLLING_CADENCE = dataclasses.replace(
    CADENCE, record_kinds=("cadence",), rollup_column="cadence_rpm", chart_series=("cadence",)
)


@pytest.fixture
def with_rolling_cadence(monkeypatch):
    """A reading that also sets a record kind, rolls up and is charted."""
    monkeypatch.setattr(measures, "MEASURES", (*measures.MEASURES, ROLLING_CADENCE))


def test_a_declared_reading_that_rolls_up_is_a_best_the_summaries_aggregate(with_rolling_cadence):
    from workouts.dashboard import rollups

    assert "cadence_rpm" in rollups._entry_bests()


def test_a_declared_reading_that_rolls_up_is_folded_into_an_entrys_best(with_rolling_cadence):
    logged = SimpleNamespace(cadence_rpm=92)
    assert measures.rollup_value(ROLLING_CADENCE, logged) == 92
    assert ROLLING_CADENCE in measures.rollup_bests()


def test_a_declared_reading_with_a_series_is_offered_to_exercises_that_read_it(
    with_rolling_cadence,
):
    reads = SimpleNamespace(**{m.exercise_flag: False for m in measures.MEASURES})
    assert "cadence" not in measures.series_available(reads)
    reads.reads_cadence = True
    assert "cadence" in measures.series_available(reads)


def test_a_declared_record_kind_reads_in_its_measures_format(with_rolling_cadence):
    assert measures.format_record("cadence", 92, "kg", "km") == "92 rpm"


def test_every_record_kind_reads_in_its_quantitys_unit():
    shown = {kind: measures.format_record(kind, 100, "kg", "km") for kind in records.KINDS}
    assert shown == {
        records.HEAVIEST: "100 kg",
        records.E1RM: "100 kg",
        records.SET_VOLUME: "100 kg",
        records.REPS: "100 reps",
        records.DISTANCE: "100 m",
        records.DURATION: "1 min 40 s",
        records.PACE: "27:46:40 min/km",
        records.FORCE: "100 psi",
        records.POWER: "100 W",
    }


def test_a_series_needs_every_measure_that_names_it():
    only_load = SimpleNamespace(**{m.exercise_flag: False for m in measures.MEASURES})
    only_load.measures_load = True
    assert measures.series_available(only_load) == {"top_load"}
    only_load.measures_reps = True
    assert measures.series_available(only_load) == {"top_load", "e1rm", "reps"}
