"""Lighthouse mobile performance of `/`, the dashboard and the logging page, served the way
production serves them (gunicorn, DEBUG off, hashed and compressed static files).

    npm install --prefix /tmp/lh --save-exact lighthouse@13.5.0     # once, outside the project
    CHROME_PATH=/usr/bin/chromium .venv/bin/python bench/lighthouse.py [--lighthouse PATH]

Builds a scratch SQLite database with a 1-year `seed_demo` user, runs `collectstatic` into a
scratch folder, starts gunicorn on a free loopback port, logs in (a session cookie sent as a
header: the production cookie is Secure, and this is plain HTTP on loopback), and runs
Lighthouse's default mobile profile (simulated slow 4G and 4x CPU slowdown) on each page,
printing the performance score and its metrics. Lighthouse is a measuring tool here, not a
dependency of the project, so it is installed outside it.
"""

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    parser.add_argument("--runs", type=int, default=1, help="runs per page (median score)")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="montage-lighthouse-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "montage.settings",
        "MONTAGE_DATA_DIR": str(scratch),
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "lighthouse-" + "x" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "DJANGO_HSTS_SECONDS": "0",
    }
    env.pop("DATABASE_URL", None)
    env.pop("MONTAGE_TESTING", None)
    static = scratch / "static"
    setup = (
        "import django; django.setup()\n"
        "from django.conf import settings\n"
        f"settings.STATIC_ROOT = {str(static)!r}\n"
        "from django.core.management import call_command\n"
        "call_command('migrate', verbosity=0)\n"
        "call_command('collectstatic', interactive=False, verbosity=0)\n"
        "call_command('seed_demo', username='lh', years=1, verbosity=0)\n"
        "from django.test import Client\n"
        "from django.contrib.auth.models import User\n"
        "from workouts.models import WorkoutSession\n"
        "c = Client(); c.force_login(User.objects.get(username='lh'))\n"
        "latest = WorkoutSession.objects.filter(user__username='lh').order_by('-started_at')[0]\n"
        "print(settings.SESSION_COOKIE_NAME, c.cookies[settings.SESSION_COOKIE_NAME].value,"
        " latest.pk)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", setup], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if done.returncode:
        sys.exit(done.stderr)
    name, value, session_pk = done.stdout.split()[-3:]
    # The scratch STATIC_ROOT for the server too (settings read it from STATIC_ROOT only).
    server_env = {**env, "PYTHONPATH": str(scratch)}
    (scratch / "lighthouse_settings.py").write_text(
        f"from montage.settings import *  # noqa\nSTATIC_ROOT = {str(static)!r}\n"
    )
    server_env["DJANGO_SETTINGS_MODULE"] = "lighthouse_settings"
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "montage.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
        ],
        cwd=ROOT,
        env=server_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                urllib.request.urlopen(base + "/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        headers = scratch / "headers.json"
        headers.write_text(json.dumps({"Cookie": f"{name}={value}"}))
        pages = [
            ("/ (logged out)", "/", False),
            ("dashboard", "/dashboard/", True),
            ("logging page", f"/sessions/{session_pk}/", True),
        ]
        print(f"{'page':<16}{'score':>6}{'FCP':>8}{'LCP':>8}{'TBT':>7}{'CLS':>7}{'SI':>8}")
        for number, (label, path, logged_in) in enumerate(pages):
            results = []
            for run in range(args.runs):
                report = scratch / f"report-{number}-{run}.json"
                command = [
                    args.lighthouse,
                    base + path,
                    "--only-categories=performance",
                    "--output=json",
                    f"--output-path={report}",
                    "--quiet",
                    "--chrome-flags=--headless=new --no-sandbox",
                ]
                if logged_in:
                    command.append(f"--extra-headers={headers}")
                subprocess.run(command, check=True, env={**os.environ})
                results.append(json.loads(report.read_text()))
            results.sort(key=lambda r: r["categories"]["performance"]["score"])
            middle = results[len(results) // 2]
            audits = middle["audits"]
            final = middle.get("finalDisplayedUrl", "")
            assert final.endswith(path), (label, final)  # not bounced to the log-in page

            def ms(key, audits=audits):
                return audits[key]["numericValue"]

            print(
                f"{label:<16}{round(middle['categories']['performance']['score'] * 100):>6}"
                f"{ms('first-contentful-paint'):>8.0f}{ms('largest-contentful-paint'):>8.0f}"
                f"{ms('total-blocking-time'):>7.0f}{ms('cumulative-layout-shift'):>7.3f}"
                f"{ms('speed-index'):>8.0f}"
            )
        print(f"(ms; {args.runs} run(s) per page, the median score's report; scratch: {scratch})")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
