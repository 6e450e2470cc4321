"""Every object endpoint answers 404 for another user's object, for reads and writes, and no
filter reveals another user's object. Nothing of theirs changes."""

import pytest

from tests.factories import BodyWeightFactory, ExerciseFactory, SetFactory
from workouts.models import BodyWeight, Exercise, LoggedSet, SessionExercise, WorkoutSession

pytestmark = pytest.mark.django_db


@pytest.fixture
def theirs(other_user):
    """drago's custom exercise, session, entry, set and weigh-in."""
    exercise = ExerciseFactory(owner=other_user, name="Drago's lift")
    logged = SetFactory(entry__session__user=other_user, entry__exercise=exercise)
    return {
        "exercise": exercise.pk,
        "session": logged.session_id,
        "entry": logged.entry_id,
        "set": logged.pk,
        "weigh_in": BodyWeightFactory(user=other_user).pk,
    }


CALLS = [
    ("get", "/sessions/{session}", None),
    ("patch", "/sessions/{session}", {"title": "Mine now"}),
    ("post", "/sessions/{session}/finish", {}),
    ("delete", "/sessions/{session}", None),
    ("post", "/sessions/{session}/entries", {"exercise_id": 1}),
    ("delete", "/entries/{entry}", None),
    ("post", "/entries/{entry}/sets", {"reps": 5, "load_kg": 100}),
    ("get", "/sets/{set}", None),
    ("patch", "/sets/{set}", {"reps": 6}),
    ("delete", "/sets/{set}", None),
    ("get", "/exercises/{exercise}", None),
    ("patch", "/exercises/{exercise}", {"name": "Mine now"}),
    ("delete", "/exercises/{exercise}", None),
    ("get", "/exercises/{exercise}/records", None),
    ("delete", "/bodyweight/{weigh_in}", None),
]


@pytest.mark.parametrize(("method", "path", "body"), CALLS, ids=[f"{m} {p}" for m, p, _b in CALLS])
def test_another_users_object_is_404(api, theirs, method, path, body):
    url = path.format(**theirs)
    response = getattr(api, method)(url, body) if body is not None else (getattr(api, method)(url))
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_nothing_of_theirs_changes_through_the_api(api, theirs):
    for method, path, body in CALLS:
        url = path.format(**theirs)
        getattr(api, method)(url, body) if body is not None else getattr(api, method)(url)
    assert WorkoutSession.objects.get(pk=theirs["session"]).title == "Barn strength"
    assert WorkoutSession.objects.get(pk=theirs["session"]).finished_at is None
    assert SessionExercise.objects.filter(session_id=theirs["session"]).count() == 1
    assert LoggedSet.objects.get(pk=theirs["set"]).reps == 5
    assert Exercise.objects.get(pk=theirs["exercise"]).name == "Drago's lift"
    assert BodyWeight.objects.filter(pk=theirs["weigh_in"]).exists()


def test_adding_another_users_exercise_to_my_session_is_404(api, user, theirs):
    session = WorkoutSession.objects.create(user=user, title="Mine", started_at="2026-01-01T10:00Z")
    response = api.post(f"/sessions/{session.pk}/entries", {"exercise_id": theirs["exercise"]})
    assert response.status_code == 404
    assert not session.entries.exists()


def test_filtering_sessions_by_another_users_exercise_is_404(api, theirs):
    response = api.get("/sessions", exercise=theirs["exercise"])
    assert response.status_code == 404


def test_filtering_sessions_by_an_unknown_exercise_is_the_same_404(api, theirs):
    unknown = api.get("/sessions", exercise=10**9)
    theirs_ = api.get("/sessions", exercise=theirs["exercise"])
    assert (unknown.status_code, unknown.json()) == (theirs_.status_code, theirs_.json())


def test_lists_show_none_of_their_objects(api, theirs):
    assert api.get("/sessions").json()["items"] == []
    assert api.get("/bodyweight").json()["items"] == []
    names = [e["name"] for e in api.get("/exercises", q="Drago").json()["items"]]
    assert "Drago's lift" not in names
    assert api.get("/exercises", mine=True).json()["items"] == []
