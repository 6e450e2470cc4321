import pytest
from django.contrib.auth.models import User

URL = "/accounts/signup/"
GOOD = "sled-and-summit-1985"


def form(**overrides):
    data = {
        "username": "ivan",
        "email": "ivan@example.com",
        "password1": GOOD,
        "password2": GOOD,
        "time_zone": "Europe/Moscow",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_it_shows_the_form(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()


@pytest.mark.django_db
def test_it_creates_the_account(client):
    client.post(URL, form())
    user = User.objects.get(username="ivan")
    assert user.check_password(GOOD)
    assert user.email == "ivan@example.com"


@pytest.mark.django_db
def test_it_logs_the_new_user_in_and_sends_them_to_today(client):
    response = client.post(URL, form())
    assert response.status_code == 302
    assert response.url == "/today/"
    assert client.get("/today/").context["user"].username == "ivan"


@pytest.mark.django_db
def test_it_stores_the_time_zone_from_the_browser(client):
    client.post(URL, form())
    assert User.objects.get(username="ivan").profile.time_zone == "Europe/Moscow"


@pytest.mark.django_db
def test_an_unknown_browser_time_zone_falls_back_to_utc(client):
    client.post(URL, form(time_zone="Mars/Olympus_Mons"))
    assert User.objects.get(username="ivan").profile.time_zone == "UTC"


@pytest.mark.django_db
def test_a_missing_browser_time_zone_falls_back_to_utc(client):
    client.post(URL, form(time_zone=""))
    assert User.objects.get(username="ivan").profile.time_zone == "UTC"


@pytest.mark.django_db
def test_email_is_optional(client):
    client.post(URL, form(email=""))
    assert User.objects.filter(username="ivan").exists()


@pytest.mark.django_db
def test_mismatched_passwords_are_rejected_beside_the_field(client, field_error):
    response = client.post(URL, form(password2="something-else-entirely"))
    assert response.status_code == 422
    assert "didn’t match" in field_error(response, "password2")
    assert not User.objects.filter(username="ivan").exists()


@pytest.mark.django_db
def test_a_common_password_is_rejected(client, field_error):
    response = client.post(URL, form(password1="password123", password2="password123"))
    assert response.status_code == 422
    assert "too common" in field_error(response, "password2")
    assert not User.objects.filter(username="ivan").exists()


@pytest.mark.django_db
def test_a_short_password_is_rejected(client, field_error):
    response = client.post(URL, form(password1="x7#q", password2="x7#q"))
    assert response.status_code == 422
    assert "too short" in field_error(response, "password2")


@pytest.mark.django_db
def test_a_taken_username_is_rejected(client, user, field_error):
    response = client.post(URL, form(username=user.username))
    assert response.status_code == 422
    assert "already exists" in field_error(response, "username")
    assert User.objects.filter(username=user.username).count() == 1


@pytest.mark.django_db
def test_a_taken_username_in_other_case_is_rejected(client, user, field_error):
    response = client.post(URL, form(username=user.username.upper()))
    assert response.status_code == 422
    assert field_error(response, "username")
    assert not User.objects.filter(username=user.username.upper()).exists()


@pytest.mark.django_db
def test_a_bad_email_is_rejected(client, field_error):
    response = client.post(URL, form(email="not-an-email"))
    assert response.status_code == 422
    assert "valid email" in field_error(response, "email")


@pytest.mark.django_db
def test_a_failed_signup_keeps_what_was_typed(client):
    response = client.post(URL, form(password2="nope-nope-nope"))
    assert 'value="ivan"' in response.content.decode()


def test_a_logged_in_user_is_sent_to_today(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 302
    assert response.url == "/today/"


def test_a_logged_in_user_cannot_create_another_account(auth_client):
    auth_client.post(URL, form())
    assert not User.objects.filter(username="ivan").exists()


@pytest.mark.django_db
def test_it_rejects_other_methods(client):
    assert client.put(URL).status_code == 405
