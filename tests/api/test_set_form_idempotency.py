"""The logging page's set form carries an idempotency key: a double tap or a retried POST never
makes two sets (the same mechanism as the API's Idempotency-Key)."""

import re

import pytest

from tests.factories import EntryFactory, SessionFactory
from workouts.models import LoggedSet, PersonalRecord

pytestmark = pytest.mark.django_db

KEY = "0d8f3c52-2f7e-4c55-8a8e-1c6b8b3f9a10"


@pytest.fixture
def entry(user, bench):
    return EntryFactory(session=SessionFactory(user=user), exercise=bench)


def post(client, entry, key=KEY, htmx=True, **values):
    data = {f"e{entry.pk}-{name}": value for name, value in values.items()}
    if key is not None:
        data["idempotency_key"] = key
    headers = {"HX-Request": "true"} if htmx else {}
    return client.post(f"/entries/{entry.pk}/sets/", data, headers=headers)


def form_key(html, entry):
    form = re.search(rf'<form[^>]*id="set-form-{entry.pk}".*?</form>', html, re.S).group(0)
    return re.search(r'name="idempotency_key" value="([^"]+)"', form).group(1)


def test_the_set_form_carries_a_key(auth_client, entry):
    page = auth_client.get(f"/sessions/{entry.session_id}/").content.decode()
    assert len(form_key(page, entry)) == 36


def test_a_double_tap_saves_one_set(auth_client, entry):
    post(auth_client, entry, reps=5, load=100)
    post(auth_client, entry, reps=5, load=100)
    assert LoggedSet.objects.filter(entry=entry).count() == 1


def test_the_second_tap_shows_the_set_that_was_saved(auth_client, entry, set_row):
    post(auth_client, entry, reps=5, load=100)
    again = post(auth_client, entry, reps=5, load=100)
    assert again.status_code == 200
    assert set_row(again, LoggedSet.objects.get(entry=entry))


def test_a_retried_plain_post_saves_one_set(auth_client, entry):
    post(auth_client, entry, htmx=False, reps=5, load=100)
    response = post(auth_client, entry, htmx=False, reps=5, load=100)
    assert response.status_code == 302
    assert LoggedSet.objects.filter(entry=entry).count() == 1


def test_a_retried_record_set_keeps_its_records_once(auth_client, entry):
    post(auth_client, entry, key="first", reps=5, load=100)
    post(auth_client, entry, reps=5, load=120)
    post(auth_client, entry, reps=5, load=120)
    top = LoggedSet.objects.get(entry=entry, load_kg=120)
    assert PersonalRecord.objects.filter(logged_set=top).exists()
    assert LoggedSet.objects.filter(entry=entry).count() == 2


def test_a_saved_set_gets_a_fresh_form_with_a_new_key(auth_client, entry):
    response = post(auth_client, entry, reps=5, load=100)
    assert form_key(response.content.decode(), entry) != KEY


def test_a_rejected_set_keeps_its_key(auth_client, entry):
    response = post(auth_client, entry, reps="", load="")
    assert response.status_code == 422
    assert form_key(response.content.decode(), entry) == KEY


def test_each_new_key_saves_a_new_set(auth_client, entry):
    post(auth_client, entry, key="one", reps=5, load=100)
    post(auth_client, entry, key="two", reps=5, load=100)
    assert LoggedSet.objects.filter(entry=entry).count() == 2


def test_a_form_without_a_key_still_saves(auth_client, entry):
    post(auth_client, entry, key=None, reps=5, load=100)
    post(auth_client, entry, key=None, reps=5, load=100)
    assert LoggedSet.objects.filter(entry=entry).count() == 2


def test_keys_are_per_user(auth_client, client, other_user, entry, bench):
    theirs = EntryFactory(session=SessionFactory(user=other_user), exercise=bench)
    post(auth_client, entry, reps=5, load=100)
    client.force_login(other_user)
    post(client, theirs, reps=5, load=100)
    assert LoggedSet.objects.filter(entry=theirs).count() == 1


def test_a_keyed_save_costs_one_query_more_than_an_unkeyed_one(
    auth_client, entry, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    post(auth_client, entry, key="warm-up", reps=5, load=100)  # one-off quote unlocks
    with CaptureQueriesContext(connection) as plain:
        post(auth_client, entry, key=None, reps=5, load=100)
    with django_assert_max_num_queries(len(plain) + 1):
        post(auth_client, entry, key="keyed", reps=5, load=100)


@pytest.mark.parametrize("key", [None, KEY], ids=["without a key", "with a key"])
def test_a_save_that_fails_midway_leaves_no_set(auth_client, entry, monkeypatch, key):
    def broken(*args, **kwargs):
        raise RuntimeError("unlock rules failed")

    monkeypatch.setattr("workouts.quotes.evaluate.evaluate", broken)
    with pytest.raises(RuntimeError):
        post(auth_client, entry, key=key, reps=5, load=100)
    assert not LoggedSet.objects.exists()
