from types import SimpleNamespace

import pytest

from workouts.rules import units


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90),
        ("1:30", 90),
        ("1:05:00", 3900),
        ("45s", 45),
        ("2m", 120),
        ("2 min", 120),
        ("1h 5m", 3900),
        ("1.5m", 90),
        ("  0:45  ", 45),
    ],
)
def test_it_parses_durations_in_the_forms_people_type(text, seconds):
    assert units.parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "   ", None, "abc", "1:75", "1:60:00", "-5", "5 parsecs"])
def test_it_rejects_text_that_is_not_a_duration(text):
    with pytest.raises(ValueError):
        units.parse_duration(text)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (45, "45 s"),
        (0, "0 s"),
        (90, "1 min 30 s"),
        (113, "1 min 53 s"),
        (600, "10 min"),
        (3900, "1 h 5 min"),
        (89.6, "1 min 30 s"),
    ],
)
def test_durations_read_with_their_units_never_as_a_bare_clock(seconds, text):
    assert units.format_duration(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(45, "45"), (90, "1:30"), (600, "10:00"), (3900, "1:05:00"), (89.6, "1:30")],
)
def test_durations_for_an_input_are_compact_clocks(seconds, text):
    assert units.format_clock(seconds) == text


def test_formatting_no_duration_gives_empty_text():
    assert units.format_duration(None) == ""


def test_formatted_duration_parses_back_to_the_same_seconds():
    for seconds in (5, 59, 60, 61, 3599, 3600, 3661, 7325):
        assert units.parse_duration(units.format_duration(seconds)) == seconds
        assert units.parse_duration(units.format_clock(seconds)) == seconds


def test_pounds_convert_to_kilograms():
    assert units.kg_from(100, "lb") == pytest.approx(45.359237)


def test_kilograms_are_stored_as_typed():
    assert units.kg_from(100, "kg") == 100


def test_kilograms_convert_to_pounds_and_back():
    assert units.kg_from(units.kg_to(62.5, "lb"), "lb") == pytest.approx(62.5)


def test_miles_convert_to_metres():
    assert units.metres_from(1, "mi") == pytest.approx(1609.344)


def test_kilometres_convert_to_metres():
    assert units.metres_from(5, "km") == pytest.approx(5000)


def test_metres_convert_to_miles():
    assert units.metres_to(1609.344, "mi") == pytest.approx(1.0)


def test_metres_convert_to_kilometres():
    assert units.metres_to(2500, "km") == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("number", "text"),
    [(100.0, "100"), (62.5, "62.5"), (0.0, "0"), (12.26, "12.3"), (12345.0, "12,345"), (None, "")],
)
def test_tidy_drops_trailing_zeros(number, text):
    assert units.tidy(number) == text


def test_tidy_keeps_zeros_in_whole_numbers():
    assert units.tidy(100, places=0) == "100"


def test_weight_is_shown_in_pounds_for_a_pound_user():
    assert units.format_weight(100, "lb") == "220.5 lb"


def test_weight_is_shown_in_kilograms_for_a_kilogram_user():
    assert units.format_weight(82.5, "kg") == "82.5 kg"


def test_missing_weight_shows_nothing():
    assert units.format_weight(None, "kg") == ""


def test_distance_is_shown_in_kilometres():
    assert units.format_distance(5000, "km") == "5 km"


def test_distance_is_shown_in_miles():
    assert units.format_distance(1609.344 * 3, "mi") == "3 mi"


def test_missing_distance_shows_nothing():
    assert units.format_distance(None, "km") == ""


def test_pace_is_shown_per_kilometre():
    assert units.format_pace(0.312, "km") == "5:12 min/km"


def test_pace_is_shown_per_mile():
    assert units.format_pace(480 / 1609.344, "mi") == "8:00 min/mi"


def test_no_pace_shows_nothing():
    assert units.format_pace(0, "km") == ""


@pytest.mark.parametrize(
    ("number", "text"), [(9932, "9,932"), (10202, "10,202"), (62.5, "62.5"), (100.0, "100")]
)
def test_every_number_to_read_is_grouped_the_same_way(number, text):
    assert units.tidy(number) == text


def test_a_number_for_an_input_is_never_grouped():
    assert units.plain(1250.5) == "1250.5"


@pytest.mark.parametrize(
    ("typed", "value"), [("60,5", "60.5"), ("60.5", "60.5"), (" 8 ", "8"), (".5", "0.5")]
)
def test_it_reads_a_number_as_typed_decimal_comma_included(typed, value):
    assert str(units.parse_number(typed)) == value


@pytest.mark.parametrize(
    "typed", ["1e", "--5", "-5", "1e3", "inf", "nan", "60,5,5", "6 0", "1,000", "1.250,5", "٣"]
)
def test_it_refuses_what_is_not_plainly_one_number(typed):
    with pytest.raises(ValueError):
        units.parse_number(typed)


@pytest.mark.parametrize(
    ("kg", "text"), [(40, "87.5 lb"), (20, "45 lb"), (100, "220 lb"), (24, "52.5 lb")]
)
def test_plan_targets_in_pounds_are_rounded_to_a_loadable_step(kg, text):
    assert units.format_target_weight(kg, "lb") == text


@pytest.mark.parametrize(
    ("metres", "unit", "text"),
    [(20, "mi", "22 yd"), (500, "km", "500 m"), (5000, "mi", "3.11 mi"), (2000, "km", "2 km")],
)
def test_short_distances_read_in_yards_or_metres_never_as_a_hundredth_of_a_mile(metres, unit, text):
    assert units.format_distance(metres, unit) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lift 10 tonnes in total.", "Lift 22,046 lb in total."),
        ("Cover 42 km in total.", "Cover 26.1 mi in total."),
        ("Sprints go out to 60 m.", "Sprints go out to 66 yd."),
    ],
)
def test_metric_sentences_read_in_pounds_and_miles(text, expected):
    assert units.in_units(text, "lb", "mi") == expected


def test_metric_sentences_stay_as_written_for_a_metric_user():
    assert units.in_units("Lift 10 tonnes; five 500 m rows.", "kg", "km") == (
        "Lift 10 tonnes; five 500 m rows."
    )


def _set(**values):
    fields = ("load_kg", "reps", "distance_m", "duration_s")
    fields += ("force_psi", "power_w", "heart_rate_bpm")
    return SimpleNamespace(**{name: values.get(name) for name in fields})


@pytest.mark.parametrize(
    ("values", "weight", "distance", "text"),
    [
        ({"load_kg": 100, "reps": 5}, "kg", "km", "100 kg × 5"),
        ({"load_kg": 100, "reps": 5}, "lb", "mi", "220.46 lb × 5"),
        ({"load_kg": 62.5}, "kg", "km", "62.5 kg"),
        ({"reps": 12}, "kg", "km", "12 reps"),
        ({"reps": 0}, "kg", "km", "0 reps"),
        ({"distance_m": 5200, "duration_s": 1530}, "kg", "km", "5.2 km · 25 min 30 s"),
        ({"distance_m": 400}, "kg", "mi", "437 yd"),
        ({"reps": 10, "distance_m": 20}, "kg", "km", "10 reps · 20 m"),
        ({"load_kg": 80, "reps": 8, "duration_s": 45}, "kg", "km", "80 kg × 8 · 45 s"),
        ({"duration_s": 90, "heart_rate_bpm": 172}, "kg", "km", "1 min 30 s · 172 bpm"),
        ({"force_psi": 1850, "power_w": 410}, "kg", "km", "1,850 psi · 410 W"),
        ({"reps": 0, "distance_m": 1200}, "kg", "km", "0 reps · 1.2 km"),
        ({}, "kg", "km", ""),
    ],
)
def test_a_set_reads_as_its_measures_in_the_users_units(values, weight, distance, text):
    assert units.format_set(_set(**values), weight, distance) == text


def _item(**values):
    fields = ("sets", "reps", "reps_max", "duration_s", "distance_m", "load_kg", "intensity")
    fields += ("rest_s",)
    return SimpleNamespace(**{name: values.get(name) for name in fields})


@pytest.mark.parametrize(
    ("values", "weight", "distance", "text"),
    [
        (
            {"sets": 5, "reps": 3, "reps_max": 5, "load_kg": 100},
            "kg",
            "km",
            "5 × 3–5 reps @ 100 kg",
        ),
        (
            {"sets": 3, "reps": 8, "load_kg": 60, "rest_s": 90},
            "lb",
            "mi",
            "3 × 8 reps @ 130 lb · rest 1 min 30 s",
        ),
        ({"sets": 1, "duration_s": 1500, "distance_m": 5000}, "kg", "km", "1 × 25 min 5 km"),
        (
            {"sets": 4, "distance_m": 400, "intensity": "drag 40 kg"},
            "lb",
            "mi",
            "4 × 437 yd · drag 88 lb",
        ),
    ],
)
def test_a_plan_item_reads_as_its_dose_in_the_users_units(values, weight, distance, text):
    assert units.format_dose(_item(**values), weight, distance) == text
