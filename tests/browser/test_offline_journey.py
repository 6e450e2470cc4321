"""Gym-proof (issue 13): a phone loses the signal mid-workout and keeps logging; the sets are
sent exactly once, in order, when the connection returns."""

import re

from playwright.sync_api import expect

from tests.browser.journeys import log_in
from tests.factories import EntryFactory, SessionFactory, UserFactory
from workouts.models import Exercise, LoggedSet, PersonalRecord

SLOW = 30_000  # ms: what waits on the worker or on a sync, on a slow shared machine
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
    """Waits until the service worker controls the page (it claims pages once installed). On
    a busy machine an install can fail (a precache fetch cut off): as for a user, the next page
    load tries again."""
    script = "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
    for _ in range(SLOW // 10_000):
        try:
            return wait_for(page, script, 10_000)
        except AssertionError:
            page.reload()
    state = page.evaluate(
        "() => navigator.serviceWorker.getRegistration().then(r => r ? "
        "[r.installing, r.waiting, r.active].map(w => w && w.state) : 'none')"
    )
    raise AssertionError(f"No service worker controls the page; registration: {state}")


def open_session_ready_for_offline(page, username="drago", saved=()):
    """A session with Bench press (and `saved` sets in it), open on a page the worker controls."""
    from tests.factories import SetFactory

    user = UserFactory(username=username)
    bench = Exercise.objects.get(name="Bench press", owner=None)
    session = SessionFactory(user=user, title="Barn strength")
    entry = EntryFactory(session=session, exercise=bench)
    for reps, load in saved:
        SetFactory(entry=entry, reps=reps, load_kg=load)
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

    log_sets(card, [*SETS, (5, "5")])  # and one typed wrong, deleted below
    pending = card.locator(".set-row-pending")
    expect(pending).to_have_count(6)
    expect(pending.first).to_contain_text("Not sent yet")
    pending.nth(5).get_by_role("button", name="Delete").click()
    expect(pending).to_have_count(5)
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

    # Announced as the sets arrive: the heavier second set is a first record and earns a quote.
    expect(page.locator("#toasts .toast-quote").first).to_be_visible(timeout=SLOW)
    expect(card.locator(".set-row")).to_have_count(5, timeout=SLOW)
    expect(card.locator(".set-row-pending")).to_have_count(0, timeout=SLOW)
    expect(page.locator("#offline-banner")).to_be_hidden(timeout=SLOW)
    assert stored(entry) == [(5, 60.0), (5, 70.0), (5, 80.0), (4, 90.0), (1, 100.0)]
    assert PersonalRecord.objects.filter(logged_set__load_kg=100.0).exists()
    expect(card.locator(".set-row").last.locator(".badge-pr")).to_be_visible(timeout=SLOW)
    expect(page.locator("#toasts")).to_contain_text("logged on this device saved")
    screenshot(page, "offline-synced-phone")
    assert page.csp_errors == []


def test_a_server_error_mid_sync_neither_loses_nor_doubles_a_set(phone, monkeypatch):
    """The third set is stored, then the server fails before answering (a 500): the page sends
    it again later with the same key, and it is stored once."""
    from workouts.views import logbook

    page = phone
    _session, entry = open_session_ready_for_offline(page)
    page.context.set_offline(True)
    card = page.locator(f"#entry-{entry.pk}")
    log_sets(card, SETS)
    expect(card.locator(".set-row-pending")).to_have_count(5)

    real = logbook.remember_outcome
    calls = []

    def fail_once_after_saving(request, outcome):
        calls.append(outcome.logged_set.pk)
        if len(calls) == 3:
            raise RuntimeError("the server fell over after saving")
        return real(request, outcome)

    monkeypatch.setattr(logbook, "remember_outcome", fail_once_after_saving)
    page.context.set_offline(False)

    expect(card.locator(".set-row-pending")).to_have_count(0, timeout=20_000)
    expect(card.locator(".set-row")).to_have_count(5, timeout=SLOW)
    assert len(calls) == 6  # the third was sent twice
    assert stored(entry) == [(5, 60.0), (5, 70.0), (5, 80.0), (3, 90.0), (1, 100.0)]
    assert page.csp_errors == []


def go_offline_and_log_two(page, entry):
    page.context.set_offline(True)
    card = page.locator(f"#entry-{entry.pk}")
    log_sets(card, SETS[:2])
    expect(card.locator(".set-row-pending")).to_have_count(2)
    return card


def test_sets_for_a_session_deleted_elsewhere_go_to_a_new_session_when_asked(phone, screenshot):
    from workouts.logbook import actions
    from workouts.models import WorkoutSession

    page = phone
    session, entry = open_session_ready_for_offline(page)
    go_offline_and_log_two(page, entry)
    actions.delete_session(session)  # on another device
    page.context.set_offline(False)

    question = page.get_by_role("alertdialog", name="Where do these sets go?")
    expect(question).to_contain_text("“Barn strength” was deleted on another device", timeout=SLOW)
    expect(question).to_contain_text("2 sets", timeout=SLOW)
    expect(question.get_by_role("button", name="Add them to the finished session")).to_have_count(
        0, timeout=SLOW
    )
    assert LoggedSet.objects.count() == 0  # nothing sent until the user chooses
    screenshot(page, "offline-conflict-phone")
    question.get_by_role("button", name="Put them in a new session").click()

    expect(page.get_by_role("heading", name="Barn strength (continued)")).to_be_visible(
        timeout=SLOW
    )
    moved = WorkoutSession.objects.get()
    expect(page.locator(".set-row:not(.set-row-pending)")).to_have_count(2, timeout=SLOW)
    assert list(moved.sets.order_by("position").values_list("reps", "load_kg")) == [
        (5, 60.0),
        (5, 70.0),
    ]
    assert moved.sets.first().exercise.name == "Bench press"
    assert page.csp_errors == []


def test_sets_for_a_session_finished_elsewhere_join_it_when_the_user_says_so(phone):
    from django.utils import timezone

    from workouts.logbook import actions

    page = phone
    session, entry = open_session_ready_for_offline(page)
    card = go_offline_and_log_two(page, entry)
    actions.finish_session(session, timezone.now())  # on another device
    page.context.set_offline(False)

    question = page.get_by_role("alertdialog", name="Where do these sets go?")
    expect(question).to_contain_text(
        "“Barn strength” was finished on another device at", timeout=SLOW
    )
    assert LoggedSet.objects.count() == 0
    question.get_by_role("button", name="Add them to the finished session").click()

    expect(card.locator(".set-row-pending")).to_have_count(0, timeout=SLOW)
    expect(question).to_be_hidden(timeout=SLOW)
    assert stored(entry) == [(5, 60.0), (5, 70.0)]


def test_queued_sets_can_be_discarded_when_their_session_was_finished_elsewhere(
    desktop, screenshot
):
    from django.utils import timezone

    from workouts.logbook import actions

    page = desktop
    session, entry = open_session_ready_for_offline(page)
    card = go_offline_and_log_two(page, entry)
    actions.finish_session(session, timezone.now())
    page.context.set_offline(False)

    question = page.get_by_role("alertdialog", name="Where do these sets go?")
    expect(question).to_be_visible(timeout=SLOW)
    screenshot(page, "offline-conflict-desktop")
    question.get_by_role("button", name="Discard them").click()
    expect(card.locator(".set-row-pending")).to_have_count(0, timeout=SLOW)
    expect(page.locator("#toasts")).to_contain_text("2 sets discarded.", timeout=SLOW)
    page.reload()
    expect(page.locator(".set-row")).to_have_count(0, timeout=SLOW)
    assert LoggedSet.objects.count() == 0


def wait_until(page, condition, timeout_ms=SLOW):
    """Lets the page run (and Playwright deliver its events) until `condition()` holds."""
    waited = 0
    while not condition() and waited < timeout_ms:
        page.wait_for_timeout(100)
        waited += 100


def queued(page):
    return page.evaluate(
        "() => idb.openDB('montage-offline', 1).then(db => db.getAll('sets')).then(s => s.length)"
    )


def test_logging_out_with_unsent_sets_warns_then_drops_them(phone, monkeypatch):
    from workouts.views import logbook

    page = phone
    session, entry = open_session_ready_for_offline(page)

    def refuse(*args, **kwargs):
        raise RuntimeError("the server is down")

    monkeypatch.setattr(logbook.idempotency, "log_set_once", refuse)
    go_offline_and_log_two(page, entry)
    page.context.set_offline(False)  # back, but the server cannot take them yet
    expect(page.locator(".set-row-pending")).to_have_count(2, timeout=SLOW)

    warnings = []

    def answer(dialog, accept):
        warnings.append(dialog.message)
        dialog.accept() if accept else dialog.dismiss()

    page.once("dialog", lambda dialog: answer(dialog, accept=False))
    page.locator(".account-menu summary").click()
    page.get_by_role("button", name="Log out").click()
    wait_until(page, lambda: warnings)  # the page counts its queue first, then asks
    expect(page.locator(".set-row-pending")).to_have_count(2)  # stayed: the user said no
    assert warnings == [
        "2 sets logged on this device have not been sent yet. Log out and discard them?"
    ]
    assert queued(page) == 2

    page.once("dialog", lambda dialog: answer(dialog, accept=True))
    page.get_by_role("button", name="Log out").click()
    expect(
        page.get_by_role("navigation", name="Account").get_by_role("link", name="Log in")
    ).to_be_visible()
    assert queued(page) == 0
    assert (
        page.evaluate(
            "() => caches.keys().then(k => k.filter(n => n.startsWith('montage-pages')).length)"
        )
        == 0
    )

    monkeypatch.undo()
    log_in(page, "drago")
    page.goto(f"/sessions/{session.pk}/")
    expect(page.locator(".set-row")).to_have_count(0, timeout=SLOW)
    assert LoggedSet.objects.count() == 0


def test_today_works_offline_once_visited(phone):
    page = phone
    UserFactory(username="drago")
    log_in(page, "drago")
    controlled(page)
    page.reload()
    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Today", exact=True)).to_be_visible()
    expect(page.locator("#offline-banner")).to_contain_text(
        re.compile(r"Offline: this is the copy of this page from \w{3} \d+ \w{3}, \d\d:\d\d\.")
    )
    assert page.csp_errors == []


def test_montage_is_installable(phone):
    """Chromium's own installability check (what Lighthouse's installable audit reads)."""
    page = phone
    UserFactory(username="drago")
    log_in(page, "drago")
    controlled(page)
    cdp = page.context.new_cdp_session(page)
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's browser contexts are incognito ones, where Chromium never offers to install:
    # that is the only objection allowed.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert not manifest["errors"]


def test_a_new_release_replaces_the_cached_scripts_and_page_copies(phone, settings, tmp_path):
    """After a deploy that changes app.js, the page runs the new app.js (not the precached old
    one), and the copies kept under the old release are gone."""
    from pathlib import Path

    from django.contrib.staticfiles import finders

    real = Path(finders.find("workouts/js/app.js")).read_text()
    folder = tmp_path / "workouts" / "js"
    folder.mkdir(parents=True)

    def deploy(build):
        mark = f'\ndocument.documentElement.setAttribute("data-build", "{build}");\n'
        (folder / "app.js").write_text(real + mark)

    deploy("one")
    settings.STATICFILES_DIRS = [str(tmp_path), *settings.STATICFILES_DIRS]
    page = phone
    UserFactory(username="drago")
    log_in(page, "drago")
    controlled(page)
    page.reload()
    build = "() => document.documentElement.getAttribute('data-build')"
    assert page.evaluate(build) == "one"
    caches_before = page.evaluate("() => caches.keys()")
    old_pages = [name for name in caches_before if name.startswith("montage-pages-")]
    assert len(old_pages) == 1

    deploy("second")
    # The page asks for an update as it loads; the new worker installs and takes the page over
    # (controllerchange); the next load runs the new script.
    page.reload()
    taken_over = page.evaluate(
        """() => new Promise(resolve => {
            navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true));
            setTimeout(() => resolve(false), 15000);
        })"""
    )
    assert taken_over
    page.reload()
    assert page.evaluate(build) == "second"
    cached_app = page.evaluate(
        """async () => {
            const texts = [];
            for (const name of await caches.keys()) {
                const cache = await caches.open(name);
                for (const request of await cache.keys()) {
                    if (new URL(request.url).pathname === '/static/workouts/js/app.js') {
                        texts.push(await (await cache.match(request)).text());
                    }
                }
            }
            return texts;
        }"""
    )
    assert len(cached_app) == 1 and '"second"' in cached_app[0]
    assert old_pages[0] not in page.evaluate("() => caches.keys()")
    assert page.csp_errors == []


def test_editing_a_saved_set_offline_is_refused_not_queued_as_a_new_set(phone):
    page = phone
    _session, entry = open_session_ready_for_offline(page, saved=[(5, 60.0)])
    card = page.locator(f"#entry-{entry.pk}")
    card.get_by_role("link", name="Edit set 1").click()
    editing = card.locator(".set-row-editing")
    expect(editing).to_be_visible()
    page.context.set_offline(True)
    editing.get_by_label("Reps").fill("8")
    editing.get_by_role("button", name="Save set").click()
    expect(page.locator("#toasts")).to_contain_text("Not saved: no connection.")
    expect(card.locator(".set-row-pending")).to_have_count(0)
    page.context.set_offline(False)
    page.wait_for_timeout(500)
    assert stored(entry) == [(5, 60.0)]


def test_the_queue_belongs_to_its_account_and_is_never_sent_as_another(phone):
    """Sets queued by one user, whose login then ends some other way than the log-out button
    (cookies cleared), are not sent when someone else logs in; they are when the owner does."""
    page = phone
    session, entry = open_session_ready_for_offline(page)
    go_offline_and_log_two(page, entry)
    page.context.clear_cookies()  # the login ends while offline
    page.context.set_offline(False)
    UserFactory(username="ludmilla")
    log_in(page, "ludmilla")
    page.goto("/sessions/")
    page.wait_for_timeout(2000)
    assert queued(page) == 2
    assert LoggedSet.objects.count() == 0

    page.context.clear_cookies()
    log_in(page, "drago")
    expect(page.locator("#toasts")).to_contain_text(
        "2 sets logged on this device saved, 1 with a new record.", timeout=SLOW
    )
    assert stored(entry) == [(5, 60.0), (5, 70.0)]
    assert queued(page) == 0


def test_a_queued_implausible_set_waits_as_not_saved_and_is_not_sent_again(phone, screenshot):
    """Sent when the signal returns, a set the logging page would ask about (605 kg after a best
    of 100 kg) is refused like any other refused set: kept on the device, marked "Not saved"
    with the question, and not sent again until it is edited; the sets around it are saved."""
    page = phone
    _session, entry = open_session_ready_for_offline(page, saved=[(5, 100.0)])
    card = page.locator(f"#entry-{entry.pk}")
    page.context.set_offline(True)
    log_sets(card, [(5, "60"), (5, "605"), (5, "70")])
    expect(card.locator(".set-row-pending")).to_have_count(3)
    sent = []
    page.on(
        "request",
        lambda r: r.method == "POST" and "/sets/" in r.url and sent.append(r.post_data or ""),
    )
    page.context.set_offline(False)

    refused = card.locator(".set-row-pending")
    expect(refused).to_have_count(1, timeout=SLOW)
    expect(refused).to_contain_text(
        "Not saved: 605 kg is far above your heaviest Bench press so far (100 kg). Is that right?",
        timeout=SLOW,
    )
    expect(card.locator(".set-row:not(.set-row-pending)")).to_have_count(3, timeout=SLOW)
    assert stored(entry) == [(5, 100.0), (5, 60.0), (5, 70.0)]
    screenshot(page, "offline-implausible-refused-phone")

    page.reload()  # a page load sends the queue again: a refused set waits for an edit
    expect(card.locator(".set-row-pending")).to_contain_text("Not saved: 605 kg", timeout=SLOW)
    page.wait_for_timeout(1000)
    assert len([body for body in sent if "605" in body]) == 1
    assert queued(page) == 1
    assert stored(entry) == [(5, 100.0), (5, 60.0), (5, 70.0)]


def test_a_refused_implausible_set_is_saved_once_confirmed_in_its_row(phone):
    page = phone
    _session, entry = open_session_ready_for_offline(page, saved=[(5, 100.0)])
    card = page.locator(f"#entry-{entry.pk}")
    page.context.set_offline(True)
    log_sets(card, [(5, "605")])
    page.context.set_offline(False)
    row = card.locator(".set-row-pending")
    expect(row).to_contain_text("Not saved: 605 kg", timeout=SLOW)

    row.get_by_role("button", name="Edit").click()
    row.get_by_label("Yes, 605 kg is right").check()
    row.get_by_role("button", name="Save on this device").click()
    expect(card.locator(".set-row-pending")).to_have_count(0, timeout=SLOW)
    expect(card.locator(".set-row").last).to_contain_text("605 kg × 5")
    assert stored(entry) == [(5, 100.0), (5, 605.0)]
    assert queued(page) == 0
    assert page.csp_errors == []
