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


def test_today_shows_a_placeholder_pointing_to_the_plans(auth_client):
    response = auth_client.get("/today/")
    assert response.status_code == 200
    assert 'href="/plans/"' in response.content.decode()
