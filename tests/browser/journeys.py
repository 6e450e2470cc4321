"""Steps several browser journeys share."""

import re

from playwright.sync_api import expect

from tests.factories import PASSWORD

NEW_PASSWORD = "summit-and-snow-1985"


def log_in(page, username, password=PASSWORD):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/today/$"))


def sign_up(page, username, password=NEW_PASSWORD):
    """Signs up from the form (the landing page's button leads there)."""
    if "/accounts/signup/" not in page.url:
        page.goto("/accounts/signup/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_label("Password confirmation").fill(password)
    page.get_by_role("button", name="Sign up").click()
    expect(page).to_have_url(re.compile(r"/today/$"))


def poll(page, script, arg=None, until=bool, tries=50):
    """page.evaluate(script) until `until` holds (the page's CSP forbids wait_for_function)."""
    value = None
    for _ in range(tries):
        value = page.evaluate(script, arg)
        if until(value):
            break
        page.wait_for_timeout(100)
    return value


PAINTED = """(id) => {
  const canvas = document.querySelector(`canvas[data-chart="${id}"]`);
  if (!canvas || !canvas.width) return 0;
  const data = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
  return painted;
}"""


def chart_painted(page, chart):
    """Painted pixels of a dashboard chart once it is scrolled to (charts are drawn as they
    come near the screen)."""
    page.locator(f'canvas[data-chart="{chart}"]').scroll_into_view_if_needed()
    return poll(page, PAINTED, chart, until=lambda painted: painted > 500)
