"""A new user logs a first workout and is told at once which movie quotes it earned; the
gallery then shows them unlocked and every other quote locked with its hint."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import sign_up
from workouts.models import Quote, QuoteUnlock


def log_set(card, reps, load):
    card.get_by_label("Reps").fill(reps)
    card.get_by_label(re.compile(r"^Load")).fill(load)
    card.get_by_role("button", name="Save set").click()


def test_a_first_workout_earns_quotes_shown_in_a_toast_and_the_gallery(phone, screenshot):
    page = phone
    sign_up(page, "ludmilla")
    page.goto("/sessions/new/")
    page.get_by_label("Title").fill("First day in the barn")
    page.get_by_role("button", name="Start logging").click()
    expect(page.get_by_role("heading", name="First day in the barn")).to_be_visible()

    page.get_by_label("Search exercises").fill("squat")
    page.get_by_label("Search exercises").press("Enter")  # works before htmx has loaded, too
    page.locator("#exercise-search-results").get_by_role(
        "button", name=re.compile("Back squat")
    ).click()
    squat = page.locator("section.entry", has=page.get_by_role("heading", name="Back squat"))
    expect(squat).to_be_visible()
    log_set(squat, "5", "60")
    expect(squat.locator(".set-row")).to_have_count(1)
    # The second, heavier set is a first record: the htmx response announces its quote.
    log_set(squat, "5", "70")
    toast = page.locator("#toasts .toast-quote")
    expect(toast).to_be_visible()
    expect(toast).to_contain_text("You think maybe it's you against you.")
    expect(toast).to_contain_text("Rocky")
    screenshot(page, "quote-toast-phone")
    toast.get_by_role("button", name="Dismiss quote").click()
    expect(toast).to_have_count(0)

    # Finishing is a full-page post: the first-workout quote waits as a message on the next page.
    page.get_by_role("button", name="Finish session").click()
    expect(page.locator("#toasts")).to_contain_text("You know what you gotta do. Now do it.")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quotes").click()
    expect(page).to_have_url(re.compile(r"/quotes/$"))
    earned = QuoteUnlock.objects.filter(user__username="ludmilla").count()
    total = Quote.objects.count()
    assert earned >= 2
    expect(page.locator("#quote-progress")).to_contain_text(f"{earned} of {total}")
    unlocked = page.locator("#unlocked-quotes")
    expect(unlocked).to_contain_text("You know what you gotta do. Now do it.")
    expect(unlocked).to_contain_text("Duke")
    expect(unlocked.get_by_role("link", name="First day in the barn").first).to_be_visible()
    locked = page.locator("#locked-quotes .quote-locked")
    expect(locked).to_have_count(total - earned)
    expect(page.locator("#locked-quotes")).to_contain_text("Train on 30 days in a row.")
    expect(page.locator("#locked-quotes")).not_to_contain_text("I cannot be defeated.")
    screenshot(page, "quotes-gallery-phone")
    assert page.csp_errors == []


def test_the_gallery_looks_right_at_desktop_width(desktop, screenshot):
    page = desktop
    sign_up(page, "paulie")
    page.goto("/quotes/")
    expect(page.locator("#quote-progress")).to_contain_text(f"0 of {Quote.objects.count()}")
    screenshot(page, "quotes-gallery-desktop")
    assert page.csp_errors == []
