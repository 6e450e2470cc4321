"""Benchmark: exporting a 5-year history (about 40,000 sets) as JSON and as CSV.

Run: .venv/bin/python bench/export_history.py [--years 5] [--runs 5]
Builds a scratch SQLite database (never your real one) with `seed_demo`, then measures in-process
the median and p95 time to stream each export to the end (written nowhere, bytes only counted),
its size and its queries; then, once more under tracemalloc, the peak of Python memory the
export allocates while it streams (the process's own footprint, Django and the seed included, is
printed as max RSS). `--http` also times the download through the view (Django test client).
"""

import argparse
import os
import resource
import statistics
import time
import tracemalloc

parser = argparse.ArgumentParser()
parser.add_argument("--years", type=float, default=5)
parser.add_argument("--runs", type=int, default=5)
parser.add_argument("--http", action="store_true", help="also time the download views")
parser.add_argument(
    "--reuse",
    metavar="DIR",
    help="a scratch directory printed by an earlier run: measure again without seeding again",
)
ARGS = parser.parse_args()
import benchenv  # noqa: E402

SCRATCH = benchenv.setup(ARGS.reuse)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from workouts.models import LoggedSet, WorkoutSession  # noqa: E402
from workouts.transfer.export import Exporter  # noqa: E402


def drain(chunks):
    size = 0
    for chunk in chunks:
        size += len(chunk.encode("utf-8"))
    return size


def measure(fn, runs):
    """Median and p95 wall time, and median CPU time of this process (SQLite runs in-process,
    so CPU time is the whole cost; on a busy machine it is the steadier figure)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    times.sort()
    return (
        statistics.median(times),
        times[max(0, int(len(times) * 0.95) - 1)],
        statistics.median(cpu),
    )


def peak_memory(fn):
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def main():
    args = ARGS
    from django.contrib.auth.models import User

    seeded = 0.0
    if not args.reuse:
        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        # Quotes left locked, as in log_set.py: replaying them makes seeding slow, and the
        # export of a few dozen unlocks costs nothing next to 40,000 sets.
        call_command("seed_demo", username="bench", years=args.years, no_quotes=True, verbosity=0)
        seeded = time.perf_counter() - start

    user = User.objects.get(username="bench")
    sessions = WorkoutSession.objects.filter(user=user).count()
    sets = LoggedSet.objects.filter(user=user).count()
    print(
        f"data: {sessions} sessions, {sets} sets for one user "
        f"(SQLite, seeded in {seeded:.1f} s, scratch DB in {SCRATCH})"
    )

    for name in ("json", "csv"):

        def export(name=name):
            exporter = Exporter(user)
            return drain(exporter.json_chunks() if name == "json" else exporter.csv_chunks())

        size = export()  # warm-up
        with CaptureQueriesContext(connection) as queries:
            export()
        median, p95, cpu = measure(export, args.runs)
        peak = peak_memory(export)
        print(
            f"{name.upper():4} export: median {median:5.2f} s  p95 {p95:5.2f} s  "
            f"CPU {cpu:5.2f} s  "
            f"{size / 1e6:5.1f} MB  {len(queries.captured_queries)} queries  "
            f"peak Python memory while streaming {peak / 1e6:5.1f} MB  ({args.runs} runs)"
        )

    if args.http:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for url in ("/data/export.json", "/data/export.csv"):

            def download(url=url):
                response = client.get(url)
                assert response.status_code == 200, response.status_code
                return sum(len(part) for part in response.streaming_content)

            download()
            median, p95, cpu = measure(download, args.runs)
            print(f"GET {url}: median {median:5.2f} s  p95 {p95:5.2f} s  CPU {cpu:5.2f} s")

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"process max RSS (Django, seed and all): {rss:.0f} MB; load average "
        f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )


if __name__ == "__main__":
    main()
