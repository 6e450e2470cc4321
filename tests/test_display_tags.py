"""The display tags that put a plan's targets on the page."""

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from workouts.rules.scheduling import DayPlan


def resolved(**values):
    base = {
        "sets": 5,
        "reps": 5,
        "reps_max": None,
        "duration_s": None,
        "distance_m": None,
        "load_kg": 102.5,
        "rule": "75% e1RM",
        "needs_e1rm": False,
        "needs_history": False,
        "intensity": None,
        "rest_s": 120,
        "item": SimpleNamespace(load_rule="e1rm:75"),
    }
    return SimpleNamespace(**{**base, **values})


def render(t, weight="kg"):
    context = Context({"t": t, "units": {"weight": weight, "distance": "km"}})
    return Template("{% target t %}").render(context)


def test_a_target_shows_the_load_in_bold_with_the_rule_beside_it():
    assert render(resolved()) == (
        '5 × 5 reps @ <strong class="target-load">102.5 kg</strong>'
        '&nbsp;<span class="target-rule">(75% e1RM)</span> · rest 2 min'
    )


def test_a_target_without_a_number_yet_says_how_to_get_one():
    html = render(resolved(load_kg=None, needs_e1rm=True))
    assert "(75% e1RM: log this lift once to get a number)" in html
    assert "target-load" not in html


def test_a_targets_rule_text_is_escaped():
    assert "&lt;b&gt;" in render(resolved(rule="<b>"))


def item(**values):
    base = {
        "sets": 3,
        "reps": 8,
        "reps_max": None,
        "duration_s": None,
        "distance_m": None,
        "load_kg": None,
        "intensity": None,
        "rest_s": None,
        "note": "",
        "load_rule": "e1rm:70",
        "rule_text": "70% e1RM",
        "exercise_id": 7,
        "exercise": SimpleNamespace(name="Log <press>"),
    }
    return SimpleNamespace(**{**base, **values})


def render_items(items, weight="kg"):
    context = Context({"items": items, "units": {"weight": weight, "distance": "km"}})
    return Template("{% plan_items items %}").render(context)


def test_a_plan_day_lists_each_exercise_linked_with_its_dose_and_rule():
    assert render_items([item()]) == (
        '<ul class="prescription"><li><a href="/exercises/7/">Log &lt;press&gt;</a> '
        '<span class="dose">3 × 8 reps&nbsp;<span class="target-rule">(70% e1RM)</span>'
        "</span></li></ul>"
    )


def test_a_plan_days_cue_reads_in_the_users_units():
    html = render_items([item(note="Drag 40 kg", load_rule="")], weight="lb")
    assert '<span class="cue">Drag 88 lb</span>' in html
    assert "target-rule" not in html


@pytest.mark.parametrize(
    "name",
    [
        "workouts:set-edit",
        "workouts:set-delete",
        "workouts:set-add",
        "workouts:entry-delete",
        "workouts:exercise-detail",
        "workouts:plan-day-edit",
        "workouts:plan-day-move",
        "workouts:plan-day-duplicate",
        "workouts:plan-day-remove",
        "workouts:plan-item-edit",
        "workouts:plan-item-move",
        "workouts:plan-item-remove",
    ],
)
def test_a_url_by_id_is_the_url_reverse_gives(name):
    from django.urls import reverse

    from workouts.templatetags.montage import url_id

    for pk in (1, 42, 2147483646):
        assert url_id(name, pk) == reverse(name, args=[pk])


def test_a_url_maker_makes_the_urls_url_id_gives():
    from workouts.templatetags.montage import url_id, url_maker

    names = ["workouts:set-edit", "workouts:plan-item-move", "workouts:exercise-detail"]
    makers = url_maker(*names)
    for name, make in zip(names, makers, strict=True):
        assert [make(pk) for pk in (1, 42)] == [url_id(name, pk) for pk in (1, 42)]


def test_a_url_by_id_follows_the_script_prefix():
    from django.urls import set_script_prefix

    from workouts.templatetags.montage import url_id

    set_script_prefix("/gym/")
    try:
        assert url_id("workouts:set-edit", 7) == "/gym/sets/7/edit/"
    finally:
        set_script_prefix("/")
    assert url_id("workouts:set-edit", 7) == "/sets/7/edit/"


def test_a_url_by_id_refuses_a_view_without_one_id():
    from django.urls import NoReverseMatch

    from workouts.templatetags.montage import url_id

    with pytest.raises(NoReverseMatch):
        url_id("workouts:today", 1)


# The plan editor's day as the template wrote it before `{% editor_day %}` replaced it.
EDITOR_DAY_TEMPLATE = (Path(__file__).parent / "fixtures" / "editor_day.html").read_text()


def editor_item(pk, name, progression_text="", **values):
    return item(
        pk=pk, exercise=SimpleNamespace(name=name), progression_text=progression_text, **values
    )


def editor_day(**values):
    base = {"pk": 12, "day": 3, "title": "Snow <run> & 'hills'", "note": "", "rest_day": False}
    return SimpleNamespace(**{**base, "item_list": [], **values})


EDITOR_DAYS = {
    "a rest day with a note": editor_day(rest_day=True, note='Walk & "stretch"\nslowly'),
    "an empty training day on day 1": editor_day(day=1),
    "one item on day 7": editor_day(day=7, item_list=[editor_item(40, "Log <carry>")]),
    "three items, a progression, lb": editor_day(
        item_list=[
            editor_item(41, "Bench", "+2.5 kg a week when all sets done", load_rule="e1rm"),
            editor_item(42, "Squat & 'go'", load_kg=100, load_rule="absolute", rule_text=""),
            editor_item(43, "Run", duration_s=600, distance_m=800, reps=None, rule_text=""),
        ]
    ),
}


@pytest.mark.parametrize("csrf_token", ["tok3n", None])
@pytest.mark.parametrize("weight", ["kg", "lb"])
@pytest.mark.parametrize("shape", EDITOR_DAYS)
def test_the_editor_day_tag_writes_what_the_template_wrote(shape, weight, csrf_token):
    context = {"day": EDITOR_DAYS[shape], "units": {"weight": weight, "distance": "km"}}
    if csrf_token:
        context["csrf_token"] = csrf_token
    expected = Template(EDITOR_DAY_TEMPLATE).render(Context(context))
    assert Template("{% editor_day day %}").render(Context(context)) == expected


# A plan page's day as the template (and its _day_state include) wrote it before
# `{% plan_day %}` replaced them.
PLAN_DAY_TEMPLATE = (Path(__file__).parent / "fixtures" / "plan_day.html").read_text()


def slot(state, session_id=None, in_progress_id=None, done_on=None):
    when = DayPlan(key=1, offset=0, date=dt.date(2026, 11, 30), state=state, done_on=done_on)
    return SimpleNamespace(
        when=when,
        session_id=session_id,
        in_progress_id=in_progress_id,
        plan_day=SimpleNamespace(pk=31),
    )


PLAN_DAYS = {
    "not followed": dict(slot=None),
    "not followed, a note in kg": dict(slot=None, note="Drag 40 kg & <rest>"),
    "done": dict(slot=slot("done", session_id=5)),
    "done late": dict(slot=slot("done_late", session_id=5, done_on=dt.date(2026, 12, 2))),
    "missed": dict(slot=slot("missed")),
    "today": dict(slot=slot("today")),
    "upcoming": dict(slot=slot("upcoming")),
    "in progress": dict(slot=slot("today", in_progress_id=9)),
    "skipped": dict(slot=slot("skipped")),
}


@pytest.mark.parametrize("status", ["active", "paused"])
@pytest.mark.parametrize("shape", PLAN_DAYS)
def test_the_plan_day_tag_writes_what_the_template_wrote(shape, status):
    base = {"day": 2, "title": "Snow run 5 km <hills>", "note": "", "item_list": [item()]}
    day = SimpleNamespace(**{**base, **PLAN_DAYS[shape]})
    context = {
        "day": day,
        "enrolment": SimpleNamespace(pk=4, status=status),
        "request": SimpleNamespace(path="/plans/drago high-tech/"),
        "units": {"weight": "lb", "distance": "mi"},
    }
    expected = Template(PLAN_DAY_TEMPLATE).render(Context(context))
    assert Template("{% plan_day day enrolment %}").render(Context(context)) == expected


# A logged set's row as the session page's template wrote it before `{% set_row %}`.
SET_ROW_TEMPLATE = (Path(__file__).parent / "fixtures" / "set_row.html").read_text()


def logged_set(**values):
    from workouts.models import LoggedSet

    labels = values.pop("record_labels", [])
    base = {"pk": 301, "entry_id": 17, "position": 2, "reps": 5, "load_kg": 102.5}
    logged = LoggedSet(**{**base, **values})
    logged.record_labels = labels
    return logged


SET_ROWS = {
    "a working set": logged_set(),
    "a warm-up": logged_set(is_warmup=True, kind="warmup", load_kg=40),
    "a drop set with RPE 8.5": logged_set(kind="drop", rpe=8.5),
    "to failure, with a note": logged_set(kind="failure", note='Grip <gave> & "out"'),
    "a timed run": logged_set(reps=None, load_kg=None, duration_s=1530, distance_m=5200),
    "Drago's readings": logged_set(reps=None, load_kg=None, force_psi=1850, power_w=410),
    "two records": logged_set(
        record_labels=[("1RM", "Best estimated 1RM"), ("Load", "Heaviest <load>")]
    ),
}


@pytest.mark.parametrize("weight", ["kg", "lb"])
@pytest.mark.parametrize("shape", SET_ROWS)
def test_the_set_row_tag_writes_what_the_template_wrote(shape, weight):
    context = {"s": SET_ROWS[shape], "units": {"weight": weight, "distance": "mi"}}
    expected = Template(SET_ROW_TEMPLATE).render(Context(context))
    assert Template("{% set_row s %}").render(Context(context)) == expected
