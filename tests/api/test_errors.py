"""Errors are JSON with a machine-readable code and messages per field, and use the HTTP status
they mean; no input gives a 500."""

import pytest

from tests.factories import EntryFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(user, bench):
    return EntryFactory(session=SessionFactory(user=user), exercise=bench)


def test_a_body_that_is_not_json_is_400(api):
    response = api.client.post(
        "/api/v1/sessions", data="{nope", content_type="application/json", headers=api.headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "The body is not valid JSON.",
        "fields": {},
    }


def test_a_wrong_type_is_422_with_the_fields_message(api, entry):
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": "five"})
    assert response.status_code == 422
    assert response.json()["code"] == "invalid"
    assert list(response.json()["fields"]) == ["reps"]


def test_an_out_of_range_value_is_422(api, entry):
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "load_kg": 5000})
    assert "load_kg" in response.json()["fields"]


def test_a_value_the_exercise_does_not_measure_is_422(api, entry):
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 5, "distance_m": 400})
    assert response.status_code == 422
    assert response.json()["fields"] == {"distance_m": ["Bench press does not record distance."]}


def test_a_set_that_measures_nothing_is_422(api, entry):
    response = api.post(f"/entries/{entry.pk}/sets", {"reps": 0})
    assert response.status_code == 422
    assert "reps" in response.json()["fields"]


def test_a_session_that_finishes_before_it_starts_is_422(api, user):
    session = SessionFactory(user=user)
    response = api.patch(f"/sessions/{session.pk}", {"finished_at": "2001-01-01T00:00:00Z"})
    assert response.status_code == 422
    assert "finished_at" in response.json()["fields"]


def test_a_naive_timestamp_is_422(api):
    response = api.post("/sessions", {"started_at": "2026-01-01T10:00:00"})
    assert response.status_code == 422
    assert "started_at" in response.json()["fields"]


def test_an_unknown_id_is_404_json(api):
    response = api.get("/sessions/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_an_enormous_id_is_404_not_500(api):
    assert api.get(f"/sessions/{10**30}").status_code in (404, 422)


def test_an_unknown_path_is_404_json(api):
    response = api.get("/nothing/here")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_body_over_the_size_limit_is_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/sessions", {"title": "x" * 2000})
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"


def test_a_bad_cursor_is_400(api):
    response = api.get("/sessions", cursor="not-a-cursor")
    assert response.status_code == 400
    assert response.json()["code"] == "bad_cursor"


def test_a_tampered_cursor_is_400(api):
    import base64

    cursor = base64.urlsafe_b64encode(b'["not a date", 1]').decode().rstrip("=")
    assert api.get("/sessions", cursor=cursor).status_code == 400


def test_deleting_an_exercise_with_sets_is_409(api, user):
    from tests.factories import SetFactory

    logged = SetFactory(entry__session__user=user)
    response = api.delete(f"/exercises/{logged.exercise_id}")
    assert response.status_code == 409
    assert response.json()["code"] == "in_use"


def test_editing_a_builtin_exercise_is_403(api, bench):
    response = api.patch(f"/exercises/{bench.pk}", {"name": "Mine"})
    assert response.status_code == 403
    assert response.json()["code"] == "builtin_read_only"


def test_a_filter_with_an_end_before_its_start_is_422(api):
    response = api.get("/sessions", start="2026-02-01", end="2026-01-01")
    assert response.status_code == 422
    assert "end" in response.json()["fields"]


def test_a_session_cookie_with_a_nul_byte_is_a_json_400_not_500(db):
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = "abc\x00defghijkl"
    response = client.get("/api/v1/sessions")
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


def test_a_page_with_a_nul_byte_session_cookie_is_refused_not_500(db):
    from django.test import Client

    client = Client()
    client.cookies["sessionid"] = "abc\x00defghijkl"
    assert client.get("/sessions/").status_code == 400


@pytest.mark.parametrize("body", [{"title": "Barn\x00"}, {"title": "Barn", "x\x00": 1}])
def test_a_nul_character_in_the_body_is_400(api, body):
    response = api.post("/sessions", body)
    assert response.status_code == 400
    assert response.json()["code"] == "nul_character"


def test_a_nul_character_in_the_query_is_400(api):
    assert api.get("/exercises", q="bench\x00").status_code == 400


def test_a_cursor_holding_a_nul_character_is_400(api):
    import base64

    cursor = base64.urlsafe_b64encode(b'["a\\u0000", 1]').decode().rstrip("=")
    assert api.get("/exercises", cursor=cursor).status_code == 400


def test_a_method_the_endpoint_does_not_allow_is_a_json_405_naming_the_allowed_ones(api):
    response = api.client.put("/api/v1/sessions", headers=api.headers)
    assert response.status_code == 405
    assert response.json() == {
        "code": "method_not_allowed",
        "message": "This endpoint does not accept PUT.",
        "fields": {},
    }
    assert set(response["Allow"].split(", ")) == {"GET", "POST"}
