"""gunicorn's configuration for Montage (read from the working directory by `gunicorn`).

Production command, from the project directory, after `manage.py migrate` and
`manage.py collectstatic --noinput`:

    gunicorn montage.wsgi

Every setting below can be overridden by the environment variables named, or on the command
line (`gunicorn -b 0.0.0.0:8001 montage.wsgi`). Graceful restarts: `kill -HUP <master pid>`
starts new workers on the new code and lets the old ones finish their requests (up to
`graceful_timeout`); `kill -TERM` stops the same way.
"""

import multiprocessing
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # montage.jsonlog, below

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers, each one request at a time with one database connection (CONN_MAX_AGE): the
# app is CPU-bound Python between short queries, so more processes, not threads.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A request running longer than this is killed (and logged as WORKER TIMEOUT); the slowest
# legitimate one is a large import's confirm (bench/README.md: about 10 s for 6,800 sets).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5  # behind a proxy that keeps connections open
# Recycle each worker after this many requests (staggered), so a slow leak cannot grow forever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # heartbeat files off disk
# The proxy's X-Forwarded-Proto is trusted by Django (SECURE_PROXY_SSL_HEADER, set by
# MONTAGE_TRUSTED_PROXY_COUNT); gunicorn's own copy of that trust stays at loopback.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Restarts go by signal (HUP, TERM); no control socket, whose one default path two instances
# on one machine would fight over.
control_socket_disable = True

# Logs: JSON lines on stdout, the same format as the app's (montage/jsonlog.py). The app writes
# the one line per request (with user, route and request id, which gunicorn cannot know), so
# gunicorn's access log is off unless GUNICORN_ACCESS_LOG=1; its own lines (boot, worker
# timeouts and restarts) are JSON too.
accesslog = "-" if os.environ.get("GUNICORN_ACCESS_LOG") == "1" else None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "montage.jsonlog.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
        }
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}


def worker_exit(server, worker):
    """A worker about to end (restart, max_requests, stop) first lets mail still being handed to
    the mail server in the background (workouts.outbox: password resets) go out, for up to 10 s;
    its daemon threads would otherwise die with it."""
    outbox = sys.modules.get("workouts.outbox")  # not loaded: nothing was sent
    if outbox is not None:
        outbox.wait_for_mail(timeout=10)
