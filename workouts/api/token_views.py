"""Settings → API tokens: create (shown once), list with last use, revoke at once."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from workouts.forms.accounts import SettingsForm
from workouts.rules import timeutils

from ..models import ApiToken

SECRET_KEY = "api_token_secret"  # the session slot holding a new token until it is shown
MAX_TOKENS = 20


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        max_length=80,
        label="Token name",
        help_text="What uses it, e.g. “watch app” or “spreadsheet”.",
    )
    scope = forms.ChoiceField(
        label="Access",
        widget=forms.RadioSelect,
        initial="read",
        choices=[("read", "Read only"), ("write", "Read and write")],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the token a name.")
        return name

    def clean(self):
        data = super().clean()
        if ApiToken.objects.filter(user=self.user).count() >= MAX_TOKENS:
            raise forms.ValidationError(f"You have {MAX_TOKENS} tokens; revoke one first.")
        return data


def section(request, form=None):
    """The settings page's API tokens section: the list, a form, and a new secret once."""
    return {
        "api_tokens": ApiToken.objects.filter(user=request.user),
        "api_token_form": form or ApiTokenForm(user=request.user, prefix="token"),
        "api_token_secret": request.session.pop(SECRET_KEY, None),
    }


@login_required
@require_POST
def token_create(request):
    form = ApiTokenForm(request.POST, user=request.user, prefix="token")
    if not form.is_valid():
        return render(
            request,
            "workouts/settings.html",
            {
                "form": SettingsForm(instance=request.profile),
                "zones": timeutils.zone_names(),
                **section(request, form),
            },
            status=422,
        )
    token, secret = ApiToken.issue(
        request.user, form.cleaned_data["name"], can_write=form.cleaned_data["scope"] == "write"
    )
    request.session[SECRET_KEY] = secret
    messages.success(request, f"Token “{token.name}” created. Copy it now: it is shown once.")
    return redirect(reverse("workouts:settings") + "#api-tokens")


@login_required
@require_POST
def token_revoke(request, pk):
    deleted, _ = ApiToken.objects.filter(pk=pk, user=request.user).delete()
    if not deleted:
        raise Http404("No such token.")
    messages.success(request, "Token revoked. It no longer works.")
    return redirect(reverse("workouts:settings") + "#api-tokens")
