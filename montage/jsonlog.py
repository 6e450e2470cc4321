"""Logs as JSON lines on stdout: a formatter for the standard library's logging, and the
middleware that writes one line per request.

The standard library and twenty lines of formatter rather than structlog or
python-json-logger: Django, gunicorn and django-axes all log through `logging` already, so one
formatter on the root handler makes every record JSON, and it costs no dependency.

Each record is one line: time (UTC, ISO 8601), level, logger, message, the request id of the
request being served (if any), any `extra` fields, and for an error its whole traceback as one
string field (so an error is one record, not thirty lines).

The request line (logger `montage.request`) carries request_id, user_id, method, route (the URL
pattern, e.g. `sessions/<int:pk>/`, never the raw path: the calendar feed's path holds a
secret), status and duration_ms. The request id is the proxy's `X-Request-ID` when it sends a
sane one, else a new one, and goes back in the `X-Request-ID` response header.

This module imports nothing from Django at import time: gunicorn.conf.py uses the formatter
before Django is set up.
"""

import contextvars
import datetime as dt
import json
import logging
import re
import time
import uuid

request_id_var = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else on a record came from `extra`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}
_SKIP = {
    "request",
    "request_id",
    "server_time",
    "color_message",
}  # objects, or duplicates of other fields
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def _stamp_request_id():
    """Every record made while a request is served carries its id, whenever it is formatted."""
    make = logging.getLogRecordFactory()
    if getattr(make, "stamps_request_id", False):
        return

    def record(*args, **kwargs):
        made = make(*args, **kwargs)
        made.request_id = request_id_var.get()
        return made

    record.stamps_request_id = True
    logging.setLogRecordFactory(record)


_stamp_request_id()


def _plain(value):
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(key): _plain(item) for key, item in value.items()}
    return str(value)


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = (
            getattr(record, "request_id", None)
            # django.request's 4xx/5xx line is written after the middleware has returned
            or getattr(getattr(record, "request", None), "request_id", None)
            or request_id_var.get()
        )
        if request_id is not None:
            entry["request_id"] = request_id
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in _SKIP and not key.startswith("_"):
                entry[key] = _plain(value)
        if record.name == "gunicorn.access" and isinstance(record.args, dict):
            entry.update(_gunicorn_access(record.args))
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


def _gunicorn_access(atoms):
    """gunicorn's access line (GUNICORN_ACCESS_LOG=1) as fields; never the raw path, which can
    hold a secret (the calendar feed's token)."""
    return {
        "message": f"{atoms.get('m')} {atoms.get('s')}",
        "event": "gunicorn_access",
        "method": atoms.get("m"),
        "status": int(atoms["s"]) if str(atoms.get("s", "")).isdigit() else atoms.get("s"),
        "duration_ms": round(int(atoms.get("D", 0)) / 1000, 1),
        "remote": atoms.get("h"),
        "request_id": atoms.get("{x-request-id}o") or None,
    }


access_logger = logging.getLogger("montage.request")


class RequestLogMiddleware:
    """After the health probes, the HTTPS redirect and WhiteNoise's static files: times
    the whole stack below it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        token = request_id_var.set(request_id)
        start = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request_id
            match = getattr(request, "resolver_match", None)
            access_logger.info(
                "%s %s %s",
                request.method,
                getattr(match, "route", None) or "<unmatched>",
                response.status_code,
                extra={
                    "event": "request",
                    "user_id": _user_id(request),
                    "method": request.method,
                    "route": getattr(match, "route", None),
                    "view": getattr(match, "view_name", None),
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
            return response
        finally:
            request_id_var.reset(token)


def _user_id(request):
    """The user the request was served for, if anything below already loaded it: reading a
    lazy user here would query the database after the response is made (and fail when the
    database is what failed)."""
    from django.utils.functional import empty

    user = request.__dict__.get("user")
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None
