"""Start from a plan day, repeat a workout, run a plan back from its results."""

import datetime as dt
import html
import re

import pytest

from tests.factories import EntryFactory, SessionFactory, UserFactory
from tests.plans.helpers import bench, do_day, linear_plan
from workouts.models import Enrolment, PlanDay, PlanItem, WorkoutSession
from workouts.plans import actions as plan_actions

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 16, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def words(response):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


# ---------- start from a plan day ----------


def test_session_new_offers_the_days_of_every_visible_plan(auth_client, user):
    linear_plan(user)
    response = auth_client.get("/sessions/new/")
    assert "Week 1, day 1: Bench 1" in words(response)
    assert '<optgroup label="Drago High-Tech">' in response.content.decode()


def test_starting_from_a_plan_day_prefills_its_exercises_and_targets(auth_client):
    day = PlanDay.objects.get(plan__slug="drago-high-tech", week=1, day=2)
    response = auth_client.post("/sessions/from-plan-day/", {"plan_day": day.pk})
    session = WorkoutSession.objects.get()
    assert response.url == f"/sessions/{session.pk}/"
    assert [e.plan_item_id for e in session.entries.all()] == [i.pk for i in day.items.all()]
    assert session.enrolment_id is None and session.plan_day_id is None


def test_a_free_session_from_a_day_shows_the_resolved_target(auth_client, user):
    plan = linear_plan(user)
    day = PlanDay.objects.get(plan=plan, week=1)
    auth_client.post("/sessions/from-plan-day/", {"plan_day": day.pk})
    session = WorkoutSession.objects.get()
    assert "@ 60 kg" in words(auth_client.get(f"/sessions/{session.pk}/"))


def test_another_users_plan_day_cannot_be_started(client, user):
    plan = linear_plan(user)
    client.force_login(UserFactory(username="apollo"))
    day = PlanDay.objects.get(plan=plan, week=1)
    client.post("/sessions/from-plan-day/", {"plan_day": day.pk})
    assert not WorkoutSession.objects.exists()


@pytest.mark.parametrize("value", ["", "x", "999999", "9" * 40])
def test_a_bad_plan_day_says_pick_one(auth_client, value):
    response = auth_client.post("/sessions/from-plan-day/", {"plan_day": value})
    assert response.status_code == 302
    assert not WorkoutSession.objects.exists()


# ---------- repeat this workout ----------


def test_repeat_starts_a_new_session_with_the_same_exercises(auth_client, user):
    done = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=2), finished_at=NOW)
    first = EntryFactory(session=done, exercise=bench(), order=0)
    second = EntryFactory(session=done, order=1)
    response = auth_client.post(f"/sessions/{done.pk}/repeat/")
    fresh = WorkoutSession.objects.exclude(pk=done.pk).get()
    assert response.url == f"/sessions/{fresh.pk}/"
    assert [e.exercise_id for e in fresh.entries.all()] == [first.exercise_id, second.exercise_id]
    assert fresh.title == done.title


def test_repeat_is_offered_on_a_finished_session(auth_client, user):
    done = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=2), finished_at=NOW)
    assert "Repeat this workout" in words(auth_client.get(f"/sessions/{done.pk}/"))


def test_an_unfinished_session_is_not_repeated(auth_client, user):
    live = SessionFactory(user=user)
    auth_client.post(f"/sessions/{live.pk}/repeat/")
    assert WorkoutSession.objects.count() == 1


def test_another_users_session_cannot_be_repeated(auth_client):
    other = SessionFactory(user=UserFactory(), finished_at=NOW)
    assert auth_client.post(f"/sessions/{other.pk}/repeat/").status_code == 404


# ---------- run it back ----------


@pytest.fixture
def finished_cycle(user):
    """The 3-week linear plan done to the end: 60, 62.5, then 70 kg lifted in week 3."""
    plan = linear_plan(user)
    start = NOW - dt.timedelta(days=21)
    enrolment = plan_actions.enrol(user, plan, start, start_date=start.date())
    do_day(enrolment, 1, when=start)
    do_day(enrolment, 2, load=62.5, when=start + dt.timedelta(days=7))
    do_day(enrolment, 3, load=70.0, when=start + dt.timedelta(days=14))
    enrolment.refresh_from_db()
    return enrolment


def test_the_cycle_is_completed(finished_cycle):
    assert finished_cycle.status == Enrolment.Status.COMPLETED


def test_run_it_back_re_enrols_from_today(auth_client, user, finished_cycle):
    auth_client.post(f"/enrolments/{finished_cycle.pk}/run-it-back/")
    fresh = Enrolment.objects.current().get(user=user)
    assert (fresh.plan_id, fresh.start_date) == (finished_cycle.plan_id, NOW.date())


def test_run_it_back_starts_each_chain_from_what_was_lifted_at_its_end(
    auth_client, user, finished_cycle
):
    auth_client.post(f"/enrolments/{finished_cycle.pk}/run-it-back/")
    # Week 1 of the new cycle starts from the 70 kg lifted at the end of the progression run.
    assert "@ 70 kg" in words(auth_client.get("/today/"))


def test_run_it_back_is_offered_on_the_completion_page(auth_client, finished_cycle):
    page = words(auth_client.get(f"/enrolments/{finished_cycle.pk}/complete/"))
    assert "Run it back" in page


def test_a_left_plan_can_be_run_back(auth_client, user):
    plan = linear_plan(user)
    enrolment = plan_actions.enrol(user, plan, NOW, start_date=NOW.date())
    plan_actions.leave_enrolment(enrolment, NOW)
    auth_client.post(f"/enrolments/{enrolment.pk}/run-it-back/")
    assert Enrolment.objects.current().filter(user=user, plan=plan).exists()


def test_a_current_plan_is_not_run_back(auth_client, user):
    plan = linear_plan(user)
    enrolment = plan_actions.enrol(user, plan, NOW, start_date=NOW.date())
    auth_client.post(f"/enrolments/{enrolment.pk}/run-it-back/")
    assert Enrolment.objects.filter(user=user).count() == 1


def test_another_users_enrolment_cannot_be_run_back(client, finished_cycle):
    client.force_login(UserFactory(username="apollo"))
    assert client.post(f"/enrolments/{finished_cycle.pk}/run-it-back/").status_code == 404


def test_plan_items_are_untouched_by_run_it_back(auth_client, finished_cycle):
    before = list(PlanItem.objects.filter(day__plan=finished_cycle.plan).values())
    auth_client.post(f"/enrolments/{finished_cycle.pk}/run-it-back/")
    assert list(PlanItem.objects.filter(day__plan=finished_cycle.plan).values()) == before
