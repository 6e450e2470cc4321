"""Logging: sessions, their exercises and sets. Every URL is scoped to its owner (404 otherwise)."""

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workouts.forms.logbook import (
    FinishForm,
    HistoryFilterForm,
    SessionEditForm,
    SessionStartForm,
    SetForm,
)
from workouts.logbook import actions, reads, records_store
from workouts.plans import actions as plan_actions
from workouts.plans import targets

from ..api import idempotency
from ..models import Exercise, LoggedSet, Plan, PlanDay, SessionExercise, WorkoutSession
from ..responses import announce, fragment, page_or_partial, region, remember_outcome
from ..rules import units
from . import owned_or_404

PAGE = "workouts/session_detail.html"


def entry_or_404(user, pk, bests=False):
    """The user's entry; with `bests`, also their stored bests of its exercise (`entry.bests`,
    in the same query), which the set form asks implausible values against."""
    entries = SessionExercise.objects.select_related(  # session__user: log_set reads session.user
        "session__user", "session__enrolment", "exercise", "plan_item__day"
    )
    if bests:
        entries = records_store.with_bests(entries, user.pk)
    try:
        return entries.get(pk=pk, session__user=user)
    except SessionExercise.DoesNotExist as exc:
        raise Http404("No such exercise in your sessions.") from exc


def set_form(request, exercise, data=None, initial=None, prefix=None, bests=None):
    profile = request.profile
    return SetForm(
        data,
        initial=initial,
        exercise=exercise,
        prefix=prefix,
        weight_unit=profile.weight_unit,
        distance_unit=profile.distance_unit,
        bests=bests,
    )


def rest_seconds(request, entry):
    if entry.plan_item_id and entry.plan_item.rest_s:
        return entry.plan_item.rest_s
    return request.profile.default_rest_s


def resolve_targets(request, session, views):
    """Each view's plan target resolved for this user (`view.resolved`), a few queries for all."""
    by_plan = {}
    for view in views:
        item = view.entry.plan_item
        if item is not None:
            by_plan.setdefault(item.day.plan_id, []).append(item)
    found = {}
    for items in by_plan.values():
        found.update(
            targets.resolve(
                request.user,
                items,
                enrolment=session.enrolment,
                unit=request.profile.weight_unit,
                step=request.profile.load_step,
                exclude_session=session,
            )
        )
    for view in views:
        view.resolved = found.get(view.entry.plan_item_id)
    return views


def session_context(request, session, bound=None):
    """Everything the session page shows; `bound` = (entry_id, form) keeps a rejected form."""
    views = resolve_targets(request, session, reads.entry_views(session))
    for view in views:
        if bound and bound[0] == view.entry.pk:
            view.form = bound[1]
        else:
            view.form = set_form(request, view.exercise, prefix=f"e{view.entry.pk}")
        view.rest = rest_seconds(request, view.entry)
    query = request.GET.get("q", "")
    return {
        "session": session,
        "entries": views,
        "totals": reads.totals_of(views),
        "q": query,
        "results": reads.search_exercises(request.user, query) if "q" in request.GET else [],
        "finish_form": FinishForm(initial={"rpe": session.rpe, "notes": session.notes}),
    }


def entry_card(request, entry, form=None, status=200):
    view = resolve_targets(request, entry.session, reads.entry_views(entry.session, [entry]))[0]
    view.form = form or set_form(request, entry.exercise, prefix=f"e{entry.pk}")
    view.rest = rest_seconds(request, entry)
    return fragment(
        request, PAGE, "entry-card", {"view": view, "session": entry.session}, status=status
    )


def plan_day_choices(user):
    """The training days of every plan the user can see, grouped by plan (two queries)."""
    plans = list(Plan.objects.visible_to(user).order_by("owner_id", "name"))
    days = PlanDay.objects.filter(plan__in=plans, rest_day=False).order_by("week", "day")
    by_plan = {plan.pk: [] for plan in plans}
    for day in days.only("pk", "plan_id", "week", "day", "title"):
        by_plan[day.plan_id].append(day)
    return [(plan, by_plan[plan.pk]) for plan in plans if by_plan[plan.pk]]


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request):
    form = SessionStartForm(request.POST if request.method == "POST" else None)
    context = {"form": form, "plan_days": plan_day_choices(request.user)}
    if request.method == "POST":
        if form.is_valid():
            session = actions.start_session(
                request.user,
                timezone.now(),
                title=form.cleaned_data["title"],
                started_at=form.cleaned_data["started_at"],
            )
            return redirect(session)
        return render(request, "workouts/session_new.html", context, status=422)
    return render(request, "workouts/session_new.html", context)


@login_required
@require_POST
def session_from_day(request):
    """ "Start from a plan day": a free session with the day's exercises and targets."""
    try:
        day = (
            PlanDay.objects.filter(plan__in=Plan.objects.visible_to(request.user))
            .select_related("plan")
            .get(pk=int(request.POST.get("plan_day", "")))
        )
    except (PlanDay.DoesNotExist, ValueError, TypeError):
        messages.warning(request, "Pick a plan day to start from.")
        return redirect("workouts:session-new")
    session = plan_actions.start_from_day(request.user, day, timezone.now())
    messages.success(request, f"“{day.title}” started as a free session, targets filled in.")
    return redirect(session)


@login_required
@require_POST
def session_repeat(request, pk):
    """ "Repeat this workout": a new session with a finished one's exercises."""
    session = owned_or_404(WorkoutSession, request.user, pk)
    if not session.is_finished:
        messages.info(request, "Finish this session first; then you can repeat it.")
        return redirect(session)
    fresh = plan_actions.repeat_session(session, timezone.now())
    messages.success(request, f"“{fresh.title}” again: last time's numbers are one tap away.")
    return redirect(fresh)


@login_required
@require_GET
def session_detail(request, pk):
    session = owned_or_404(WorkoutSession, request.user, pk)
    target = region(request, ("session-totals", "exercise-search-results"))
    if target == "session-totals":
        context = {"session": session, "totals": reads.totals(session)}
    elif target == "exercise-search-results":
        context = {
            "session": session,
            "q": request.GET.get("q", ""),
            "results": reads.search_exercises(request.user, request.GET.get("q")),
        }
    else:
        context = session_context(request, session)
    return page_or_partial(request, PAGE, target, context)


@login_required
@require_POST
def exercise_add(request, pk):
    session = owned_or_404(WorkoutSession, request.user, pk)
    try:
        exercise = Exercise.objects.visible_to(request.user).get(pk=request.POST.get("exercise"))
    except (Exercise.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such exercise.") from exc
    entry = actions.add_exercise(session, exercise)
    if not request.htmx:
        return redirect(f"{session.get_absolute_url()}#entry-{entry.pk}")
    return entry_card(request, entry)


@login_required
@require_http_methods(["GET", "POST"])
def exercise_remove(request, pk):
    entry = entry_or_404(request.user, pk)
    if request.method == "GET":
        return render(
            request,
            "workouts/entry_confirm_delete.html",
            {"entry": entry, "session": entry.session},
        )
    actions.remove_exercise(entry)
    messages.success(request, f"{entry.exercise.name} removed from this session.")
    if not request.htmx:
        return redirect(entry.session)
    return announce(render(request, "workouts/_empty.html"), "set-changed")


@login_required
@require_POST
def set_add(request, pk):
    entry = entry_or_404(request.user, pk, bests=True)
    form = set_form(
        request, entry.exercise, request.POST, prefix=f"e{entry.pk}", bests=entry.bests or {}
    )
    if not form.is_valid():
        if not request.htmx:
            return render(
                request, PAGE, session_context(request, entry.session, (entry.pk, form)), status=422
            )
        response = set_form_fragment(request, entry, form, status=422)
        response.headers["HX-Retarget"] = f"#set-form-{entry.pk}"
        response.headers["HX-Reswap"] = "outerHTML"
        return response
    outcome = idempotency.log_set_once(request, entry, form.si_values(), timezone.now())
    remember_outcome(request, outcome)
    if not request.htmx:
        return redirect(f"{entry.session.get_absolute_url()}#entry-{entry.pk}")
    # A new set can only hold records of its own, so the page appends the row and gets a
    # fresh form (out of band); the rest of the card stays as it is.
    logged = outcome.logged_set
    logged.record_labels = reads.record_labels(r.kind for r in outcome.new_records)
    row = render_to_string(f"{PAGE}#set-row", {"s": logged}, request)
    fresh = set_form(request, entry.exercise, prefix=f"e{entry.pk}")
    response = set_form_fragment(request, entry, fresh, oob=True, next_index=logged.position)
    response.content = row.encode() + response.content
    return announce(
        response,
        "set-logged",
        {"rest": rest_seconds(request, entry), "entry": entry.pk, "exercise": entry.exercise.name},
    )


def set_version(logged):
    """A short fingerprint of a set's stored values: the edit form carries the one it was
    opened with, so a save can tell that another device changed the set in between."""
    values = repr([getattr(logged, name) for name in actions.set_fields()])
    return hashlib.sha256(values.encode()).hexdigest()[:16]


def tell_if_changed_elsewhere(request, logged, seen):
    """Two devices edited one set: the later save wins, and says what it replaced."""
    if not seen or seen == set_version(logged):
        return
    profile = request.profile
    was = units.format_set(logged, profile.weight_unit, profile.distance_unit)
    messages.warning(
        request,
        f"This set was changed on another device after you opened it (to {was}); "
        "your edit is the later one, so it is the one kept.",
    )


def set_form_fragment(request, entry, form, status=200, **extra):
    view = reads.EntryView(entry=entry, form=form)
    return fragment(request, PAGE, "set-form", {"view": view, **extra}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def set_edit(request, pk):
    logged = owned_or_404(LoggedSet, request.user, pk)
    entries = SessionExercise.objects.select_related("session", "exercise", "plan_item")
    entry = records_store.with_bests(entries, request.user.pk).get(pk=logged.entry_id)
    profile = request.profile
    initial = SetForm.initial_from(logged, profile.weight_unit, profile.distance_unit)
    data = request.POST if request.method == "POST" else None
    form = set_form(
        request,
        entry.exercise,
        data,
        initial=initial,
        prefix=f"s{logged.pk}",
        bests=entry.bests or {},
    )
    context = {
        "logged": logged,
        "entry": entry,
        "session": entry.session,
        "form": form,
        "version": request.POST.get("version", "") or set_version(logged),
    }
    if request.method == "POST":
        if form.is_valid():
            tell_if_changed_elsewhere(request, logged, request.POST.get("version"))
            outcome = actions.update_set(logged, form.si_values(), timezone.now())
            outcome.new_records = []  # an edit re-dates nothing: no "new record" toast
            if not request.htmx:
                messages.success(request, "Set saved.")
            remember_outcome(request, outcome)
            if not request.htmx:
                return redirect(f"{entry.session.get_absolute_url()}#entry-{entry.pk}")
            return announce(entry_card(request, entry), "set-changed")
        response = page_or_partial(
            request, "workouts/set_edit.html", "set-edit-form", context, status=422
        )
        if request.htmx:  # the form replaces itself, not the whole card
            response.headers["HX-Retarget"] = f"#set-{logged.pk}"
        return response
    return page_or_partial(request, "workouts/set_edit.html", "set-edit-form", context)


@login_required
@require_http_methods(["GET", "POST"])
def set_delete(request, pk):
    logged = owned_or_404(LoggedSet, request.user, pk)
    entry = SessionExercise.objects.select_related("session", "exercise", "plan_item").get(
        pk=logged.entry_id
    )
    if request.method == "GET":
        return render(
            request,
            "workouts/set_confirm_delete.html",
            {"logged": logged, "entry": entry, "session": entry.session},
        )
    actions.delete_set(logged)
    if not request.htmx:
        messages.success(request, "Set deleted.")
        return redirect(f"{entry.session.get_absolute_url()}#entry-{entry.pk}")
    return announce(entry_card(request, entry), "set-changed")


@login_required
@require_http_methods(["GET", "POST"])
def session_finish(request, pk):
    session = owned_or_404(WorkoutSession, request.user, pk)
    form = FinishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        outcome = actions.finish_session(
            session, timezone.now(), rpe=form.cleaned_data["rpe"], notes=form.cleaned_data["notes"]
        )
        messages.success(request, "Session finished. Good work.")
        remember_outcome(request, outcome)  # the summary is a new page
        if outcome.completed_enrolment is not None:
            return redirect("workouts:enrolment-complete", outcome.completed_enrolment.pk)
        return redirect(session)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "workouts/session_finish.html", {"session": session, "form": form}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, pk):
    session = owned_or_404(WorkoutSession, request.user, pk)
    form = SessionEditForm(request.POST if request.method == "POST" else None, instance=session)
    if request.method == "POST":
        if form.is_valid():
            outcome = actions.update_session(session, form.cleaned_data, timezone.now())
            messages.success(request, "Session saved.")
            remember_outcome(request, outcome)
            if outcome.completed_enrolment is not None:
                return redirect("workouts:enrolment-complete", outcome.completed_enrolment.pk)
            return redirect(session)
        return render(
            request, "workouts/session_edit.html", {"session": session, "form": form}, status=422
        )
    return render(request, "workouts/session_edit.html", {"session": session, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(request, pk):
    session = owned_or_404(WorkoutSession, request.user, pk)
    if request.method == "POST":
        actions.delete_session(session)
        messages.success(request, f"“{session.title}” deleted.")
        return redirect("workouts:session-list")
    return render(request, "workouts/session_confirm_delete.html", {"session": session})


@login_required
@require_GET
def session_list(request):
    form = HistoryFilterForm(request.GET or None, user=request.user)
    form.is_valid()  # an invalid filter is shown and ignored; the valid ones still apply
    filters = getattr(form, "cleaned_data", {})
    sessions = reads.history_sessions(request.user, filters, request.profile.zone)
    page = Paginator(sessions, 20).get_page(request.GET.get("page"))
    # The count and the skip read the sessions alone; the figures only the page's twenty rows
    # (one query: the page's ids are a subquery).
    page.object_list = reads.with_figures(
        WorkoutSession.objects.filter(pk__in=page.object_list.values("pk"))
    )
    query = request.GET.copy()
    query.pop("page", None)
    return page_or_partial(
        request,
        "workouts/session_list.html",
        "session-results",
        {"form": form, "page": page, "query": query.urlencode()},
    )
