"""No request input gives a 500: hostile values in every form field and query parameter of every
URL the site routes (montage/urls.py and workouts/urls.py).

The URL list comes from the resolver and the field list from the forms the pages themselves
render (every <input>, <select> and <textarea> of every form that posts to, or filters, the URL),
so a new URL or a new field is covered without touching this file; a new URL whose path
parameters this file cannot fill fails loudly (add it to PATH_KWARGS).

Each request runs in a savepoint that is rolled back, so every hostile value meets the same
world (a delete does not leave the rest of the values 404ing)."""

import datetime as dt
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import (
    BodyWeightFactory,
    EnrolmentFactory,
    EntryFactory,
    ExerciseFactory,
    SessionFactory,
    SetFactory,
    UserFactory,
    plan_day,
)
from workouts.models import ApiToken, Exercise
from workouts.plans import editing
from workouts.transfer.models import PendingImport

HOSTILE = [
    "\x00",
    "x" * 10_000,
    "9" * 300,
    "²",
    "٣",  # an Arabic-Indic digit: str.isdigit() says yes, int() says yes, PostgreSQL says no
    "Europe",
    "-1",
    "-99999999999999999999",
    "99999999999999999999",
    "1e400",
    "NaN",
    "2026-10-25T01:30",  # the hour that happens twice in Europe/London
    "0001-01-01",
]
# Query parameters meet a shorter list (a page reads few of them and renders on each request).
QUERY_HOSTILE = [
    "\x00",
    "x" * 10_000,
    "²",
    "Europe",
    "-99999999999999999999",
    "2026-10-25T01:30",
    "0001-01-01",
]
# Query parameters any page might read, besides those of its own filter forms; sent together.
GENERIC_QUERY = [
    "q",
    "next",
    "page",
    "range",
    "exercise",
    "mine",
    "style",
    "category",
    "plan",
    "start",
    "end",
]
GENERIC_POST = ["next", "confirm", "action", "exercise"]


def walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry


# Covered elsewhere: Django's own admin, for the instance's operator (tests/test_admin.py), and
# the JSON API, fuzzed from its schema with hostile values by schemathesis (tests/api/).
OPERATOR_NAMESPACES = ("admin:", "api:")


def url_names():
    seen = []
    for name, _pattern in walk(get_resolver().url_patterns):
        if name.startswith(OPERATOR_NAMESPACES):
            continue
        if name not in seen:
            seen.append(name)
    return seen


# Which object of the world fills each URL's path parameters.
PATH_KWARGS = {
    "workouts:exercise-detail": lambda w: {"pk": w["exercise"].pk},
    "workouts:exercise-edit": lambda w: {"pk": w["exercise"].pk},
    "workouts:exercise-delete": lambda w: {"pk": w["exercise"].pk},
    "workouts:session-detail": lambda w: {"pk": w["session"].pk},
    "workouts:session-edit": lambda w: {"pk": w["session"].pk},
    "workouts:session-finish": lambda w: {"pk": w["session"].pk},
    "workouts:session-delete": lambda w: {"pk": w["session"].pk},
    "workouts:entry-add": lambda w: {"pk": w["session"].pk},
    "workouts:entry-delete": lambda w: {"pk": w["entry"].pk},
    "workouts:set-add": lambda w: {"pk": w["entry"].pk},
    "workouts:set-edit": lambda w: {"pk": w["set"].pk},
    "workouts:set-delete": lambda w: {"pk": w["set"].pk},
    "workouts:bodyweight-delete": lambda w: {"pk": w["weigh_in"].pk},
    "workouts:plan-detail": lambda w: {"slug": w["enrolment"].plan.slug},
    "workouts:plan-copy": lambda w: {"slug": w["enrolment"].plan.slug},
    "workouts:plan-export": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-edit": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-delete": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-week-add": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-week-duplicate": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-week-remove": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-day-new": lambda w: {"slug": w["own_plan"].slug},
    "workouts:plan-day-edit": lambda w: {"pk": w["own_day"].pk},
    "workouts:plan-day-duplicate": lambda w: {"pk": w["own_day"].pk},
    "workouts:plan-day-remove": lambda w: {"pk": w["own_day"].pk},
    "workouts:plan-day-move": lambda w: {"pk": w["own_day"].pk},
    "workouts:plan-item-new": lambda w: {"pk": w["own_day"].pk},
    "workouts:plan-item-edit": lambda w: {"pk": w["own_item"].pk},
    "workouts:plan-item-remove": lambda w: {"pk": w["own_item"].pk},
    "workouts:plan-item-move": lambda w: {"pk": w["own_item"].pk},
    "workouts:enrolment-run-back": lambda w: {"pk": w["past_enrolment"].pk},
    "workouts:session-repeat": lambda w: {"pk": w["finished"].pk},
    "workouts:plan-enrol": lambda w: {"slug": w["enrolment"].plan.slug},
    "workouts:enrolment-pause": lambda w: {"pk": w["enrolment"].pk},
    "workouts:enrolment-resume": lambda w: {"pk": w["enrolment"].pk},
    "workouts:enrolment-restart": lambda w: {"pk": w["enrolment"].pk},
    "workouts:enrolment-leave": lambda w: {"pk": w["enrolment"].pk},
    "workouts:enrolment-complete": lambda w: {"pk": w["enrolment"].pk},
    "workouts:plan-day-start": lambda w: {"pk": w["enrolment"].pk, "day_pk": w["day"].pk},
    "workouts:plan-day-skip": lambda w: {"pk": w["enrolment"].pk, "day_pk": w["day"].pk},
    "workouts:plan-day-link": lambda w: {"pk": w["enrolment"].pk, "day_pk": w["day"].pk},
    "workouts:calendar-feed": lambda w: {"token": w["user"].profile.calendar_token},
    "workouts:import-review": lambda w: {"pk": w["pending_import"].pk},
    "workouts:import-confirm": lambda w: {"pk": w["pending_import"].pk},
    "workouts:import-discard": lambda w: {"pk": w["pending_import"].pk},
    "workouts:import-progress": lambda w: {"token": "t1"},
    "workouts:api-token-revoke": lambda w: {"pk": w["api_token"].pk},
    "password_reset_confirm": lambda w: {
        "uidb64": urlsafe_base64_encode(force_bytes(w["user"].pk)),
        "token": default_token_generator.make_token(w["user"]),
    },
}
# Pages a visitor uses (a logged-in user is sent away from them).
ANONYMOUS = {
    "home",
    "signup",
    "login",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "workouts:calendar-feed",
}


class Forms(HTMLParser):
    """Every form on a page: its action, method and fields with their default values."""

    def __init__(self, page_url):
        super().__init__()
        self.page_url, self.forms, self.current, self.textarea = page_url, [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            action = attrs.get("action") or attrs.get("hx-post") or attrs.get("hx-get")
            method = "post" if attrs.get("hx-post") else (attrs.get("method") or "get")
            self.current = {
                "action": urlsplit(action or self.page_url).path,
                "method": method.lower(),
                "fields": {},
            }
            self.forms.append(self.current)
        elif self.current is not None and attrs.get("name"):
            name, fields = attrs["name"], self.current["fields"]
            if tag == "input":
                kind = attrs.get("type", "text")
                if kind in ("checkbox", "radio"):
                    if "checked" in attrs or name not in fields:
                        fields[name] = attrs.get("value", "on") if "checked" in attrs else ""
                elif kind not in ("submit", "button"):
                    fields[name] = attrs.get("value") or ""
            elif tag == "select":
                fields[name] = ""
                self.select = name
            elif tag == "textarea":
                fields[name] = ""
                self.textarea = name
        elif tag == "option" and self.current is not None and getattr(self, "select", None):
            fields = self.current["fields"]
            if "selected" in attrs or not fields[self.select]:
                fields[self.select] = attrs.get("value", "")

    def handle_data(self, data):
        if self.textarea and self.current is not None:
            self.current["fields"][self.textarea] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "select":
            self.select = None


def forms_on(client, url):
    response = client.get(url)
    if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return []
    parser = Forms(url)
    parser.feed(response.content.decode())
    return parser.forms


@pytest.fixture
def world(db):
    user = UserFactory(username="rocky", profile__time_zone="Europe/London")
    user.profile.regenerate_calendar_token()
    user.profile.save()
    exercise = ExerciseFactory(
        owner=user,
        name="Log carry",
        measures_duration=True,
        measures_distance=True,
        reads_force=True,
    )
    session = SessionFactory(user=user, started_at=timezone.now() - dt.timedelta(hours=1))
    entry = EntryFactory(session=session, exercise=exercise)
    logged = SetFactory(entry=entry, position=1)
    EntryFactory(session=session, exercise=Exercise.objects.get(slug="bench-press"))
    finished = SessionFactory(
        user=user,
        title="Old run",
        started_at=timezone.now() - dt.timedelta(hours=5),
        finished_at=timezone.now() - dt.timedelta(hours=4),
    )
    past_enrolment = EnrolmentFactory(
        user=user, status="ended", start_date=timezone.now().date() - dt.timedelta(days=60)
    )
    enrolment = EnrolmentFactory(user=user)
    own_plan = editing.copy_plan(enrolment.plan, user, timezone.now())
    own_day = own_plan.days.order_by("week", "day").first()
    uploader = Client()
    uploader.force_login(user)
    strong = (Path(__file__).parent / "fixtures" / "import" / "hevy-kg.csv").read_bytes()
    uploader.post("/data/", {"file": SimpleUploadedFile("hevy.csv", strong), "token": "t1"})
    return {
        "user": user,
        "exercise": exercise,
        "session": session,
        "entry": entry,
        "set": logged,
        "weigh_in": BodyWeightFactory(user=user),
        "enrolment": enrolment,
        "day": plan_day(enrolment, 1, 1),
        "pending_import": PendingImport.objects.get(user=user),
        "api_token": ApiToken.issue(user, "Watch", can_write=True)[0],
        "finished": finished,
        "past_enrolment": past_enrolment,
        "own_plan": own_plan,
        "own_day": own_day,
        "own_item": own_day.items.first(),
    }


def path_of(name, world):
    pattern = dict(walk(get_resolver().url_patterns))[name]
    if not pattern.pattern.converters:
        return reverse(name)
    if name not in PATH_KWARGS:
        pytest.fail(f"{name} takes path parameters: teach PATH_KWARGS how to fill them.")
    return reverse(name, kwargs=PATH_KWARGS[name](world))


def fields_for(client, url, world):
    """(GET fields, POST fields with defaults) of every form on the site aimed at `url`."""
    pages = {
        url,
        "/today/",
        f"/sessions/{world['session'].pk}/",
        "/settings/",
        f"/plans/{world['enrolment'].plan.slug}/",
        "/bodyweight/",
        "/sessions/",
        "/exercises/",
        "/dashboard/",
        f"/sets/{world['set'].pk}/edit/",
        f"/plans/{world['enrolment'].plan.slug}/enrol/",
        f"/plans/{world['own_plan'].slug}/edit/",
        f"/sessions/{world['finished'].pk}/",
        "/sessions/new/",
        "/plans/",
    }
    target = resolve(url).view_name
    post_only = client.get(url).status_code == 405
    get_fields, post_fields, aimed_at = set(), {}, False
    for page in sorted(pages):
        for form in forms_on(client, page):
            try:
                aimed = resolve(form["action"]).view_name == target
            except Exception:  # noqa: BLE001 - a form aimed elsewhere
                aimed = False
            if not aimed:
                continue
            if form["method"] == "get":
                get_fields |= set(form["fields"])
            elif not aimed_at:
                post_fields, aimed_at = dict(form["fields"]), True
    post_fields.pop("csrfmiddlewaretoken", None)
    if not (aimed_at or post_only):
        return sorted(get_fields), {}
    for name in GENERIC_POST:
        post_fields.setdefault(name, "")
    return sorted(get_fields), post_fields


def no_5xx(client, method, url, data, failures, **extra):
    cache.clear()  # throttles would turn the rest of the values into 429s
    with transaction.atomic():
        try:
            response = getattr(client, method)(url, data, **extra)
            status = response.status_code
        except Exception as exc:  # noqa: BLE001 - reported below, with the input that caused it
            status = f"{type(exc).__name__}: {str(exc)[:120]}"
        transaction.set_rollback(True)
    if not isinstance(status, int) or status >= 500:
        shown = {k: (v[:20] + "…" if len(v) > 20 else v) for k, v in data.items()}
        failures.append(f"{method.upper()} {url} {shown!r} -> {status}")


@pytest.mark.parametrize("name", url_names())
def test_hostile_values_in_any_field_or_parameter_never_give_a_server_error(name, world):
    client = Client(raise_request_exception=True)
    if name not in ANONYMOUS:
        client.force_login(world["user"])
    url = path_of(name, world)
    get_fields, post_fields = fields_for(client, url, world)
    failures = []
    for value in HOSTILE:
        for field in post_fields:
            no_5xx(client, "post", url, {**post_fields, field: value}, failures)
    for value in QUERY_HOSTILE:
        for field in get_fields:
            no_5xx(client, "get", url, {field: value}, failures)
        no_5xx(
            client, "get", url, dict.fromkeys(set(GENERIC_QUERY) - set(get_fields), value), failures
        )
    for target in ("x" * 300, "dashboard-range"):
        no_5xx(client, "get", url, {}, failures, HTTP_HX_REQUEST="true", HTTP_HX_TARGET=target)
    assert failures == []


@pytest.mark.parametrize("pk", ["99999999999999999999", "0"])
def test_an_overflowing_id_in_a_path_is_a_404(auth_client, pk):
    assert auth_client.get(f"/sessions/{pk}/").status_code == 404


@pytest.mark.parametrize("token", ["a%00b", "x" * 300, "²"])
def test_a_hostile_calendar_token_is_not_a_server_error(client, db, token):
    assert client.get(f"/calendar/{token}.ics").status_code in (400, 404)


def test_a_nul_byte_in_a_query_is_refused_with_a_400(auth_client):
    response = auth_client.get("/sessions/", {"q": "a\x00b"})
    assert response.status_code == 400


def test_a_nul_byte_in_a_form_field_is_refused_with_a_400(auth_client):
    response = auth_client.post("/sessions/new/", {"title": "a\x00b"})
    assert response.status_code == 400


def test_the_field_discovery_sees_the_set_form_inputs_of_a_session_page(client, world):
    """Guards the discovery above: a test that sees no fields could not fail."""
    client.force_login(world["user"])
    _get, post = fields_for(client, reverse("workouts:set-add", args=[world["entry"].pk]), world)
    assert {f"e{world['entry'].pk}-duration", f"e{world['entry'].pk}-distance"} <= set(post)


@pytest.mark.parametrize("zone", ["Europe", "Asia", "America/", "../etc/passwd"])
def test_a_folder_time_zone_in_settings_is_refused_beside_the_field(auth_client, zone, field_error):
    response = auth_client.post(
        "/settings/",
        {
            "weight_unit": "kg",
            "distance_unit": "km",
            "time_zone": zone,
            "week_start": "0",
            "default_rest_s": "90",
        },
    )
    assert response.status_code == 422
    assert "Choose a time zone" in field_error(response, "time_zone")


@pytest.mark.parametrize("zone", ["Europe", "Asia", "E" * 300])
def test_a_folder_or_overlong_time_zone_at_sign_up_falls_back_to_utc(client, db, zone):
    from workouts.models import Profile

    response = client.post(
        "/accounts/signup/",
        {
            "username": "apollo",
            "email": "",
            "password1": "creed-1985-ring",
            "password2": "creed-1985-ring",
            "time_zone": zone,
        },
    )
    assert response.status_code == 302
    assert Profile.objects.get(user__username="apollo").time_zone == "UTC"


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999"])
def test_an_exercise_that_is_not_an_id_on_the_dashboard_is_ignored(auth_client, value):
    assert auth_client.get("/dashboard/", {"exercise": value}).status_code == 200


@pytest.mark.parametrize("target", ["Europe", "99999", "workouts:today "])
def test_a_next_that_is_not_a_path_is_ignored(auth_client, user, target):
    enrolment = EnrolmentFactory(user=user)
    response = auth_client.post(f"/enrolments/{enrolment.pk}/pause/", {"next": target})
    assert response.status_code == 302
    assert response.url == f"/plans/{enrolment.plan.slug}/"
