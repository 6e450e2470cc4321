from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from .models import Profile


def _has_nul(values):
    return any("\x00" in value for value in values)


class RejectNulMiddleware:
    """A NUL byte anywhere in what a client sends (path, query, form, cookies, headers) is
    refused with 400 before any view or database sees it: no form field or query parameter can
    hold one, and PostgreSQL refuses them in text (a 500, field by field, otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._hostile(request):
            message = "A NUL character is not allowed in a request."
            if request.path_info.startswith("/api/"):  # the API's error shape
                return JsonResponse(
                    {"code": "nul_character", "message": message, "fields": {}}, status=400
                )
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _hostile(request):
        if "\x00" in request.path_info:
            return True
        for query in (request.GET, request.POST) if request.method == "POST" else (request.GET,):
            for key, values in query.lists():
                if "\x00" in key or _has_nul(v for v in values if isinstance(v, str)):
                    return True
        headers = (
            v for k, v in request.META.items() if k.startswith("HTTP_") and isinstance(v, str)
        )
        return _has_nul(request.COOKIES) or _has_nul(request.COOKIES.values()) or _has_nul(headers)


class ApiMethodNotAllowedMiddleware:
    """Under /api/, a method an endpoint does not take is answered in the API's error shape
    (django-ninja's router answers a bare text/html 405), keeping the Allow header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and request.path_info.startswith("/api/"):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {
                    "code": "method_not_allowed",
                    "message": f"This endpoint does not accept {request.method}.",
                    "fields": {},
                },
                status=405,
            )
            if allowed:
                response["Allow"] = allowed
        return response


class PrivatePagesMiddleware:
    """Any response made for a logged-in user is theirs alone: no shared or browser cache may
    keep it (Cache-Control: private, no-store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response


class UserTimezoneMiddleware:
    """Loads the user's profile once per request and activates their time zone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            try:
                profile = user.profile  # joined by workouts.auth.ProfileBackend
            except Profile.DoesNotExist:
                profile, _ = Profile.objects.get_or_create(user=user)
            request.profile = profile
            timezone.activate(profile.zone)
        else:
            request.profile = None
            timezone.deactivate()
        return self.get_response(request)


class HtmxMessagesMiddleware:
    """Appends pending Django messages to htmx HTML responses as an out-of-band toast swap."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or request.htmx.boosted:
            return response
        if "text/html" not in response.get("Content-Type", "") or response.streaming:
            return response
        if 300 <= response.status_code < 400 or "HX-Redirect" in response:
            return response
        storage = get_messages(request)
        if not len(storage):
            return response
        toasts = render_to_string("workouts/_toasts.html", {"messages": storage, "oob": True})
        response.content = response.content + toasts.encode()
        return response


class HtmxLoginRedirectMiddleware:
    """An htmx request whose login has expired is redirected to the log-in page as a whole
    page (HX-Redirect), instead of htmx swapping the log-in form into a fragment's place."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not getattr(request, "htmx", False) or response.status_code not in (301, 302):
            return response
        location = response.get("Location", "")
        if not location.startswith(resolve_url(settings.LOGIN_URL)):
            return response
        redirect = HttpResponse(status=204)
        redirect["HX-Redirect"] = location
        return redirect
