"""Benchmark: adding a set through the JSON API at 5 years of history, beside the htmx save.

Run: .venv/bin/python bench/api_set.py [--years 5] [--runs 200]
Builds a scratch SQLite database (never your real one) with `seed_demo`, then measures in-process
(Django test client, no network) the median and p95 time and the query count of:
  * the logging page's htmx POST of a set, without and with its idempotency key;
  * POST /api/v1/entries/<id>/sets with a token, without and with an Idempotency-Key (a new key
    every run), and a retry with a key already used (the replay).
Goal: the API save under 15 ms median, with no more queries than the htmx save plus the
idempotency check.
"""

import argparse
import os
import statistics
import time
import uuid

import benchenv  # noqa: E402

# API writes per minute unlimited: measure the work, not the limit.
SCRATCH = benchenv.setup(MONTAGE_API_WRITES_PER_MINUTE="1000000")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from querylog import QueryLog  # noqa: E402

from workouts.logbook import actions  # noqa: E402
from workouts.models import ApiToken, Exercise, LoggedSet, WorkoutSession  # noqa: E402


def measure(fn, runs):
    """(median, p95) of wall time and of this process's CPU time, in ms. On a busy machine the
    CPU time is the steadier figure: it leaves out the time spent waiting for a core."""
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    wall.sort()
    cpu.sort()
    p95 = int(runs * 0.95) - 1
    return statistics.median(wall), wall[p95], statistics.median(cpu), cpu[p95]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("seed_demo", username="bench", years=args.years, no_quotes=True, verbosity=0)
    from django.contrib.auth.models import User

    user = User.objects.get(username="bench")
    sessions = WorkoutSession.objects.filter(user=user).count()
    sets = LoggedSet.objects.filter(user=user).count()

    now = timezone.now()
    session = actions.start_session(user, now, title="Benchmark session")
    entry = actions.add_exercise(session, Exercise.objects.get(slug="bench-press"))
    for load in (60, 70, 80, 85, 90, 92.5):
        actions.log_set(entry, {"reps": 5, "load_kg": load}, now)

    page = Client(HTTP_HOST="localhost")
    page.force_login(user)
    form = {f"e{entry.pk}-reps": "5", f"e{entry.pk}-load": "60"}
    secret = ApiToken.issue(user, "bench", can_write=True)[1]
    api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {secret}")
    url = f"/api/v1/entries/{entry.pk}/sets"
    body = {"reps": 5, "load_kg": 60}
    used_key = str(uuid.uuid4())

    def htmx_save(key=False):
        data = {**form, "idempotency_key": str(uuid.uuid4())} if key else form
        response = page.post(f"/entries/{entry.pk}/sets/", data, HTTP_HX_REQUEST="true")
        assert response.status_code == 200, response.status_code

    def api_save(key=None):
        headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
        response = api.post(url, body, content_type="application/json", **headers)
        assert response.status_code == 201, (response.status_code, response.content)

    cases = [
        ("htmx save, no key (as bench/log_set.py)", htmx_save),
        ("htmx save with its idempotency key", lambda: htmx_save(key=True)),
        ("API save, no Idempotency-Key", api_save),
        ("API save, new Idempotency-Key", lambda: api_save(str(uuid.uuid4()))),
        ("API retry, key already used (replay)", lambda: api_save(used_key)),
    ]
    print(
        f"data: {args.years} years, {sessions} sessions, {sets} sets for one user "
        f"(SQLite, scratch DB in {SCRATCH}); {args.runs} runs each; median / p95"
    )
    for label, fn in cases:
        fn()  # warm up (and, for the replay, the first use of its key)
        with QueryLog() as queries:
            fn()
        median, p95, cpu_median, cpu_p95 = measure(fn, args.runs)
        print(
            f"{label:40s} wall {median:6.1f} / {p95:6.1f} ms  "
            f"CPU {cpu_median:5.1f} / {cpu_p95:5.1f} ms  "
            f"{len(queries.queries):2d} queries + BEGIN"
        )
        if os.environ.get("BENCH_SHOW_QUERIES"):
            for sql in queries:
                print("    " + sql[:150])


if __name__ == "__main__":
    main()
