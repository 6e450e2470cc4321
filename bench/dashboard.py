"""Benchmark: in-process render time of /dashboard/ at 1 and 5 years of history.

    .venv/bin/python bench/dashboard.py [--runs 30] [--years 1,5]

Builds a scratch SQLite database (a temporary MONTAGE_DATA_DIR, never your own), seeds a
1-year and a 5-year user with `seed_demo`, then renders /dashboard/ for every range with the
test Client, reporting the median and p95 render time, the median CPU time of this process
(SQLite runs in it, so that is the whole cost, and it moves less than wall time when other
work shares the machine) and the query count. A minimal logged-in page (/settings/) is the
floor: what any page costs here. Also `/`, the logging page of the user's latest session and
an exercise's page (its history query is the one that needs the planner's statistics), and the
dashboard's size as sent, plain and gzipped (`Accept-Encoding: gzip`).
"""

import argparse
import io
import statistics
import time

import benchenv  # noqa: E402

SCRATCH = benchenv.setup(host="testserver")


from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402

from workouts.models import Exercise, LoggedSet, WorkoutSession  # noqa: E402

RANGES = ("4w", "12w", "1y", "all")


def measure(client, url, runs):
    client.get(url)  # warm the template and query caches
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, statistics.median(cpu), len(queries)


def sizes(client, url):
    """(bytes plain, bytes as sent to a browser that accepts gzip)."""
    plain = client.get(url).content
    sent = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    return len(plain), len(sent.content), sent.get("Content-Encoding", "none")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--years", default="1,5", help="comma-separated history lengths")
    args = parser.parse_args()
    spans = [int(y) for y in args.years.split(",")]
    setup_test_environment()
    call_command("migrate", verbosity=0)
    results = {}
    for years in spans:
        name = f"bench{years}y"
        started = time.perf_counter()
        call_command("seed_demo", username=name, years=years, no_quotes=True, stdout=io.StringIO())
        seeded = time.perf_counter() - started
        user = User.objects.get(username=name)
        sessions = WorkoutSession.objects.filter(user=user).count()
        sets = LoggedSet.objects.filter(user=user).count()
        print(f"\n{years} year(s): {sessions:,} sessions, {sets:,} sets (seeded in {seeded:.1f} s)")
        client = Client()
        client.force_login(user)
        latest = WorkoutSession.objects.filter(user=user).order_by("-started_at").first()
        bench_press = Exercise.objects.get(slug="bench-press")
        print(f"  {'page':<28}{'median ms':>10}{'p95 ms':>10}{'CPU ms':>9}{'queries':>9}")
        for label, url in [
            ("floor /settings/", "/settings/"),
            *((f"/dashboard/?range={key}", f"/dashboard/?range={key}") for key in RANGES),
            ("home / (logged out)", "/"),
            ("logging page (latest)", f"/sessions/{latest.pk}/"),
            ("exercise page (bench press)", f"/exercises/{bench_press.pk}/"),
        ]:
            who = Client() if url == "/" else client  # `/` sends a logged-in user on
            median, p95, cpu, queries = measure(who, url, args.runs)
            results[(years, label)] = (median, queries, cpu)
            print(f"  {label:<28}{median:>10.1f}{p95:>10.1f}{cpu:>9.1f}{queries:>9}")
        plain, sent, encoding = sizes(client, "/dashboard/?range=all")
        print(f"  dashboard size: {plain:,} bytes, {sent:,} bytes sent ({encoding})")
    if spans == [1, 5]:
        print("\n5 years vs 1 year (median):")
        for key in RANGES:
            label = f"/dashboard/?range={key}"
            one, five = results[(1, label)], results[(5, label)]
            print(f"  {key:<5} {five[0] / one[0]:.2f}x   queries {one[1]} -> {five[1]}")
    last = spans[-1]
    floor = results[(last, "floor /settings/")][2]
    print(f"\nCPU against the floor ({last} years, /settings/ = {floor:.1f} ms):")
    for (years, label), (_median, _queries, cpu) in results.items():
        if years == last:
            print(f"  {label:<28}{cpu / floor:>6.2f}x")
    print(f"\nScratch database: {SCRATCH} (delete at will)")


if __name__ == "__main__":
    main()
