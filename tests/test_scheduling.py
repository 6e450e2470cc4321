"""The plan on the calendar: pure rules, explicit dates, no database."""

import datetime as dt
import zoneinfo

from workouts.rules import scheduling as s
from workouts.rules import timeutils

D = dt.date
# A plan with three training days a week for two weeks: offsets of week 1 days 1, 3, 5 etc.
OFFSETS = {"w1d1": 0, "w1d3": 2, "w1d5": 4, "w2d1": 7, "w2d3": 9, "w2d7": 13}
START = D(2025, 3, 3)  # a Monday
LONDON = zoneinfo.ZoneInfo("Europe/London")


def states(laid):
    return {day.key: day.state for day in laid}


def test_plan_days_fall_on_start_plus_offset():
    laid = s.lay_out(OFFSETS, START, today=D(2025, 3, 1))
    assert [day.date for day in laid] == [
        D(2025, 3, 3),
        D(2025, 3, 5),
        D(2025, 3, 7),
        D(2025, 3, 10),
        D(2025, 3, 12),
        D(2025, 3, 16),
    ]


def test_a_six_week_plan_ends_41_days_after_its_start():
    assert s.end_date(START, 6) == D(2025, 4, 13)


def test_from_a_fight_date_the_last_day_is_the_day_before_the_fight():
    start = s.start_for_fight(D(2025, 12, 25), weeks=6)
    assert start == D(2025, 11, 13)
    assert s.end_date(start, 6) == D(2025, 12, 24)


def test_a_christmas_fight_is_suggested_from_the_next_christmas():
    assert timeutils.next_christmas(D(2025, 12, 26)) == D(2026, 12, 25)


def test_before_the_start_every_day_is_upcoming():
    laid = s.lay_out(OFFSETS, START, today=D(2025, 3, 1))
    assert set(states(laid).values()) == {s.UPCOMING}


def test_states_of_done_late_missed_skipped_today_and_upcoming():
    today = D(2025, 3, 10)  # week 2 day 1
    laid = s.lay_out(
        OFFSETS,
        START,
        today,
        done_on={"w1d1": D(2025, 3, 3), "w1d3": D(2025, 3, 6)},
        skipped={"w1d5"},
    )
    assert states(laid) == {
        "w1d1": s.DONE,
        "w1d3": s.DONE_LATE,
        "w1d5": s.SKIPPED,
        "w2d1": s.TODAY,
        "w2d3": s.UPCOMING,
        "w2d7": s.UPCOMING,
    }


def test_a_day_not_done_before_today_is_missed():
    laid = s.lay_out(OFFSETS, START, today=D(2025, 3, 4))
    assert states(laid)["w1d1"] == s.MISSED


def test_a_day_done_early_is_done_on_time():
    assert s.state(D(2025, 3, 12), today=D(2025, 3, 10), done_on=D(2025, 3, 10)) == s.DONE


def test_done_wins_over_skipped():
    assert s.state(D(2025, 3, 5), D(2025, 3, 9), done_on=D(2025, 3, 8), skipped=True) == (
        s.DONE_LATE
    )


def test_adherence_is_done_on_time_over_days_due():
    today = D(2025, 3, 10)
    laid = s.lay_out(
        OFFSETS,
        START,
        today,
        done_on={"w1d1": D(2025, 3, 3), "w1d3": D(2025, 3, 6)},
        skipped={"w1d5"},
    )
    progress = s.progress(laid, START, 2, today)
    assert (progress.on_time, progress.due, progress.done, progress.total) == (1, 3, 2, 6)
    assert progress.adherence_percent == 33


def test_todays_day_counts_as_due_once_it_is_done():
    today = D(2025, 3, 3)
    laid = s.lay_out(OFFSETS, START, today, done_on={"w1d1": today})
    assert s.progress(laid, START, 2, today).adherence == 1


def test_adherence_is_none_before_anything_is_due():
    laid = s.lay_out(OFFSETS, START, START)
    assert s.progress(laid, START, 2, START).adherence is None


def test_week_number_follows_the_calendar_and_stops_at_the_last_week():
    laid = s.lay_out(OFFSETS, START, START)
    assert s.progress(laid, START, 6, D(2025, 3, 9)).week == 1
    assert s.progress(laid, START, 6, D(2025, 3, 10)).week == 2
    assert s.progress(laid, START, 6, D(2025, 6, 1)).week == 6


def test_before_the_start_there_is_no_week_but_a_count_of_days():
    laid = s.lay_out(OFFSETS, START, D(2025, 3, 1))
    progress = s.progress(laid, START, 6, D(2025, 3, 1))
    assert (progress.week, progress.starts_in) == (None, 2)


def test_a_running_pause_slides_the_remainder_so_nothing_new_is_missed():
    paused_on = D(2025, 3, 5)  # w1d3's day, not done
    laid = s.lay_out(
        OFFSETS, START, today=D(2025, 3, 12), done_on={"w1d1": D(2025, 3, 3)}, paused_on=paused_on
    )
    assert states(laid)["w1d1"] == s.DONE
    assert states(laid)["w1d3"] == s.TODAY  # what was due on the pause day is due today
    assert [d.date for d in laid if d.key == "w2d7"] == [D(2025, 3, 23)]


def test_resuming_moves_the_start_by_the_paused_days():
    assert s.resumed_start(START, paused_on=D(2025, 3, 5), today=D(2025, 3, 12)) == D(2025, 3, 10)


def test_resuming_on_the_day_of_the_pause_moves_nothing():
    assert s.resumed_start(START, paused_on=D(2025, 3, 5), today=D(2025, 3, 5)) == START


def test_after_resuming_days_missed_before_the_pause_stay_missed():
    paused_on, resumed = D(2025, 3, 8), D(2025, 3, 15)
    start = s.resumed_start(START, paused_on, resumed)
    laid = s.lay_out(OFFSETS, start, resumed, done_on={"w1d1": D(2025, 3, 3)})
    assert states(laid) == {
        "w1d1": s.DONE,
        "w1d3": s.MISSED,
        "w1d5": s.MISSED,
        "w2d1": s.UPCOMING,
        "w2d3": s.UPCOMING,
        "w2d7": s.UPCOMING,
    }
    assert [d.date for d in laid if d.key == "w2d1"] == [D(2025, 3, 17)]  # 10 March + 7 days


def test_a_pause_never_moves_the_fight_but_says_the_plan_runs_past_it():
    fight = D(2025, 12, 25)
    start = s.start_for_fight(fight, 6)
    assert not s.runs_past_fight(start, 6, fight)
    later = s.resumed_start(start, paused_on=D(2025, 11, 20), today=D(2025, 11, 23))
    assert s.runs_past_fight(later, 6, fight)


def test_restarting_from_week_1_puts_day_1_on_today_with_nothing_done():
    restart = D(2025, 3, 20)  # a fresh enrolment: its own start, none of the old sessions
    laid = s.lay_out(OFFSETS, restart, restart)
    assert laid[0].date == restart
    assert states(laid)["w1d1"] == s.TODAY
    assert s.progress(laid, restart, 2, restart).done == 0


def test_switching_plans_counts_only_the_new_plans_days():
    new_offsets = {"a": 0, "b": 1}
    switch = D(2025, 3, 10)
    laid = s.lay_out(new_offsets, switch, switch, done_on={})
    progress = s.progress(laid, switch, 1, switch)
    assert (progress.total, progress.done, progress.due) == (2, 0, 0)


def test_on_a_rest_day_the_next_training_day_is_the_following_plan_day():
    laid = s.lay_out(OFFSETS, START, D(2025, 3, 4))
    assert s.next_training_day(laid, D(2025, 3, 4)).key == "w1d3"


def test_missed_and_upcoming_lists():
    laid = s.lay_out(OFFSETS, START, D(2025, 3, 10), done_on={"w1d3": D(2025, 3, 5)})
    assert [d.key for d in s.missed(laid)] == ["w1d1", "w1d5"]
    assert [d.key for d in s.upcoming(laid, D(2025, 3, 10))] == ["w2d1", "w2d3", "w2d7"]


def test_countdown_in_days_to_the_fight():
    assert s.countdown(D(2025, 12, 25), D(2025, 12, 2)) == 23
    assert s.countdown(D(2025, 12, 25), D(2025, 12, 25)) == 0
    assert s.countdown(D(2025, 12, 25), D(2025, 12, 26)) is None
    assert s.countdown(None, D(2025, 12, 2)) is None


def test_the_clocks_going_forward_in_london_neither_shift_nor_drop_a_day():
    every_day = {n: n for n in range(42)}
    start = D(2025, 3, 24)  # the clocks go forward on Sunday 30 March 2025
    dates = [day.date for day in s.lay_out(every_day, start, start)]
    assert dates == [start + dt.timedelta(days=n) for n in range(42)]
    assert len(set(dates)) == 42
    assert D(2025, 3, 30) in dates and D(2025, 3, 31) in dates


def test_the_clocks_going_back_in_london_neither_shift_nor_drop_a_day():
    every_day = {n: n for n in range(42)}
    start = D(2025, 10, 20)  # the clocks go back on Sunday 26 October 2025
    dates = [day.date for day in s.lay_out(every_day, start, start)]
    assert len(set(dates)) == 42 and dates[6] == D(2025, 10, 26) and dates[7] == D(2025, 10, 27)


def test_sessions_around_the_spring_change_count_for_their_london_day():
    # 00:30 BST on Monday 31 March is 23:30 UTC on Sunday 30 March.
    monday = timeutils.local_date(dt.datetime(2025, 3, 30, 23, 30, tzinfo=dt.UTC), LONDON)
    sunday = timeutils.local_date(dt.datetime(2025, 3, 30, 22, 59, tzinfo=dt.UTC), LONDON)
    laid = s.lay_out(
        {"sun": 6, "mon": 7}, D(2025, 3, 24), D(2025, 4, 1), done_on={"sun": sunday, "mon": monday}
    )
    assert (sunday, monday) == (D(2025, 3, 30), D(2025, 3, 31))
    assert states(laid) == {"sun": s.DONE, "mon": s.DONE}


def test_sessions_around_the_autumn_change_count_for_their_london_day():
    # 23:30 GMT on Sunday 26 October is 23:30 UTC; 00:30 BST on the 26th is 23:30 UTC the 25th.
    sunday_night = timeutils.local_date(dt.datetime(2025, 10, 26, 23, 30, tzinfo=dt.UTC), LONDON)
    sunday_early = timeutils.local_date(dt.datetime(2025, 10, 25, 23, 30, tzinfo=dt.UTC), LONDON)
    assert sunday_night == sunday_early == D(2025, 10, 26)
    laid = s.lay_out({"sun": 6}, D(2025, 10, 20), D(2025, 10, 27), done_on={"sun": sunday_night})
    assert states(laid) == {"sun": s.DONE}
