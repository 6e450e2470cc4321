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
