from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from .. import timeutils
from ..api import token_views
from ..forms import SettingsForm, SignupForm
from ..models import Profile


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("workouts:today")
    form = SignupForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            with transaction.atomic():
                user = form.save()
                Profile.objects.create(user=user, time_zone=form.cleaned_data["time_zone"])
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
            form.save()
            messages.success(request, "Settings saved.")
            return redirect("workouts:settings")
        status = 422
    else:
        status = 200
    return render(request, "workouts/settings.html",
                  {"form": form, "zones": timeutils.zone_names(),
                   **token_views.section(request)}, status=status)


class RejectsWith422:
    """House rule: a form that fails validation answers 422 (htmx swaps it; clients can tell)."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        response.status_code = 422
        return response


class LoginView(RejectsWith422, auth_views.LoginView):
    redirect_authenticated_user = True


class PasswordChangeView(RejectsWith422, auth_views.PasswordChangeView):
    pass


class PasswordResetConfirmView(RejectsWith422, auth_views.PasswordResetConfirmView):
    pass
