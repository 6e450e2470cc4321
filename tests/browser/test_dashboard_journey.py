"""A demo athlete reads the dashboard on a phone and a desktop: charts are drawn, the range
switch and the exercise picker redraw them in place."""

import io
import re

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.journeys import chart_painted, log_in
from workouts.management.commands.seed_demo import PASSWORD, seed_history


def check_journey(page, screenshot, width):
    seed_history("champ", 1, now=timezone.now())
    log_in(page, "champ", PASSWORD)
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", name="Last 12 weeks")).to_be_visible()
    for chart in ("volume-data", "time-data", "progress-data", "weight-data"):
        assert chart_painted(page, chart) > 500, chart
    expect(page.locator(".heat-map rect")).to_have_count(365)
    screenshot(page, f"dashboard-{width}")

    labels_before = page.locator('canvas[data-chart="volume-data"]').get_attribute("data-drawn")
    page.get_by_role("navigation", name="Chart range").get_by_role("link", name="1 year").click()
    expect(page.get_by_role("heading", name="Last 1 year")).to_be_visible()
    expect(page).to_have_url(re.compile(r"range=1y"))
    volume = page.locator('canvas[data-chart="volume-data"]')
    volume.scroll_into_view_if_needed()
    expect(volume).to_have_attribute("data-drawn", re.compile(r"\d+"))
    assert volume.get_attribute("data-drawn") != labels_before
    assert chart_painted(page, "volume-data") > 500

    picker = page.get_by_label("Exercise")
    before = page.locator("#progress-heading").inner_text()
    options = picker.locator("option").all_inner_texts()
    other = next(name for name in options if name not in before)
    picker.select_option(label=other)
    expect(page.locator("#progress-heading")).to_have_text(f"Progress: {other}")
    assert chart_painted(page, "progress-data") > 500
    screenshot(page, f"dashboard-{width}-picked")
    assert page.csp_errors == []


def test_dashboard_on_a_phone(phone, screenshot):
    check_journey(phone, screenshot, "phone")


def test_dashboard_on_a_desktop(desktop, screenshot):
    check_journey(desktop, screenshot, "desktop")


def test_a_phone_fetches_chart_js_only_when_a_chart_comes_near_the_screen(phone):
    seed_history("champ", 1, now=timezone.now())
    log_in(phone, "champ", PASSWORD)
    fetched = []
    phone.on("request", lambda request: fetched.append(request.url))
    phone.goto("/dashboard/")
    expect(phone.get_by_role("heading", name="Last 12 weeks")).to_be_visible()
    phone.wait_for_timeout(500)
    weight = phone.locator('canvas[data-chart="weight-data"]')
    assert weight.get_attribute("data-drawn") is None
    assert not any("chart.umd" in url for url in fetched)

    assert chart_painted(phone, "weight-data") > 500
    assert any("chart.umd" in url for url in fetched)
    assert phone.csp_errors == []


def test_a_new_user_sees_the_welcome_not_an_empty_axis(desktop, screenshot):
    call_command("seed_demo", username="fresh", years=0.1, stdout=io.StringIO())
    from workouts.models import BodyWeight, WorkoutSession

    # A new user: no sessions and no weigh-ins (weigh-ins alone would earn a weight chart).
    WorkoutSession.objects.filter(user__username="fresh").delete()
    BodyWeight.objects.filter(user__username="fresh").delete()
    log_in(desktop, "fresh", PASSWORD)
    desktop.goto("/dashboard/")
    welcome = desktop.get_by_role("heading", name="Your montage starts with one session")
    expect(welcome).to_be_visible()
    expect(desktop.locator("canvas")).to_have_count(0)
    screenshot(desktop, "dashboard-empty-desktop")
