"""Benchmark: the first request a fresh worker serves, against its next ones.

    .venv/bin/python bench/first_request.py [--rounds 5]

Builds a scratch SQLite database with one user (`seed_demo`, 1 year), then `--rounds` times
starts a fresh Python process that does what a gunicorn worker does when it boots (imports
`montage.wsgi`, which builds the application and, where the code has it, warms it up) and then
calls that WSGI application directly (no test client, no network) for a logged-in `/settings/`,
`/dashboard/` and `/calendar/` ... as a worker would: the first request of each page, then the
same page again. Reported: boot time, and each page's first and second request (wall and CPU),
medians over the rounds.
"""

import argparse
import io
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {
    "DJANGO_SETTINGS_MODULE": "montage.settings",
    "DJANGO_DEBUG": "False",
    "MONTAGE_TESTING": "True",
    "DJANGO_SECRET_KEY": "bench-" + "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "False",
}
PAGES = ("/settings/", "/dashboard/", "/sessions/")

WORKER = r"""
import json, os, sys, time
sys.path.insert(0, os.getcwd())
cpu0, wall0 = time.process_time(), time.perf_counter()
from montage.wsgi import application
boot = (time.perf_counter() - wall0) * 1000, (time.process_time() - cpu0) * 1000
from io import BytesIO
cookie = sys.argv[1]
def call(path):
    environ = {
        "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "localhost",
        "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http",
        "wsgi.input": BytesIO(b""), "wsgi.errors": sys.stderr, "HTTP_COOKIE": cookie,
        "REMOTE_ADDR": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
    }
    status = []
    cpu, wall = time.process_time(), time.perf_counter()
    body = b"".join(application(environ, lambda s, h, e=None: status.append(s)))
    result = (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000
    assert status[0].startswith("200"), (path, status, body[:200])
    return result
out = {"boot": boot}
if os.environ.get("BENCH_PROFILE"):  # where the first request's time goes, on stderr
    import cProfile, pstats
    profiler = cProfile.Profile()
    profiler.runcall(call, json.loads(sys.argv[2])[0])
    pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumtime").print_stats(40)
for path in json.loads(sys.argv[2]):
    out[path] = [call(path), call(path), call(path)]
print(json.dumps(out))
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="montage-bench-")
    env = {**os.environ, **ENV, "MONTAGE_DATA_DIR": scratch}
    env.pop("DATABASE_URL", None)
    setup = (
        "import django, sys; django.setup()\n"
        "from django.core.management import call_command\n"
        "from django.test import Client\n"
        "from django.contrib.auth.models import User\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('seed_demo', username='bench', years=1, no_quotes=True, verbosity=0)\n"
        "c = Client(); c.force_login(User.objects.get(username='bench'))\n"
        "from django.conf import settings\n"
        "print(f'{settings.SESSION_COOKIE_NAME}={c.cookies[settings.SESSION_COOKIE_NAME].value}')\n"
    )
    cookie = (
        subprocess.run(
            [sys.executable, "-c", setup],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    runs = []
    for _ in range(args.rounds):
        done = subprocess.run(
            [sys.executable, "-c", WORKER, cookie, json.dumps(PAGES)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
        if os.environ.get("BENCH_PROFILE"):
            print(done.stderr)

    def med(values):
        return statistics.median(values)

    out = io.StringIO()
    boot_wall = med([r["boot"][0] for r in runs])
    boot_cpu = med([r["boot"][1] for r in runs])
    print(f"code: {ROOT}  ({args.rounds} fresh processes, medians)", file=out)
    print(f"boot (import montage.wsgi): {boot_wall:7.1f} ms wall, {boot_cpu:7.1f} ms CPU", file=out)
    print(f"  {'page':<14}{'1st wall':>10}{'1st CPU':>10}{'2nd CPU':>10}{'3rd CPU':>10}", file=out)
    for index, path in enumerate(PAGES):
        first = med([r[path][0][0] for r in runs]), med([r[path][0][1] for r in runs])
        second = med([r[path][1][1] for r in runs])
        third = med([r[path][2][1] for r in runs])
        note = "  (first page of the process)" if index == 0 else ""
        print(
            f"  {path:<14}{first[0]:>10.1f}{first[1]:>10.1f}{second:>10.1f}{third:>10.1f}{note}",
            file=out,
        )
    print(out.getvalue(), end="")
    print(f"Scratch database: {scratch} (delete at will)")


if __name__ == "__main__":
    main()
