URL = "/accounts/password_change/"
NEW = "treadmill-and-ergometer-86"


def form(old, new=NEW, confirm=None):
    return {"old_password": old, "new_password1": new, "new_password2": confirm or new}


def test_it_shows_the_form(auth_client):
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert 'name="old_password"' in response.content.decode()


def test_it_changes_the_password(auth_client, user, password):
    response = auth_client.post(URL, form(password))
    assert response.status_code == 302
    assert response.url == "/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password(NEW)


def test_the_user_stays_logged_in_after_the_change(auth_client, password):
    auth_client.post(URL, form(password))
    assert auth_client.get("/today/").status_code == 200


def test_the_done_page_confirms_the_change(auth_client):
    response = auth_client.get("/accounts/password_change/done/")
    assert "Password changed" in response.content.decode()


def test_a_wrong_old_password_is_rejected_beside_the_field(
    auth_client, user, password, field_error
):
    response = auth_client.post(URL, form("not-my-password"))
    assert response.status_code == 422
    assert "incorrectly" in field_error(response, "old_password")
    user.refresh_from_db()
    assert user.check_password(password)


def test_a_weak_new_password_is_rejected_beside_the_field(auth_client, user, password, field_error):
    response = auth_client.post(URL, form(password, new="12345678"))
    assert "too common" in field_error(response, "new_password2")
    user.refresh_from_db()
    assert user.check_password(password)


def test_mismatched_new_passwords_are_rejected(auth_client, user, password, field_error):
    response = auth_client.post(URL, form(password, confirm="something-else-99"))
    assert "didn’t match" in field_error(response, "new_password2")
    user.refresh_from_db()
    assert user.check_password(password)
