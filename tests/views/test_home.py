import pytest


@pytest.mark.django_db
def test_anonymous_sees_what_montage_is(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "training log" in response.content.decode()


@pytest.mark.django_db
def test_anonymous_sees_both_paths(client):
    html = client.get("/").content.decode()
    assert "Siberian natural" in html
    assert "Drago high-tech" in html


@pytest.mark.django_db
def test_anonymous_is_invited_to_sign_up(client):
    html = client.get("/").content.decode()
    assert 'href="/accounts/signup/"' in html


def test_logged_in_user_goes_to_today(auth_client):
    response = auth_client.get("/")
    assert response.status_code == 302
    assert response.url == "/today/"


@pytest.mark.django_db
def test_home_rejects_post(client):
    assert client.post("/").status_code == 405


@pytest.mark.django_db
def test_today_sends_anonymous_to_login(client):
    response = client.get("/today/")
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/today/"


def test_today_shows_a_placeholder_pointing_to_the_plans(auth_client):
    response = auth_client.get("/today/")
    assert response.status_code == 200
    assert 'href="/plans/"' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/sessions/",
        "/dashboard/",
        "/quotes/",
        "/settings/",
        "/exercises/",
        "/exercises/new/",
        "/plans/siberian-natural/enrol/",
        "/accounts/password_change/",
    ],
)
def test_every_page_but_home_auth_and_plans_requires_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
