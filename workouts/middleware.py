from django.contrib.messages import get_messages
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
