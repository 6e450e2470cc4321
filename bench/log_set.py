"""Benchmark: saving a set and rendering a long session's logging page, at 5 years of history.

Run: .venv/bin/python bench/log_set.py [--years 5] [--runs 200] [--synchronous NORMAL|FULL]
Builds a scratch SQLite database (never your real one) with `seed_demo`, then measures in-process
(Django test client, no network) the median and p95 time and the query count of:
  * an htmx POST that saves one set (records detection and unlock rules included);
  * a GET of the logging page of a long session (10 exercises x 6 sets).
"""

import argparse
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SCRATCH = tempfile.mkdtemp(prefix="montage-bench-")
os.environ["MONTAGE_DATA_DIR"] = SCRATCH
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "montage.settings")
# Production-like: DEBUG off (no query logging); plain static storage, no collectstatic needed.
os.environ["DJANGO_DEBUG"] = "False"
os.environ["MONTAGE_TESTING"] = "True"
os.environ["DJANGO_SECRET_KEY"] = "bench-" + "x" * 60
os.environ["DJANGO_ALLOWED_HOSTS"] = "localhost"
os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "False"
os.environ.pop("DATABASE_URL", None)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from workouts.logbook import actions  # noqa: E402
from workouts.models import Exercise, LoggedSet, WorkoutSession  # noqa: E402


class QueryLog(list):
    """Every SQL statement run inside the block (survives connections closing per request)."""

    @property
    def queries(self):
        """Statements other than SQLite's BEGIN (PostgreSQL's driver sends that implicitly)."""
        return [sql for sql in self if "BEGIN" not in sql]

    def __enter__(self):
        self._wrapper = connection.execute_wrapper(self._record)
        self._wrapper.__enter__()
        return self

    def __exit__(self, *exc):
        self._wrapper.__exit__(*exc)

    def _record(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.append(f"{(time.perf_counter() - start) * 1000:6.2f} ms  {sql}")


def measure(fn, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument(
        "--synchronous",
        choices=["NORMAL", "FULL"],
        help="SQLite's PRAGMA synchronous for this run (default: the settings')",
    )
    args = parser.parse_args()
    if args.synchronous:  # before the first connection reads the options
        options = settings.DATABASES["default"]["OPTIONS"]
        options["init_command"] = re.sub(
            r"synchronous=\w+", f"synchronous={args.synchronous}", options["init_command"]
        )

    call_command("migrate", verbosity=0)
    call_command("seed_demo", username="bench", years=args.years, no_quotes=True, verbosity=0)
    from django.contrib.auth.models import User

    user = User.objects.get(username="bench")
    sessions = WorkoutSession.objects.filter(user=user).count()
    sets = LoggedSet.objects.filter(user=user).count()

    client = Client(HTTP_HOST="localhost")
    client.force_login(user)
    now = timezone.now()
    session = actions.start_session(user, now, title="Benchmark session")
    slugs = [
        "bench-press",
        "back-squat",
        "deadlift",
        "overhead-press",
        "barbell-row",
        "pull-up",
        "leg-press",
        "lat-pulldown",
        "front-squat",
        "cable-crunch",
    ]
    entries = [actions.add_exercise(session, Exercise.objects.get(slug=slug)) for slug in slugs]
    for entry in entries:
        for load in (60, 70, 80, 85, 90, 92.5):
            actions.log_set(entry, {"reps": 5, "load_kg": load}, now)
    target = entries[0]
    url = f"/entries/{target.pk}/sets/"
    payload = {f"e{target.pk}-reps": "5", f"e{target.pk}-load": "60"}

    def save_set():
        response = client.post(url, payload, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    def render_page():
        response = client.get(f"/sessions/{session.pk}/")
        assert response.status_code == 200, response.status_code

    page_sets = LoggedSet.objects.filter(session=session).count()
    render_page()  # warm up
    with QueryLog() as page_queries:
        render_page()
    page_median, page_p95 = measure(render_page, max(20, args.runs // 4))
    save_set()
    with QueryLog() as save_queries:
        save_set()
    save_median, save_p95 = measure(save_set, args.runs)
    if os.environ.get("BENCH_PROFILE"):
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(render_page if os.environ["BENCH_PROFILE"] == "page" else save_set)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
    if os.environ.get("BENCH_SHOW_QUERIES"):
        for sql in save_queries:
            print(sql[:160])
        print("-- logging page")
        for sql in page_queries:
            print(sql[:160])

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        synchronous = {0: "OFF", 1: "NORMAL", 2: "FULL", 3: "EXTRA"}[cursor.fetchone()[0]]
    print(
        f"data: {args.years} years, {sessions} sessions, {sets} sets for one user "
        f"(SQLite, synchronous={synchronous}, scratch DB in {SCRATCH})"
    )
    print(
        f"save a set (htmx POST):       median {save_median:6.1f} ms  p95 {save_p95:6.1f} ms  "
        f"{len(save_queries.queries)} queries + BEGIN  ({args.runs} runs)"
    )
    print(
        f"logging page, {page_sets} sets, 10 ex.: median {page_median:6.1f} ms  "
        f"p95 {page_p95:6.1f} ms  {len(page_queries.queries)} queries  "
        f"({max(20, args.runs // 4)} runs)"
    )


if __name__ == "__main__":
    main()
