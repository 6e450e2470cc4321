"""Constraints the code relies on, kept by the database itself (migration 0005)."""

import copy
import datetime as dt
import json

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction

from tests.factories import ExerciseFactory, SetFactory, UserFactory
from workouts import catalogue
from workouts.logbook import actions
from workouts.models import Exercise, PlanDay, PlanItem

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_two_sets_of_one_entry_cannot_share_a_position():
    first = SetFactory(position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        SetFactory(entry=first.entry, position=1)


@pytest.mark.django_db
def test_a_custom_exercise_name_is_unique_to_its_owner_whatever_the_case():
    exercise = ExerciseFactory(name="Sled drag")
    with pytest.raises(IntegrityError), transaction.atomic():
        Exercise.objects.create(owner=exercise.owner, name="SLED drag")


@pytest.mark.django_db
def test_two_owners_may_each_have_an_exercise_of_the_same_name():
    ExerciseFactory(name="Sled drag")
    ExerciseFactory(name="sled drag")
    assert Exercise.objects.filter(name__iexact="sled drag").count() == 2


# ---------- reloading the catalogue ----------


def drago_data():
    return json.loads(
        (catalogue.DATA_DIR / "plans" / "drago-high-tech.json").read_text(encoding="utf-8")
    )


def reload_plan(data):
    models = {
        name: apps.get_model("workouts", name)
        for name in ("Plan", "PlanDay", "PlanItem", "SessionExercise")
    }
    exercises = {e.slug: e for e in Exercise.objects.builtin()}
    catalogue.load_plan(models, data, exercises)


@pytest.fixture
def past_session(db):
    """A session started from week 1, day 1 of the high-tech plan, with one set logged."""
    day = PlanDay.objects.get(
        plan__slug="drago-high-tech", week=1, day=drago_data()["weeks"][0]["days"][0]["day"]
    )
    session = actions.start_session(UserFactory(), NOW, plan_day=day)
    entry = session.entries.order_by("order").first()
    actions.log_set(entry, {"reps": 5, "load_kg": 60.0}, NOW)
    return session


def targets(session):
    """Each entry's exercise and its plan item's exercise and prescription, as read back."""
    return [
        (
            entry.exercise_id,
            entry.plan_item.exercise_id,
            entry.plan_item.sets,
            entry.plan_item.reps,
            entry.plan_item.duration_s,
            entry.plan_item.distance_m,
            entry.plan_item.load_kg,
        )
        for entry in session.entries.select_related("plan_item").order_by("order")
    ]


def test_reloading_an_unchanged_catalogue_keeps_past_targets_and_items(past_session):
    before, items = targets(past_session), PlanItem.objects.count()
    catalogue.load_all(apps)
    assert targets(past_session) == before
    assert PlanItem.objects.count() == items


def test_an_item_inserted_before_others_does_not_repoint_a_past_sessions_targets(past_session):
    before = targets(past_session)
    data = drago_data()
    items = data["weeks"][0]["days"][0]["items"]
    items.insert(
        0, {**copy.deepcopy(items[-1]), "exercise": "punch-force-test", "key": "extra-punches"}
    )
    reload_plan(data)
    assert targets(past_session) == before


def test_a_changed_prescription_keeps_a_past_sessions_target(past_session):
    before = targets(past_session)
    data = drago_data()
    first = data["weeks"][0]["days"][0]["items"][0]
    first["sets"] = (first.get("sets") or 1) + 3
    reload_plan(data)
    assert targets(past_session) == before


def test_a_changed_prescription_is_what_the_plan_shows_now(past_session):
    data = drago_data()
    first = data["weeks"][0]["days"][0]["items"][0]
    first["sets"] = (first.get("sets") or 1) + 3
    reload_plan(data)
    day = past_session.plan_day
    assert day.items.order_by("order").first().sets == first["sets"]
    assert day.items.count() == len(data["weeks"][0]["days"][0]["items"])


def test_an_item_removed_from_the_plan_stays_a_past_sessions_target(past_session):
    before = targets(past_session)
    data = drago_data()
    del data["weeks"][0]["days"][0]["items"][0]
    reload_plan(data)
    assert targets(past_session) == before
    assert past_session.plan_day.items.count() == len(data["weeks"][0]["days"][0]["items"])


def test_a_session_started_after_a_change_gets_the_new_prescription(past_session):
    data = drago_data()
    first = data["weeks"][0]["days"][0]["items"][0]
    first["sets"] = (first.get("sets") or 1) + 3
    reload_plan(data)
    fresh = actions.start_session(past_session.user, NOW, plan_day=past_session.plan_day)
    assert fresh.entries.order_by("order").first().plan_item.sets == first["sets"]
