"""Every page a logged-in user can reach renders whole: a clean title, no inline script or style
(the CSP would block them), and no template debris."""

import re

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.models import Exercise

PAGES = [
    "/today/",
    "/sessions/",
    "/sessions/new/",
    "/dashboard/",
    "/dashboard/?range=all",
    "/bodyweight/",
    "/plans/",
    "/plans/siberian-natural/",
    "/plans/drago-high-tech/",
    "/quotes/",
    "/exercises/",
    "/exercises/new/",
    "/settings/",
    "/accounts/password_change/",
]
ANONYMOUS = ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password_reset/"]


def check(response):
    html = response.content.decode()
    assert response.status_code == 200
    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert "<" not in title and title.endswith("· Montage")
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)", html)
    assert not re.search(r"\sstyle=|\son[a-z]+=|hx-on", html)
    assert "{%" not in html and "{{" not in html


@pytest.mark.parametrize("url", PAGES)
def test_a_logged_in_page_renders_whole(auth_client, url):
    check(auth_client.get(url))


@pytest.mark.parametrize("url", ANONYMOUS)
def test_a_public_page_renders_whole(client, db, url):
    check(client.get(url))


def test_a_session_page_and_its_exercise_render_whole(auth_client, user):
    bench = Exercise.objects.get(slug="bench-press")
    logged = SetFactory(entry=EntryFactory(session=SessionFactory(user=user), exercise=bench))
    check(auth_client.get(f"/sessions/{logged.session_id}/"))
    check(auth_client.get(f"/sets/{logged.pk}/edit/"))
    check(auth_client.get(f"/exercises/{bench.pk}/"))
