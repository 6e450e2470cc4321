import pytest
from django.utils.html import escape

from workouts.models import Plan, PlanDay, PlanItem

SLUG = "siberian-natural"
URL = f"/plans/{SLUG}/"


def page_text(response):
    """The page with runs of whitespace collapsed, as a browser shows it."""
    return " ".join(response.content.decode().split())


@pytest.mark.django_db
def test_a_visitor_reads_the_whole_plan(client):
    text = page_text(client.get(URL))
    assert PlanDay.objects.filter(plan__slug=SLUG).first().title in text
    assert "Sign up to start this plan" in text


@pytest.mark.django_db
def test_a_visitor_still_needs_an_account_to_enrol(client):
    response = client.get(f"{URL}enrol/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")


def test_a_pound_and_mile_user_reads_plan_notes_and_distances_in_their_units(auth_client, user):
    user.profile.weight_unit, user.profile.distance_unit = "lb", "mi"
    user.profile.save()
    text = page_text(auth_client.get("/plans/drago-high-tech/"))
    assert "2 km test pace" not in text and "500 m" not in text and " kg" not in text
    assert "1.2 mi" in text


def test_an_unknown_plan_is_404(auth_client):
    assert auth_client.get("/plans/apollo-creed/").status_code == 404


def test_it_shows_the_plan_name_and_description(auth_client):
    plan = Plan.objects.get(slug=SLUG)
    html = auth_client.get(URL).content.decode()
    assert f"<h1>{escape(plan.name)}</h1>" in html
    assert escape(plan.description) in html


@pytest.mark.parametrize("slug", ["siberian-natural", "drago-high-tech"])
def test_it_shows_six_week_headings(auth_client, slug):
    html = auth_client.get(f"/plans/{slug}/").content.decode()
    for week in range(1, 7):
        assert f'<h2 id="week-{week}">Week {week}' in html
    assert 'id="week-7"' not in html


@pytest.mark.parametrize("slug", ["siberian-natural", "drago-high-tech"])
def test_it_shows_every_day_title(auth_client, slug):
    html = auth_client.get(f"/plans/{slug}/").content.decode()
    for title in PlanDay.objects.filter(plan__slug=slug).values_list("title", flat=True):
        assert f"<h3>{escape(title)}</h3>" in html


def test_it_shows_a_week_focus(auth_client):
    plan = Plan.objects.get(slug=SLUG)
    assert plan.week_focus[0]
    html = auth_client.get(URL).content.decode()
    assert plan.week_focus[0] in html


def test_it_lists_each_days_exercises_with_links(auth_client):
    item = PlanItem.objects.filter(day__plan__slug=SLUG).select_related("exercise").first()
    html = auth_client.get(URL).content.decode()
    link = f'<a href="/exercises/{item.exercise.pk}/">{escape(item.exercise.name)}</a>'
    assert link in html


def test_it_shows_a_changed_day_title_from_the_database(auth_client):
    day = PlanDay.objects.filter(plan__slug=SLUG).first()
    PlanDay.objects.filter(pk=day.pk).update(title="Moscow mountain run")
    assert "Moscow mountain run" in auth_client.get(URL).content.decode()


def test_it_shows_the_prescription(auth_client):
    day = PlanDay.objects.filter(plan__slug=SLUG).first()
    item = day.items.first()
    PlanItem.objects.filter(pk=item.pk).update(sets=7, reps=13, rest_s=95, note="Chin up high")
    text = page_text(auth_client.get(URL))
    assert "7 × 13 reps" in text
    assert "rest 1 min 35 s" in text
    assert "Chin up high" in text


def test_loads_are_shown_in_the_users_weight_unit(auth_client, user):
    item = PlanItem.objects.filter(day__plan__slug=SLUG).first()
    PlanItem.objects.filter(pk=item.pk).update(load_kg=100)
    user.profile.weight_unit = "lb"
    user.profile.save()
    assert "@ 220 lb" in page_text(auth_client.get(URL))


def test_it_offers_to_start_the_plan(auth_client):
    html = auth_client.get(URL).content.decode()
    assert f'<a class="button" href="/plans/{SLUG}/enrol/">Start this plan</a>' in html


def test_it_rejects_post(auth_client):
    assert auth_client.post(URL).status_code == 405


def test_it_runs_a_fixed_number_of_queries(auth_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        response = auth_client.get(URL)
    assert response.status_code == 200
