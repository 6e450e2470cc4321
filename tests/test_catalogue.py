import json
import shutil

import pytest
from django.apps import apps
from django.core.management import call_command

from tests.factories import ExerciseFactory
from workouts import catalogue
from workouts.models import Category, Exercise, Plan, PlanDay, PlanItem, Quote, Style

PLAN_SLUGS = ("drago-high-tech", "siberian-natural")


def counts():
    return {
        "exercises": Exercise.objects.builtin().count(),
        "plans": Plan.objects.count(),
        "days": PlanDay.objects.count(),
        "items": PlanItem.objects.count(),
        "quotes": Quote.objects.count(),
    }


def exercise_rows():
    return catalogue.read_json("exercises.json")


def plan_data():
    return [json.loads(path.read_text(encoding="utf-8")) for path in catalogue.plan_files()]


# --- The data files -------------------------------------------------------------------------


def test_there_are_at_least_forty_built_in_exercises():
    assert len(exercise_rows()) >= 40


def test_exercise_slugs_are_unique():
    slugs = [row["slug"] for row in exercise_rows()]
    assert len(slugs) == len(set(slugs))


def test_exercise_names_are_unique():
    names = [row["name"].lower() for row in exercise_rows()]
    assert len(names) == len(set(names))


def test_every_exercise_has_a_known_style_and_category():
    for row in exercise_rows():
        assert row["style"] in Style.values, row["slug"]
        assert row["category"] in Category.values, row["slug"]


def test_every_exercise_is_measured_somehow():
    for row in exercise_rows():
        assert row["measures"], row["slug"]
        assert set(row["measures"]) <= set(catalogue.MEASURES), row["slug"]
        assert set(row.get("readings", [])) <= set(catalogue.READINGS), row["slug"]


def test_every_exercise_has_a_how_to():
    for row in exercise_rows():
        assert row.get("howto", "").strip(), row["slug"]


def test_both_plans_exist_as_data():
    assert sorted(plan["slug"] for plan in plan_data()) == list(PLAN_SLUGS)


def test_each_plan_has_six_weeks():
    for plan in plan_data():
        assert [week["number"] for week in plan["weeks"]] == [1, 2, 3, 4, 5, 6], plan["slug"]


def test_each_plan_week_has_four_or_five_training_days():
    for plan in plan_data():
        for week in plan["weeks"]:
            assert 4 <= len(week["days"]) <= 5, (plan["slug"], week["number"])


def test_each_plan_day_is_a_titled_session_with_exercises():
    for plan in plan_data():
        for week in plan["weeks"]:
            for day in week["days"]:
                assert day["title"].strip(), (plan["slug"], week["number"], day["day"])
                assert day["items"], (plan["slug"], week["number"], day["day"])
                assert 1 <= day["day"] <= 7


def test_every_plan_item_references_a_built_in_exercise():
    slugs = {row["slug"] for row in exercise_rows()}
    for plan in plan_data():
        for week in plan["weeks"]:
            for day in week["days"]:
                for item in day["items"]:
                    assert item["exercise"] in slugs, (plan["slug"], week["number"], item)


def test_every_plan_item_prescribes_reps_duration_or_distance():
    for plan in plan_data():
        for week in plan["weeks"]:
            for day in week["days"]:
                for item in day["items"]:
                    dose = (item.get("reps"), item.get("duration_s"), item.get("distance_m"))
                    assert any(dose), (plan["slug"], week["number"], day["title"], item)


# --- Loading into the database --------------------------------------------------------------


@pytest.mark.django_db
def test_the_migration_loads_the_catalogue():
    assert counts()["exercises"] == len(exercise_rows())
    assert set(Plan.objects.values_list("slug", flat=True)) == set(PLAN_SLUGS)


@pytest.mark.django_db
def test_loaded_plans_have_six_weeks_of_four_or_five_days():
    for plan in Plan.objects.all():
        assert plan.weeks == 6
        for week in range(1, 7):
            assert 4 <= plan.days.filter(week=week).count() <= 5, (plan.slug, week)


@pytest.mark.django_db
def test_loading_twice_duplicates_nothing():
    catalogue.load_all(apps)
    before = counts()
    catalogue.load_all(apps)
    assert counts() == before


@pytest.mark.django_db
def test_reloading_restores_a_changed_exercise():
    row = exercise_rows()[0]
    Exercise.objects.filter(owner=None, slug=row["slug"]).update(name="Vandalised", howto="")
    catalogue.load_all(apps)
    exercise = Exercise.objects.get(owner=None, slug=row["slug"])
    assert exercise.name == row["name"]
    assert exercise.howto == row["howto"]


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    """A writable copy of the data files that `load_all` reads instead of the real ones."""
    copy = tmp_path / "data"
    shutil.copytree(catalogue.DATA_DIR, copy)
    monkeypatch.setattr(catalogue, "DATA_DIR", copy)
    return copy


@pytest.mark.django_db
def test_a_changed_data_file_updates_the_existing_row(data_copy):
    rows = json.loads((data_copy / "exercises.json").read_text(encoding="utf-8"))
    rows[0]["name"] = "Back squat (high bar)"
    rows[0]["measures"] = ["reps"]
    (data_copy / "exercises.json").write_text(json.dumps(rows), encoding="utf-8")
    before = counts()
    catalogue.load_all(apps)
    exercise = Exercise.objects.get(owner=None, slug=rows[0]["slug"])
    assert exercise.name == "Back squat (high bar)"
    assert exercise.measure_names == ["reps"]
    assert counts() == before


@pytest.mark.django_db
def test_a_new_exercise_in_the_data_file_is_added_once(data_copy):
    rows = json.loads((data_copy / "exercises.json").read_text(encoding="utf-8"))
    rows.append(
        {
            "slug": "tyre-flip",
            "name": "Tyre flip",
            "style": "natural",
            "category": "strength",
            "measures": ["reps"],
        }
    )
    (data_copy / "exercises.json").write_text(json.dumps(rows), encoding="utf-8")
    catalogue.load_all(apps)
    catalogue.load_all(apps)
    assert Exercise.objects.filter(owner=None, slug="tyre-flip").count() == 1


@pytest.mark.django_db
def test_reloading_restores_a_changed_plan_day_and_item():
    data = plan_data()[0]
    first_day = data["weeks"][0]["days"][0]
    day = PlanDay.objects.get(plan__slug=data["slug"], week=1, day=first_day["day"])
    PlanDay.objects.filter(pk=day.pk).update(title="Sofa")
    PlanItem.objects.filter(day=day, order=0).update(sets=99)
    catalogue.load_all(apps)
    day.refresh_from_db()
    assert day.title == first_day["title"]
    assert day.items.get(order=0).sets == (first_day["items"][0]["sets"] or 1)


@pytest.mark.django_db
def test_reloading_removes_plan_items_no_longer_in_the_data():
    day = PlanDay.objects.filter(plan__slug=PLAN_SLUGS[0]).first()
    expected = day.items.count()
    PlanItem.objects.create(day=day, exercise=Exercise.objects.builtin().first(), order=99)
    catalogue.load_all(apps)
    assert day.items.count() == expected


@pytest.mark.django_db
def test_reloading_leaves_users_own_exercises_alone():
    mine = ExerciseFactory(name="Back squat", howto="My way")
    catalogue.load_all(apps)
    mine.refresh_from_db()
    assert mine.owner is not None
    assert mine.howto == "My way"


@pytest.mark.django_db
def test_loaded_plan_items_point_at_built_in_exercises():
    assert not PlanItem.objects.filter(exercise__owner__isnull=False).exists()


@pytest.mark.django_db
def test_the_command_reports_what_it_loaded(capsys):
    call_command("load_catalogue")
    out = capsys.readouterr().out
    assert f"{len(exercise_rows())} exercises" in out
    assert "2 plans" in out


@pytest.mark.django_db
def test_the_command_is_idempotent():
    call_command("load_catalogue")
    before = counts()
    call_command("load_catalogue")
    assert counts() == before
