from itertools import groupby

from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from workouts.plans import position, reads, targets

from ..models import Enrolment, Plan
from .today import local_today


# Plans are public content: a visitor reads them before signing up (enrolling needs an account).
@require_GET
def plan_list(request):
    plans = Plan.objects.themed().annotate(day_count=Count("days"))
    own, past = [], []
    if request.user.is_authenticated:
        own = Plan.objects.filter(owner=request.user).annotate(day_count=Count("days"))
        past = (
            Enrolment.objects.filter(user=request.user)
            .exclude(status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.PAUSED])
            .select_related("plan")
            .order_by("-ended_at", "-created_at")
        )
    return render(request, "workouts/plan_list.html", {"plans": plans, "own": own, "past": past})


@require_GET
def plan_detail(request, slug):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), slug=slug)
    days = reads.days_with_items(plan)
    for day in days:
        day.slot = None  # a lookup the template misses costs an exception and a dir() each
    items = [item for day in days for item in day.item_list]
    if request.user.is_authenticated:
        targets.describe_items(request.profile, items)
    enrolment = None
    if request.user.is_authenticated:
        enrolment = position.current(request.user)  # the user's, in this plan or another
    schedule = None
    if enrolment is not None and enrolment.plan_id == plan.pk:
        schedule = position.schedule(enrolment, days, request.profile.zone, local_today(request))
        for slot in schedule.slots:
            slot.plan_day.slot = slot  # each day's date and state, for the template
        # This user's numbers for every day, progressed by what they logged (one batch).
        targets.attach(
            request.user,
            request.profile,
            items,
            enrolment=enrolment,
            whole_plan=True,
        )
    weeks = [
        {"number": number, "focus": _focus(plan, number), "days": list(week_days)}
        for number, week_days in groupby(days, key=lambda day: day.week)
    ]
    return render(
        request,
        "workouts/plan_detail.html",
        {"plan": plan, "weeks": weeks, "enrolment": enrolment, "schedule": schedule},
    )


def _focus(plan, number):
    focus = plan.week_focus or []
    return focus[number - 1] if 0 < number <= len(focus) else ""
