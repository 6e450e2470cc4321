"""Finishing the plan's last day through the logging page completes the enrolment."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.factories import EnrolmentFactory
from workouts.logbook import actions
from workouts.models import Enrolment, PlanDay

NOW = dt.datetime(2026, 12, 24, 18, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen_clock(time_machine, db):
    """Frozen before anyone logs in, so the login is not weeks old."""
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def last_day_session(user):
    enrolment = EnrolmentFactory(user=user, start_date=NOW.date() - dt.timedelta(days=41))
    last = PlanDay.objects.filter(plan=enrolment.plan).order_by("-week", "-day").first()
    return actions.start_session(user, timezone.now(), plan_day=last, enrolment=enrolment)


def test_finishing_the_last_plan_day_completes_the_enrolment(auth_client, last_day_session):
    auth_client.post(f"/sessions/{last_day_session.pk}/finish/", {"rpe": "9"})
    assert Enrolment.objects.get(pk=last_day_session.enrolment_id).status == "completed"


def test_finishing_the_last_plan_day_shows_the_completion_screen(auth_client, last_day_session):
    response = auth_client.post(f"/sessions/{last_day_session.pk}/finish/", {"rpe": "9"})
    assert response.status_code == 302
    assert response["Location"] == f"/enrolments/{last_day_session.enrolment_id}/complete/"


def test_finishing_an_earlier_plan_day_shows_the_session(auth_client, user):
    enrolment = EnrolmentFactory(user=user, start_date=NOW.date())
    first = PlanDay.objects.filter(plan=enrolment.plan).order_by("week", "day").first()
    session = actions.start_session(user, timezone.now(), plan_day=first, enrolment=enrolment)
    response = auth_client.post(f"/sessions/{session.pk}/finish/", {"rpe": "7"})
    assert response["Location"] == f"/sessions/{session.pk}/"
    assert Enrolment.objects.get(pk=enrolment.pk).status == "active"
