"""/bodyweight/: the user's weigh-ins, newest first, with a form to add one and delete buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from workouts.forms.bodyweight import BodyWeightForm
from workouts.rules import timeutils, units

from ..models import BodyWeight
from ..responses import page_or_partial

TEMPLATE = "workouts/bodyweight.html"
PER_PAGE = 30


def _context(request, form):
    entries = BodyWeight.objects.filter(user=request.user).order_by("-date")
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return {"form": form, "entries": page.object_list, "page": page}


@login_required
@require_http_methods(["GET", "POST"])
def bodyweight(request):
    profile = request.profile
    today = timeutils.today(timezone.now(), profile.zone)
    form = BodyWeightForm(request.POST or None, unit=profile.weight_unit, today=today)
    if request.method == "GET":
        return page_or_partial(request, TEMPLATE, "weight-log", _context(request, form))
    if not form.is_valid():
        return page_or_partial(request, TEMPLATE, "weight-log", _context(request, form), status=422)
    day, weight_kg = form.cleaned_data["date"], form.cleaned_data["weight"]
    BodyWeight.objects.update_or_create(
        user=request.user, date=day, defaults={"weight_kg": weight_kg}
    )
    messages.success(
        request, f"Saved {units.format_weight(weight_kg, profile.weight_unit)} for {day:%-d %b %Y}."
    )
    if not request.htmx:
        return redirect("workouts:bodyweight")
    fresh = BodyWeightForm(unit=profile.weight_unit, today=today)
    return page_or_partial(request, TEMPLATE, "weight-log", _context(request, fresh))


@login_required
@require_POST
def bodyweight_delete(request, pk):
    entry = get_object_or_404(BodyWeight, pk=pk, user=request.user)
    entry.delete()
    messages.success(request, f"Deleted the weigh-in of {entry.date:%-d %b %Y}.")
    if not request.htmx:
        return redirect("workouts:bodyweight")
    profile = request.profile
    form = BodyWeightForm(
        unit=profile.weight_unit, today=timeutils.today(timezone.now(), profile.zone)
    )
    return page_or_partial(request, TEMPLATE, "weight-log", _context(request, form))
