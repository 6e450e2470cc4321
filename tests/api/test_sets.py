"""Sets through the API: saved by the same actions as the page, so records, roll-ups and quotes
come out the same; the response says which records the set holds and what it unlocked."""

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.models import LoggedSet, PersonalRecord, QuoteUnlock, SessionSummary

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(user, bench):
    return EntryFactory(session=SessionFactory(user=user), exercise=bench)


def test_a_set_is_stored_in_si_units(api, entry):
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 102.5, "rpe": 8.5})
    assert response.status_code == 201
    logged = LoggedSet.objects.get(pk=response.json()["id"])
    assert (logged.reps, logged.load_kg, float(logged.rpe)) == (5, 102.5, 8.5)


def test_a_heavier_set_says_which_records_it_holds(api, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100})
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 110})
    assert set(response.json()["records"]) == {"heaviest", "e1rm", "set_volume"}
    assert set(
        PersonalRecord.objects.filter(logged_set_id=response.json()["id"]).values_list(
            "kind", flat=True
        )
    ) == {"heaviest", "e1rm", "set_volume"}


def test_a_set_updates_the_session_roll_up(api, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100})
    assert SessionSummary.objects.get(session=entry.session).volume_kg == 500


def test_a_set_that_earns_a_quote_says_so(api, user, punch_test):
    entry = EntryFactory(session=SessionFactory(user=user), exercise=punch_test)
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 1, "force_psi": 2150})
    unlocked = response.json()["unlocked_quotes"]
    assert unlocked
    assert QuoteUnlock.objects.filter(user=user, quote__number=unlocked[0]["number"]).exists()


def test_units_user_adds_the_load_in_pounds(api, entry, in_pounds_and_miles):
    response = api.post(f"/entries/{entry.pk}/sets?units=user", {"reps": 5, "load_kg": 100})
    body = response.json()
    assert body["load_kg"] == 100
    assert body["display"]["load"] == {"value": 220.462, "unit": "lb"}


def test_without_units_user_there_is_no_display(api, entry):
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100})
    assert response.json()["display"] is None


def test_editing_a_set_rebuilds_its_records(api, user, entry):
    api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100})
    top = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 110}).json()
    response = api.patch(f"/sets/{top['id']}", {"load_kg": 90})
    assert response.status_code == 200
    assert response.json()["load_kg"] == 90
    assert response.json()["records"] == []


def test_editing_a_set_changes_only_what_was_sent(api, entry):
    logged = api.post(
        f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100, "note": "easy"}
    ).json()
    api.patch(f"/sets/{logged['id']}", {"reps": 6})
    stored = LoggedSet.objects.get(pk=logged["id"])
    assert (stored.reps, stored.load_kg, stored.note) == (6, 100, "easy")


def test_deleting_a_set_removes_it_and_its_volume(api, entry):
    logged = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 100}).json()
    assert api.delete(f"/sets/{logged['id']}").status_code == 204
    assert not LoggedSet.objects.exists()
    assert SessionSummary.objects.get(session=entry.session).volume_kg == 0


def test_a_set_reads_back_with_its_records(api, user):
    first = SetFactory(entry__session__user=user, load_kg=100)
    response = api.get(f"/sets/{first.pk}")
    assert response.status_code == 200
    assert response.json()["load_kg"] == 100


def test_a_load_the_logging_page_would_ask_about_is_stored_as_sent(api, user, entry):
    """API clients are programs (imports, syncs): nobody to ask. Values within the limits are
    stored as sent, even 605 kg after a best of 140 kg (the page asks about it first)."""
    SetFactory(entry=entry, reps=5, load_kg=140)
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 605})
    assert response.status_code == 201
    assert LoggedSet.objects.get(pk=response.json()["id"]).load_kg == 605


def test_the_api_docs_say_that_nothing_is_asked_about(api):
    schema = api.client.get("/api/v1/openapi.json").json()
    assert "not asked about" in schema["info"]["description"]
    assert "not asked about" in schema["components"]["schemas"]["SetCreate"]["description"]
