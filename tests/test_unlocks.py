"""Every unlock rule at its boundary: one short of the threshold stays locked, at it unlocks.

Pure: plain `Facts` in, no database. Date rules take local wall-clock times; how a UTC moment
becomes local time (the 23:30-in-UTC−8 case) is covered through `achievements` in
test_achievements.py and here through `timeutils`.
"""

import dataclasses
import datetime as dt
import json
import zoneinfo

import pytest

from workouts.catalogue import DATA_DIR
from workouts.rules import timeutils, unlocks
from workouts.rules.unlocks import Facts

LA = zoneinfo.ZoneInfo("America/Los_Angeles")
DAY = dt.date(2026, 3, 10)


def holds(rule_id, **facts):
    return unlocks.BY_ID[rule_id].holds(Facts(**facts))


def local(moment, zone):
    return moment.astimezone(zone).replace(tzinfo=None)


# ---------- the registry ----------


def test_every_quote_in_the_catalogue_has_a_rule():
    rows = json.loads((DATA_DIR / "quotes.json").read_text())
    assert {row["rule"] for row in rows} <= set(unlocks.BY_ID)


def test_every_rule_belongs_to_a_quote():
    rows = json.loads((DATA_DIR / "quotes.json").read_text())
    assert set(unlocks.BY_ID) == {row["rule"] for row in rows}


def test_rule_ids_are_unique():
    assert len(unlocks.RULES) == len(unlocks.BY_ID)


def test_every_rule_has_a_description_and_known_events():
    for rule in unlocks.RULES:
        assert rule.description
        assert rule.events and set(rule.events) <= set(unlocks.EVENTS)


def test_every_rule_only_needs_fields_that_facts_has():
    for rule in unlocks.RULES:
        assert rule.needs and set(rule.needs) <= unlocks.FACT_NAMES, rule.id


@pytest.mark.parametrize("rule", unlocks.RULES, ids=lambda rule: rule.id)
def test_no_rule_holds_for_a_user_with_no_facts(rule):
    assert not rule.holds(Facts())


@pytest.mark.parametrize("rule", unlocks.RULES, ids=lambda rule: rule.id)
def test_a_rule_reads_nothing_it_does_not_declare(rule):
    """Facts outside `needs` stay unloaded (None) in evaluate; a rule must not depend on them."""

    class Loud(Facts):
        def __getattribute__(self, name):
            if name in unlocks.FACT_NAMES and name not in rule.needs:
                raise AssertionError(f"{rule.id} reads undeclared fact {name}")
            return super().__getattribute__(name)

    rule.holds(Loud())


def test_rules_for_an_event_are_only_those_it_can_affect():
    ids = {rule.id for rule in unlocks.rules_for("set_logged")}
    assert "volume_10t" in ids
    assert "first_session" not in ids


def test_rules_for_skips_rules_already_unlocked():
    ids = {rule.id for rule in unlocks.rules_for("set_logged", {"volume_10t"})}
    assert ids == {"volume_10t"}


def test_needed_facts_is_the_union_of_the_rules_needs():
    rules = [unlocks.BY_ID["volume_10t"], unlocks.BY_ID["rpe_10"]]
    assert unlocks.needed_facts(rules) == {"total_volume_kg", "max_set_rpe", "max_session_rpe"}


def test_passing_lists_the_rules_that_hold():
    rules = unlocks.rules_for("set_logged")
    assert unlocks.passing(rules, Facts(total_volume_kg=10_000.0)) == ["volume_10t"]


# ---------- sets: totals and readings ----------


@pytest.mark.parametrize(
    ("rule_id", "fact", "threshold"),
    [
        ("volume_10t", "total_volume_kg", 10_000),
        ("volume_100t", "total_volume_kg", 100_000),
        ("distance_42k", "total_distance_m", 42_000),
        ("punch_force_700", "max_force_psi", 700),
        ("punch_force_1850", "max_force_psi", 1850),
        ("punch_force_2150", "max_force_psi", 2150),
    ],
)
def test_a_total_or_reading_one_short_stays_locked(rule_id, fact, threshold):
    assert not holds(rule_id, **{fact: threshold - 0.5})


@pytest.mark.parametrize(
    ("rule_id", "fact", "threshold"),
    [
        ("volume_10t", "total_volume_kg", 10_000),
        ("volume_100t", "total_volume_kg", 100_000),
        ("distance_42k", "total_distance_m", 42_000),
        ("punch_force_700", "max_force_psi", 700),
        ("punch_force_1850", "max_force_psi", 1850),
        ("punch_force_2150", "max_force_psi", 2150),
    ],
)
def test_a_total_or_reading_at_the_threshold_unlocks(rule_id, fact, threshold):
    assert holds(rule_id, **{fact: threshold})


def test_a_power_reading_of_zero_is_no_reading():
    assert not holds("power_reading", max_power_w=0)


def test_any_power_reading_unlocks():
    assert holds("power_reading", max_power_w=1)


def test_a_heart_rate_of_zero_is_no_reading():
    assert not holds("heart_rate_reading", max_heart_rate_bpm=0)


def test_any_heart_rate_reading_unlocks():
    assert holds("heart_rate_reading", max_heart_rate_bpm=62)


def test_a_set_rpe_of_9_5_stays_locked():
    assert not holds("rpe_10", max_set_rpe=9.5, max_session_rpe=9)


def test_a_set_rpe_of_10_unlocks():
    assert holds("rpe_10", max_set_rpe=10.0)


def test_a_session_rpe_of_10_unlocks():
    assert holds("rpe_10", max_session_rpe=10)


def test_no_record_yet_stays_locked():
    assert not holds("first_record", has_record=False)


def test_a_first_record_unlocks():
    assert holds("first_record", has_record=True)


def test_no_set_of_an_own_exercise_stays_locked():
    assert not holds("first_custom_exercise", own_exercise_sets=0)


def test_a_set_of_an_own_exercise_unlocks():
    assert holds("first_custom_exercise", own_exercise_sets=1)


# ---------- finished sessions: counts ----------


@pytest.mark.parametrize(
    ("rule_id", "fact", "threshold"),
    [
        ("first_session", "finished_sessions", 1),
        ("sessions_10", "finished_sessions", 10),
        ("sessions_25", "finished_sessions", 25),
        ("sessions_50", "finished_sessions", 50),
        ("sessions_100", "finished_sessions", 100),
        ("first_natural_session", "natural_sessions", 1),
        ("natural_sessions_10", "natural_sessions", 10),
        ("first_high_tech_session", "high_tech_sessions", 1),
        ("high_tech_sessions_10", "high_tech_sessions", 10),
    ],
)
def test_one_session_short_stays_locked(rule_id, fact, threshold):
    assert not holds(rule_id, **{fact: threshold - 1})


@pytest.mark.parametrize(
    ("rule_id", "fact", "threshold"),
    [
        ("first_session", "finished_sessions", 1),
        ("sessions_10", "finished_sessions", 10),
        ("sessions_25", "finished_sessions", 25),
        ("sessions_50", "finished_sessions", 50),
        ("sessions_100", "finished_sessions", 100),
        ("first_natural_session", "natural_sessions", 1),
        ("natural_sessions_10", "natural_sessions", 10),
        ("first_high_tech_session", "high_tech_sessions", 1),
        ("high_tech_sessions_10", "high_tech_sessions", 10),
    ],
)
def test_reaching_the_session_count_unlocks(rule_id, fact, threshold):
    assert holds(rule_id, **{fact: threshold})


# ---------- both styles in one week ----------


def test_only_natural_sessions_in_a_week_stay_locked():
    assert not holds("both_styles_one_week", week_styles=frozenset({"natural", ""}))


def test_only_high_tech_sessions_in_a_week_stay_locked():
    assert not holds("both_styles_one_week", week_styles=frozenset({"high_tech"}))


def test_a_natural_and_a_high_tech_session_in_one_week_unlock():
    assert holds("both_styles_one_week", week_styles=frozenset({"natural", "high_tech"}))


def test_a_session_in_both_styles_counts_as_both():
    assert holds("both_styles_one_week", week_styles=frozenset({"both"}))


# ---------- streaks ----------


def days(*offsets):
    return {DAY + dt.timedelta(days=offset) for offset in offsets}


def test_a_streak_is_the_run_of_consecutive_days_through_the_day():
    assert unlocks.streak_through(days(-3, -2, -1, 0, 2), DAY) == 4


def test_a_backdated_day_joining_two_runs_counts_both():
    assert unlocks.streak_through(days(-2, -1, 0, 1, 2), DAY) == 5


def test_a_day_without_training_has_no_streak():
    assert unlocks.streak_through(days(-1, 1), DAY) == 0


@pytest.mark.parametrize("length", [3, 7, 30])
def test_one_day_short_of_a_streak_stays_locked(length):
    streak = unlocks.streak_through(days(*range(-(length - 2), 1)), DAY)
    assert not holds(f"streak_{length}", streak_days=streak)


@pytest.mark.parametrize("length", [3, 7, 30])
def test_a_streak_of_the_full_length_unlocks(length):
    streak = unlocks.streak_through(days(*range(-(length - 1), 1)), DAY)
    assert holds(f"streak_{length}", streak_days=streak)


def test_the_longest_streak_rule_fits_the_horizon_evaluate_looks_at():
    longest = max(
        int(rule.id.split("_")[1]) for rule in unlocks.RULES if rule.id.startswith("streak_")
    )
    assert longest <= unlocks.STREAK_HORIZON_DAYS


def test_a_late_workout_west_of_utc_continues_that_local_days_streak():
    # 23:30 on 10 March in Los Angeles (UTC−7 then) is already 11 March in UTC.
    late = dt.datetime(2026, 3, 11, 6, 30, tzinfo=dt.UTC)
    trained = days(-2, -1) | {timeutils.local_date(late, LA)}
    assert holds("streak_3", streak_days=unlocks.streak_through(trained, DAY))


# ---------- comeback ----------


def test_thirteen_days_off_stays_locked():
    assert not holds("comeback_14", days_since_previous=14)  # 1 Feb then 15 Feb


def test_fourteen_days_off_unlocks():
    assert holds("comeback_14", days_since_previous=15)  # 1 Feb then 16 Feb


def test_a_first_session_is_no_comeback():
    assert not holds("comeback_14", days_since_previous=None)


# ---------- calendar and length ----------


def test_christmas_eve_local_time_stays_locked():
    # 23:30 on 24 December in UTC−8 is 25 December in UTC: not Christmas for this user.
    moment = dt.datetime(2025, 12, 25, 7, 30, tzinfo=dt.UTC)
    assert not holds("christmas_session", session_started_local=local(moment, LA))


def test_a_late_christmas_workout_west_of_utc_unlocks():
    # 23:30 on 25 December in UTC−8 is already 26 December in UTC.
    moment = dt.datetime(2025, 12, 26, 7, 30, tzinfo=dt.UTC)
    assert holds("christmas_session", session_started_local=local(moment, LA))


def test_boxing_day_stays_locked():
    assert not holds("christmas_session", session_started_local=dt.datetime(2025, 12, 26, 0, 0))


def test_a_start_at_six_is_not_early():
    assert not holds("early_session", session_started_local=dt.datetime(2026, 3, 10, 6, 0))


def test_a_start_at_five_fifty_nine_is_early():
    assert holds("early_session", session_started_local=dt.datetime(2026, 3, 10, 5, 59))


def test_an_early_start_is_judged_in_local_time():
    # 05:30 in Los Angeles is 13:30 UTC: early for this user.
    moment = dt.datetime(2026, 1, 10, 13, 30, tzinfo=dt.UTC)
    assert holds("early_session", session_started_local=local(moment, LA))


def test_a_session_of_89_minutes_59_stays_locked():
    assert not holds("long_session_90min", session_duration_s=90 * 60 - 1)


def test_a_session_of_90_minutes_unlocks():
    assert holds("long_session_90min", session_duration_s=90 * 60)


# ---------- records in a row ----------


def test_records_in_two_sessions_running_stay_locked():
    assert not holds(
        "records_three_sessions_running", recent_sessions_set_records=(True, True, False)
    )


def test_only_two_sessions_ever_stay_locked():
    assert not holds("records_three_sessions_running", recent_sessions_set_records=(True, True))


def test_records_in_three_sessions_running_unlock():
    assert holds("records_three_sessions_running", recent_sessions_set_records=(True, True, True))


# ---------- plans ----------


def test_a_week_one_day_short_stays_locked():
    assert not holds("plan_week_complete", plan_weeks={1: (3, 4), 2: (0, 4)})


def test_a_week_with_every_day_done_unlocks():
    assert holds("plan_week_complete", plan_weeks={1: (4, 4), 2: (0, 4)})


def test_a_plan_one_day_short_stays_locked():
    weeks = {week: (4, 4) for week in range(1, 7)} | {6: (3, 4)}
    assert not holds("plan_complete", plan_weeks=weeks)


def test_a_plan_with_every_day_done_unlocks():
    assert holds("plan_complete", plan_weeks={week: (4, 4) for week in range(1, 7)})


def test_facts_are_a_plain_frozen_snapshot():
    with pytest.raises(dataclasses.FrozenInstanceError):
        Facts().finished_sessions = 3
