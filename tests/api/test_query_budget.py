"""A set through the API costs no more queries than the htmx save plus the idempotency insert,
whatever the history."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EntryFactory, SessionFactory, build_history

pytestmark = pytest.mark.django_db


def api_save_queries(api, entry, key):
    with CaptureQueriesContext(connection) as queries:
        response = api.post(
            f"/entries/{entry.pk}/sets",
            {"reps": 5, "load_kg": 100},
            headers={"Idempotency-Key": key},
        )
    assert response.status_code == 201
    return len(queries)


def test_an_api_set_costs_no_more_than_the_htmx_save_and_its_key(api, auth_client, user, bench):
    entry = EntryFactory(session=SessionFactory(user=user), exercise=bench)
    form = {f"e{entry.pk}-reps": "5", f"e{entry.pk}-load": "100"}
    auth_client.post(f"/entries/{entry.pk}/sets/", form, headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as htmx:
        auth_client.post(f"/entries/{entry.pk}/sets/", form, headers={"HX-Request": "true"})
    api_save_queries(api, entry, "warm-up")  # the token's first use records it
    assert api_save_queries(api, entry, "a") <= len(htmx) + 1


def test_api_set_queries_do_not_grow_with_history(api, user, bench):
    fresh = EntryFactory(session=SessionFactory(user=user), exercise=bench)
    api_save_queries(api, fresh, "warm-up")
    before = api_save_queries(api, fresh, "fresh")
    build_history(user, bench, sessions=30)
    veteran = EntryFactory(session=SessionFactory(user=user), exercise=bench)
    api_save_queries(api, veteran, "warm-up 2")
    assert api_save_queries(api, veteran, "veteran") <= before
