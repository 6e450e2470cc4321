"""Exercises, body weight, plans, the current enrolment, records, quotes and the dashboard."""

import datetime as dt

import pytest

from tests.factories import SetFactory
from workouts.models import BodyWeight, Exercise, Plan

pytestmark = pytest.mark.django_db


def test_creating_an_exercise(api, user):
    response = api.post(
        "/exercises", {"name": "Tyre flip", "measures": ["reps", "load"], "readings": ["power"]}
    )
    assert response.status_code == 201
    exercise = Exercise.objects.get(pk=response.json()["id"])
    assert (exercise.owner, exercise.measures_load, exercise.reads_power) == (user, True, True)


def test_an_exercise_named_like_one_of_mine_is_422(api, user):
    api.post("/exercises", {"name": "Tyre flip", "measures": ["reps"]})
    response = api.post("/exercises", {"name": "tyre  flip", "measures": ["reps"]})
    assert response.status_code == 422
    assert "name" in response.json()["fields"]


def test_editing_and_deleting_my_exercise(api, user):
    created = api.post("/exercises", {"name": "Tyre flip", "measures": ["reps"]}).json()
    assert api.patch(f"/exercises/{created['id']}", {"name": "Sled drag"}).json()["name"] == (
        "Sled drag"
    )
    assert api.delete(f"/exercises/{created['id']}").status_code == 204
    assert not Exercise.objects.filter(owner=user).exists()


def test_exercises_filter_by_name(api):
    names = [e["name"] for e in api.get("/exercises", q="bench press").json()["items"]]
    assert names == ["Bench press"]


def test_exercises_page_through_the_whole_catalogue(api):
    seen, cursor = [], None
    while True:
        page = api.get("/exercises", limit=25, **({"cursor": cursor} if cursor else {})).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(Exercise.objects.builtin().values_list("pk", flat=True))


def test_records_of_an_exercise(api, user, bench):
    SetFactory(entry__session__user=user, entry__exercise=bench, reps=5, load_kg=100)
    SetFactory(entry__session__user=user, entry__exercise=bench, reps=5, load_kg=110)
    from workouts.logbook import records_store

    records_store.rebuild_records(user, bench.pk)
    records = api.get(f"/exercises/{bench.pk}/records").json()["records"]
    assert {"kind": "heaviest", "value": 110.0} in [
        {"kind": r["kind"], "value": r["value"]} for r in records
    ]


def test_a_weigh_in_is_stored_in_kg(api, user):
    response = api.post("/bodyweight", {"date": "2026-01-05", "weight_kg": 92.5})
    assert response.status_code == 201
    assert BodyWeight.objects.get(user=user).weight_kg == 92.5


def test_a_weigh_in_in_the_future_is_422(api):
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = api.post("/bodyweight", {"date": tomorrow.isoformat(), "weight_kg": 92.5})
    assert response.status_code == 422
    assert "date" in response.json()["fields"]


def test_weigh_ins_list_with_user_units(api, user, in_pounds_and_miles):
    BodyWeight.objects.create(user=user, date=dt.date(2026, 1, 5), weight_kg=100)
    item = api.get("/bodyweight", units="user").json()["items"][0]
    assert item["display"] == {"value": 220.462, "unit": "lb"}


def test_plans_are_listed_with_their_days(api):
    slugs = [p["slug"] for p in api.get("/plans").json()["items"]]
    assert slugs == sorted(Plan.objects.values_list("slug", flat=True))
    plan = api.get(f"/plans/{slugs[0]}").json()
    assert plan["plan_days"][0]["items"]


def test_an_unknown_plan_is_404(api):
    assert api.get("/plans/rocky-v").status_code == 404


def test_the_current_enrolment_has_todays_day(api, user):
    from django.utils import timezone

    from workouts.plans import actions as plan_actions

    plan = Plan.objects.order_by("slug").first()
    plan_actions.enrol(user, plan, timezone.now(), start_date=dt.date.today())
    body = api.get("/enrolment").json()
    assert body["enrolment"]["plan"]["slug"] == plan.slug
    assert body["today_day"]["plan_day"]["week"] == 1


def test_no_enrolment_is_null(api):
    assert api.get("/enrolment").json()["enrolment"] is None


def test_locked_quotes_show_only_their_hint(api):
    body = api.get("/quotes").json()
    assert body["unlocked"] == 0
    assert all(q["text"] is None and q["hint"] for q in body["items"])


def test_the_dashboard_has_figures_for_a_range(api, user):
    body = api.get("/dashboard", range="4w").json()
    assert body["range"] == "4w"
    assert len(body["buckets"]) == 4
    assert [t["label"] for t in body["tiles"]] == ["Sessions", "Minutes", "Volume", "Distance"]


def test_an_unknown_dashboard_range_is_422(api):
    assert api.get("/dashboard", range="5y").status_code == 422


# ---------- an exercise's how-to: the exercise form's limit ----------


def test_a_how_to_over_the_forms_limit_is_refused_with_a_422(api, user):
    from workouts.forms.exercises import TEXT_MAX

    response = api.post(
        "/exercises", {"name": "Tyre flip", "measures": ["reps"], "howto": "h" * (TEXT_MAX + 1)}
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["code"], body["message"]) == ("invalid", "Check the highlighted fields.")
    [message] = body["fields"]["howto"]
    assert f"at most {TEXT_MAX} characters" in message
    assert list(body["fields"]) == ["howto"]
    assert not Exercise.objects.filter(owner=user).exists()


def test_an_edit_to_a_how_to_over_the_forms_limit_is_refused_with_a_422(api, user):
    from workouts.forms.exercises import TEXT_MAX

    created = api.post("/exercises", {"name": "Tyre flip", "measures": ["reps"]}).json()
    response = api.patch(f"/exercises/{created['id']}", {"howto": "h" * (TEXT_MAX + 1)})
    assert response.status_code == 422
    assert list(response.json()["fields"]) == ["howto"]
    assert Exercise.objects.get(pk=created["id"]).howto == ""


def test_a_how_to_at_the_forms_limit_is_saved(api, user):
    from workouts.forms.exercises import TEXT_MAX

    response = api.post(
        "/exercises", {"name": "Tyre flip", "measures": ["reps"], "howto": "h" * TEXT_MAX}
    )
    assert response.status_code == 201
    assert len(Exercise.objects.get(owner=user).howto) == TEXT_MAX
