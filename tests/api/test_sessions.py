"""Sessions through the API: list (filters, cursor pages stable under inserts), detail, start,
edit, finish, delete; exercises added and removed."""

import datetime as dt

import pytest

from tests.factories import SessionFactory, SetFactory
from workouts.models import SessionExercise, WorkoutSession

pytestmark = pytest.mark.django_db
DAY = dt.datetime(2026, 3, 2, 18, tzinfo=dt.UTC)


def titles(response):
    return [s["title"] for s in response.json()["items"]]


def test_starting_a_session(api, user):
    response = api.post("/sessions", {"title": "Barn", "started_at": "2026-03-02T18:00:00Z"})
    assert response.status_code == 201
    session = WorkoutSession.objects.get(pk=response.json()["id"])
    assert (session.user, session.title, session.started_at) == (user, "Barn", DAY)


def test_sessions_are_listed_newest_first(api, user):
    for days in range(3):
        SessionFactory(user=user, title=f"Day {days}", started_at=DAY - dt.timedelta(days=days))
    assert titles(api.get("/sessions")) == ["Day 0", "Day 1", "Day 2"]


def test_a_cursor_page_is_stable_when_sessions_are_added(api, user):
    for days in range(5):
        SessionFactory(user=user, title=f"Day {days}", started_at=DAY - dt.timedelta(days=days))
    first = api.get("/sessions", limit=2).json()
    SessionFactory(user=user, title="Newer", started_at=DAY + dt.timedelta(days=1))
    SessionFactory(user=user, title="Same time", started_at=DAY - dt.timedelta(days=1))
    second = api.get("/sessions", limit=2, cursor=first["next_cursor"])
    rest = api.get("/sessions", limit=10, cursor=second.json()["next_cursor"])
    assert [s["title"] for s in first["items"]] == ["Day 0", "Day 1"]
    assert titles(second) == ["Day 2", "Day 3"]
    assert titles(rest) == ["Day 4"]
    assert rest.json()["next_cursor"] is None


def test_sessions_filter_by_local_dates(api, user):
    SessionFactory(user=user, title="In", started_at=DAY)
    SessionFactory(user=user, title="Out", started_at=DAY - dt.timedelta(days=10))
    assert titles(api.get("/sessions", start="2026-03-01", end="2026-03-03")) == ["In"]


def test_sessions_filter_by_exercise(api, user, bench):
    SetFactory(entry__session__user=user, entry__session__title="Bench day", entry__exercise=bench)
    SessionFactory(user=user, title="Run day")
    assert titles(api.get("/sessions", exercise=bench.pk)) == ["Bench day"]


def test_a_session_detail_has_its_entries_and_sets(api, user):
    logged = SetFactory(entry__session__user=user, reps=5, load_kg=100)
    body = api.get(f"/sessions/{logged.session_id}").json()
    assert body["entries"][0]["sets"][0]["id"] == logged.pk


def test_editing_a_session_title(api, user):
    session = SessionFactory(user=user)
    assert api.patch(f"/sessions/{session.pk}", {"title": "Summit"}).status_code == 200
    session.refresh_from_db()
    assert session.title == "Summit"


def test_finishing_a_session(api, user):
    session = SessionFactory(user=user)
    response = api.post(f"/sessions/{session.pk}/finish", {"rpe": 8})
    assert response.status_code == 200
    session.refresh_from_db()
    assert session.finished_at is not None
    assert session.rpe == 8


def test_deleting_a_session(api, user):
    session = SessionFactory(user=user)
    assert api.delete(f"/sessions/{session.pk}").status_code == 204
    assert not WorkoutSession.objects.filter(pk=session.pk).exists()


def test_adding_and_removing_an_exercise(api, user, bench):
    session = SessionFactory(user=user)
    entry = api.post(f"/sessions/{session.pk}/entries", {"exercise_id": bench.pk})
    assert entry.status_code == 201
    assert api.delete(f"/entries/{entry.json()['id']}").status_code == 204
    assert not SessionExercise.objects.filter(session=session).exists()
