"""Exercise forms: the user's own exercises, and the library filter."""

from django import forms
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower

from workouts.models import Category, Exercise, Style
from workouts.rules import measures

MEASURE_CHOICES = measures.choices(measures.MEASURE)
READING_CHOICES = measures.choices(measures.READING)


# Free text: long enough for anything a person writes, short enough that a pasted book is not.
TEXT_MAX = 2000  # an exercise's how-to


NAME_TAKEN = "You already have an exercise with this name."


class ExerciseForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(
        choices=MEASURE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="What you record for each set.",
    )
    readings = forms.MultipleChoiceField(
        choices=READING_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional high-tech readings.",
    )

    howto = forms.CharField(
        label="How to",
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

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
            raise forms.ValidationError(NAME_TAKEN)
        renamed = not self.instance.pk or name.lower() != self.instance.name.lower()
        if renamed and Exercise.objects.builtin().filter(name__iexact=name).exists():
            raise forms.ValidationError(
                "There is already a built-in exercise with this name; pick another."
            )
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

    def save_unless_name_taken(self):
        """Saves; the exercise, or None with an error on `name` when a request saving the same
        name got there first (the database's unique constraint, after this form's checks)."""
        try:
            with transaction.atomic():
                return self.save()
        except IntegrityError:
            name_taken = Exercise.objects.annotate(lowered=Lower("name")).filter(
                owner=self.owner, lowered=Lower(Value(self.instance.name))
            )  # as the constraint
            if self.instance.pk:
                name_taken = name_taken.exclude(pk=self.instance.pk)
            if not name_taken.exists():
                raise
            if self.instance.pk:  # as stored, for the page around the form
                self.instance.refresh_from_db()
            self.add_error("name", NAME_TAKEN)
            return None


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=80,
        label="Search",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Search by name"}),
    )
    style = forms.ChoiceField(required=False, choices=[("", "Any style"), *Style.choices])
    category = forms.ChoiceField(required=False, choices=[("", "Any category"), *Category.choices])
    mine = forms.BooleanField(required=False, label="Only mine")

    def filter(self, queryset):
        # An invalid filter (a stale or hand-edited URL) is ignored; the valid ones still apply.
        self.is_valid()  # an unbound form has no cleaned_data: nothing to filter by
        data = getattr(self, "cleaned_data", {})
        if data.get("q", "").strip():
            queryset = queryset.filter(name__icontains=data["q"].strip())
        if data.get("style"):
            queryset = queryset.filter(style__in=[data["style"], Style.BOTH])
        if data.get("category"):
            queryset = queryset.filter(category=data["category"])
        if data.get("mine"):
            queryset = queryset.filter(owner__isnull=False)
        return queryset
