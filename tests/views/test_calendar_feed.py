"""The private .ics feed and its token in settings."""

import datetime as dt

import pytest
from icalendar import Calendar

from tests.factories import EnrolmentFactory, finished_plan_session, plan_day
from workouts.models import Plan, Profile

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 12, 12, 0, tzinfo=UTC)  # 02:00 on 13 June in Kiritimati

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def token(user):
    profile = user.profile
    profile.time_zone = "Pacific/Kiritimati"  # already Friday 13 June there
    profile.regenerate_calendar_token()
    profile.save()
    return profile.calendar_token


@pytest.fixture
def enrolment(user):
    return EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 9))


def feed(client, token):
    response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_it_needs_no_login_and_lists_upcoming_plan_days(client, token, enrolment):
    events = feed(client, token).walk("VEVENT")
    # Kiritimati's today is 13 June: week 1 day 6 (14 June) is the first day still to come.
    dates = [event.decoded("dtstart") for event in events]
    assert dates[0] == dt.date(2025, 6, 14)
    assert len(events) == 28 - 3  # days 1, 2 and 4 of week 1 are in the past there
    assert dates == sorted(dates)


def test_an_event_has_the_title_the_exercises_and_an_all_day_date(client, token, enrolment):
    day = plan_day(enrolment, 1, 6)
    event = feed(client, token).walk("VEVENT")[0]
    assert str(event["summary"]) == day.title
    description = str(event["description"])
    for item in day.items.select_related("exercise"):
        assert item.exercise.name in description
    assert event.decoded("dtend") - event.decoded("dtstart") == dt.timedelta(days=1)
    assert isinstance(event.decoded("dtstart"), dt.date)


def test_the_feed_is_in_the_users_time_zone(client, token, enrolment):
    assert str(feed(client, token)["x-wr-timezone"]) == "Pacific/Kiritimati"


def test_done_days_are_left_out(client, token, enrolment):
    finished_plan_session(enrolment, 1, 6, NOW)  # done early
    summaries = [str(e["summary"]) for e in feed(client, token).walk("VEVENT")]
    assert plan_day(enrolment, 1, 6).title not in summaries


def test_without_a_plan_the_feed_is_empty(client, token):
    assert feed(client, token).walk("VEVENT") == []


@pytest.mark.django_db
def test_an_unknown_token_is_404(client):
    assert client.get("/calendar/not-a-real-token.ics").status_code == 404


def test_revoking_asks_first_and_keeps_the_link_until_confirmed(auth_client, client, token):
    response = auth_client.post("/settings/calendar/", {"action": "revoke"})
    assert response.status_code == 200
    assert "Revoke the calendar link?" in response.content.decode()
    assert 'name="confirm" value="yes"' in response.content.decode()
    assert client.get(f"/calendar/{token}.ics").status_code == 200


def test_a_revoked_token_is_404(auth_client, client, token):
    response = auth_client.post("/settings/calendar/", {"action": "revoke", "confirm": "yes"})
    assert response.status_code == 302
    assert Profile.objects.get(calendar_token__isnull=True)
    assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_regenerating_replaces_the_link(auth_client, user, token):
    auth_client.post("/settings/calendar/", {"action": "regenerate"})
    user.profile.refresh_from_db()
    fresh = user.profile.calendar_token
    assert fresh != token and len(fresh) >= 43  # 32 random bytes
    assert auth_client.get(f"/calendar/{token}.ics").status_code == 404
    assert auth_client.get(f"/calendar/{fresh}.ics").status_code == 200


def test_each_feed_shows_only_its_owners_plan(client, token, enrolment, other_user):
    EnrolmentFactory(
        user=other_user,
        plan=Plan.objects.get(slug="siberian-natural"),
        start_date=dt.date(2025, 6, 9),
    )
    other = other_user.profile
    other.regenerate_calendar_token()
    other.save()
    mine = {str(e["uid"]) for e in feed(client, token).walk("VEVENT")}
    theirs = {str(e["uid"]) for e in feed(client, other.calendar_token).walk("VEVENT")}
    assert mine and theirs and not mine & theirs
    assert all(uid.startswith(f"montage-{enrolment.pk}-") for uid in mine)


def test_settings_show_the_feed_url(auth_client, token):
    html = auth_client.get("/settings/").content.decode()
    assert f"http://testserver/calendar/{token}.ics" in html
    assert "Revoke link" in html


def test_settings_offer_to_create_a_link_when_there_is_none(auth_client):
    assert "Create calendar link" in auth_client.get("/settings/").content.decode()


def test_changing_the_token_rejects_get(auth_client):
    assert auth_client.get("/settings/calendar/").status_code == 405
