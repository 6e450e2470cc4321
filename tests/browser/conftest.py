"""Playwright against Debian's Chromium (/usr/bin/chromium); never a downloaded browser.

Locally, a missing Chromium skips the browser tests with a loud message; on CI (CI set) it fails.
"""

import os
import shutil
import warnings
from pathlib import Path

import pytest
from django.apps import apps

from workouts.catalogue import load_all

CHROMIUM = os.environ.get("MONTAGE_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM}: install Debian's 'chromium' package."
        if os.environ.get("CI"):
            pytest.fail(message + " CI never skips browser tests.")
        warnings.warn(message + " SKIPPING THE BROWSER TESTS.", stacklevel=1)
        print(f"\n{'!' * 70}\n{message}\nSKIPPING THE BROWSER TESTS.\n{'!' * 70}")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def catalogue(transactional_db):
    """Live-server tests flush the database between tests; reload the built-in data."""
    load_all(apps)


def _page(browser, live_server, viewport, **kwargs):
    context = browser.new_context(
        viewport=viewport,
        base_url=live_server.url,
        timezone_id=kwargs.pop("timezone_id", "Europe/London"),
        **kwargs,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    page.csp_errors = []
    page.on(
        "console",
        lambda msg: "Content Security Policy" in msg.text and page.csp_errors.append(msg.text),
    )
    return context, page


@pytest.fixture
def phone(browser, live_server, catalogue):
    context, page = _page(browser, live_server, PHONE, is_mobile=True, has_touch=True)
    yield page
    context.close()


@pytest.fixture
def desktop(browser, live_server, catalogue):
    context, page = _page(browser, live_server, DESKTOP)
    yield page
    context.close()


@pytest.fixture
def screenshot():
    ARTIFACTS.mkdir(exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take
