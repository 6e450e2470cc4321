"""Enrol in Drago high-tech with a fight date, start today's session from /today/, log a set and
finish it, then see the day done on the schedule and the countdown to Moscow."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.journeys import log_in
from tests.factories import UserFactory
from workouts.models import Enrolment, WorkoutSession
from workouts.rules import timeutils

LONDON = timeutils.zone_of("Europe/London")


def enrol_with_fight(page, fight, in_the_past=False):
    page.goto("/plans/drago-high-tech/")
    page.get_by_role("link", name="Start this plan").click()
    page.get_by_label("Finish the day before a fight").check()
    page.get_by_label("Fight date").fill(fight.isoformat())
    page.get_by_role("button", name="Start the plan").click()
    if in_the_past:  # the form warns first; the user says yes
        expect(page.locator(".field-error")).to_contain_text("days ago")
        page.get_by_label("Yes, start in the past").check()
        page.get_by_role("button", name="Start the plan").click()
    expect(page).to_have_url(re.compile(r"/plans/drago-high-tech/$"))


def test_enrol_train_today_and_see_the_schedule_fill_in(phone, screenshot):
    page = phone
    UserFactory(username="ivan", profile__time_zone="Europe/London")
    today = timeutils.today(timezone.now(), LONDON)
    fight = today + dt.timedelta(days=42)  # week 1 day 1 falls on today
    log_in(page, "ivan")
    screenshot(page, "today-no-plan-phone")

    enrol_with_fight(page, fight)
    enrolment = Enrolment.objects.get(user__username="ivan")
    assert (enrolment.start_date, enrolment.fight_date) == (today, fight)
    expect(page.locator(".countdown")).to_contain_text("42 days to Moscow")
    screenshot(page, "plan-schedule-enrolled-phone")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").click()
    expect(page.get_by_role("heading", name="Intake: 12-minute run test")).to_be_visible()
    expect(page.locator(".countdown")).to_contain_text("42 days to Moscow")
    screenshot(page, "today-plan-phone")
    page.get_by_role("button", name="Start today's session").tap()

    expect(page.get_by_role("heading", name="Intake: 12-minute run test", level=1)).to_be_visible()
    first = page.locator("section.entry").first
    first.get_by_label("Reps").fill("5")
    first.get_by_role("button", name="Save set").tap()
    expect(first.locator(".set-row")).to_have_count(1)
    page.get_by_role("button", name="Finish session").tap()
    expect(page.get_by_text("Session finished.")).to_be_visible()
    session = WorkoutSession.objects.get(user__username="ivan")
    assert session.is_finished and session.enrolment == enrolment

    page.goto("/plans/drago-high-tech/")
    card = page.locator(
        "li.plan-day", has=page.get_by_role("heading", name="Intake: 12-minute run test")
    )
    expect(card.locator(".state-badge")).to_have_text("Done")
    expect(card.get_by_role("link", name="Done")).to_have_attribute(
        "href", f"/sessions/{session.pk}/"
    )
    expect(page.locator(".plan-progress")).to_contain_text("1 / 28")
    expect(page.locator(".plan-progress")).to_contain_text("100%")
    screenshot(page, "plan-schedule-done-phone")

    page.goto("/today/")
    expect(page.locator(".today-card")).to_contain_text("Done")
    expect(page.locator(".countdown")).to_contain_text("42 days to Moscow")
    assert page.csp_errors == []


def test_today_and_schedule_look_right_at_desktop_width(desktop, screenshot):
    page = desktop
    UserFactory(username="ludmilla", profile__time_zone="Europe/London")
    today = timeutils.today(timezone.now(), LONDON)
    log_in(page, "ludmilla")
    enrol_with_fight(page, today + dt.timedelta(days=40), in_the_past=True)  # two days ago
    screenshot(page, "plan-schedule-desktop")
    page.goto("/today/")
    expect(page.locator("#missed-days")).to_contain_text("Intake: 12-minute run test")
    missed = page.locator("#missed-days")
    missed.get_by_role("button", name="Skip Intake: 12-minute run test").click()
    expect(page.locator("#missed-days")).not_to_contain_text("Intake: 12-minute run test")
    screenshot(page, "today-plan-desktop")
    page.goto("/settings/")
    page.get_by_role("button", name="Create calendar link").click()
    expect(page.locator("#calendar-url")).to_have_value(re.compile(r"/calendar/.+\.ics$"))
    screenshot(page, "settings-calendar-desktop")
    assert page.csp_errors == []
