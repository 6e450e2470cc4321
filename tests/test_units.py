import pytest

from workouts import units


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
    [(45, "45s"), (0, "0s"), (90, "1:30"), (600, "10:00"), (3900, "1:05:00"), (89.6, "1:30")],
)
def test_it_formats_durations_compactly(seconds, text):
    assert units.format_duration(seconds) == text


def test_formatting_no_duration_gives_empty_text():
    assert units.format_duration(None) == ""


def test_formatted_duration_parses_back_to_the_same_seconds():
    for seconds in (5, 59, 60, 61, 3599, 3600, 3661, 7325):
        assert units.parse_duration(units.format_duration(seconds)) == seconds


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
    assert units.format_pace(0.312, "km") == "5:12 /km"


def test_pace_is_shown_per_mile():
    assert units.format_pace(480 / 1609.344, "mi") == "8:00 /mi"


def test_no_pace_shows_nothing():
    assert units.format_pace(0, "km") == ""
