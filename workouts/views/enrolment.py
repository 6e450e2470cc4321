"""Following a plan: enrol (or switch), pause, resume, restart, leave, and the plan days
themselves (start, skip, link a free session). Every URL is scoped to its owner (404 otherwise)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from workouts.forms.plans import EnrolForm, LinkSessionForm
from workouts.logbook import actions
from workouts.plans import actions as plan_actions
from workouts.plans import position
from workouts.rules import scheduling, timeutils

from ..models import Enrolment, Plan, WorkoutSession
from ..responses import page_or_partial, remember_outcome
from . import owned_or_404
from .today import local_today, today_page

STARTABLE = (scheduling.TODAY, scheduling.MISSED, scheduling.SKIPPED)


def next_or(request, fallback):
    """The form's `next` if it is a path on this site, else `fallback`. Only a path: a bare
    word would be taken by redirect() for a view name (NoReverseMatch, a 500)."""
    target = request.POST.get("next") or request.GET.get("next")
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure())
    ):
        return target
    return fallback


def slot_or_404(request, pk, day_pk):
    """The user's current enrolment and one of its plan days on the calendar (404 otherwise)."""
    enrolment = position.owned_current_or_404(request.user, pk)
    days = position.plan_days(enrolment.plan, with_items=False)
    schedule = position.schedule(enrolment, days, request.profile.zone, local_today(request))
    slot = schedule.by_day.get(day_pk)
    if slot is None:
        raise Http404("No such day in this plan.")
    return enrolment, slot


def refuse(request, enrolment, slot):
    """A plan day that cannot be acted on now: say why, go back to today."""
    if enrolment.status == Enrolment.Status.PAUSED:
        messages.warning(request, "The plan is paused. Resume it first.")
    elif slot.when.is_finished:
        messages.info(request, f"“{slot.plan_day.title}” is already done.")
    else:
        messages.warning(request, f"“{slot.plan_day.title}” is on {slot.when.date:%a %-d %b}.")
    return redirect(next_or(request, "workouts:today"))


@login_required
@require_http_methods(["GET", "POST"])
def plan_enrol(request, slug):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), slug=slug)
    today = local_today(request)
    current = position.current(request.user)
    form = EnrolForm(request.POST or None, plan=plan, today=today)
    context = {"plan": plan, "form": form, "current": current, "today": today}
    if request.method == "GET":
        return render(request, "workouts/enrol.html", context)
    if not form.is_valid():
        return render(request, "workouts/enrol.html", context, status=422)
    data = form.cleaned_data
    if current is not None and request.POST.get("confirm") != "yes":
        return render(request, "workouts/enrol_confirm.html", {**context, "data": data})
    enrolment = plan_actions.enrol(
        request.user,
        plan,
        timezone.now(),
        start_date=data["start_date"],
        fight_date=data["fight_date"],
        repeat_is_noop=True,
    )
    if current is not None and current.pk != enrolment.pk:
        messages.info(request, f"You left {current.plan.name}; it stays in your history.")
    messages.success(request, f"You're in: {plan.name}, from {enrolment.start_date:%a %-d %b}.")
    if enrolment.start_date < today:
        messages.warning(
            request, "The plan starts before today: do the early days late or skip them from Today."
        )
    return redirect(plan)


@login_required
@require_POST
def enrolment_pause(request, pk):
    enrolment = position.owned_current_or_404(request.user, pk)
    plan_actions.pause_enrolment(enrolment, local_today(request))
    messages.success(request, "Plan paused. The days ahead wait for you.")
    return redirect(next_or(request, enrolment.plan.get_absolute_url()))


@login_required
@require_POST
def enrolment_resume(request, pk):
    enrolment = position.owned_current_or_404(request.user, pk)
    plan_actions.resume_enrolment(enrolment, local_today(request))
    messages.success(request, "Plan resumed. The rest of it moved along by the days you paused.")
    return redirect(next_or(request, enrolment.plan.get_absolute_url()))


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_restart(request, pk):
    enrolment = position.owned_current_or_404(request.user, pk)
    if request.method == "GET":
        return render(
            request,
            "workouts/enrolment_confirm.html",
            {"enrolment": enrolment, "action": "restart"},
        )
    plan_actions.restart_enrolment(enrolment, timezone.now(), local_today(request))
    messages.success(request, f"{enrolment.plan.name} starts again today, week 1 day 1.")
    return redirect(enrolment.plan)


@login_required
@require_http_methods(["GET", "POST"])
def enrolment_leave(request, pk):
    enrolment = position.owned_current_or_404(request.user, pk)
    if request.method == "GET":
        return render(
            request, "workouts/enrolment_confirm.html", {"enrolment": enrolment, "action": "leave"}
        )
    plan_actions.leave_enrolment(enrolment, timezone.now())
    messages.success(request, f"You left {enrolment.plan.name}. Your sessions stay in the log.")
    return redirect("workouts:today")


@login_required
@require_POST
def plan_day_start(request, pk, day_pk):
    enrolment, slot = slot_or_404(request, pk, day_pk)
    if slot.in_progress_id:
        return redirect("workouts:session-detail", slot.in_progress_id)
    if enrolment.status != Enrolment.Status.ACTIVE or slot.when.state not in STARTABLE:
        return refuse(request, enrolment, slot)
    session = plan_actions.start_plan_day(enrolment, slot.plan_day, timezone.now())
    return redirect(session)


@login_required
@require_POST
def plan_day_skip(request, pk, day_pk):
    enrolment, slot = slot_or_404(request, pk, day_pk)
    if enrolment.status != Enrolment.Status.ACTIVE or not slot.when.is_open:
        return refuse(request, enrolment, slot)
    plan_actions.skip_plan_day(enrolment, slot.plan_day)
    messages.success(request, f"Skipped “{slot.plan_day.title}”.")
    if not request.htmx:
        return redirect(next_or(request, "workouts:today"))
    return today_page(request)


@login_required
@require_http_methods(["GET", "POST"])
def plan_day_link(request, pk, day_pk):
    enrolment, slot = slot_or_404(request, pk, day_pk)
    if enrolment.status != Enrolment.Status.ACTIVE or slot.when.state not in STARTABLE:
        return refuse(request, enrolment, slot)
    # Only sessions from the day's date on can count for it (a day is never done early by a
    # session that happened before it, nor by one from before the enrolment).
    day_start = timeutils.day_bounds(slot.when.date, request.profile.zone)[0]
    sessions = (
        WorkoutSession.objects.for_user(request.user)
        .finished()
        .filter(plan_day__isnull=True, started_at__gte=day_start)
        .order_by("-started_at")
    )
    form = LinkSessionForm(request.POST or None, sessions=sessions)
    context = {
        "enrolment": enrolment,
        "slot": slot,
        "form": form,
        "sessions": sessions[:20],
        "next": next_or(request, ""),
    }
    if request.method == "GET":
        return render(request, "workouts/plan_day_link.html", context)
    if not form.is_valid():
        return render(request, "workouts/plan_day_link.html", context, status=422)
    outcome = plan_actions.link_session(
        form.cleaned_data["session"], enrolment, slot.plan_day, timezone.now()
    )
    remember_outcome(request, actions.Outcome(unlocked_quotes=outcome.unlocked_quotes))
    messages.success(request, f"“{slot.plan_day.title}” is done.")
    if outcome.completed:
        return redirect("workouts:enrolment-complete", enrolment.pk)
    return redirect(next_or(request, enrolment.plan.get_absolute_url()))


@login_required
@require_http_methods(["GET"])
def enrolment_complete(request, pk):
    enrolment = owned_or_404(Enrolment, request.user, pk, status=Enrolment.Status.COMPLETED)
    return page_or_partial(
        request,
        "workouts/enrolment_complete.html",
        "plan-summary",
        {
            "enrolment": enrolment,
            "plan": enrolment.plan,
            "summary": position.plan_summary(enrolment),
        },
    )


@login_required
@require_POST
def run_it_back(request, pk):
    """A completed or left plan again from today, from this cycle's results."""
    enrolment = owned_or_404(Enrolment, request.user, pk)
    if enrolment.status not in (Enrolment.Status.COMPLETED, Enrolment.Status.ENDED):
        messages.info(request, "You are still following this plan.")
        return redirect(enrolment.plan)
    if enrolment.plan.owner_id not in (None, request.user.pk):
        raise Http404("No such plan.")
    current = position.current(request.user)
    fresh = plan_actions.run_it_back(enrolment, timezone.now(), local_today(request))
    if current is not None:
        messages.info(request, f"You left {current.plan.name}; it stays in your history.")
    messages.success(
        request,
        f"{fresh.plan.name} again from today, starting from what you lifted last time.",
    )
    return redirect(fresh.plan)
