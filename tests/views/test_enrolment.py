import datetime as dt

import pytest
import time_machine

from tests.factories import (
    EnrolmentFactory,
    SessionFactory,
    SetFactory,
    finished_plan_session,
    plan_day,
)
from workouts.dashboard import rollups
from workouts.models import Enrolment, Plan, SkippedDay, WorkoutSession
from workouts.plans import actions as plan_actions

UTC = dt.UTC
NOW = dt.datetime(2025, 6, 12, 9, 0, tzinfo=UTC)  # Thursday 12 June
TODAY = NOW.date()
DRAGO = "/plans/drago-high-tech/enrol/"
NATURAL = "/plans/siberian-natural/enrol/"

pytestmark = pytest.mark.usefixtures("frozen")


@pytest.fixture
def enrolment(user):
    return EnrolmentFactory(user=user, start_date=dt.date(2025, 6, 10))  # week 1 day 3 today


def text(response):
    return " ".join(response.content.decode().split())


# ---------- enrol ----------


def test_the_form_suggests_today_and_next_christmas(auth_client):
    page = text(auth_client.get(DRAGO))
    assert 'value="2025-06-12"' in page
    assert 'value="2025-12-25"' in page


def test_when_christmas_is_closer_than_the_plan_the_form_suggests_the_next_one(client, user):
    with time_machine.travel(dt.datetime(2025, 11, 30, 9, 0, tzinfo=UTC), tick=False):
        client.force_login(user)
        page = text(client.get(DRAGO))
    assert 'value="2026-12-25"' in page
    assert 'value="2025-12-25"' not in page


def test_a_fight_closer_than_the_plan_asks_before_starting_in_the_past(
    auth_client, user, field_error
):
    response = auth_client.post(DRAGO, {"mode": "fight", "fight_date": "2025-07-01"})
    assert response.status_code == 422
    assert "days ago" in field_error(response, "fight_date")
    assert 'name="past_ok"' in response.content.decode()
    assert not user.enrolments.exists()


def test_a_start_in_the_past_goes_ahead_once_the_user_says_yes(auth_client, user):
    auth_client.post(DRAGO, {"mode": "fight", "fight_date": "2025-07-01", "past_ok": "on"})
    assert user.enrolments.get().start_date == dt.date(2025, 5, 20)


def test_a_start_date_before_today_asks_first(auth_client, user, field_error):
    response = auth_client.post(DRAGO, {"mode": "start", "start_date": "2025-06-09"})
    assert "3 days ago" in field_error(response, "start_date")
    assert not user.enrolments.exists()


def test_an_unknown_plan_is_404(auth_client):
    assert auth_client.get("/plans/apollo-creed/enrol/").status_code == 404


def test_it_enrols_from_a_start_date(auth_client, user):
    response = auth_client.post(DRAGO, {"mode": "start", "start_date": "2025-06-16"})
    assert response.status_code == 302 and response.url == "/plans/drago-high-tech/"
    enrolment = Enrolment.objects.get(user=user)
    assert (enrolment.plan.slug, enrolment.start_date, enrolment.fight_date, enrolment.status) == (
        "drago-high-tech",
        dt.date(2025, 6, 16),
        None,
        "active",
    )


def test_it_schedules_backwards_from_a_fight_date(auth_client, user):
    auth_client.post(DRAGO, {"mode": "fight", "fight_date": "2025-12-25"})
    enrolment = Enrolment.objects.get(user=user)
    assert enrolment.fight_date == dt.date(2025, 12, 25)
    assert enrolment.start_date == dt.date(2025, 11, 13)  # 42 days: last day 24 December


def test_a_fight_date_in_the_past_is_rejected(auth_client, user, field_error):
    response = auth_client.post(DRAGO, {"mode": "fight", "fight_date": "2025-06-01"})
    assert response.status_code == 422
    assert field_error(response, "fight_date") == "The fight must be after today."
    assert not Enrolment.objects.filter(user=user).exists()


def test_a_start_so_early_the_plan_is_over_is_rejected(auth_client, field_error):
    response = auth_client.post(DRAGO, {"mode": "start", "start_date": "2025-04-01"})
    assert response.status_code == 422
    assert "already be over" in field_error(response, "start_date")


def test_switching_plans_asks_first_and_changes_nothing(auth_client, enrolment):
    response = auth_client.post(NATURAL, {"mode": "start", "start_date": "2025-06-12"})
    assert response.status_code == 200
    assert "Switch to Siberian Natural?" in text(response)
    enrolment.refresh_from_db()
    assert enrolment.status == "active"
    assert Enrolment.objects.count() == 1


def test_confirming_the_switch_ends_the_current_plan_and_keeps_it(auth_client, user, enrolment):
    auth_client.post(NATURAL, {"mode": "start", "start_date": "2025-06-12", "confirm": "yes"})
    enrolment.refresh_from_db()
    assert enrolment.status == "ended" and enrolment.ended_at == NOW
    current = Enrolment.objects.current().get(user=user)
    assert current.plan.slug == "siberian-natural"


# ---------- pause, resume, restart, leave ----------


def test_pausing_records_the_day(auth_client, enrolment):
    response = auth_client.post(f"/enrolments/{enrolment.pk}/pause/")
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.paused_on) == ("paused", TODAY)


def test_resuming_moves_the_remainder_by_the_paused_days(auth_client, enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status="paused", paused_on=dt.date(2025, 6, 9))
    auth_client.post(f"/enrolments/{enrolment.pk}/resume/", {"next": "/today/"})
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.paused_on) == ("active", None)
    assert enrolment.start_date == dt.date(2025, 6, 13)


def test_it_returns_to_a_local_next_but_not_to_another_site(auth_client, enrolment):
    response = auth_client.post(f"/enrolments/{enrolment.pk}/pause/", {"next": "/today/"})
    assert response.url == "/today/"
    Enrolment.objects.filter(pk=enrolment.pk).update(status="paused", paused_on=TODAY)
    response = auth_client.post(
        f"/enrolments/{enrolment.pk}/resume/", {"next": "https://evil.example/"}
    )
    assert response.url == "/plans/drago-high-tech/"


def test_restart_asks_first(auth_client, enrolment):
    assert "Restart Drago High-Tech?" in text(
        auth_client.get(f"/enrolments/{enrolment.pk}/restart/")
    )


def test_restart_begins_week_1_today_and_keeps_the_old_run(auth_client, user, enrolment):
    finished_plan_session(enrolment, 1, 1, dt.datetime(2025, 6, 10, 8, tzinfo=UTC))
    auth_client.post(f"/enrolments/{enrolment.pk}/restart/")
    enrolment.refresh_from_db()
    assert enrolment.status == "ended"
    fresh = Enrolment.objects.current().get(user=user)
    assert (fresh.plan_id, fresh.start_date) == (enrolment.plan_id, TODAY)
    assert not fresh.sessions.exists()


def test_leaving_ends_the_plan(auth_client, user, enrolment):
    response = auth_client.post(f"/enrolments/{enrolment.pk}/leave/")
    assert response.url == "/today/"
    enrolment.refresh_from_db()
    assert enrolment.status == "ended"
    assert not Enrolment.objects.current().filter(user=user).exists()


def test_pause_rejects_get(auth_client, enrolment):
    assert auth_client.get(f"/enrolments/{enrolment.pk}/pause/").status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "pause/",
        "resume/",
        "restart/",
        "leave/",
        "days/{day}/start/",
        "days/{day}/skip/",
        "days/{day}/link/",
    ],
)
def test_another_users_enrolment_is_404(auth_client, other_user, path):
    theirs = EnrolmentFactory(user=other_user, start_date=dt.date(2025, 6, 10))
    url = f"/enrolments/{theirs.pk}/" + path.format(day=plan_day(theirs, 1, 1).pk)
    assert auth_client.post(url).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "active" and not SkippedDay.objects.exists()
    assert not WorkoutSession.objects.exists()


def test_a_plan_day_of_another_plan_is_404(auth_client, enrolment):
    other = Plan.objects.get(slug="siberian-natural").days.first()
    assert auth_client.post(f"/enrolments/{enrolment.pk}/days/{other.pk}/start/").status_code == 404


# ---------- plan days ----------


def test_starting_todays_day_opens_a_prefilled_session(auth_client, enrolment):
    day = plan_day(enrolment, 1, 2)  # 11 June: missed, done late if done now
    response = auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/start/")
    session = WorkoutSession.objects.get()
    assert response.url == f"/sessions/{session.pk}/"
    assert (session.plan_day, session.enrolment, session.title) == (day, enrolment, day.title)
    assert session.entries.count() == day.items.count()


def test_starting_again_continues_the_session_in_progress(auth_client, enrolment):
    day = plan_day(enrolment, 1, 1)
    first = auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/start/").url
    assert auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/start/").url == first
    assert WorkoutSession.objects.count() == 1


def test_an_upcoming_day_cannot_be_started_yet(auth_client, enrolment):
    day = plan_day(enrolment, 2, 1)
    response = auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/start/")
    assert response.url == "/today/"
    assert not WorkoutSession.objects.exists()


def test_skipping_a_missed_day_records_it(auth_client, enrolment):
    day = plan_day(enrolment, 1, 1)
    response = auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/skip/")
    assert response.url == "/today/"
    assert SkippedDay.objects.filter(enrolment=enrolment, plan_day=day).exists()


def test_skipping_with_htmx_returns_the_missed_list(auth_client, enrolment, htmx_headers):
    day = plan_day(enrolment, 1, 1)
    response = auth_client.post(
        f"/enrolments/{enrolment.pk}/days/{day.pk}/skip/", headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="missed-days"') and "<html" not in html
    assert f"/days/{day.pk}/skip/" not in html
    assert f"/days/{plan_day(enrolment, 1, 2).pk}/skip/" in html


def test_an_upcoming_day_cannot_be_skipped(auth_client, enrolment):
    day = plan_day(enrolment, 3, 1)
    auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/skip/")
    assert not SkippedDay.objects.exists()


def test_a_paused_plan_starts_nothing(auth_client, enrolment):
    Enrolment.objects.filter(pk=enrolment.pk).update(status="paused", paused_on=TODAY)
    day = plan_day(enrolment, 1, 1)
    auth_client.post(f"/enrolments/{enrolment.pk}/days/{day.pk}/start/")
    assert not WorkoutSession.objects.exists()


# ---------- linking a free session ----------


def test_the_link_page_lists_finished_free_sessions_only(auth_client, user, enrolment):
    free = SessionFactory(user=user, title="Barn run", finished_at=NOW)
    SessionFactory(user=user, title="Still going")
    day = plan_day(enrolment, 1, 1)
    page = text(auth_client.get(f"/enrolments/{enrolment.pk}/days/{day.pk}/link/"))
    assert f'value="{free.pk}"' in page and "Still going" not in page


def test_linking_a_free_session_makes_the_day_done(auth_client, user, enrolment):
    free = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=2), finished_at=NOW)
    day = plan_day(enrolment, 1, 1)
    response = auth_client.post(
        f"/enrolments/{enrolment.pk}/days/{day.pk}/link/", {"session": free.pk}
    )
    assert response.status_code == 302
    free.refresh_from_db()
    assert (free.plan_day, free.enrolment) == (day, enrolment)
    page = text(auth_client.get("/plans/drago-high-tech/"))
    assert f'<a class="state-badge" href="/sessions/{free.pk}/">Done' in page


def test_a_session_from_before_the_days_date_cannot_be_linked(auth_client, user, enrolment):
    day = plan_day(enrolment, 1, 1)
    day_date = enrolment.start_date
    before = dt.datetime.combine(day_date - dt.timedelta(days=1), dt.time(9), tzinfo=dt.UTC)
    old = SessionFactory(user=user, started_at=before, finished_at=before + dt.timedelta(hours=1))
    response = auth_client.post(
        f"/enrolments/{enrolment.pk}/days/{day.pk}/link/", {"session": old.pk}
    )
    assert response.status_code == 422
    old.refresh_from_db()
    assert old.plan_day is None


def test_another_users_session_cannot_be_linked(auth_client, other_user, enrolment):
    theirs = SessionFactory(user=other_user, finished_at=NOW)
    day = plan_day(enrolment, 1, 1)
    response = auth_client.post(
        f"/enrolments/{enrolment.pk}/days/{day.pk}/link/", {"session": theirs.pk}
    )
    assert response.status_code == 422
    theirs.refresh_from_db()
    assert theirs.plan_day is None


# ---------- completion ----------


def last_day_ready(user):
    """An enrolment whose last day (week 6 day 7) is today."""
    plan = Plan.objects.get(slug="drago-high-tech")
    return EnrolmentFactory(user=user, plan=plan, start_date=TODAY - dt.timedelta(days=41))


def test_linking_the_last_day_completes_the_plan(auth_client, user):
    enrolment = last_day_ready(user)
    free = SessionFactory(user=user, finished_at=NOW)
    day = plan_day(enrolment, 6, 7)
    response = auth_client.post(
        f"/enrolments/{enrolment.pk}/days/{day.pk}/link/", {"session": free.pk}
    )
    assert response.url == f"/enrolments/{enrolment.pk}/complete/"
    enrolment.refresh_from_db()
    assert enrolment.status == "completed" and enrolment.ended_at == NOW


def test_the_plan_day_done_hook_completes_on_the_last_day_only(user):
    enrolment = last_day_ready(user)
    earlier = finished_plan_session(enrolment, 6, 5, NOW - dt.timedelta(days=2))
    assert plan_actions.plan_day_done(earlier, NOW).completed is None
    last = finished_plan_session(enrolment, 6, 7, NOW)
    assert plan_actions.plan_day_done(last, NOW).completed == enrolment
    enrolment.refresh_from_db()
    assert enrolment.status == "completed"


def test_the_hook_ignores_an_unfinished_or_free_session(user):
    enrolment = last_day_ready(user)
    unfinished = SessionFactory(user=user, enrolment=enrolment, plan_day=plan_day(enrolment, 6, 7))
    assert plan_actions.plan_day_done(unfinished, NOW).completed is None
    unplanned = SessionFactory(user=user, finished_at=NOW)
    assert plan_actions.plan_day_done(unplanned, NOW).completed is None


def test_the_completion_screen_sums_up_the_plan(auth_client, user):
    enrolment = last_day_ready(user)
    session = finished_plan_session(enrolment, 1, 1, NOW - dt.timedelta(days=41))
    SetFactory(entry__session=session, reps=5, load_kg=100)
    rollups.refresh_session_summary(session)  # what actions do on every write
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed", ended_at=NOW)
    page = " ".join(
        auth_client.get(f"/enrolments/{enrolment.pk}/complete/").content.decode().split()
    )
    assert "Drago High-Tech: complete" in page
    assert '<span class="stat-value">1</span><span class="stat-label">sessions</span>' in page
    assert "500 kg" in page


def test_the_completion_screen_says_how_many_training_days_were_done(auth_client, user):
    enrolment = last_day_ready(user)
    finished_plan_session(enrolment, 1, 1, NOW - dt.timedelta(days=41))
    Enrolment.objects.filter(pk=enrolment.pk).update(status="completed", ended_at=NOW)
    page = " ".join(
        auth_client.get(f"/enrolments/{enrolment.pk}/complete/").content.decode().split()
    )
    assert "1 of 28 training days in all" in page
    assert "every training day done" not in page


def test_another_users_completion_screen_is_404(auth_client, other_user):
    theirs = EnrolmentFactory(user=other_user, status="completed")
    assert auth_client.get(f"/enrolments/{theirs.pk}/complete/").status_code == 404


def test_a_plan_still_running_has_no_completion_screen(auth_client, enrolment):
    assert auth_client.get(f"/enrolments/{enrolment.pk}/complete/").status_code == 404
