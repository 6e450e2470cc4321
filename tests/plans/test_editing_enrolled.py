"""Editing a plan someone follows: days done keep what was logged, upcoming days follow the new
plan, the schedule states stay true."""

import datetime as dt

import pytest

from tests.plans.helpers import bench, do_day, linear_plan
from workouts.models import PlanDay, PlanItem
from workouts.plans import actions as plan_actions
from workouts.plans import editing, position
from workouts.rules import scheduling

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 16, 9, 0, tzinfo=UTC)  # Monday, week 2 day 1 of the enrolment
WEEK_AGO = NOW - dt.timedelta(days=7)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def enrolment(user):
    plan = linear_plan(user)
    enrolment = plan_actions.enrol(user, plan, WEEK_AGO, start_date=WEEK_AGO.date())
    do_day(enrolment, 1, when=WEEK_AGO)
    return enrolment


def states(enrolment):
    days = position.plan_days(enrolment.plan, with_items=False)
    schedule = position.schedule(enrolment, days, dt.UTC, NOW.date())
    return {(s.plan_day.week, s.plan_day.day): s.when.state for s in schedule.slots}


def item(plan, week):
    return PlanItem.objects.get(day__plan=plan, day__week=week)


def test_editing_a_done_days_item_keeps_the_sessions_target(enrolment):
    done = item(enrolment.plan, 1)
    session_entry = enrolment.sessions.get().entries.get()
    done.load_kg = 80.0
    editing.save_item(done)
    session_entry.refresh_from_db()
    assert session_entry.plan_item.load_kg == 60.0
    assert item(enrolment.plan, 1).load_kg == 80.0


def test_editing_a_done_days_item_keeps_the_day_done(enrolment):
    done = item(enrolment.plan, 1)
    done.sets = 5
    editing.save_item(done)
    assert states(enrolment)[(1, 1)] == scheduling.DONE


def test_editing_an_upcoming_item_changes_what_is_prescribed(enrolment):
    upcoming = item(enrolment.plan, 3)
    upcoming.sets = 5
    editing.save_item(upcoming)
    assert item(enrolment.plan, 3).sets == 5
    assert PlanItem._base_manager.filter(day__plan=enrolment.plan, current=False).count() == 0


def test_a_day_with_a_logged_session_cannot_be_removed(enrolment):
    day = PlanDay.objects.get(plan=enrolment.plan, week=1)
    with pytest.raises(editing.Refused):
        editing.remove_day(day)
    assert states(enrolment)[(1, 1)] == scheduling.DONE


def test_a_week_with_a_logged_session_cannot_be_removed(enrolment):
    with pytest.raises(editing.Refused):
        editing.remove_week(enrolment.plan, 1)


def test_a_new_upcoming_day_is_upcoming(enrolment):
    editing.save_day(PlanDay(plan=enrolment.plan, week=2, day=3, title="Extra"))
    assert states(enrolment)[(2, 3)] == scheduling.UPCOMING


def test_removing_an_upcoming_week_moves_later_days_earlier_and_keeps_done_days(enrolment):
    editing.remove_week(enrolment.plan, 2)
    got = states(enrolment)
    assert got[(1, 1)] == scheduling.DONE
    assert got[(2, 1)] == scheduling.TODAY  # the old week 3 day is due today
    assert (3, 1) not in got


def test_duplicating_a_week_pushes_later_days_and_keeps_done_days(enrolment):
    editing.duplicate_week(enrolment.plan, 1)
    got = states(enrolment)
    assert got[(1, 1)] == scheduling.DONE
    assert got[(2, 1)] == scheduling.TODAY  # the copy of week 1 is not done by week 1's session
    assert got[(4, 1)] == scheduling.UPCOMING


def test_moving_a_done_day_later_keeps_it_done(enrolment):
    day = PlanDay.objects.get(plan=enrolment.plan, week=1, day=1)
    editing.move_day(day, up=False)
    assert states(enrolment)[(1, 2)] == scheduling.DONE


def test_turning_the_last_day_into_a_rest_day_takes_it_off_the_schedule(enrolment):
    day = PlanDay.objects.get(plan=enrolment.plan, week=3)
    day.rest_day = True
    editing.save_day(day)
    assert (3, 1) not in states(enrolment)


def test_finishing_the_last_training_day_completes_the_plan_when_a_rest_day_follows(
    enrolment,
):
    editing.save_day(PlanDay(plan=enrolment.plan, week=3, day=2, title="Rest", rest_day=True))
    do_day(enrolment, 2, when=NOW)
    do_day(enrolment, 3, when=NOW)
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"


def test_adding_an_item_to_an_upcoming_day_shows_on_its_session(enrolment):
    day = PlanDay.objects.get(plan=enrolment.plan, week=2)
    editing.save_item(PlanItem(day=day, exercise=bench(), sets=1, reps=1, load_rule=""))
    session = plan_actions.start_plan_day(enrolment, day, NOW)
    assert session.entries.count() == 2
