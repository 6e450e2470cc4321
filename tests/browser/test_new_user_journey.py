"""What a new user trips on (issue 9), in a real browser: a decimal-comma load saved as typed,
a '1e' refused beside the field, Escape cancelling an edit with focus put back, a visitor reading
a plan, the compact phone header, and a pound-and-mile user's plan page."""

import datetime as dt

from playwright.sync_api import expect

from tests.browser.journeys import log_in
from tests.factories import EntryFactory, SessionFactory, UserFactory
from workouts.models import Exercise, LoggedSet


def logging_page(page, username, **profile):
    user = UserFactory(username=username, **({"profile__" + k: v for k, v in profile.items()}))
    session = SessionFactory(
        user=user,
        title="Barn strength",
        started_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=20),
    )
    entry = EntryFactory(
        session=session, exercise=Exercise.objects.get(name="Bench press", owner=None)
    )
    log_in(page, username)
    page.goto(f"/sessions/{session.pk}/")
    page.wait_for_load_state("load")
    return page.locator(f"#entry-{entry.pk}"), entry


def test_a_decimal_comma_load_is_saved_as_typed_and_1e_is_refused(phone, screenshot):
    page = phone
    card, entry = logging_page(page, "comma")
    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (kg)").fill("60,5")
    card.get_by_label("Load (kg)").press("Enter")
    expect(card.locator(".set-row")).to_have_count(1)
    expect(card.locator(".set-row").first).to_contain_text("60.5 kg")
    assert LoggedSet.objects.get(entry=entry).load_kg == 60.5

    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (kg)").fill("1e")
    card.get_by_label("Load (kg)").press("Enter")
    expect(card.locator(".field-error")).to_contain_text("not one")
    expect(card.get_by_label("Load (kg)")).to_have_value("1e")
    expect(card.get_by_label("Load (kg)")).to_be_focused()
    assert LoggedSet.objects.filter(entry=entry).count() == 1
    screenshot(page, "new-user-refused-load-375")


def test_escape_cancels_an_edit_and_focus_returns_to_the_edit_link(desktop, screenshot):
    page = desktop
    card, entry = logging_page(page, "escape")
    card.get_by_label("Reps").fill("5")
    card.get_by_label("Load (kg)").fill("100")
    card.get_by_label("Load (kg)").press("Enter")
    expect(card.locator(".set-row")).to_have_count(1)
    edit = card.get_by_role("link", name="Edit set 1")
    edit.focus()
    page.keyboard.press("Enter")
    editing = card.locator(".set-row-editing")
    expect(editing).to_be_visible()
    expect(editing.get_by_label("Reps")).to_be_focused()  # not <body>
    screenshot(page, "new-user-editing-1280")
    page.keyboard.type("9")
    page.keyboard.press("Escape")
    expect(card.locator(".set-row-editing")).to_have_count(0)
    expect(card.get_by_role("link", name="Edit set 1")).to_be_focused()
    assert LoggedSet.objects.get(entry=entry).reps == 5


def test_after_a_delete_focus_stays_in_the_card(desktop):
    page = desktop
    card, _entry = logging_page(page, "deleter")
    for count, load in enumerate(("100", "105"), start=1):
        card.get_by_label("Reps").fill("5")
        card.get_by_label("Load (kg)").fill(load)
        card.get_by_label("Load (kg)").press("Enter")
        expect(card.locator(".set-row")).to_have_count(count)
    page.once("dialog", lambda dialog: dialog.accept())
    card.get_by_role("button", name="Delete set 1").click()
    expect(card.locator(".set-row")).to_have_count(1)
    expect(card.locator(".set-row .set-actions a").first).to_be_focused()


def test_a_visitor_reads_a_plan_before_signing_up(phone, desktop, screenshot):
    for page, width in ((phone, 375), (desktop, 1280)):
        page.goto("/plans/")
        screenshot(page, f"new-user-visitor-plans-{width}")
        page.get_by_role("link", name="See the schedule").first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(page.get_by_role("link", name="Sign up to start this plan")).to_be_visible()
        screenshot(page, f"new-user-visitor-plan-{width}")
        assert page.csp_errors == []


def test_the_phone_header_is_one_compact_row(phone, screenshot):
    page = phone
    UserFactory(username="compact")
    log_in(page, "compact")
    height = page.locator(".site-header").bounding_box()["height"]
    assert height <= 70, height
    expect(page.get_by_role("link", name="Dashboard")).to_be_attached()
    screenshot(page, "new-user-header-375")


def test_a_pound_and_mile_user_reads_plan_targets_in_their_units(desktop, phone, screenshot):
    UserFactory(username="imperial", profile__weight_unit="lb", profile__distance_unit="mi")
    for page, width in ((desktop, 1280), (phone, 375)):
        log_in(page, "imperial")
        page.goto("/plans/drago-high-tech/")
        text = page.locator("main").inner_text()
        assert " kg" not in text and "0.01 mi" not in text and "2 km test pace" not in text
        screenshot(page, f"new-user-imperial-plan-{width}")
