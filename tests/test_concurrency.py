"""Two tabs of one user writing to the same history at once (issue 9).

The three races run on PostgreSQL only: SQLite's IMMEDIATE transactions take the database's
write lock at BEGIN, so two writers never interleave there. Each race holds one transaction
open with events (no sleeps), starts the other writer, waits until that writer has either
finished or is waiting on a lock, and only then lets the first one commit. The mixed load runs
on both databases.
"""

import datetime as dt
import random
import threading
import time

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tests.factories import EntryFactory, ExerciseFactory, SessionFactory
from workouts.dashboard import rollups
from workouts.logbook import actions, records_store
from workouts.models import (
    EntrySummary,
    LoggedSet,
    PersonalRecord,
    SessionExercise,
    SessionSummary,
    WorkoutSession,
)

WAIT = 10  # seconds before a stuck test gives up (never reached when the code is right)

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite's IMMEDIATE transactions serialise writers; no interleaving to race",
)


def in_thread(work, errors):
    """Runs work() on its own connection; any exception lands in errors."""
    done = threading.Event()

    def body():
        try:
            work()
        except Exception as exc:  # noqa: BLE001 - the test asserts there were none
            errors.append(exc)
        finally:
            done.set()
            connection.close()

    thread = threading.Thread(target=body)
    thread.start()
    return thread, done


def holding(work, errors):
    """Runs work() in a transaction of its own thread and keeps that transaction open until
    release is set. Returns once work() has run (or failed)."""
    held, release = threading.Event(), threading.Event()

    def body():
        try:
            with transaction.atomic():
                work()
                held.set()
                release.wait(WAIT)
        finally:
            held.set()

    thread, _ = in_thread(body, errors)
    assert held.wait(WAIT)
    return thread, release


def waiting_on_a_lock():
    """Backends of this test database that wait for a lock held by another transaction."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


def race(first, second):
    """first() commits only after second() has finished or is blocked by first's locks.
    Returns the exceptions either raised."""
    errors = []
    first_thread, release = holding(first, errors)
    second_thread, second_done = in_thread(second, errors)
    deadline = time.monotonic() + WAIT
    while not second_done.is_set() and not waiting_on_a_lock():
        assert time.monotonic() < deadline, "the second writer neither finished nor waited"
        time.sleep(0.005)
    release.set()
    first_thread.join(WAIT)
    second_thread.join(WAIT)
    return errors


def rounded(row):
    """Float roll-ups summed in a different order differ in the last bits only."""
    return {
        name: round(value, 6) if isinstance(value, float) else value for name, value in row.items()
    }


def stored_derived(user):
    """The user's roll-ups and records as stored (a session without working sets reads as
    no row, as the dashboard treats it)."""
    totals = {
        row.pop("session_id"): rounded(row)
        for row in SessionSummary.objects.filter(session__user=user).values(
            "session_id", "volume_kg", "distance_m", "set_count"
        )
        if row["set_count"] or row["volume_kg"] or row["distance_m"]
    }
    bests = list(
        map(
            rounded,
            EntrySummary.objects.filter(user=user)
            .order_by("entry_id")
            .values(
                "entry_id",
                "session_id",
                "at",
                "set_count",
                "e1rm_kg",
                "top_load_kg",
                "pace_s_per_m",
                "distance_m",
                "duration_s",
                "reps",
                "force_psi",
                "power_w",
            ),
        )
    )
    found = sorted(
        PersonalRecord.objects.filter(user=user).values_list(
            "logged_set_id", "kind", "value", "achieved_at"
        )
    )
    return {
        "totals": totals,
        "bests": bests,
        "records": [(pk, kind, round(value, 6), at) for pk, kind, value, at in found],
    }


def rebuilt_derived(user):
    """The same, rebuilt from the raw sets."""
    rollups.rebuild_summaries(user)
    for exercise_id in set(
        LoggedSet.objects.filter(user=user).values_list("exercise_id", flat=True)
    ):
        records_store.rebuild_records(user, exercise_id)
    return stored_derived(user)


def assert_no_drift(user):
    stored = stored_derived(user)
    assert stored == rebuilt_derived(user)


@pytest.fixture
def squat(db):
    return ExerciseFactory(name="Barn squat")


@pytest.fixture
def today(squat):
    session = SessionFactory(user=squat.owner, started_at=timezone.now() - dt.timedelta(hours=1))
    return EntryFactory(session=session, exercise=squat)


def log(entry, reps, load):
    return actions.log_set(
        SessionExercise.objects.get(pk=entry.pk), {"reps": reps, "load_kg": load}, timezone.now()
    ).logged_set


def fresh(logged):
    return LoggedSet.objects.get(pk=logged.pk)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_deleting_a_set_while_another_tab_logs_one_keeps_the_session_totals_true(today):
    first = log(today, 5, 100.0)
    log(today, 5, 100.0)

    errors = race(lambda: log(today, 5, 100.0), lambda: actions.delete_set(fresh(first)))

    assert errors == []
    totals = SessionSummary.objects.get(session_id=today.session_id)
    assert (totals.set_count, totals.volume_kg) == (2, 1000.0)
    assert_no_drift(today.session.user)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_set_logged_while_another_tab_lowers_the_old_best_becomes_the_record(squat, today):
    user = squat.owner
    now = timezone.now()
    older = SessionFactory(
        user=user,
        started_at=now - dt.timedelta(days=7),
        finished_at=now - dt.timedelta(days=7, minutes=-50),
    )
    old_entry = EntryFactory(session=older, exercise=squat)
    log(old_entry, 1, 100.0)
    heaviest = log(old_entry, 1, 200.0)
    outcomes = []

    errors = race(
        lambda: actions.update_set(fresh(heaviest), {"reps": 1, "load_kg": 50.0}, now),
        lambda: outcomes.append(
            actions.log_set(
                SessionExercise.objects.get(pk=today.pk), {"reps": 1, "load_kg": 150.0}, now
            )
        ),
    )

    assert errors == []
    new = outcomes[0].logged_set
    assert "heaviest" in {record.kind for record in outcomes[0].new_records}
    assert PersonalRecord.objects.filter(logged_set=new, kind="heaviest").exists()
    assert_no_drift(user)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_adding_a_set_while_another_tab_edits_one_of_the_session_is_no_deadlock(today):
    edited = log(today, 5, 100.0)
    log(today, 5, 100.0)

    errors = race(
        lambda: actions.update_set(fresh(edited), {"reps": 5, "load_kg": 110.0}, timezone.now()),
        lambda: log(today, 5, 120.0),
    )

    assert errors == []
    assert sorted(LoggedSet.objects.filter(entry=today).values_list("load_kg", flat=True)) == [
        100.0,
        110.0,
        120.0,
    ]
    assert_no_drift(today.session.user)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_set_logged_while_the_whole_history_is_rebuilt_is_counted_once(today):
    user = today.session.user
    log(today, 5, 100.0)

    def rebuild():
        actions.lock_history(user)
        rollups.rebuild_summaries(user)
        records_store.rebuild_records(user, today.exercise_id)

    errors = race(rebuild, lambda: log(today, 5, 100.0))

    assert errors == []
    totals = SessionSummary.objects.get(session_id=today.session_id)
    assert (totals.set_count, totals.volume_kg) == (2, 1000.0)
    assert_no_drift(user)


@pytest.mark.django_db(transaction=True)
def test_two_tabs_logging_editing_and_deleting_sets_of_one_session_leave_no_error_nor_drift(
    squat, today
):
    user = squat.owner
    session = today.session
    bench = ExerciseFactory(owner=user, name="Barn bench")
    entries = [
        today,
        EntryFactory(session=session, exercise=bench),
        EntryFactory(session=session, exercise=squat),
    ]  # squat twice: shared records
    for entry in entries:
        log(entry, 5, 60.0)
    errors, gone = [], []
    start = threading.Barrier(2)

    def tab(seed):
        rng = random.Random(seed)
        start.wait(WAIT)
        for _ in range(12):
            values = {
                "reps": rng.randint(1, 12),
                "load_kg": rng.randint(8, 80) * 2.5,
                "is_warmup": rng.random() < 0.15,
            }
            op = rng.choice(("log", "log", "edit", "delete"))
            target = LoggedSet.objects.filter(session=session).order_by("?").first()
            if op == "log" or target is None:
                entry = SessionExercise.objects.get(pk=rng.choice(entries).pk)
                actions.log_set(entry, values, timezone.now())
            elif op == "edit":
                try:
                    actions.update_set(target, values, timezone.now())
                except actions.Gone:  # the other tab deleted it first: a clean 404
                    gone.append(target.pk)
            else:
                actions.delete_set(target)

    threads = [in_thread(lambda seed=seed: tab(seed), errors)[0] for seed in (1, 2)]
    for thread in threads:
        thread.join(WAIT * 3)

    assert errors == []
    assert not LoggedSet.objects.filter(pk__in=gone).exists()  # an edit revives no deleted set
    positions = list(LoggedSet.objects.filter(session=session).values_list("entry_id", "position"))
    assert len(positions) == len(set(positions))
    assert WorkoutSession.objects.filter(pk=session.pk).exists()
    assert_no_drift(user)


@pytest.mark.django_db
def test_a_set_committed_after_a_later_one_still_dates_its_exercise_in_the_roll_up(today):
    # Two tabs: the set saved second was submitted first, so it is the earlier one.
    now = timezone.now()
    actions.log_set(today, {"reps": 5, "load_kg": 100.0}, now)
    actions.log_set(
        SessionExercise.objects.get(pk=today.pk),
        {"reps": 5, "load_kg": 100.0},
        now - dt.timedelta(minutes=1),
    )

    assert EntrySummary.objects.get(entry=today).at == now - dt.timedelta(minutes=1)
    assert_no_drift(today.session.user)


@pytest.mark.django_db
def test_saving_an_edit_to_a_set_another_tab_deleted_does_not_bring_it_back(today):
    logged = log(today, 5, 100.0)
    stale = fresh(logged)
    actions.delete_set(fresh(logged))

    with pytest.raises(actions.Gone):
        actions.update_set(stale, {"reps": 6, "load_kg": 100.0}, timezone.now())
    assert not LoggedSet.objects.filter(pk=logged.pk).exists()


@pytest.mark.django_db
def test_finishing_a_session_another_tab_deleted_does_not_bring_it_back(today):
    stale = WorkoutSession.objects.get(pk=today.session_id)
    actions.delete_session(WorkoutSession.objects.get(pk=today.session_id))

    with pytest.raises(actions.Gone):
        actions.finish_session(stale, timezone.now())
    assert not WorkoutSession.objects.filter(pk=stale.pk).exists()
