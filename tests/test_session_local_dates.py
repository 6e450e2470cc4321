"""Each session's local date and minutes, stored at write time in the user's zone (issue 15):
the dashboard reads them instead of converting every session's timestamps per request."""

import datetime as dt

import pytest

from tests.factories import SessionFactory, UserFactory
from workouts import integrity
from workouts.dashboard import queries
from workouts.logbook import actions
from workouts.models import Profile, WorkoutSession

# 20:30 UTC on 2 March is already 3 March in Tokyo (UTC+9).
NOW = dt.datetime(2026, 3, 2, 20, 30, tzinfo=dt.UTC)


@pytest.fixture
def tokyo(db):
    user = UserFactory(username="rocky")
    Profile.objects.filter(user=user).update(time_zone="Asia/Tokyo")
    return user


def stored(session):
    return WorkoutSession.objects.values_list("local_date", "minutes").get(pk=session.pk)


def test_a_new_session_stores_its_local_date_in_the_users_zone(tokyo):
    session = actions.start_session(tokyo, NOW)
    assert stored(session) == (dt.date(2026, 3, 3), None)


def test_finishing_stores_the_minutes(tokyo):
    session = actions.start_session(tokyo, NOW)
    actions.finish_session(session, NOW + dt.timedelta(minutes=45))
    assert stored(session) == (dt.date(2026, 3, 3), 45.0)


def test_moving_the_start_moves_the_local_date(tokyo):
    session = actions.start_session(tokyo, NOW)
    actions.update_session(session, {"started_at": NOW - dt.timedelta(hours=12)}, NOW)
    assert stored(session)[0] == dt.date(2026, 3, 2)


def test_changing_the_zone_in_settings_moves_every_sessions_date(tokyo, client):
    session = actions.start_session(tokyo, NOW)
    client.force_login(tokyo)
    response = client.post(
        "/settings/",
        {
            "weight_unit": "kg",
            "distance_unit": "km",
            "time_zone": "America/Los_Angeles",
            "week_start": "0",
            "default_rest_s": "90",
        },
    )
    assert response.status_code == 302
    assert stored(session)[0] == dt.date(2026, 3, 2)  # 12:30 in Los Angeles
    assert integrity.drift() == []


def test_the_dashboard_counts_a_session_on_its_stored_date(tokyo):
    session = actions.start_session(tokyo, NOW)
    actions.finish_session(session, NOW + dt.timedelta(minutes=30))
    WorkoutSession.objects.filter(pk=session.pk).update(local_date=dt.date(2026, 1, 1))
    rows = queries.session_rows(tokyo, Profile.objects.get(user=tokyo).zone)
    assert [(row.day, row.minutes) for row in rows] == [(dt.date(2026, 1, 1), 30.0)]


def test_a_session_written_without_its_date_is_still_dated_on_the_dashboard(tokyo):
    session = SessionFactory(user=tokyo, started_at=NOW, finished_at=NOW + dt.timedelta(hours=1))
    WorkoutSession.objects.filter(pk=session.pk).update(local_date=None, minutes=None)
    rows = queries.session_rows(tokyo, Profile.objects.get(user=tokyo).zone)
    assert [(row.day, row.minutes) for row in rows] == [(dt.date(2026, 3, 3), 60.0)]


def test_check_reports_a_stale_local_date(tokyo):
    session = actions.start_session(tokyo, NOW)
    Profile.objects.filter(user=tokyo).update(time_zone="UTC")  # around the actions
    found = integrity.drift()
    assert [(d.row, d.field, d.expected, d.stored) for d in found] == [
        (f"WorkoutSession {session.pk}", "local_date", dt.date(2026, 3, 2), dt.date(2026, 3, 3))
    ]


def test_rebuild_restamps_the_sessions(tokyo):
    session = actions.start_session(tokyo, NOW)
    Profile.objects.filter(user=tokyo).update(time_zone="UTC")
    integrity.rebuild()
    assert stored(session)[0] == dt.date(2026, 3, 2)
    assert integrity.drift() == []


def test_an_import_that_adopts_a_zone_moves_the_existing_sessions(tokyo):
    from workouts.transfer import importer
    from workouts.transfer.formats.base import Parsed

    session = actions.start_session(tokyo, NOW)
    parsed = Parsed(source="montage", label="Montage", profile={"time_zone": "America/Los_Angeles"})
    importer.commit(tokyo, parsed, {}, adopt_profile=True)
    assert stored(session)[0] == dt.date(2026, 3, 2)
