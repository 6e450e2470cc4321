"""Input parsing and validation only."""

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User

from . import timeutils
from .models import Category, Exercise, Profile, Style

MEASURE_CHOICES = [("reps", "Reps"), ("load", "Load"), ("duration", "Duration"),
                   ("distance", "Distance")]
READING_CHOICES = [("force", "Punch force (psi)"), ("power", "Power (watts)"),
                   ("heart_rate", "Heart rate (bpm)")]


def clean_zone(value):
    value = (value or "").strip()
    if not timeutils.is_valid_zone(value):
        raise forms.ValidationError(
            "Choose a time zone from the list, such as Europe/London or America/New_York.")
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
        max_length=64, help_text="Your IANA time zone; “today” and weeks follow it.",
        widget=forms.TextInput(attrs={"list": "time-zones", "autocomplete": "off"}))

    class Meta:
        model = Profile
        fields = ("weight_unit", "distance_unit", "time_zone", "week_start", "default_rest_s")
        labels = {"weight_unit": "Weight unit", "distance_unit": "Distance unit",
                  "week_start": "First day of the week",
                  "default_rest_s": "Default rest between sets (seconds)"}
        widgets = {"weight_unit": forms.RadioSelect, "distance_unit": forms.RadioSelect}

    def clean_time_zone(self):
        return clean_zone(self.cleaned_data.get("time_zone"))


class ExerciseForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(
        choices=MEASURE_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text="What you record for each set.")
    readings = forms.MultipleChoiceField(
        choices=READING_CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Optional high-tech readings.")

    class Meta:
        model = Exercise
        fields = ("name", "style", "category", "equipment", "howto")
        labels = {"howto": "How to"}
        widgets = {"howto": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        if self.instance.pk:
            self.initial.setdefault("measures", self.instance.measure_names)
            self.initial.setdefault("readings", self.instance.reading_names)
        else:
            self.initial.setdefault("measures", ["reps", "load"])

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Give the exercise a name.")
        clash = Exercise.objects.filter(owner=self.owner, name__iexact=name)
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("You already have an exercise with this name.")
        return name

    def save(self, commit=True):
        exercise = super().save(commit=False)
        exercise.owner = self.owner
        measures = set(self.cleaned_data["measures"])
        readings = set(self.cleaned_data.get("readings") or [])
        exercise.measures_reps = "reps" in measures
        exercise.measures_load = "load" in measures
        exercise.measures_duration = "duration" in measures
        exercise.measures_distance = "distance" in measures
        exercise.reads_force = "force" in readings
        exercise.reads_power = "power" in readings
        exercise.reads_heart_rate = "heart_rate" in readings
        if commit:
            exercise.save()
        return exercise


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=80, label="Search",
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": "Search by name"}))
    style = forms.ChoiceField(required=False, choices=[("", "Any style"), *Style.choices])
    category = forms.ChoiceField(required=False, choices=[("", "Any category"),
                                                          *Category.choices])
    mine = forms.BooleanField(required=False, label="Only mine")

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["q"]:
            queryset = queryset.filter(name__icontains=data["q"].strip())
        if data["style"]:
            queryset = queryset.filter(style__in=[data["style"], Style.BOTH])
        if data["category"]:
            queryset = queryset.filter(category=data["category"])
        if data["mine"]:
            queryset = queryset.filter(owner__isnull=False)
        return queryset
