import pytest
from django.conf import settings

from workouts import outbox

URL = "/accounts/login/"


def test_it_shows_the_form(client, db):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()


def test_a_successful_log_in_goes_to_today(client, user, password):
    response = client.post(URL, {"username": user.username, "password": password})
    assert response.status_code == 302
    assert response.url == "/today/"


def test_a_successful_log_in_signs_the_user_in(client, user, password):
    client.post(URL, {"username": user.username, "password": password})
    assert client.get("/today/").status_code == 200


def test_it_follows_a_safe_next_url(client, user, password):
    response = client.post(
        URL, {"username": user.username, "password": password, "next": "/plans/"}
    )
    assert response.url == "/plans/"


def test_it_ignores_a_next_url_on_another_site(client, user, password):
    response = client.post(
        URL, {"username": user.username, "password": password, "next": "https://evil.example/"}
    )
    assert response.url == "/today/"


def test_a_wrong_password_shows_an_error(client, user):
    response = client.post(URL, {"username": user.username, "password": "wrong-password"})
    assert response.status_code == 422
    assert "enter a correct username and password" in response.content.decode()


def test_a_wrong_password_does_not_sign_in(client, user):
    client.post(URL, {"username": user.username, "password": "wrong-password"})
    assert client.get("/today/").status_code == 302


def test_an_unknown_user_shows_an_error(client, db):
    response = client.post(URL, {"username": "nobody", "password": "whatever-123"})
    assert "enter a correct username and password" in response.content.decode()


def fail_until_locked(client, user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(URL, {"username": user.username, "password": "wrong-password"})


def test_repeated_failures_lock_the_account_out(client, user, password):
    fail_until_locked(client, user)
    response = client.post(URL, {"username": user.username, "password": password})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()


def test_a_locked_out_user_is_not_signed_in_even_with_the_right_password(client, user, password):
    fail_until_locked(client, user)
    client.post(URL, {"username": user.username, "password": password})
    assert client.get("/today/").status_code == 302


def test_failures_below_the_limit_do_not_lock_out(client, user, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(URL, {"username": user.username, "password": "wrong-password"})
    response = client.post(URL, {"username": user.username, "password": password})
    assert response.status_code == 302
    assert response.url == "/today/"


def test_a_lock_out_does_not_affect_another_account(client, user, other_user, password):
    fail_until_locked(client, user)
    response = client.post(URL, {"username": other_user.username, "password": password})
    assert response.status_code == 302


def test_a_logged_in_user_is_sent_to_today(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 302
    assert response.url == "/today/"


def test_logout_logs_out_on_post(auth_client):
    response = auth_client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == "/"
    assert auth_client.get("/today/").status_code == 302


def test_logout_refuses_get(auth_client):
    response = auth_client.get("/accounts/logout/")
    assert response.status_code == 405
    assert auth_client.get("/today/").status_code == 200


@pytest.mark.django_db
def test_password_reset_sends_an_email_with_a_link(client, user, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": user.email})
    outbox.wait_for_mail()
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


@pytest.mark.django_db
def test_password_reset_for_an_unknown_email_sends_nothing(client, mailoutbox):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.com"})
    outbox.wait_for_mail()
    assert response.status_code == 302
    assert mailoutbox == []
