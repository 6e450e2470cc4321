"""Logbook forms: start, edit and finish a session, log a set, filter the history; and the
typed number, duration and local date-time fields other areas' forms reuse.
"""

import datetime as dt
import math
from dataclasses import dataclass

from django import forms
from django.forms.fields import BaseTemporalField
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from workouts.models import Exercise, Style, WorkoutSession
from workouts.rules import measures, plausibility, units

NOTES_MAX = 2000  # a session's notes

# The set limits, in SI, are declared with their measures (workouts.rules.measures).
MAX_DURATION_S = measures.BY_NAME["duration"].max_value


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
    return {
        "min_value": f"Must be at least {min_value}.",
        "max_value": f"Must be at most {max_value}; check the number.",
    }


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
        return {
            "inputmode": "numeric" if self.whole else "decimal",
            "autocomplete": "off",
            "maxlength": 12,
        }

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
                code = getattr(validator, "code", "")
                if code in ("min_value", "max_value"):
                    try:
                        validator(value)
                    except forms.ValidationError as exc:
                        message = self.error_messages.get(code)
                        if message is None:
                            raise
                        raise forms.ValidationError(message, code=code) from exc
            return
        super().run_validators(value)


def _number(label, max_value):
    return TypedNumberField(
        label=label,
        required=False,
        min_value=0,
        max_value=max_value,
        decimal_places=3,
        max_digits=10,
        error_messages={
            **_limits(0, max_value),
            "invalid": "Enter a number, like 62.5.",
            "max_decimal_places": "Use at most 3 decimal places.",
            "max_digits": "That number is too long; check it.",
            "max_whole_digits": "That number is too long; check it.",
        },
    )


def _whole(label, max_value, min_value=0):
    return TypedNumberField(
        label=label,
        required=False,
        min_value=min_value,
        max_value=max_value,
        whole=True,
        error_messages={**_limits(min_value, max_value), "invalid": "Enter a whole number."},
    )


def _measure_field(measure, weight_unit, distance_unit):
    """The set form's field for one measure or reading, limits in the user's units."""
    if measure.input == measures.CLOCK:
        return DurationField(
            label=measure.form_label,
            required=False,
            widget=forms.TextInput(attrs={"placeholder": "1:30", "maxlength": 12}),
        )
    if measure.input == measures.NUMBER:
        # Limits in the user's unit, rounded down so they never exceed the stored limits:
        # 1000 kg is 2204 lb, 500 km is 310 mi.
        unit = weight_unit if measure.unit == measures.WEIGHT else distance_unit
        top = (
            units.kg_to(measure.max_value, unit)
            if measure.unit == measures.WEIGHT
            else units.metres_to(measure.max_value, unit)
        )
        return _number(f"{measure.form_label} ({unit})", math.floor(top))
    return _whole(measure.form_label, measure.max_value, min_value=measure.min_value)


def _to_si(measure, value, weight_unit, distance_unit):
    if value is None or measure.unit not in (measures.WEIGHT, measures.DISTANCE):
        return value
    if measure.unit == measures.WEIGHT:
        return units.kg_from(float(value), weight_unit)
    return units.metres_from(float(value), distance_unit)


def _from_si(measure, value, weight_unit, distance_unit):
    """A stored value as the set form shows it in the user's units."""
    if measure.unit == measures.TIME:
        return "" if value is None else units.format_clock(value)
    if value is None or measure.unit not in (measures.WEIGHT, measures.DISTANCE):
        return value
    if measure.unit == measures.WEIGHT:
        return units.plain(units.kg_to(value, weight_unit), 3)
    return units.plain(units.metres_to(value, distance_unit), 3)


@dataclass(frozen=True)
class Question:
    """The tick box that confirms an implausible value, shown next to its field: ticked, it
    sends `name=value` (the value as typed), which confirms that value and no other."""

    name: str
    value: str
    label: str
    checked: bool = False


class SetForm(forms.Form):
    """One set, typed in the user's units; cleaned_data holds SI values for actions.log_set.

    Given the user's `bests` for the exercise ({record kind: value}, `ExerciseBests`), it asks
    about an implausible load or reps (`rules.plausibility`) instead of saving it: an error next
    to the field saying what it was compared with, and a tick box (`questions`, by field) that
    confirms the value as typed on the next submit. Without `bests`, nothing is asked."""

    rpe = TypedNumberField(
        label="RPE",
        required=False,
        min_value=1,
        max_value=10,
        max_digits=3,
        decimal_places=1,
        error_messages={
            **_limits(1, 10),
            "invalid": "RPE is 1 to 10.",
            "max_decimal_places": HALF_POINTS,
            "max_digits": "RPE is 1 to 10.",
            "max_whole_digits": "RPE is 1 to 10.",
        },
    )
    is_warmup = forms.BooleanField(label="Warm-up", required=False)
    note = forms.CharField(label="Note", required=False, max_length=200)

    def __init__(self, *args, exercise, weight_unit="kg", distance_unit="km", bests=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.exercise = exercise
        self.weight_unit, self.distance_unit = weight_unit, distance_unit
        self.bests = bests
        self.questions = {}  # {field name: Question}
        # One field per measure and reading the exercise records, from the measures table, in its
        # order and before RPE, warm-up and note.
        on = set(exercise.measure_names) | set(exercise.reading_names)
        self.fields = {
            **{
                m.form_field: _measure_field(m, weight_unit, distance_unit)
                for m in measures.MEASURES
                if m.name in on
            },
            **self.fields,
        }

    @property
    def rows(self):
        """The measure fields and RPE, each with its Question or None (`_set_fields.html`)."""
        return [
            (self[name], self.questions.get(name))
            for name in self.fields
            if name not in ("is_warmup", "note")
        ]

    @property
    def js_fields(self):
        """The fields the logging page fills from last time (json_script in _set_fields.html)."""
        return measures.js_fields()

    def clean(self):
        data = super().clean()
        measured = [
            m.form_field
            for m in measures.measures()
            if m.name in self.exercise.measure_names and m.form_field in self.fields
        ]
        # Zero counts as empty: a set of 0 reps at 0 kg for 0 seconds records nothing.
        if measured and not self.errors and not any(data.get(n) for n in measured):
            self.add_error(
                measured[0],
                "Enter at least one of: "
                + ", ".join(self.fields[n].label.lower() for n in measured)
                + ".",
            )
        if self.bests is not None:
            self._ask_about_implausible(data)
        return data

    def _ask_about_implausible(self, data):
        """An error and a Question for each implausible value not confirmed yet. A value the
        form was opened with (an edit that keeps it) is not asked about again."""
        typed = {
            m.name: _to_si(m, data[m.form_field], self.weight_unit, self.distance_unit)
            for m in measures.MEASURES
            if data.get(m.form_field) is not None and not self._as_opened(m.form_field)
        }
        for doubt in plausibility.doubts(typed, self.bests):
            measure = measures.BY_NAME[doubt.measure]
            name = measure.form_field
            value, shown = units.plain(float(data[name]), 3), self._typed(measure, data[name])
            question = Question(
                name=self.add_prefix(f"confirm_{name}"),
                value=value,
                label=f"Yes, {shown} is right",
                checked=self.data.get(self.add_prefix(f"confirm_{name}")) == value,
            )
            self.questions[name] = question
            if not question.checked:
                self.add_error(
                    name,
                    forms.ValidationError(self._doubt(measure, doubt, shown), code="implausible"),
                )

    def _as_opened(self, name):
        initial = self.get_initial_for_field(self.fields[name], name)
        if initial in (None, ""):
            return False
        try:
            return self.fields[name].to_python(initial) == self.cleaned_data.get(name)
        except forms.ValidationError:
            return False

    def _typed(self, measure, value):
        """A typed value with its unit, as the user reads it: '605 kg', '1,335 lb', '55 reps'."""
        if measure.unit == measures.WEIGHT:
            return f"{units.tidy(float(value), 3)} {self.weight_unit}"
        return measure.format(value, self.weight_unit, self.distance_unit)

    def _doubt(self, measure, doubt, shown):
        """The question next to the field: what the value was compared with, in the user's
        units."""
        name = self.exercise.name
        if doubt.best is None:
            ceiling = measures.format_value(
                doubt.measure, doubt.ceiling, self.weight_unit, self.distance_unit
            )
            return (
                f"{shown} is more than {ceiling}, and you have no {name} logged to compare it "
                "with yet. Is that right?"
            )
        if measure.unit == measures.WEIGHT:
            best = units.format_weight(doubt.best, self.weight_unit)
            return f"{shown} is far above your heaviest {name} so far ({best}). Is that right?"
        return (
            f"{shown} is far above your most {measure.form_label.lower()} of {name} so far "
            f"({units.tidy(doubt.best, 0)}). Is that right?"
        )

    def clean_rpe(self):
        rpe = self.cleaned_data.get("rpe")
        if rpe is not None and (rpe * 2) % 1:
            raise forms.ValidationError(HALF_POINTS)
        return rpe

    def si_values(self):
        """cleaned_data converted to what LoggedSet stores."""
        data = self.cleaned_data
        values = {
            "rpe": data.get("rpe"),
            "is_warmup": data.get("is_warmup", False),
            "note": data.get("note", ""),
        }
        for m in measures.MEASURES:
            if m.form_field in self.fields:
                values[m.model_field] = _to_si(
                    m, self.cleaned_data.get(m.form_field), self.weight_unit, self.distance_unit
                )
        return values

    @classmethod
    def initial_from(cls, logged, weight_unit, distance_unit):
        """Form initial values (user units) from a stored set."""
        return {
            **{
                m.form_field: _from_si(
                    m, getattr(logged, m.model_field), weight_unit, distance_unit
                )
                for m in measures.MEASURES
            },
            "rpe": logged.rpe,
            "is_warmup": logged.is_warmup,
            "note": logged.note,
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
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from exc
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
    title = forms.CharField(
        max_length=120,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Free session"}),
    )
    started_at = LocalDateTimeField(
        label="Started",
        required=False,
        help_text="Leave empty to start now.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_started_at(self):
        return check_session_time(self.cleaned_data.get("started_at"))


class SessionEditForm(forms.ModelForm):
    notes = forms.CharField(
        required=False, max_length=NOTES_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )

    class Meta:
        model = WorkoutSession
        fields = ("title", "started_at", "finished_at", "rpe", "notes")
        labels = {
            "rpe": "Overall effort (RPE 1-10)",
            "started_at": "Started",
            "finished_at": "Finished",
        }
        field_classes = {"started_at": LocalDateTimeField, "finished_at": LocalDateTimeField}
        widgets = {
            "started_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "finished_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
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
    rpe = forms.IntegerField(
        label="Overall effort (RPE 1-10)",
        required=False,
        min_value=1,
        max_value=10,
        widget=forms.NumberInput(attrs={"min": 1, "max": 10}),
    )
    notes = forms.CharField(
        required=False, max_length=NOTES_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class HistoryFilterForm(forms.Form):
    style = forms.ChoiceField(required=False, choices=[("", "Any style"), *Style.choices])
    plan = forms.ModelChoiceField(required=False, queryset=None, empty_label="Any plan")
    exercise = forms.ModelChoiceField(required=False, queryset=None, empty_label="Any exercise")
    start = forms.DateField(
        label="From",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="To",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from workouts.models import Plan

        self.fields["plan"].queryset = Plan.objects.visible_to(user)
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
