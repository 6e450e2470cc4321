"""The private calendar feed: upcoming plan days as an .ics any phone calendar can subscribe to.

The feed needs no login, so its URL carries the user's token (256 random bits); revoking or
regenerating it in settings makes the old URL answer 404.
"""

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from workouts.plans import position
from workouts.rules import timeutils
from workouts.rules.units import format_dose, in_units

from ..models import Profile


def dose_text(item, units):
    """An item's prescription as plain text, as the plan page shows it."""
    return format_dose(item, units["weight"], units["distance"])


def build_feed(profile, schedule, today_url, now):
    # Imported where used: icalendar costs about 40 ms to import, which every worker would
    # otherwise pay on its first request of any page (issue 15); a worker imports it at boot
    # instead (`montage.wsgi.warm_up`).
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Montage//Plan feed//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Montage training")
    calendar.add("x-wr-timezone", profile.time_zone)
    if schedule is None or schedule.is_paused:
        return calendar
    units = {"weight": profile.weight_unit, "distance": profile.distance_unit}
    plan = schedule.enrolment.plan
    for slot in schedule.upcoming:
        day = slot.plan_day
        lines = [f"{plan.name}, week {day.week} day {day.day}."]
        lines += [f"- {item.exercise.name}: {dose_text(item, units)}" for item in day.items.all()]
        if day.note:
            lines.append(in_units(day.note, profile.weight_unit, profile.distance_unit))
        event = Event()
        event.add("uid", f"montage-{schedule.enrolment.pk}-{day.pk}@montage")
        event.add("dtstamp", now)
        event.add("dtstart", slot.when.date)  # all-day, on the user's local date
        event.add("dtend", slot.when.date + dt.timedelta(days=1))
        event.add("summary", in_units(day.title, profile.weight_unit, profile.distance_unit))
        event.add("description", "\n".join(lines))
        event.add("url", today_url)
        calendar.add_component(event)
    return calendar


@require_GET
def calendar_feed(request, token):
    profile = (
        Profile.objects.select_related("user").filter(calendar_token=token).first()
        if token
        else None
    )
    if profile is None:
        raise Http404("No such calendar.")
    enrolment = position.current(profile.user)
    schedule = None
    if enrolment is not None:
        today = timeutils.today(timezone.now(), profile.zone)
        schedule = position.schedule(
            enrolment, position.plan_days(enrolment.plan), profile.zone, today
        )
    feed = build_feed(
        profile, schedule, request.build_absolute_uri(reverse("workouts:today")), timezone.now()
    )
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="montage.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_POST
def calendar_token(request):
    """Create or regenerate the feed URL (`action=regenerate`), or revoke it (`action=revoke`)."""
    profile = request.profile
    if request.POST.get("action") == "revoke" and request.POST.get("confirm") != "yes":
        # Revoking breaks every subscribed calendar: ask first (a page, so it works without JS).
        return render(request, "workouts/calendar_revoke_confirm.html")
    if request.POST.get("action") == "revoke":
        profile.calendar_token = None
        messages.success(request, "Calendar link revoked. Subscribed calendars stop updating.")
    else:
        profile.regenerate_calendar_token()
        messages.success(request, "New calendar link ready. Any old link no longer works.")
    profile.save(update_fields=["calendar_token"])
    return redirect(reverse("workouts:settings") + "#calendar-feed")
