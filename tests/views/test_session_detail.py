import datetime as dt
import json
import re

import pytest
from django.db import reset_queries

from tests.factories import (
    EntryFactory,
    ExerciseFactory,
    SessionFactory,
    SetFactory,
    UserFactory,
    build_history,
)
from workouts.logbook.records_store import rebuild_records

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)

pytestmark = pytest.mark.usefixtures("frozen")


def url(session):
    return f"/sessions/{session.pk}/"


@pytest.fixture
def session(user):
    return SessionFactory(
        user=user, title="Barn strength", started_at=NOW - dt.timedelta(minutes=40)
    )


@pytest.fixture
def entry(session, bench):
    return EntryFactory(session=session, exercise=bench)


def test_other_users_session_is_404(auth_client, other_user):
    theirs = SessionFactory(user=other_user)
    assert auth_client.get(url(theirs)).status_code == 404


@pytest.mark.parametrize("target", ["session-totals", "exercise-search-results"])
def test_other_users_session_is_404_for_every_partial(
    auth_client, other_user, htmx_headers, target
):
    theirs = SessionFactory(user=other_user)
    response = auth_client.get(
        url(theirs), {"q": "squat"}, headers={**htmx_headers, "HX-Target": target}
    )
    assert response.status_code == 404


def test_it_shows_the_session_with_its_exercises_and_sets(auth_client, entry):
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.get(url(entry.session))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Barn strength" in html
    assert f'id="entry-{entry.pk}"' in html
    assert "Bench press" in html
    assert "100 kg × 5" in html


def test_set_form_has_only_the_fields_the_exercise_measures(auth_client, entry):
    html = auth_client.get(url(entry.session)).content.decode()
    assert f'name="e{entry.pk}-reps"' in html
    assert f'name="e{entry.pk}-load"' in html
    assert f'name="e{entry.pk}-duration"' not in html
    assert f'name="e{entry.pk}-distance"' not in html
    assert f'name="e{entry.pk}-force_psi"' not in html


def test_set_form_of_a_run_asks_for_time_and_distance(auth_client, session, snow_run):
    entry = EntryFactory(session=session, exercise=snow_run)
    html = auth_client.get(url(session)).content.decode()
    assert f'name="e{entry.pk}-duration"' in html
    assert f'name="e{entry.pk}-distance"' in html
    assert f'name="e{entry.pk}-reps"' not in html
    assert f'name="e{entry.pk}-load"' not in html


def test_set_form_shows_the_readings_of_high_tech_exercises(auth_client, session, punch_test):
    entry = EntryFactory(session=session, exercise=punch_test)
    html = auth_client.get(url(session)).content.decode()
    assert f'name="e{entry.pk}-force_psi"' in html
    assert f'name="e{entry.pk}-power_w"' in html
    assert f'name="e{entry.pk}-heart_rate_bpm"' not in html


def test_a_punch_reads_as_its_force_and_power_without_a_leading_separator(
    auth_client, session, punch_test
):
    entry = EntryFactory(session=session, exercise=punch_test)
    SetFactory(entry=entry, reps=None, load_kg=None, force_psi=1850, power_w=410)
    html = auth_client.get(url(session)).content.decode()
    values = re.search(r'<span class="set-values">(.*?)</span>', html, re.S).group(1)
    assert values == "1,850 psi · 410 W"


def test_values_are_shown_in_the_users_units(auth_client, entry, in_pounds_and_miles):
    SetFactory(entry=entry, reps=5, load_kg=102.058)
    html = auth_client.get(url(entry.session)).content.decode()
    assert "225 lb × 5" in html
    assert "Load (lb)" in html


def test_the_record_holding_set_has_a_badge(auth_client, entry, user, set_row):
    first = SetFactory(entry=entry, reps=5, load_kg=100, position=1)
    best = SetFactory(entry=entry, reps=5, load_kg=110, position=2)
    rebuild_records(user, entry.exercise_id)
    response = auth_client.get(url(entry.session))
    assert 'class="badge-pr"' not in set_row(response, first)
    assert 'class="badge-pr"' in set_row(response, best)
    assert "Heaviest load" in set_row(response, best)


def test_it_shows_last_times_sets(auth_client, user, entry):
    earlier = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=3))
    SetFactory(entry=EntryFactory(session=earlier, exercise=entry.exercise), reps=8, load_kg=92.5)
    html = auth_client.get(url(entry.session)).content.decode()
    assert "92.5 kg × 8" in html
    assert "first time" not in html


def test_fill_from_last_time_reads_its_values_from_a_json_script(
    auth_client, user, entry, in_pounds_and_miles
):
    earlier = SessionFactory(user=user, started_at=NOW - dt.timedelta(days=3))
    past = EntryFactory(session=earlier, exercise=entry.exercise)
    SetFactory(entry=past, reps=8, load_kg=102.058, position=1)
    SetFactory(entry=past, reps=6, load_kg=110, position=2)
    html = auth_client.get(url(entry.session)).content.decode()
    button = re.search(r'<button[^>]*data-fill="([^"]+)"[^>]*>Fill from last time</button>', html)
    script = re.search(
        rf'<script id="{button.group(1)}" type="application/json">(.*?)</script>', html
    )
    rows = json.loads(script.group(1))
    assert [(row["reps"], row["load"]) for row in rows] == [("8", "225"), ("6", "242.51")]


def test_last_time_never_shows_another_users_sets(auth_client, other_user, entry):
    theirs = SessionFactory(user=other_user, started_at=NOW - dt.timedelta(days=3))
    SetFactory(entry=EntryFactory(session=theirs, exercise=entry.exercise), reps=3, load_kg=180)
    html = auth_client.get(url(entry.session)).content.decode()
    assert "180 kg" not in html
    assert "first time" in html


def test_totals_leave_out_warm_ups(auth_client, entry):
    SetFactory(entry=entry, reps=10, load_kg=40, is_warmup=True)
    SetFactory(entry=entry, reps=5, load_kg=100)
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.get(
        url(entry.session), headers={"HX-Request": "true", "HX-Target": "session-totals"}
    )
    html = response.content.decode()
    assert '<span class="stat-value">2</span><span class="stat-label">working sets' in html
    assert "1,000 kg" in html


def test_the_full_page_totals_are_the_totals_region(auth_client, entry, htmx_headers):
    """The page adds up the sets it lists; the region (after a set is logged) asks the
    database: both say the same."""
    SetFactory(entry=entry, reps=10, load_kg=40, is_warmup=True)
    SetFactory(entry=entry, reps=5, load_kg=100)
    timed = EntryFactory(session=entry.session)
    SetFactory(entry=timed, reps=None, load_kg=None, duration_s=90, distance_m=400)
    region = auth_client.get(
        url(entry.session), headers={**htmx_headers, "HX-Target": "session-totals"}
    ).content.decode()
    page = auth_client.get(url(entry.session)).content.decode()
    start = page.index('<section id="session-totals"')
    assert page[start : page.index("</section>", start) + 10] == region.strip()
    assert '<span class="stat-value">2</span><span class="stat-label">working sets' in region


def test_htmx_totals_returns_only_the_totals(auth_client, entry, htmx_headers):
    SetFactory(entry=entry, reps=5, load_kg=100)
    response = auth_client.get(
        url(entry.session), headers={**htmx_headers, "HX-Target": "session-totals"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="session-totals"')
    assert "<html" not in html
    assert f'id="entry-{entry.pk}"' not in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_search_returns_only_the_results(auth_client, session, htmx_headers):
    response = auth_client.get(
        url(session),
        {"q": "squat"},
        headers={**htmx_headers, "HX-Target": "exercise-search-results"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="exercise-search-results"' in html
    assert "<html" not in html
    assert "Back squat" in html
    assert "Bench press" not in html


def test_search_finds_the_users_own_exercises_but_not_others(
    auth_client, session, user, other_user, htmx_headers
):
    ExerciseFactory(owner=user, name="Yak haul")
    ExerciseFactory(owner=other_user, name="Yak sprint")
    response = auth_client.get(
        url(session), {"q": "yak"}, headers={**htmx_headers, "HX-Target": "exercise-search-results"}
    )
    html = response.content.decode()
    assert "Yak haul" in html
    assert "Yak sprint" not in html


def test_search_works_without_javascript(auth_client, session):
    html = auth_client.get(url(session), {"q": "snow"}).content.decode()
    assert "<html" in html
    assert "Snow run" in html
    assert f'action="/sessions/{session.pk}/exercises/"' in html


def test_search_that_finds_nothing_says_so(auth_client, session, htmx_headers):
    response = auth_client.get(
        url(session),
        {"q": "zzzz"},
        headers={**htmx_headers, "HX-Target": "exercise-search-results"},
    )
    assert "No exercise matches" in response.content.decode()


def test_an_unfinished_session_offers_to_finish(auth_client, session):
    html = auth_client.get(url(session)).content.decode()
    assert f'action="/sessions/{session.pk}/finish/"' in html


def test_a_finished_session_shows_its_duration(auth_client, session):
    session.finished_at = session.started_at + dt.timedelta(minutes=75)
    session.save()
    html = auth_client.get(url(session)).content.decode()
    assert "1 h 15 min" in html
    assert f'action="/sessions/{session.pk}/finish/"' not in html


# ---------- query budget ----------

DETAIL_BUDGET = 8  # request 2, session, entries, sets, badges, last time 2 (totals from those)


def workout_of(person, exercises):
    """Today's session: one entry per exercise with three sets each."""
    session = SessionFactory(user=person, started_at=NOW - dt.timedelta(minutes=40))
    for exercise in exercises:
        entry = EntryFactory(session=session, exercise=exercise)
        for position in (1, 2, 3):
            SetFactory(entry=entry, position=position, reps=5, load_kg=100)
    return session


def test_it_runs_a_bounded_number_of_queries(
    auth_client, session, entry, django_assert_max_num_queries
):
    SetFactory(entry=entry)
    with django_assert_max_num_queries(DETAIL_BUDGET):
        response = auth_client.get(url(session))
    assert response.status_code == 200


def test_queries_do_not_grow_with_history(client, bench, django_assert_max_num_queries):
    # The baseline has one earlier workout, so "last time" is shown for both users.
    fresh, veteran = UserFactory(), UserFactory()
    squat = ExerciseFactory(owner=None, name="Test squat")
    build_history(fresh, bench, sessions=1)
    build_history(veteran, bench, sessions=30)
    build_history(veteran, squat, sessions=30)
    mine = {person: workout_of(person, [bench, squat]) for person in (fresh, veteran)}

    client.force_login(fresh)
    reset_queries()  # building the history filled Django's bounded query log
    with django_assert_max_num_queries(DETAIL_BUDGET) as baseline:
        response = client.get(url(mine[fresh]))
    assert response.status_code == 200
    budget = len(baseline)

    client.force_login(veteran)
    reset_queries()
    with django_assert_max_num_queries(budget):
        response = client.get(url(mine[veteran]))
    assert response.status_code == 200
    assert response.content.decode().count('class="last-set"') == 10  # 5 sets x 2 exercises


def test_without_javascript_the_delete_buttons_lead_to_a_confirmation_page(
    auth_client, user, bench
):
    from tests.factories import EntryFactory, SessionFactory, SetFactory

    entry = EntryFactory(session=SessionFactory(user=user), exercise=bench)
    logged = SetFactory(entry=entry)
    page = auth_client.get(f"/sessions/{entry.session_id}/").content.decode()
    assert f'<form method="get" action="/sets/{logged.pk}/delete/"' in page
    assert f'<form method="get" action="/entries/{entry.pk}/delete/"' in page
