"""Data at scale: do one lifter's pages stay as fast with 199 other lifters' histories in the
database? (The indexes hold, or they do not.)

    DATABASE_URL=postgres://postgres@127.0.0.1:5433/montage_scale \
        .venv/bin/python bench/load/scale.py [--users 200] [--years 2] [--runs 30]

PostgreSQL only, on an empty database (run.sh's `scale` scenario makes one). Seeds one lifter
with `seed_demo`, times the dashboard, a logging page and the history for them alone
(in-process, Django's test client, DEBUG off, median of --runs after a warm-up), then copies
that lifter's whole history to users-1 more lifters in bulk (INSERT ... SELECT over
generate_series, every id shifted, every user id mapped; plan links dropped), runs ANALYZE,
and times the same pages for the same lifter again. Prints both, their ratio, and EXPLAIN
(ANALYZE, BUFFERS) of each page's three slowest queries at scale.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")
os.environ["DJANGO_DEBUG"] = "False"
os.environ["MONTAGE_TESTING"] = "True"  # plain static storage; one connection per request
os.environ.setdefault("DJANGO_SECRET_KEY", "scale-" + "x" * 60)
os.environ["DJANGO_ALLOWED_HOSTS"] = "localhost"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"
os.environ["MONTAGE_ACCESS_LOG"] = "False"

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.test import Client  # noqa: E402

from workouts.models import (  # noqa: E402
    BodyWeight,
    EntrySummary,
    LoggedSet,
    PersonalRecord,
    Profile,
    QuoteUnlock,
    SessionExercise,
    SessionSummary,
    WorkoutSession,
)

# Parents before children. Ids of these tables (and links between them) are shifted per copy.
CLONED = [
    Profile,
    WorkoutSession,
    SessionExercise,
    LoggedSet,
    SessionSummary,
    EntrySummary,
    PersonalRecord,
    QuoteUnlock,
    BodyWeight,
]
SHIFTED = {WorkoutSession, SessionExercise, LoggedSet}


def column_sql(model, field):
    """The SELECT expression giving `field` of copy k (a column of the temporary map `m`)."""
    column = f"t.{connection.ops.quote_name(field.column)}"
    if field.primary_key:
        return f"{column} + m.k * %(stride)s"
    if isinstance(field, models.ForeignKey):
        target = field.related_model
        if target is User:
            return "m.user_id"
        if target in SHIFTED:
            return f"{column} + m.k * %(stride)s"
        if field.null and target.__name__ in ("Enrolment", "PlanDay", "PlanItem"):
            return "NULL"  # the copies are not enrolled in a plan
        return column
    if field.unique:  # the calendar token
        return f"CASE WHEN {column} IS NULL THEN NULL ELSE {column} || '-' || m.k END"
    return column


def clone(base, users):
    stride = 1 + max(model.objects.aggregate(top=models.Max("pk"))["top"] or 0 for model in CLONED)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE m (k integer, user_id integer) ON COMMIT DROP")
        cursor.executemany(
            "INSERT INTO m VALUES (%s, %s)", [(k, user.pk) for k, user in enumerate(users, 1)]
        )
        for model in CLONED:
            fields = [f for f in model._meta.concrete_fields]
            table = model._meta.db_table
            columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
            values = ", ".join(column_sql(model, f) for f in fields)
            owner = "user_id" if any(f.column == "user_id" for f in fields) else None
            where = (
                f"t.user_id = {base.pk}"
                if owner
                else f"t.session_id IN (SELECT id FROM workouts_workoutsession "
                f"WHERE user_id = {base.pk})"
            )
            started = time.perf_counter()
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT {values} FROM {table} t CROSS JOIN m "
                f"WHERE {where}" % {"stride": stride}
            )
            print(
                f"  {table}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.1f} s",
                flush=True,
            )
            if isinstance(model._meta.pk, models.AutoField | models.BigAutoField):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )


def measure(client, path, runs):
    client.get(path)  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(times)


def pages(user):
    session = WorkoutSession.objects.filter(user=user).order_by("-started_at").first()
    return {
        "dashboard": "/dashboard/",
        "logging page (latest session)": f"/sessions/{session.pk}/",
        "history": "/sessions/",
    }


def slowest_queries(client, path, count=3):
    timed = []

    def record(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timed.append((time.perf_counter() - started, sql, params))

    with connection.execute_wrapper(record):
        client.get(path)
    return sorted(timed, key=lambda t: t[0], reverse=True)[:count]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--years", type=float, default=2)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--explain", help="write EXPLAIN output to this file")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("scale.py measures PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    call_command("load_catalogue", verbosity=0)
    if User.objects.exists():
        raise SystemExit("scale.py needs an empty database.")
    started = time.perf_counter()
    call_command("seed_demo", username="scale000", years=args.years, verbosity=0)
    base = User.objects.get(username="scale000")
    sets_one = LoggedSet.objects.filter(user=base).count()
    print(f"seeded scale000: {sets_one:,} sets in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    client = Client(HTTP_HOST="localhost")
    client.force_login(base)
    paths = pages(base)
    alone = {name: measure(client, path, args.runs) for name, path in paths.items()}

    started = time.perf_counter()
    others = User.objects.bulk_create(
        [User(username=f"scale{k:03d}", password=base.password) for k in range(1, args.users)]
    )
    clone(base, others)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    total = LoggedSet.objects.count()
    print(
        f"copied to {len(others)} more lifters: {total:,} sets in all, "
        f"{time.perf_counter() - started:.0f} s (with ANALYZE)"
    )
    client.force_login(base)
    at_scale = {name: measure(client, path, args.runs) for name, path in paths.items()}

    print(f"\n| page, one lifter ({sets_one:,} sets) | alone | among {args.users} | ratio |")
    print("|---|---:|---:|---:|")
    for name in paths:
        print(
            f"| {name} | {alone[name]:.1f} ms | {at_scale[name]:.1f} ms | "
            f"{at_scale[name] / alone[name]:.2f} |"
        )
    if args.explain:
        with open(args.explain, "w") as out, connection.cursor() as cursor:
            for name, path in paths.items():
                for seconds, sql, params in slowest_queries(client, path):
                    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
                    plan = "\n".join(row[0] for row in cursor.fetchall())
                    out.write(f"-- {name}: {seconds * 1000:.1f} ms\n{sql}\n{plan}\n\n")
        print(f"\nEXPLAIN of the slowest queries: {args.explain}")


if __name__ == "__main__":
    main()
