import pytest

from tests.factories import ExerciseFactory, SessionFactory
from workouts.models import SessionExercise


def url(session):
    return f"/sessions/{session.pk}/exercises/"


@pytest.fixture
def session(user):
    return SessionFactory(user=user)


def test_anonymous_is_sent_to_login(client, session, bench):
    response = client.post(url(session), {"exercise": bench.pk})
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not SessionExercise.objects.exists()


def test_it_rejects_get(auth_client, session):
    assert auth_client.get(url(session)).status_code == 405


def test_other_users_session_is_404(auth_client, other_user, bench):
    theirs = SessionFactory(user=other_user)
    assert auth_client.post(url(theirs), {"exercise": bench.pk}).status_code == 404
    assert not SessionExercise.objects.exists()


def test_other_users_custom_exercise_is_404(auth_client, session, other_user):
    secret = ExerciseFactory(owner=other_user, name="Drago serum press")
    assert auth_client.post(url(session), {"exercise": secret.pk}).status_code == 404
    assert not SessionExercise.objects.exists()


def test_other_users_custom_exercise_is_404_with_htmx(
    auth_client, session, other_user, htmx_headers
):
    secret = ExerciseFactory(owner=other_user, name="Drago serum press")
    response = auth_client.post(url(session), {"exercise": secret.pk}, headers=htmx_headers)
    assert response.status_code == 404
    assert not SessionExercise.objects.exists()


@pytest.mark.parametrize("value", ["", "abc", "999999", "1.5"])
def test_unknown_exercise_is_404(auth_client, session, value):
    assert auth_client.post(url(session), {"exercise": value}).status_code == 404
    assert not SessionExercise.objects.exists()


def test_missing_exercise_is_404(auth_client, session):
    assert auth_client.post(url(session), {}).status_code == 404


def test_it_adds_a_built_in_exercise(auth_client, session, bench):
    auth_client.post(url(session), {"exercise": bench.pk})
    entry = SessionExercise.objects.get()
    assert entry.session == session
    assert entry.exercise == bench


def test_it_adds_the_users_own_exercise(auth_client, session, user):
    mine = ExerciseFactory(owner=user, name="Yak haul")
    auth_client.post(url(session), {"exercise": mine.pk})
    assert SessionExercise.objects.get().exercise == mine


def test_exercises_are_added_in_order(auth_client, session, bench, snow_run):
    auth_client.post(url(session), {"exercise": bench.pk})
    auth_client.post(url(session), {"exercise": snow_run.pk})
    assert [e.exercise for e in SessionExercise.objects.order_by("order", "id")] == [
        bench,
        snow_run,
    ]


def test_the_session_takes_the_style_of_its_exercises(auth_client, session, snow_run):
    auth_client.post(url(session), {"exercise": snow_run.pk})
    session.refresh_from_db()
    assert session.style == "natural"


def test_full_page_post_redirects_to_the_new_entry(auth_client, session, bench):
    response = auth_client.post(url(session), {"exercise": bench.pk})
    entry = SessionExercise.objects.get()
    assert response.status_code == 302
    assert response.url == f"/sessions/{session.pk}/#entry-{entry.pk}"


def test_htmx_returns_only_the_new_entry_card(auth_client, session, bench, htmx_headers):
    response = auth_client.post(url(session), {"exercise": bench.pk}, headers=htmx_headers)
    entry = SessionExercise.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="entry card" id="entry-{entry.pk}"')
    assert "<html" not in html
    assert f'name="e{entry.pk}-reps"' in html
