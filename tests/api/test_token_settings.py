"""Settings → API tokens: create one (shown once), see it listed with its last use, revoke it."""

import pytest

from workouts.models import ApiToken

pytestmark = pytest.mark.django_db


def create(client, name="watch app", scope="read"):
    return client.post(
        "/settings/api-tokens/", {"token-name": name, "token-scope": scope}, follow=True
    )


def test_creating_a_token_shows_its_secret_once(auth_client, user):
    page = create(auth_client).content.decode()
    token = ApiToken.objects.get(user=user)
    secret = page.split('id="api-token-secret" class="feed-url" readonly value="')[1].split('"')[0]
    assert ApiToken.hash(secret) == token.key_hash
    assert secret not in auth_client.get("/settings/").content.decode()


def test_a_created_token_has_the_chosen_scope(auth_client, user):
    create(auth_client, scope="write")
    assert ApiToken.objects.get(user=user).can_write is True


def test_the_settings_page_lists_tokens_with_last_use(auth_client, user):
    token, _secret = ApiToken.issue(user, "spreadsheet", can_write=False)
    page = auth_client.get("/settings/").content.decode()
    assert "spreadsheet" in page
    assert token.hint in page
    assert "Never" in page


def test_a_token_without_a_name_is_rejected_beside_the_field(auth_client, user, field_error):
    response = create(auth_client, name="  ")
    assert response.status_code == 422
    assert field_error(response, "token-name")
    assert not ApiToken.objects.exists()


def test_revoking_a_token_deletes_it(auth_client, user):
    token, _secret = ApiToken.issue(user, "watch", can_write=True)
    auth_client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_another_users_token_cannot_be_revoked(auth_client, other_user):
    token, _secret = ApiToken.issue(other_user, "drago's", can_write=True)
    response = auth_client.post(f"/settings/api-tokens/{token.pk}/revoke/")
    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.post("/settings/api-tokens/", {"token-name": "x", "token-scope": "read"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
