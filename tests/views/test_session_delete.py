import datetime as dt

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.logbook.records_store import rebuild_records
from workouts.models import LoggedSet, PersonalRecord, SessionExercise, WorkoutSession

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(session):
    return f"/sessions/{session.pk}/delete/"


@pytest.fixture
def session(user, bench):
    session = SessionFactory(user=user, title="Barn strength")
    SetFactory(entry=EntryFactory(session=session, exercise=bench), reps=5, load_kg=100)
    return session


def test_anonymous_cannot_delete(client, session):
    client.post(url(session))
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


def test_other_users_session_is_404(auth_client, other_user):
    assert auth_client.get(url(SessionFactory(user=other_user))).status_code == 404


def test_other_users_session_cannot_be_deleted(auth_client, other_user):
    theirs = SessionFactory(user=other_user)
    assert auth_client.post(url(theirs)).status_code == 404
    assert WorkoutSession.objects.filter(pk=theirs.pk).exists()


def test_get_asks_for_confirmation_and_deletes_nothing(auth_client, session):
    response = auth_client.get(url(session))
    assert response.status_code == 200
    assert "Delete “Barn strength”?" in response.content.decode()
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


def test_it_deletes_the_session_with_its_exercises_and_sets(auth_client, session):
    auth_client.post(url(session))
    assert not WorkoutSession.objects.filter(pk=session.pk).exists()
    assert not SessionExercise.objects.exists()
    assert not LoggedSet.objects.exists()


def test_it_redirects_to_the_history(auth_client, session):
    response = auth_client.post(url(session))
    assert response.status_code == 302
    assert response.url == "/sessions/"


def test_it_confirms_on_the_next_page(auth_client, session):
    response = auth_client.post(url(session), follow=True)
    assert "“Barn strength” deleted." in response.content.decode()


def test_records_move_back_to_an_earlier_session(auth_client, user, session, bench):
    earlier = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=7))
    old = EntryFactory(session=earlier, exercise=bench)
    SetFactory(entry=old, reps=5, load_kg=80)
    previous_best = SetFactory(entry=old, reps=5, load_kg=90)
    rebuild_records(user, bench.pk)
    assert PersonalRecord.objects.filter(logged_set__session=session).exists()

    auth_client.post(url(session))

    heaviest = PersonalRecord.objects.get(user=user, kind="heaviest")
    assert heaviest.logged_set == previous_best
    assert heaviest.value == 90
    assert not PersonalRecord.objects.filter(value=100).exists()


def test_the_badge_moves_to_a_later_session(auth_client, user, session, bench, set_row):
    # Sessions a week ago (100 kg, the baseline), an hour ago (`session`, 100 kg), and now.
    # Make `session` hold the record with 110 kg, and now's 105 kg sit in its shadow.
    LoggedSet.objects.filter(session=session).update(load_kg=110)
    before = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=7))
    SetFactory(entry=EntryFactory(session=before, exercise=bench), reps=5, load_kg=100)
    after = SessionFactory(user=user, started_at=NOW)
    shadowed = SetFactory(entry=EntryFactory(session=after, exercise=bench), reps=5, load_kg=105)
    rebuild_records(user, bench.pk)
    assert 'class="badge-pr"' not in set_row(auth_client.get(f"/sessions/{after.pk}/"), shadowed)

    auth_client.post(url(session))

    response = auth_client.get(f"/sessions/{after.pk}/")
    assert 'class="badge-pr"' in set_row(response, shadowed)
    assert "Heaviest load" in set_row(response, shadowed)
