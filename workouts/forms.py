"""Input parsing and validation only."""

import datetime as dt
import math

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Value
from django.db.models.functions import Lower
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from . import scheduling, timeutils, units
from .models import Category, Exercise, Profile, Style, WorkoutSession

MEASURE_CHOICES = [("reps", "Reps"), ("load", "Load"), ("duration", "Duration"),
                   ("distance", "Distance")]
READING_CHOICES = [("force", "Punch force (psi)"), ("power", "Power (watts)"),
                   ("heart_rate", "Heart rate (bpm)")]


# Free text: long enough for anything a person writes, short enough that a pasted book is not.
TEXT_MAX = 2000  # an exercise's how-to
NOTES_MAX = 2000  # a session's notes


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


NAME_TAKEN = "You already have an exercise with this name."


class ExerciseForm(forms.ModelForm):
    measures = forms.MultipleChoiceField(
        choices=MEASURE_CHOICES, widget=forms.CheckboxSelectMultiple,
        help_text="What you record for each set.")
    readings = forms.MultipleChoiceField(
        choices=READING_CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Optional high-tech readings.")

    howto = forms.CharField(label="How to", required=False, max_length=TEXT_MAX,
                            widget=forms.Textarea(attrs={"rows": 4}))

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
                "There is already a built-in exercise with this name; pick another.")
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
                owner=self.owner, lowered=Lower(Value(self.instance.name)))  # as the constraint
            if self.instance.pk:
                name_taken = name_taken.exclude(pk=self.instance.pk)
            if not name_taken.exists():
                raise
            if self.instance.pk:  # as stored, for the page around the form
                self.instance.refresh_from_db()
            self.add_error("name", NAME_TAKEN)
            return None


class ExerciseFilterForm(forms.Form):
    q = forms.CharField(required=False, max_length=80, label="Search",
                        widget=forms.TextInput(attrs={"type": "search",
                                                      "placeholder": "Search by name"}))
    style = forms.ChoiceField(required=False, choices=[("", "Any style"), *Style.choices])
    category = forms.ChoiceField(required=False, choices=[("", "Any category"),
                                                          *Category.choices])
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


# ---------- logging ----------

MAX_LOAD_KG = 1000
MAX_DURATION_S = 24 * 3600
MAX_DISTANCE_M = 500_000
ONE_DAY = dt.timedelta(days=1)
HALF_POINTS = "Use whole or half points, like 8 or 8.5."


class DurationField(forms.Field):
    """Accepts '90', '1:30', '1:05:00', '45s', '2m'; cleans to whole seconds."""

    default_error_messages = {
        "invalid": "Enter a time like 90, 1:30, 1:05:00 or 45s.",
        "too_long": "That is longer than 24 hours.",
    }

    def to_python(self, value):
        value = str(value).strip() if value is not None else ""
        if value in self.empty_values:
            return None
        try:
            seconds = units.parse_duration(value)
        except ValueError as exc:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
        if seconds > MAX_DURATION_S:
            raise forms.ValidationError(self.error_messages["too_long"], code="too_long")
        return seconds


def _limits(min_value, max_value):
    return {"min_value": f"Must be at least {min_value}.",
            "max_value": f"Must be at most {max_value}; check the number."}


class TypedNumberField(forms.DecimalField):
    """A number read from what the user typed (a text input: the browser drops what a number
    input cannot parse, so '1e' would arrive empty and be lost). Decimal comma accepted;
    anything else that is not plainly one number is refused with a message."""

    widget = forms.TextInput

    def __init__(self, *args, whole=False, **kwargs):
        self.whole = whole
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        # No min/max/step: those are number-input attributes; the server checks the limits.
        return {"inputmode": "numeric" if self.whole else "decimal", "autocomplete": "off",
                "maxlength": 12}

    def to_python(self, value):
        value = str(value).strip() if value is not None else ""
        if value in self.empty_values:
            return None
        try:
            number = units.parse_number(value)
        except units.NumberTyped as exc:
            if exc.code == "negative" and "min_value" in self.error_messages:
                message = self.error_messages["min_value"] % {"limit_value": self.min_value}
            elif self.whole and exc.code == "invalid":
                message = self.error_messages["invalid"]
            else:
                message = str(exc)
            raise forms.ValidationError(message, code=exc.code) from exc
        if self.whole:
            if number != number.to_integral_value():
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return int(number)
        return number

    def validate(self, value):
        forms.Field.validate(self, value)

    def run_validators(self, value):
        if self.whole and value is not None:
            for validator in self.validators:
                if getattr(validator, "code", "") in ("min_value", "max_value"):
                    validator(value)
            return
        super().run_validators(value)


def _number(label, max_value):
    return TypedNumberField(
        label=label, required=False, min_value=0, max_value=max_value, decimal_places=3,
        max_digits=10, error_messages={**_limits(0, max_value),
                                       "invalid": "Enter a number, like 62.5.",
                                       "max_decimal_places": "Use at most 3 decimal places.",
                                       "max_digits": "That number is too long; check it.",
                                       "max_whole_digits": "That number is too long; check it."})


def _whole(label, max_value, min_value=0):
    return TypedNumberField(
        label=label, required=False, min_value=min_value, max_value=max_value, whole=True,
        error_messages={**_limits(min_value, max_value), "invalid": "Enter a whole number."})


class SetForm(forms.Form):
    """One set, typed in the user's units; cleaned_data holds SI values for actions.log_set."""

    reps = _whole("Reps", 1000)
    load = _number("Load", MAX_LOAD_KG)
    duration = DurationField(label="Time", required=False,
                             widget=forms.TextInput(attrs={"placeholder": "1:30",
                                                           "maxlength": 12}))
    distance = _number("Distance", MAX_DISTANCE_M / 1000)
    force_psi = _whole("Punch force (psi)", 5000)
    power_w = _whole("Power (W)", 3000)
    heart_rate_bpm = _whole("Heart rate (bpm)", 250, min_value=25)
    rpe = TypedNumberField(label="RPE", required=False, min_value=1, max_value=10,
                           max_digits=3, decimal_places=1,
                           error_messages={**_limits(1, 10), "invalid": "RPE is 1 to 10.",
                                           "max_decimal_places": HALF_POINTS,
                                           "max_digits": "RPE is 1 to 10.",
                                           "max_whole_digits": "RPE is 1 to 10."})
    is_warmup = forms.BooleanField(label="Warm-up", required=False)
    note = forms.CharField(label="Note", required=False, max_length=200)

    def __init__(self, *args, exercise, weight_unit="kg", distance_unit="km", **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        self.weight_unit, self.distance_unit = weight_unit, distance_unit
        # Limits in the user's unit, rounded down so they never exceed the stored limits:
        # 1000 kg is 2204 lb, 500 km is 310 mi.
        self.fields["load"] = _number(f"Load ({weight_unit})",
                                      math.floor(units.kg_to(MAX_LOAD_KG, weight_unit)))
        self.fields["distance"] = _number(
            f"Distance ({distance_unit})",
            math.floor(units.metres_to(MAX_DISTANCE_M, distance_unit)))
        keep = set(exercise.measure_names) | {"rpe", "is_warmup", "note"}
        keep |= {{"force": "force_psi", "power": "power_w",
                  "heart_rate": "heart_rate_bpm"}[r] for r in exercise.reading_names}
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        measured = [name for name in self.exercise.measure_names if name in self.fields]
        # Zero counts as empty: a set of 0 reps at 0 kg for 0 seconds records nothing.
        if measured and not self.errors and not any(data.get(n) for n in measured):
            self.add_error(measured[0], "Enter at least one of: " + ", ".join(
                self.fields[n].label.lower() for n in measured) + ".")
        return data

    def clean_rpe(self):
        rpe = self.cleaned_data.get("rpe")
        if rpe is not None and (rpe * 2) % 1:
            raise forms.ValidationError(HALF_POINTS)
        return rpe

    def si_values(self):
        """cleaned_data converted to what LoggedSet stores."""
        data = self.cleaned_data
        values = {"rpe": data.get("rpe"), "is_warmup": data.get("is_warmup", False),
                  "note": data.get("note", "")}
        for name in ("reps", "force_psi", "power_w", "heart_rate_bpm"):
            if name in self.fields:
                values[name] = data.get(name)
        if "load" in self.fields:
            load = data.get("load")
            values["load_kg"] = None if load is None else units.kg_from(float(load),
                                                                       self.weight_unit)
        if "distance" in self.fields:
            distance = data.get("distance")
            values["distance_m"] = None if distance is None else units.metres_from(
                float(distance), self.distance_unit)
        if "duration" in self.fields:
            values["duration_s"] = data.get("duration")
        return values

    @classmethod
    def initial_from(cls, logged, weight_unit, distance_unit):
        """Form initial values (user units) from a stored set."""
        return {
            "reps": logged.reps,
            "load": None if logged.load_kg is None
            else units.plain(units.kg_to(logged.load_kg, weight_unit), 3),
            "duration": "" if logged.duration_s is None
            else units.format_clock(logged.duration_s),
            "distance": None if logged.distance_m is None
            else units.plain(units.metres_to(logged.distance_m, distance_unit), 3),
            "force_psi": logged.force_psi, "power_w": logged.power_w,
            "heart_rate_bpm": logged.heart_rate_bpm, "rpe": logged.rpe,
            "is_warmup": logged.is_warmup, "note": logged.note,
        }


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the user's time zone. In the hour the clocks go back, which
    happens twice, the first occurrence is meant (Django refuses it as ambiguous); a time the
    clocks skipped is refused with a message that says so."""

    default_error_messages = {
        "skipped": "That time did not happen here: the clocks went forward an hour. "
                   "Enter a time an hour later.",
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            naive = value
        else:
            try:
                naive = parse_datetime(str(value).strip())
            except ValueError as exc:
                raise forms.ValidationError(self.error_messages["invalid"],
                                            code="invalid") from exc
            if naive is None:
                naive = BaseTemporalField.to_python(self, value)
        if timezone.is_aware(naive):
            return naive
        zone = timezone.get_current_timezone()
        moment = naive.replace(tzinfo=zone, fold=0)  # fold=0: the first of a repeated hour
        try:
            round_trip = moment.astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None)
        except OverflowError:  # the edge of the calendar: the range checks refuse it
            return moment
        if round_trip != naive:
            raise forms.ValidationError(self.error_messages["skipped"], code="skipped")
        return moment


def check_session_time(value):
    """A session's time: not before 1970 and not more than a day ahead (a typo, not a plan)."""
    if value is None:
        return value
    # Years are checked first: comparing a far-off local time with now can overflow.
    if not 1970 <= value.year <= timezone.now().year + 1 or value > timezone.now() + ONE_DAY:
        raise forms.ValidationError("Enter a time between 1970 and tomorrow.")
    return value


def check_filter_date(value):
    """A date to filter by: 1970 to next year (a far-off one cannot be turned into UTC)."""
    if value is not None and not 1970 <= value.year <= timezone.now().year + 1:
        raise forms.ValidationError("Enter a date between 1970 and next year.")
    return value


class SessionStartForm(forms.Form):
    title = forms.CharField(max_length=120, required=False,
                            widget=forms.TextInput(attrs={"placeholder": "Free session"}))
    started_at = LocalDateTimeField(
        label="Started", required=False, help_text="Leave empty to start now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))

    def clean_started_at(self):
        return check_session_time(self.cleaned_data.get("started_at"))


class SessionEditForm(forms.ModelForm):
    notes = forms.CharField(required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 3}))

    class Meta:
        model = WorkoutSession
        fields = ("title", "started_at", "finished_at", "rpe", "notes")
        labels = {"rpe": "Overall effort (RPE 1-10)", "started_at": "Started",
                  "finished_at": "Finished"}
        field_classes = {"started_at": LocalDateTimeField, "finished_at": LocalDateTimeField}
        widgets = {
            "started_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                              format="%Y-%m-%dT%H:%M"),
            "finished_at": forms.DateTimeInput(attrs={"type": "datetime-local"},
                                               format="%Y-%m-%dT%H:%M"),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "rpe": forms.NumberInput(attrs={"min": 1, "max": 10}),
        }

    def clean_started_at(self):
        return check_session_time(self.cleaned_data.get("started_at"))

    def clean_finished_at(self):
        return check_session_time(self.cleaned_data.get("finished_at"))

    def clean(self):
        data = super().clean()
        start, end = data.get("started_at"), data.get("finished_at")
        if start and end and end < start:
            self.add_error("finished_at", "A session cannot finish before it starts.")
        if start and end and (end - start).total_seconds() > MAX_DURATION_S:
            self.add_error("finished_at", "A session cannot last longer than 24 hours.")
        return data


class FinishForm(forms.Form):
    rpe = forms.IntegerField(label="Overall effort (RPE 1-10)", required=False, min_value=1,
                             max_value=10, widget=forms.NumberInput(attrs={"min": 1, "max": 10}))
    notes = forms.CharField(required=False, max_length=NOTES_MAX,
                            widget=forms.Textarea(attrs={"rows": 2}))


class HistoryFilterForm(forms.Form):
    style = forms.ChoiceField(required=False, choices=[("", "Any style"), *Style.choices])
    plan = forms.ModelChoiceField(required=False, queryset=None, empty_label="Any plan")
    exercise = forms.ModelChoiceField(required=False, queryset=None,
                                      empty_label="Any exercise")
    start = forms.DateField(label="From", required=False,
                            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    end = forms.DateField(label="To", required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Plan

        self.fields["plan"].queryset = Plan.objects.all()
        self.fields["exercise"].queryset = Exercise.objects.visible_to(user)

    def clean_start(self):
        return check_filter_date(self.cleaned_data.get("start"))

    def clean_end(self):
        return check_filter_date(self.cleaned_data.get("end"))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", "The end date is before the start date.")
        return data


class BodyWeightForm(forms.Form):
    """A weigh-in: a date (not in the future) and a weight in the user's unit, cleaned to kg."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    weight = TypedNumberField(max_digits=6, decimal_places=2,
                              error_messages={"invalid": "Enter a weight, like 81.5.",
                                              "max_decimal_places": "Use at most 2 decimals.",
                                              "max_digits": "That number is too long.",
                                              "max_whole_digits": "That number is too long."})
    LIMITS_KG = (20, 400)

    def __init__(self, *args, unit="kg", today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit, self.today = unit, today
        self.fields["weight"].label = f"Weight ({unit})"
        if today is not None:
            self.fields["date"].widget.attrs["max"] = today.isoformat()
            self.initial.setdefault("date", today)

    def clean_date(self):
        day = self.cleaned_data["date"]
        if self.today is not None and day > self.today:
            raise forms.ValidationError("That date is in the future; weigh in on or before today.")
        return day

    def clean_weight(self):
        weight_kg = units.kg_from(float(self.cleaned_data["weight"]), self.unit)
        low, high = self.LIMITS_KG
        if not low <= weight_kg <= high:
            raise forms.ValidationError(
                f"Enter a weight between {units.tidy(units.kg_to(low, self.unit), 0)} and "
                f"{units.tidy(units.kg_to(high, self.unit), 0)} {self.unit}.")
        return weight_kg


class EnrolForm(forms.Form):
    """Start on a date, or count back from fight night. `today` is the user's local date."""

    START, FIGHT = "start", "fight"
    mode = forms.ChoiceField(
        label="Schedule", widget=forms.RadioSelect,
        choices=[(START, "Start on a date"), (FIGHT, "Finish the day before a fight")])
    start_date = forms.DateField(
        label="Start date", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    fight_date = forms.DateField(
        label="Fight date", required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The plan ends the day before. Christmas Day is the fight in Moscow.")
    past_ok = forms.BooleanField(
        label="Yes, start in the past: the days before today count as missed", required=False)

    def __init__(self, *args, plan, today, **kwargs):
        self.plan, self.today = plan, today
        self.asks_past = False  # the start is in the past and the user has not said yes yet
        kwargs.setdefault("initial", {"mode": self.START, "start_date": today,
                                      "fight_date": self.suggested_fight(plan, today)})
        super().__init__(*args, **kwargs)

    @staticmethod
    def suggested_fight(plan, today):
        """The first Christmas the whole plan fits before, starting today or later."""
        fight = timeutils.next_christmas(today)
        while scheduling.start_for_fight(fight, plan.weeks) < today:
            fight = fight.replace(year=fight.year + 1)
        return fight

    def _check_past(self, data, start, field):
        if start is None or start >= self.today or data.get("past_ok"):
            return
        self.asks_past = True
        ago = (self.today - start).days
        self.add_error(field, (
            f"The plan would start on {start:%a} {start.day} {start:%b %Y}, {ago} "
            f"day{'s' if ago != 1 else ''} ago, so its first days would be missed. Pick a later "
            f"date, or tick “start in the past” below to go ahead."))

    def clean(self):
        data = super().clean()
        mode, weeks = data.get("mode"), self.plan.weeks
        if mode == self.START:
            start = data.get("start_date")
            earliest = scheduling.day_date(self.today, -(weeks * 7 - 1))
            if start is None:
                self.add_error("start_date", "Pick the day you start.")
            elif start < earliest:
                self.add_error("start_date", "That plan would already be over; pick a later day.")
            elif start > scheduling.day_date(self.today, 366):
                self.add_error("start_date", "Pick a start within the next year.")
            else:
                self._check_past(data, start, "start_date")
            data["fight_date"] = None
        elif mode == self.FIGHT:
            fight = data.get("fight_date")
            if fight is None:
                self.add_error("fight_date", "Pick the fight date.")
            elif fight <= self.today:
                self.add_error("fight_date", "The fight must be after today.")
            elif fight > scheduling.day_date(self.today, 731):
                self.add_error("fight_date", "Pick a fight within the next two years.")
            else:
                data["start_date"] = scheduling.start_for_fight(fight, weeks)
                self._check_past(data, data["start_date"], "fight_date")
        return data


class LinkSessionForm(forms.Form):
    """Which of the user's finished free sessions counts for a plan day."""

    session = forms.ModelChoiceField(queryset=WorkoutSession.objects.none(), label="Session",
                                     empty_label=None, widget=forms.RadioSelect)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
