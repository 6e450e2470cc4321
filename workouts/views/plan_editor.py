"""Own plans: "Make it mine", "New plan", the editor (weeks, days, items) and plan files.

Every URL is scoped to the plan's owner: anyone else's plan, day or item is a 404. The quick
edits (move, duplicate, remove) answer htmx with the editor's `plan-weeks` region and a plain
post with a redirect back to the editor; the forms are plain pages. Writes go through
`workouts.plans.editing` (one transaction each); a refused edit says why and changes nothing.
"""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workouts.forms.plan_editor import DayForm, ItemForm, PlanForm, PlanImportForm
from workouts.plans import editing, planfile, reads, targets

from ..models import Plan, PlanDay, PlanItem
from ..responses import page_or_partial

EDITOR = "workouts/plan_editor.html"


def own_plan_or_404(user, slug):
    return get_object_or_404(Plan, slug=slug, owner=user)


def own_day_or_404(user, pk):
    return get_object_or_404(PlanDay.objects.select_related("plan"), pk=pk, plan__owner=user)


def own_item_or_404(user, pk):
    return get_object_or_404(
        PlanItem.objects.select_related("day__plan", "exercise"), pk=pk, day__plan__owner=user
    )


def visible_plan_or_404(user, slug):
    return get_object_or_404(Plan.objects.visible_to(user), slug=slug)


def editor_url(plan, anchor=""):
    return f"/plans/{plan.slug}/edit/" + (f"#{anchor}" if anchor else "")


def editor_context(request, plan, form=None):
    days = reads.days_with_items(plan)
    targets.describe_items(request.profile, [item for day in days for item in day.item_list])
    by_week = {number: list(group) for number, group in groupby(days, key=lambda d: d.week)}
    focus = list(plan.week_focus or [])
    weeks = [
        {
            "number": number,
            "focus": focus[number - 1] if number <= len(focus) else "",
            "days": by_week.get(number, []),
            "full": len(by_week.get(number, [])) >= 7,
        }
        for number in range(1, plan.weeks + 1)
    ]
    return {"plan": plan, "weeks": weeks, "form": form or PlanForm(initial=_plan_initial(plan))}


def _plan_initial(plan):
    return {"name": plan.name, "style": plan.style, "description": plan.description}


def editor_answer(request, plan, anchor=""):
    """After a quick edit: the weeks region for htmx, the editor page otherwise."""
    if request.htmx:
        return page_or_partial(request, EDITOR, "plan-weeks", editor_context(request, plan))
    return redirect(editor_url(plan, anchor))


@login_required
@require_POST
def plan_copy(request, slug):
    plan = visible_plan_or_404(request.user, slug)
    copy = editing.copy_plan(plan, request.user, timezone.now())
    messages.success(request, f"“{copy.name}” is yours: change anything, then start it.")
    return redirect(editor_url(copy))


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    form = PlanForm(request.POST or None, initial={"style": "both"})
    if request.method == "POST":
        if form.is_valid():
            plan = editing.new_plan(request.user, timezone.now(), **form.cleaned_data)
            messages.success(request, f"“{plan.name}” started. Add its first training day.")
            return redirect(editor_url(plan))
        return render(request, "workouts/plan_new.html", {"form": form}, status=422)
    return render(request, "workouts/plan_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request, slug):
    plan = own_plan_or_404(request.user, slug)
    if request.method == "POST":
        form = PlanForm(request.POST)
        if not form.is_valid():
            return render(request, EDITOR, editor_context(request, plan, form), status=422)
        editing.update_plan(plan, **form.cleaned_data)
        messages.success(request, "Plan saved.")
        return redirect(editor_url(plan))
    return page_or_partial(request, EDITOR, "plan-weeks", editor_context(request, plan))


@login_required
@require_http_methods(["GET", "POST"])
def plan_delete(request, slug):
    plan = own_plan_or_404(request.user, slug)
    if request.method == "GET":
        return render(request, "workouts/plan_confirm_delete.html", {"plan": plan})
    if plan.enrolments.exists():
        messages.warning(request, f"You have followed “{plan.name}”; it stays for your history.")
        return redirect(editor_url(plan))
    name = plan.name
    plan.delete()
    messages.success(request, f"“{name}” deleted.")
    return redirect("workouts:plan-list")


def _refused(request, plan, error, anchor=""):
    messages.warning(request, str(error))
    return editor_answer(request, plan, anchor)


@login_required
@require_POST
def week_add(request, slug):
    plan = own_plan_or_404(request.user, slug)
    try:
        week = editing.add_week(plan)
    except editing.Refused as error:
        return _refused(request, plan, error)
    messages.success(request, f"Week {week} added.")
    return editor_answer(request, plan, f"week-{week}")


def _week_number(request, plan):
    try:
        week = int(request.POST.get("week", ""))
    except ValueError as exc:
        raise Http404("No such week.") from exc
    if not 1 <= week <= plan.weeks:
        raise Http404("No such week.")
    return week


@login_required
@require_POST
def week_duplicate(request, slug):
    plan = own_plan_or_404(request.user, slug)
    week = _week_number(request, plan)
    try:
        new = editing.duplicate_week(plan, week)
    except editing.Refused as error:
        return _refused(request, plan, error)
    messages.success(request, f"Week {week} copied to week {new}.")
    return editor_answer(request, plan, f"week-{new}")


@login_required
@require_POST
def week_remove(request, slug):
    plan = own_plan_or_404(request.user, slug)
    week = _week_number(request, plan)
    try:
        editing.remove_week(plan, week)
    except editing.Refused as error:
        return _refused(request, plan, error, f"week-{week}")
    messages.success(request, f"Week {week} removed.")
    return editor_answer(request, plan)


def _form_page(request, template, partial, context, status=200):
    """A form as a page, or in place for htmx (a refused one replaces itself, not the weeks)."""
    response = page_or_partial(request, template, partial, context, status=status)
    if request.htmx and status == 422:
        response.headers["HX-Retarget"] = f"#{context['frame_id']}"
    return response


def _day_page(request, plan, form, day=None, status=200, week=1):
    """`week` (a number checked by the view) names the add-a-day slot the form replaced."""
    frame = f"day-head-{day.pk}" if day is not None else f"add-day-{int(week)}"
    context = {"plan": plan, "form": form, "day": day, "frame_id": frame}
    return _form_page(request, "workouts/plan_day_form.html", "day-form", context, status)


def _saved(request, plan, anchor):
    """After a form saved: the weeks region in place for htmx, else back to the editor."""
    if request.htmx:
        return page_or_partial(request, EDITOR, "plan-weeks", editor_context(request, plan))
    return redirect(editor_url(plan, anchor))


@login_required
@require_http_methods(["GET", "POST"])
def day_new(request, slug):
    plan = own_plan_or_404(request.user, slug)
    try:
        week = int(request.GET.get("week") or request.POST.get("week") or 1)
    except ValueError:
        week = 1
    week = min(max(week, 1), plan.weeks)
    initial = {"week": week, "day": editing.free_day(plan, week) or ""}
    form = DayForm(request.POST or None, plan=plan, initial=initial)
    if request.method == "GET":
        return _day_page(request, plan, form, week=week)
    if not form.is_valid():
        return _day_page(request, plan, form, status=422, week=week)
    day = PlanDay(plan=plan, **form.cleaned_data)
    try:
        editing.save_day(day)
    except editing.Refused as error:
        form.add_error(None, str(error))
        return _day_page(request, plan, form, status=422, week=week)
    messages.success(request, f"“{day.title}” added.")
    return _saved(request, plan, f"day-{day.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def day_edit(request, pk):
    day = own_day_or_404(request.user, pk)
    plan = day.plan
    initial = {f: getattr(day, f) for f in ("week", "day", "title", "note", "rest_day")}
    form = DayForm(request.POST or None, plan=plan, day=day, initial=initial)
    if request.method == "GET":
        return _day_page(request, plan, form, day)
    if not form.is_valid():
        return _day_page(request, plan, form, day, status=422)
    for name, value in form.cleaned_data.items():
        setattr(day, name, value)
    try:
        editing.save_day(day)
    except editing.Refused as error:
        form.add_error(None, str(error))
        return _day_page(request, plan, form, day, status=422)
    messages.success(request, f"“{day.title}” saved.")
    return _saved(request, plan, f"day-{day.pk}")


def _quick_day(request, pk, write, done):
    day = own_day_or_404(request.user, pk)
    try:
        result = write(day)
    except editing.Refused as error:
        return _refused(request, day.plan, error, f"day-{day.pk}")
    messages.success(request, done(day, result))
    anchor = f"day-{result.pk}" if isinstance(result, PlanDay) else ""
    return editor_answer(request, day.plan, anchor)


@login_required
@require_POST
def day_duplicate(request, pk):
    return _quick_day(
        request,
        pk,
        editing.duplicate_day,
        lambda day, copy: f"“{day.title}” copied to week {copy.week} day {copy.day}.",
    )


@login_required
@require_POST
def day_remove(request, pk):
    return _quick_day(request, pk, editing.remove_day, lambda day, _: f"“{day.title}” removed.")


@login_required
@require_POST
def day_move(request, pk):
    up = request.POST.get("direction") != "down"
    return _quick_day(
        request,
        pk,
        lambda day: editing.move_day(day, up),
        lambda day, _: f"“{day.title}” is now day {day.day}.",
    )


def _item_form(request, data=None, initial=None):
    profile = request.profile
    return ItemForm(
        data,
        initial=initial,
        user=request.user,
        weight_unit=profile.weight_unit,
        distance_unit=profile.distance_unit,
    )


def _item_page(request, day, form, item=None, status=200):
    frame = f"item-{item.pk}" if item is not None else f"add-item-{day.pk}"
    context = {"plan": day.plan, "day": day, "form": form, "item": item, "frame_id": frame}
    return _form_page(request, "workouts/plan_item_form.html", "item-form", context, status)


@login_required
@require_http_methods(["GET", "POST"])
def item_new(request, pk):
    day = own_day_or_404(request.user, pk)
    form = _item_form(request, request.POST or None, initial={"sets": 3})
    if request.method == "GET":
        return _item_page(request, day, form)
    if not form.is_valid():
        return _item_page(request, day, form, status=422)
    item = PlanItem(day=day, **form.item_values())
    try:
        editing.save_item(item)
    except editing.Refused as error:
        form.add_error(None, str(error))
        return _item_page(request, day, form, status=422)
    messages.success(request, f"{item.exercise.name} added to “{day.title}”.")
    return _saved(request, day.plan, f"day-{day.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def item_edit(request, pk):
    item = own_item_or_404(request.user, pk)
    day = item.day
    profile = request.profile
    initial = ItemForm.initial_from(item, profile.weight_unit, profile.distance_unit)
    form = _item_form(request, request.POST or None, initial=initial)
    if request.method == "GET":
        return _item_page(request, day, form, item)
    if not form.is_valid():
        return _item_page(request, day, form, item, status=422)
    for name, value in form.item_values().items():
        setattr(item, name, value)
    editing.save_item(item)
    messages.success(request, f"{item.exercise.name} saved.")
    return _saved(request, day.plan, f"day-{day.pk}")


def _quick_item(request, pk, write, done):
    item = own_item_or_404(request.user, pk)
    write(item)
    messages.success(request, done(item))
    return editor_answer(request, item.day.plan, f"day-{item.day_id}")


@login_required
@require_POST
def item_remove(request, pk):
    return _quick_item(
        request, pk, editing.remove_item, lambda item: f"{item.exercise.name} removed."
    )


@login_required
@require_POST
def item_move(request, pk):
    up = request.POST.get("direction") != "down"
    return _quick_item(
        request,
        pk,
        lambda item: editing.move_item(item, up),
        lambda item: f"{item.exercise.name} moved {'up' if up else 'down'}.",
    )


@login_required
@require_GET
def plan_export(request, slug):
    plan = visible_plan_or_404(request.user, slug)
    body = planfile.dumps(plan)
    response = HttpResponse(body, content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{plan.slug}.montage-plan.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def plan_import(request):
    form = PlanImportForm(request.POST or None, request.FILES or None)
    if request.method == "GET":
        return render(request, "workouts/plan_import.html", {"form": form})
    if form.is_valid():
        try:
            plan = planfile.import_file(form.cleaned_data["file"], request.user, timezone.now())
        except planfile.Refused as error:
            form.add_error("file", str(error))
        else:
            messages.success(request, f"“{plan.name}” imported: it is yours to edit and start.")
            return redirect(editor_url(plan))
    return render(request, "workouts/plan_import.html", {"form": form}, status=422)
