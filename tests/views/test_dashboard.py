import datetime as dt

import pytest

from tests.factories import (
    BodyWeightFactory,
    EntryFactory,
    ExerciseFactory,
    SessionFactory,
    SetFactory,
    bulk_sessions,
)
from workouts.dashboard import periods, rollups
from workouts.logbook import actions
from workouts.models import BodyWeight, Enrolment, PersonalRecord, Plan, Profile

URL = "/dashboard/"
NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)  # a Wednesday

pytestmark = pytest.mark.usefixtures("frozen")


def train(user, when, *, exercise=None, sets=1, load=100.0, style="natural", minutes=45):
    session = SessionFactory(
        user=user, started_at=when, style=style, finished_at=when + dt.timedelta(minutes=minutes)
    )
    entry = EntryFactory(session=session, **({"exercise": exercise} if exercise else {}))
    for _ in range(sets):
        SetFactory(entry=entry, reps=5, load_kg=load)
    rollups.refresh_session_summary(session)
    return session


def test_a_new_user_sees_a_friendly_start(auth_client):
    html = auth_client.get(URL).content.decode()
    assert "Your montage starts with one session" in html
    assert "<canvas" not in html
    assert 'href="/sessions/"' in html


@pytest.mark.parametrize("range_key", ["4w", "12w", "1y", "all"])
def test_every_range_renders_its_figures(auth_client, user, range_key):
    train(user, NOW - dt.timedelta(days=1), sets=2)
    response = auth_client.get(URL, {"range": range_key})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="volume-data"' in html and 'id="time-data"' in html
    assert 'aria-current="true">' + periods.RANGES[range_key][0] in html
    assert "1,000 kg" in html or "1000 kg" in html  # 2 x 5 x 100 kg


def test_an_unknown_range_falls_back_to_twelve_weeks(auth_client, user):
    train(user, NOW - dt.timedelta(days=1))
    html = auth_client.get(URL, {"range": "forever"}).content.decode()
    assert "Last 12 weeks" in html


def test_the_range_switch_returns_only_the_range_region_to_htmx(auth_client, user, htmx_headers):
    train(user, NOW - dt.timedelta(days=1))
    response = auth_client.get(
        URL, {"range": "1y"}, headers={**htmx_headers, "HX-Target": "dashboard-range"}
    )
    html = response.content.decode()
    assert '<section id="dashboard-range"' in html
    assert "<html" not in html and "heat-card" not in html
    assert "HX-Request" in response["Vary"]


def test_the_exercise_picker_returns_only_the_progress_panel(auth_client, user, htmx_headers):
    squat = ExerciseFactory(owner=user, name="Squat")
    press = ExerciseFactory(owner=user, name="Press")
    train(user, NOW - dt.timedelta(days=2), exercise=squat, load=140.0)
    train(user, NOW - dt.timedelta(days=1), exercise=press, load=60.0)
    response = auth_client.get(
        URL,
        {"exercise": press.pk, "range": "4w"},
        headers={**htmx_headers, "HX-Target": "progress-panel"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="progress-panel"')
    assert "Progress: Press" in html and "60 kg" in html and "140 kg" not in html


def test_weeks_and_units_follow_the_profile(auth_client, user):
    Profile.objects.filter(user=user).update(weight_unit="lb", week_start=6)
    train(user, NOW - dt.timedelta(days=1))
    html = auth_client.get(URL, {"range": "4w"}).content.decode()
    assert "9 Mar 2025" in html  # the Sunday that starts this week
    assert "1,102 lb" in html  # 500 kg


def test_plan_and_fight_night_countdown(auth_client, user):
    plan = Plan.objects.first()
    Enrolment.objects.create(
        user=user, plan=plan, start_date=dt.date(2025, 3, 3), fight_date=dt.date(2025, 3, 30)
    )
    train(user, NOW - dt.timedelta(days=1))
    html = auth_client.get(URL).content.decode()
    assert plan.name in html and "Day 10 of" in html and "18</span> days to fight night" in html


def test_a_paused_plan_reads_as_paused_not_as_no_plan(auth_client, user):
    plan = Plan.objects.first()
    Enrolment.objects.create(
        user=user,
        plan=plan,
        start_date=dt.date(2025, 3, 3),
        status=Enrolment.Status.PAUSED,
        paused_on=dt.date(2025, 3, 8),
    )
    html = " ".join(auth_client.get(URL).content.decode().split())
    assert "No active plan" not in html
    assert "Paused plan" in html and "Paused on day 6 of" in html


def test_a_new_user_with_a_paused_plan_is_not_offered_another(auth_client, user):
    Enrolment.objects.create(
        user=user,
        plan=Plan.objects.first(),
        start_date=dt.date(2025, 3, 3),
        status=Enrolment.Status.PAUSED,
        paused_on=dt.date(2025, 3, 8),
    )
    html = auth_client.get(URL).content.decode()
    assert "Your montage starts with one session" in html
    assert "Follow a six-week plan" not in html


def test_a_new_user_without_a_plan_is_offered_one(auth_client, user):
    html = auth_client.get(URL).content.decode()
    assert "Follow a six-week plan" in html


def test_three_timed_sets_chart_their_duration(auth_client, user):
    from workouts.models import Exercise

    ergometer = Exercise.objects.get(name="Arm ergometer", owner=None)
    session = SessionFactory(
        user=user,
        started_at=NOW - dt.timedelta(hours=2),
        finished_at=NOW - dt.timedelta(minutes=30),
    )
    entry = EntryFactory(session=session, exercise=ergometer)
    for seconds in (60, 90, 113):
        actions.log_set(entry, {"duration_s": seconds}, now=NOW - dt.timedelta(hours=1))
    html = " ".join(auth_client.get(URL, {"exercise": ergometer.pk}).content.decode().split())
    assert "No Arm ergometer" not in html
    assert "Longest duration" in html and "1 min 53 s" in html


def test_all_time_with_nothing_to_chart_never_says_in_the_last_all_time(auth_client, user):
    train(user, NOW - dt.timedelta(days=3))
    BodyWeightFactory(user=user, date=dt.date(2020, 1, 1))
    html = " ".join(auth_client.get(URL, {"range": "all"}).content.decode().split())
    assert "in the last All time" not in html


def test_a_pound_user_is_not_told_to_add_a_kilo(auth_client, user):
    Profile.objects.filter(user=user).update(weight_unit="lb")
    train(user, NOW - dt.timedelta(days=40))
    html = auth_client.get(URL).content.decode()
    assert "No records in the last 30 days" in html
    assert "a kilo" not in html and "a pound" in html


def test_minutes_are_grouped_like_every_other_number(auth_client, user):
    for days in (1, 2):
        train(user, NOW - dt.timedelta(days=days), minutes=600)
    html = auth_client.get(URL).content.decode()
    assert "1,200 min" in html and "1200 min" not in html


def test_records_of_the_last_thirty_days(auth_client, user):
    session = train(user, NOW - dt.timedelta(days=1))
    logged = session.sets.first()
    PersonalRecord.objects.create(
        user=user,
        exercise=logged.exercise,
        logged_set=logged,
        kind="heaviest",
        value=100.0,
        achieved_at=logged.logged_at,
    )
    html = auth_client.get(URL).content.decode()
    assert "Heaviest load 100 kg" in html


def test_no_trace_of_another_users_data(auth_client, user, other_user):
    secret = ExerciseFactory(owner=other_user, name="Secret serum")
    session = train(other_user, NOW - dt.timedelta(days=1), exercise=secret, load=222.0)
    logged = session.sets.first()
    PersonalRecord.objects.create(
        user=other_user,
        exercise=secret,
        logged_set=logged,
        kind="heaviest",
        value=222.0,
        achieved_at=logged.logged_at,
    )
    BodyWeightFactory(user=other_user, date=dt.date(2025, 3, 10), weight_kg=118.0)
    train(user, NOW - dt.timedelta(days=3), load=50.0)
    for range_key in periods.RANGES:
        html = auth_client.get(URL, {"range": range_key, "exercise": secret.pk}).content.decode()
        assert "Secret serum" not in html
        assert "222" not in html and "118" not in html and "1110" not in html


def _history(user, first, last):
    """A session of three sets and a weigh-in a day, `first` to `last` days back, in bulk."""
    days = range(first, last)
    bulk_sessions(
        user,
        ExerciseFactory(owner=user),
        sets=3,
        minutes=45,
        style="natural",
        starts=[NOW - dt.timedelta(days=n + 1, hours=n % 3) for n in days],
    )
    BodyWeight.objects.bulk_create(
        [
            BodyWeight(user=user, date=(NOW - dt.timedelta(days=n)).date(), weight_kg=80.0)
            for n in days
        ]
    )
    rollups.rebuild_summaries(user)


@pytest.mark.parametrize("range_key", ["4w", "all"])
def test_query_count_does_not_grow_with_history(
    auth_client, user, range_key, django_assert_max_num_queries
):
    _history(user, 0, 3)
    with django_assert_max_num_queries(14) as small:
        response = auth_client.get(URL, {"range": range_key})
    assert response.status_code == 200
    _history(user, 3, 400)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = auth_client.get(URL, {"range": range_key})
    assert response.status_code == 200


def test_the_heat_map_has_a_month_table_for_screen_readers(auth_client, user):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import SessionFactory

    start = timezone.now() - dt.timedelta(days=3)
    SessionFactory(user=user, started_at=start, finished_at=start + dt.timedelta(minutes=50))
    page = auth_client.get("/dashboard/").content.decode()
    assert "The last 365 days as a table" in page
    assert f'<th scope="row">{start:%b %Y}</th><td>1</td><td>1</td><td>50</td>' in page


def test_a_user_with_weigh_ins_but_no_sessions_sees_the_body_weight_chart(auth_client, user):
    from django.utils import timezone

    from workouts.models import BodyWeight

    BodyWeight.objects.create(user=user, date=timezone.now().date(), weight_kg=81.5)
    page = auth_client.get("/dashboard/").content.decode()
    assert "Your montage starts with one session" in page
    assert 'data-chart="weight-data"' in page
