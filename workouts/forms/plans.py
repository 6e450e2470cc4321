"""Plan forms: enrol in a plan, link a session to a plan day."""

from django import forms

from workouts.models import WorkoutSession
from workouts.rules import scheduling, timeutils


class EnrolForm(forms.Form):
    """Start on a date, or count back from fight night. `today` is the user's local date."""

    START, FIGHT = "start", "fight"
    mode = forms.ChoiceField(
        label="Schedule",
        widget=forms.RadioSelect,
        choices=[(START, "Start on a date"), (FIGHT, "Finish the day before a fight")],
    )
    start_date = forms.DateField(
        label="Start date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    fight_date = forms.DateField(
        label="Fight date",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The plan ends the day before. Christmas Day is the fight in Moscow.",
    )
    past_ok = forms.BooleanField(
        label="Yes, start in the past: the days before today count as missed", required=False
    )

    def __init__(self, *args, plan, today, **kwargs):
        self.plan, self.today = plan, today
        self.asks_past = False  # the start is in the past and the user has not said yes yet
        kwargs.setdefault(
            "initial",
            {
                "mode": self.START,
                "start_date": today,
                "fight_date": self.suggested_fight(plan, today),
            },
        )
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
        self.add_error(
            field,
            (
                f"The plan would start on {start:%a} {start.day} {start:%b %Y}, {ago} "
                f"day{'s' if ago != 1 else ''} ago, so its first days would be missed. "
                f"Pick a later date, or tick “start in the past” below to go ahead."
            ),
        )

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

    session = forms.ModelChoiceField(
        queryset=WorkoutSession.objects.none(),
        label="Session",
        empty_label=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
