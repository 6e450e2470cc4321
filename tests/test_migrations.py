"""Data migrations, run as functions on a history built through `actions`; 0005, whose rows
only exist under the schema before it, through the migration executor on the test database."""

import datetime as dt
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import EntryFactory, SessionFactory
from workouts import integrity
from workouts.logbook import actions
from workouts.models import EntrySummary, SessionSummary

NOW = dt.datetime(2026, 3, 2, 18, 0, tzinfo=dt.UTC)


def migration(name):
    return importlib.import_module(f"workouts.migrations.{name}")


@pytest.fixture
def run_with_warmup(snow_run):
    entry = EntryFactory(session=SessionFactory(started_at=NOW), exercise=snow_run)
    actions.log_set(entry, {"distance_m": 1000.0, "duration_s": 400, "is_warmup": True}, NOW)
    actions.log_set(entry, {"distance_m": 5000.0, "duration_s": 1500}, NOW)
    return entry


def backfill_as_0003_did():
    SessionSummary.objects.all().delete()
    EntrySummary.objects.all().delete()
    migration("0003_dashboard_rollups").backfill(apps, None)


def test_0003s_backfill_counted_warm_up_distance(run_with_warmup):
    backfill_as_0003_did()
    assert SessionSummary.objects.get(session=run_with_warmup.session).distance_m == 6000.0


def test_0004_recomputes_session_distance_without_warm_ups(run_with_warmup):
    backfill_as_0003_did()
    migration("0004_recompute_rollups").recompute(apps, None)
    assert SessionSummary.objects.get(session=run_with_warmup.session).distance_m == 5000.0


def test_0004_leaves_roll_ups_equal_to_what_the_live_code_keeps(run_with_warmup):
    backfill_as_0003_did()
    migration("0004_recompute_rollups").recompute(apps, None)
    assert integrity.drift() == []


# ---------- 0005: rows that broke its constraints, written at 0004 and migrated forward ----------

BEFORE_0005 = [("workouts", "0004_recompute_rollups")]
AT_0005 = [("workouts", "0005_constraints")]
LONG_NAME = ("Tractor tyre flip, " * 5)[:80]  # as long as a name may be
REDUNDANT_INDEX = "workouts_ex_owner_i_c22d94_idx"  # (owner, name), made by 0001
OWNERS = ("rocky", "drago")


def migrate(targets):
    """Migrates the test database to `targets`; returns the models as they were there."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def constraints(table):
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def write_crowded_rows(models):
    """What 0004 allowed and 0005's constraints do not: sets sharing a position in their
    entry ("barn" and "zeros"; "gap" has none), and custom exercises of one owner whose names
    differ only in case. Returns the ids of the sets by (entry, number) and of the exercises
    by (owner, name)."""
    User = models.get_model("auth", "User")
    Exercise = models.get_model("workouts", "Exercise")
    WorkoutSession = models.get_model("workouts", "WorkoutSession")
    SessionExercise = models.get_model("workouts", "SessionExercise")
    LoggedSet = models.get_model("workouts", "LoggedSet")

    owners = {name: User.objects.create(username=name) for name in OWNERS}
    exercises = {
        (owner, name): Exercise.objects.create(owner=owners[owner], name=name).pk
        for owner, name in [
            ("rocky", "Log Carry"),
            ("rocky", "Log Carry (2)"),  # taken already, so the first twin becomes "(3)"
            ("rocky", "log carry"),
            ("rocky", "LOG CARRY"),
            ("rocky", LONG_NAME),
            ("rocky", LONG_NAME.upper()),
            ("drago", "log carry"),
        ]
    }
    session = WorkoutSession.objects.create(user=owners["rocky"], title="Barn", started_at=NOW)
    sets = {}
    for order, (label, positions) in enumerate(
        [("barn", [2, 1, 1]), ("zeros", [0, 0]), ("gap", [1, 3])], start=1
    ):
        entry = SessionExercise.objects.create(
            session=session, exercise_id=exercises["rocky", "Log Carry"], order=order
        )
        for number, position in enumerate(positions, start=1):
            sets[label, number] = LoggedSet.objects.create(
                entry=entry,
                session=session,
                user=owners["rocky"],
                exercise_id=entry.exercise_id,
                position=position,
                reps=number,
                logged_at=NOW,
            ).pk
    return sets, exercises


@pytest.fixture(scope="module")
def through_0005(django_db_setup, django_db_blocker):
    """0005 run over crowded rows: the test database is migrated back to 0004, the rows are
    written with its models, 0005 runs, and what it left (rows, constraints and indexes) is
    read; then the rows are deleted and the database goes forward to the latest migration.
    Once per module and outside any test, as schema changes cannot run inside a test's
    transaction."""
    with django_db_blocker.unblock():
        try:
            sets, exercises = write_crowded_rows(migrate(BEFORE_0005))
            tables_before = {t: constraints(t) for t in ("workouts_exercise", "workouts_loggedset")}
            models = migrate(AT_0005)
            LoggedSet = models.get_model("workouts", "LoggedSet")
            Exercise = models.get_model("workouts", "Exercise")
            found = SimpleNamespace(
                sets=sets,
                exercises=exercises,
                stored_sets={
                    row["pk"]: row
                    for row in LoggedSet.objects.filter(user__username__in=OWNERS).values(
                        "pk", "entry_id", "position", "reps"
                    )
                },
                stored_exercises={
                    row["pk"]: row
                    for row in Exercise.objects.filter(owner__username__in=OWNERS).values(
                        "pk", "owner__username", "name"
                    )
                },
                before=tables_before,
                after={t: constraints(t) for t in tables_before},
            )
            sessions = models.get_model("workouts", "WorkoutSession").objects
            sessions.filter(user__username__in=OWNERS).delete()  # first: sets protect exercises
            models.get_model("auth", "User").objects.filter(username__in=OWNERS).delete()
        finally:
            migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    return found


def positions(found, label):
    numbers = sorted(number for entry, number in found.sets if entry == label)
    return [found.stored_sets[found.sets[label, number]]["position"] for number in numbers]


def name(found, owner, original):
    return found.stored_exercises[found.exercises[owner, original]]["name"]


def test_0005_renumbers_sets_sharing_a_position_in_order_of_position_then_id(through_0005):
    assert positions(through_0005, "barn") == [3, 1, 2]


def test_0005_numbers_sets_all_at_position_zero_from_one(through_0005):
    assert positions(through_0005, "zeros") == [1, 2]


def test_0005_leaves_the_positions_of_an_entry_without_a_shared_one(through_0005):
    assert positions(through_0005, "gap") == [1, 3]


def test_0005_keeps_every_set_in_its_entry_with_its_values(through_0005):
    stored = through_0005.stored_sets
    assert sorted(stored) == sorted(through_0005.sets.values())
    by_entry = {}
    for (label, number), pk in through_0005.sets.items():
        assert stored[pk]["reps"] == number
        by_entry.setdefault(label, set()).add(stored[pk]["entry_id"])
    assert all(len(entries) == 1 for entries in by_entry.values())


def test_0005_renames_each_case_twin_after_the_first_to_a_number_not_taken(through_0005):
    renamed = [name(through_0005, "rocky", n) for n in ("Log Carry", "log carry", "LOG CARRY")]
    assert renamed == ["Log Carry", "log carry (3)", "LOG CARRY (4)"]


def test_0005_keeps_a_name_that_was_already_numbered(through_0005):
    assert name(through_0005, "rocky", "Log Carry (2)") == "Log Carry (2)"


def test_0005_shortens_a_long_twins_name_to_fit_its_number(through_0005):
    renamed = name(through_0005, "rocky", LONG_NAME.upper())
    assert renamed == f"{LONG_NAME.upper()[:74]} (2)"
    assert name(through_0005, "rocky", LONG_NAME) == LONG_NAME


def test_0005_keeps_a_name_shared_only_with_another_owner(through_0005):
    assert name(through_0005, "drago", "log carry") == "log carry"


def test_0005_keeps_every_custom_exercise_with_its_owner(through_0005):
    owners = {pk: row["owner__username"] for pk, row in through_0005.stored_exercises.items()}
    assert owners == {pk: owner for (owner, _), pk in through_0005.exercises.items()}


def test_0005_adds_unique_constraints_on_set_position_and_lower_case_exercise_name(through_0005):
    added = {
        name: through_0005.after[table][name]["unique"]
        for table, name in [
            ("workouts_loggedset", "set_position_unique"),
            ("workouts_exercise", "custom_exercise_name_unique_ci"),
        ]
        if name in through_0005.after[table] and name not in through_0005.before[table]
    }
    assert added == {"set_position_unique": True, "custom_exercise_name_unique_ci": True}


def test_0005_drops_the_owner_and_name_index_its_constraint_makes_redundant(through_0005):
    assert REDUNDANT_INDEX in through_0005.before["workouts_exercise"]
    assert REDUNDANT_INDEX not in through_0005.after["workouts_exercise"]
