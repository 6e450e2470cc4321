"""Django's admin, for the operator of an instance."""

import pytest
from django.contrib.auth.models import User

from tests.factories import EntryFactory, SessionFactory, SetFactory, UserFactory
from workouts.dashboard.rollups import rebuild_summaries
from workouts.logbook.records_store import rebuild_records
from workouts.models import (
    Exercise,
    PersonalRecord,
    Plan,
    PlanDay,
    SessionSummary,
    WorkoutSession,
)


@pytest.fixture
def operator(db):
    return User.objects.create_superuser("apollo", "apollo@example.com", "creed-1985-admin")


@pytest.fixture
def admin_client(client, operator):
    client.force_login(operator)
    return client


@pytest.fixture
def history(user, bench):
    """One finished session of bench press: 100 kg then 110 kg, roll-ups and records built."""
    session = SessionFactory(user=user, title="Barn bench")
    entry = EntryFactory(session=session, exercise=bench)
    for position, load in enumerate((100.0, 110.0), start=1):
        SetFactory(entry=entry, position=position, reps=5, load_kg=load)
    rebuild_records(user, bench.pk)
    rebuild_summaries(user)
    return session


def admin_pages(user, session):
    exercise = Exercise.objects.order_by("pk").first()
    plan = Plan.objects.order_by("pk").first()
    day = PlanDay.objects.order_by("pk").first()
    return [
        "/admin/",
        "/admin/auth/user/",
        f"/admin/auth/user/{user.pk}/change/",
        "/admin/auth/user/add/",
        "/admin/workouts/exercise/",
        f"/admin/workouts/exercise/{exercise.pk}/change/",
        "/admin/workouts/exercise/?style__exact=natural",
        "/admin/workouts/plan/",
        f"/admin/workouts/plan/{plan.pk}/change/",
        "/admin/workouts/planday/",
        f"/admin/workouts/planday/{day.pk}/change/",
        "/admin/workouts/workoutsession/",
        f"/admin/workouts/workoutsession/{session.pk}/change/",
        "/admin/workouts/workoutsession/?finished_at__isempty=0&style__exact=natural",
        "/admin/workouts/workoutsession/?q=barn",
    ]


def test_every_admin_page_renders_for_a_superuser(admin_client, user, history):
    failures = {}
    for url in admin_pages(user, history):
        response = admin_client.get(url)
        if response.status_code != 200:
            failures[url] = response.status_code
    assert failures == {}


def test_the_session_list_shows_the_rolled_up_volume(admin_client, history):
    response = admin_client.get("/admin/workouts/workoutsession/")
    assert "Barn bench" in response.content.decode()
    assert "1050.0" in response.content.decode()  # 5 × 100 + 5 × 110


def test_the_session_list_takes_the_same_queries_with_more_sessions(
    admin_client, user, bench, django_assert_max_num_queries
):
    for n in range(12):
        session = SessionFactory(user=user, title=f"Workout {n}")
        SetFactory(entry=EntryFactory(session=session, exercise=bench), reps=5, load_kg=100.0)
    rebuild_summaries(user)
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/workouts/workoutsession/")
    assert response.status_code == 200


def test_a_session_cannot_be_added_or_deleted_in_the_admin(admin_client, history):
    assert admin_client.get("/admin/workouts/workoutsession/add/").status_code == 403
    response = admin_client.get(f"/admin/workouts/workoutsession/{history.pk}/delete/")
    assert response.status_code == 403
    assert WorkoutSession.objects.filter(pk=history.pk).exists()


def test_the_rebuild_action_repairs_drifted_rollups_and_records(admin_client, user, history):
    SessionSummary.objects.filter(session=history).update(volume_kg=1, set_count=99)
    PersonalRecord.objects.filter(user=user).delete()
    response = admin_client.post(
        "/admin/auth/user/",
        {"action": "rebuild_rollups_and_records", "_selected_action": [user.pk]},
        follow=True,
    )
    assert "Rebuilt the roll-ups and records of 1 user." in response.content.decode()
    summary = SessionSummary.objects.get(session=history)
    assert (summary.volume_kg, summary.set_count) == (1050.0, 2)
    assert PersonalRecord.objects.get(user=user, kind="heaviest").value == 110.0


def test_the_rebuild_action_leaves_other_users_alone(admin_client, user, other_user, history):
    SessionSummary.objects.filter(session=history).update(volume_kg=1)
    admin_client.post(
        "/admin/auth/user/",
        {"action": "rebuild_rollups_and_records", "_selected_action": [other_user.pk]},
    )
    assert SessionSummary.objects.get(session=history).volume_kg == 1


def test_a_user_added_in_the_admin_gets_a_profile(admin_client):
    response = admin_client.post(
        "/admin/auth/user/add/",
        {
            "username": "adrian",
            "password1": "paulie-turtles-85",
            "password2": "paulie-turtles-85",
            "usable_password": "true",
            "profile-TOTAL_FORMS": "1",
            "profile-INITIAL_FORMS": "0",
            "profile-MIN_NUM_FORMS": "0",
            "profile-MAX_NUM_FORMS": "1",
            "profile-0-weight_unit": "lb",
            "profile-0-distance_unit": "mi",
            "profile-0-time_zone": "America/New_York",
            "profile-0-week_start": "6",
            "profile-0-default_rest_s": "90",
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="adrian").profile.weight_unit == "lb"


def test_a_member_who_is_not_staff_is_sent_to_the_admin_login(auth_client):
    response = auth_client.get("/admin/workouts/workoutsession/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_an_anonymous_visitor_is_sent_to_the_admin_login(client, db):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")


def test_a_member_who_is_not_staff_cannot_run_the_rebuild(auth_client, user, history):
    SessionSummary.objects.filter(session=history).update(volume_kg=1)
    auth_client.post(
        "/admin/auth/user/",
        {"action": "rebuild_rollups_and_records", "_selected_action": [user.pk]},
    )
    assert SessionSummary.objects.get(session=history).volume_kg == 1


def test_staff_without_permissions_see_no_models(client, db):
    staff = UserFactory(username="duke", is_staff=True)
    client.force_login(staff)
    assert client.get("/admin/workouts/workoutsession/").status_code == 403
