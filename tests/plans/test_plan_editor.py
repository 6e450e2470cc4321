"""Own plans: "Make it mine", "New plan", the editor as plain posts and as htmx, isolation."""

import pytest

from tests.factories import UserFactory
from workouts.models import Exercise, Plan, PlanDay, PlanItem
from workouts.plans import editing
from workouts.rules import progression

DRAGO = "drago-high-tech"


def text(response):
    return " ".join(response.content.decode().split())


@pytest.fixture
def mine(auth_client, user):
    """The user's copy of the Drago plan, made through the page."""
    auth_client.post(f"/plans/{DRAGO}/copy/")
    return Plan.objects.get(owner=user)


@pytest.fixture
def bench():
    return Exercise.objects.get(slug="bench-press", owner=None)


def first_day(plan):
    return PlanDay.objects.filter(plan=plan).order_by("week", "day").first()


# ---------- make it mine, new plan, the list ----------


def test_make_it_mine_copies_every_day_and_item_into_the_users_plan(mine):
    themed = Plan.objects.get(slug=DRAGO)
    assert mine.name == "My Drago High-Tech"
    assert mine.days.count() == themed.days.count()
    assert (
        PlanItem.objects.filter(day__plan=mine).count()
        == PlanItem.objects.filter(day__plan=themed).count()
    )


def test_make_it_mine_writes_the_themed_percentages_as_e1rm_rules(mine):
    item = PlanItem.objects.get(day__plan=mine, day__week=1, day__day=2, key="bench-press")
    assert (item.load_rule, item.load_percent) == (progression.E1RM, 65.0)


def test_make_it_mine_leaves_the_themed_plan_unchanged(mine):
    assert not PlanItem.objects.filter(day__plan__slug=DRAGO).exclude(load_rule="").exists()


def test_make_it_mine_takes_the_user_to_the_editor(auth_client):
    response = auth_client.post(f"/plans/{DRAGO}/copy/")
    plan = Plan.objects.get(owner__username="rocky")
    assert response.url == f"/plans/{plan.slug}/edit/"


def test_new_plan_starts_an_empty_one_week_plan(auth_client, user):
    response = auth_client.post("/plans/new/", {"name": "Barn block", "style": "natural"})
    plan = Plan.objects.get(owner=user)
    assert (plan.name, plan.weeks, plan.days.count()) == ("Barn block", 1, 0)
    assert response.status_code == 302


def test_new_plan_without_a_name_says_so_beside_the_field(auth_client, user, field_error):
    response = auth_client.post("/plans/new/", {"name": "  ", "style": "both"})
    assert response.status_code == 422
    assert field_error(response, "name") == "Give the plan a name."
    assert not Plan.objects.filter(owner=user).exists()


def test_plans_page_lists_own_plans_beside_the_themed_ones(auth_client, mine):
    page = text(auth_client.get("/plans/"))
    assert "My Drago High-Tech" in page
    assert "Drago High-Tech" in page and "Siberian" in page


def test_another_users_plans_are_not_listed(client, mine):
    client.force_login(UserFactory(username="apollo"))
    assert "My Drago High-Tech" not in text(client.get("/plans/"))


def test_a_visitor_sees_only_the_themed_plans(client, mine):
    client.logout()
    assert "My Drago High-Tech" not in text(client.get("/plans/"))


@pytest.mark.parametrize(
    "path",
    [
        "/plans/{slug}/",
        "/plans/{slug}/edit/",
        "/plans/{slug}/enrol/",
        "/plans/{slug}/export.json",
        "/plans/{slug}/days/new/",
        "/plans/{slug}/delete/",
    ],
)
def test_another_users_plan_pages_are_404(client, mine, path):
    client.force_login(UserFactory(username="apollo"))
    assert client.get(path.format(slug=mine.slug)).status_code == 404


@pytest.mark.parametrize(
    "path", ["/plan-days/{day}/edit/", "/plan-days/{day}/items/new/", "/plan-items/{item}/edit/"]
)
def test_another_users_days_and_items_are_404(client, mine, path):
    day = first_day(mine)
    client.force_login(UserFactory(username="apollo"))
    url = path.format(day=day.pk, item=day.items.first().pk)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/plan-days/{day}/remove/",
        "/plan-days/{day}/move/",
        "/plan-days/{day}/duplicate/",
        "/plan-items/{item}/remove/",
        "/plan-items/{item}/move/",
        "/plans/{slug}/weeks/add/",
        "/plans/{slug}/copy/",
    ],
)
def test_another_user_cannot_change_or_copy_the_plan(client, mine, path):
    day = first_day(mine)
    item = day.items.first()
    client.force_login(UserFactory(username="apollo"))
    url = path.format(day=day.pk, item=item.pk, slug=mine.slug)
    assert client.post(url, {"week": 1}).status_code == 404
    assert PlanItem.objects.filter(pk=item.pk).exists()
    assert Plan.objects.filter(owner__username="apollo").count() == 0


def test_the_themed_plans_cannot_be_edited(auth_client):
    assert auth_client.get(f"/plans/{DRAGO}/edit/").status_code == 404


# ---------- the editor ----------


def test_the_editor_shows_each_items_rule(auth_client, mine):
    page = text(auth_client.get(f"/plans/{mine.slug}/edit/"))
    assert "(65% e1RM)" in page


def test_the_editor_runs_a_fixed_number_of_queries(
    auth_client, mine, django_assert_max_num_queries
):
    with django_assert_max_num_queries(10):
        small = auth_client.get(f"/plans/{mine.slug}/edit/")
    editing.duplicate_week(mine, 6)
    editing.duplicate_week(mine, 6)
    with django_assert_max_num_queries(10):
        large = auth_client.get(f"/plans/{mine.slug}/edit/")
    assert small.status_code == large.status_code == 200


def test_adding_a_day_saves_it_in_its_week(auth_client, mine):
    response = auth_client.post(
        f"/plans/{mine.slug}/days/new/", {"week": 1, "day": 3, "title": "Sled day", "note": ""}
    )
    assert response.status_code == 302
    assert PlanDay.objects.get(plan=mine, week=1, day=3).title == "Sled day"


def test_a_day_on_a_taken_slot_is_refused_beside_the_day_field(auth_client, mine, field_error):
    response = auth_client.post(
        f"/plans/{mine.slug}/days/new/", {"week": 1, "day": 1, "title": "Twice"}
    )
    assert response.status_code == 422
    assert "already has a day 1" in field_error(response, "day")


def test_a_day_number_past_seven_is_refused(auth_client, mine, field_error):
    response = auth_client.post(
        f"/plans/{mine.slug}/days/new/", {"week": 1, "day": 8, "title": "Eighth"}
    )
    assert response.status_code == 422
    assert field_error(response, "day") == "Must be at most 7; check the number."


def test_editing_a_day_changes_its_title(auth_client, mine):
    day = first_day(mine)
    auth_client.post(
        f"/plan-days/{day.pk}/edit/", {"week": 1, "day": day.day, "title": "Treadmill hell"}
    )
    day.refresh_from_db()
    assert day.title == "Treadmill hell"


def test_the_last_training_day_cannot_become_a_rest_day(auth_client, user):
    plan = editing.new_plan(user, None, name="One day", style="both")
    day = PlanDay.objects.create(plan=plan, week=1, day=1, title="Only")
    response = auth_client.post(
        f"/plan-days/{day.pk}/edit/", {"week": 1, "day": 1, "title": "Only", "rest_day": "on"}
    )
    assert response.status_code == 422
    assert "at least one training day" in text(response)
    day.refresh_from_db()
    assert not day.rest_day


def test_adding_an_item_with_a_progression_rule_saves_it_in_kg(auth_client, mine, bench):
    day = first_day(mine)
    response = auth_client.post(
        f"/plan-days/{day.pk}/items/new/",
        {
            "exercise": bench.pk,
            "sets": 3,
            "reps": 5,
            "load_rule": "absolute",
            "load": "60",
            "progression": "add_load",
            "progression_amount": "2.5",
        },
    )
    assert response.status_code == 302
    item = day.items.get(exercise=bench)
    assert (item.load_kg, item.progression, item.progression_amount) == (60.0, "add_load", 2.5)
    assert item.order == day.items.count() - 1


def test_a_lb_users_load_and_increment_are_stored_in_kg(auth_client, user, mine, bench):
    user.profile.weight_unit = "lb"
    user.profile.save()
    day = first_day(mine)
    auth_client.post(
        f"/plan-days/{day.pk}/items/new/",
        {
            "exercise": bench.pk,
            "sets": 3,
            "reps": 5,
            "load_rule": "absolute",
            "load": "135",
            "progression": "add_load",
            "progression_amount": "5",
        },
    )
    item = day.items.get(exercise=bench)
    assert item.load_kg == pytest.approx(61.235, abs=0.001)
    assert item.progression_amount == pytest.approx(2.268, abs=0.001)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"sets": 0, "reps": 5}, "sets", "Must be at least 1."),
        ({"sets": 3, "reps": 8, "reps_max": 6}, "reps_max", "at least the low end"),
        ({"sets": 3, "reps": 5, "load_rule": "absolute"}, "load", "Type the load"),
        ({"sets": 3, "reps": 5, "load_rule": "e1rm"}, "load_percent", "percentage"),
        ({"sets": 3, "reps": 5, "load_rule": "e1rm", "load_percent": "200"}, "load_percent", "150"),
        (
            {"sets": 3, "reps": 5, "load_rule": "last", "progression": "add_load"},
            "progression_amount",
            "More than 0",
        ),
        ({"sets": 3}, "reps", "Prescribe reps"),
        ({"sets": 3, "reps": 5, "rest": "2h"}, "rest", "an hour"),
    ],
)
def test_bad_items_are_refused_beside_the_field_and_nothing_is_saved(
    auth_client, mine, bench, field_error, data, field, message
):
    day = first_day(mine)
    before = day.items.count()
    response = auth_client.post(f"/plan-days/{day.pk}/items/new/", {"exercise": bench.pk, **data})
    assert response.status_code == 422
    assert message in (field_error(response, field) or "")
    assert day.items.count() == before


def test_an_exercise_outside_the_users_catalogue_is_refused(auth_client, mine, field_error):
    foreign = Exercise.objects.create(owner=UserFactory(), name="Secret lift")
    day = first_day(mine)
    response = auth_client.post(
        f"/plan-days/{day.pk}/items/new/", {"exercise": foreign.pk, "sets": 3, "reps": 5}
    )
    assert response.status_code == 422
    assert field_error(response, "exercise") == "Pick an exercise from your catalogue."


def test_editing_an_item_shows_its_values_in_the_users_units(auth_client, mine):
    item = PlanItem.objects.get(day__plan=mine, day__week=1, day__day=2, key="bench-press")
    page = auth_client.get(f"/plan-items/{item.pk}/edit/").content.decode()
    assert 'name="load_percent" value="65"' in page


def test_moving_an_item_down_swaps_it_with_the_next(auth_client, mine):
    day = first_day(mine)
    first, second = list(day.items.all())[:2]
    auth_client.post(f"/plan-items/{first.pk}/move/", {"direction": "down"})
    assert list(day.items.all())[:2] == [second, first]


def test_moving_an_item_as_htmx_answers_with_the_weeks_region(auth_client, mine, htmx_headers):
    day = first_day(mine)
    first = day.items.first()
    response = auth_client.post(
        f"/plan-items/{first.pk}/move/",
        {"direction": "down"},
        headers={**htmx_headers, "HX-Target": "plan-weeks"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="plan-weeks"')
    assert "<html" not in body


def test_moving_a_day_later_swaps_it_with_the_day_there(auth_client, mine):
    day = PlanDay.objects.get(plan=mine, week=1, day=1)
    other = PlanDay.objects.get(plan=mine, week=1, day=2)
    auth_client.post(f"/plan-days/{day.pk}/move/", {"direction": "down"})
    day.refresh_from_db()
    other.refresh_from_db()
    assert (day.day, other.day) == (2, 1)


def test_moving_a_day_into_a_free_day_just_moves_it(auth_client, mine):
    day = PlanDay.objects.get(plan=mine, week=1, day=2)
    auth_client.post(f"/plan-days/{day.pk}/move/", {"direction": "down"})
    day.refresh_from_db()
    assert day.day == 3


def test_duplicating_a_day_puts_a_copy_on_the_next_free_day(auth_client, mine):
    day = PlanDay.objects.get(plan=mine, week=1, day=1)
    auth_client.post(f"/plan-days/{day.pk}/duplicate/")
    copy = PlanDay.objects.get(plan=mine, week=1, day=3)
    assert copy.title == day.title
    assert copy.items.count() == day.items.count()


def test_removing_a_day_removes_it_and_its_items(auth_client, mine):
    day = first_day(mine)
    auth_client.post(f"/plan-days/{day.pk}/remove/")
    assert not PlanDay.objects.filter(pk=day.pk).exists()
    assert not PlanItem.objects.filter(day_id=day.pk).exists()


def test_duplicating_a_week_inserts_it_after_and_moves_later_weeks(auth_client, mine):
    auth_client.post(f"/plans/{mine.slug}/weeks/duplicate/", {"week": 1})
    mine.refresh_from_db()
    assert mine.weeks == 7
    week1 = list(PlanDay.objects.filter(plan=mine, week=1).values_list("title", flat=True))
    week2 = list(PlanDay.objects.filter(plan=mine, week=2).values_list("title", flat=True))
    assert week1 == week2
    assert PlanDay.objects.filter(plan=mine, week=7).exists()


def test_removing_a_week_moves_later_weeks_up(auth_client, mine):
    week2 = list(PlanDay.objects.filter(plan=mine, week=2).values_list("title", flat=True))
    auth_client.post(f"/plans/{mine.slug}/weeks/remove/", {"week": 1})
    mine.refresh_from_db()
    assert mine.weeks == 5
    assert list(PlanDay.objects.filter(plan=mine, week=1).values_list("title", flat=True)) == week2


def test_adding_a_week_adds_an_empty_week(auth_client, mine):
    auth_client.post(f"/plans/{mine.slug}/weeks/add/")
    mine.refresh_from_db()
    assert mine.weeks == 7
    assert not PlanDay.objects.filter(plan=mine, week=7).exists()


def test_a_week_number_that_is_not_a_number_is_404(auth_client, mine):
    assert auth_client.post(f"/plans/{mine.slug}/weeks/remove/", {"week": "x"}).status_code == 404


def test_renaming_the_plan_saves_the_name(auth_client, mine):
    auth_client.post(f"/plans/{mine.slug}/edit/", {"name": "Lab rat", "style": "high_tech"})
    mine.refresh_from_db()
    assert mine.name == "Lab rat"


def test_deleting_an_unfollowed_plan_deletes_it(auth_client, mine):
    auth_client.post(f"/plans/{mine.slug}/delete/")
    assert not Plan.objects.filter(pk=mine.pk).exists()


def test_deleting_the_account_deletes_own_plans_even_when_followed(user, mine):
    from django.utils import timezone

    from workouts.accounts import delete_account
    from workouts.plans import actions as plan_actions

    plan_actions.enrol(user, mine, timezone.now(), start_date=timezone.now().date())
    delete_account(user)
    assert not Plan.objects.filter(pk=mine.pk).exists()


def test_an_own_exercise_in_a_plan_is_not_deleted_and_the_page_says_why(auth_client, user, mine):
    own = Exercise.objects.create(owner=user, name="Barn door pull")
    editing.save_item(PlanItem(day=first_day(mine), exercise=own, sets=3, reps=8))
    response = auth_client.post(f"/exercises/{own.pk}/delete/", follow=True)
    assert Exercise.objects.filter(pk=own.pk).exists()
    assert "in one of your plans" in text(response)


def test_a_followed_plan_is_not_deleted(auth_client, user, mine):
    from django.utils import timezone

    from workouts.plans import actions as plan_actions

    plan_actions.enrol(user, mine, timezone.now(), start_date=timezone.now().date())
    auth_client.post(f"/plans/{mine.slug}/delete/")
    assert Plan.objects.filter(pk=mine.pk).exists()


# ---------- the forms in place (htmx) ----------


def test_the_item_form_comes_in_place_for_htmx(auth_client, mine, htmx_headers):
    day = first_day(mine)
    response = auth_client.get(f"/plan-days/{day.pk}/items/new/", headers=htmx_headers)
    body = response.content.decode()
    assert body.lstrip().startswith(f'<div id="add-item-{day.pk}"')
    assert "<html" not in body


def test_a_refused_item_replaces_its_own_form_in_place(auth_client, mine, htmx_headers, bench):
    day = first_day(mine)
    response = auth_client.post(
        f"/plan-days/{day.pk}/items/new/", {"exercise": bench.pk, "sets": 0}, headers=htmx_headers
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#add-item-{day.pk}"
    assert "Must be at least 1." in response.content.decode()


def test_a_saved_item_answers_htmx_with_the_weeks_region(auth_client, mine, htmx_headers, bench):
    day = first_day(mine)
    response = auth_client.post(
        f"/plan-days/{day.pk}/items/new/",
        {"exercise": bench.pk, "sets": 3, "reps": 5},
        headers=htmx_headers,
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="plan-weeks"')
    assert day.items.filter(exercise=bench).exists()


def test_a_refused_day_edit_replaces_its_own_form_in_place(auth_client, mine, htmx_headers):
    day = first_day(mine)
    response = auth_client.post(
        f"/plan-days/{day.pk}/edit/", {"week": 1, "day": 9, "title": "x"}, headers=htmx_headers
    )
    assert response.status_code == 422
    assert response["HX-Retarget"] == f"#day-head-{day.pk}"


def test_a_new_day_added_in_place_answers_with_the_weeks_region(auth_client, mine, htmx_headers):
    response = auth_client.post(
        f"/plans/{mine.slug}/days/new/?week=1",
        {"week": 1, "day": 3, "title": "Sled day"},
        headers=htmx_headers,
    )
    assert response.content.decode().lstrip().startswith('<div id="plan-weeks"')
    assert PlanDay.objects.filter(plan=mine, week=1, day=3, title="Sled day").exists()
