import datetime as dt
import re

import pytest
import time_machine
from django.utils.html import escape

from tests.factories import (
    EnrolmentFactory,
    SessionFactory,
    SetFactory,
    UserFactory,
    finished_plan_session,
    plan_day,
)
from workouts.models import Enrolment, Plan

URL = "/today/"
UTC = dt.UTC
NOON_UTC = dt.datetime(2025, 6, 10, 12, 0, tzinfo=UTC)  # Kiritimati: 11 June; Honolulu: 10 June


def text(response):
    """The page with runs of whitespace collapsed, as a browser shows it."""
    return " ".join(response.content.decode().split())


def words(response):
    """The page's visible words: tags dropped, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def login_in_zone(client, zone):
    user = UserFactory(profile__time_zone=zone)
    client.force_login(user)
    return user


def test_without_a_plan_it_invites_to_pick_one_and_offers_a_free_session(auth_client):
    page = text(auth_client.get(URL))
    assert "Pick your path" in page
    assert 'href="/plans/"' in page
    assert 'href="/sessions/new/"' in page


@time_machine.travel(NOON_UTC, tick=False)
def test_it_shows_todays_plan_day_with_targets_and_one_start_button(auth_client, user):
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10))
    day = plan_day(enrolment, 1, 1)
    page = text(auth_client.get(URL))
    assert f'<h2 id="today-title">{day.title}</h2>' in page
    item = day.items.select_related("exercise").first()
    assert escape(item.exercise.name) in page
    assert page.count("Start today's session") == 1
    assert f'action="/enrolments/{enrolment.pk}/days/{day.pk}/start/"' in page


@time_machine.travel(NOON_UTC, tick=False)
@pytest.mark.parametrize(
    ("zone", "week_day", "missed"),
    [
        ("Pacific/Kiritimati", (1, 2), 1),  # UTC+14: already Wednesday 11 June, week 1 day 2
        ("Pacific/Honolulu", (1, 1), 0),  # UTC-10: still Tuesday 10 June, week 1 day 1
    ],
)
def test_each_user_sees_their_own_local_today(db, client, zone, week_day, missed):
    user = login_in_zone(client, zone)
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10))
    page = text(client.get(URL))
    assert f'<h2 id="today-title">{plan_day(enrolment, *week_day).title}</h2>' in page
    assert page.count("Do it now") == missed


@time_machine.travel(dt.datetime(2025, 6, 11, 10, 0, tzinfo=UTC), tick=False)
def test_a_session_finished_at_2330_local_counts_for_that_local_day(db, client):
    user = login_in_zone(client, "Pacific/Honolulu")  # now: 00:00 on 11 June in Honolulu
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10))
    # 22:45-23:30 on 10 June in Honolulu is 08:45-09:30 on 11 June in UTC.
    finished_plan_session(enrolment, 1, 1, dt.datetime(2025, 6, 11, 8, 45, tzinfo=UTC))
    page = text(client.get(URL))
    assert "Do it now" not in page  # week 1 day 1 is done on time, not missed
    assert "100%" in page
    assert "1 / 28" in page


@time_machine.travel(dt.datetime(2025, 6, 12, 9, 0, tzinfo=UTC), tick=False)
def test_on_a_rest_day_it_says_so_and_shows_the_next_training_day(auth_client, user):
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10))  # 12th: day 3
    page = text(auth_client.get(URL))
    assert "Rest day" in page
    assert plan_day(enrolment, 1, 4).title in page
    assert "Fri 13 Jun" in page or "Friday 13 Jun" in page


@time_machine.travel(dt.datetime(2025, 6, 12, 9, 0, tzinfo=UTC), tick=False)
def test_missed_days_are_listed_with_do_it_now_and_skip(auth_client, user):
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10))
    page = text(auth_client.get(URL))
    for day in (plan_day(enrolment, 1, 1), plan_day(enrolment, 1, 2)):
        assert f"/enrolments/{enrolment.pk}/days/{day.pk}/start/" in page
        assert f"/enrolments/{enrolment.pk}/days/{day.pk}/skip/" in page
    assert page.count("Do it now") == 2


@time_machine.travel(NOON_UTC, tick=False)
def test_it_counts_down_to_fight_night(auth_client, user):
    EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10), fight_date=dt.date(2025, 7, 3))
    assert "23 days to Moscow" in words(auth_client.get(URL))


@time_machine.travel(NOON_UTC, tick=False)
def test_progress_shows_the_week_days_done_and_adherence(auth_client, user):
    enrolment = EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 2))  # week 2 on the 10th
    finished_plan_session(enrolment, 1, 1, dt.datetime(2025, 6, 2, 8, tzinfo=UTC))
    finished_plan_session(enrolment, 1, 2, dt.datetime(2025, 6, 4, 8, tzinfo=UTC))  # late
    page = words(auth_client.get(URL))
    assert "Week 2 of 6" in page
    assert "2 / 28 days done" in page
    assert "20% on time (1 of 5 due)" in page  # 2, 3, 5, 7 and 9 June were due


@time_machine.travel(NOON_UTC, tick=False)
def test_a_paused_plan_offers_to_resume_and_prescribes_nothing(auth_client, user):
    enrolment = EnrolmentFactory(
        user=user,
        start_date=dt.date(2025, 6, 10),
        status=Enrolment.Status.PAUSED,
        paused_on=dt.date(2025, 6, 10),
    )
    page = text(auth_client.get(URL))
    assert "Plan paused" in page
    assert f"/enrolments/{enrolment.pk}/resume/" in page
    assert "Start today's session" not in page


def test_a_finished_plan_links_its_summary(auth_client, user):
    enrolment = EnrolmentFactory(user=user, status=Enrolment.Status.COMPLETED)
    assert f"/enrolments/{enrolment.pk}/complete/" in text(auth_client.get(URL))


@time_machine.travel(NOON_UTC, tick=False)
def test_another_users_plan_is_not_shown(auth_client, other_user):
    EnrolmentFactory(user=other_user, start_date=dt.date(2025, 6, 10))
    assert "Pick your path" in text(auth_client.get(URL))


def test_it_rejects_post(auth_client):
    assert auth_client.post(URL).status_code == 405


def make_history(enrolment, days):
    start = dt.datetime.combine(enrolment.start_date, dt.time(8), tzinfo=UTC)
    for n, day in enumerate(enrolment.plan.days.all()[:days]):
        session = finished_plan_session(
            enrolment, day.week, day.day, start + dt.timedelta(days=day.offset)
        )
        SetFactory(entry__session=session)
        SessionFactory(user=enrolment.user, started_at=start + dt.timedelta(days=n, hours=5))


@time_machine.travel(dt.datetime(2025, 7, 10, 12, tzinfo=UTC), tick=False)
@pytest.mark.parametrize("history", [2, 20])
def test_it_runs_a_fixed_number_of_queries(
    auth_client, user, history, django_assert_max_num_queries
):
    enrolment = EnrolmentFactory(
        user=user, start_date=dt.date(2025, 6, 10), plan=Plan.objects.get(slug="siberian-natural")
    )
    make_history(enrolment, history)
    with django_assert_max_num_queries(9):
        response = auth_client.get(URL)
    assert response.status_code == 200


def test_after_the_last_date_today_says_the_schedule_is_over(client, user, time_machine):
    import datetime as dt

    from tests.factories import EnrolmentFactory

    time_machine.move_to(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
    client.force_login(user)
    EnrolmentFactory(user=user, start_date=dt.date(2026, 1, 1))
    page = client.get("/today/").content.decode()
    assert "The schedule is over" in page
    assert "Rest day" not in page
