"""On a phone: upload a Strong export, say its units, map one exercise by hand, confirm, watch
the progress bar, and land on a dashboard that shows the imported history."""

import datetime as dt
import re
import threading

from playwright.sync_api import expect

from tests.browser.journeys import log_in
from tests.factories import UserFactory
from workouts.models import LoggedSet, WorkoutSession
from workouts.transfer import views as transfer_views

HEADER = (
    "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
    "Notes,Workout Notes,RPE\n"
)


def strong_file(days=400):
    """A Strong classic export: a workout every day for `days` days up to yesterday."""
    rows, today = [HEADER], dt.date.today()
    for back in range(days, 0, -1):
        when = f"{today - dt.timedelta(days=back)} 18:00:00"
        title = "Evening Strength"
        for number in range(1, 9):
            rows.append(
                f"{when},{title},1h 5m,Bench Press (Barbell),{number},{60 + back % 20},5,0,0,,,\n"
            )
        for number in range(1, 9):
            rows.append(
                f"{when},{title},1h 5m,Squat (Barbell),{number},{90 + back % 15},5,0,0,,,\n"
            )
        rows.append(f"{when},{title},1h 5m,Running,1,0,0,3.0,900,,,\n")
    return "".join(rows).encode()


def _pausing_reporter(seen):
    """The live server's progress reporter, held at the start of the records phase until the
    page has drawn a percentage: a fast machine otherwise finishes before the first poll."""
    real = transfer_views._reporter

    def reporter(user, token, phases=None):
        report = real(user, token, phases)

        def pausing(phase, done, total):
            report(phase, done, total)
            if phase == "records" and not seen.is_set():
                seen.wait(timeout=30)

        return pausing

    return reporter


def test_a_strong_history_imported_on_a_phone(phone, screenshot, tmp_path, monkeypatch):
    page = phone
    seen = threading.Event()
    monkeypatch.setattr(transfer_views, "_reporter", _pausing_reporter(seen))
    UserFactory(username="adrian")
    export = tmp_path / "strong.csv"
    export.write_bytes(strong_file())
    log_in(page, "adrian")

    page.goto("/dashboard/")
    page.get_by_role("link", name="Import from Strong, Hevy or FitNotes").click()
    expect(page).to_have_url(re.compile(r"/data/$"))
    page.get_by_label("Export file").set_input_files(str(export))
    page.get_by_role("button", name="Upload and review").click()

    expect(page.get_by_role("heading", name="Review the import")).to_be_visible(timeout=30_000)
    expect(page.locator(".facts")).to_contain_text("Strong (classic)")
    expect(page.locator(".facts")).to_contain_text("400")
    page.get_by_label("Kilograms (kg)").check()
    page.get_by_label("Kilometres (km)").check()
    running = page.get_by_label("Montage exercise for “Running”")
    expect(running).to_have_value("new")
    running.select_option(label="Snow run")
    screenshot(page, "import-review-375")

    page.get_by_role("button", name="Import 400 workouts").click()
    bar = page.locator("form.import-confirm .import-progress")
    expect(bar).to_be_visible()
    expect(bar.locator(".progress-label")).to_have_text(re.compile(r"\d+%"), timeout=30_000)
    screenshot(page, "import-progress-375")
    seen.set()

    expect(page).to_have_url(re.compile(r"/dashboard/$"), timeout=60_000)
    expect(page.get_by_text("Imported 400 workouts and 6,800 sets")).to_be_visible()
    expect(page.get_by_role("heading", name="Last 12 weeks")).to_be_visible()
    welcome = page.get_by_role("heading", name="Your montage starts with one session")
    expect(welcome).to_have_count(0)
    screenshot(page, "import-dashboard-375")
    assert WorkoutSession.objects.filter(user__username="adrian").count() == 400
    assert (
        LoggedSet.objects.filter(user__username="adrian", exercise__slug="snow-run").count() == 400
    )
    assert page.csp_errors == []
