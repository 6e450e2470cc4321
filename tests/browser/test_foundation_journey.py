"""A new user signs up, sets units and time zone, browses both plans and the catalogue,
and adds a private exercise."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import sign_up
from workouts.models import Exercise, Profile


def test_new_user_sets_up_browses_plans_and_adds_a_private_exercise(phone, screenshot):
    page = phone
    page.goto("/")
    expect(page.get_by_role("heading", name="Siberian natural")).to_be_visible()
    expect(page.get_by_role("heading", name="Drago high-tech")).to_be_visible()
    screenshot(page, "landing-phone")

    page.get_by_role("link", name="Sign up free").click()
    sign_up(page, "adrian")
    # The browser's zone (Europe/London in this context) was picked up at sign-up.
    assert Profile.objects.get(user__username="adrian").time_zone == "Europe/London"

    page.goto("/settings/")
    page.get_by_label("Pounds (lb)").check()
    page.get_by_label("Miles (mi)").check()
    page.get_by_label("Time zone").fill("America/New_York")
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Settings saved.")).to_be_visible()
    profile = Profile.objects.get(user__username="adrian")
    assert (profile.weight_unit, profile.distance_unit, profile.time_zone) == (
        "lb",
        "mi",
        "America/New_York",
    )
    screenshot(page, "settings-phone")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Plans").click()
    page.get_by_role("link", name="Siberian Natural").first.click()
    expect(page.get_by_role("heading", name="Week 6", exact=False)).to_be_visible()
    screenshot(page, "plan-natural-phone")
    page.goto("/plans/")
    page.get_by_role("link", name="Drago High-Tech").first.click()
    expect(page.get_by_role("heading", name=re.compile("Week 1"))).to_be_visible()
    screenshot(page, "plan-drago-phone")

    page.goto("/exercises/")
    page.get_by_label("Search").fill("pull")
    expect(page.locator("#exercise-results")).to_contain_text("Pull-up")
    expect(page.locator("#exercise-results")).not_to_contain_text("Bench press")
    screenshot(page, "exercises-phone")

    page.get_by_role("link", name="New exercise").click()
    page.get_by_label("Name").fill("Tyre flip")
    page.get_by_role("button", name="Save exercise").click()
    expect(page.get_by_role("heading", name="Tyre flip")).to_be_visible()
    assert Exercise.objects.get(name="Tyre flip").owner.username == "adrian"
    assert page.csp_errors == []


def test_landing_and_plans_look_right_at_desktop_width(desktop, screenshot):
    page = desktop
    page.goto("/")
    screenshot(page, "landing-desktop")
    page.get_by_role("link", name="Sign up free").click()
    sign_up(page, "duke")
    page.goto("/plans/")
    expect(page.locator(".path-card")).to_have_count(2)
    screenshot(page, "plans-desktop")
    page.goto("/plans/drago-high-tech/")
    screenshot(page, "plan-drago-desktop")
    page.goto("/exercises/")
    screenshot(page, "exercises-desktop")
    assert page.csp_errors == []
