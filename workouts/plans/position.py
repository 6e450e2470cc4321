"""Reading an enrolment: the user's current plan and its schedule, in a fixed number of queries.

The ONE plan-position read model, used by /today/, the plan page and the dashboard. The rules
(dates, states, progress) are in `workouts.rules.scheduling`; this module only loads the facts they
need: the plan's days, the enrolment's sessions (the local date each day was done on) and skips.
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Sum
from django.http import Http404

from workouts.models import (
    Enrolment,
    PersonalRecord,
    PlanDay,
    PlanItem,
    SessionSummary,
    SkippedDay,
    WorkoutSession,
)
from workouts.rules import scheduling, timeutils


def current(user):
    """The user's active or paused enrolment with its plan, or None (one query)."""
    return Enrolment.objects.current().filter(user=user).select_related("plan").first()


def owned_current_or_404(user, pk):
    """The user's active or paused enrolment `pk`; 404 for anyone else's or a finished one."""
    enrolment = Enrolment.objects.current().filter(user=user, pk=pk).select_related("plan").first()
    if enrolment is None:
        raise Http404("No current enrolment here.")
    return enrolment


def plan_days(plan, with_items=True):
    """The plan's days in order, with their exercises prefetched (three queries)."""
    days = PlanDay.objects.filter(plan=plan)
    if with_items:
        days = days.prefetch_related(Prefetch("items", PlanItem.objects.select_related("exercise")))
    return list(days)


@dataclass
class Slot:
    """A plan day on the user's calendar, with the session that did it (if any)."""

    plan_day: PlanDay
    when: scheduling.DayPlan
    session_id: int | None = None  # the finished session that made it done
    in_progress_id: int | None = None  # an unfinished session started from it


@dataclass
class Schedule:
    enrolment: Enrolment
    today: object
    slots: list = field(default_factory=list)
    progress: scheduling.Progress | None = None

    @property
    def by_day(self):
        return {slot.plan_day.pk: slot for slot in self.slots}

    @property
    def today_slot(self):
        return next((slot for slot in self.slots if slot.when.date == self.today), None)

    @property
    def next_slot(self):
        found = scheduling.next_training_day([slot.when for slot in self.slots], self.today)
        return None if found is None else self.by_day[found.key]

    @property
    def missed(self):
        return [slot for slot in self.slots if slot.when.state == scheduling.MISSED]

    @property
    def upcoming(self):
        keys = {day.key for day in scheduling.upcoming([s.when for s in self.slots], self.today)}
        return [slot for slot in self.slots if slot.plan_day.pk in keys]

    @property
    def countdown(self):
        return scheduling.countdown(self.enrolment.fight_date, self.today)

    @property
    def is_paused(self):
        return self.enrolment.status == Enrolment.Status.PAUSED

    @property
    def runs_past_fight(self):
        start = scheduling.effective_start(self.enrolment.start_date, self.today, self.paused_on)
        return scheduling.runs_past_fight(
            start, self.enrolment.plan.weeks, self.enrolment.fight_date
        )

    @property
    def paused_on(self):
        return self.enrolment.paused_on if self.is_paused else None


def schedule(enrolment, days, zone, today):
    """The enrolment laid out over `days` (its plan's PlanDays) for local `today`: two queries.

    A day is done on the local date (in `zone`) its earliest finished session started. Rest
    days (an own plan's named ones) are not on the schedule: nothing to do, nothing to miss.
    """
    days = [day for day in days if not day.rest_day]
    done_on, done_by, in_progress = {}, {}, {}
    sessions = (
        WorkoutSession.objects.filter(enrolment=enrolment, plan_day__isnull=False)
        .order_by("started_at", "pk")
        .values_list("pk", "plan_day_id", "started_at", "finished_at")
    )
    for pk, day_id, started_at, finished_at in sessions:
        if finished_at is None:
            in_progress.setdefault(day_id, pk)
        elif day_id not in done_on:
            done_on[day_id] = timeutils.local_date(started_at, zone)
            done_by[day_id] = pk
    skipped = set(
        SkippedDay.objects.filter(enrolment=enrolment).values_list("plan_day_id", flat=True)
    )
    result = Schedule(enrolment=enrolment, today=today)
    paused_on = result.paused_on
    laid = scheduling.lay_out(
        {day.pk: day.offset for day in days},
        enrolment.start_date,
        today,
        done_on,
        skipped,
        paused_on,
    )
    by_pk = {day.pk: day for day in days}
    result.slots = [
        Slot(by_pk[when.key], when, done_by.get(when.key), in_progress.get(when.key))
        for when in laid
    ]
    result.progress = scheduling.progress(
        laid, enrolment.start_date, enrolment.plan.weeks, today, paused_on
    )
    return result


def plan_summary(enrolment):
    """Totals of a whole enrolment for the completion screen (four queries)."""
    # Working-set totals from the per-session roll-ups (SessionSummary, kept by dashboard.rollups).
    sets = SessionSummary.objects.filter(
        session__enrolment=enrolment, session__finished_at__isnull=False
    ).aggregate(volume=Sum("volume_kg"), distance=Sum("distance_m"), sets=Sum("set_count"))
    records = PersonalRecord.objects.filter(logged_set__session__enrolment=enrolment).count()
    finished = WorkoutSession.objects.filter(enrolment=enrolment, finished_at__isnull=False)
    counts = finished.aggregate(sessions=Count("pk"), days_done=Count("plan_day", distinct=True))
    return {
        "sessions": counts["sessions"],
        "days_done": counts["days_done"],
        "days_total": enrolment.plan.days.filter(rest_day=False).count(),
        "volume_kg": sets["volume"] or 0.0,
        "distance_m": sets["distance"] or 0.0,
        "sets": sets["sets"],
        "records": records,
    }
