import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from workouts import accounts
from workouts.forms.accounts import SettingsForm, SignupForm
from workouts.rules import timeutils

from ..api import token_views
from ..auth import EvenPasswordResetForm, client_address


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("workouts:today")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            user = accounts.sign_up(form)
            login(request, user, backend="workouts.auth.ProfileBackend")
            messages.success(request, "Welcome to Montage. Pick a plan, or log a free session.")
            return redirect("workouts:today")
        return render(request, "registration/signup.html", {"form": form}, status=422)
    return render(request, "registration/signup.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def settings_view(request):
    profile = request.profile
    form = SettingsForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            accounts.save_settings(form)
            messages.success(request, "Settings saved.")
            return redirect("workouts:settings")
        status = 422
    else:
        status = 200
    return render(
        request,
        "workouts/settings.html",
        {"form": form, "zones": timeutils.zone_names(), **token_views.section(request)},
        status=status,
    )


class RejectsWith422:
    """House rule: a form that fails validation answers 422 (htmx swaps it; clients can tell)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


HOUR = 3600


def _count(key):
    """Adds one to an hourly counter in the cache; returns the new count."""
    cache.add(key, 0, HOUR)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, HOUR)
        return 1


def _email_key(email):
    return "reset-email:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


class LoginView(RejectsWith422, auth_views.LoginView):
    """django-axes locks a username for the address that failed; on top of that, one address
    that keeps failing, whatever usernames it tries, is refused for an hour."""

    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        key = f"login-failures:{client_address(request)}"
        if (cache.get(key) or 0) >= settings.MONTAGE_LOGIN_ADDRESS_LIMIT:
            return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        _count(f"login-failures:{client_address(self.request)}")
        return super().form_invalid(form)


class PasswordResetView(auth_views.PasswordResetView):
    """Throttled per client address and per email address (hourly counters in the cache)."""

    form_class = EvenPasswordResetForm

    def post(self, request, *args, **kwargs):
        email = request.POST.get("email", "")
        address_key = f"reset-address:{client_address(request)}"
        over = (cache.get(address_key) or 0) >= settings.MONTAGE_RESET_ADDRESS_LIMIT or (
            cache.get(_email_key(email)) or 0
        ) >= settings.MONTAGE_RESET_EMAIL_LIMIT
        if over:
            form = self.get_form()
            form.is_valid()
            form.add_error(
                None,
                "Too many password-reset requests. Wait an hour and try "
                "again, or check your inbox (and spam folder) for the last one.",
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        _count(address_key)
        _count(_email_key(email))
        return super().post(request, *args, **kwargs)


class PasswordChangeView(RejectsWith422, auth_views.PasswordChangeView):
    pass


class PasswordResetConfirmView(RejectsWith422, auth_views.PasswordResetConfirmView):
    pass
