"""gunicorn.conf.py boots the app, everything on its stdout is JSON lines, and a worker that
ends first lets background mail go out."""

import json
import os
import runpy
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem

from workouts import outbox

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers)


@pytest.fixture(scope="module")
def node(tmp_path_factory):
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_DEBUG": "False",
        "DJANGO_SECRET_KEY": "gunicorn-test-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "False",
        "MONTAGE_TESTING": "True",  # plain static storage: no collectstatic manifest here
        "MONTAGE_DATA_DIR": str(tmp_path_factory.mktemp("gunicorn-data")),
        "WEB_CONCURRENCY": "1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
    }
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    log = tmp_path_factory.mktemp("gunicorn-log") / "stdout.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(GUNICORN), "montage.wsgi"], cwd=ROOT, env=env, stdout=out, stderr=out
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(60):
            try:
                get(f"{base}/healthz")
                break
            except OSError:
                time.sleep(0.25)
        answers = {path: get(base + path) for path in ("/healthz", "/accounts/login/")}
    finally:
        process.send_signal(signal.SIGTERM)  # a graceful stop
        process.wait(timeout=30)
    return answers, log.read_text().splitlines(), process.returncode


def test_the_configured_server_answers_the_health_probe(node):
    answers, _lines, _code = node
    assert answers["/healthz"][0] == 200


def test_every_line_gunicorn_and_the_app_write_is_json(node):
    _answers, lines, _code = node
    assert lines
    assert all(isinstance(json.loads(line), dict) for line in lines), lines


def test_the_request_line_and_header_share_one_request_id(node):
    answers, lines, _code = node
    records = [json.loads(line) for line in lines]
    [request] = [r for r in records if r.get("route") == "accounts/login/"]
    assert request["status"] == 200
    assert request["request_id"] == answers["/accounts/login/"][1]["X-Request-ID"]


def test_gunicorn_logs_its_workers_booting_and_stops_gracefully(node):
    _answers, lines, code = node
    messages = [json.loads(line)["message"] for line in lines]
    assert any(m.startswith("Booting worker") for m in messages)
    assert code == 0


class SlowMailBackend(locmem.EmailBackend):
    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


def test_a_worker_ending_first_waits_for_mail_still_being_sent(settings, mailoutbox):
    settings.EMAIL_BACKEND = f"{__name__}.SlowMailBackend"
    outbox.send_later(EmailMessage("Reset", "…", "a@example.com", ["b@example.com"]), "a mail")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    config["worker_exit"](server=None, worker=None)
    assert len(mailoutbox) == 1
