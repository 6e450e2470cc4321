"""Taking your data out (the JSON and CSV exports) and deleting your account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from .. import accounts
from ..transfer.export import Exporter


def _download(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _filename(request, extension):
    day = timezone.localdate()  # the user's zone, activated by UserTimezoneMiddleware
    return f"montage-export-{day.isoformat()}.{extension}"


@login_required
@require_GET
def export_json(request):
    exporter = Exporter(request.user, profile=request.profile)
    return _download(
        exporter.json_chunks(), "application/json; charset=utf-8", _filename(request, "json")
    )


@login_required
@require_GET
def export_csv(request):
    exporter = Exporter(request.user, profile=request.profile)
    return _download(exporter.csv_chunks(), "text/csv; charset=utf-8", _filename(request, "csv"))


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password. Nothing has been deleted.")
        return password


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request):
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            accounts.delete_account(user)
            messages.success(request, "Your account and everything in it have been deleted.")
            return redirect("home")
        return render(request, "workouts/account_delete.html", {"form": form}, status=422)
    return render(request, "workouts/account_delete.html", {"form": form})
