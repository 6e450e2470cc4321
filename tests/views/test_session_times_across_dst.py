"""Session times typed in the hour the clocks go back (it happens twice) are accepted as its
first occurrence; a time the clocks skipped is refused with a message, never a 500.
In Europe/London on 25 October 2026, 01:00-02:00 happens twice (BST, then GMT); on 29 March
2026, 01:00-02:00 never happens."""

import datetime as dt

import pytest

from tests.factories import SessionFactory
from workouts.models import Profile, WorkoutSession

NOW = dt.datetime(2026, 11, 1, 12, 0, tzinfo=dt.UTC)
FIRST_0130 = dt.datetime(2026, 10, 25, 0, 30, tzinfo=dt.UTC)  # 01:30 BST


@pytest.fixture(autouse=True)
def in_london(user, time_machine):
    time_machine.move_to(NOW, tick=False)
    Profile.objects.filter(user=user).update(time_zone="Europe/London")


def test_a_new_session_started_in_the_repeated_hour_is_saved_at_its_first_occurrence(
    auth_client, user
):
    response = auth_client.post(
        "/sessions/new/", {"title": "Night run", "started_at": "2026-10-25T01:30"}
    )
    assert response.status_code == 302
    assert WorkoutSession.objects.get(user=user).started_at == FIRST_0130


def test_an_edited_session_in_the_repeated_hour_is_saved_at_its_first_occurrence(auth_client, user):
    session = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=3))
    response = auth_client.post(
        f"/sessions/{session.pk}/edit/",
        {
            "title": "Night run",
            "started_at": "2026-10-25T01:30",
            "finished_at": "2026-10-25T01:50",
            "rpe": "",
            "notes": "",
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.started_at == FIRST_0130
    assert session.finished_at == FIRST_0130 + dt.timedelta(minutes=20)


def test_a_time_the_clocks_skipped_is_refused_with_a_message(auth_client, field_error):
    response = auth_client.post(
        "/sessions/new/", {"title": "Night run", "started_at": "2026-03-29T01:30"}
    )
    assert response.status_code == 422
    assert "clocks went forward" in field_error(response, "started_at")
