import pytest

from workouts.models import Plan, PlanDay

URL = "/plans/"


@pytest.mark.django_db
def test_a_visitor_reads_both_plans_before_signing_up(client):
    html = client.get(URL).content.decode()
    for plan in Plan.objects.all():
        assert plan.name in html and f'href="/plans/{plan.slug}/"' in html
    assert "Your past plans" not in html


def test_it_shows_both_plans(auth_client):
    html = auth_client.get(URL).content.decode()
    for plan in Plan.objects.all():
        assert plan.name in html
        assert f'href="/plans/{plan.slug}/"' in html


def test_it_shows_each_plans_length_and_sessions(auth_client):
    html = auth_client.get(URL).content.decode()
    for plan in Plan.objects.all():
        sessions = PlanDay.objects.filter(plan=plan).count()
        assert f"6 weeks · {sessions} sessions" in html


def test_it_shows_the_taglines_from_the_data(auth_client):
    html = auth_client.get(URL).content.decode()
    drago = Plan.objects.get(slug="drago-high-tech")
    assert drago.tagline
    assert drago.tagline in html


def test_it_says_so_when_no_plans_are_loaded(auth_client):
    Plan.objects.all().delete()
    assert "No plans are loaded" in auth_client.get(URL).content.decode()


def test_it_rejects_post(auth_client):
    assert auth_client.post(URL).status_code == 405


def test_it_runs_a_fixed_number_of_queries(auth_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        response = auth_client.get(URL)
    assert response.status_code == 200


def test_it_lists_the_users_past_plans(auth_client, user, other_user):
    import datetime as dt

    from django.utils import timezone

    from workouts.models import Enrolment, Plan

    plan = Plan.objects.get(slug="siberian-natural")
    Enrolment.objects.create(
        user=user,
        plan=plan,
        start_date=dt.date(2026, 1, 5),
        status="ended",
        ended_at=timezone.now(),
    )
    Enrolment.objects.create(
        user=other_user,
        plan=plan,
        start_date=dt.date(2026, 2, 9),
        status="ended",
        ended_at=timezone.now(),
    )
    page = auth_client.get("/plans/").content.decode()
    assert "Your past plans" in page
    assert "<title>Plans · Montage</title>" in page
    assert page.count("Your past plans") == 1
    assert "5 Jan 2026" in page
    assert "9 Feb 2026" not in page
