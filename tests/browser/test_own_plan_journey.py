"""Issue 14 at phone width: copy the Drago plan, change a day, add an exercise with a
progression rule, enrol, see the resolved target on /today/, log it, and see next week's
target move on the schedule."""

import re

from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.journeys import log_in
from tests.factories import UserFactory
from workouts.models import Plan


def add_bench(page, day_card, progression=False):
    title = day_card.locator("h3").inner_text()
    day_card.get_by_role("link", name="Add an exercise").click()
    expect(page.locator(".editor-inline-form")).to_be_visible()  # in place, no new page
    expect(page).to_have_url(re.compile(r"/edit/$"))
    page.get_by_label("Exercise").select_option(label="Bench press")
    page.get_by_label("Sets", exact=True).fill("3")
    page.get_by_label("Reps (or the low end of a range)").fill("5")
    page.get_by_label("Load", exact=True).select_option(label="A load")
    page.get_by_label("Load (kg)").fill("60")
    if progression:
        page.get_by_label("Progression", exact=True).select_option(
            label="Add load when every set was done, else repeat"
        )
        page.get_by_label("Add each week").fill("2.5")
        page.locator(".editor-inline-form").screenshot(
            path=str(ARTIFACTS / "plan-item-form-phone.png")
        )
    page.get_by_role("button", name="Save exercise").tap()
    # This day's toast: the previous add's may still be showing.
    expect(page.get_by_text(f"Bench press added to “{title}”.")).to_be_visible()


def test_copy_edit_enrol_log_and_see_the_target_progress(phone, screenshot):
    page = phone
    UserFactory(username="rocky", profile__time_zone="Europe/London")
    log_in(page, "rocky")

    page.goto("/plans/drago-high-tech/")
    page.get_by_role("button", name="Make it mine").tap()
    expect(page).to_have_url(re.compile(r"/plans/my-drago-high-tech-[0-9a-f]+/edit/$"))
    plan = Plan.objects.get(owner__username="rocky")

    # Change a day: week 1 day 1 gets a new title.
    week1_day1 = page.locator("li.editor-day").first
    week1_day1.get_by_role("link", name="Edit day").click()
    expect(page).to_have_url(re.compile(r"/edit/$"))
    page.get_by_label("Title").fill("Bench and the run test")
    page.get_by_role("button", name="Save day").tap()
    expect(page.get_by_role("heading", name="Bench and the run test")).to_be_visible()

    # Bench on day 1 of week 1 at 60 kg, and on day 1 of week 2 progressing by +2.5 kg.
    add_bench(page, page.locator("li.editor-day", has_text="Bench and the run test"))
    week2 = page.locator("section#week-2 li.editor-day").first
    add_bench(page, week2, progression=True)
    expect(page.locator("section#week-2")).to_contain_text("+2.5 kg a week when all sets done")
    screenshot(page, "plan-editor-phone")
    page.locator("section#week-2 li.editor-day").first.screenshot(
        path=str(ARTIFACTS / "plan-editor-day-phone.png")
    )

    # Reorder in place (htmx): bench up one place in week 1 day 1.
    day1 = page.locator("li.editor-day", has_text="Bench and the run test")
    day1.get_by_role("button", name="Move Bench press up").tap()
    expect(day1.locator(".editor-item").nth(3)).to_contain_text("Bench press")
    day1.get_by_role("button", name="Move Bench press down").tap()  # the button's own value
    expect(day1.locator(".editor-item").nth(4)).to_contain_text("Bench press")

    # Enrol, starting today.
    page.goto(f"/plans/{plan.slug}/")
    page.get_by_role("link", name="Start this plan").tap()
    page.get_by_role("button", name="Start the plan").tap()
    expect(page.get_by_text("You're in")).to_be_visible()

    page.goto("/today/")
    bench = page.locator(".prescription li", has_text="Bench press")
    expect(bench).to_contain_text("3 × 5 reps @ 60 kg")
    screenshot(page, "today-own-plan-phone")

    page.get_by_role("button", name="Start today's session").tap()
    card = page.locator("section.entry", has_text="Bench press")
    expect(card.locator(".target")).to_contain_text("@ 60 kg")
    for count in (1, 2, 3):
        card.get_by_role("button", name="Fill from target").tap()
        expect(card.get_by_label("Load (kg)")).to_have_value("60")
        card.get_by_role("button", name="Save set").tap()
        expect(card.locator(".set-row")).to_have_count(count)
    page.get_by_role("button", name="Finish session").tap()
    expect(page.get_by_text("Session finished.")).to_be_visible()

    # Next week's bench has moved on by the rule.
    page.goto(f"/plans/{plan.slug}/")
    week2_day1 = page.locator("section.plan-week", has=page.locator("#week-2")).locator(
        "li.plan-day"
    )
    week2_bench = week2_day1.first.locator(".prescription li", has_text="Bench press")
    expect(week2_bench).to_contain_text("@ 62.5 kg")
    expect(week2_bench).to_contain_text("+2.5 kg: last week all done")
    screenshot(page, "plan-own-progressed-phone")
    week2_day1.first.screenshot(path=str(ARTIFACTS / "plan-own-week2-day1-phone.png"))
    assert page.csp_errors == []
