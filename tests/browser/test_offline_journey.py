"""Gym-proof (issue 13): a phone loses the signal mid-workout and keeps logging; the sets are
sent exactly once, in order, when the connection returns."""

from playwright.sync_api import expect

from tests.browser.journeys import log_in
from tests.factories import EntryFactory, SessionFactory, UserFactory
from workouts.models import Exercise, LoggedSet, PersonalRecord

SETS = [(5, "60"), (5, "70"), (5, "80"), (3, "90"), (1, "100")]


def watch_csp(page):
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.csp_errors.append(msg.text),
    )
    return page


def wait_for(page, script, timeout_ms=10_000):
    """Polls `script` (evaluated by Playwright itself: wait_for_function would need eval, which
    the CSP refuses) until it is truthy."""
    for _ in range(timeout_ms // 100):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"Still false after {timeout_ms} ms: {script}")


def controlled(page):
    """Waits until the service worker controls the page (it claims pages once installed)."""
    wait_for(page, "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)")


def open_session_ready_for_offline(page, username="drago"):
    user = UserFactory(username=username)
    bench = Exercise.objects.get(name="Bench press", owner=None)
    session = SessionFactory(user=user, title="Barn strength")
    entry = EntryFactory(session=session, exercise=bench)
    log_in(page, username)
    page.goto(f"/sessions/{session.pk}/")
    controlled(page)
    page.reload()  # through the worker now: it keeps a copy of the page
    return session, entry


def log_sets(card, sets):
    for reps, load in sets:
        card.get_by_label("Reps").fill(str(reps))
        card.get_by_label("Load (kg)").fill(load)
        card.get_by_label("Load (kg)").press("Enter")


def stored(entry):
    return list(
        LoggedSet.objects.filter(entry=entry).order_by("position").values_list("reps", "load_kg")
    )


def test_sets_logged_offline_are_stored_once_in_order_when_the_signal_returns(phone, screenshot):
    page = phone
    context = page.context
    session, entry = open_session_ready_for_offline(page)
    context.set_offline(True)
    card = page.locator(f"#entry-{entry.pk}")
    expect(page.locator("#offline-banner")).to_contain_text("Offline")

    log_sets(card, SETS)
    pending = card.locator(".set-row-pending")
    expect(pending).to_have_count(5)
    expect(pending.first).to_contain_text("Not sent yet")
    expect(page.locator("#rest-timer")).to_be_visible()  # the rest timer runs offline too
    pending.nth(3).get_by_role("button", name="Edit").click()
    pending.nth(3).get_by_label("Reps").fill("4")
    pending.nth(3).get_by_role("button", name="Save on this device").click()
    expect(pending.nth(3)).to_contain_text("Reps 4")
    screenshot(page, "offline-pending-phone")
    assert LoggedSet.objects.count() == 0

    page.reload()  # still offline: the service worker's copy, with the queue drawn on it
    expect(page.locator("#offline-banner")).to_contain_text("copy of this page from")
    expect(page.locator(f"#entry-{entry.pk} .set-row-pending")).to_have_count(5)
    page.close()

    page = watch_csp(context.new_page())  # the tab closed and opened again
    page.goto(f"/sessions/{session.pk}/")
    card = page.locator(f"#entry-{entry.pk}")
    expect(card.locator(".set-row-pending")).to_have_count(5)
    context.set_offline(False)

    expect(card.locator(".set-row")).to_have_count(5)
    expect(card.locator(".set-row-pending")).to_have_count(0)
    expect(page.locator("#offline-banner")).to_be_hidden()
    assert stored(entry) == [(5, 60.0), (5, 70.0), (5, 80.0), (4, 90.0), (1, 100.0)]
    assert PersonalRecord.objects.filter(logged_set__load_kg=100.0).exists()
    expect(card.locator(".set-row").last.locator(".badge-pr")).to_be_visible()
    screenshot(page, "offline-synced-phone")
    assert page.csp_errors == []
