import datetime as dt

import pytest

from tests.factories import SessionFactory
from workouts.models import Quote, QuoteUnlock

URL = "/quotes/"
# 23:30 on 24 December in Los Angeles, already 25 December in UTC.
UNLOCKED_AT = dt.datetime(2025, 12, 25, 7, 30, tzinfo=dt.UTC)


def unlock(user, rule, session=None):
    return QuoteUnlock.objects.create(
        user=user, quote=Quote.objects.get(rule=rule), unlocked_at=UNLOCKED_AT, session=session
    )


@pytest.fixture
def first(user):
    session = SessionFactory(user=user, title="Barn strength")
    return unlock(user, "first_session", session)


def test_it_rejects_post(auth_client):
    assert auth_client.post(URL).status_code == 405


def test_it_shows_an_unlocked_quote_with_its_speaker_and_scene(auth_client, first):
    html = auth_client.get(URL).content.decode()
    assert "You know what you gotta do. Now do it." in html
    assert "Duke" in html
    assert "arriving in Russia" in html


def test_it_links_an_unlocked_quote_to_the_session_that_earned_it(auth_client, first):
    html = auth_client.get(URL).content.decode()
    assert f'href="/sessions/{first.session_id}/"' in html
    assert "Barn strength" in html


def test_an_unlock_whose_session_was_deleted_still_shows(auth_client, first):
    first.session.delete()
    html = auth_client.get(URL).content.decode()
    assert "You know what you gotta do. Now do it." in html


def test_the_unlock_date_is_shown_in_the_users_time_zone(auth_client, user, first):
    user.profile.time_zone = "America/Los_Angeles"
    user.profile.save()
    html = auth_client.get(URL).content.decode()
    assert "24 Dec 2025" in html
    assert "25 Dec 2025" not in html


def test_a_locked_quote_shows_its_hint_but_not_its_words(auth_client):
    html = auth_client.get(URL).content.decode()
    assert "Train on 30 days in a row." in html
    assert "I cannot be defeated." not in html


def test_it_counts_unlocked_of_all_quotes(auth_client, first):
    response = auth_client.get(URL)
    total = Quote.objects.count()
    assert (response.context["unlocked_count"], response.context["total"]) == (1, total)
    assert f"1 of {total}" in response.content.decode()


def test_every_quote_is_either_unlocked_or_locked(auth_client, first):
    response = auth_client.get(URL)
    shown = len(response.context["unlocked"]) + len(response.context["locked"])
    assert shown == Quote.objects.count()


def test_another_users_unlocks_are_never_shown(auth_client, other_user):
    unlock(other_user, "streak_30", SessionFactory(user=other_user, title="Drago lab"))
    response = auth_client.get(URL)
    html = response.content.decode()
    assert "I cannot be defeated." not in html
    assert "Drago lab" not in html
    assert response.context["unlocked_count"] == 0


def test_the_query_count_does_not_grow_with_unlocks(
    auth_client, user, django_assert_max_num_queries
):
    for quote in Quote.objects.all():
        QuoteUnlock.objects.create(
            user=user, quote=quote, unlocked_at=UNLOCKED_AT, session=SessionFactory(user=user)
        )
    with django_assert_max_num_queries(6):
        assert auth_client.get(URL).status_code == 200


def test_a_pound_and_mile_user_reads_the_hints_in_their_units(auth_client, user):
    user.profile.weight_unit, user.profile.distance_unit = "lb", "mi"
    user.profile.save()
    html = auth_client.get(URL).content.decode()
    assert "10 tonnes" not in html and "42 km" not in html
    assert "22,046 lb" in html and "26.1 mi" in html
