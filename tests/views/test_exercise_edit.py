import pytest

from tests.factories import ExerciseFactory
from workouts.models import Exercise


def url(exercise):
    return f"/exercises/{exercise.pk}/edit/"


def form(**overrides):
    data = {
        "name": "Yak haul (heavy)",
        "style": "natural",
        "category": "strength",
        "equipment": "",
        "howto": "",
        "measures": ["reps", "load"],
        "readings": [],
    }
    data.update(overrides)
    return data


@pytest.fixture
def exercise(user):
    return ExerciseFactory(owner=user, name="Yak haul", category="conditioning")


@pytest.mark.django_db
def test_anonymous_cannot_edit(client, exercise):
    client.post(url(exercise), form())
    exercise.refresh_from_db()
    assert exercise.name == "Yak haul"


def test_it_shows_the_form_filled_in(auth_client, exercise):
    response = auth_client.get(url(exercise))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Yak haul"' in html
    assert 'value="load" id="id_measures_1" checked' in html
    assert 'value="duration" id="id_measures_2" checked' not in html


def test_it_saves_the_changes(auth_client, exercise):
    auth_client.post(url(exercise), form(measures=["duration"], readings=["power"]))
    exercise.refresh_from_db()
    assert exercise.name == "Yak haul (heavy)"
    assert exercise.category == "strength"
    assert exercise.measure_names == ["duration"]
    assert exercise.reading_names == ["power"]


def test_it_redirects_to_the_exercise(auth_client, exercise):
    response = auth_client.post(url(exercise), form())
    assert response.status_code == 302
    assert response.url == f"/exercises/{exercise.pk}/"


def test_it_keeps_the_owner(auth_client, exercise, user, other_user):
    auth_client.post(url(exercise), form(owner=other_user.pk))
    exercise.refresh_from_db()
    assert exercise.owner == user


def test_keeping_the_same_name_is_fine(auth_client, exercise):
    response = auth_client.post(url(exercise), form(name="Yak haul", howto="Slowly."))
    assert response.status_code == 302
    exercise.refresh_from_db()
    assert exercise.howto == "Slowly."


def test_changing_only_the_case_of_the_name_is_fine(auth_client, exercise):
    auth_client.post(url(exercise), form(name="YAK HAUL"))
    exercise.refresh_from_db()
    assert exercise.name == "YAK HAUL"


def test_renaming_to_another_own_exercise_is_rejected(auth_client, user, exercise, field_error):
    ExerciseFactory(owner=user, name="Log carry plus")
    response = auth_client.post(url(exercise), form(name="log carry plus"))
    assert response.status_code == 422
    assert "already have an exercise with this name" in field_error(response, "name")
    exercise.refresh_from_db()
    assert exercise.name == "Yak haul"


def test_bad_input_is_rejected_beside_the_field_and_nothing_is_saved(
    auth_client, exercise, field_error
):
    response = auth_client.post(url(exercise), form(name="Renamed", measures=[]))
    assert response.status_code == 422
    assert field_error(response, "measures")
    exercise.refresh_from_db()
    assert exercise.name == "Yak haul"
    assert exercise.measure_names == ["reps", "load"]


def test_other_users_exercise_is_404(auth_client, other_user):
    theirs = ExerciseFactory(owner=other_user, name="Drago secret serum")
    assert auth_client.get(url(theirs)).status_code == 404


def test_other_users_exercise_cannot_be_changed(auth_client, other_user):
    theirs = ExerciseFactory(owner=other_user, name="Drago secret serum")
    response = auth_client.post(url(theirs), form())
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Drago secret serum"


def test_built_in_exercise_is_404(auth_client, builtin_exercise):
    assert auth_client.get(url(builtin_exercise)).status_code == 404


def test_built_in_exercise_cannot_be_changed(auth_client, builtin_exercise):
    name = builtin_exercise.name
    response = auth_client.post(url(builtin_exercise), form())
    assert response.status_code == 404
    assert Exercise.objects.get(pk=builtin_exercise.pk).name == name
