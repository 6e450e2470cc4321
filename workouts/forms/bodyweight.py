"""The body-weight form (entered in the user's units, stored in kg)."""

from django import forms

from workouts.forms.logbook import TypedNumberField
from workouts.rules import units


class BodyWeightForm(forms.Form):
    """A weigh-in: a date (not in the future) and a weight in the user's unit, cleaned to kg."""

    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    weight = TypedNumberField(
        max_digits=6,
        decimal_places=2,
        error_messages={
            "invalid": "Enter a weight, like 81.5.",
            "max_decimal_places": "Use at most 2 decimals.",
            "max_digits": "That number is too long.",
            "max_whole_digits": "That number is too long.",
        },
    )
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
                f"{units.tidy(units.kg_to(high, self.unit), 0)} {self.unit}."
            )
        return weight_kg
