"""Each export variant and quirk from IMPORT-FORMATS.md, read from its own fixture."""

import datetime as dt
from pathlib import Path

import pytest

from workouts.transfer.formats import base, detect

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def read(name):
    return detect.read_upload((FIXTURES / name).read_bytes())


def refusal(name):
    with pytest.raises(base.ImportError_) as caught:
        read(name)
    return caught.value


def all_sets(parsed):
    return [s for w in parsed.workouts for b in w.blocks for s in b.sets]


@pytest.mark.parametrize(
    ("name", "label"),
    [
        ("strong-classic.csv", "Strong (classic)"),
        ("strong-classic-no-duration.csv", "Strong (classic), no duration"),
        ("strong-classic-no-notes.csv", "Strong (classic), no notes"),
        ("strong-weight-kg-header.csv", "Strong (classic), weights in kg"),
        ("strong-weight-lbs-header.csv", "Strong (classic), weights in lb"),
        ("strong-unit-columns.csv", "Strong (unit columns)"),
        ("strong-android.csv", "Strong for Android (semicolons, unit columns)"),
        ("strong6.csv", "Strong 6 (semicolons, every field quoted)"),
        ("hevy-kg.csv", "Hevy (kilograms, kilometres)"),
        ("hevy-lbs-miles.csv", "Hevy (pounds, miles)"),
        ("fitnotes-android.csv", "FitNotes for Android"),
        ("fitnotes-android-old.csv", "FitNotes for Android (older export)"),
        ("fitnotes-ios.csv", "FitNotes 2 for iOS"),
        ("montage.json", "Montage export (JSON, version 1)"),
        ("montage.csv", "Montage export (CSV, every set)"),
    ],
)
def test_each_variant_is_detected_from_its_header(name, label):
    assert read(name).label == label


def test_strong_classic_has_no_units_so_both_must_be_asked():
    parsed = read("strong-classic.csv")
    assert parsed.needs_weight_unit and parsed.needs_distance_unit


def test_strong_classic_reads_local_start_title_and_duration():
    workout = read("strong-classic.csv").workouts[0]
    assert (workout.start, workout.title, workout.duration_s) == (
        dt.datetime(2024, 3, 4, 18, 30),
        "Evening Strength",
        3960,
    )


def test_strong_warmup_drop_and_failure_sets_keep_their_kind():
    kinds = [s.kind for s in all_sets(read("strong-classic.csv"))]
    assert kinds == ["warmup", "working", "working", "drop", "working", "failure", "working"]


def test_strong_rest_timer_rows_are_skipped_and_said():
    parsed = read("strong-classic.csv")
    squat = parsed.workouts[0].blocks[0]
    assert [s.weight for s in squat.sets] == [60.0, 100.0, 102.5, 80.0]
    assert "1 rest-timer row skipped (they are not sets)." in parsed.notices


def test_strong_note_rows_become_the_exercise_note():
    assert read("strong-classic.csv").workouts[0].blocks[0].note == "Belt on for top sets"


def test_notes_keep_newlines_commas_and_quotes():
    parsed = read("strong-classic.csv")
    assert parsed.workouts[0].notes == "Snow outside, legs fresh\nsecond line"
    assert parsed.workouts[0].blocks[0].sets[1].note == 'Felt heavy, but "solid"'


def test_float_reps_and_rpe_are_read():
    working = read("strong-classic.csv").workouts[0].blocks[0].sets[1]
    assert (working.reps, working.rpe) == (5, 8.5)


def test_zero_weight_is_no_load_not_a_zero_kg_set():
    pull_up = read("strong-classic.csv").workouts[0].blocks[1]
    assert [(s.weight, s.reps) for s in pull_up.sets] == [(None, 10), (None, 7)]


def test_strong_weight_header_gives_the_unit():
    assert read("strong-weight-lbs-header.csv").weight_unit == "lb"
    assert read("strong-weight-kg-header.csv").weight_unit == "kg"


def test_strong_unit_columns_give_the_units_and_the_first_rows_workout_note():
    parsed = read("strong-unit-columns.csv")
    assert (parsed.weight_unit, parsed.distance_unit) == ("lb", "mi")
    assert parsed.workouts[0].notes == "First row note only"


def test_strong_android_reads_comma_decimals_and_duration_last():
    parsed = read("strong-android.csv")
    squat = parsed.workouts[0].blocks[0].sets
    assert [(s.weight, s.rpe) for s in squat] == [(102.5, 8.5), (61.2, None)]
    assert parsed.workouts[0].duration_s == 7 * 60
    assert parsed.workouts[0].blocks[1].sets[0].distance == 2.5


def test_strong6_reads_seconds_metres_and_a_semicolon_in_quotes():
    parsed = read("strong6.csv")
    workout = parsed.workouts[0]
    assert (workout.duration_s, workout.notes, parsed.distance_unit) == (3960, "Grip; chalk", "m")
    assert workout.blocks[1].sets[0].distance == 2000


def test_crlf_line_ends_are_read_and_a_note_keeps_its_line_break():
    parsed = read("strong-crlf.csv")
    assert parsed.workouts[0].blocks[0].sets[0].note == "two\nlines"


def test_a_duration_over_a_day_is_dropped_with_a_notice():
    parsed = read("strong-garbage-duration.csv")
    assert parsed.workouts[0].duration_s is None
    assert "over a day" in parsed.notices[0]


def test_an_exercise_done_twice_in_a_workout_is_two_blocks():
    names = [b.name for b in read("strong-repeated-exercise.csv").workouts[0].blocks]
    assert names == ["Bench Press (Barbell)", "Pull Up", "Bench Press (Barbell)"]


def test_hevy_reads_times_without_leading_zero_oldest_first():
    starts = [w.start for w in read("hevy-kg.csv").workouts]
    assert starts == [dt.datetime(2025, 12, 5, 11, 37), dt.datetime(2025, 12, 6, 7, 5)]


def test_hevy_set_types_empty_fields_and_multiline_notes():
    push = read("hevy-kg.csv").workouts[0]
    bench = push.blocks[0]
    assert [(s.kind, s.weight, s.reps) for s in bench.sets] == [
        ("warmup", 40, 10),
        ("working", 80, 5),
        ("drop", 60, None),
    ]
    assert bench.note == 'Elbows in, "slow"\ndown'
    assert push.notes == "Felt strong,\nnew gym"


def test_hevy_supersets_are_announced_on_the_review():
    parsed = read("hevy-kg.csv")
    assert parsed.workouts[0].blocks[0].superset == "0"
    assert any("no supersets" in notice for notice in parsed.notices)


def test_hevy_imperial_columns_give_pounds_and_miles():
    parsed = read("hevy-lbs-miles.csv")
    assert (parsed.weight_unit, parsed.distance_unit) == ("lb", "mi")


def test_fitnotes_name_with_a_comma_is_rejoined_and_distances_become_metres():
    first, second = read("fitnotes-android.csv").workouts
    carry = first.blocks[1]
    assert carry.name == "Farmer's Walk, Heavy"
    assert (carry.sets[0].distance, carry.sets[0].note) == (40.0, "grip gave out")
    assert (second.blocks[0].sets[0].distance, second.blocks[0].sets[0].seconds) == (5000, 1530)


def test_fitnotes_places_each_day_at_noon_and_says_so():
    parsed = read("fitnotes-android-old.csv")
    assert parsed.workouts[0].start == dt.datetime(2023, 1, 10, 12, 0)
    assert "12:00" in parsed.notices[-1]


def test_fitnotes_ios_reads_kg_and_the_warmup_kind():
    sets = all_sets(read("fitnotes-ios.csv"))
    assert [(s.kind, s.weight, s.note) for s in sets] == [
        ("warmup", 60.0, ""),
        ("working", 100.0, "Deep"),
    ]


def test_montage_json_keeps_utc_times_readings_and_own_exercise_definitions():
    parsed = read("montage.json")
    lab = parsed.workouts[1]
    punch = lab.blocks[0].sets[0]
    assert lab.start == dt.datetime(2026, 3, 3, 16, 0, tzinfo=dt.UTC)
    assert (punch.force_psi, punch.power_w, punch.heart_rate_bpm) == (1800, 900, 170)
    assert parsed.exercises["Log carry uphill"]["measures_distance"] is True
    assert parsed.body_weights == [("2026-03-01", 82.5)]


def test_montage_csv_reads_bom_crlf_and_quoted_newlines():
    workout = read("montage.csv").workouts[0]
    assert workout.notes == "Snow, deep\nreally"
    assert [b.slug for b in workout.blocks] == ["back-squat", ""]


def test_a_parsed_file_survives_storage_as_json():
    parsed = read("hevy-kg.csv")
    assert base.Parsed.from_json(parsed.to_json()) == parsed


# ---------- bad files ----------


def test_a_binary_file_is_not_a_csv():
    assert "not a CSV or JSON export" in refusal("bad/not-a-csv.png").message


def test_an_empty_file_is_refused():
    assert refusal("bad/empty.csv").message == "This file is empty. Nothing was imported."


def test_an_unknown_header_names_the_known_formats():
    message = refusal("bad/unknown-header.csv").message
    assert "day, lift, kilos, times" in message and "Strong" in message and "FitNotes" in message


def test_a_quote_left_open_at_the_end_is_a_cut_off_file():
    assert "looks cut off" in refusal("bad/truncated-quote.csv").message


def test_a_short_last_row_is_a_cut_off_file_and_never_half_read():
    error = refusal("bad/truncated-row.csv")
    assert error.problems == [(3, "the last row has 6 of 12 columns: the file looks cut off")]


def test_a_non_numeric_weight_names_its_line():
    assert refusal("bad/non-numeric-weight.csv").problems == [(3, "weight “heavy” is not a number")]


def test_an_impossible_date_names_its_line():
    assert refusal("bad/impossible-date.csv").problems == [
        (2, "“2024-02-31 18:30:00” is not a real date")
    ]


def test_mixed_units_in_one_file_are_refused():
    assert "mixes weight units" in refusal("bad/mixed-units.csv").message


def test_a_file_over_25_mb_is_refused_saying_the_limit():
    with pytest.raises(base.ImportError_) as caught:
        detect.read_upload(b"a" * (detect.MAX_BYTES + 1))
    assert "the limit is 25 MB" in caught.value.message


def test_a_utf16_file_is_not_read_as_garbage():
    data = (FIXTURES / "strong-crlf.csv").read_text().encode("utf-16")
    with pytest.raises(base.ImportError_):
        detect.read_upload(data)
