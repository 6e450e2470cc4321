"""Site-wide request handling."""

from tests.factories import EntryFactory


def test_an_htmx_request_after_the_login_expired_redirects_the_whole_page(client, db):
    entry = EntryFactory()
    response = client.post(f"/entries/{entry.pk}/sets/", {}, headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == f"/accounts/login/?next=/entries/{entry.pk}/sets/"


def test_a_plain_request_after_the_login_expired_is_an_ordinary_redirect(client, db):
    entry = EntryFactory()
    response = client.post(f"/entries/{entry.pk}/sets/", {})
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next=/entries/{entry.pk}/sets/"


def test_other_htmx_redirects_are_left_alone(auth_client, user):
    response = auth_client.post(
        "/sessions/new/", {"title": "Snow run"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 302
