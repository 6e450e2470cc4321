"""JSON errors: every failure answers {"code", "message", "fields"} with the HTTP status it means.

`code` is machine-readable (snake_case); `fields` maps an input field to its messages (empty
when the error is about the request as a whole).
"""

from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError


class Error(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ApiError(Exception):
    """Raised by endpoints: answered as an Error with `status`."""

    def __init__(self, status, code, message, fields=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.fields, self.headers = fields or {}, headers or {}


def field_error(field, message, code="invalid"):
    return ApiError(422, code, "Check the highlighted fields.", {field: [message]})


def from_form(form):
    """A rejected Django form's errors, under the API's field names."""
    return ApiError(
        422,
        "invalid",
        "Check the highlighted fields.",
        {name or "__all__": list(messages) for name, messages in form.errors.items()},
    )


# Statuses each operation may answer besides its successes (documented in the schema).
READ_ERRORS = {400: Error, 401: Error, 404: Error, 422: Error}
WRITE_ERRORS = {**READ_ERRORS, 403: Error, 409: Error, 413: Error, 429: Error}

_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "rate_limited",
}


def _location(loc):
    """A pydantic error location as the client's field name: ("body", "payload", "reps") ->
    "reps"; query and path parameters keep their own names."""
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "payload")]
    return ".".join(parts) or "__all__"


def install(api):
    def respond(request, status, code, message, fields=None, headers=None):
        response = api.create_response(
            request, {"code": code, "message": message, "fields": fields or {}}, status=status
        )
        for name, value in (headers or {}).items():
            response[name] = value
        return response

    @api.exception_handler(ApiError)
    def api_error(request, exc):
        return respond(request, exc.status, exc.code, exc.message, exc.fields, exc.headers)

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        fields = {}
        for error in exc.errors:
            message = error.get("msg", "Invalid value.").removeprefix("Value error, ")
            fields.setdefault(_location(error.get("loc", ())), []).append(message)
        return respond(request, 422, "invalid", "Check the highlighted fields.", fields)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return respond(request, 404, "not_found", "Nothing of yours here.")

    @api.exception_handler(Throttled)
    def throttled(request, exc):
        wait = max(1, int(exc.wait or 1))
        return respond(
            request,
            429,
            "rate_limited",
            f"Too many writes with this token; try again in {wait} s.",
            headers={"Retry-After": str(wait)},
        )

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        message = (
            str(exc)
            if str(exc) != "Unauthorized"
            else ("Send a token: Authorization: Bearer <token>.")
        )
        return respond(
            request,
            401,
            "unauthorized",
            message,
            headers={"WWW-Authenticate": 'Bearer realm="montage"'},
        )

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        status = exc.status_code
        message = str(exc)
        if status == 400 and "parse" in message:
            message = "The body is not valid JSON."
        return respond(request, status, _CODES.get(status, "error"), message)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return respond(request, 413, "too_large", "The request body is too large.")
