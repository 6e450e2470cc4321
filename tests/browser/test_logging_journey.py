"""On a phone: start a session, add three exercises, log sets by keyboard and taps, see a record
badge and the rest timer, edit and delete a set, finish, and find the session in history."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.journeys import log_in
from tests.factories import EntryFactory, SessionFactory, SetFactory, UserFactory
from workouts.models import Exercise, LoggedSet, PersonalRecord


def add_exercise(page, query, name):
    search = page.get_by_label("Search exercises")
    search.fill(query)
    search.press("Enter")  # as a user would; also covers typing before htmx is ready
    page.locator("#exercise-search-results").get_by_role("button", name=re.compile(name)).click()
    card = page.locator("section.entry", has=page.get_by_role("heading", name=name))
    expect(card).to_be_visible()
    # Without htmx yet (typed faster than the page loaded), the search and the add are plain
    # form posts that load a new page; wait for its scripts before the next step.
    page.wait_for_load_state("load")
    return card


def test_a_whole_workout_logged_on_a_phone_without_a_reload(phone, screenshot):
    page = phone
    UserFactory(username="apollo")
    log_in(page, "apollo")
    page.goto("/sessions/new/")
    page.get_by_label("Title").fill("Barn strength")
    page.get_by_role("button", name="Start logging").click()
    expect(page.get_by_role("heading", name="Barn strength")).to_be_visible()

    bench = add_exercise(page, "bench", "Bench press")
    # From here on, every step must happen in place: a reload would drop this marker.
    page.evaluate("window.__noReload = true")
    # The new card's first field has focus: type and press Enter, no mouse.
    expect(bench.get_by_label("Reps")).to_be_focused()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("60")
    page.keyboard.press("Enter")
    expect(bench.locator(".set-row")).to_have_count(1)
    expect(page.locator("#rest-timer")).to_be_visible()
    expect(bench.get_by_label("Reps")).to_be_focused()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("70")
    page.keyboard.press("Enter")
    expect(bench.locator(".badge-pr").first).to_be_visible()
    # The record is announced in the toast region, as a message like any other.
    expect(page.locator("#toasts .toast-success")).to_contain_text("New record:")
    screenshot(page, "record-toast-phone")
    page.locator("[data-rest-skip]").tap()
    expect(page.locator("#rest-timer")).to_be_hidden()

    pullup = add_exercise(page, "pull", "Pull-up")
    pullup.get_by_label("Reps").fill("8")
    pullup.get_by_role("button", name="Save set").tap()
    expect(pullup.locator(".set-row")).to_have_count(1)

    run = add_exercise(page, "treadmill", "Treadmill intervals")
    run.get_by_label("Time").fill("12:00")
    run.get_by_role("button", name="Save set").tap()
    expect(run.locator(".set-row")).to_have_count(1)
    # Bad input is refused beside the field and nothing is saved.
    run.get_by_label("Time").fill("30:00:00")
    run.get_by_role("button", name="Save set").tap()
    expect(run.get_by_text("That is longer than 24 hours.")).to_be_visible()
    assert LoggedSet.objects.filter(exercise__name="Treadmill intervals").count() == 1
    expect(page.locator("#session-totals")).to_contain_text("4")
    screenshot(page, "logging-phone")

    # Edit the record set down: the badge moves back to nothing (60 was the baseline).
    bench.get_by_role("link", name="Edit set 2").tap()
    edit_row = page.locator(".set-row-editing")
    edit_row.get_by_label("Load (kg)").fill("55")
    edit_row.get_by_role("button", name="Save set").tap()
    expect(bench.locator(".badge-pr")).to_have_count(0)
    assert not PersonalRecord.objects.filter(logged_set__load_kg=55).exists()

    page.once("dialog", lambda dialog: dialog.accept())
    bench.get_by_role("button", name="Delete set 2").tap()
    expect(bench.locator(".set-row")).to_have_count(1)
    assert page.evaluate("window.__noReload") is True

    # Toasts swapped in out of band hide themselves, as those on a full page do.
    expect(page.locator("#toasts .toast-success")).to_have_count(0, timeout=10_000)
    page.get_by_label("Overall effort (RPE 1-10)").fill("8")
    page.get_by_role("button", name="Finish session").tap()
    expect(page.get_by_text("Session finished.")).to_be_visible()
    expect(page.locator("#session-totals")).to_contain_text("duration")
    screenshot(page, "session-summary-phone")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log").tap()
    expect(page.locator("#session-results")).to_contain_text("Barn strength")
    screenshot(page, "history-phone")

    # The exercise's own page keeps the history and the bests.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Exercises").tap()
    page.get_by_label("Search").fill("bench")
    page.get_by_role("link", name=re.compile("Bench press")).first.tap()
    history = page.get_by_role("region", name="Your history")
    expect(history).to_contain_text("Barn strength")
    expect(history).to_contain_text("60 kg × 5")
    expect(page.get_by_role("region", name="Your records")).to_contain_text("Heaviest load")
    screenshot(page, "exercise-history-phone")
    assert page.csp_errors == []


def test_logging_page_at_desktop_width(desktop, screenshot):
    page = desktop
    UserFactory(username="duke", profile__weight_unit="lb")
    log_in(page, "duke")
    page.goto("/sessions/new/")
    page.get_by_role("button", name="Start logging").click()
    card = add_exercise(page, "squat", "Back squat")
    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (lb)").fill("225")
    card.get_by_role("button", name="Save set").click()
    expect(card.locator(".set-row")).to_contain_text("225 lb × 5")
    screenshot(page, "logging-desktop")
    assert page.csp_errors == []


def test_a_set_saved_without_a_connection_is_kept_and_sent_when_it_returns(phone):
    """It used to be refused ("Not saved: no connection"); since issue 13 it waits on the
    device (tests/browser/test_offline_journey.py has the whole offline journey)."""
    page = phone
    UserFactory(username="paulie")
    log_in(page, "paulie")
    page.goto("/sessions/new/")
    page.get_by_role("button", name="Start logging").click()
    card = add_exercise(page, "squat", "Back squat")
    page.context.set_offline(True)
    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (kg)").fill("100")
    card.get_by_role("button", name="Save set").tap()
    expect(card.locator(".set-row-pending")).to_contain_text("Not sent yet")
    assert LoggedSet.objects.count() == 0
    page.context.set_offline(False)
    expect(card.locator(".set-row-pending")).to_have_count(0, timeout=20_000)
    expect(card.locator(".set-row")).to_have_count(1)
    assert LoggedSet.objects.filter(load_kg=100).count() == 1


def test_fill_from_last_time_puts_last_times_set_in_the_form(phone):
    page = phone
    user = UserFactory(username="mickey")
    earlier = SessionFactory(user=user, started_at=timezone.now() - dt.timedelta(days=2))
    bench = Exercise.objects.get(name="Bench press", owner=None)
    SetFactory(entry=EntryFactory(session=earlier, exercise=bench), reps=5, load_kg=62.5)
    log_in(page, "mickey")
    page.goto("/sessions/new/")
    page.get_by_role("button", name="Start logging").click()
    card = add_exercise(page, "bench", "Bench press")
    card.get_by_role("button", name="Fill from last time").tap()
    expect(card.get_by_label("Reps")).to_have_value("5")
    expect(card.get_by_label("Load (kg)")).to_have_value("62.5")
    assert page.csp_errors == []


def squat_session_with_a_best_of_140(page, username):
    """A session with Back squat open, after a 140 kg x 5 back squat two days ago."""
    user = UserFactory(username=username)
    squat = Exercise.objects.get(name="Back squat", owner=None)
    earlier = SessionFactory(user=user, started_at=timezone.now() - dt.timedelta(days=2))
    SetFactory(entry=EntryFactory(session=earlier, exercise=squat), reps=5, load_kg=140)
    entry = EntryFactory(session=SessionFactory(user=user, title="Leg day"), exercise=squat)
    log_in(page, username)
    page.goto(f"/sessions/{entry.session.pk}/")
    return page.locator(f"#entry-{entry.pk}")


def test_an_implausible_load_is_asked_about_and_saved_once_confirmed(phone, screenshot):
    page = phone
    card = squat_session_with_a_best_of_140(page, "ivan")
    page.evaluate("window.__noReload = true")
    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (kg)").fill("605")
    card.get_by_role("button", name="Save set").tap()
    expect(card.locator(".field-error")).to_have_text(
        "605 kg is far above your heaviest Back squat so far (140 kg). Is that right?"
    )
    expect(card.get_by_label("Load (kg)")).to_have_value("605")
    expect(card.get_by_label("Load (kg)")).to_be_focused()
    screenshot(page, "implausible-load-asked-phone")
    assert not LoggedSet.objects.filter(load_kg=605).exists()

    card.get_by_label("Yes, 605 kg is right").check()
    card.get_by_role("button", name="Save set").tap()
    expect(card.locator(".set-row")).to_contain_text("605 kg × 5")
    expect(card.get_by_label("Load (kg)")).to_have_value("")  # a fresh form, nothing asked
    expect(card.locator(".field-confirm")).to_have_count(0)
    assert LoggedSet.objects.filter(load_kg=605).count() == 1
    assert page.evaluate("window.__noReload") is True
    assert page.csp_errors == []


def test_an_implausible_load_is_asked_about_on_the_plain_page_too(
    browser, live_server, catalogue, screenshot
):
    """Without JavaScript the set form is a plain form post: asked on the whole page."""
    from tests.browser.conftest import DESKTOP, _page

    context, page = _page(browser, live_server, DESKTOP, java_script_enabled=False)
    card = squat_session_with_a_best_of_140(page, "ludmilla")
    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (kg)").fill("605")
    card.get_by_role("button", name="Save set").click()
    expect(card.locator(".field-error")).to_contain_text("far above your heaviest Back squat")
    screenshot(page, "implausible-load-asked-desktop")
    card.get_by_label("Yes, 605 kg is right").check()
    card.get_by_role("button", name="Save set").click()
    expect(card.locator(".set-row")).to_contain_text("605 kg × 5")
    assert LoggedSet.objects.filter(load_kg=605).count() == 1
    context.close()
