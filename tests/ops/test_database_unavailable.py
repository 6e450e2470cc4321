"""PostgreSQL out of reach: requests answer a clear 503 quickly (not a hang, not a 500), and
the same process recovers once the database is back."""

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

# Runs in a fresh process configured for production against a PostgreSQL port where nothing
# listens (and a Redis port likewise), then times a few requests through Django's handler.
PROBE = """
import json, time
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
client.cookies["sessionid"] = "a" * 32  # a logged-in visitor: the session is in the database
out = {}
for path in ["/", "/accounts/login/", "/today/", "/api/v1/sessions", "/readyz", "/healthz"]:
    start = time.perf_counter()
    response = client.get(path, secure=True)
    out[path] = {
        "status": response.status_code,
        "seconds": time.perf_counter() - start,
        "retry_after": response.get("Retry-After"),
        "body": response.content.decode()[:2000],
    }
print(json.dumps(out))
"""


def closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def answers():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "montage.settings",
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "ops-test-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/montage",
        "REDIS_URL": f"redis://127.0.0.1:{closed_port()}/3",
        "MONTAGE_TESTING": "True",  # plain static storage: no collectstatic manifest here
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/today/"])
def test_a_page_answers_503_with_retry_after_when_the_database_is_gone(answers, path):
    assert answers[path]["status"] == 503
    assert answers[path]["retry_after"] == "5"
    assert "reach its database just now" in answers[path]["body"]


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/today/", "/readyz"])
def test_the_503_comes_within_a_few_seconds_not_a_hang(answers, path):
    assert answers[path]["seconds"] < 5


def test_the_api_answers_503_in_its_json_error_shape(answers):
    body = json.loads(answers["/api/v1/sessions"]["body"])
    assert answers["/api/v1/sessions"]["status"] == 503
    assert body["code"] == "unavailable"


def test_readyz_reports_the_database_and_cache_unreachable(answers):
    assert answers["/readyz"]["status"] == 503
    assert json.loads(answers["/readyz"]["body"]) == {
        "status": "unavailable",
        "database": "unreachable",
        "cache": "unreachable",
    }


def test_healthz_still_answers_ok(answers):
    assert answers["/healthz"]["status"] == 200


@pytest.mark.urls("tests.ops.urls")
def test_a_database_error_in_a_view_is_a_503_page_not_a_500(db):
    response = Client(raise_request_exception=False).get("/ops-test/database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert b"Back in a moment" in response.content


@pytest.mark.urls("tests.ops.urls")
def test_after_a_database_error_the_next_request_is_served(db, client):
    Client(raise_request_exception=False).get("/ops-test/database-gone/")
    assert client.get("/accounts/login/").status_code == 200
