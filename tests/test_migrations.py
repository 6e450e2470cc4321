"""Data migrations, run as functions on a history built through `actions`."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from tests.factories import EntryFactory, SessionFactory
from workouts import integrity
from workouts.logbook import actions
from workouts.models import EntrySummary, SessionSummary

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


def migration(name):
    return importlib.import_module(f"workouts.migrations.{name}")


@pytest.fixture
def run_with_warmup(snow_run):
    entry = EntryFactory(session=SessionFactory(started_at=NOW), exercise=snow_run)
    actions.log_set(entry, {"distance_m": 1000.0, "duration_s": 400, "is_warmup": True}, NOW)
    actions.log_set(entry, {"distance_m": 5000.0, "duration_s": 1500}, NOW)
    return entry


def backfill_as_0003_did():
    SessionSummary.objects.all().delete()
    EntrySummary.objects.all().delete()
    migration("0003_dashboard_rollups").backfill(apps, None)


def test_0003s_backfill_counted_warm_up_distance(run_with_warmup):
    backfill_as_0003_did()
    assert SessionSummary.objects.get(session=run_with_warmup.session).distance_m == 6000.0


def test_0004_recomputes_session_distance_without_warm_ups(run_with_warmup):
    backfill_as_0003_did()
    migration("0004_recompute_rollups").recompute(apps, None)
    assert SessionSummary.objects.get(session=run_with_warmup.session).distance_m == 5000.0


def test_0004_leaves_roll_ups_equal_to_what_the_live_code_keeps(run_with_warmup):
    backfill_as_0003_did()
    migration("0004_recompute_rollups").recompute(apps, None)
    assert integrity.drift() == []
