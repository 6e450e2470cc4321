"""The same post sent several times at once (a double tap, a retrying phone) does what one post
does: no duplicate sessions or plans, no 500. Threads on a real database; on SQLite the
IMMEDIATE transactions serialise writers, on PostgreSQL the rows are locked."""

import threading

import pytest
from django.apps import apps
from django.db import connections
from django.test import Client

from tests.factories import EnrolmentFactory, UserFactory, plan_day
from workouts.catalogue import load_all
from workouts.models import Enrolment, Plan, WorkoutSession

TIMES = 6


def at_once(user, method, url, data=None):
    """`TIMES` clients of one user send the same request together; their status codes."""
    clients = []
    for _ in range(TIMES):
        client = Client()
        client.force_login(user)
        clients.append(client)
    ready = threading.Barrier(TIMES, timeout=20)
    statuses, lock = [], threading.Lock()

    def send(client):
        try:
            ready.wait()
            status = getattr(client, method)(url, data or {}).status_code
        except Exception as exc:  # noqa: BLE001 - reported by the caller's assertion
            status = repr(exc)
        finally:
            connections.close_all()
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


@pytest.fixture
def catalogue(transactional_db):
    load_all(apps)  # transactional tests start from an empty database


@pytest.mark.django_db(transaction=True)
def test_six_identical_plan_day_starts_at_once_make_one_session(catalogue):
    user = UserFactory()
    enrolment = EnrolmentFactory(user=user)
    day = plan_day(enrolment, 1, 1)
    statuses = at_once(user, "post", f"/enrolments/{enrolment.pk}/days/{day.pk}/start/")
    assert all(s == 302 for s in statuses), statuses
    assert WorkoutSession.objects.filter(user=user, plan_day=day).count() == 1


@pytest.mark.django_db(transaction=True)
def test_six_identical_first_enrolments_at_once_make_one_plan_and_no_error(catalogue):
    user = UserFactory()
    plan = Plan.objects.get(slug="siberian-natural")
    statuses = at_once(
        user,
        "post",
        f"/plans/{plan.slug}/enrol/",
        {"mode": "start", "start_date": "2026-12-01", "confirm": "yes"},
    )
    assert all(isinstance(s, int) and s < 500 for s in statuses), statuses
    assert list(Enrolment.objects.filter(user=user).values_list("status", flat=True)) == ["active"]


@pytest.mark.django_db(transaction=True)
def test_six_identical_plan_switches_at_once_leave_one_ended_plan(catalogue):
    user = UserFactory()
    EnrolmentFactory(user=user)  # Drago high-tech, the plan being left
    plan = Plan.objects.get(slug="siberian-natural")
    statuses = at_once(
        user,
        "post",
        f"/plans/{plan.slug}/enrol/",
        {"mode": "start", "start_date": "2026-12-01", "confirm": "yes"},
    )
    assert all(isinstance(s, int) and s < 500 for s in statuses), statuses
    rows = sorted(Enrolment.objects.filter(user=user).values_list("plan__slug", "status"))
    assert rows == [("drago-high-tech", "ended"), ("siberian-natural", "active")]
