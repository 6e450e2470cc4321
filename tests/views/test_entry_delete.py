import datetime as dt
import json

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.logbook.records_store import rebuild_records
from workouts.models import LoggedSet, PersonalRecord, SessionExercise

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(entry):
    return f"/entries/{entry.pk}/delete/"


@pytest.fixture
def entry(user, bench):
    entry = EntryFactory(session=SessionFactory(user=user), exercise=bench)
    SetFactory(entry=entry, reps=5, load_kg=100)
    return entry


def test_anonymous_is_sent_to_login(client, entry):
    response = client.post(url(entry))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert SessionExercise.objects.filter(pk=entry.pk).exists()


def test_get_asks_for_confirmation_and_removes_nothing(auth_client, entry):
    response = auth_client.get(url(entry))
    assert response.status_code == 200
    assert f"Remove {entry.exercise.name}?" in response.content.decode()
    assert SessionExercise.objects.filter(pk=entry.pk).exists()


def test_other_users_entry_is_404(auth_client, other_user, bench):
    theirs = EntryFactory(session=SessionFactory(user=other_user), exercise=bench)
    SetFactory(entry=theirs)
    assert auth_client.post(url(theirs)).status_code == 404
    assert SessionExercise.objects.filter(pk=theirs.pk).exists()
    assert LoggedSet.objects.filter(entry=theirs).exists()


def test_it_removes_the_exercise_and_its_sets(auth_client, entry):
    auth_client.post(url(entry))
    assert not SessionExercise.objects.filter(pk=entry.pk).exists()
    assert not LoggedSet.objects.exists()


def test_full_page_post_redirects_to_the_session(auth_client, entry):
    response = auth_client.post(url(entry))
    assert response.status_code == 302
    assert response.url == f"/sessions/{entry.session.pk}/"


def test_htmx_returns_an_empty_fragment_and_triggers_set_changed(auth_client, entry, htmx_headers):
    response = auth_client.post(url(entry), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="entry-{entry.pk}"' not in html
    assert "set-changed" in json.loads(response.headers["HX-Trigger"])


def test_records_move_back_to_an_earlier_session(auth_client, user, entry):
    earlier = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=7))
    old = EntryFactory(session=earlier, exercise=entry.exercise)
    SetFactory(entry=old, reps=5, load_kg=80, logged_at=earlier.started_at)
    previous_best = SetFactory(entry=old, reps=5, load_kg=90, logged_at=earlier.started_at)
    rebuild_records(user, entry.exercise_id)
    assert PersonalRecord.objects.filter(logged_set__entry=entry).exists()

    auth_client.post(url(entry))

    heaviest = PersonalRecord.objects.get(user=user, kind="heaviest")
    assert heaviest.logged_set == previous_best
    assert heaviest.value == 90
