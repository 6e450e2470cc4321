"""quotes.evaluate: the facts it loads from the database, what it saves, and what it costs."""

import datetime as dt
import threading

import pytest
from django.apps import apps
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

from tests.factories import EntryFactory, SessionFactory, SetFactory, UserFactory
from workouts.catalogue import load_all
from workouts.dashboard import rollups
from workouts.logbook import actions
from workouts.models import (
    Enrolment,
    Exercise,
    PersonalRecord,
    Plan,
    Profile,
    Quote,
    QuoteUnlock,
    WorkoutSession,
)
from workouts.quotes import evaluate as quote_unlocks

UTC = dt.UTC
NOW = dt.datetime(2026, 3, 10, 18, 0, tzinfo=UTC)


def rules(quotes):
    return {quote.rule for quote in quotes}


def unlocked(user):
    return set(QuoteUnlock.objects.filter(user=user).values_list("quote__rule", flat=True))


def finished(user, start, minutes=45, **fields):
    return SessionFactory(
        user=user, started_at=start, finished_at=start + dt.timedelta(minutes=minutes), **fields
    )


def finish(user, start, minutes=45, **fields):
    """A finished session and the quotes that finishing it earned."""
    session = finished(user, start, minutes, **fields)
    return quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)


def log(session, exercise=None, **values):
    """A logged set and the quotes it earned (records are not detected here). Like
    actions.log_set, the set is folded into the session's roll-up before evaluation."""
    entry = EntryFactory(session=session, **({"exercise": exercise} if exercise else {}))
    logged = SetFactory(entry=entry, **values)
    rollups.add_set_to_summaries(logged)
    return quote_unlocks.evaluate(
        session.user, "set_logged", session=session, now=NOW, logged_set=logged, new_records=[]
    )


@pytest.fixture
def builtin(db):
    return Exercise.objects.builtin().order_by("pk").first()


@pytest.fixture
def session(user):
    return finished(user, NOW - dt.timedelta(hours=2))


def set_zone(user, name, week_start=0):
    Profile.objects.filter(user=user).update(time_zone=name, week_start=week_start)
    user.refresh_from_db()


# ---------- saving ----------


def test_a_first_finished_workout_unlocks_the_first_quote(user, session):
    quotes = quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert "first_session" in rules(quotes)


def test_an_unlock_records_the_time_and_the_session_that_earned_it(user, session):
    quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    unlock = QuoteUnlock.objects.get(user=user, quote__rule="first_session")
    assert (unlock.unlocked_at, unlock.session) == (NOW, session)


def test_it_returns_quote_objects(user, session):
    quotes = quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert all(isinstance(quote, Quote) for quote in quotes)


def test_evaluating_the_same_event_twice_unlocks_nothing_new(user, session):
    quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW) == []
    assert QuoteUnlock.objects.filter(user=user, quote__rule="first_session").count() == 1


def test_an_unlock_survives_deleting_the_session_that_earned_it(user, session):
    quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    actions.delete_session(session)
    unlock = QuoteUnlock.objects.get(user=user, quote__rule="first_session")
    assert unlock.session is None


def test_a_deleted_session_does_not_earn_its_quote_a_second_time(user, session):
    quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    actions.delete_session(session)
    assert "first_session" not in rules(finish(user, NOW - dt.timedelta(hours=1)))


def test_another_users_unlock_does_not_count_for_this_user(user, other_user):
    finish(other_user, NOW - dt.timedelta(hours=3))
    assert "first_session" in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_an_unknown_event_is_a_programming_error(user):
    with pytest.raises(ValueError, match="Unknown unlock event"):
        quote_unlocks.evaluate(user, "set_saved", now=NOW)


def test_a_quote_unlocked_by_a_concurrent_request_is_skipped_not_an_error(
    user, session, monkeypatch
):
    stale = list(quote_unlocks.locked_quotes(user))  # read before the other request commits
    QuoteUnlock.objects.create(
        user=user, quote=Quote.objects.get(rule="first_session"), unlocked_at=NOW
    )
    monkeypatch.setattr(quote_unlocks, "locked_quotes", lambda user: stale)
    quotes = quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert "first_session" not in rules(quotes)
    assert "first_natural_session" not in rules(quotes)  # style "" is neither
    assert QuoteUnlock.objects.filter(user=user, quote__rule="first_session").count() == 1


def test_a_lost_race_leaves_the_callers_transaction_usable(user, session, monkeypatch):
    stale = list(quote_unlocks.locked_quotes(user))
    QuoteUnlock.objects.create(
        user=user, quote=Quote.objects.get(rule="first_session"), unlocked_at=NOW
    )
    monkeypatch.setattr(quote_unlocks, "locked_quotes", lambda user: stale)
    quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert WorkoutSession.objects.filter(pk=session.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_two_requests_racing_for_one_quote_unlock_it_once(monkeypatch):
    load_all(apps)  # transactional tests start from an empty database
    user = UserFactory()
    session = finished(user, NOW - dt.timedelta(hours=2))
    both_read = threading.Barrier(2, timeout=10)
    real_locked_quotes = quote_unlocks.locked_quotes

    def locked_then_wait(user):
        quotes = list(real_locked_quotes(user))
        both_read.wait()  # neither writes until both have seen the quote as locked
        return quotes

    monkeypatch.setattr(quote_unlocks, "locked_quotes", locked_then_wait)
    results, errors = [], []

    def request():
        try:
            results.append(
                rules(quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW))
            )
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=request) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert errors == []
    assert sum("first_session" in found for found in results) == 1
    assert QuoteUnlock.objects.filter(user=user, quote__rule="first_session").count() == 1


# ---------- cost ----------


def history(user, builtin, sessions):
    start = NOW - dt.timedelta(days=sessions + 1)
    for day in range(sessions):
        session = finished(user, start + dt.timedelta(days=day))
        SetFactory(entry__session=session, entry__exercise=builtin, reps=1, load_kg=1.0)


def queries_to_log_a_set(user, builtin):
    session = SessionFactory(user=user, started_at=NOW - dt.timedelta(minutes=30))
    entry = EntryFactory(session=session, exercise=builtin)
    with CaptureQueriesContext(connection) as context:
        actions.log_set(entry, {"reps": 1, "load_kg": 1.0}, NOW)
    return len(context.captured_queries)


def test_evaluating_a_logged_set_costs_a_few_queries(user, builtin, django_assert_max_num_queries):
    history(user, builtin, 10)
    session = SessionFactory(user=user, started_at=NOW - dt.timedelta(minutes=30))
    logged = SetFactory(entry__session=session, entry__exercise=builtin, reps=1, load_kg=1.0)
    with django_assert_max_num_queries(5):
        quote_unlocks.evaluate(
            user, "set_logged", session=session, now=NOW, logged_set=logged, new_records=[]
        )


def test_the_cost_of_logging_a_set_does_not_grow_with_history(builtin):
    short, long = UserFactory(), UserFactory()
    history(short, builtin, 10)
    history(long, builtin, 200)
    assert queries_to_log_a_set(short, builtin) == queries_to_log_a_set(long, builtin)


def reads_to_finish_a_session(user):
    """SELECTs only: a long history earns more quotes, and each unlock is its own insert."""
    session = SessionFactory(user=user, started_at=NOW - dt.timedelta(minutes=30))
    with CaptureQueriesContext(connection) as context:
        actions.finish_session(session, NOW)
    return sum(query["sql"].startswith("SELECT") for query in context.captured_queries)


def test_the_reads_to_finish_a_session_do_not_grow_with_history(builtin):
    short, long = UserFactory(), UserFactory()
    history(short, builtin, 10)
    history(long, builtin, 200)
    assert reads_to_finish_a_session(short) == reads_to_finish_a_session(long)


def test_evaluating_a_finished_session_costs_under_ten_queries(
    user, session, django_assert_max_num_queries
):
    QuoteUnlock.objects.create(
        user=user, quote=Quote.objects.get(rule="first_session"), unlocked_at=NOW
    )
    with django_assert_max_num_queries(9):
        quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)


def test_a_user_with_nothing_left_to_earn_pays_one_query(user, session, django_assert_num_queries):
    QuoteUnlock.objects.bulk_create(
        [QuoteUnlock(user=user, quote=quote, unlocked_at=NOW) for quote in Quote.objects.all()]
    )
    with django_assert_num_queries(1):
        quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)


def test_a_logged_set_reads_only_the_locked_quotes_and_the_running_totals(
    user, session, builtin, django_assert_num_queries
):
    logged = SetFactory(entry__session=session, entry__exercise=builtin, reps=1, load_kg=1.0)
    with django_assert_num_queries(2):  # locked quotes, totals from the roll-ups
        quote_unlocks.evaluate(
            user, "set_logged", session=session, now=NOW, logged_set=logged, new_records=[]
        )


def test_a_set_adding_nothing_to_the_totals_reads_only_the_locked_quotes(
    user, session, builtin, django_assert_num_queries
):
    logged = SetFactory(entry__session=session, entry__exercise=builtin, reps=8, load_kg=None)
    with django_assert_num_queries(1):
        quote_unlocks.evaluate(
            user, "set_logged", session=session, now=NOW, logged_set=logged, new_records=[]
        )


# ---------- facts from sets ----------


def test_working_sets_reaching_10_tonnes_unlock_the_volume_quote(user, session, builtin):
    log(session, builtin, reps=5, load_kg=1000.0)
    assert "volume_10t" in rules(log(session, builtin, reps=5, load_kg=1000.0))


def test_warm_up_sets_do_not_count_towards_volume(user, session, builtin):
    log(session, builtin, reps=5, load_kg=1000.0)
    assert "volume_10t" not in rules(log(session, builtin, reps=5, load_kg=1000.0, is_warmup=True))


def test_volume_just_short_of_10_tonnes_stays_locked(user, session, builtin):
    assert "volume_10t" not in rules(log(session, builtin, reps=1, load_kg=9999.0))


def test_distance_adds_up_across_sets_to_42_km(user, session, builtin):
    log(session, builtin, reps=None, load_kg=None, distance_m=21_000.0)
    assert "distance_42k" in rules(
        log(session, builtin, reps=None, load_kg=None, distance_m=21_000.0)
    )


def test_distance_just_short_of_42_km_stays_locked(user, session, builtin):
    assert "distance_42k" not in rules(
        log(session, builtin, reps=None, load_kg=None, distance_m=41_999.0)
    )


def test_a_punch_force_reading_of_700_unlocks(user, session, builtin):
    found = rules(log(session, builtin, force_psi=700))
    assert "punch_force_700" in found
    assert "punch_force_1850" not in found


def test_a_power_reading_unlocks(user, session, builtin):
    assert "power_reading" in rules(log(session, builtin, power_w=300))


def test_a_heart_rate_reading_unlocks(user, session, builtin):
    assert "heart_rate_reading" in rules(log(session, builtin, heart_rate_bpm=150))


def test_a_set_at_rpe_10_unlocks(user, session, builtin):
    assert "rpe_10" in rules(log(session, builtin, rpe=10))


def test_a_set_at_rpe_9_5_does_not(user, session, builtin):
    assert "rpe_10" not in rules(log(session, builtin, rpe="9.5"))


def test_a_set_of_a_built_in_exercise_is_not_a_custom_exercise(user, session, builtin):
    assert "first_custom_exercise" not in rules(log(session, builtin))


def test_a_set_of_an_own_exercise_unlocks_the_custom_exercise_quote(user, session):
    assert "first_custom_exercise" in rules(log(session))  # the factory's exercise is the user's


def test_new_records_from_the_event_unlock_the_first_record_quote(user, session, builtin):
    logged = SetFactory(entry__session=session, entry__exercise=builtin)
    record = PersonalRecord.objects.create(
        user=user,
        exercise=builtin,
        logged_set=logged,
        kind="heaviest",
        value=100.0,
        achieved_at=NOW,
    )
    quotes = quote_unlocks.evaluate(
        user, "set_logged", session=session, now=NOW, logged_set=logged, new_records=[record]
    )
    assert "first_record" in rules(quotes)


def test_a_set_without_records_does_not_unlock_the_first_record_quote(user, session, builtin):
    assert "first_record" not in rules(log(session, builtin))


def test_real_logging_earns_the_first_record_on_the_second_heavier_set(user, session, builtin):
    entry = EntryFactory(session=session, exercise=builtin)
    actions.log_set(entry, {"reps": 5, "load_kg": 60.0}, NOW)
    outcome = actions.log_set(entry, {"reps": 5, "load_kg": 70.0}, NOW)
    assert "first_record" in rules(outcome.unlocked_quotes)


# ---------- facts from finished sessions ----------


def test_the_tenth_finished_workout_unlocks_sessions_10(user):
    for day in range(9):
        finished(user, NOW - dt.timedelta(days=20 - day))
    assert "sessions_10" in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_the_ninth_finished_workout_does_not_unlock_sessions_10(user):
    for day in range(8):
        finished(user, NOW - dt.timedelta(days=20 - day))
    assert "sessions_10" not in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_unfinished_sessions_do_not_count(user):
    for day in range(9):
        SessionFactory(user=user, started_at=NOW - dt.timedelta(days=20 - day))
    assert "sessions_10" not in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_a_natural_workout_unlocks_the_first_natural_quote(user):
    found = rules(finish(user, NOW - dt.timedelta(hours=2), style="natural"))
    assert "first_natural_session" in found
    assert "first_high_tech_session" not in found


def test_a_high_tech_workout_unlocks_the_first_high_tech_quote(user):
    assert "first_high_tech_session" in rules(
        finish(user, NOW - dt.timedelta(hours=2), style="high_tech")
    )


def test_a_workout_in_both_styles_counts_as_each(user):
    found = rules(finish(user, NOW - dt.timedelta(hours=2), style="both"))
    assert {"first_natural_session", "first_high_tech_session"} <= found


def test_a_session_rpe_of_10_unlocks(user):
    assert "rpe_10" in rules(finish(user, NOW - dt.timedelta(hours=2), rpe=10))


def test_a_90_minute_workout_unlocks_the_long_session_quote(user):
    assert "long_session_90min" in rules(finish(user, NOW - dt.timedelta(hours=3), minutes=90))


def test_an_89_minute_workout_does_not(user):
    assert "long_session_90min" not in rules(finish(user, NOW - dt.timedelta(hours=3), minutes=89))


def test_a_late_christmas_workout_in_utc_minus_8_unlocks_the_christmas_quote(user):
    set_zone(user, "America/Los_Angeles")
    start = dt.datetime(2025, 12, 26, 7, 30, tzinfo=UTC)  # 23:30 on 25 December in LA
    assert "christmas_session" in rules(finish(user, start))


def test_a_workout_on_utc_christmas_that_is_christmas_eve_locally_does_not(user):
    set_zone(user, "America/Los_Angeles")
    start = dt.datetime(2025, 12, 25, 7, 30, tzinfo=UTC)  # 23:30 on 24 December in LA
    assert "christmas_session" not in rules(finish(user, start))


def test_a_workout_started_at_5_59_local_time_is_early(user):
    set_zone(user, "America/Los_Angeles")
    start = dt.datetime(2026, 1, 10, 13, 59, tzinfo=UTC)  # 05:59 in LA
    assert "early_session" in rules(finish(user, start))


def test_a_workout_started_at_6_00_local_time_is_not_early(user):
    set_zone(user, "America/Los_Angeles")
    start = dt.datetime(2026, 1, 10, 14, 0, tzinfo=UTC)  # 06:00 in LA, 14:00 UTC
    assert "early_session" not in rules(finish(user, start))


# Monday 2 March 2026 .. Sunday 8 March 2026.
MONDAY = dt.datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
SUNDAY = dt.datetime(2026, 3, 8, 12, 0, tzinfo=UTC)


def test_natural_monday_and_high_tech_sunday_are_one_monday_week(user):
    finished(user, MONDAY, style="natural")
    assert "both_styles_one_week" in rules(finish(user, SUNDAY, style="high_tech"))


def test_with_weeks_starting_sunday_they_are_two_weeks(user):
    set_zone(user, "UTC", week_start=6)
    finished(user, MONDAY, style="natural")
    assert "both_styles_one_week" not in rules(finish(user, SUNDAY, style="high_tech"))


def test_two_natural_sessions_in_a_week_do_not_unlock_both_styles(user):
    finished(user, MONDAY, style="natural")
    assert "both_styles_one_week" not in rules(finish(user, SUNDAY, style="natural"))


def test_three_local_days_in_a_row_unlock_the_3_day_streak(user):
    set_zone(user, "America/Los_Angeles")
    finished(user, dt.datetime(2026, 3, 8, 18, 0, tzinfo=UTC))  # 8 March, 11:00 in LA
    finished(user, dt.datetime(2026, 3, 10, 6, 30, tzinfo=UTC))  # 9 March, 23:30 in LA
    assert "streak_3" in rules(finish(user, dt.datetime(2026, 3, 10, 18, 0, tzinfo=UTC)))


def test_the_same_utc_days_are_a_gap_in_utc_minus_7(user):
    set_zone(user, "America/Los_Angeles")
    finished(user, dt.datetime(2026, 3, 8, 18, 0, tzinfo=UTC))  # 8 March in LA
    finished(user, dt.datetime(2026, 3, 9, 6, 30, tzinfo=UTC))  # still 8 March in LA
    assert "streak_3" not in rules(finish(user, dt.datetime(2026, 3, 10, 18, 0, tzinfo=UTC)))


def test_thirty_days_in_a_row_unlock_the_30_day_streak(user):
    for day in range(1, 30):
        finished(user, NOW - dt.timedelta(days=day, hours=2))
    assert "streak_30" in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_twenty_nine_days_in_a_row_do_not(user):
    for day in range(1, 29):
        finished(user, NOW - dt.timedelta(days=day, hours=2))
    assert "streak_30" not in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_a_workout_after_14_days_off_is_a_comeback(user):
    finished(user, NOW - dt.timedelta(days=15))
    assert "comeback_14" in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_a_workout_after_13_days_off_is_not(user):
    finished(user, NOW - dt.timedelta(days=14))
    assert "comeback_14" not in rules(finish(user, NOW - dt.timedelta(hours=2)))


def test_a_first_ever_workout_is_not_a_comeback(user):
    assert "comeback_14" not in rules(finish(user, NOW - dt.timedelta(hours=2)))


def with_record(session, builtin):
    logged = SetFactory(entry__session=session, entry__exercise=builtin)
    PersonalRecord.objects.create(
        user=session.user,
        exercise=builtin,
        logged_set=logged,
        kind="heaviest",
        value=logged.load_kg,
        achieved_at=session.started_at,
    )
    return session


def test_records_in_three_sessions_running_unlock(user, builtin):
    for day in (3, 2, 1):
        with_record(finished(user, NOW - dt.timedelta(days=day)), builtin)
    session = with_record(finished(user, NOW - dt.timedelta(hours=2)), builtin)
    quotes = quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert "records_three_sessions_running" in rules(quotes)


def test_a_session_without_a_record_breaks_the_run(user, builtin):
    with_record(finished(user, NOW - dt.timedelta(days=3)), builtin)
    finished(user, NOW - dt.timedelta(days=2))
    with_record(finished(user, NOW - dt.timedelta(days=1)), builtin)
    session = with_record(finished(user, NOW - dt.timedelta(hours=2)), builtin)
    quotes = quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    assert "records_three_sessions_running" not in rules(quotes)


# ---------- facts from plans ----------


@pytest.fixture
def enrolment(user):
    plan = Plan.objects.get(slug="siberian-natural")
    return Enrolment.objects.create(user=user, plan=plan, start_date=NOW.date())


def do_days(enrolment, days):
    last = None
    for index, day in enumerate(days):
        last = finished(
            enrolment.user,
            NOW - dt.timedelta(days=40 - index),
            plan_day=day,
            enrolment=enrolment,
            style="natural",
        )
    return quote_unlocks.evaluate(enrolment.user, "plan_day_done", session=last, now=NOW)


def test_every_day_of_a_plan_week_done_unlocks_the_week_quote(enrolment):
    assert "plan_week_complete" in rules(do_days(enrolment, enrolment.plan.days.filter(week=1)))


def test_a_plan_week_one_day_short_does_not(enrolment):
    days = list(enrolment.plan.days.filter(week=1))[:-1]
    assert "plan_week_complete" not in rules(do_days(enrolment, days))


def test_plan_days_done_in_another_enrolment_do_not_count(enrolment):
    days = list(enrolment.plan.days.filter(week=1))
    old = Enrolment.objects.create(
        user=enrolment.user, plan=enrolment.plan, start_date=NOW.date(), status="ended"
    )
    finished(enrolment.user, NOW - dt.timedelta(days=50), plan_day=days[0], enrolment=old)
    assert "plan_week_complete" not in rules(do_days(enrolment, days[1:]))


def test_every_day_of_the_plan_done_unlocks_the_plan_quote(enrolment):
    assert "plan_complete" in rules(do_days(enrolment, enrolment.plan.days.all()))


def test_a_plan_one_day_short_does_not(enrolment):
    days = list(enrolment.plan.days.all())[:-1]
    assert "plan_complete" not in rules(do_days(enrolment, days))


def test_finishing_a_plan_session_also_counts_its_day(enrolment):
    days = list(enrolment.plan.days.filter(week=1))
    do_days(enrolment, days[:-1])
    session = finished(
        enrolment.user, NOW - dt.timedelta(hours=2), plan_day=days[-1], enrolment=enrolment
    )
    quotes = quote_unlocks.evaluate(enrolment.user, "session_finished", session=session, now=NOW)
    assert "plan_week_complete" in rules(quotes)


# ---------- progress ----------


def test_progress_counts_the_users_unlocks_of_all_quotes(user, other_user, session):
    quote_unlocks.evaluate(user, "session_finished", session=session, now=NOW)
    finish(other_user, NOW - dt.timedelta(hours=1), style="natural")
    assert quote_unlocks.progress(user) == (len(unlocked(user)), Quote.objects.count())


# ---------- replaying a history that was not logged live (demo seed, imports) ----------


def seeded_session(user, exercise, start, **set_values):
    """A finished session whose set went in without the rules, as a bulk import would."""
    session = finished(user, start)
    logged = SetFactory(
        entry=EntryFactory(session=session, exercise=exercise), logged_at=start, **set_values
    )
    rollups.refresh_session_summary(session)
    return session, logged


def unlocked_at(user, rule):
    return QuoteUnlock.objects.get(user=user, quote__rule=rule).unlocked_at


def test_replay_unlocks_the_first_workout_quote_at_that_workout(user, builtin):
    first, _ = seeded_session(user, builtin, NOW - dt.timedelta(days=10), reps=5, load_kg=60.0)
    seeded_session(user, builtin, NOW - dt.timedelta(days=9), reps=5, load_kg=60.0)
    quote_unlocks.replay(user)
    assert unlocked_at(user, "first_session") == first.finished_at


def test_replay_dates_a_running_total_when_it_was_crossed(user, builtin):
    seeded_session(user, builtin, NOW - dt.timedelta(days=10), reps=5, load_kg=1200.0)
    second, logged = seeded_session(
        user, builtin, NOW - dt.timedelta(days=9), reps=5, load_kg=1200.0
    )
    quote_unlocks.replay(user)  # 6 t after the first session, 12 t after the second
    assert unlocked_at(user, "volume_10t") == logged.logged_at


def test_replay_unlocks_a_reading_from_the_set_that_had_it(user):
    punch = Exercise.objects.builtin().filter(reads_force=True).first()
    seeded_session(user, punch, NOW - dt.timedelta(days=3), reps=10, force_psi=1900)
    quote_unlocks.replay(user)
    assert {"punch_force_700", "punch_force_1850"} <= set(
        QuoteUnlock.objects.filter(user=user).values_list("quote__rule", flat=True)
    )


def test_replaying_twice_unlocks_nothing_more(user, builtin):
    seeded_session(user, builtin, NOW - dt.timedelta(days=10), reps=5, load_kg=60.0)
    quote_unlocks.replay(user)
    assert quote_unlocks.replay(user) == 0


def test_replay_counts_only_the_workouts_finished_up_to_the_one_replayed(user):
    """Found by the export round trip: replay counted later workouts too, so the first
    high-tech quote was dated at the very first (natural) workout."""
    finished(user, NOW - dt.timedelta(days=10), style="natural")
    high_tech = finished(user, NOW - dt.timedelta(days=9), style="high_tech")
    quote_unlocks.replay(user)
    assert unlocked_at(user, "first_high_tech_session") == high_tech.finished_at


def test_replay_unlocks_a_reading_logged_in_a_workout_not_yet_finished(user):
    """Found by the export round trip: live, a reading unlocks its quote as it is logged,
    whether or not the workout is finished later; replay skipped unfinished workouts."""
    punch = Exercise.objects.builtin().filter(reads_force=True).first()
    session = SessionFactory(user=user, started_at=NOW - dt.timedelta(hours=2))
    logged = SetFactory(
        entry=EntryFactory(session=session, exercise=punch),
        logged_at=NOW - dt.timedelta(hours=1),
        reps=10,
        force_psi=1900,
    )
    rollups.refresh_session_summary(session)
    quote_unlocks.replay(user)
    assert unlocked_at(user, "punch_force_1850") == logged.logged_at


def test_replay_counts_a_running_total_whose_workout_ends_with_a_set_that_adds_nothing(user):
    """Found by the export round trip: replay read the totals at each workout's last set only,
    and a last set with no volume or distance reads none, so the total was never checked."""
    run = Exercise.objects.get(slug="snow-run")
    session = finished(user, NOW - dt.timedelta(days=3))
    entry = EntryFactory(session=session, exercise=run)
    far = SetFactory(
        entry=entry,
        position=1,
        logged_at=session.started_at,
        reps=None,
        load_kg=None,
        distance_m=43_000.0,
    )
    SetFactory(
        entry=entry,
        position=2,
        logged_at=session.started_at + dt.timedelta(minutes=1),
        reps=None,
        load_kg=None,
        duration_s=60,
    )
    rollups.refresh_session_summary(session)
    quote_unlocks.replay(user)
    assert unlocked_at(user, "distance_42k") == far.logged_at


def test_replay_dates_both_styles_in_a_week_at_the_workout_that_completed_it(user):
    """Found by the export round trip: replay saw the later workouts of the same week."""
    monday = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # the profile's week starts on Monday
    finished(user, monday, style="high_tech")
    saturday = finished(user, monday + dt.timedelta(days=5), style="natural")
    quote_unlocks.replay(user)
    assert unlocked_at(user, "both_styles_one_week") == saturday.finished_at


def test_replay_dates_a_streak_at_its_third_day(user):
    first = dt.datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    for day in range(4):
        session = finished(user, first + dt.timedelta(days=day))
        if day == 2:
            third = session
    quote_unlocks.replay(user)
    assert unlocked_at(user, "streak_3") == third.finished_at
