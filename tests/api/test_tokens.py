"""Personal API tokens: how a request is authenticated, scopes, revocation, CSRF."""

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client

from workouts.models import ApiToken, WorkoutSession

pytestmark = pytest.mark.django_db


def test_a_request_without_a_token_is_401_with_a_json_error():
    response = Client().get("/api/v1/sessions")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_an_unknown_token_is_401(user):
    response = Client().get("/api/v1/sessions", headers={"Authorization": "Bearer mtg_nope"})
    assert response.status_code == 401


def test_a_token_reads_its_users_sessions(api, user):
    WorkoutSession.objects.create(user=user, title="Barn", started_at=dt.datetime.now(dt.UTC))
    response = api.get("/sessions")
    assert response.status_code == 200
    assert [s["title"] for s in response.json()["items"]] == ["Barn"]


def test_a_token_is_stored_only_as_a_hash(user):
    token, secret = ApiToken.issue(user, "watch", can_write=False)
    stored = ApiToken.objects.values_list("key_hash", "hint").get(pk=token.pk)
    assert secret not in stored
    assert stored[0] == ApiToken.hash(secret)


def test_a_revoked_token_is_refused_at_once(api, user):
    assert api.get("/sessions").status_code == 200
    ApiToken.objects.filter(user=user).delete()
    assert api.get("/sessions").status_code == 401


def test_a_token_of_an_inactive_user_is_refused(api, user):
    user.is_active = False
    user.save()
    assert api.get("/sessions").status_code == 401


def test_a_read_only_token_may_read(read_token):
    response = Client().get("/api/v1/sessions", headers={"Authorization": f"Bearer {read_token}"})
    assert response.status_code == 200


def test_a_read_only_token_may_not_write(read_token, user):
    response = Client().post(
        "/api/v1/sessions",
        {"title": "Barn"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {read_token}"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "read_only_token"
    assert not WorkoutSession.objects.filter(user=user).exists()


def test_a_token_request_needs_no_csrf_token(api, user):
    # The ApiClient enforces CSRF checks like a browser-facing server would.
    assert api.post("/sessions", {"title": "Barn"}).status_code == 201


def test_a_cookie_request_without_csrf_is_refused(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    response = client.post("/api/v1/sessions", {"title": "Barn"}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert not WorkoutSession.objects.filter(user=user).exists()


def test_a_cookie_request_with_the_csrf_token_writes(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/settings/")  # sets the CSRF cookie, as the site's pages do
    csrf = client.cookies["csrftoken"].value
    response = client.post(
        "/api/v1/sessions",
        {"title": "Barn"},
        content_type="application/json",
        headers={"X-CSRFToken": csrf},
    )
    assert response.status_code == 201


def test_a_cookie_request_reads_without_csrf(user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.get("/api/v1/sessions").status_code == 200


def test_a_token_records_when_it_was_last_used(api, user):
    with time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False):
        api.get("/sessions")
    assert ApiToken.objects.get(user=user).last_used_at == dt.datetime(
        2026, 3, 1, 12, tzinfo=dt.UTC
    )


def test_create_api_token_prints_a_working_read_and_write_token(user, capsys):
    call_command("create_api_token", username="rocky", name="script")
    secret = capsys.readouterr().out.strip()
    token = ApiToken.objects.get(key_hash=ApiToken.hash(secret))
    assert (token.name, token.can_write) == ("script", True)


def test_create_api_token_read_only(user, capsys):
    call_command("create_api_token", username="rocky", name="sheet", read_only=True)
    secret = capsys.readouterr().out.strip()
    assert ApiToken.objects.get(key_hash=ApiToken.hash(secret)).can_write is False


def test_create_api_token_for_an_unknown_user_fails(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No user named"):
        call_command("create_api_token", username="apollo", name="x")
