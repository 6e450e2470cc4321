"""Two identical custom exercises created at once: the second is a form error, never a 500."""

import pytest

from tests.factories import ExerciseFactory
from workouts.forms.exercises import ExerciseForm
from workouts.models import Exercise

URL = "/exercises/new/"
FORM = {
    "name": "Yak haul",
    "style": "natural",
    "category": "conditioning",
    "equipment": "",
    "howto": "",
    "measures": ["reps", "load"],
    "readings": [],
}


@pytest.fixture
def twin_created_meanwhile(monkeypatch, user):
    """The other request saves the same name after this one's form has been validated."""
    validate = ExerciseForm._post_clean

    def validate_then_lose_the_race(form):
        validate(form)
        ExerciseFactory(owner=user, name=form.data["name"].upper())

    monkeypatch.setattr(ExerciseForm, "_post_clean", validate_then_lose_the_race)


def test_the_second_of_two_identical_creations_is_told_the_name_is_taken(
    auth_client, user, twin_created_meanwhile, field_error
):
    response = auth_client.post(URL, FORM)
    assert response.status_code == 422
    assert field_error(response, "name") == "You already have an exercise with this name."
    assert Exercise.objects.filter(owner=user, name__iexact="yak haul").count() == 1


def test_a_rename_that_loses_the_race_is_told_the_name_is_taken(
    auth_client, user, twin_created_meanwhile, field_error
):
    exercise = ExerciseFactory(owner=user, name="Log lift")
    response = auth_client.post(f"/exercises/{exercise.pk}/edit/", FORM)
    assert response.status_code == 422
    assert field_error(response, "name") == "You already have an exercise with this name."
    exercise.refresh_from_db()
    assert exercise.name == "Log lift"


def test_the_form_itself_refuses_a_name_taken_in_another_case(user):
    ExerciseFactory(owner=user, name="yak HAUL")
    form = ExerciseForm(FORM, owner=user)
    assert not form.is_valid()
    assert form.errors["name"] == ["You already have an exercise with this name."]
