import datetime as dt

import pytest

from tests.factories import SessionFactory

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)
STARTED = dt.datetime(2025, 1, 4, 7, 30, tzinfo=dt.UTC)  # 23:30 on 3 Jan in Los Angeles

pytestmark = pytest.mark.usefixtures("frozen")


def url(session):
    return f"/sessions/{session.pk}/edit/"


def form(**overrides):
    data = {
        "title": "Late barn session",
        "started_at": "2025-01-03T23:30",
        "finished_at": "2025-01-04T00:45",
        "rpe": "8",
        "notes": "Cold.",
    }
    data.update(overrides)
    return data


@pytest.fixture
def session(user):
    return SessionFactory(user=user, title="Barn strength", started_at=STARTED)


def test_anonymous_cannot_edit(client, session):
    client.post(url(session), form())
    session.refresh_from_db()
    assert session.title == "Barn strength"


def test_other_users_session_is_404(auth_client, other_user):
    assert auth_client.get(url(SessionFactory(user=other_user))).status_code == 404


def test_other_users_session_cannot_be_changed(auth_client, other_user):
    theirs = SessionFactory(user=other_user, title="Drago lab")
    assert auth_client.post(url(theirs), form()).status_code == 404
    theirs.refresh_from_db()
    assert theirs.title == "Drago lab"


def test_it_shows_the_form_in_the_users_time_zone(auth_client, session, in_los_angeles):
    html = auth_client.get(url(session)).content.decode()
    assert 'value="Barn strength"' in html
    assert 'value="2025-01-03T23:30"' in html


def test_it_saves_the_changes(auth_client, session):
    auth_client.post(url(session), form())
    session.refresh_from_db()
    assert session.title == "Late barn session"
    assert session.rpe == 8
    assert session.notes == "Cold."


def test_times_are_read_in_the_users_time_zone(auth_client, session, in_los_angeles):
    auth_client.post(url(session), form())
    session.refresh_from_db()
    assert session.started_at == STARTED
    assert session.finished_at == STARTED + dt.timedelta(minutes=75)


def test_it_redirects_to_the_session(auth_client, session):
    response = auth_client.post(url(session), form())
    assert response.status_code == 302
    assert response.url == f"/sessions/{session.pk}/"


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("rpe", "11", "less than or equal to 10"),
        ("rpe", "hard", "whole number"),
        ("started_at", "yesterday", "valid date/time"),
        ("finished_at", "2025-01-03T20:00", "cannot finish before it starts"),
        ("finished_at", "2025-01-05T06:00", "longer than 24 hours"),
        ("title", "x" * 121, "at most 120 characters"),
    ],
)
def test_bad_input_is_rejected_beside_the_field(
    auth_client, session, field_error, field, typed, message
):
    response = auth_client.post(url(session), form(**{field: typed}))
    assert response.status_code == 422
    assert message in field_error(response, field)
    session.refresh_from_db()
    assert session.title == "Barn strength"
    assert session.started_at == STARTED


def test_an_empty_post_is_explained_not_ignored(auth_client, session, field_error):
    response = auth_client.post(url(session), {})
    assert response.status_code == 422
    assert "This field is required." in field_error(response, "title")
    session.refresh_from_db()
    assert session.title == "Barn strength"


def test_filling_in_the_end_time_finishes_the_session_like_the_finish_button(
    auth_client, user, session
):
    from workouts.models import QuoteUnlock

    auth_client.post(url(session), form())
    assert QuoteUnlock.objects.filter(user=user, quote__rule="first_session").exists()


def test_a_far_future_start_is_refused_beside_the_field(auth_client, session):
    response = auth_client.post(url(session), form(started_at="9999-12-31T23:00", finished_at=""))
    assert response.status_code == 422
    assert "Enter a time between 1970 and tomorrow." in response.content.decode()


def test_a_start_before_1970_is_refused(auth_client, session):
    response = auth_client.post(url(session), form(started_at="0001-01-05T00:00", finished_at=""))
    assert response.status_code == 422
