"""The CSV export: one row per set, units in the column names, readable by a spreadsheet."""

import csv
import datetime as dt
import inspect
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import build_history
from tests.transfer.histories import NOTE, NOW, full_history, logged_session
from workouts.models import LoggedSet, WorkoutSession
from workouts.transfer.export import CSV_COLUMNS, Exporter, export_csv, export_json

pytestmark = pytest.mark.django_db

HEADER = [
    "session_key",
    "session_title",
    "session_started_at",
    "session_finished_at",
    "session_local_date",
    "session_notes",
    "session_rpe",
    "exercise_slug",
    "exercise_name",
    "own_exercise",
    "entry_order",
    "entry_note",
    "set_position",
    "set_logged_at",
    "set_kind",
    "reps",
    "load_kg",
    "duration_s",
    "distance_m",
    "force_psi",
    "power_w",
    "heart_rate_bpm",
    "rpe",
    "note",
]


def rows(user, **options):
    text = export_csv(user, **options)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:], newline="")))


@pytest.fixture
def history(user):
    return full_history(user)


def test_the_header_is_the_documented_columns(user):
    text = export_csv(user)
    assert text == "\ufeff" + ",".join(HEADER) + "\r\n"
    assert CSV_COLUMNS == HEADER


def test_it_starts_with_a_bom_so_spreadsheets_read_utf8(user, history):
    assert export_csv(user).encode("utf-8").startswith(b"\xef\xbb\xbf")


def test_there_is_one_row_per_set(user, history):
    assert len(rows(user)) == LoggedSet.objects.filter(user=user).count() == 8


def test_a_session_without_sets_has_no_row(user):
    logged_session(user, NOW - dt.timedelta(days=1), [])
    assert rows(user) == []


def test_a_set_row_holds_its_values_in_si_units(user, history):
    row = rows(user)[1]
    assert {
        name: row[name]
        for name in (
            "exercise_slug",
            "exercise_name",
            "own_exercise",
            "set_position",
            "set_kind",
            "reps",
            "load_kg",
            "duration_s",
            "distance_m",
            "rpe",
        )
    } == {
        "exercise_slug": "bench-press",
        "exercise_name": "Bench press",
        "own_exercise": "no",
        "set_position": "2",
        "set_kind": "working",
        "reps": "5",
        "load_kg": "100.0",
        "duration_s": "",
        "distance_m": "",
        "rpe": "8.5",
    }


def test_a_row_carries_its_session(user, history):
    row = rows(user)[0]
    assert (
        row["session_key"],
        row["session_title"],
        row["session_started_at"],
        row["session_finished_at"],
        row["session_rpe"],
    ) == ("1", "Barn, strength", "2026-02-10T18:00:00Z", "2026-02-10T19:00:00Z", "8")


def test_notes_keep_their_commas_quotes_and_newlines(user, history):
    row = rows(user)[1]
    assert (row["note"], row["session_notes"]) == (NOTE, NOTE)


def test_an_own_exercise_is_named_and_marked_as_own(user, history):
    carry = [row for row in rows(user) if row["own_exercise"] == "yes"][0]
    assert (carry["exercise_slug"], carry["exercise_name"]) == ("", "Log carry, uphill")
    assert (carry["load_kg"], carry["distance_m"], carry["heart_rate_bpm"]) == (
        "60.0",
        "50.5",
        "171",
    )


def test_a_warm_up_row_says_so(user, history):
    assert rows(user)[0]["set_kind"] == "warmup"


def test_the_local_date_is_in_the_users_time_zone(user, bench, in_los_angeles):
    # 03:00 UTC on 10 February is still 9 February in Los Angeles.
    logged_session(
        user, dt.datetime(2026, 2, 10, 3, 0, tzinfo=dt.UTC), [(bench, {"reps": 5, "load_kg": 60.0})]
    )
    assert rows(user)[0]["session_local_date"] == "2026-02-09"


def test_session_keys_match_the_json_export(user, history):
    document = json.loads(export_json(user, now=NOW))
    by_start = {session["started_at"]: str(session["key"]) for session in document["sessions"]}
    pairs = {(row["session_started_at"], row["session_key"]) for row in rows(user)}
    assert len(pairs) == 4
    assert all(by_start[started] == key for started, key in pairs)


def test_another_users_sets_never_appear(user, other_user, history):
    full_history(other_user, now=NOW - dt.timedelta(days=1))
    WorkoutSession.objects.filter(user=other_user).update(title="Drago's secret session")
    assert "Drago's secret" not in export_csv(user)
    assert len(rows(user)) == 8


def test_the_csv_is_a_stream_of_chunks(user, history):
    chunks = Exporter(user, chunk=1).csv_chunks()
    assert inspect.isgenerator(chunks)
    assert len(list(chunks)) > 4


def count_queries(user, chunk):
    with CaptureQueriesContext(connection) as captured:
        for _ in Exporter(user, chunk=chunk).csv_chunks():
            pass
    return len(captured.captured_queries)


def test_queries_per_chunk_do_not_grow_with_the_history(user, bench):
    build_history(user, bench, sessions=4, sets=3, before=NOW)
    four = count_queries(user, chunk=4)
    build_history(user, bench, sessions=12, sets=5, before=NOW - dt.timedelta(days=30))
    assert count_queries(user, chunk=4) == four + 3 * 3
