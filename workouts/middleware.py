from django.conf import settings
from django.contrib.messages import get_messages
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils import timezone

from .models import Profile


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
