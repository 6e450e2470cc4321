"""Resolved targets on /today/ and the logging page: the number for this user this week,
rounded to their loadable step, with the rule beside it."""

import datetime as dt
import html
import re

import pytest

from tests.plans.helpers import bench, do_day, linear_plan
from workouts.models import PlanDay, PlanItem
from workouts.plans import actions as plan_actions
from workouts.plans import editing

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 16, 9, 0, tzinfo=UTC)  # Monday 16 June
WEEK_AGO = NOW - dt.timedelta(days=7)

pytestmark = pytest.mark.usefixtures("frozen")


def words(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def plan(user):
    return linear_plan(user)


@pytest.fixture
def enrolment(user, plan):
    """In week 2 today (started a week ago, on a Monday)."""
    return plan_actions.enrol(user, plan, WEEK_AGO, start_date=WEEK_AGO.date())


def test_a_week_with_every_set_done_moves_the_load_on(auth_client, enrolment):
    do_day(enrolment, 1, when=WEEK_AGO)
    page = words(auth_client.get("/today/"))
    assert "3 × 5 reps @ 62.5 kg (+2.5 kg: last week all done)" in page


def test_a_short_week_repeats_the_load(auth_client, enrolment):
    do_day(enrolment, 1, reps=(5, 5, 3), when=WEEK_AGO)
    page = words(auth_client.get("/today/"))
    assert "@ 60 kg (repeat: last week not all done)" in page


def test_a_missed_week_repeats_the_load(auth_client, enrolment):
    assert "@ 60 kg (repeat: last week not all done)" in words(auth_client.get("/today/"))


def test_a_lb_user_sees_the_target_in_lb_rounded_to_5_lb(auth_client, user, enrolment):
    user.profile.weight_unit = "lb"
    user.profile.save()
    do_day(enrolment, 1, when=WEEK_AGO)
    # 62.5 kg = 137.8 lb -> 140 lb
    assert "@ 140 lb" in words(auth_client.get("/today/"))


def test_the_users_own_step_rounds_the_target(auth_client, user, plan, enrolment):
    PlanItem.objects.filter(day__plan=plan).update(load_kg=61.0, progression="")
    user.profile.load_step = 1.0
    user.profile.save()
    assert "@ 61 kg" in words(auth_client.get("/today/"))


def test_an_e1rm_rule_resolves_from_the_users_best_e1rm(auth_client, user, plan, enrolment):
    PlanItem.objects.filter(day__plan=plan).update(
        load_rule="e1rm", load_percent=75, load_kg=None, progression=""
    )
    do_day(enrolment, 1, reps=(1,), load=100.0, when=WEEK_AGO)  # e1RM 100 kg
    page = words(auth_client.get("/today/"))
    assert "@ 75 kg (75% e1RM)" in page


def test_an_e1rm_rule_without_an_e1rm_says_how_to_get_one(auth_client, plan, enrolment):
    PlanItem.objects.filter(day__plan=plan).update(
        load_rule="e1rm", load_percent=75, load_kg=None, progression=""
    )
    assert "75% e1RM: log this lift once to get a number" in words(auth_client.get("/today/"))


def test_last_time_rule_uses_the_last_sessions_top_load(auth_client, plan, enrolment):
    PlanItem.objects.filter(day__plan=plan).update(load_rule="last", load_kg=None, progression="")
    do_day(enrolment, 1, load=72.5, when=WEEK_AGO)
    assert "@ 72.5 kg (last time)" in words(auth_client.get("/today/"))


def test_a_deload_week_shows_the_deload_percentage(auth_client, plan, enrolment):
    PlanItem.objects.filter(day__plan=plan).update(deload_week=2, deload_percent=60)
    do_day(enrolment, 1, when=WEEK_AGO)
    assert "@ 37.5 kg (deload 60%)" in words(auth_client.get("/today/"))


def test_the_logging_page_shows_the_resolved_target_and_fills_it(auth_client, enrolment):
    do_day(enrolment, 1, when=WEEK_AGO)
    day = PlanDay.objects.get(plan=enrolment.plan, week=2)
    session = plan_actions.start_plan_day(enrolment, day, NOW)
    response = auth_client.get(f"/sessions/{session.pk}/")
    assert "Target 3 × 5 reps @ 62.5 kg (+2.5 kg: last week all done)" in words(response)
    assert '"load": "62.5"' in response.content.decode()


def test_next_weeks_target_moves_once_this_week_is_logged(auth_client, user, plan, enrolment):
    do_day(enrolment, 1, when=WEEK_AGO)
    do_day(enrolment, 2, load=62.5, when=NOW)
    week3 = PlanDay.objects.get(plan=plan, week=3)
    session = plan_actions.start_plan_day(enrolment, week3, NOW)
    assert "@ 65 kg" in words(auth_client.get(f"/sessions/{session.pk}/"))


def test_the_themed_plans_percentages_resolve_on_today(auth_client, user):
    from workouts.logbook import actions
    from workouts.models import Plan

    drago = Plan.objects.get(slug="drago-high-tech")
    enrolment = plan_actions.enrol(user, drago, NOW, start_date=NOW.date() - dt.timedelta(days=1))
    free = actions.start_session(user, WEEK_AGO)
    entry = actions.add_exercise(free, bench())
    actions.log_set(entry, {"reps": 1, "load_kg": 100.0}, WEEK_AGO)
    assert enrolment  # week 1 day 2 today: bench 3 x 8 at 65% 1RM
    assert "@ 65 kg (65% e1RM)" in words(auth_client.get("/today/"))


def history(user, sessions):
    from tests.factories import EntryFactory, SessionFactory, SetFactory

    for n in range(sessions):
        when = NOW - dt.timedelta(days=30 + n)
        session = SessionFactory(user=user, started_at=when, finished_at=when)
        SetFactory(entry=EntryFactory(session=session, exercise=bench()), load_kg=50 + n)


def test_today_runs_a_fixed_number_of_queries_whatever_the_plan_and_history(
    auth_client, user, enrolment, django_assert_max_num_queries
):
    do_day(enrolment, 1, when=WEEK_AGO)
    with django_assert_max_num_queries(16) as small:
        auth_client.get("/today/")
    history(user, 20)
    for _ in range(3):
        editing.duplicate_week(enrolment.plan, 3)
    with django_assert_max_num_queries(16) as large:
        auth_client.get("/today/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_logging_page_runs_a_fixed_number_of_queries_whatever_the_history(
    auth_client, user, enrolment, django_assert_max_num_queries
):
    do_day(enrolment, 1, when=WEEK_AGO)
    day = PlanDay.objects.get(plan=enrolment.plan, week=2)
    session = plan_actions.start_plan_day(enrolment, day, NOW)
    with django_assert_max_num_queries(30) as small:
        auth_client.get(f"/sessions/{session.pk}/")
    history(user, 20)
    with django_assert_max_num_queries(30) as large:
        auth_client.get(f"/sessions/{session.pk}/")
    assert len(large.captured_queries) == len(small.captured_queries)


def test_the_plan_page_resolves_every_week_from_the_items_it_has(user, plan, enrolment):
    from workouts.plans import targets

    do_day(enrolment, 1, when=WEEK_AGO)
    do_day(enrolment, 2, reps=(5, 5, 3), when=NOW)
    items = list(PlanItem.objects.filter(day__plan=plan).select_related("day", "exercise"))
    fetched = targets.resolve(user, items, enrolment=enrolment)
    given = targets.resolve(user, items, enrolment=enrolment, whole_plan=True)
    assert {pk: r.target for pk, r in given.items()} == {pk: r.target for pk, r in fetched.items()}
    assert len({r.target.load_kg for r in given.values()}) > 1  # the weeks differ


def test_the_plan_page_shows_this_weeks_progressed_target(auth_client, plan, enrolment):
    do_day(enrolment, 1, when=WEEK_AGO)
    page = words(auth_client.get(f"/plans/{plan.slug}/"))
    assert "3 × 5 reps @ 62.5 kg (+2.5 kg: last week all done)" in page


def test_each_item_resolved_alone_gets_the_target_the_whole_plan_gives_it(user):
    """The plan page resolves each run of consecutive weeks once and hands every week its
    target from it: the same as resolving each item by itself, across a gap in the chain,
    logged weeks and a deload week."""
    from workouts.plans import targets

    plan = linear_plan(user, weeks=6, deload_week=5, deload_percent=60)
    PlanDay.objects.get(plan=plan, week=3).delete()  # a gap: weeks 1-2, then 4-6
    enrolment = plan_actions.enrol(user, plan, WEEK_AGO, start_date=WEEK_AGO.date())
    do_day(enrolment, 1, when=WEEK_AGO)
    do_day(enrolment, 2, reps=(5, 5, 3), when=NOW)
    items = list(PlanItem.objects.filter(day__plan=plan).select_related("day", "exercise"))
    whole = targets.resolve(user, items, enrolment=enrolment, whole_plan=True)
    alone = {item.pk: targets.resolve(user, [item], enrolment=enrolment)[item.pk] for item in items}
    assert {pk: r.target for pk, r in whole.items()} == {pk: r.target for pk, r in alone.items()}
    loads = [whole[item.pk].target.load_kg for item in sorted(items, key=lambda i: i.day.week)]
    # Week 2 moved on from a done week 1; week 4 starts a run again; week 5 deloads 60 kg to
    # 36, rounded to 35; week 6 repeats (week 4 not done).
    assert loads == [60.0, 62.5, 60.0, 35.0, 60.0]


def test_a_days_items_resolved_with_the_plans_items_given_match_those_fetched(user, plan):
    from workouts.plans import targets

    enrolment = plan_actions.enrol(user, plan, WEEK_AGO, start_date=WEEK_AGO.date())
    do_day(enrolment, 1, when=WEEK_AGO)
    every = list(PlanItem.objects.filter(day__plan=plan).select_related("day", "exercise"))
    week_two = [item for item in every if item.day.week == 2]
    given = targets.resolve(user, week_two, enrolment=enrolment, chain_items=every)
    fetched = targets.resolve(user, week_two, enrolment=enrolment)
    assert {pk: r.target for pk, r in given.items()} == {pk: r.target for pk, r in fetched.items()}
    assert [r.target.load_kg for r in given.values()] == [62.5]  # week 1 was all done
