"""/healthz and /readyz for load balancers and orchestrators, answered before any other
middleware: no session, no CSRF, no host check (probes often use the node's address), no HTTPS
redirect, no log line (they are polled every second).

- /healthz: the process answers. Nothing else is looked at.
- /readyz: the database answers `SELECT 1`, every migration this code has is applied (looked up
  until it has been true once in this process; the set cannot shrink under running code), and
  the cache answers when Redis is configured. 200 with {"status": "ok"} when the node can serve;
  503 when the database is unreachable or migrations are pending. An unreachable Redis gives
  200 with "status": "degraded": the site works without the cache (montage/cache.py), and taking
  every node out of a balancer because the shared cache is down would turn a slower site into
  no site.
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse

logger = logging.getLogger("montage.health")

_migrations_applied = False


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _pending_migrations():
    """How many of this code's migrations the database lacks (0 once seen complete)."""
    global _migrations_applied
    if _migrations_applied:
        return 0
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if not plan:
        _migrations_applied = True
    return len(plan)


def _cache_state():
    ping = getattr(cache, "ping", None)
    if ping is None:  # local memory: nothing shared to reach
        return "local"
    return "ok" if ping() else "unreachable"


def readiness():
    """(status code, body) of /readyz."""
    body = {"status": "ok"}
    try:
        _database()
        body["database"] = "ok"
        pending = _pending_migrations()
        body["migrations"] = "ok" if not pending else f"{pending} pending"
    except DatabaseError as exc:
        logger.warning("readyz: database unreachable: %s", exc, extra={"event": "not_ready"})
        body["database"] = "unreachable"
        pending = None
    body["cache"] = _cache_state()
    if body["database"] != "ok" or pending:
        body["status"] = "unavailable"
        if pending:
            logger.warning("readyz: %s migrations pending", pending, extra={"event": "not_ready"})
        return 503, body
    if body["cache"] == "unreachable":
        body["status"] = "degraded"
    return 200, body


def healthz(request):
    return _probe(request, 200, {"status": "ok"})


def readyz(request):
    return _probe(request, *readiness())


PROBES = {"/healthz": healthz, "/readyz": readyz}


class HealthMiddleware:
    """First in MIDDLEWARE: answers the probe paths itself (the same views montage/urls.py
    names), passes everything else on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = PROBES.get(request.path_info)
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = _probe(request, 405, {"status": "method not allowed"})
            response["Allow"] = "GET, HEAD"
            return response
        return view(request)


def _probe(request, status, body):
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    response._has_been_logged = True  # not Django's error line per poll: readiness() logs why
    return response
