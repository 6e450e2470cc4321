"""/today/: what the user's plan prescribes for their local today, and what is still open."""

from django.contrib.auth.decorators import login_required
from django.utils import timezone
from django.views.decorators.http import require_GET

from workouts.plans import position, reads, targets
from workouts.rules import timeutils

from ..models import Enrolment
from ..responses import page_or_partial


def local_today(request):
    return timeutils.today(timezone.now(), request.profile.zone)


@login_required
@require_GET
def today(request):
    return today_page(request)


def today_page(request):
    """The page, or its `missed-days` region for htmx (also after a skip)."""
    day = local_today(request)
    enrolment = position.current(request.user)
    context = {"today": day, "enrolment": enrolment, "schedule": None, "completed": None}
    if enrolment is None:
        context["completed"] = (
            Enrolment.objects.filter(user=request.user, status=Enrolment.Status.COMPLETED)
            .select_related("plan")
            .order_by("-ended_at")
            .first()
        )
    else:
        days = reads.days_with_items(enrolment.plan)
        schedule = position.schedule(enrolment, days, request.profile.zone, day)
        context["schedule"] = schedule
        slot = schedule.today_slot
        if slot is not None:
            targets.attach(
                request.user,
                request.profile,
                slot.plan_day.item_list,
                enrolment=enrolment,
                # The chains of today's items run through the days already read.
                chain_items=[item for plan_day in days for item in plan_day.item_list],
            )
    return page_or_partial(request, "workouts/today.html", "missed-days", context)
