import datetime as dt
import json

import pytest

from tests.factories import EntryFactory, SessionFactory, SetFactory
from workouts.models import LoggedSet, PersonalRecord

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(logged):
    return f"/sets/{logged.pk}/edit/"


def form(logged, **values):
    return {f"s{logged.pk}-{name}": value for name, value in values.items()}


@pytest.fixture
def entry(user, bench):
    return EntryFactory(session=SessionFactory(user=user), exercise=bench)


@pytest.fixture
def logged(entry):
    return SetFactory(entry=entry, reps=5, load_kg=100)


@pytest.fixture
def run(user, snow_run):
    entry = EntryFactory(session=SessionFactory(user=user), exercise=snow_run)
    return SetFactory(entry=entry, reps=None, load_kg=None, duration_s=1800, distance_m=5000)


def test_anonymous_cannot_change_a_set(client, logged):
    client.post(url(logged), form(logged, reps=8, load=120))
    logged.refresh_from_db()
    assert (logged.reps, logged.load_kg) == (5, 100)


def test_other_users_set_is_404(auth_client, other_user, bench):
    theirs = SetFactory(entry=EntryFactory(session=SessionFactory(user=other_user), exercise=bench))
    assert auth_client.get(url(theirs)).status_code == 404


def test_other_users_set_cannot_be_changed(auth_client, other_user, bench, htmx_headers):
    theirs = SetFactory(
        entry=EntryFactory(session=SessionFactory(user=other_user), exercise=bench),
        reps=5,
        load_kg=100,
    )
    assert auth_client.post(url(theirs), form(theirs, reps=1, load=1)).status_code == 404
    assert (
        auth_client.post(
            url(theirs), form(theirs, reps=1, load=1), headers=htmx_headers
        ).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert (theirs.reps, theirs.load_kg) == (5, 100)


def test_it_shows_the_form_filled_in(auth_client, logged):
    html = auth_client.get(url(logged)).content.decode()
    assert f'name="s{logged.pk}-reps" value="5"' in html
    assert f'name="s{logged.pk}-load" value="100"' in html


def test_the_form_is_filled_in_the_users_units(auth_client, entry, in_pounds_and_miles):
    logged = SetFactory(entry=entry, reps=5, load_kg=102.05828325)
    html = auth_client.get(url(logged)).content.decode()
    assert f'name="s{logged.pk}-load" value="225"' in html


def test_a_duration_is_shown_as_a_clock(auth_client, run, in_pounds_and_miles):
    html = auth_client.get(url(run)).content.decode()
    assert f'name="s{run.pk}-duration" value="30:00"' in html
    assert f'name="s{run.pk}-distance" value="3.107"' in html


def test_htmx_get_returns_only_the_form_row(auth_client, logged, htmx_headers):
    response = auth_client.get(url(logged), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<li class="set-row set-row-editing" id="set-{logged.pk}"')
    assert "<html" not in html


def test_it_saves_the_changes(auth_client, logged):
    auth_client.post(url(logged), form(logged, reps=6, load="102.5", rpe=9, note="Paused"))
    logged.refresh_from_db()
    assert (logged.reps, logged.load_kg, str(logged.rpe), logged.note) == (
        6,
        102.5,
        "9.0",
        "Paused",
    )


def test_it_stores_pounds_as_kg(auth_client, logged, in_pounds_and_miles):
    auth_client.post(url(logged), form(logged, reps=5, load=225))
    logged.refresh_from_db()
    assert logged.load_kg == pytest.approx(102.058, abs=1e-3)


def test_it_stores_a_clock_time_in_seconds_and_miles_in_metres(
    auth_client, run, in_pounds_and_miles
):
    auth_client.post(url(run), form(run, duration="1:05:00", distance=5))
    run.refresh_from_db()
    assert run.duration_s == 3900
    assert run.distance_m == pytest.approx(8046.72)


def test_full_page_post_redirects_to_the_exercise(auth_client, logged):
    response = auth_client.post(url(logged), form(logged, reps=6, load=100))
    assert response.status_code == 302
    assert response.url == f"/sessions/{logged.session_id}/#entry-{logged.entry_id}"


def test_htmx_post_returns_the_entry_card_and_triggers_set_changed(
    auth_client, logged, htmx_headers
):
    response = auth_client.post(url(logged), form(logged, reps=6, load=100), headers=htmx_headers)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section class="entry card" id="entry-{logged.entry_id}"')
    assert "<html" not in html
    assert "100 kg × 6" in html
    assert "set-changed" in json.loads(response.headers["HX-Trigger"])


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("reps", "-1", "at least 0"),
        ("load", "5000", "at most 1000"),
        ("load", "lots", "Enter a number"),
        ("rpe", "11", "at most 10"),
    ],
)
def test_bad_input_is_rejected_beside_the_field(
    auth_client, logged, set_field_error, field, typed, message
):
    response = auth_client.post(url(logged), form(logged, **{"reps": 5, "load": 100, field: typed}))
    assert response.status_code == 422
    assert message in set_field_error(response, f"s{logged.pk}-{field}")
    logged.refresh_from_db()
    assert (logged.reps, logged.load_kg, logged.rpe) == (5, 100, None)


def test_a_duration_over_24_hours_is_rejected(auth_client, run, set_field_error):
    response = auth_client.post(url(run), form(run, duration="30:00:00", distance=5))
    assert response.status_code == 422
    assert "longer than 24 hours" in set_field_error(response, f"s{run.pk}-duration")
    run.refresh_from_db()
    assert run.duration_s == 1800


def test_bad_input_with_htmx_swaps_only_the_form_row(
    auth_client, logged, htmx_headers, set_field_error
):
    response = auth_client.post(
        url(logged), form(logged, reps="-1", load=100), headers=htmx_headers
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith(f'<li class="set-row set-row-editing" id="set-{logged.pk}"')
    assert "<html" not in html
    assert response.headers["HX-Retarget"] == f"#set-{logged.pk}"
    assert set_field_error(response, f"s{logged.pk}-reps")
    assert "HX-Trigger" not in response.headers


# ---------- records are recomputed ----------


def test_editing_the_record_down_moves_the_record(auth_client, user, three_sets):
    first, best, third = three_sets
    auth_client.post(url(best), form(best, reps=5, load=95))
    assert not PersonalRecord.objects.filter(logged_set=best).exists()
    heaviest = PersonalRecord.objects.get(kind="heaviest")
    assert heaviest.logged_set == third
    assert heaviest.value == 105


def test_no_record_points_at_a_set_that_no_longer_holds_it(auth_client, user, three_sets):
    first, best, third = three_sets
    auth_client.post(url(best), form(best, reps=1, load=20))
    for record in PersonalRecord.objects.filter(user=user).select_related("logged_set"):
        logged = record.logged_set
        held = {
            "heaviest": logged.load_kg,
            "reps": logged.reps,
            "set_volume": (logged.load_kg or 0) * (logged.reps or 0),
        }
        if record.kind in held:
            assert held[record.kind] == pytest.approx(record.value)
    assert max(LoggedSet.objects.values_list("load_kg", flat=True)) == 105
    assert PersonalRecord.objects.get(kind="heaviest").value == 105


def test_the_badge_moves_in_the_returned_card(auth_client, three_sets, htmx_headers, set_row):
    first, best, third = three_sets
    response = auth_client.post(url(best), form(best, reps=5, load=95), headers=htmx_headers)
    assert 'class="badge-pr"' not in set_row(response, best)
    assert 'class="badge-pr"' in set_row(response, third)


def test_editing_a_set_up_makes_it_the_record(auth_client, three_sets):
    first, best, third = three_sets
    auth_client.post(url(third), form(third, reps=5, load=120))
    heaviest = PersonalRecord.objects.filter(kind="heaviest").order_by("-value").first()
    assert heaviest.logged_set == third
    assert heaviest.value == 120


def test_turning_the_record_into_a_warm_up_removes_its_record(auth_client, three_sets):
    first, best, third = three_sets
    auth_client.post(url(best), form(best, reps=5, load=110, is_warmup="on"))
    best.refresh_from_db()
    assert best.is_warmup
    assert not PersonalRecord.objects.filter(logged_set=best).exists()


def test_an_empty_post_is_explained_not_ignored(auth_client, logged, set_field_error):
    response = auth_client.post(url(logged), {})
    assert response.status_code == 422
    assert "Enter at least one of" in set_field_error(response, f"s{logged.pk}-reps")
    logged.refresh_from_db()
    assert (logged.reps, logged.load_kg) == (5, 100)


def test_raising_a_reading_in_an_edit_earns_its_quote(auth_client, user, punch_test, htmx_headers):
    from workouts.models import QuoteUnlock

    entry = EntryFactory(session=SessionFactory(user=user), exercise=punch_test)
    logged = SetFactory(entry=entry, reps=10, load_kg=None, force_psi=100)
    response = auth_client.post(
        url(logged), form(logged, reps="10", force_psi="1900"), headers=htmx_headers
    )
    html = response.content.decode()
    toasts = html[
        html.find(
            '<div id="toasts" class="toasts" aria-live="polite" role="status" '
            'hx-swap-oob="beforeend">'
        ) :
    ]
    assert '<div class="toast toast-quote">' in toasts and "Quote unlocked" in toasts
    assert QuoteUnlock.objects.filter(user=user, quote__rule="punch_force_1850").exists()


def test_the_edit_form_shows_a_load_to_three_decimals_so_saving_changes_nothing(
    auth_client, entry, in_pounds_and_miles
):
    logged = SetFactory(entry=entry, reps=5, load_kg=100.125 * 0.45359237)
    page = auth_client.get(url(logged)).content.decode()
    assert 'value="100.125"' in page


def opened_version(client, logged):
    import re

    page = client.get(url(logged)).content.decode()
    return re.search(r'name="version" value="([0-9a-f]+)"', page).group(1)


def test_a_set_edited_on_two_devices_keeps_the_later_edit_and_says_so(auth_client, logged):
    phone = opened_version(auth_client, logged)
    laptop = opened_version(auth_client, logged)
    auth_client.post(url(logged), {**form(logged, reps=6, load=100), "version": laptop})
    response = auth_client.post(
        url(logged), {**form(logged, reps=5, load=105), "version": phone}, follow=True
    )
    logged.refresh_from_db()
    assert (logged.reps, logged.load_kg) == (5, 105)
    shown = [str(m) for m in response.context["messages"]]
    assert (
        "This set was changed on another device after you opened it (to 100 kg × 6); "
        "your edit is the later one, so it is the one kept."
    ) in shown


def test_an_edit_with_no_change_in_between_does_not_mention_another_device(auth_client, logged):
    version = opened_version(auth_client, logged)
    response = auth_client.post(
        url(logged), {**form(logged, reps=6, load=100), "version": version}, follow=True
    )
    assert not any("another device" in str(m) for m in response.context["messages"])


# ---------- an implausible value is asked about, as when logging ----------


def confirmation(response, name):
    """{name: value} of the tick box confirming an asked value, as a browser sends it ticked."""
    import re

    match = re.search(
        rf'<input type="checkbox" name="({re.escape(name)})" value="([^"]*)"',
        response.content.decode(),
    )
    return {match.group(1): match.group(2)} if match else {}


def test_an_edit_to_a_load_far_above_the_best_is_asked_about_not_saved(
    auth_client, logged, set_field_error
):
    response = auth_client.post(url(logged), form(logged, reps=5, load=605))
    assert response.status_code == 422
    assert set_field_error(response, f"s{logged.pk}-load") == (
        "605 kg is far above your heaviest Bench press so far (100 kg). Is that right?"
    )
    logged.refresh_from_db()
    assert logged.load_kg == 100


def test_an_edit_to_a_confirmed_implausible_load_is_saved(auth_client, logged):
    asked = auth_client.post(url(logged), form(logged, reps=5, load=605))
    data = {**form(logged, reps=5, load=605), **confirmation(asked, f"s{logged.pk}-confirm_load")}
    assert auth_client.post(url(logged), data).status_code == 302
    logged.refresh_from_db()
    assert logged.load_kg == 605


def test_htmx_asks_about_an_edit_in_the_form_row(auth_client, logged, htmx_headers):
    response = auth_client.post(url(logged), form(logged, reps=5, load=605), headers=htmx_headers)
    assert response.status_code == 422
    assert response.headers["HX-Retarget"] == f"#set-{logged.pk}"
    assert "Yes, 605 kg is right" in response.content.decode()


def test_an_edit_that_keeps_an_implausible_warm_up_load_does_not_ask_again(auth_client, entry):
    SetFactory(entry=entry, reps=5, load_kg=100)
    warm_up = SetFactory(entry=entry, reps=5, load_kg=605, is_warmup=True)  # not in the bests
    response = auth_client.post(url(warm_up), form(warm_up, reps=5, load=605, note="Typo?"))
    assert response.status_code == 302
    warm_up.refresh_from_db()
    assert warm_up.note == "Typo?"
