import pytest

from tests.factories import ExerciseFactory


def url(exercise):
    return f"/exercises/{exercise.pk}/"


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, builtin_exercise):
    response = client.get(url(builtin_exercise))
    assert response.status_code == 302
    assert response.url == f"/accounts/login/?next={url(builtin_exercise)}"


def test_it_shows_a_built_in_exercise(auth_client, builtin_exercise):
    response = auth_client.get(url(builtin_exercise))
    html = response.content.decode()
    assert response.status_code == 200
    assert f"<h1>{builtin_exercise.name}</h1>" in html
    assert "Built-in" in html


def test_it_shows_how_to_do_it(auth_client):
    from workouts.models import Exercise

    squat = Exercise.objects.get(owner=None, slug="back-squat")
    html = auth_client.get(url(squat)).content.decode()
    assert "How to" in html
    assert "brace hard" in html


def test_it_shows_what_is_measured(auth_client, user):
    exercise = ExerciseFactory(
        owner=user,
        measures_reps=False,
        measures_load=False,
        measures_duration=True,
        measures_distance=True,
        reads_heart_rate=True,
    )
    html = auth_client.get(url(exercise)).content.decode()
    assert "duration, distance" in html
    assert "heart rate (bpm)" in html


def test_a_built_in_exercise_offers_no_edit_or_delete(auth_client, builtin_exercise):
    html = auth_client.get(url(builtin_exercise)).content.decode()
    assert f"/exercises/{builtin_exercise.pk}/edit/" not in html
    assert f"/exercises/{builtin_exercise.pk}/delete/" not in html


def test_it_shows_the_users_own_exercise_with_edit_and_delete(auth_client, user):
    exercise = ExerciseFactory(owner=user, name="Yak haul")
    html = auth_client.get(url(exercise)).content.decode()
    assert "Your exercise" in html
    assert f"/exercises/{exercise.pk}/edit/" in html
    assert f"/exercises/{exercise.pk}/delete/" in html


def test_other_users_exercise_is_404(auth_client, other_user):
    exercise = ExerciseFactory(owner=other_user, name="Drago secret serum")
    response = auth_client.get(url(exercise))
    assert response.status_code == 404
    assert "Drago secret serum" not in response.content.decode()


def test_a_missing_exercise_is_404(auth_client):
    assert auth_client.get("/exercises/999999/").status_code == 404


def test_it_rejects_post(auth_client, builtin_exercise):
    assert auth_client.post(url(builtin_exercise)).status_code == 405
