"""/plans/<slug>/ for an enrolled user: each day's date and state, and progress."""

import datetime as dt
import re

import pytest

from tests.factories import (
    EnrolmentFactory,
    SessionFactory,
    SetFactory,
    finished_plan_session,
    plan_day,
)
from workouts.models import SkippedDay

UTC = dt.UTC
URL = "/plans/drago-high-tech/"
NOW = dt.datetime(2025, 6, 12, 9, 0, tzinfo=UTC)

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def enrolment(user):
    return EnrolmentFactory(
        user=user, start_date=dt.date(2025, 6, 9), fight_date=dt.date(2025, 7, 21)
    )


def words(response):
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def day_card(response, day):
    """The visible words of one plan day's card."""
    html = response.content.decode()
    start = html.index(f"<h3>{day.title}</h3>")
    card = html[html.rindex("<li", 0, start) : html.index("</ul>", start)]
    return " ".join(re.sub(r"<[^>]+>", " ", card).split())


def test_each_day_shows_its_date_and_state(auth_client, enrolment):
    done = finished_plan_session(enrolment, 1, 1, dt.datetime(2025, 6, 9, 8, tzinfo=UTC))
    finished_plan_session(enrolment, 1, 2, dt.datetime(2025, 6, 11, 8, tzinfo=UTC))
    SkippedDay.objects.create(enrolment=enrolment, plan_day=plan_day(enrolment, 2, 1))
    response = auth_client.get(URL)
    assert "Mon 9 Jun" in day_card(response, plan_day(enrolment, 1, 1))
    assert "Done" in day_card(response, plan_day(enrolment, 1, 1))
    assert "Done late · 11 Jun" in day_card(response, plan_day(enrolment, 1, 2))
    assert "Today" in day_card(response, plan_day(enrolment, 1, 4))
    assert "Upcoming" in day_card(response, plan_day(enrolment, 1, 6))
    assert "Skipped" in day_card(response, plan_day(enrolment, 2, 1))
    assert f'href="/sessions/{done.pk}/">Done' in response.content.decode()


def test_a_day_left_undone_is_missed(auth_client, enrolment):
    response = auth_client.get(URL)
    assert "Missed" in day_card(response, plan_day(enrolment, 1, 1))


def test_progress_shows_week_days_done_adherence_and_countdown(auth_client, enrolment):
    finished_plan_session(enrolment, 1, 1, dt.datetime(2025, 6, 9, 8, tzinfo=UTC))
    page = words(auth_client.get(URL))
    assert "Week 1 of 6" in page
    assert "1 / 28 days done" in page
    assert "50% on time (1 of 2 due)" in page
    assert "39 days to Moscow" in page


def test_a_session_of_another_enrolment_does_not_count(auth_client, user, enrolment):
    old = EnrolmentFactory(user=user, status="ended")
    finished_plan_session(old, 1, 1, dt.datetime(2025, 6, 9, 8, tzinfo=UTC))
    assert "0 / 28 days done" in words(auth_client.get(URL))


def test_the_other_plan_offers_a_switch_not_a_schedule(auth_client, enrolment):
    page = words(auth_client.get("/plans/siberian-natural/"))
    assert "Switch to this plan" in page
    assert "days done" not in page


def test_not_enrolled_it_offers_to_start(auth_client):
    html = auth_client.get(URL).content.decode()
    assert 'href="/plans/drago-high-tech/enrol/">Start this plan' in html
    assert "state-badge" not in html


def test_another_users_schedule_is_never_shown(auth_client, other_user):
    EnrolmentFactory(user=other_user, start_date=dt.date(2025, 6, 9))
    html = auth_client.get(URL).content.decode()
    assert "state-badge" not in html and "Start this plan" in html


def test_it_offers_pause_restart_and_leave(auth_client, enrolment):
    html = auth_client.get(URL).content.decode()
    for action in ("pause", "restart", "leave"):
        assert f"/enrolments/{enrolment.pk}/{action}/" in html


def make_history(enrolment, days):
    for day in list(enrolment.plan.days.all())[:days]:
        started = dt.datetime.combine(enrolment.start_date, dt.time(8), tzinfo=UTC) + dt.timedelta(
            days=day.offset
        )
        session = finished_plan_session(enrolment, day.week, day.day, started)
        SetFactory(entry__session=session)
        SessionFactory(user=enrolment.user, started_at=started, finished_at=started)


@pytest.mark.parametrize("history", [1, 25])
def test_it_runs_a_fixed_number_of_queries(
    auth_client, user, history, django_assert_max_num_queries
):
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 5, 1))
    make_history(enrolment, history)
    with django_assert_max_num_queries(13):  # 9, and four for the user's resolved targets
        response = auth_client.get(URL)
    assert response.status_code == 200
