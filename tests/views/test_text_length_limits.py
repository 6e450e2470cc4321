"""Long free text is refused beside its field with the limit, not stored without end."""

import datetime as dt

import pytest

from tests.factories import ExerciseFactory, SessionFactory
from tests.views.test_exercise_create import form as exercise_form
from workouts.forms.exercises import TEXT_MAX
from workouts.forms.logbook import NOTES_MAX
from workouts.models import Exercise

pytestmark = pytest.mark.django_db


def test_session_notes_longer_than_the_limit_are_refused_beside_the_field(
    auth_client, user, field_error
):
    started = dt.datetime.now(dt.UTC) - dt.timedelta(hours=2)
    session = SessionFactory(user=user, started_at=started)
    response = auth_client.post(
        f"/sessions/{session.pk}/edit/",
        {
            "title": "Barn",
            "started_at": f"{started:%Y-%m-%dT%H:%M}",
            "finished_at": "",
            "rpe": "",
            "notes": "n" * (NOTES_MAX + 1),
        },
    )
    assert response.status_code == 422
    assert f"at most {NOTES_MAX} characters" in field_error(response, "notes")


def test_an_exercise_how_to_longer_than_the_limit_is_refused_beside_the_field(
    auth_client, field_error
):
    response = auth_client.post("/exercises/new/", exercise_form(howto="h" * (TEXT_MAX + 1)))
    assert response.status_code == 422
    assert f"at most {TEXT_MAX} characters" in field_error(response, "howto")
    assert not Exercise.objects.filter(owner__isnull=False).exists()


def test_an_exercise_how_to_at_the_limit_is_saved(auth_client, user):
    exercise = ExerciseFactory(owner=user)
    response = auth_client.post(
        f"/exercises/{exercise.pk}/edit/", exercise_form(name=exercise.name, howto="h" * TEXT_MAX)
    )
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert len(exercise.howto) == TEXT_MAX
