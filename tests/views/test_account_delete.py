"""/settings/delete/: delete my account, and with it everything of mine, in every table."""

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.db import models
from django.test import Client

from tests.factories import PASSWORD, ExerciseFactory, UserFactory
from tests.transfer.histories import NOW, full_history, logged_session
from workouts import accounts
from workouts.models import Exercise, LoggedSet, WorkoutSession

pytestmark = pytest.mark.django_db
URL = "/settings/delete/"


def delete_me(client, password=PASSWORD):
    return client.post(URL, {"password": password})


def every_row():
    """{model label: set of primary keys} over every installed model, auth, sessions and axes
    included."""
    return {
        model._meta.label: set(model._default_manager.values_list("pk", flat=True))
        for model in apps.get_models()
    }


def rows_pointing_at(user_id):
    """Rows of any model with a foreign key (or one-to-one) to this user."""
    found = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and model._default_manager.filter(**{field.name: user_id}).exists()
            ):
                found.append(f"{model._meta.label}.{field.name}")
    return found


def logged_in_client(username):
    client = Client()
    response = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def test_anonymous_is_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/settings/delete/"


def test_the_page_offers_the_export_first(auth_client):
    html = auth_client.get(URL).content.decode()
    assert html.index('href="/data/export.json"') < html.index('name="password"')
    assert 'href="/data/export.csv"' in html


def test_the_page_asks_for_the_password(auth_client):
    html = auth_client.get(URL).content.decode()
    assert 'type="password" name="password"' in html


def test_a_wrong_password_is_refused_next_to_the_field(auth_client, field_error):
    response = delete_me(auth_client, "wrong-password")
    assert response.status_code == 422
    assert field_error(response, "password") == (
        "That is not your password. Nothing has been deleted."
    )


def test_a_wrong_password_deletes_nothing(auth_client, user, bench):
    logged_session(user, NOW, [(bench, {"reps": 5, "load_kg": 80.0})])
    delete_me(auth_client, "wrong-password")
    assert User.objects.filter(pk=user.pk).exists()
    assert LoggedSet.objects.filter(user=user).count() == 1


def test_an_empty_password_is_refused_next_to_the_field(auth_client, user, field_error):
    response = delete_me(auth_client, "")
    assert response.status_code == 422
    assert field_error(response, "password") == "This field is required."
    assert User.objects.filter(pk=user.pk).exists()


def test_the_right_password_deletes_the_user(auth_client, user):
    delete_me(auth_client)
    assert not User.objects.filter(pk=user.pk).exists()


def test_after_deleting_the_user_lands_on_the_home_page_logged_out(auth_client):
    response = delete_me(auth_client)
    assert (response.status_code, response.url) == (302, "/")
    assert auth_client.get("/settings/").status_code == 302


def test_after_deleting_the_user_is_told_it_is_done(auth_client):
    response = delete_me(auth_client, PASSWORD)
    html = auth_client.get(response.url).content.decode()
    assert "Your account and everything in it have been deleted." in html


def test_a_user_who_logged_their_own_exercise_can_delete_their_account(auth_client, user):
    own = ExerciseFactory(owner=user, name="Log carry")
    logged_session(user, NOW, [(own, {"reps": 5, "load_kg": 80.0})])
    delete_me(auth_client)
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Exercise.objects.filter(pk=own.pk).exists()


def test_nothing_of_the_user_is_left_in_any_table(other_user):
    full_history(other_user, now=NOW - dt.timedelta(days=1))
    other_device = logged_in_client("drago")
    before = every_row()

    user = UserFactory(username="rocky")
    full_history(user)
    phone = logged_in_client("rocky")
    laptop = logged_in_client("rocky")
    Client().post("/accounts/login/", {"username": "rocky", "password": "wrong"})  # axes rows
    assert AccessAttempt.objects.filter(username="rocky").exists()
    # Off in our settings (AXES_ENABLE_ACCESS_FAILURE_LOG); a deployment may turn it on.
    AccessFailureLog.objects.create(
        username="rocky",
        ip_address="127.0.0.1",
        user_agent="x",
        path_info="/accounts/login/",
        http_accept="*/*",
    )
    assert AccessLog.objects.filter(username="rocky").exists()

    user_id = str(user.pk)
    assert delete_me(laptop).status_code == 302
    assert rows_pointing_at(int(user_id)) == []
    assert [
        s.pk for s in Session.objects.all() if s.get_decoded().get("_auth_user_id") == user_id
    ] == []
    after = every_row()
    # The farewell message waits in a new, anonymous session: nothing of the user's.
    farewell = {s.pk for s in Session.objects.all() if set(s.get_decoded()) == {"_messages"}}
    after["sessions.Session"] -= farewell
    changed = {
        label: (before[label] - after[label], after[label] - before[label])
        for label in before
        if before[label] != after[label]
    }
    assert changed == {}
    assert phone.get("/settings/").status_code == 302  # logged out there too
    assert other_device.get("/settings/").status_code == 200


def test_another_users_data_is_untouched(auth_client, user, other_user):
    full_history(other_user)
    sessions = WorkoutSession.objects.filter(user=other_user).count()
    sets = LoggedSet.objects.filter(user=other_user).count()
    delete_me(auth_client)
    assert WorkoutSession.objects.filter(user=other_user).count() == sessions
    assert LoggedSet.objects.filter(user=other_user).count() == sets
    assert Exercise.objects.filter(owner=other_user).count() == 1


def test_a_failure_midway_deletes_nothing(user, bench, monkeypatch):
    logged_session(user, NOW, [(bench, {"reps": 5, "load_kg": 80.0})])

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Session.objects, "iterator", broken)
    pk = user.pk
    with pytest.raises(RuntimeError):
        accounts.delete_account(user)
    assert User.objects.filter(pk=pk).exists()
    assert WorkoutSession.objects.filter(user_id=pk).count() == 1


def test_deleting_one_account_leaves_a_same_named_stranger_alone(db):
    UserFactory(username="rocky2")
    victim = UserFactory(username="rocky")
    accounts.delete_account(victim)
    assert list(User.objects.values_list("username", flat=True)) == ["rocky2"]
