"""The SQL twins of the record formulas (records_store) agree with the pure ones (rules.records)."""

import pytest
from django.db.models import F

from tests.factories import SetFactory
from workouts.logbook.records_store import e1rm_expression, pace_expression, volume_expression
from workouts.models import LoggedSet
from workouts.rules import records

pytestmark = pytest.mark.django_db

SAMPLES = [
    dict(reps=1, load_kg=140.0),
    dict(reps=5, load_kg=100.0),
    dict(reps=12, load_kg=62.5),
    dict(reps=13, load_kg=60.0),
    dict(reps=8, load_kg=None),
    dict(reps=None, load_kg=None, duration_s=1500, distance_m=5000.0),
    dict(reps=None, load_kg=None, duration_s=600, distance_m=None),
    dict(reps=None, load_kg=None, duration_s=None, distance_m=1609.344),
    dict(reps=10, load_kg=40.0, is_warmup=True),
]


@pytest.fixture
def logged():
    for values in SAMPLES:
        SetFactory(**values)
    return LoggedSet.objects.order_by("pk").annotate(
        sql_volume=volume_expression(),
        sql_e1rm=e1rm_expression(),
        sql_pace=pace_expression(),
        sql_reps=F("reps"),
    )


def python_values(row):
    """What rules.records computes for the row, as a working set (the SQL formulas do not
    look at warm-ups except for volume, which the roll-ups count for working sets only)."""
    return records.values_of(
        records.SetValues(
            reps=row.reps, load_kg=row.load_kg, duration_s=row.duration_s, distance_m=row.distance_m
        )
    )


def test_the_sql_volume_is_reps_times_load_of_working_sets_as_in_python(logged):
    for row in logged:
        expected = None if row.is_warmup else python_values(row).get(records.SET_VOLUME)
        assert row.sql_volume == pytest.approx(expected), row.__dict__


def test_the_sql_estimated_1rm_is_the_python_epley_within_its_rep_range(logged):
    for row in logged:
        assert row.sql_e1rm == pytest.approx(python_values(row).get(records.E1RM)), row.__dict__


def test_the_sql_pace_is_the_python_seconds_per_metre(logged):
    for row in logged:
        assert row.sql_pace == pytest.approx(python_values(row).get(records.PACE)), row.__dict__
