import datetime as dt
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
from workouts.dashboard.rollups import rebuild_summaries
from workouts.logbook.records_store import rebuild_records
from workouts.models import Plan, PlanDay

NOW = dt.datetime(2025, 1, 10, 18, 0, tzinfo=dt.UTC)
URL = "/sessions/"

pytestmark = pytest.mark.usefixtures("frozen")


def at(day, hour=12, minute=0):
    return dt.datetime(2025, 1, day, hour, minute, tzinfo=dt.UTC)


def titles(response):
    """Session titles in the order the history lists them."""
    import re

    return [
        title.strip()
        for title in re.findall(r'<span class="history-title">([^<]*)', response.content.decode())
    ]


def plan_day(slug):
    return PlanDay.objects.filter(plan__slug=slug).order_by("week", "day").first()


def test_it_lists_only_the_users_sessions(auth_client, user, other_user):
    SessionFactory(user=user, title="Barn strength")
    SessionFactory(user=other_user, title="Drago lab")
    response = auth_client.get(URL)
    assert response.status_code == 200
    assert titles(response) == ["Barn strength"]


def test_newest_comes_first(auth_client, user):
    SessionFactory(user=user, title="Middle", started_at=at(5))
    SessionFactory(user=user, title="Newest", started_at=at(8))
    SessionFactory(user=user, title="Oldest", started_at=at(2))
    assert titles(auth_client.get(URL)) == ["Newest", "Middle", "Oldest"]


def test_an_empty_history_invites_a_first_session(auth_client):
    assert "No sessions yet" in auth_client.get(URL).content.decode()


def test_a_row_shows_duration_volume_sets_and_records(auth_client, user, bench):
    earlier = SessionFactory(user=user, title="Earlier", started_at=at(1))
    SetFactory(entry=EntryFactory(session=earlier, exercise=bench), reps=5, load_kg=90)
    session = SessionFactory(
        user=user, title="Barn", started_at=at(3, 10), finished_at=at(3, 11, 15)
    )
    entry = EntryFactory(session=session, exercise=bench)
    SetFactory(entry=entry, reps=10, load_kg=40, is_warmup=True)
    SetFactory(entry=entry, reps=5, load_kg=100)
    SetFactory(entry=entry, reps=5, load_kg=100)
    rebuild_records(user, bench.pk)
    rebuild_summaries(user)  # what actions do on every write (factories skip them)
    html = auth_client.get(URL).content.decode()
    row = html[html.index("Barn") : html.index("Earlier")]
    assert "1 h 15 min" in row
    assert "1,000 kg" in row
    assert "2 sets" in row
    assert "3 PRs" in row


def test_dates_are_shown_in_the_users_time_zone(auth_client, user, in_los_angeles):
    SessionFactory(user=user, started_at=at(4, 7, 30))  # 23:30 on Fri 3 Jan in LA
    html = auth_client.get(URL).content.decode()
    assert "Fri 3 Jan 2025" in html
    assert "23:30" in html


# ---------- pagination ----------


@pytest.fixture
def twenty_five(user):
    for n in range(25):
        SessionFactory(user=user, title=f"Workout {n:02d}", started_at=NOW - dt.timedelta(days=n))


def test_it_shows_twenty_sessions_a_page(auth_client, twenty_five):
    first = titles(auth_client.get(URL))
    assert len(first) == 20
    assert first[0] == "Workout 00"


def test_the_second_page_has_the_rest(auth_client, twenty_five):
    second = titles(auth_client.get(URL, {"page": 2}))
    assert second == [f"Workout {n}" for n in range(20, 25)]


def test_page_links_keep_the_filters(auth_client, twenty_five):
    html = auth_client.get(URL, {"start": "2024-12-01"}).content.decode()
    assert "?start=2024-12-01&amp;page=2" in html


def test_a_page_past_the_end_shows_the_last_page(auth_client, twenty_five):
    assert len(titles(auth_client.get(URL, {"page": 9}))) == 5


# ---------- filters ----------


def test_it_filters_by_style(auth_client, user):
    SessionFactory(user=user, title="Snow", style="natural")
    SessionFactory(user=user, title="Lab", style="high_tech")
    SessionFactory(user=user, title="Mixed", style="both")
    assert sorted(titles(auth_client.get(URL, {"style": "natural"}))) == ["Mixed", "Snow"]


def test_it_filters_by_plan(auth_client, user):
    SessionFactory(user=user, title="Siberia", plan_day=plan_day("siberian-natural"))
    SessionFactory(user=user, title="Lab", plan_day=plan_day("drago-high-tech"))
    SessionFactory(user=user, title="Free")
    plan = Plan.objects.get(slug="siberian-natural")
    response = auth_client.get(URL, {"plan": plan.pk})
    assert titles(response) == ["Siberia"]
    assert "· Siberian Natural" in response.content.decode()


def test_it_filters_by_exercise(auth_client, user, bench, snow_run):
    EntryFactory(session=SessionFactory(user=user, title="Pressing"), exercise=bench)
    EntryFactory(session=SessionFactory(user=user, title="Running"), exercise=snow_run)
    assert titles(auth_client.get(URL, {"exercise": snow_run.pk})) == ["Running"]


def test_another_users_exercise_cannot_be_a_filter(auth_client, user, other_user):
    secret = ExerciseFactory(owner=other_user, name="Drago serum press")
    SessionFactory(user=user, title="Barn")
    response = auth_client.get(URL, {"exercise": secret.pk})
    assert "Select a valid choice" in response.content.decode()
    assert "Drago serum press" not in response.content.decode()


def test_it_filters_by_date_range(auth_client, user):
    for day in (1, 3, 5, 7):
        SessionFactory(user=user, title=f"Day {day}", started_at=at(day))
    response = auth_client.get(URL, {"start": "2025-01-03", "end": "2025-01-05"})
    assert titles(response) == ["Day 5", "Day 3"]


def test_date_filter_uses_the_users_time_zone(auth_client, user, in_los_angeles):
    SessionFactory(user=user, title="Late one", started_at=at(4, 7, 30))  # 3 Jan, 23:30 in LA
    on_the_3rd = auth_client.get(URL, {"start": "2025-01-03", "end": "2025-01-03"})
    on_the_4th = auth_client.get(URL, {"start": "2025-01-04", "end": "2025-01-04"})
    assert titles(on_the_3rd) == ["Late one"]
    assert titles(on_the_4th) == []


def test_an_end_before_the_start_is_explained(auth_client, user):
    response = auth_client.get(URL, {"start": "2025-01-05", "end": "2025-01-03"})
    assert "The end date is before the start date." in response.content.decode()


def test_no_match_says_so(auth_client, user):
    SessionFactory(user=user, title="Barn", started_at=at(2))
    response = auth_client.get(URL, {"start": "2025-01-05"})
    assert "No sessions match these filters." in response.content.decode()


# ---------- htmx ----------


def test_htmx_returns_only_the_results(auth_client, user, htmx_headers):
    SessionFactory(user=user, title="Barn strength")
    response = auth_client.get(
        URL, {"style": ""}, headers={**htmx_headers, "HX-Target": "session-results"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="session-results">')
    assert "<html" not in html
    assert 'name="style"' not in html  # the filter form stays on the page
    assert "Barn strength" in html
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_applies_the_filters(auth_client, user, htmx_headers):
    SessionFactory(user=user, title="Snow", style="natural")
    SessionFactory(user=user, title="Lab", style="high_tech")
    response = auth_client.get(URL, {"style": "high_tech"}, headers=htmx_headers)
    assert titles(response) == ["Lab"]


# ---------- query budget ----------

LIST_BUDGET = 6  # session, user, count, the plan and exercise menus, the page


def test_it_runs_a_bounded_number_of_queries(
    auth_client, user, bench, django_assert_max_num_queries
):
    build_history(user, bench, sessions=3)
    with django_assert_max_num_queries(LIST_BUDGET):
        response = auth_client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 3


def test_queries_do_not_grow_with_history(client, bench, django_assert_max_num_queries):
    fresh, veteran = UserFactory(), UserFactory()
    build_history(fresh, bench, sessions=1)
    build_history(veteran, bench, sessions=30)
    for person in (fresh, veteran):  # a plan session on the page too
        SessionFactory(user=person, title="Plan day", plan_day=plan_day("siberian-natural"))

    client.force_login(fresh)
    reset_queries()  # building the history filled Django's bounded query log
    with django_assert_max_num_queries(LIST_BUDGET) as baseline:
        response = client.get(URL)
    assert response.status_code == 200
    budget = len(baseline)

    client.force_login(veteran)
    reset_queries()
    with django_assert_max_num_queries(budget):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 20


def test_the_page_counts_and_skips_sessions_without_their_figures(
    client, bench, django_assert_max_num_queries
):
    """The count and the rows skipped before a page read the sessions alone: the roll-up join
    and the records subquery are for the twenty rows shown (a deep page cost as much as every
    page before it)."""
    veteran = UserFactory()
    build_history(veteran, bench, sessions=25)
    client.force_login(veteran)
    reset_queries()
    with django_assert_max_num_queries(LIST_BUDGET) as queries:
        response = client.get(URL, {"page": 2})
    assert len(titles(response)) == 5
    count = next(q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"])
    assert "sessionsummary" not in count
    page = next(q["sql"] for q in queries.captured_queries if "personalrecord" in q["sql"])
    # The skip is a subquery of the sessions' ids; the figures are read for its rows only.
    assert "OFFSET" in page
    assert re.search(r"OFFSET \d+\s*$", page) is None


def test_an_invalid_filter_is_ignored_but_the_valid_ones_still_apply(auth_client, user):
    SessionFactory(user=user, title="Snow", style="natural")
    SessionFactory(user=user, title="Lab", style="high_tech")
    response = auth_client.get(URL, {"style": "natural", "start": "someday"})
    assert "Enter a valid date." in response.content.decode()
    assert titles(response) == ["Snow"]


@pytest.mark.parametrize("query", ["start=0001-01-01", "end=9999-12-31"])
def test_a_date_too_far_off_is_refused_with_a_message_not_a_crash(auth_client, user, query):
    from workouts.models import Profile

    Profile.objects.filter(user=user).update(time_zone="Asia/Tokyo")
    response = auth_client.get(f"/sessions/?{query}")
    assert response.status_code == 200
    assert "Enter a date between 1970 and next year." in response.content.decode()
