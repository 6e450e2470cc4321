import datetime as dt

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.models import WorkoutSession

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(session):
    return f"/sessions/{session.pk}/finish/"


@pytest.fixture
def session(user):
    return SessionFactory(user=user, started_at=NOW - dt.timedelta(minutes=75))


def test_anonymous_is_sent_to_login(client, session):
    response = client.post(url(session), {"rpe": 8})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    session.refresh_from_db()
    assert session.finished_at is None


def test_other_users_session_is_404(auth_client, other_user):
    theirs = SessionFactory(user=other_user)
    assert auth_client.get(url(theirs)).status_code == 404


def test_other_users_session_cannot_be_finished(auth_client, other_user):
    theirs = SessionFactory(user=other_user)
    assert auth_client.post(url(theirs), {"rpe": 8, "notes": "Mine now"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.finished_at, theirs.rpe, theirs.notes) == (None, None, "")


def test_get_shows_the_form_without_finishing(auth_client, session):
    response = auth_client.get(url(session))
    assert response.status_code == 200
    assert 'name="rpe"' in response.content.decode()
    session.refresh_from_db()
    assert session.finished_at is None


def test_it_records_the_end_time_effort_and_notes(auth_client, session):
    auth_client.post(url(session), {"rpe": 8, "notes": "Snow to the knees."})
    session.refresh_from_db()
    assert session.finished_at == NOW
    assert session.rpe == 8
    assert session.notes == "Snow to the knees."


def test_effort_and_notes_are_optional(auth_client, session):
    response = auth_client.post(url(session), {})
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.finished_at == NOW
    assert session.rpe is None


def test_it_redirects_to_the_summary(auth_client, session):
    response = auth_client.post(url(session), {"rpe": 8})
    assert response.status_code == 302
    assert response.url == f"/sessions/{session.pk}/"


def test_the_summary_shows_duration_sets_and_volume(auth_client, session, bench):
    entry = EntryFactory(session=session, exercise=bench)
    SetFactory(entry=entry, reps=10, load_kg=40, is_warmup=True)
    SetFactory(entry=entry, reps=5, load_kg=100)
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.post(url(session), {"rpe": 8}, follow=True)
    html = response.content.decode()
    assert "Session finished" in html
    assert '<span class="stat-value">1 h 15 min</span><span class="stat-label">duration' in html
    assert '<span class="stat-value">2</span><span class="stat-label">working sets' in html
    assert '<span class="stat-value">1,000 kg</span>' in html


def test_finishing_twice_keeps_the_first_end_time(auth_client, session, time_machine):
    auth_client.post(url(session), {"rpe": 7})
    time_machine.move_to(NOW + dt.timedelta(hours=2), tick=False)
    auth_client.post(url(session), {"rpe": 9})
    session.refresh_from_db()
    assert session.finished_at == NOW
    assert session.rpe == 9


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("11", "less than or equal to 10"),
        ("0", "greater than or equal to 1"),
        ("hard", "Enter a whole number"),
    ],
)
def test_bad_effort_is_rejected_beside_the_field(auth_client, session, field_error, typed, message):
    response = auth_client.post(url(session), {"rpe": typed, "notes": "Keep me"})
    assert response.status_code == 422
    assert message in field_error(response, "rpe")
    assert "Keep me" in response.content.decode()
    session.refresh_from_db()
    assert session.finished_at is None
    assert session.rpe is None


def test_it_rejects_other_methods(auth_client, session):
    assert auth_client.put(url(session)).status_code == 405
    assert not WorkoutSession.objects.filter(finished_at__isnull=False).exists()
