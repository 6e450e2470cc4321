"""The rest of what a new user trips on (issue 9), as the user sees it in a browser: timed sets
charted, 'All time' read properly, pound-and-mile figures, week tiles never cut off, 'PRs' not
'PRS', checkbox groups as fieldsets, the heat map's swipe hint, revoking the calendar link asks
first, and a paused plan on the dashboard."""

import datetime as dt
import re

from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.journeys import chart_painted, log_in, poll
from tests.factories import UserFactory
from workouts.logbook import actions
from workouts.models import Enrolment, Exercise, Plan


def logged_session(user, exercise, sets, *, days_ago=0, minutes=5, title="Barn work"):
    """A finished session of `exercise` (a built-in's name) with `sets` (dicts of set fields),
    logged as the logging page would; it ends `days_ago` days ago (0: now, so this week)."""
    now = timezone.now() - dt.timedelta(days=days_ago)
    session = actions.start_session(
        user, now, title=title, started_at=now - dt.timedelta(minutes=minutes)
    )
    entry = actions.add_exercise(session, Exercise.objects.get(name=exercise, owner=None))
    for data in sets:
        actions.log_set(entry, data, now=now)
    actions.finish_session(session, now)
    return session


# ---------- 1. timed sets on the dashboard's progress panel ----------


def test_timed_sets_chart_their_duration_and_all_time_reads_properly(phone, desktop, screenshot):
    user = UserFactory(username="ergo")
    logged_session(user, "Arm ergometer", [{"duration_s": s} for s in (60, 90, 113)])
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        log_in(page, "ergo")
        page.goto("/dashboard/")
        panel = page.locator("#progress-panel")
        expect(panel.get_by_role("heading")).to_have_text("Progress: Arm ergometer")
        expect(panel).not_to_contain_text("No Arm ergometer")
        expect(panel.locator(".chart-summary")).to_contain_text("duration")
        expect(panel.locator("table")).to_contain_text("1 min 53 s")
        assert chart_painted(page, "progress-data") > 500

        page.get_by_role("navigation", name="Chart range").get_by_role(
            "link", name="All time"
        ).click()
        expect(page.locator("#range-heading")).to_have_text(re.compile("^All time$", re.I))
        expect(page.locator("#progress-panel .chart-summary")).to_contain_text("duration")
        assert chart_painted(page, "progress-data") > 500
        text = page.locator("main").inner_text()
        assert not re.search(r"last all time", text, re.I), text
        screenshot(page, f"fixes-timed-all-time-{width}")
        assert page.csp_errors == []


# ---------- 2. a pound-and-mile user ----------

METRIC = re.compile(r"\d\s*(kg|km|tonnes?)\b|\b(kg|km)\b", re.I)


def test_a_pound_and_mile_user_reads_the_dashboard_and_quotes_in_lb_and_mi(
    phone, desktop, screenshot
):
    user = UserFactory(username="imperial", profile__weight_unit="lb", profile__distance_unit="mi")
    logged_session(
        user, "Bench press", [{"reps": 5, "load_kg": kg} for kg in (100.0, 105.0, 110.0)]
    )
    logged_session(user, "Snow run", [{"distance_m": 5000.0, "duration_s": 1500}])
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        log_in(page, "imperial")
        page.goto("/dashboard/")
        main = page.locator("main")
        expect(main.locator(".tiles")).to_contain_text("3,472 lb")  # 1,575 kg this week
        expect(main.locator(".tiles")).to_contain_text("3.1 mi")  # 5 km
        expect(main.locator(".record-list")).to_contain_text("242.5 lb")  # 110 kg
        text = main.inner_text()
        assert not METRIC.search(text), METRIC.search(text)
        screenshot(page, f"fixes-imperial-dashboard-{width}")

        page.goto("/quotes/")
        locked = page.locator("#locked-quotes")
        expect(locked).to_contain_text("Lift 22,046 lb in total")  # 10 tonnes
        expect(locked).to_contain_text("Cover 26.1 mi in total distance")  # 42 km
        text = page.locator("main").inner_text()
        assert not METRIC.search(text), METRIC.search(text)
        screenshot(page, f"fixes-imperial-quotes-{width}")
        assert page.csp_errors == []


# ---------- 3. week tiles never cut a number off ----------

CUT_OFF = """(selector) => [...document.querySelectorAll(selector)].flatMap((el) => {
  const style = getComputedStyle(el);
  const card = el.closest(".card, .range-tiles").getBoundingClientRect();
  const box = el.getBoundingClientRect();
  const cut = el.scrollWidth > el.clientWidth
    || (style.textOverflow === "ellipsis" && style.overflowX !== "visible")
    || box.right > card.right + 0.5 || box.left < card.left - 0.5;
  return cut ? [`${el.innerText}: ${el.scrollWidth}/${el.clientWidth}, ${style.textOverflow}`] : [];
})"""


def test_week_tiles_never_cut_a_large_number_off(phone, desktop, screenshot):
    user = UserFactory(username="volume")
    heavy = [{"reps": 10, "load_kg": 227.8}] * 10  # 22,780 kg
    logged_session(user, "Back squat", heavy)
    logged_session(user, "Snow run", [{"distance_m": 42195.0, "duration_s": 14400}])
    logged_session(user, "Back squat", [{"reps": 10, "load_kg": 193.4}] * 10, days_ago=7)
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        log_in(page, "volume")
        page.goto("/dashboard/")
        tiles = page.locator(".glance-week .tiles")
        expect(tiles).to_contain_text("22,780 kg")
        expect(tiles).to_contain_text("last week 19,340 kg")
        expect(tiles).to_contain_text("42.2 km")
        for selector in (".tile .stat-value", ".tile-change", ".range-tiles .stat-value"):
            assert page.locator(selector).count() >= 4, selector
            assert page.evaluate(CUT_OFF, selector) == [], (width, selector)
        screenshot(page, f"fixes-week-tiles-{width}")


# ---------- 4. record badges read 'PR' / 'PRs' ----------


def test_record_badges_read_prs_not_shouted_prs(phone, desktop, screenshot):
    user = UserFactory(username="badges")
    session = logged_session(
        user, "Bench press", [{"reps": 5, "load_kg": kg} for kg in (100.0, 105.0, 110.0)]
    )
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        log_in(page, "badges")
        page.goto("/sessions/")
        badge = page.locator(".badge-pr").first
        expect(badge).to_be_visible()
        assert re.fullmatch(r"\d+ PRs", badge.inner_text()), badge.inner_text()
        screenshot(page, f"fixes-pr-badge-list-{width}")

        page.goto(f"/sessions/{session.pk}/")
        badges = page.locator(".badge-pr")
        expect(badges.first).to_be_visible()
        for text in badges.all_inner_texts():
            assert re.match(r"★ PR\b", text) and "PRS" not in text, text
        screenshot(page, f"fixes-pr-badge-session-{width}")


# ---------- 5. the new-exercise form's checkbox groups ----------

BESIDE = """(fieldset) => [...fieldset.querySelectorAll("input[type=checkbox]")].flatMap((box) => {
  const label = box.labels[0];
  const text = [...label.childNodes].find((node) => node.nodeType === 3 && node.data.trim());
  const range = document.createRange();
  range.selectNodeContents(text);
  const word = range.getBoundingClientRect();
  const tick = box.getBoundingClientRect();
  const middle = tick.top + tick.height / 2;
  const beside = word.left >= tick.right && word.left - tick.right < 24
    && word.top <= middle && middle <= word.bottom;
  return beside ? [] : [text.data.trim()];
})"""


def test_the_exercise_forms_checkbox_groups_are_fieldsets_on_a_phone(phone, screenshot):
    page = phone
    UserFactory(username="maker")
    log_in(page, "maker")
    page.goto("/exercises/new/")
    for legend, ticked in (("Measures", "Reps"), ("Readings", "Power")):
        group = page.get_by_role("group", name=legend)
        expect(group).to_be_visible()
        assert group.evaluate("(el) => el.tagName") == "FIELDSET"
        expect(group.locator("legend")).to_have_text(legend)
        expect(group.get_by_role("checkbox", name=ticked)).to_be_visible()
        assert group.locator("input[type=checkbox]").count() >= 2
        assert group.evaluate(BESIDE) == [], legend

        field = page.locator(".field").filter(has=group)
        help_text = field.locator(".help")
        expect(help_text).to_be_visible()
        field_box, help_box = field.bounding_box(), help_text.bounding_box()
        group_box, legend_box = group.bounding_box(), group.locator("legend").bounding_box()
        assert help_box["width"] >= 0.8 * field_box["width"], (help_box, field_box)
        assert help_box["y"] >= group_box["y"] + group_box["height"] - 1  # below, not beside
        first = group.locator("input[type=checkbox]").first.bounding_box()
        assert legend_box["y"] + legend_box["height"] <= first["y"] + 1  # legend above
    page.get_by_role("group", name="Readings").scroll_into_view_if_needed()
    screenshot(page, "fixes-exercise-form-phone")
    assert page.csp_errors == []


# ---------- 6. the heat map on a phone ----------

HEAT = """() => {
  const scroll = document.querySelector(".heat-scroll");
  const svg = scroll.querySelector("svg");
  const view = svg.viewBox.baseVal;
  const port = scroll.getBoundingClientRect();
  const boxes = [...svg.querySelectorAll("text.heat-label")]
    .filter((label) => label.getAttribute("y") === "10")  // months; weekdays sit lower
    .map((label) => ({
      text: label.textContent, box: label.getBBox(), rect: label.getBoundingClientRect(),
    }));
  const names = (list) => list.map((month) => month.text);
  const right = (month) => month.box.x + month.box.width;
  const inside = (rect, port) => rect.left >= port.left - 1 && rect.right <= port.right + 1;
  return {
    overflows: scroll.scrollWidth > scroll.clientWidth,
    hint: getComputedStyle(document.querySelector(".heat-hint")).display !== "none",
    months: names(boxes),
    clipped: names(boxes.filter((m) => m.box.x < 0 || right(m) > view.width)),
    overlapping: names(boxes.filter((m, i) => i && right(boxes[i - 1]) > m.box.x)),
    shown: names(boxes.filter((m) => inside(m.rect, port))),
  };
}"""
TO_EARLIEST = """() => {
  const scroll = document.querySelector(".heat-scroll");
  scroll.scrollLeft = -(scroll.scrollWidth - scroll.clientWidth);  // direction: rtl
}"""


def heat_user(username):
    user = UserFactory(username=username)
    logged_session(user, "Back squat", [{"reps": 5, "load_kg": 100.0}])
    return user


def test_the_heat_map_scrolls_sideways_on_a_phone_with_a_swipe_hint(phone, screenshot):
    page = phone
    heat_user("heat")
    log_in(page, "heat")
    page.goto("/dashboard/")
    expect(page.locator(".heat-hint")).to_be_visible()
    expect(page.locator(".heat-hint")).to_contain_text("Swipe")
    heat = page.evaluate(HEAT)
    assert heat["overflows"]
    assert len(heat["months"]) >= 12
    assert heat["clipped"] == [] and heat["overlapping"] == [], heat
    assert heat["months"][-1] in heat["shown"]  # the recent end first
    assert heat["months"][0] not in heat["shown"]
    page.locator(".heat-card").scroll_into_view_if_needed()
    screenshot(page, "fixes-heat-map-phone")

    page.evaluate(TO_EARLIEST)
    earliest = poll(page, HEAT, until=lambda heat: heat["months"][0] in heat["shown"])
    assert earliest["months"][0] in earliest["shown"], earliest
    assert earliest["months"][-1] not in earliest["shown"]
    screenshot(page, "fixes-heat-map-phone-earliest")
    assert page.csp_errors == []


def test_the_swipe_hint_shows_only_when_the_heat_map_overflows(desktop):
    page = desktop
    heat_user("heat")
    log_in(page, "heat")
    page.goto("/dashboard/")
    for width in (375, 414, 600, 690, 700, 720, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        heat = page.evaluate(HEAT)
        assert heat["hint"] == heat["overflows"], (width, heat)
        assert heat["clipped"] == [], (width, heat)


def test_a_month_starting_in_the_heat_maps_last_column_keeps_its_whole_label(
    phone, desktop, time_machine, screenshot
):
    # Today the 1st: the new month's label starts over the last column. A date ahead of the real
    # one, so that the browser keeps the session cookie.
    today = timezone.localdate()
    first = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    time_machine.move_to(dt.datetime.combine(first, dt.time(12), tzinfo=dt.UTC), tick=True)
    heat_user("heat")
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        log_in(page, "heat")
        page.goto("/dashboard/")
        heat = page.evaluate(HEAT)
        assert heat["months"][-1] == first.strftime("%b"), heat
        assert heat["clipped"] == [] and heat["overlapping"] == [], heat
        assert heat["months"][-1] in heat["shown"], heat
        page.locator(".heat-card").scroll_into_view_if_needed()
        screenshot(page, f"fixes-heat-map-first-of-month-{width}")


# ---------- 7. revoking the calendar link asks first ----------


def test_revoking_the_calendar_link_asks_first_and_the_link_works_until_confirmed(
    phone, screenshot
):
    page = phone
    UserFactory(username="subscriber")
    log_in(page, "subscriber")
    page.goto("/settings/")
    page.get_by_role("button", name="Create calendar link").click()
    feed = page.locator("#calendar-url").input_value()
    assert page.request.get(feed).status == 200

    page.get_by_role("button", name="Revoke link").click()
    expect(page.get_by_role("heading", name="Revoke the calendar link?")).to_be_visible()
    expect(page.get_by_text("stops updating")).to_be_visible()
    screenshot(page, "fixes-calendar-revoke-confirm-phone")
    assert page.request.get(feed).status == 200  # asked, not yet revoked
    page.get_by_role("link", name="Keep it").click()
    expect(page.locator("#calendar-url")).to_have_value(feed)
    assert page.request.get(feed).status == 200

    page.get_by_role("button", name="Revoke link").click()
    page.get_by_role("button", name="Yes, revoke the link").click()
    expect(page.get_by_text("Calendar link revoked")).to_be_visible()
    expect(page.get_by_role("button", name="Create calendar link")).to_be_visible()
    expect(page.locator("#calendar-url")).to_have_count(0)
    assert page.request.get(feed).status == 404
    screenshot(page, "fixes-calendar-revoked-phone")
    assert page.csp_errors == []


def test_a_confirmation_pages_buttons_keep_apart_when_they_wrap_on_a_phone(phone):
    page = phone
    page.set_viewport_size({"width": 320, "height": 640})
    UserFactory(username="subscriber")
    log_in(page, "subscriber")
    page.goto("/settings/")
    page.get_by_role("button", name="Create calendar link").click()
    page.get_by_role("button", name="Revoke link").click()
    confirm = page.get_by_role("button", name="Yes, revoke the link").bounding_box()
    keep = page.get_by_role("link", name="Keep it").bounding_box()
    if keep["y"] >= confirm["y"] + confirm["height"] - 1:  # wrapped: one above the other
        assert keep["y"] - (confirm["y"] + confirm["height"]) >= 6
    else:  # side by side
        assert keep["x"] - (confirm["x"] + confirm["width"]) >= 6


# ---------- 8. a paused plan on the dashboard ----------


def test_a_paused_plan_reads_as_paused_on_the_dashboard_as_on_today(phone, desktop, screenshot):
    user = UserFactory(username="pauser")
    plan = Plan.objects.filter(owner=None).order_by("pk").first()
    Enrolment.objects.create(
        user=user, plan=plan, start_date=timezone.localdate() - dt.timedelta(days=4)
    )
    log_in(phone, "pauser")
    phone.get_by_role("button", name="Pause plan").click()
    expect(phone.get_by_role("heading", name="Plan paused")).to_be_visible()
    for page, width in ((phone, "phone"), (desktop, "desktop")):
        if page is desktop:
            log_in(page, "pauser")
            expect(page.get_by_role("heading", name="Plan paused")).to_be_visible()
        page.goto("/dashboard/")
        card = page.locator(".plan-card")
        expect(card).to_contain_text("Paused plan")
        expect(card.get_by_role("heading", name=plan.name)).to_be_visible()
        expect(card).to_contain_text(re.compile(r"Paused on day \d+ of \d+"))
        expect(card.get_by_role("link", name="Resume it from Today")).to_be_visible()
        expect(page.get_by_text("No active plan")).to_have_count(0)
        screenshot(page, f"fixes-paused-plan-dashboard-{width}")
        assert page.csp_errors == []
