"""Planner statistics kept fresh: `ANALYZE` on the tables whose queries depend on them.

Without statistics SQLite's planner guesses, and picks an index that reads every user's sets of
an exercise for the exercise-history page (8 ms against 0.15 ms once analysed, issue 15);
PostgreSQL's autovacuum analyses only after enough rows changed, which a bulk load (an import,
`seed_demo`) does all at once. So: after `migrate` (a `post_migrate` handler, `apps.py`), and
after every bulk load once it has committed. SQLite analyses a bounded sample
(`analysis_limit`), so the cost does not grow with the database.
"""

from django.apps import apps
from django.db import connections, transaction

# The tables of the hot reads (sets, entries, sessions, records and the roll-ups).
MODELS = (
    "LoggedSet",
    "SessionExercise",
    "WorkoutSession",
    "PersonalRecord",
    "SessionSummary",
    "EntrySummary",
    "ExerciseBests",
    "BodyWeight",
)
SQLITE_ANALYSIS_LIMIT = 1000  # rows sampled per index


def tables():
    config = apps.get_app_config("workouts")
    return [config.get_model(name)._meta.db_table for name in MODELS]


def refresh(using="default"):
    """ANALYZE the hot tables on `using` (SQLite or PostgreSQL; other engines: nothing)."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    names = [name for name in tables() if name in existing]
    if not names:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={SQLITE_ANALYSIS_LIMIT}")
            for name in names:
                cursor.execute(f'ANALYZE "{name}"')
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE " + ", ".join(f'"{name}"' for name in names))


def refresh_after_commit(using="default"):
    """`refresh` once the current transaction commits (at once outside one): a bulk load's rows
    are then visible to ANALYZE, and a rolled-back load analyses nothing."""
    transaction.on_commit(lambda: refresh(using), using=using)


def after_migrate(sender, using="default", plan=None, **kwargs):
    """post_migrate handler: statistics for the tables a migration may have filled."""
    if plan is not None and not plan:
        return  # nothing was applied
    refresh(using)
