"""Benchmark: every page a lifter opens, against the floor, at 5 years of history.

    .venv/bin/python bench/pages.py [--years 5] [--runs 15]

Issue 15's goal: no page over 2x the floor except the dashboard (which has its own goal,
bench/dashboard.py). Builds a scratch SQLite database (a temporary MONTAGE_DATA_DIR, never your
own), seeds a user with `seed_demo` (enrolled in a plan, with body weights and quotes), gives
them an own plan (the Drago plan copied) and a custom exercise, then renders each page with the
test client (DEBUG off), reporting the median CPU time of this process (SQLite runs in it, so
that is the page's whole cost) over `--runs`, the ratio to the floor (a logged-in
`/settings/`, measured in blocks taking turns with each page's, so that a busy spell of a
shared machine weighs on both), the queries and the bytes. Downloads (exports, the calendar
feed) are not pages and are left out: their cost is the history's size by nature.
"""

import argparse
import io
import os
import statistics
import time

import benchenv  # noqa: E402

SCRATCH = benchenv.setup(host="testserver")

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from workouts.models import Exercise, LoggedSet, Plan, WorkoutSession  # noqa: E402
from workouts.plans.editing import copy_plan  # noqa: E402


def timed(client, url, runs):
    cpu = []
    for _ in range(runs):
        start = time.process_time()
        client.get(url)
        cpu.append((time.process_time() - start) * 1000)
    return cpu


def measure(client, url, runs, floor_client=None):
    """Median CPU ms of `url` over `runs`, its queries and bytes; with `floor_client`, also the
    median of the floor (`/settings/`) measured in blocks taking turns with the page's (four
    rounds of a quarter of the runs each), so that a busy spell of a shared machine weighs on
    both while each runs warm, as it would in a row."""
    first = client.get(url)  # warm the template and query caches
    assert first.status_code == 200, (url, first.status_code)
    cpu, floor = [], []
    if floor_client is None:
        cpu = timed(client, url, runs)
    else:
        block = max(1, runs // 4)
        for _ in range(4):
            floor_client.get(FLOOR)  # one untimed request to warm it after the page
            floor += timed(floor_client, FLOOR, block)
            client.get(url)
            cpu += timed(client, url, block)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return (
        statistics.median(cpu),
        statistics.median(floor) if floor else None,
        len(queries),
        len(first.content),
    )


FLOOR = "/settings/"


def profile(client, urls):
    import cProfile
    import pstats

    for url in urls:
        profiler = cProfile.Profile()
        for _ in range(5):
            profiler.runcall(client.get, url)
        print(url, "(5 requests)")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        if os.environ.get("BENCH_CALLERS"):
            pstats.Stats(profiler).print_callers(os.environ["BENCH_CALLERS"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--years", type=float, default=5)
    parser.add_argument(
        "--profile", metavar="LABEL", help="print cProfile's top functions for the page(s) so named"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("seed_demo", username="lifter", years=args.years, stdout=io.StringIO())
    user = User.objects.get(username="lifter")
    sessions = WorkoutSession.objects.filter(user=user)
    latest = sessions.order_by("-started_at").first()
    logged = LoggedSet.objects.filter(session=latest).first()
    bench_press = Exercise.objects.get(slug="bench-press")
    own = copy_plan(Plan.objects.get(slug="drago-high-tech"), user, timezone.now())
    day = own.days.order_by("week", "day").first()
    item = day.items.first()
    custom = Exercise.objects.create(owner=user, name="Barn door pull", slug="barn-door-pull")
    print(
        f"{args.years:g} year(s): {sessions.count():,} sessions, "
        f"{LoggedSet.objects.filter(user=user).count():,} sets; median of {args.runs} runs"
    )
    pages = [
        ("floor: /settings/", "/settings/"),
        ("today", "/today/"),
        ("history", "/sessions/"),
        ("history, page 20", "/sessions/?page=20"),
        ("new session", "/sessions/new/"),
        ("logging page (latest session)", f"/sessions/{latest.pk}/"),
        ("session details edit", f"/sessions/{latest.pk}/edit/"),
        ("set edit", f"/sets/{logged.pk}/edit/"),
        ("exercises", "/exercises/"),
        ("new exercise", "/exercises/new/"),
        ("exercise page (bench press)", f"/exercises/{bench_press.pk}/"),
        ("own exercise edit", f"/exercises/{custom.pk}/edit/"),
        ("body weight", "/bodyweight/"),
        ("quotes", "/quotes/"),
        ("plans", "/plans/"),
        ("plan: Siberian natural", "/plans/siberian-natural/"),
        ("plan: Drago high-tech", "/plans/drago-high-tech/"),
        ("own plan", f"/plans/{own.slug}/"),
        ("own plan editor", f"/plans/{own.slug}/edit/"),
        ("plan day edit", f"/plan-days/{day.pk}/edit/"),
        ("plan item edit", f"/plan-items/{item.pk}/edit/"),
        ("new plan", "/plans/new/"),
        ("plan import", "/plans/import/"),
        ("your data", "/data/"),
        ("password change", "/accounts/password_change/"),
        ("dashboard (own goal: 3.33x)", "/dashboard/"),
        ("dashboard, 4 weeks", "/dashboard/?range=4w"),
        ("dashboard, 12 weeks", "/dashboard/?range=12w"),
        ("dashboard, a year", "/dashboard/?range=1y"),
        ("dashboard, all time", "/dashboard/?range=all"),
    ]
    anonymous = [
        ("home / (logged out)", "/"),
        ("log in", "/accounts/login/"),
        ("sign up", "/accounts/signup/"),
        ("password reset", "/accounts/password_reset/"),
    ]
    client = Client()
    client.force_login(user)
    rows = [(label, *measure(client, url, args.runs, client)) for label, url in pages]
    rows += [(label, *measure(Client(), url, args.runs, client)) for label, url in anonymous]
    if args.profile:
        profile(client, [url for label, url in pages if args.profile in label])
        return
    floor = statistics.median(row[2] for row in rows)
    print(f"floor, {FLOOR} logged in: {floor:.1f} ms (median of its blocks beside each page)")
    print(f"{'page':<32}{'CPU ms':>8}{'x floor':>9}{'queries':>9}{'bytes':>9}")
    for label, cpu, beside, queries, size in rows:
        ratio = cpu / beside  # against the floor measured in turn with this page
        limit = 20 / 6 if "dashboard" in label else 2  # the dashboard: 20 ms where the floor is 6
        mark = f"  over {limit:.3g}x" if ratio > limit else ""
        print(f"{label:<32}{cpu:>8.1f}{ratio:>9.2f}{queries:>9}{size:>9,}{mark}")
    print(f"\nScratch database: {SCRATCH} (delete at will)")


if __name__ == "__main__":
    main()
