"""The JSON export: everything of one user, in the documented structure, deterministic, and
read in chunks whose queries do not grow with the history."""

import datetime as dt
import inspect
import json

import pytest

from tests.factories import SetFactory, UserFactory, build_history
from tests.transfer import schema
from tests.transfer.histories import NOTE, NOW, full_history, logged_session
from workouts.models import Exercise, LoggedSet, QuoteUnlock, WorkoutSession
from workouts.transfer.export import Exporter, export_json

pytestmark = pytest.mark.django_db


def exported(user, **options):
    return json.loads(export_json(user, now=NOW, **options))


@pytest.fixture
def history(user):
    return full_history(user)


def all_sets(document):
    return [
        logged
        for session in document["sessions"]
        for entry in session["entries"]
        for logged in entry["sets"]
    ]


def test_an_empty_account_exports_a_valid_document(user):
    assert schema.problems(exported(user)) == []


def test_a_full_history_matches_the_documented_structure(user, history):
    assert schema.problems(exported(user)) == []


def test_it_names_its_format_and_version(user):
    document = exported(user)
    assert (document["format"], document["version"]) == ("montage", 1)


def test_the_export_time_is_utc(user):
    assert exported(user)["exported_at"] == "2026-03-02T18:00:00Z"


def test_the_profile_settings_are_exported(user):
    user.profile.weight_unit, user.profile.time_zone, user.profile.week_start = (
        "lb",
        "America/Los_Angeles",
        6,
    )
    user.profile.default_rest_s = 120
    user.profile.save()
    assert exported(user)["profile"] == {
        "weight_unit": "lb",
        "distance_unit": "km",
        "time_zone": "America/Los_Angeles",
        "week_start": 6,
        "default_rest_s": 120,
    }


def test_the_calendar_token_stays_out_of_the_export(user):
    user.profile.calendar_token = "secret-feed-token-123"
    user.profile.save()
    assert "secret-feed-token-123" not in export_json(user, now=NOW)


def test_own_exercises_are_exported_with_their_measures(user, history):
    assert exported(user)["exercises"] == [
        {
            "name": "Log carry, uphill",
            "style": "natural",
            "category": "conditioning",
            "equipment": "log",
            "howto": "Carry it.",
            "measures_reps": False,
            "measures_load": True,
            "measures_duration": False,
            "measures_distance": True,
            "reads_force": False,
            "reads_power": False,
            "reads_heart_rate": True,
        }
    ]


def test_entries_refer_to_builtins_by_slug_and_own_exercises_by_name(user, history):
    first = exported(user)["sessions"][0]
    assert [entry["exercise"] for entry in first["entries"]] == [
        {"slug": "bench-press"},
        {"name": "Log carry, uphill"},
    ]


def test_sessions_are_in_time_order_with_keys_counting_from_one(user, history):
    sessions = exported(user)["sessions"]
    assert [session["key"] for session in sessions] == [1, 2, 3, 4]
    starts = [session["started_at"] for session in sessions]
    assert starts == sorted(starts)


def test_a_session_keeps_its_title_notes_rpe_and_times(user, history):
    first = exported(user)["sessions"][0]
    assert (first["title"], first["notes"], first["rpe"]) == ("Barn, strength", NOTE, 8)
    assert (first["started_at"], first["finished_at"]) == (
        "2026-02-10T18:00:00Z",
        "2026-02-10T19:00:00Z",
    )


def test_an_unfinished_session_has_no_finish_time(user, history):
    unfinished = [s for s in exported(user)["sessions"] if s["title"] == "Still going"]
    assert unfinished[0]["finished_at"] is None


def test_every_set_field_is_exported_in_si_units(user, history):
    sets = exported(user)["sessions"][0]["entries"][0]["sets"]
    assert sets[1] == {
        "position": 2,
        "logged_at": "2026-02-10T18:02:00Z",
        "kind": "working",
        "is_warmup": False,
        "reps": 5,
        "load_kg": 100.0,
        "duration_s": None,
        "distance_m": None,
        "force_psi": None,
        "power_w": None,
        "heart_rate_bpm": None,
        "rpe": 8.5,
        "note": NOTE,
    }


def test_a_load_entered_in_pounds_keeps_every_digit_of_its_kilograms(user, history):
    sets = exported(user)["sessions"][0]["entries"][0]["sets"]
    assert sets[2]["load_kg"] == 102.0583


def test_a_warm_up_is_marked_as_one(user, history):
    warmup = exported(user)["sessions"][0]["entries"][0]["sets"][0]
    assert (warmup["kind"], warmup["is_warmup"]) == ("warmup", True)


def test_readings_are_exported(user, history):
    punch = exported(user)["sessions"][1]["entries"][1]["sets"][0]
    assert (punch["force_psi"], punch["power_w"]) == (1850, 640)


def test_every_logged_set_is_in_the_export(user, history):
    assert len(all_sets(exported(user))) == LoggedSet.objects.filter(user=user).count() == 8


def test_body_weight_is_exported_in_date_order(user, history):
    assert exported(user)["body_weight"] == [
        {"date": "2026-02-01", "weight_kg": 85.0},
        {"date": "2026-02-10", "weight_kg": 84.2},
    ]


def test_an_enrolment_is_exported_with_its_skipped_days(user, history):
    enrolment = exported(user)["enrolments"][0]
    assert (enrolment["key"], enrolment["plan"], enrolment["status"]) == (
        1,
        "siberian-natural",
        "active",
    )
    assert enrolment["start_date"] == "2026-02-25"
    assert [(day["week"], day["day"]) for day in enrolment["skipped_days"]] == [(1, 2)]


def test_a_plan_session_points_at_its_enrolment_plan_day_and_items(user, history):
    plan_session = [s for s in exported(user)["sessions"] if s["plan_day"]][0]
    assert plan_session["enrolment"] == 1
    assert plan_session["plan_day"] == {"plan": "siberian-natural", "week": 1, "day": 1}
    assert plan_session["entries"][0]["plan_item"] == {
        "plan": "siberian-natural",
        "week": 1,
        "day": 1,
        "order": 0,
    }


def test_unlocked_quotes_are_exported_with_their_dates_and_sessions(user, history):
    document = exported(user)
    unlock = QuoteUnlock.objects.filter(user=user, quote__rule="first_session").get()
    quotes = {quote["rule"]: quote for quote in document["quotes"]}
    assert quotes["first_session"] == {
        "number": unlock.quote.number,
        "rule": "first_session",
        "unlocked_at": "2026-02-10T19:00:00Z",
        "session": 1,
    }
    assert len(document["quotes"]) == QuoteUnlock.objects.filter(user=user).count()


def test_timestamps_keep_their_microseconds(user, bench):
    started = dt.datetime(2026, 1, 5, 7, 30, 1, 250000, tzinfo=dt.UTC)
    logged_session(user, started, [(bench, {"reps": 1, "load_kg": 20.0})])
    assert exported(user)["sessions"][0]["started_at"] == "2026-01-05T07:30:01.250000Z"


def test_another_users_data_never_appears(user, other_user, history):
    full_history(other_user, now=NOW - dt.timedelta(days=1))
    Exercise.objects.filter(owner=other_user).update(name="Drago's secret lift")
    WorkoutSession.objects.filter(user=other_user).update(title="Drago's secret session")
    text = export_json(user, now=NOW)
    assert "Drago's secret" not in text
    assert len(json.loads(text)["sessions"]) == 4


def test_the_same_data_exports_to_the_same_bytes(user, history):
    assert export_json(user, now=NOW) == export_json(user, now=NOW)


def test_the_chunk_size_does_not_change_the_output(user, history):
    assert export_json(user, now=NOW, chunk=1) == export_json(user, now=NOW)


def test_each_session_stands_on_its_own_line(user, history):
    lines = export_json(user, now=NOW).splitlines()
    session_lines = [line for line in lines if line.startswith('{"key":') and '"title"' in line]
    assert len(session_lines) == 4
    assert json.loads(session_lines[0].rstrip(","))["title"] == "Barn, strength"


def test_the_export_is_a_stream_of_chunks(user, history):
    chunks = Exporter(user, now=NOW, chunk=1).json_chunks()
    assert inspect.isgenerator(chunks)
    assert len(list(chunks)) > 4


def count_queries(user, chunk):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        for _ in Exporter(user, now=NOW, chunk=chunk).json_chunks():
            pass
    return len(captured.captured_queries)


def test_queries_per_chunk_do_not_grow_with_the_history(user, bench):
    build_history(user, bench, sessions=4, sets=3, before=NOW)
    four = count_queries(user, chunk=4)
    build_history(user, bench, sessions=12, sets=5, before=NOW - dt.timedelta(days=30))
    sixteen = count_queries(user, chunk=4)
    # 4 sessions are one chunk, 16 are four: three more chunks of 3 queries each.
    assert sixteen == four + 3 * 3


def test_a_long_history_in_one_chunk_costs_the_same_queries_as_a_short_one(user, bench):
    build_history(user, bench, sessions=2, sets=2, before=NOW)
    short = count_queries(user, chunk=200)
    build_history(user, bench, sessions=40, sets=5, before=NOW - dt.timedelta(days=5))
    assert count_queries(user, chunk=200) == short


def test_a_set_of_an_exercise_the_user_cannot_see_still_exports_by_name(user, other_user):
    stray = Exercise.objects.create(owner=other_user, name="Borrowed lift", measures_load=True)
    session = logged_session(user, NOW - dt.timedelta(days=1), [])
    SetFactory(entry__session=session, entry__exercise=stray, reps=3, load_kg=50.0)
    entry = exported(user)["sessions"][0]["entries"][0]
    assert entry["exercise"] == {"name": "Borrowed lift"}


def test_a_user_made_by_the_factory_elsewhere_exports_alone(db):
    lonely = UserFactory(username="apollo")
    assert exported(lonely)["account"]["username"] == "apollo"
