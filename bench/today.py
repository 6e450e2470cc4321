"""Benchmark: /today/ with a 12-week own plan and 5 years of history (issue 14).

Run: .venv/bin/python bench/today.py [--years 5] [--runs 100]
Builds a scratch SQLite database (never your real one) with `seed_demo`, then gives the user a
12-week own plan (Drago copied, its weeks duplicated to 12, every bench, squat and deadlift item
progressing +2.5 kg a week), enrols them seven weeks ago and logs weeks 1-7 of its plan days.
Measures in-process (Django test client, no network), in the same run, A against B:
  A. /today/ following the themed Drago plan (6 weeks, its "% 1RM" items resolved by the same
     engine, no progression chains), today its week 4 day 1;
  B. /today/ following the 12-week own plan, today its week 8 day 1, targets resolved through
     progression chains seven weeks long;
  C. the plan editor of the 12-week plan.
Each: median and p95 wall time, median CPU time (process_time), and the query count.
"""

import argparse
import datetime as dt
import os
import statistics
import time

import benchenv  # noqa: E402

SCRATCH = benchenv.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from workouts.logbook import actions  # noqa: E402
from workouts.models import (  # noqa: E402
    LoggedSet,
    Plan,
    PlanDay,
    PlanItem,
    WorkoutSession,
)
from workouts.plans import actions as plan_actions  # noqa: E402
from workouts.plans import editing  # noqa: E402

PROGRESSING = ("bench-press", "back-squat", "deadlift")


def measure(fn, runs):
    walls, cpus = [], []
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        fn()
        cpus.append((time.process_time() - cpu) * 1000)
        walls.append((time.perf_counter() - wall) * 1000)
    walls.sort()
    return statistics.median(walls), walls[int(len(walls) * 0.95) - 1], statistics.median(cpus)


def count_queries(fn):
    """The queries `fn` runs (BEGIN aside); BENCH_SHOW_QUERIES=1 prints each with its time."""
    log = []

    def record(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            log.append((time.perf_counter() - start, sql))

    with connection.execute_wrapper(record):
        fn()
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for seconds, sql in log:
            print(f"{seconds * 1000:7.2f} ms  {sql[:150]}")
    return len([sql for _, sql in log if "BEGIN" not in sql])


def twelve_week_plan(user, now):
    plan = editing.copy_plan(Plan.objects.get(slug="drago-high-tech"), user, now)
    while plan.weeks < 12:
        editing.duplicate_week(plan, plan.weeks)
        plan.refresh_from_db()
    PlanItem.objects.filter(day__plan=plan, key__in=PROGRESSING, day__week__gt=1).update(
        progression="add_load", progression_amount=2.5
    )
    return plan


def follow(user, plan, start, weeks_done, now):
    enrolment = plan_actions.enrol(user, plan, now, start_date=start)
    for day in PlanDay.objects.filter(plan=plan, week__lte=weeks_done).prefetch_related("items"):
        when = timezone.make_aware(dt.datetime.combine(start, dt.time(7))) + dt.timedelta(
            days=day.offset
        )
        session = plan_actions.start_plan_day(enrolment, day, when)
        for entry in session.entries.select_related("session__user", "exercise"):
            for _ in range(3):
                actions.log_set(entry, {"reps": 5, "load_kg": 60.0}, when)
        actions.finish_session(session, when + dt.timedelta(minutes=50))
    return enrolment


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("seed_demo", username="bench", years=args.years, no_quotes=True, verbosity=0)
    from django.contrib.auth.models import User

    user = User.objects.get(username="bench")
    now = timezone.now()
    today = timezone.localdate()
    client = Client(HTTP_HOST="localhost")
    client.force_login(user)

    def today_page():
        response = client.get("/today/")
        assert response.status_code == 200, response.status_code

    # A: the themed plan, started today's weekday so a training day is due.
    drago = Plan.objects.get(slug="drago-high-tech")
    start = today - dt.timedelta(days=7 * 3)
    follow(user, drago, start, 0, now)
    today_page()
    a_queries = count_queries(today_page)
    a = measure(today_page, args.runs)

    # B: the 12-week own plan, seven weeks logged.
    plan = twelve_week_plan(user, now)
    start = today - dt.timedelta(days=7 * 7)
    follow(user, plan, start, 7, now)
    today_page()
    b_queries = count_queries(today_page)
    b = measure(today_page, args.runs)

    def editor():
        response = client.get(f"/plans/{plan.slug}/edit/")
        assert response.status_code == 200, response.status_code

    editor()
    c_queries = count_queries(editor)
    c = measure(editor, max(10, args.runs // 5))

    sessions = WorkoutSession.objects.filter(user=user).count()
    sets = LoggedSet.objects.filter(user=user).count()
    items = PlanItem.objects.filter(day__plan=plan).count()
    print(
        f"data: {args.years} years, {sessions} sessions, {sets} sets for one user; own plan: "
        f"{plan.weeks} weeks, {plan.days.count()} days, {items} items (SQLite, {SCRATCH})"
    )
    for label, (median, p95, cpu), queries, runs in (
        ("A /today/, themed Drago", a, a_queries, args.runs),
        ("B /today/, 12-week own plan", b, b_queries, args.runs),
        ("C plan editor, 12 weeks", c, c_queries, max(10, args.runs // 5)),
    ):
        print(
            f"{label:30} median {median:6.1f} ms  p95 {p95:6.1f} ms  CPU {cpu:6.1f} ms  "
            f"{queries} queries  ({runs} runs)"
        )


if __name__ == "__main__":
    main()
