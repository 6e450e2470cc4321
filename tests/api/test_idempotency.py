"""Idempotent creates: the same Idempotency-Key with the same body returns the first result
and creates nothing; with another body it is a 409; keys are per user; two identical requests
at once create one object."""

import threading

import pytest
from django.db import connection

from tests.factories import EntryFactory
from workouts.models import IdempotencyKey, LoggedSet, PersonalRecord, WorkoutSession

from .conftest import ApiClient

KEY = {"Idempotency-Key": "6f1c1d8e-6a4e-4c38-9a57-2a4c1b2d3e4f"}


@pytest.fixture
def entry(user, bench):
    return EntryFactory(session__user=user, exercise=bench)


@pytest.mark.django_db
def test_a_retried_set_returns_the_first_result_and_creates_nothing(api, entry):
    first = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    again = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert LoggedSet.objects.filter(entry=entry).count() == 1


@pytest.mark.django_db
def test_a_retried_set_keeps_its_records_once(api, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100})
    first = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 110}, headers=KEY)
    again = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 110}, headers=KEY)
    assert "heaviest" in again.json()["records"]
    assert PersonalRecord.objects.filter(logged_set_id=first.json()["id"]).count() == len(
        first.json()["records"]
    )


@pytest.mark.django_db
def test_the_same_key_with_another_body_is_409(api, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 6, "load_kg": 100}, headers=KEY)
    assert response.status_code == 409
    assert response.json()["code"] == "idempotency_key_reused"
    assert LoggedSet.objects.filter(entry=entry).count() == 1


@pytest.mark.django_db
def test_the_same_key_on_another_endpoint_is_409(api, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    response = api.post("/sessions", {"title": "Barn"}, headers=KEY)
    assert response.status_code == 409


@pytest.mark.django_db
def test_keys_are_per_user(api, other_api, other_user, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    response = other_api.post("/sessions", {"title": "Ice"}, headers=KEY)
    assert response.status_code == 201
    assert WorkoutSession.objects.filter(user=other_user).count() == 1


@pytest.mark.django_db
def test_the_key_may_come_in_the_body(api, entry):
    body = {"reps": 5, "load_kg": 100, "idempotency_key": KEY["Idempotency-Key"]}
    first = api.post(f"/entries/{entry.pk}/sets", body)
    again = api.post(f"/entries/{entry.pk}/sets", body)
    assert again.json()["id"] == first.json()["id"]
    assert LoggedSet.objects.filter(entry=entry).count() == 1


@pytest.mark.django_db
def test_the_body_key_and_the_header_key_are_the_same_key(api, entry):
    body = {"reps": 5, "load_kg": 100}
    first = api.post(f"/entries/{entry.pk}/sets", body, headers=KEY)
    again = api.post(
        f"/entries/{entry.pk}/sets", {**body, "idempotency_key": KEY["Idempotency-Key"]}
    )
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.django_db
def test_a_body_key_that_differs_from_the_header_is_422(api, entry):
    response = api.post(
        f"/entries/{entry.pk}/sets",
        {"reps": 5, "load_kg": 100, "idempotency_key": "other"},
        headers=KEY,
    )
    assert response.status_code == 422
    assert "idempotency_key" in response.json()["fields"]


@pytest.mark.django_db
def test_a_rejected_create_does_not_use_up_its_key(api, entry):
    assert api.post(f"/entries/{entry.pk}/sets", {"reps": 0}, headers=KEY).status_code == 422
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    assert response.status_code == 201
    assert IdempotencyKey.objects.count() == 1


@pytest.mark.django_db
def test_an_over_long_key_is_400(api, entry):
    response = api.post(
        f"/entries/{entry.pk}/sets", {"reps": 5}, headers={"Idempotency-Key": "k" * 256}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_idempotency_key"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/sessions", {"title": "Barn"}),
        ("/bodyweight", {"weight_kg": 90}),
        ("/exercises", {"name": "Tyre drag", "measures": ["distance"]}),
    ],
)
def test_every_create_is_idempotent(api, user, path, body):
    first = api.post(path, body, headers=KEY)
    again = api.post(path, body, headers=KEY)
    assert first.status_code == 201
    assert again.json() == first.json()


@pytest.mark.django_db
def test_adding_an_exercise_to_a_session_is_idempotent(api, user, bench):
    session = api.post("/sessions", {"title": "Barn"}).json()["id"]
    for _ in range(2):
        api.post(f"/sessions/{session}/entries", {"exercise_id": bench.pk}, headers=KEY)
    assert WorkoutSession.objects.get(pk=session).entries.count() == 1


@pytest.mark.django_db
def test_purge_keeps_keys_younger_than_48_hours(api, entry):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY)
    api.post("/sessions", {"title": "Old"}, headers={"Idempotency-Key": "old"})
    IdempotencyKey.objects.filter(key="old").update(
        created_at=timezone.now() - dt.timedelta(days=8)
    )
    call_command("purge_idempotency_keys")
    assert list(IdempotencyKey.objects.values_list("key", flat=True)) == [KEY["Idempotency-Key"]]


@pytest.mark.django_db(transaction=True)
def test_two_identical_requests_at_once_create_one_set(user):
    """Real concurrency: threads with their own connections (PostgreSQL row locks, or SQLite's
    write lock) race the same key; one set is created and both get its result."""
    from workouts.models import ApiToken

    # Its own exercise: tests with real transactions may run after others flushed the catalogue.
    entry = EntryFactory(session__user=user)
    secret = ApiToken.issue(user, "race", can_write=True)[1]
    results, barrier = [], threading.Barrier(4)

    def post():
        try:
            barrier.wait()
            response = ApiClient(secret).post(
                f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}, headers=KEY
            )
            results.append((response.status_code, response.json()["id"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert LoggedSet.objects.filter(entry=entry).count() == 1
    assert {status for status, _id in results} == {201}
    assert len({set_id for _status, set_id in results}) == 1
