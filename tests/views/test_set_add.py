import datetime as dt
import json
import re

import pytest
from django.db import reset_queries

from tests.factories import EntryFactory, ExerciseFactory, SessionFactory, SetFactory, build_history
from workouts.models import LoggedSet, PersonalRecord

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(entry):
    return f"/entries/{entry.pk}/sets/"


def form(entry, **values):
    return {f"e{entry.pk}-{name}": value for name, value in values.items()}


def triggers(response):
    return json.loads(response.headers.get("HX-Trigger", "{}"))


@pytest.fixture
def session(user):
    return SessionFactory(user=user, started_at=NOW - dt.timedelta(minutes=30))


@pytest.fixture
def entry(session, bench):
    return EntryFactory(session=session, exercise=bench)


@pytest.fixture
def run_entry(session, snow_run):
    return EntryFactory(session=session, exercise=snow_run)


# ---------- who may log ----------


def test_anonymous_is_sent_to_login(client, entry):
    response = client.post(url(entry), form(entry, reps=5, load=100))
    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")
    assert not LoggedSet.objects.exists()


def test_other_users_entry_is_404(auth_client, other_user, bench):
    theirs = EntryFactory(session=SessionFactory(user=other_user), exercise=bench)
    response = auth_client.post(url(theirs), form(theirs, reps=5, load=100))
    assert response.status_code == 404
    assert not LoggedSet.objects.exists()


def test_other_users_entry_is_404_for_htmx_too(auth_client, other_user, bench, htmx_headers):
    theirs = EntryFactory(session=SessionFactory(user=other_user), exercise=bench)
    response = auth_client.post(url(theirs), form(theirs, reps=5, load=100), headers=htmx_headers)
    assert response.status_code == 404
    assert not LoggedSet.objects.exists()


def test_it_rejects_get(auth_client, entry):
    assert auth_client.get(url(entry)).status_code == 405


# ---------- the happy path stores SI values ----------


def test_it_saves_reps_and_load_in_kg(auth_client, entry, user):
    auth_client.post(url(entry), form(entry, reps=5, load="102.5"))
    logged = LoggedSet.objects.get()
    assert (logged.reps, logged.load_kg) == (5, 102.5)
    assert logged.entry == entry
    assert logged.session == entry.session
    assert logged.user == user
    assert logged.position == 1
    assert logged.logged_at == NOW


def test_load_typed_in_pounds_is_stored_in_kg(auth_client, entry, in_pounds_and_miles):
    auth_client.post(url(entry), form(entry, reps=5, load=225))
    assert LoggedSet.objects.get().load_kg == pytest.approx(102.058, abs=1e-3)


def test_pounds_allow_the_same_maximum_as_kilograms(auth_client, entry, in_pounds_and_miles):
    # Far over 500 kg with no history: asked about, and confirmed.
    response = auth_client.post(url(entry), form(entry, reps=1, load=2200, confirm_load=2200))
    assert response.status_code == 302
    assert LoggedSet.objects.get().load_kg == pytest.approx(997.903, abs=1e-3)


def test_distance_typed_in_miles_is_stored_in_metres(auth_client, run_entry, in_pounds_and_miles):
    auth_client.post(url(run_entry), form(run_entry, distance=5, duration="45:00"))
    logged = LoggedSet.objects.get()
    assert logged.distance_m == pytest.approx(8046.72)
    assert logged.duration_s == 2700


def test_distance_typed_in_km_is_stored_in_metres(auth_client, run_entry):
    auth_client.post(url(run_entry), form(run_entry, distance="5.5"))
    assert LoggedSet.objects.get().distance_m == pytest.approx(5500)


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("1:05:00", 3900),
        ("1:30", 90),
        ("90", 90),
        ("45s", 45),
    ],
)
def test_duration_is_stored_in_seconds(auth_client, run_entry, typed, seconds):
    auth_client.post(url(run_entry), form(run_entry, duration=typed))
    assert LoggedSet.objects.get().duration_s == seconds


def test_it_saves_readings(auth_client, session, punch_test):
    entry = EntryFactory(session=session, exercise=punch_test)
    auth_client.post(url(entry), form(entry, reps=1, force_psi=820, power_w=640))
    logged = LoggedSet.objects.get()
    assert (logged.reps, logged.force_psi, logged.power_w) == (1, 820, 640)


def test_it_saves_warm_up_rpe_and_note(auth_client, entry):
    auth_client.post(
        url(entry), form(entry, reps=10, load=40, is_warmup="on", rpe="8.5", note="Empty-ish bar")
    )
    logged = LoggedSet.objects.get()
    assert logged.is_warmup
    assert str(logged.rpe) == "8.5"
    assert logged.note == "Empty-ish bar"


def test_values_the_exercise_does_not_measure_are_ignored(auth_client, entry):
    auth_client.post(
        url(entry), form(entry, reps=5, load=100, duration="1:00", distance=3, force_psi=900)
    )
    logged = LoggedSet.objects.get()
    assert (logged.duration_s, logged.distance_m, logged.force_psi) == (None, None, None)


def test_sets_are_numbered_in_order(auth_client, entry):
    auth_client.post(url(entry), form(entry, reps=5, load=100))
    auth_client.post(url(entry), form(entry, reps=4, load=100))
    assert list(LoggedSet.objects.order_by("pk").values_list("position", "reps")) == [
        (1, 5),
        (2, 4),
    ]


def test_a_heavier_set_becomes_the_record(auth_client, entry):
    SetFactory(entry=entry, reps=5, load_kg=100)
    auth_client.post(url(entry), form(entry, reps=5, load=105))
    heaviest = PersonalRecord.objects.get(kind="heaviest")
    assert heaviest.value == 105
    assert heaviest.logged_set == LoggedSet.objects.get(load_kg=105)


def test_the_first_set_of_an_exercise_is_a_baseline_not_a_record(auth_client, entry):
    auth_client.post(url(entry), form(entry, reps=5, load=100))
    assert not PersonalRecord.objects.exists()


def test_a_warm_up_set_is_never_a_record(auth_client, entry):
    SetFactory(entry=entry, reps=5, load_kg=60)
    auth_client.post(url(entry), form(entry, reps=5, load=100, is_warmup="on"))
    assert not PersonalRecord.objects.exists()


# ---------- full page ----------


def test_full_page_post_redirects_to_the_exercise(auth_client, entry):
    response = auth_client.post(url(entry), form(entry, reps=5, load=100))
    assert response.status_code == 302
    assert response.url == f"/sessions/{entry.session.pk}/#entry-{entry.pk}"


def test_full_page_post_announces_the_record_on_the_next_page(auth_client, entry, set_row):
    SetFactory(entry=entry, reps=5, load_kg=95)
    response = auth_client.post(url(entry), form(entry, reps=5, load=100), follow=True)
    assert "New record: " in response.content.decode()
    assert 'class="badge-pr"' in set_row(response, LoggedSet.objects.get(load_kg=100))


# ---------- htmx ----------


def test_htmx_returns_only_the_new_row_and_a_fresh_form(auth_client, entry, htmx_headers):
    response = auth_client.post(url(entry), form(entry, reps=5, load=100), headers=htmx_headers)
    logged = LoggedSet.objects.get()
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="set-row" id="set-{logged.pk}"')
    assert f'id="set-form-{entry.pk}"' in html
    assert 'hx-swap-oob="outerHTML"' in html
    assert f'name="e{entry.pk}-reps"' in html
    assert 'value="5"' not in html  # the fresh form is empty
    assert "<html" not in html
    assert "Add an exercise" not in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_row_shows_the_new_set_with_its_badge(auth_client, entry, htmx_headers, set_row):
    SetFactory(entry=entry, reps=5, load_kg=95)
    response = auth_client.post(url(entry), form(entry, reps=5, load=100), headers=htmx_headers)
    logged = LoggedSet.objects.get(load_kg=100)
    row = set_row(response, logged)
    assert "100 kg × 5" in row
    assert 'class="badge-pr"' in row
    assert "Heaviest load" in row


def test_htmx_triggers_set_logged_with_rest_entry_and_exercise(auth_client, entry, htmx_headers):
    response = auth_client.post(url(entry), form(entry, reps=5, load=100), headers=htmx_headers)
    assert triggers(response)["set-logged"] == {
        "rest": 90,
        "entry": entry.pk,
        "exercise": "Bench press",
    }


def test_rest_follows_the_users_default(auth_client, entry, user, htmx_headers):
    user.profile.default_rest_s = 150
    user.profile.save()
    response = auth_client.post(url(entry), form(entry, reps=5, load=100), headers=htmx_headers)
    assert triggers(response)["set-logged"]["rest"] == 150


def test_rest_follows_the_plans_prescription(auth_client, session, htmx_headers):
    from workouts.models import PlanItem

    item = PlanItem.objects.filter(rest_s__gt=0).select_related("exercise").first()
    entry = EntryFactory(session=session, exercise=item.exercise, plan_item=item)
    values = {"reps": 5, "load": 20, "duration": "1:00", "distance": 1}
    data = form(entry, **{k: v for k, v in values.items() if k in item.exercise.measure_names})
    response = auth_client.post(url(entry), data, headers=htmx_headers)
    assert triggers(response)["set-logged"]["rest"] == item.rest_s


def oob_toasts(response):
    """The toast region an htmx response swaps in out of band ('' when there is none)."""
    html = response.content.decode()
    start = html.find('<div id="toasts"')
    return html[start:] if start >= 0 and 'hx-swap-oob="beforeend"' in html[start:] else ""


def test_htmx_announces_a_new_record_in_a_toast(auth_client, entry, htmx_headers):
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.post(url(entry), form(entry, reps=5, load=110), headers=htmx_headers)
    toasts = oob_toasts(response)
    assert 'class="toast toast-success"' in toasts
    assert "New record:" in toasts and "Heaviest load" in toasts


def test_htmx_announces_no_record_without_a_record(auth_client, entry, htmx_headers):
    first = SetFactory(entry=entry, reps=5, load_kg=100)
    from workouts.logbook.records_store import rebuild_records

    rebuild_records(first.user, first.exercise_id)
    response = auth_client.post(url(entry), form(entry, reps=5, load=90), headers=htmx_headers)
    assert response.status_code == 200
    assert "New record" not in response.content.decode()


def test_a_full_page_save_announces_the_record_on_the_next_page(auth_client, entry):
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.post(url(entry), form(entry, reps=5, load=110), follow=True)
    html = response.content.decode()
    assert html.count("New record:") == 1
    assert "Heaviest load" in html[html.find('<div id="toasts"') :]


def test_the_only_events_an_htmx_save_sends_are_those_the_page_listens_to(
    auth_client, entry, htmx_headers
):
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.post(url(entry), form(entry, reps=5, load=110), headers=htmx_headers)
    assert set(triggers(response)) == {"set-logged"}


# ---------- bad input ----------

BAD_INPUT = [
    # (exercise fixture, field, typed, words of the message)
    ("bench", "reps", "-3", "at least 0"),
    ("bench", "load", "5000", "at most 1000"),
    ("bench", "load", "heavy", "Enter a number"),
    ("bench", "reps", "ten", "whole number"),
    ("bench", "rpe", "11", "at most 10"),
    ("snow_run", "duration", "30:00:00", "longer than 24 hours"),
    ("snow_run", "duration", "soon", "Enter a time"),
    ("snow_run", "distance", "far", "Enter a number"),
    ("punch_test", "force_psi", "-1", "at least 0"),
]


@pytest.fixture
def bad_entry(request, session):
    return lambda name: EntryFactory(session=session, exercise=request.getfixturevalue(name))


def valid_values(exercise):
    values = {"reps": 5, "load": 100, "duration": "1:00", "distance": 1}
    return {k: v for k, v in values.items() if k in exercise.measure_names}


@pytest.mark.parametrize(("exercise", "field", "typed", "message"), BAD_INPUT)
def test_bad_input_is_rejected_beside_the_field(
    auth_client, bad_entry, set_field_error, exercise, field, typed, message
):
    entry = bad_entry(exercise)
    data = form(entry, **{**valid_values(entry.exercise), field: typed})
    response = auth_client.post(url(entry), data)
    assert response.status_code == 422
    assert message in set_field_error(response, f"e{entry.pk}-{field}")
    assert not LoggedSet.objects.exists()


@pytest.mark.parametrize(("exercise", "field", "typed", "message"), BAD_INPUT)
def test_bad_input_with_htmx_returns_only_the_form_with_the_error(
    auth_client, bad_entry, set_field_error, htmx_headers, exercise, field, typed, message
):
    entry = bad_entry(exercise)
    data = form(entry, **{**valid_values(entry.exercise), field: typed})
    response = auth_client.post(url(entry), data, headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith(f'<form class="set-form" id="set-form-{entry.pk}"')
    assert "hx-swap-oob" not in html
    assert response.headers["HX-Retarget"] == f"#set-form-{entry.pk}"
    assert response.headers["HX-Reswap"] == "outerHTML"
    assert "<html" not in html
    assert message in set_field_error(response, f"e{entry.pk}-{field}")
    assert "HX-Trigger" not in response.headers
    assert not LoggedSet.objects.exists()


def test_load_limit_is_in_the_users_unit(auth_client, entry, in_pounds_and_miles, set_field_error):
    response = auth_client.post(url(entry), form(entry, reps=1, load=2300))
    assert response.status_code == 422
    assert "at most 2204" in set_field_error(response, f"e{entry.pk}-load")
    assert not LoggedSet.objects.exists()


def test_an_empty_set_is_rejected(auth_client, entry, set_field_error):
    response = auth_client.post(url(entry), form(entry, reps="", load=""))
    assert response.status_code == 422
    error = set_field_error(response, f"e{entry.pk}-reps")
    assert error == "Enter at least one of: reps, load (kg)."
    assert not LoggedSet.objects.exists()


def test_rejected_input_is_kept_in_the_form(auth_client, entry, htmx_headers):
    response = auth_client.post(
        url(entry), form(entry, reps="-3", load="102.5", note="grind"), headers=htmx_headers
    )
    html = response.content.decode()
    assert 'value="-3"' in html
    assert 'value="102.5"' in html
    assert 'value="grind"' in html


# ---------- query budget ----------


def log_twice(client, entry, headers):
    """Logs a first set (one-off quote unlocks happen here); returns the data for a second."""
    client.post(url(entry), form(entry, reps=5, load=100), headers=headers)
    return form(entry, reps=5, load=100)


# The target: at most ~12 including the request's session, user and profile, the entry, the
# savepoints around the write, the save itself, the unlock checks and the rendered row; on
# PostgreSQL also the session's row lock and the records' advisory lock (SQLite needs neither).
SET_ADD_BUDGET = 13


def test_it_runs_a_bounded_number_of_queries(
    auth_client, entry, htmx_headers, django_assert_max_num_queries
):
    data = log_twice(auth_client, entry, htmx_headers)
    with django_assert_max_num_queries(SET_ADD_BUDGET):
        response = auth_client.post(url(entry), data, headers=htmx_headers)
    assert response.status_code == 200


def test_queries_do_not_grow_with_history(
    client, htmx_headers, bench, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    fresh, veteran = UserFactory(), UserFactory()
    entries = {}
    for person in (fresh, veteran):
        build_history(person, bench, sessions=1 if person is fresh else 30)
        session = SessionFactory(user=person, started_at=NOW - dt.timedelta(minutes=30))
        entries[person] = EntryFactory(session=session, exercise=bench)

    client.force_login(fresh)
    data = log_twice(client, entries[fresh], htmx_headers)
    reset_queries()  # building the history filled Django's bounded query log
    with django_assert_max_num_queries(SET_ADD_BUDGET) as baseline:
        response = client.post(url(entries[fresh]), data, headers=htmx_headers)
    assert response.status_code == 200
    budget = len(baseline)

    client.force_login(veteran)
    data = log_twice(client, entries[veteran], htmx_headers)
    assert LoggedSet.objects.filter(user=veteran).count() == 30 * 5 + 1
    reset_queries()
    with django_assert_max_num_queries(budget):
        response = client.post(url(entries[veteran]), data, headers=htmx_headers)
    assert response.status_code == 200


def test_custom_exercise_of_the_user_can_be_logged(auth_client, session, user):
    entry = EntryFactory(session=session, exercise=ExerciseFactory(owner=user))
    response = auth_client.post(url(entry), form(entry, reps=5, load=50))
    assert response.status_code == 302
    assert LoggedSet.objects.get().exercise == entry.exercise


def test_htmx_row_shows_the_set_in_the_users_units(
    auth_client, entry, in_pounds_and_miles, htmx_headers, set_row
):
    response = auth_client.post(url(entry), form(entry, reps=5, load=225), headers=htmx_headers)
    assert "225 lb × 5" in set_row(response, LoggedSet.objects.get())


def test_a_duration_too_large_for_a_number_is_refused_not_a_crash(
    auth_client, user, snow_run, set_field_error
):
    from tests.factories import EntryFactory, SessionFactory

    run = EntryFactory(session=SessionFactory(user=user), exercise=snow_run)
    response = auth_client.post(url(run), form(run, duration="9" * 400 + "s"))
    assert response.status_code == 422
    assert "Enter a time like" in set_field_error(response, f"e{run.pk}-duration")


def test_a_set_of_zeros_is_refused_as_empty(auth_client, entry, set_field_error):
    response = auth_client.post(url(entry), form(entry, reps=0, load=0))
    assert response.status_code == 422
    assert "Enter at least one of" in set_field_error(response, f"e{entry.pk}-reps")
    assert not LoggedSet.objects.exists()


def test_an_rpe_between_half_points_is_refused(auth_client, entry, set_field_error):
    response = auth_client.post(url(entry), form(entry, reps=5, load=100, rpe="7.3"))
    assert response.status_code == 422
    assert "half points" in set_field_error(response, f"e{entry.pk}-rpe")


# ---------- what the user typed is read on the server, never dropped ----------


def test_a_decimal_comma_load_is_saved_as_typed(auth_client, entry):
    auth_client.post(url(entry), form(entry, reps=5, load="60,5"))
    assert LoggedSet.objects.get().load_kg == 60.5


def test_a_decimal_comma_distance_is_saved_as_typed(auth_client, run_entry):
    auth_client.post(url(run_entry), form(run_entry, distance="5,25", duration="30:00"))
    assert LoggedSet.objects.get().distance_m == pytest.approx(5250)


@pytest.mark.parametrize("typed", ["1e", "--5", "1e3", "60,5,5", "6 0"])
def test_a_load_that_is_not_one_number_is_refused_not_dropped(
    auth_client, entry, set_field_error, typed
):
    response = auth_client.post(url(entry), form(entry, reps=5, load=typed))
    assert response.status_code == 422
    assert set_field_error(response, f"e{entry.pk}-load")
    assert not LoggedSet.objects.exists()


def test_a_load_with_a_thousands_separator_asks_which_number_was_meant(
    auth_client, entry, set_field_error
):
    response = auth_client.post(url(entry), form(entry, reps=5, load="1,000"))
    assert "1000 or 1?" in set_field_error(response, f"e{entry.pk}-load")
    assert not LoggedSet.objects.exists()


def test_the_number_inputs_are_text_inputs_the_browser_cannot_empty(auth_client, entry):
    page = auth_client.get(f"/sessions/{entry.session.pk}/").content.decode()
    load = re.search(rf'<input[^>]*name="e{entry.pk}-load"[^>]*>', page).group(0)
    assert 'type="text"' in load
    assert 'inputmode="decimal"' in load


def test_a_decimal_comma_rpe_is_saved(auth_client, entry):
    auth_client.post(url(entry), form(entry, reps=5, load=100, rpe="8,5"))
    assert LoggedSet.objects.get().rpe == 8.5


# ---------- an implausible value is asked about, then saved when confirmed ----------


@pytest.fixture
def best_140(user, bench):
    """A bench press of 140 kg x 8 logged before: the user's best."""
    earlier = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=3))
    return SetFactory(entry=EntryFactory(session=earlier, exercise=bench), reps=8, load_kg=140)


def confirmation(response, name):
    """The tick box the form shows to confirm an asked value: {its name: its value} as a
    browser sends it when ticked, or {} when the form asks nothing about `name`."""
    html = response.content.decode()
    match = re.search(rf'<input type="checkbox" name="({re.escape(name)})" value="([^"]*)"', html)
    return {match.group(1): match.group(2)} if match else {}


def test_a_load_far_above_the_best_is_asked_about_not_saved(
    auth_client, entry, best_140, set_field_error
):
    response = auth_client.post(url(entry), form(entry, reps=5, load=605))
    assert response.status_code == 422
    assert set_field_error(response, f"e{entry.pk}-load") == (
        "605 kg is far above your heaviest Bench press so far (140 kg). Is that right?"
    )
    assert list(LoggedSet.objects.values_list("load_kg", flat=True)) == [140]


def test_the_asked_load_stays_in_its_field_with_a_box_to_confirm_it(auth_client, entry, best_140):
    response = auth_client.post(url(entry), form(entry, reps=5, load=605))
    html = response.content.decode()
    assert re.search(rf'name="e{entry.pk}-load" value="605"', html)
    assert confirmation(response, f"e{entry.pk}-confirm_load")
    assert "Yes, 605 kg is right" in html


def test_a_confirmed_implausible_load_is_saved(auth_client, entry, best_140):
    asked = auth_client.post(url(entry), form(entry, reps=5, load=605))
    data = {**form(entry, reps=5, load=605), **confirmation(asked, f"e{entry.pk}-confirm_load")}
    response = auth_client.post(url(entry), data)
    assert response.status_code == 302
    assert LoggedSet.objects.filter(entry=entry).get().load_kg == 605


def test_a_confirmation_of_another_load_does_not_save_a_changed_one(
    auth_client, entry, best_140, set_field_error
):
    asked = auth_client.post(url(entry), form(entry, reps=5, load=605))
    data = {**form(entry, reps=5, load=650), **confirmation(asked, f"e{entry.pk}-confirm_load")}
    response = auth_client.post(url(entry), data)
    assert response.status_code == 422
    assert "650 kg is far above" in set_field_error(response, f"e{entry.pk}-load")
    assert not LoggedSet.objects.filter(entry=entry).exists()


def test_a_load_up_to_twice_the_best_is_saved_without_asking(auth_client, entry, best_140):
    response = auth_client.post(url(entry), form(entry, reps=5, load=280))
    assert response.status_code == 302
    assert LoggedSet.objects.filter(entry=entry).get().load_kg == 280


def test_the_question_is_in_the_users_units(
    auth_client, entry, best_140, in_pounds_and_miles, set_field_error
):
    response = auth_client.post(url(entry), form(entry, reps=5, load=1335))
    assert set_field_error(response, f"e{entry.pk}-load") == (
        "1,335 lb is far above your heaviest Bench press so far (308.6 lb). Is that right?"
    )
    assert "Yes, 1,335 lb is right" in response.content.decode()


def test_without_history_a_load_over_500_kg_is_asked_about(auth_client, entry, set_field_error):
    response = auth_client.post(url(entry), form(entry, reps=1, load=605))
    assert response.status_code == 422
    assert set_field_error(response, f"e{entry.pk}-load") == (
        "605 kg is more than 500 kg, and you have no Bench press logged to compare it with yet. "
        "Is that right?"
    )
    assert not LoggedSet.objects.exists()


def test_reps_far_above_the_most_reps_are_asked_about(
    auth_client, entry, best_140, set_field_error
):
    response = auth_client.post(url(entry), form(entry, reps=55, load=100))
    assert response.status_code == 422
    assert set_field_error(response, f"e{entry.pk}-reps") == (
        "55 reps is far above your most reps of Bench press so far (8). Is that right?"
    )
    assert "Yes, 55 reps is right" in response.content.decode()


def test_confirmed_reps_are_saved(auth_client, entry, best_140):
    asked = auth_client.post(url(entry), form(entry, reps=55, load=100))
    data = {**form(entry, reps=55, load=100), **confirmation(asked, f"e{entry.pk}-confirm_reps")}
    assert auth_client.post(url(entry), data).status_code == 302
    assert LoggedSet.objects.filter(entry=entry).get().reps == 55


def test_htmx_asks_in_the_form_in_place(auth_client, entry, best_140, htmx_headers):
    response = auth_client.post(url(entry), form(entry, reps=5, load=605), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#set-form-{entry.pk}"
    assert html.lstrip().startswith(f'<form class="set-form" id="set-form-{entry.pk}"')
    assert "Yes, 605 kg is right" in html


def test_htmx_saves_a_confirmed_implausible_load(auth_client, entry, best_140, htmx_headers):
    asked = auth_client.post(url(entry), form(entry, reps=5, load=605), headers=htmx_headers)
    data = {**form(entry, reps=5, load=605), **confirmation(asked, f"e{entry.pk}-confirm_load")}
    response = auth_client.post(url(entry), data, headers=htmx_headers)
    assert response.status_code == 200
    assert "605 kg × 5" in response.content.decode()


def test_a_confirmation_is_kept_when_the_form_is_refused_for_another_field(
    auth_client, entry, best_140, set_field_error
):
    asked = auth_client.post(url(entry), form(entry, reps=5, load=605))
    data = {
        **form(entry, reps=5, load=605, rpe="7.3"),
        **confirmation(asked, f"e{entry.pk}-confirm_load"),
    }
    response = auth_client.post(url(entry), data)
    assert "half points" in set_field_error(response, f"e{entry.pk}-rpe")
    assert set_field_error(response, f"e{entry.pk}-load") is None
    html = response.content.decode()
    assert re.search(rf'name="e{entry.pk}-confirm_load" value="605" checked', html)


def test_asking_costs_no_more_queries_than_saving(
    auth_client, entry, best_140, htmx_headers, django_assert_max_num_queries
):
    log_twice(auth_client, entry, htmx_headers)
    with django_assert_max_num_queries(SET_ADD_BUDGET):
        response = auth_client.post(url(entry), form(entry, reps=5, load=605), headers=htmx_headers)
    assert response.status_code == 422
