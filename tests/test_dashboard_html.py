"""The dashboard's HTML built in Python (issue 15) gives the bytes Django's template filters and
escaping gave: the helpers against the filters they replace."""

import datetime as dt

import pytest
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from hypothesis import example, given
from hypothesis import strategies as st

from workouts.dashboard import charts, periods
from workouts.escaping import escaped
from workouts.views.dashboard import _options, _table_rows

NOW = dt.datetime(2025, 3, 12, 12, 0, tzinfo=dt.UTC)  # the frozen clock of the page's test


@given(st.floats(min_value=-1e9, max_value=1e12, allow_nan=False, allow_infinity=False))
@example(0.5)
@example(1.5)
@example(2.5)
@example(-0.4)
@example(-2.5)
@example(1234.5)
@example(999.5)
@example(0.49999999999999994)
@example(1e16)
@example(3.7e-175)
def test_whole_is_floatformat_0g(value):
    assert charts.whole(value) == floatformat(value, "0g")


def test_whole_rounds_halves_up_and_groups_thousands():
    assert charts.whole(1234.5) == "1,235"
    assert charts.whole(2.5) == "3"
    assert charts.whole(600) == "600"
    assert charts.whole(1_200_000.0) == "1,200,000"


def test_day_and_month_names_are_strftimes_for_every_day_of_a_leap_year():
    day = dt.date(2024, 1, 1)
    while day.year == 2024:
        assert charts.DAY_NAMES[day.weekday()] == day.strftime("%a")
        assert charts.MONTH_NAMES[day.month - 1] == day.strftime("%b")
        assert f"{charts.MONTH_NAMES[day.month - 1]} {day.year}" == date_filter(day, "M Y")
        day += dt.timedelta(days=1)


def test_heat_labels_name_every_day_as_strftime_would():
    today = dt.date(2025, 3, 12)
    heat = charts.heat_labels(periods.heat_map([], today, 0), "kg")
    assert len(heat.days) == periods.HEAT_DAYS
    for cell in heat.days:
        assert cell.label == f"{cell.day:%a} {cell.day.day} {cell.day:%b %Y}: rest day"


def test_cells_are_escaped_as_conditional_escape_escapes_them():
    for value in ["<b>\"Tom\" & 'Jerry'</b>", "plain", 1234, 12.5, mark_safe("<i>safe</i>")]:
        assert escaped(value) == conditional_escape(value)
    assert escaped(mark_safe("<i>safe</i>")) == "<i>safe</i>"
    assert escaped("<script>") == "&lt;script&gt;"


def test_table_rows_escape_headings_and_cells():
    html = _table_rows([("<Mar>", ["a & b", 3, mark_safe("<em>1</em>")])])
    assert html == (
        '<tr><th scope="row">&lt;Mar&gt;</th><td>a &amp; b</td><td>3</td><td><em>1</em></td></tr>'
    )


def test_picker_options_escape_names_and_select_the_charted_exercise():
    html = _options([(3, "Tom & Jerry's <curl>"), (7, "Squat")], 7)
    assert html == (
        '<option value="3">Tom &amp; Jerry&#x27;s &lt;curl&gt;</option>'
        '<option value="7" selected>Squat</option>'
    )
    assert _options([(3, "Squat")], None) == '<option value="3">Squat</option>'


@pytest.mark.usefixtures("frozen")
def test_the_picker_on_the_page_lists_the_users_exercises_with_the_charted_one_selected(
    auth_client, user
):
    from tests.factories import EntryFactory, ExerciseFactory, SessionFactory, SetFactory
    from workouts.dashboard import rollups

    odd = ExerciseFactory(owner=user, name='<Odd> & "quoted"')
    squat = ExerciseFactory(owner=user, name="Squat")
    for exercise, days in ((odd, 1), (squat, 2), (squat, 3)):
        start = dt.datetime(2025, 3, 12, 8, tzinfo=dt.UTC) - dt.timedelta(days=days)
        session = SessionFactory(
            user=user, started_at=start, finished_at=start + dt.timedelta(hours=1)
        )
        SetFactory(entry=EntryFactory(session=session, exercise=exercise))
        rollups.refresh_session_summary(session)
    html = auth_client.get("/dashboard/", {"exercise": odd.pk}).content.decode()
    assert (
        f'<option value="{squat.pk}">Squat</option>'
        f'<option value="{odd.pk}" selected>&lt;Odd&gt; &amp; &quot;quoted&quot;</option>'
    ) in html
