"""Writing a parsed file: everything reads as if logged here, all or nothing, never twice."""

import datetime as dt
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from workouts.models import (
    EntrySummary,
    Exercise,
    LoggedSet,
    PersonalRecord,
    QuoteUnlock,
    SessionSummary,
    WorkoutSession,
)
from workouts.transfer import importer
from workouts.transfer.formats import base, detect
from workouts.transfer.matching import CLOSE, CONFIDENT, Matcher

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def read(name):
    return detect.read_upload((FIXTURES / name).read_bytes())


def commit(user, name, **units):
    parsed = read(name)
    return importer.commit(user, parsed, importer.resolve_for_shell(parsed, user), **units)


@pytest.fixture
def matcher(db):
    return Matcher(Exercise.objects.builtin())


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Bench Press (Barbell)", "bench-press"),
        ("Squat (Barbell)", "back-squat"),
        ("Pull Up", "pull-up"),
        ("Deadlift (Barbell)", "deadlift"),
        ("Lat Pulldown (Cable)", "lat-pulldown"),
        ("PLANK", "plank"),
        ("Overhead Press (Barbell)", "overhead-press"),
    ],
)
def test_names_from_other_apps_match_the_catalogue_confidently(matcher, name, slug):
    match = matcher.match(name)
    assert (match.exercise.slug, match.confidence) == (slug, CONFIDENT)


def test_other_equipment_is_only_a_close_match(matcher):
    match = matcher.match("Bench Press (Dumbbell)")
    assert (match.exercise.slug, match.confidence) == ("bench-press", CLOSE)


def test_an_unknown_name_has_no_match(matcher):
    assert matcher.match("Zercher Carry").exercise is None


def test_a_strong_file_becomes_finished_sessions_in_the_users_time_zone(user, in_los_angeles):
    commit(user, "strong-classic.csv", weight_unit="kg", distance_unit="km")
    session = WorkoutSession.objects.get(title="Evening Strength")
    assert session.started_at == dt.datetime(2024, 3, 5, 2, 30, tzinfo=dt.UTC)
    assert session.duration_s == 3960
    assert session.notes == "Snow outside, legs fresh\nsecond line"


def test_set_kinds_rpe_and_notes_are_stored(user):
    commit(user, "strong-classic.csv", weight_unit="kg", distance_unit="km")
    squat = LoggedSet.objects.filter(exercise__slug="back-squat").order_by("position")
    assert [(s.kind, s.is_warmup) for s in squat] == [
        ("warmup", True),
        ("working", False),
        ("working", False),
        ("drop", False),
    ]
    assert (float(squat[1].rpe), squat[1].note) == (8.5, 'Felt heavy, but "solid"')
    assert squat[0].entry.note == "Belt on for top sets"


def test_bodyweight_sets_have_no_load(user):
    commit(user, "strong-classic.csv", weight_unit="kg", distance_unit="km")
    assert list(
        LoggedSet.objects.filter(exercise__slug="pull-up").values_list("load_kg", "reps")
    ) == [(None, 10), (None, 7)]
    assert not PersonalRecord.objects.filter(kind="heaviest", exercise__slug="pull-up").exists()


def test_pounds_and_miles_chosen_by_the_user_are_stored_as_kg_and_metres(user):
    commit(user, "strong-classic.csv", weight_unit="lb", distance_unit="mi")
    top = LoggedSet.objects.get(exercise__slug="back-squat", position=3)
    run = LoggedSet.objects.get(exercise__owner=user)
    assert top.load_kg == pytest.approx(102.5 * 0.45359237)
    assert run.distance_m == pytest.approx(5.2 * 1609.344)


def test_a_file_without_units_is_refused_until_they_are_given(user):
    with pytest.raises(base.ImportError_):
        commit(user, "strong-classic.csv")
    assert not WorkoutSession.objects.exists()


def test_unmatched_names_become_own_exercises_measured_by_the_columns_used(user):
    result = commit(user, "strong-classic.csv", weight_unit="kg", distance_unit="km")
    running = Exercise.objects.get(owner=user)
    assert (running.name, running.measure_names) == ("Running", ["duration", "distance"])
    assert result.new_exercises == 1


def test_records_roll_ups_and_quotes_are_rebuilt_with_true_dates(user):
    commit(user, "hevy-kg.csv")
    push = WorkoutSession.objects.get(title="Push Day")
    summary = SessionSummary.objects.get(session=push)
    assert summary.set_count == 4 and summary.volume_kg == 80 * 5
    assert EntrySummary.objects.filter(session=push).count() == 3
    assert PersonalRecord.objects.filter(user=user).exists() is False  # first times: baselines
    first = QuoteUnlock.objects.filter(user=user).order_by("unlocked_at").first()
    assert first.unlocked_at.date() == dt.date(2025, 12, 5)


def test_a_later_heavier_set_is_a_record(user):
    commit(user, "strong-classic-no-notes.csv", weight_unit="kg", distance_unit="km")
    commit(user, "hevy-kg.csv")
    assert (
        PersonalRecord.objects.filter(user=user, exercise__slug="deadlift", kind="heaviest")
        .get()
        .value
        == 150
    )


def test_importing_the_same_file_twice_adds_nothing_and_says_so(user):
    commit(user, "hevy-kg.csv")
    again = commit(user, "hevy-kg.csv")
    assert (again.workouts, again.sets, again.skipped) == (0, 0, 2)
    assert WorkoutSession.objects.count() == 2


def test_a_newer_export_adds_only_the_new_workouts(user, tmp_path):
    older = (FIXTURES / "hevy-kg.csv").read_text().split('\n"Push Day"')[0] + "\n"
    (tmp_path / "older.csv").write_text(older)
    first = importer.commit(user, detect.read_upload(older.encode()), {})
    newer = commit(user, "hevy-kg.csv")
    assert (first.workouts, newer.workouts, newer.skipped) == (1, 1, 1)


def test_an_import_touches_no_other_user(user, other_user):
    commit(other_user, "hevy-kg.csv")
    before = (
        LoggedSet.objects.filter(user=other_user).count(),
        list(Exercise.objects.filter(owner=other_user).values_list("pk", flat=True)),
    )
    result = commit(user, "hevy-kg.csv")
    assert result.workouts == 2  # the other user's copy does not count as imported
    assert (
        LoggedSet.objects.filter(user=other_user).count(),
        list(Exercise.objects.filter(owner=other_user).values_list("pk", flat=True)),
    ) == before
    assert Exercise.objects.get(owner=user, name="Running")


def test_a_failure_midway_writes_nothing(user, monkeypatch):
    def boom(*args):
        raise RuntimeError("disk full")

    monkeypatch.setattr(importer.rollups, "rebuild_summaries", boom)
    with pytest.raises(RuntimeError):
        commit(user, "hevy-kg.csv")
    assert not WorkoutSession.objects.exists() and not Exercise.objects.filter(owner=user)


def test_montage_json_imports_readings_own_exercises_and_body_weight(user):
    parsed = read("montage.json")
    items = importer.file_exercises(parsed, user)
    mapping = {item.key: item.match_id or importer.NEW for item in items}
    importer.commit(user, parsed, mapping, adopt_profile=True)
    punch = LoggedSet.objects.get(exercise__slug="punch-force-test")
    carry = Exercise.objects.get(owner=user)
    assert (punch.force_psi, punch.heart_rate_bpm) == (1800, 170)
    assert (carry.name, carry.style, carry.measure_names) == (
        "Log carry uphill",
        "natural",
        ["load", "duration", "distance"],
    )
    assert user.body_weights.get().weight_kg == 82.5
    user.profile.refresh_from_db()
    assert (user.profile.time_zone, user.profile.weight_unit) == ("Europe/Moscow", "lb")


def test_montage_json_into_the_account_it_came_from_adds_nothing(user):
    parsed = read("montage.json")
    importer.commit(user, parsed, importer.resolve_for_shell(parsed, user))
    assert importer.commit(user, read("montage.csv"), {}).workouts == 0


# ---------- the shell command ----------


def test_the_command_prints_a_one_line_summary(user, capsys):
    call_command(
        "import_history",
        str(FIXTURES / "strong-classic.csv"),
        username="rocky",
        unit="kg",
        distance_unit="km",
    )
    assert capsys.readouterr().out == (
        "Imported Strong (classic): 2 workouts, 7 sets (1 warm-ups), 1 new exercises, "
        "0 workouts skipped as already imported.\n"
    )


def test_the_command_says_what_was_skipped_the_second_time(user, capsys):
    call_command("import_history", str(FIXTURES / "hevy-kg.csv"), username="rocky")
    call_command("import_history", str(FIXTURES / "hevy-kg.csv"), username="rocky")
    assert (
        "0 workouts, 0 sets (0 warm-ups), 0 new exercises, 2 workouts skipped"
        in (capsys.readouterr().out.splitlines()[-1])
    )


def test_the_command_asks_for_the_unit_a_file_lacks(user):
    with pytest.raises(CommandError, match="--unit kg"):
        call_command("import_history", str(FIXTURES / "strong-classic.csv"), username="rocky")


def test_the_command_fails_on_a_bad_file_with_the_line(user):
    with pytest.raises(CommandError, match="line 3: weight “heavy” is not a number"):
        call_command(
            "import_history", str(FIXTURES / "bad" / "non-numeric-weight.csv"), username="rocky"
        )
    assert not WorkoutSession.objects.exists()


def test_the_command_dry_run_writes_nothing(user, capsys):
    call_command("import_history", str(FIXTURES / "hevy-kg.csv"), username="rocky", dry_run=True)
    assert capsys.readouterr().out.startswith("Dry run, nothing written: would import Hevy")
    assert not WorkoutSession.objects.exists() and not Exercise.objects.filter(owner=user)


def test_the_command_exits_non_zero_from_the_shell(user, tmp_path):
    import subprocess
    import sys

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    done = subprocess.run(
        [sys.executable, "manage.py", "import_history", "--username", "x", str(empty)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode != 0


def test_montage_json_brings_the_plan_followed_with_its_skipped_days(user):
    parsed = read("montage.json")
    importer.commit(user, parsed, importer.resolve_for_shell(parsed, user))
    enrolment = user.enrolments.get()
    session = WorkoutSession.objects.get(title="Barn strength")
    assert (enrolment.plan.slug, enrolment.status, str(enrolment.start_date)) == (
        "siberian-natural",
        "active",
        "2026-03-01",
    )
    assert [(s.plan_day.week, s.plan_day.day) for s in enrolment.skipped.all()] == [(1, 2)]
    assert (session.enrolment, session.plan_day.week, session.plan_day.day) == (enrolment, 1, 1)


def test_montage_json_twice_adds_no_second_enrolment(user):
    for _ in range(2):
        parsed = read("montage.json")
        importer.commit(user, parsed, importer.resolve_for_shell(parsed, user))
    assert user.enrolments.count() == 1


def test_a_users_current_plan_stays_current_and_the_files_comes_in_as_left(user):
    from workouts.models import Enrolment, Plan

    mine = Enrolment.objects.create(
        user=user, plan=Plan.objects.get(slug="drago-high-tech"), start_date=dt.date(2026, 11, 1)
    )
    parsed = read("montage.json")
    importer.commit(user, parsed, importer.resolve_for_shell(parsed, user))
    assert list(user.enrolments.current()) == [mine]
    assert user.enrolments.get(plan__slug="siberian-natural").status == "ended"


def test_session_count_quotes_unlock_on_the_session_that_reaches_the_count(user, tmp_path):
    from workouts.models import Quote

    rows = [
        "Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        "Notes,Workout Notes,RPE"
    ]
    rows += [
        f"2024-01-{day:02d} 18:00:00,Evening,1h,Bench Press (Barbell),1,80,5,0,0,,,"
        for day in range(1, 13)
    ]
    parsed = detect.read_upload("\n".join(rows).encode())
    importer.commit(
        user, parsed, importer.resolve_for_shell(parsed, user), weight_unit="kg", distance_unit="km"
    )
    tenth = Quote.objects.get(rule="sessions_10")
    unlock = QuoteUnlock.objects.get(user=user, quote=tenth)
    assert unlock.session.started_at.date() == dt.date(2024, 1, 10)
