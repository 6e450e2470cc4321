"""Personal-record rules (pure)."""

import pytest

from workouts.rules import records
from workouts.rules.records import SetValues


def test_epley_estimates_one_rep_max_from_five_reps():
    assert records.epley(100, 5) == pytest.approx(116.667, abs=1e-3)


def test_a_single_is_its_own_one_rep_max():
    assert records.epley(140, 1) == 140


def test_first_set_of_an_exercise_is_a_baseline_not_a_record():
    assert records.new_records({}, SetValues(reps=5, load_kg=100)) == {}


def test_heavier_set_at_same_reps_is_a_heaviest_e1rm_and_volume_record():
    bests = records.merge_bests({}, SetValues(reps=5, load_kg=100))
    found = records.new_records(bests, SetValues(reps=5, load_kg=102.5))
    assert set(found) == {records.HEAVIEST, records.E1RM, records.SET_VOLUME}


def test_equal_set_is_not_a_record():
    bests = records.merge_bests({}, SetValues(reps=5, load_kg=100))
    assert records.new_records(bests, SetValues(reps=5, load_kg=100)) == {}


def test_more_reps_at_lighter_load_is_a_reps_record_only_when_it_beats_the_reps_best():
    bests = records.merge_bests({}, SetValues(reps=5, load_kg=100))
    found = records.new_records(bests, SetValues(reps=8, load_kg=60))
    assert set(found) == {records.REPS}


def test_e1rm_ignores_sets_above_twelve_reps():
    assert records.E1RM not in records.values_of(SetValues(reps=13, load_kg=50))


def test_e1rm_counts_a_twelve_rep_set():
    assert records.values_of(SetValues(reps=12, load_kg=50))[records.E1RM] == pytest.approx(70)


def test_warm_up_sets_never_count():
    bests = records.merge_bests({}, SetValues(reps=5, load_kg=100))
    assert records.new_records(bests, SetValues(reps=5, load_kg=200, is_warmup=True)) == {}


def test_longer_distance_is_a_distance_record():
    bests = records.merge_bests({}, SetValues(distance_m=5000))
    assert records.new_records(bests, SetValues(distance_m=5200)) == {records.DISTANCE: 5200}


def test_longer_duration_is_a_duration_record():
    bests = records.merge_bests({}, SetValues(duration_s=600))
    assert records.new_records(bests, SetValues(duration_s=660)) == {records.DURATION: 660}


def test_faster_pace_over_same_distance_is_a_pace_record():
    bests = records.merge_bests({}, SetValues(distance_m=5000, duration_s=1500))
    found = records.new_records(bests, SetValues(distance_m=5000, duration_s=1440))
    assert found == {records.PACE: pytest.approx(1440 / 5000)}


def test_slower_pace_is_not_a_pace_record():
    bests = records.merge_bests({}, SetValues(distance_m=5000, duration_s=1500))
    found = records.new_records(bests, SetValues(distance_m=5000, duration_s=1560))
    assert records.PACE not in found


def test_higher_punch_force_is_a_force_record():
    bests = records.merge_bests({}, SetValues(force_psi=700))
    assert records.new_records(bests, SetValues(force_psi=1850)) == {records.FORCE: 1850}


def test_higher_power_is_a_power_record():
    bests = records.merge_bests({}, SetValues(power_w=250))
    assert records.new_records(bests, SetValues(power_w=300)) == {records.POWER: 300}


def test_rebuild_finds_each_record_in_order():
    history = [
        ("a", SetValues(reps=5, load_kg=100)),
        ("b", SetValues(reps=5, load_kg=105)),
        ("c", SetValues(reps=5, load_kg=95)),
        ("d", SetValues(reps=5, load_kg=110)),
    ]
    heaviest = [
        (key, value) for key, kind, value in records.rebuild(history) if kind == records.HEAVIEST
    ]
    assert heaviest == [("b", 105), ("d", 110)]


def test_rebuild_after_removing_a_record_moves_the_record_to_the_next_best_set():
    history = [
        ("a", SetValues(reps=5, load_kg=100)),
        ("c", SetValues(reps=5, load_kg=104)),
    ]
    heaviest = [key for key, kind, _ in records.rebuild(history) if kind == records.HEAVIEST]
    assert heaviest == ["c"]
