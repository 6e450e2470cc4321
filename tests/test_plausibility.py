"""Which typed values the set form asks about before saving (workouts/rules/plausibility.py)."""

import pytest

from workouts.rules import plausibility, records

SQUAT_140 = {records.HEAVIEST: 140.0, records.REPS: 8.0}


def asked(values, bests):
    return [(d.measure, d.value) for d in plausibility.doubts(values, bests)]


def test_a_load_ten_times_the_best_is_asked_about():
    assert asked({"load": 605.0, "reps": 5}, SQUAT_140) == [("load", 605.0)]


def test_the_best_it_was_compared_with_is_given():
    (doubt,) = plausibility.doubts({"load": 605.0}, SQUAT_140)
    assert (doubt.best, doubt.ceiling) == (140.0, 280.0)


@pytest.mark.parametrize("load", [140.0, 150.0, 200.0, 280.0])
def test_a_load_up_to_twice_the_best_is_not_asked_about(load):
    assert asked({"load": load}, SQUAT_140) == []


def test_a_light_best_allows_a_margin_above_twice_it():
    dumbbell = {records.HEAVIEST: 5.0}
    assert asked({"load": 25.0}, dumbbell) == []
    assert asked({"load": 25.5}, dumbbell) == [("load", 25.5)]


def test_without_history_a_load_up_to_500_kg_is_not_asked_about():
    assert asked({"load": 500.0}, {}) == []


def test_without_history_a_load_above_500_kg_is_asked_about():
    (doubt,) = plausibility.doubts({"load": 605.0}, {})
    assert (doubt.best, doubt.ceiling) == (None, 500.0)


def test_reps_far_above_the_most_reps_are_asked_about():
    assert asked({"reps": 55}, SQUAT_140) == [("reps", 55.0)]
    assert asked({"reps": 28}, SQUAT_140) == []


def test_without_history_more_than_100_reps_are_asked_about():
    assert asked({"reps": 100}, {}) == []
    assert asked({"reps": 101}, {}) == [("reps", 101.0)]


def test_durations_and_distances_are_never_asked_about():
    bests = {records.DURATION: 60.0, records.DISTANCE: 5000.0}
    assert asked({"duration": 86_400, "distance": 500_000.0}, bests) == []


def test_empty_values_are_not_asked_about():
    assert asked({"load": None, "reps": None}, {}) == []
