import datetime as dt
import json

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.logbook.records_store import rebuild_records
from workouts.models import LoggedSet, PersonalRecord

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(logged):
    return f"/sets/{logged.pk}/delete/"


@pytest.fixture
def entry(user, bench):
    return EntryFactory(session=SessionFactory(user=user), exercise=bench)


@pytest.fixture
def logged(entry):
    return SetFactory(entry=entry, reps=5, load_kg=100)


def test_anonymous_cannot_delete(client, logged):
    client.post(url(logged))
    assert LoggedSet.objects.filter(pk=logged.pk).exists()


def test_other_users_set_is_404(auth_client, other_user, bench):
    theirs = SetFactory(entry=EntryFactory(session=SessionFactory(user=other_user), exercise=bench))
    assert auth_client.get(url(theirs)).status_code == 404


def test_other_users_set_cannot_be_deleted(auth_client, other_user, bench, htmx_headers):
    theirs = SetFactory(entry=EntryFactory(session=SessionFactory(user=other_user), exercise=bench))
    assert auth_client.post(url(theirs)).status_code == 404
    assert auth_client.post(url(theirs), headers=htmx_headers).status_code == 404
    assert LoggedSet.objects.filter(pk=theirs.pk).exists()


def test_get_asks_for_confirmation_and_deletes_nothing(auth_client, logged):
    response = auth_client.get(url(logged))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Delete this set?" in html
    assert "100 kg × 5" in html
    assert LoggedSet.objects.filter(pk=logged.pk).exists()


def test_it_deletes_the_set(auth_client, logged):
    auth_client.post(url(logged))
    assert not LoggedSet.objects.filter(pk=logged.pk).exists()


def test_it_keeps_the_other_sets(auth_client, entry, logged):
    other = SetFactory(entry=entry, reps=3, load_kg=110)
    auth_client.post(url(logged))
    assert list(LoggedSet.objects.all()) == [other]


def test_full_page_post_redirects_to_the_exercise(auth_client, logged):
    response = auth_client.post(url(logged))
    assert response.status_code == 302
    assert response.url == f"/sessions/{logged.session_id}/#entry-{logged.entry_id}"


def test_htmx_returns_the_card_without_the_set(auth_client, logged, htmx_headers):
    response = auth_client.post(url(logged), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="entry card" id="entry-{logged.entry_id}"')
    assert "<html" not in html
    assert f'id="set-{logged.pk}"' not in html
    assert "set-changed" in json.loads(response.headers["HX-Trigger"])


# ---------- records are recomputed ----------


def test_deleting_the_record_moves_it_to_the_next_best_set(auth_client, user, three_sets):
    first, best, third = three_sets
    auth_client.post(url(best))
    heaviest = PersonalRecord.objects.get(user=user, kind="heaviest")
    assert heaviest.logged_set == third
    assert heaviest.value == 105


def test_no_record_points_at_a_set_that_does_not_hold_it(auth_client, user, three_sets):
    first, best, third = three_sets
    auth_client.post(url(best))
    for record in PersonalRecord.objects.filter(user=user).select_related("logged_set"):
        logged = record.logged_set
        held = {
            "heaviest": logged.load_kg,
            "reps": logged.reps,
            "set_volume": logged.load_kg * logged.reps,
            "e1rm": logged.load_kg * (1 + logged.reps / 30),
        }
        assert held[record.kind] == pytest.approx(record.value)


def test_the_badge_moves_in_the_returned_card(auth_client, three_sets, htmx_headers, set_row):
    first, best, third = three_sets
    response = auth_client.post(url(best), headers=htmx_headers)
    assert 'class="badge-pr"' not in set_row(response, first)
    assert 'class="badge-pr"' in set_row(response, third)


def test_the_badge_moves_on_the_page(auth_client, three_sets, set_row):
    first, best, third = three_sets
    response = auth_client.post(url(best), follow=True)
    assert 'class="badge-pr"' in set_row(response, third)


def test_deleting_the_only_record_leaves_no_badge(auth_client, user, entry, htmx_headers):
    SetFactory(entry=entry, position=1, reps=5, load_kg=100)
    best = SetFactory(entry=entry, position=2, reps=5, load_kg=110)
    rebuild_records(user, entry.exercise_id)
    assert PersonalRecord.objects.filter(logged_set=best).exists()

    response = auth_client.post(url(best), headers=htmx_headers)

    assert not PersonalRecord.objects.exists()  # the first set is only a baseline
    assert 'class="badge-pr"' not in response.content.decode()
