"""/healthz and /readyz: cheap, public, no session or CSRF, and honest about the database."""

import pytest
from django.db import OperationalError
from django.test import Client

from montage import health


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)


def test_healthz_answers_ok_without_touching_the_database(client):
    response = client.get("/healthz")  # no db fixture: a query here would raise
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_readyz_is_ok_when_the_database_answers_and_migrations_are_applied(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "migrations": "ok",
        "cache": "local",
    }


@pytest.mark.django_db
def test_readyz_after_the_first_success_costs_one_query(client, django_assert_num_queries):
    client.get("/readyz")
    with django_assert_num_queries(1):
        assert client.get("/readyz").status_code == 200


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_pending(client, monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("m", 0)])
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "1 pending"


@pytest.mark.django_db
def test_readyz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    def refuse():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "_database", refuse)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_readyz_is_degraded_but_200_when_redis_is_down(client, monkeypatch):
    class DownCache:
        def ping(self):
            return False

    monkeypatch.setattr(health, "cache", DownCache())
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert response.json()["cache"] == "unreachable"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_set_no_cookie_and_are_not_cached(path):
    response = Client().get(path)
    assert response.cookies == {}
    assert "Cookie" not in response.get("Vary", "")
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_answer_a_node_address_not_in_allowed_hosts(path):
    assert Client(HTTP_HOST="10.0.0.7:8001").get(path).status_code == 200


@pytest.mark.parametrize("path", ["/healthz", "/readyz"])
def test_probes_refuse_a_post_with_405_not_a_csrf_failure(path):
    response = Client(enforce_csrf_checks=True).post(path)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
