"""Accounts behind a TLS proxy: lock-outs follow the real client, password resets are throttled
and do the same work for known and unknown emails (the mail goes out after the response),
private pages are never cached."""

import threading

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends import locmem

from tests.factories import UserFactory
from workouts import auth, outbox

LOGIN = "/accounts/login/"
RESET = "/accounts/password_reset/"
PROXY = "10.0.0.2"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_proxy(settings):
    settings.MONTAGE_TRUSTED_PROXY_COUNT = 1


def via_proxy(client_address):
    """What the TLS proxy forwards: its own address as REMOTE_ADDR, the client's appended."""
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": client_address}


def fail(client, username, times, **meta):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-password"}, **meta)


def test_behind_a_proxy_another_clients_failures_do_not_lock_the_victim_out(
    client, user, password, settings, behind_proxy
):
    fail(client, user.username, settings.AXES_FAILURE_LIMIT + 2, **via_proxy("203.0.113.9"))
    response = client.post(
        LOGIN, {"username": user.username, "password": password}, **via_proxy("198.51.100.7")
    )
    assert response.status_code == 302


def test_behind_a_proxy_the_failing_client_is_locked_out(
    client, user, password, settings, behind_proxy
):
    fail(client, user.username, settings.AXES_FAILURE_LIMIT, **via_proxy("203.0.113.9"))
    response = client.post(
        LOGIN, {"username": user.username, "password": password}, **via_proxy("203.0.113.9")
    )
    assert response.status_code == 429


def test_a_client_cannot_dodge_the_lock_by_prepending_forwarded_addresses(
    client, user, password, settings, behind_proxy
):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": user.username, "password": "wrong-password"},
            **via_proxy(f"192.0.2.{n}, 203.0.113.9"),
        )
    response = client.post(
        LOGIN,
        {"username": user.username, "password": password},
        **via_proxy("192.0.2.99, 203.0.113.9"),
    )
    assert response.status_code == 429


def test_without_a_configured_proxy_a_forwarded_header_is_ignored():
    from django.test import RequestFactory

    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    assert auth.client_address(request) == "198.51.100.7"


def test_a_garbage_forwarded_header_falls_back_to_the_proxy_address(behind_proxy):
    from django.test import RequestFactory

    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="not-an-ip")
    assert auth.client_address(request) == PROXY


def test_an_address_failing_across_many_usernames_is_capped(
    client, user, password, settings, behind_proxy
):
    for n in range(settings.MONTAGE_LOGIN_ADDRESS_LIMIT):
        fail(client, f"guess{n}", 1, **via_proxy("203.0.113.9"))
    response = client.post(
        LOGIN, {"username": user.username, "password": password}, **via_proxy("203.0.113.9")
    )
    assert response.status_code == 429


def test_the_address_cap_leaves_other_addresses_alone(
    client, user, password, settings, behind_proxy
):
    for n in range(settings.MONTAGE_LOGIN_ADDRESS_LIMIT):
        fail(client, f"guess{n}", 1, **via_proxy("203.0.113.9"))
    response = client.post(
        LOGIN, {"username": user.username, "password": password}, **via_proxy("198.51.100.7")
    )
    assert response.status_code == 302


def test_failures_during_a_lock_out_do_not_extend_it(settings):
    assert settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT is False


def test_a_256_character_username_is_an_error_message_not_a_500(client, db):
    response = client.post(LOGIN, {"username": "u" * 256, "password": "whatever-123"})
    assert response.status_code == 422


# ---------- password reset ----------


def test_password_resets_from_one_address_are_throttled(client, db, settings):
    for n in range(settings.MONTAGE_RESET_ADDRESS_LIMIT):
        client.post(RESET, {"email": f"someone{n}@example.com"})
    response = client.post(RESET, {"email": "another@example.com"})
    assert response.status_code == 429
    assert "Too many password-reset requests" in response.content.decode()


def test_password_resets_for_one_email_are_throttled_across_addresses(client, user, settings):
    for n in range(settings.MONTAGE_RESET_EMAIL_LIMIT):
        client.post(RESET, {"email": user.email.upper()}, REMOTE_ADDR=f"192.0.2.{n}")
    outbox.wait_for_mail()
    mail.outbox.clear()
    response = client.post(RESET, {"email": user.email}, REMOTE_ADDR="198.51.100.1")
    assert response.status_code == 429
    assert mail.outbox == []


def test_a_password_reset_below_the_limits_still_sends_the_mail(client, user):
    response = client.post(RESET, {"email": user.email})
    assert response.status_code == 302
    outbox.wait_for_mail()
    assert len(mail.outbox) == 1


def expensive_steps(client, email, patch):
    """Which costly steps a reset request ran: token made, mail rendered."""
    with patch.context() as monkeypatch:
        return _steps(client, email, monkeypatch)


def _steps(client, email, monkeypatch):
    steps = []
    real_token = default_token_generator.make_token

    def token(user):
        steps.append("token")
        return real_token(user)

    monkeypatch.setattr(default_token_generator, "make_token", token)
    real_render = auth.render_reset_mail

    def render(*args, **kwargs):
        steps.append("render")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(auth, "render_reset_mail", render)
    client.post(RESET, {"email": email})
    return steps


def test_known_and_unknown_emails_run_the_same_expensive_steps(client, user, monkeypatch):
    known = expensive_steps(client, user.email, monkeypatch)
    unknown = expensive_steps(client, "nobody@example.com", monkeypatch)
    assert known == unknown == ["token", "render"]


def test_an_unknown_email_gets_no_mail(client, db):
    client.post(RESET, {"email": "nobody@example.com"})
    outbox.wait_for_mail()
    assert mail.outbox == []


class HeldMailBackend(locmem.EmailBackend):
    """A slow mail server: takes the mail (into mail.outbox) only once `release` is set, or after
    five seconds."""

    release = threading.Event()

    def send_messages(self, messages):
        self.release.wait(timeout=5)
        return super().send_messages(messages)


@pytest.fixture
def slow_mail_server(settings):
    HeldMailBackend.release.clear()
    settings.EMAIL_BACKEND = f"{__name__}.HeldMailBackend"
    yield
    HeldMailBackend.release.set()


def test_a_password_reset_answers_before_the_mail_server_takes_the_mail(
    client, user, slow_mail_server
):
    response = client.post(RESET, {"email": user.email})
    assert response.status_code == 302
    assert mail.outbox == []


class BrokenMailBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


def test_a_reset_mail_that_fails_to_send_is_logged_with_its_traceback(
    client, user, settings, caplog
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenMailBackend"
    client.post(RESET, {"email": user.email})
    outbox.wait_for_mail()
    failures = [r for r in caplog.records if r.levelname == "ERROR" and r.exc_info]
    assert [str(r.exc_info[1]) for r in failures] == ["the mail server is down"]


# ---------- caching ----------


def test_a_page_for_a_logged_in_user_is_private_and_not_stored(auth_client):
    cache_control = auth_client.get("/today/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_a_redirect_for_a_logged_in_user_is_not_stored_either(auth_client):
    response = auth_client.post("/sessions/new/", {"title": "Barn"})
    assert "no-store" in response["Cache-Control"]


def test_a_public_page_for_a_visitor_is_not_marked_private(client, db):
    assert "private" not in client.get("/").get("Cache-Control", "")


def test_several_users_do_not_share_a_page(client, db):
    client.force_login(UserFactory())
    assert "no-store" in client.get("/dashboard/")["Cache-Control"]


# ---------- the TLS proxy's scheme header ----------


def proxy_ssl_header(tmp_path, **env):
    from tests.test_security import manage, production_env

    result = manage(
        production_env(tmp_path, **env),
        "shell",
        "-c",
        "from django.conf import settings; "
        "print(getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))",
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_forwarded_scheme_is_not_trusted_without_a_proxy(tmp_path):
    assert proxy_ssl_header(tmp_path) == "None"


def test_the_forwarded_scheme_is_trusted_behind_a_configured_proxy(tmp_path):
    assert proxy_ssl_header(tmp_path, MONTAGE_TRUSTED_PROXY_COUNT="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_a_vague_proxy_count_refuses_to_start(tmp_path):
    from tests.test_security import manage, production_env

    result = manage(production_env(tmp_path, MONTAGE_TRUSTED_PROXY_COUNT="yes"), "check")
    assert result.returncode != 0
    assert "MONTAGE_TRUSTED_PROXY_COUNT" in result.stderr


def test_a_hung_mail_server_gives_up_within_seconds(settings):
    from django.core.mail import get_connection

    smtp = get_connection("django.core.mail.backends.smtp.EmailBackend")
    assert 0 < smtp.timeout <= 30
