import datetime as dt

import pytest

from workouts.models import WorkoutSession

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)
URL = "/sessions/new/"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_anonymous_cannot_start_a_session(client):
    client.post(URL, {"title": "Sneaky"})
    assert not WorkoutSession.objects.exists()


def test_it_shows_the_form(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert 'name="title"' in response.content.decode()
    assert not WorkoutSession.objects.exists()


def test_it_starts_a_session_now(auth_client, user):
    auth_client.post(URL, {"title": "Barn strength", "started_at": ""})
    session = WorkoutSession.objects.get()
    assert session.user == user
    assert session.title == "Barn strength"
    assert session.started_at == NOW
    assert session.finished_at is None


def test_it_redirects_to_the_logging_page(auth_client):
    response = auth_client.post(URL, {"title": "Barn strength"})
    assert response.status_code == 302
    assert response.url == f"/sessions/{WorkoutSession.objects.get().pk}/"


def test_an_empty_form_starts_a_free_session(auth_client):
    response = auth_client.post(URL, {})
    assert response.status_code == 302
    assert WorkoutSession.objects.get().title == "Free session"


def test_the_start_time_is_read_in_the_users_time_zone(auth_client, in_los_angeles):
    auth_client.post(URL, {"title": "Late one", "started_at": "2025-01-03T23:30"})
    assert WorkoutSession.objects.get().started_at == dt.datetime(2025, 1, 4, 7, 30, tzinfo=dt.UTC)


def test_the_session_belongs_to_the_user_whatever_is_posted(auth_client, user, other_user):
    auth_client.post(URL, {"title": "Mine", "user": other_user.pk})
    assert WorkoutSession.objects.get().user == user


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("started_at", "yesterday", "valid date/time"),
        ("title", "x" * 121, "at most 120 characters"),
    ],
)
def test_bad_input_is_rejected_beside_the_field(auth_client, field_error, field, typed, message):
    response = auth_client.post(URL, {"title": "Barn", field: typed})
    assert response.status_code == 422
    assert message in field_error(response, field)
    assert not WorkoutSession.objects.exists()


def test_a_start_in_year_9999_is_refused_beside_the_field(auth_client, user):
    from workouts.models import Profile, WorkoutSession

    Profile.objects.filter(user=user).update(time_zone="Pacific/Honolulu")
    response = auth_client.post("/sessions/new/", {"started_at": "9999-12-31T23:00"})
    assert response.status_code == 422
    assert "Enter a time between 1970 and tomorrow." in response.content.decode()
    assert not WorkoutSession.objects.exists()
