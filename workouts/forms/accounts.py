"""Account forms: sign-up and settings (units, time zone, first weekday)."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from workouts.models import Profile
from workouts.rules import timeutils


def clean_zone(value):
    value = (value or "").strip()
    if not timeutils.is_valid_zone(value):
        raise forms.ValidationError(
            "Choose a time zone from the list, such as Europe/London or America/New_York."
        )
    return value


class SignupForm(UserCreationForm):
    email = forms.EmailField(required=False, help_text="Optional; used only to reset a password.")
    time_zone = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "email")

    def clean_time_zone(self):
        value = (self.cleaned_data.get("time_zone") or "").strip()
        return value if timeutils.is_valid_zone(value) else "UTC"


class SettingsForm(forms.ModelForm):
    time_zone = forms.CharField(
        max_length=64,
        help_text="Your IANA time zone; “today” and weeks follow it.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}),
    )

    class Meta:
        model = Profile
        fields = (
            "weight_unit",
            "distance_unit",
            "time_zone",
            "week_start",
            "default_rest_s",
            "load_step",
        )
        labels = {
            "load_step": "Loadable step (in your weight unit)",
            "weight_unit": "Weight unit",
            "distance_unit": "Distance unit",
            "week_start": "First day of the week",
            "default_rest_s": "Default rest between sets (seconds)",
        }
        widgets = {"weight_unit": forms.RadioSelect, "distance_unit": forms.RadioSelect}

    def clean_time_zone(self):
        return clean_zone(self.cleaned_data.get("time_zone"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "load_step" in self.fields:
            field = self.fields["load_step"]
            field.help_text = (
                "Plan targets are rounded to it: the smallest jump your plates allow. "
                "Empty: 2.5 kg or 5 lb."
            )
            field.error_messages.update(
                {
                    "min_value": "At least 0.1.",
                    "max_value": "At most 50.",
                    "invalid": "Enter a number, like 2.5.",
                }
            )
