"""Every URL in the map, as an anonymous visitor: only the public ones answer; every other one
sends the visitor to log in (the admin to its own log-in), whether asked with GET or POST.

A new URL lands in this table by itself; if it is meant to be public, add its name to PUBLIC.
"""

from urllib.parse import quote

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

# Names of the URLs an anonymous visitor may use; everything else must send them to log in.
PUBLIC = {
    "home",
    "healthz",  # probes for load balancers (montage/health.py)
    "readyz",
    "manifest",  # the installable app: the same for everyone
    "service-worker",
    "login",
    "logout",
    "signup",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "workouts:calendar-feed",  # the private token in the URL is the credential
    "workouts:plan-list",  # plans are public content: a visitor reads them before signing up
    "workouts:plan-detail",
    "admin:login",
    "admin:logout",
}
# A value for each kind of path parameter: login is checked before anything is looked up.
SAMPLE = {"int": 1, "slug": "siberian-natural", "string": "x", "path": "x"}


def url_map(patterns=None, namespace=None):
    """(name, path) of every named URL, with its path parameters filled in."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            if entry.namespace and namespace:
                inner = f"{namespace}:{entry.namespace}"
            yield from url_map(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, sample_path(name, entry)


def sample_path(name, entry):
    if isinstance(entry.pattern, RoutePattern):
        return reverse(
            name,
            kwargs={
                key: SAMPLE[type(converter).__name__.removesuffix("Converter").lower()]
                for key, converter in entry.pattern.converters.items()
            },
        )
    # A regular expression (the admin's app index): the first sample value it accepts.
    for value in ("1", "workouts"):
        try:
            return reverse(name, kwargs=dict.fromkeys(entry.pattern.regex.groupindex, value))
        except NoReverseMatch:
            continue
    raise AssertionError(f"no sample path for {name}: give it one in sample_path")


URLS = sorted(set(url_map()))
# The JSON API answers for itself: a token or a log-in cookie, else a JSON 401 (tests/api/).
API = [(name, path) for name, path in URLS if path.startswith("/api/")]
API_PUBLIC = {"/api/v1/openapi.json", "/api/v1/docs"}
PRIVATE = [(name, path) for name, path in URLS if name not in PUBLIC and (name, path) not in API]


def login_url(name, path):
    login = reverse("admin:login") if name.startswith("admin:") else reverse("login")
    return f"{login}?next={quote(path)}"


def test_the_map_has_the_pages_this_table_is_about():
    names = {name for name, _ in URLS}
    assert {"workouts:dashboard", "workouts:set-edit", "admin:index"} <= names
    assert names >= PUBLIC  # a renamed public URL must be renamed here too


@pytest.mark.django_db
def test_every_private_url_sends_an_anonymous_visitor_to_log_in(client):
    answers = {
        (method, path): (response.status_code, response.get("Location"))
        for name, path in PRIVATE
        for method in ("get", "post")
        for response in [getattr(client, method)(path)]
    }
    expected = {
        (method, path): (302, login_url(name, path))
        for name, path in PRIVATE
        for method in ("get", "post")
    }
    assert answers == expected


@pytest.mark.django_db
def test_every_public_url_answers_an_anonymous_visitor_without_a_log_in(client):
    answers = {name: client.get(dict(URLS)[name]) for name in sorted(PUBLIC)}
    failures = {
        name: (response.status_code, response.get("Location"))
        for name, response in answers.items()
        if response.status_code >= 500
        or response.get("Location", "").startswith(("/accounts/login/", "/admin/login/"))
    }
    assert failures == {}


@pytest.mark.django_db
def test_no_api_url_answers_an_anonymous_visitor_with_data(client):
    answers = {
        (method, path): getattr(client, method)(path).status_code
        for _name, path in API
        if path not in API_PUBLIC
        for method in ("get", "post")
    }
    assert answers and set(answers.values()) <= {401, 404, 405}
    assert 401 in answers.values()
