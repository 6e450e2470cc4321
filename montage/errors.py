"""The site's answer when a view fails: a clear 503 when the database is out of reach, a plain
500 otherwise (Django calls `handler500` inside its exception handler, so the exception is at
hand).

A database that is restarting, refusing connections or past its connect timeout
(`MONTAGE_DB_CONNECT_TIMEOUT`) raises OperationalError or InterfaceError wherever the first
query is, often in a middleware loading the session. The answer is quick, says to try again,
and carries `Retry-After`; the next request opens a fresh connection (CONN_HEALTH_CHECKS), so
the site recovers without an app restart. These pages render without the database and without
the request's context processors.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string

RETRY_AFTER_SECONDS = 5

UNAVAILABLE = (
    "Montage can't reach its database just now. Nothing you saved before this is lost; "
    "wait a few seconds and try again."
)
BROKEN = "Something went wrong on our side. It has been logged; try again in a moment."


def database_unavailable(exc):
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request):
    exc = sys.exc_info()[1]
    api = request.path_info.startswith("/api/")
    if database_unavailable(exc):
        status, title, message, code = 503, "Back in a moment", UNAVAILABLE, "unavailable"
    else:
        status, title, message, code = 500, "Server error", BROKEN, "server_error"
    if api:
        response = JsonResponse({"code": code, "message": message, "fields": {}}, status=status)
    else:
        try:
            page = render_to_string("unavailable.html", {"title": title, "message": message})
        except Exception:  # a missing static manifest must not turn this page into a crash
            page = f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{message}</p>"
        response = HttpResponse(page, status=status)
    if status == 503:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
