"""Plan editor forms: a plan, a day, an item. Numbers are typed in the user's units and checked
against ranges with a message beside the field; the views save through `plans.editing`."""

from django import forms

from workouts.forms.logbook import DurationField, _number, _whole
from workouts.models import Exercise, PlanDay, Style
from workouts.rules import progression, units

STYLE_CHOICES = [
    (Style.BOTH, "Both"),
    (Style.NATURAL, "Siberian natural"),
    (Style.HIGH_TECH, "Drago high-tech"),
]
LOAD_RULE_CHOICES = [
    (progression.NONE, "No load"),
    (progression.ABSOLUTE, "A load"),
    (progression.E1RM, "% of my estimated 1RM"),
    (progression.LAST, "Last time's load"),
]
PROGRESSION_CHOICES = [
    (progression.NONE, "None: as written"),
    (progression.ADD_LOAD, "Add load when every set was done, else repeat"),
    (progression.ADD_PERCENT, "Add % to duration and distance when every set was done"),
]


class PlanForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        error_messages={
            "required": "Give the plan a name.",
            "max_length": "80 characters at most.",
        },
    )
    style = forms.ChoiceField(label="Style", choices=STYLE_CHOICES)
    description = forms.CharField(
        label="Description",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"max_length": "2000 characters at most."},
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Give the plan a name.")
        return name


class DayForm(forms.Form):
    week = _whole("Week", 52, 1)
    day = _whole("Day of the week (1-7)", 7, 1)
    title = forms.CharField(
        label="Title",
        max_length=120,
        error_messages={
            "required": "Give the day a title.",
            "max_length": "120 characters at most.",
        },
    )
    note = forms.CharField(
        label="Note", required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    rest_day = forms.BooleanField(label="Rest day (nothing to train)", required=False)

    def __init__(self, *args, plan, day=None, **kwargs):
        self.plan, self.day_obj = plan, day
        super().__init__(*args, **kwargs)
        self.fields["week"].required = True
        self.fields["day"].required = True
        self.fields["week"].error_messages["required"] = "Which week?"
        self.fields["day"].error_messages["required"] = "Which day of the week, 1 to 7?"

    def clean_week(self):
        week = self.cleaned_data["week"]
        if week is not None and week > self.plan.weeks + 1:
            raise forms.ValidationError(
                f"The plan has {self.plan.weeks} week{'s' if self.plan.weeks != 1 else ''}; "
                "add a week first."
            )
        return week

    def clean(self):
        data = super().clean()
        week, number = data.get("week"), data.get("day")
        if week and number:
            clash = PlanDay.objects.filter(plan=self.plan, week=week, day=number)
            if self.day_obj is not None:
                clash = clash.exclude(pk=self.day_obj.pk)
            if clash.exists():
                self.add_error("day", f"Week {week} already has a day {number}; pick a free one.")
            siblings = PlanDay.objects.filter(plan=self.plan, week=week)
            if self.day_obj is not None:
                siblings = siblings.exclude(pk=self.day_obj.pk)
            if siblings.count() >= 7:
                self.add_error("week", "A week has seven days at most.")
        if data.get("title") is not None and not data["title"].strip():
            self.add_error("title", "Give the day a title.")
        return data


class ItemForm(forms.Form):
    exercise = forms.ModelChoiceField(
        queryset=Exercise.objects.none(),
        label="Exercise",
        error_messages={
            "required": "Pick an exercise.",
            "invalid_choice": "Pick an exercise from your catalogue.",
        },
    )
    sets = _whole("Sets", 20, 1)
    reps = _whole("Reps (or the low end of a range)", 100, 1)
    reps_max = _whole("Up to reps (a range, optional)", 100, 1)
    duration = DurationField(label="Duration", required=False)
    load_rule = forms.ChoiceField(label="Load", choices=LOAD_RULE_CHOICES, required=False)
    load = _number("Load", 1000)
    load_percent = _number("% of e1RM", 150)
    rest = DurationField(label="Rest between sets", required=False)
    note = forms.CharField(label="Note", required=False, max_length=200)
    progression = forms.ChoiceField(
        label="Progression", choices=PROGRESSION_CHOICES, required=False
    )
    progression_amount = _number("Add each week", 100)
    deload_week = _whole("Deload week", 52, 1)
    deload_percent = _whole("Deload at %", 100, 10)

    def __init__(self, *args, user, weight_unit="kg", distance_unit="km", **kwargs):
        self.weight_unit, self.distance_unit = weight_unit, distance_unit
        super().__init__(*args, **kwargs)
        self.fields["exercise"].queryset = Exercise.objects.visible_to(user)
        self.fields["sets"].required = True
        self.fields["sets"].error_messages["required"] = "How many sets? 1 to 20."
        self.fields["load"].label = f"Load ({weight_unit})"
        self.fields["distance"] = _number(f"Distance ({distance_unit})", 1000)
        self.fields[
            "progression_amount"
        ].help_text = f"In {weight_unit} for added load, in % for duration and distance."
        self.order_fields(
            [
                "exercise",
                "sets",
                "reps",
                "reps_max",
                "duration",
                "distance",
                "load_rule",
                "load",
                "load_percent",
                "rest",
                "note",
                "progression",
                "progression_amount",
                "deload_week",
                "deload_percent",
            ]
        )

    def clean_rest(self):
        rest = self.cleaned_data.get("rest")
        if rest is not None and rest > 3600:
            raise forms.ValidationError("Rest at most an hour.")
        return rest

    def clean(self):
        data = super().clean()
        reps, reps_max = data.get("reps"), data.get("reps_max")
        if reps_max is not None and reps is None:
            self.add_error("reps", "Give the low end of the range too.")
        elif reps_max is not None and reps is not None and reps_max < reps:
            self.add_error("reps_max", "The top of the range must be at least the low end.")
        rule = data.get("load_rule") or ""
        if rule == progression.ABSOLUTE and data.get("load") is None:
            self.add_error("load", "Type the load, or pick another kind of load.")
        if rule == progression.E1RM:
            percent = data.get("load_percent")
            if percent is None:
                self.add_error("load_percent", "Type the percentage, like 75.")
            elif percent < 1:
                self.add_error("load_percent", "Must be at least 1.")
        kind = data.get("progression") or ""
        amount = data.get("progression_amount")
        if kind and (amount is None or amount <= 0):
            self.add_error("progression_amount", "How much to add each week? More than 0.")
        if kind == progression.ADD_LOAD and amount is not None:
            if rule not in (progression.ABSOLUTE, progression.E1RM, progression.LAST):
                self.add_error("progression", "Adding load needs a load: pick one above.")
            if units.kg_from(float(amount), self.weight_unit) > 50:
                self.add_error("progression_amount", "At most 50 kg a week; check the number.")
        exercise = data.get("exercise")
        if exercise is not None and (
            not any(data.get(f) is not None for f in ("reps", "duration", "distance")) and not rule
        ):
            self.add_error("reps", "Prescribe reps, a duration or a distance.")
        if data.get("deload_week") is not None and not data.get("deload_percent"):
            data["deload_percent"] = 60
        return data

    def item_values(self):
        """The cleaned values as PlanItem fields, in SI."""
        data = self.cleaned_data
        rule = data.get("load_rule") or ""
        load = data.get("load")
        distance = data.get("distance")
        amount = float(data.get("progression_amount") or 0)
        kind = data.get("progression") or ""
        if kind == progression.ADD_LOAD:
            amount = units.kg_from(amount, self.weight_unit)
        return {
            "exercise": data["exercise"],
            "sets": data["sets"],
            "reps": data.get("reps"),
            "reps_max": data.get("reps_max"),
            "duration_s": data.get("duration"),
            "distance_m": None
            if distance is None
            else round(units.metres_from(float(distance), self.distance_unit)),
            "load_rule": rule,
            "load_kg": units.kg_from(float(load), self.weight_unit)
            if rule == progression.ABSOLUTE and load is not None
            else None,
            "load_percent": float(data["load_percent"]) if rule == progression.E1RM else None,
            "intensity": "",
            "rest_s": data.get("rest"),
            "note": data.get("note") or "",
            "progression": kind,
            "progression_amount": amount if kind else 0,
            "deload_week": data.get("deload_week"),
            "deload_percent": float(data.get("deload_percent") or 60),
        }

    @classmethod
    def initial_from(cls, item, weight_unit, distance_unit):
        rule = item.load_rule_value
        amount = item.progression_amount or None
        if amount and item.progression == progression.ADD_LOAD:
            amount = units.tidy(units.kg_to(amount, weight_unit), 2)
        return {
            "exercise": item.exercise_id,
            "sets": item.sets,
            "reps": item.reps,
            "reps_max": item.reps_max,
            "duration": units.format_clock(item.duration_s) if item.duration_s else "",
            "distance": units.plain(units.metres_to(item.distance_m, distance_unit), 3)
            if item.distance_m
            else "",
            "load_rule": rule.kind,
            "load": units.plain(units.kg_to(item.load_kg, weight_unit), 2) if item.load_kg else "",
            "load_percent": units.tidy(rule.value, 1) if rule.kind == progression.E1RM else "",
            "rest": units.format_clock(item.rest_s) if item.rest_s else "",
            "note": item.note,
            "progression": item.progression,
            "progression_amount": amount or "",
            "deload_week": item.deload_week,
            "deload_percent": round(item.deload_percent) if item.deload_week else "",
        }


class PlanImportForm(forms.Form):
    file = forms.FileField(
        label="Plan file (.json)",
        error_messages={"required": "Choose a plan file.", "empty": "The file is empty."},
    )
