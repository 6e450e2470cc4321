"""One JSON line per request with its id, user, route, status and duration; errors as one
record with their traceback."""

import json
import logging

import pytest
from django.test import Client

from montage.jsonlog import JsonFormatter
from tests.factories import SessionFactory


def request_lines(caplog):
    return [r for r in caplog.records if r.name == "montage.request"]


def as_json(record):
    line = JsonFormatter().format(record)
    assert "\n" not in line
    return json.loads(line)


def test_a_request_logs_one_json_line_with_method_route_status_and_duration(client, db, caplog):
    with caplog.at_level(logging.INFO, logger="montage.request"):
        response = client.get("/accounts/login/")
    [record] = request_lines(caplog)
    line = as_json(record)
    assert line["method"] == "GET"
    assert line["route"] == "accounts/login/"
    assert line["status"] == 200
    assert line["user_id"] is None
    assert line["duration_ms"] >= 0
    assert line["request_id"] == response["X-Request-ID"]


def test_the_line_names_the_url_pattern_and_the_user_not_the_raw_path(auth_client, user, caplog):
    session = SessionFactory(user=user)
    with caplog.at_level(logging.INFO, logger="montage.request"):
        auth_client.get(f"/sessions/{session.pk}/")
    [record] = request_lines(caplog)
    line = as_json(record)
    assert line["route"] == "sessions/<int:pk>/"
    assert str(session.pk) not in line["message"]
    assert line["user_id"] == user.pk


def test_every_response_carries_a_fresh_request_id(client, db):
    first = client.get("/healthz-not-here/")["X-Request-ID"]
    second = client.get("/healthz-not-here/")["X-Request-ID"]
    assert len(first) == 32 and first != second


def test_a_proxys_request_id_is_kept(client, db):
    response = client.get("/accounts/login/", headers={"X-Request-ID": "edge-42.abc"})
    assert response["X-Request-ID"] == "edge-42.abc"


def test_a_request_id_with_odd_characters_is_replaced(client, db):
    response = client.get("/accounts/login/", headers={"X-Request-ID": 'x"}\n{"level":"ok'})
    assert response["X-Request-ID"] != 'x"}\n{"level":"ok'
    assert len(response["X-Request-ID"]) == 32


@pytest.mark.urls("tests.ops.urls")
def test_an_error_is_one_record_with_its_traceback_and_request_id(db, caplog):
    response = Client(raise_request_exception=False).get("/ops-test/boom/")
    assert response.status_code == 500
    [error] = [r for r in caplog.records if r.name == "django.request"]
    line = as_json(error)
    assert line["level"] == "ERROR"
    assert "ValueError: the bar snapped" in line["traceback"]
    assert line["request_id"] == response["X-Request-ID"]


@pytest.mark.urls("tests.ops.urls")
def test_a_server_error_shows_the_sites_page(db):
    response = Client(raise_request_exception=False).get("/ops-test/boom/")
    assert response.status_code == 500
    assert b"Something went wrong on our side" in response.content


def test_extra_fields_that_are_objects_are_written_as_text():
    record = logging.LogRecord("x", logging.WARNING, __file__, 1, "hello %s", ("you",), None)
    record.when = object()
    record.count = 3
    line = as_json(record)
    assert line["message"] == "hello you"
    assert line["count"] == 3
    assert line["when"].startswith("<object object")


def test_djangos_line_for_a_refused_request_carries_its_request_id(client, db, caplog):
    response = client.post("/accounts/login/", {"username": "nobody", "password": "x"})
    assert response.status_code == 422
    [line] = [r for r in caplog.records if r.name == "django.request"]
    assert as_json(line)["request_id"] == response["X-Request-ID"]
