import pytest

from tests.factories import ExerciseFactory, SetFactory
from workouts.models import Exercise


def url(exercise):
    return f"/exercises/{exercise.pk}/delete/"


@pytest.fixture
def exercise(user):
    return ExerciseFactory(owner=user, name="Yak haul")


@pytest.mark.django_db
def test_anonymous_cannot_delete(client, exercise):
    client.post(url(exercise))
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_it_asks_for_confirmation(auth_client, exercise):
    response = auth_client.get(url(exercise))
    assert response.status_code == 200
    assert "Delete “Yak haul”?" in response.content.decode()


def test_asking_deletes_nothing(auth_client, exercise):
    auth_client.get(url(exercise))
    assert Exercise.objects.filter(pk=exercise.pk).exists()


def test_it_deletes_the_exercise(auth_client, exercise):
    auth_client.post(url(exercise))
    assert not Exercise.objects.filter(pk=exercise.pk).exists()


def test_it_returns_to_the_list_with_a_message(auth_client, exercise):
    response = auth_client.post(url(exercise), follow=True)
    assert response.redirect_chain == [("/exercises/", 302)]
    assert "“Yak haul” deleted." in response.content.decode()


def test_an_exercise_with_logged_sets_is_kept(auth_client, user, exercise):
    SetFactory(entry__session__user=user, entry__exercise=exercise)
    response = auth_client.post(url(exercise), follow=True)
    assert Exercise.objects.filter(pk=exercise.pk).exists()
    assert response.redirect_chain == [(f"/exercises/{exercise.pk}/", 302)]
    assert "has logged sets, so it cannot be deleted" in response.content.decode()


def test_other_users_exercise_is_404(auth_client, other_user):
    theirs = ExerciseFactory(owner=other_user)
    assert auth_client.get(url(theirs)).status_code == 404


def test_other_users_exercise_cannot_be_deleted(auth_client, other_user):
    theirs = ExerciseFactory(owner=other_user)
    assert auth_client.post(url(theirs)).status_code == 404
    assert Exercise.objects.filter(pk=theirs.pk).exists()


def test_built_in_exercise_is_404(auth_client, builtin_exercise):
    assert auth_client.get(url(builtin_exercise)).status_code == 404


def test_built_in_exercise_cannot_be_deleted(auth_client, builtin_exercise):
    assert auth_client.post(url(builtin_exercise)).status_code == 404
    assert Exercise.objects.filter(pk=builtin_exercise.pk).exists()


def test_a_missing_exercise_is_404(auth_client):
    assert auth_client.post("/exercises/999999/delete/").status_code == 404
