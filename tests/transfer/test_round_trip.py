"""Round trip: export one account as JSON, import it into a new account, and find the same
sessions, sets, records, dashboard numbers and quotes (issue 11).

The importer is built on branch f1-import; these tests skip until it is merged. They import the
way `manage.py import_history` does: `detect.read_upload(bytes)`, then
`importer.resolve_for_shell(parsed, user)` and `importer.commit(..., adopt_profile=True)`.
"""

import datetime as dt
import itertools

import pytest

importer = pytest.importorskip(
    "workouts.transfer.importer",
    reason="the round trip needs the importer (workouts.transfer.importer, branch f1-import); "
    "it runs once that branch is merged",
)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.factories import ExerciseFactory, UserFactory  # noqa: E402
from tests.transfer.histories import NOW, full_history, logged_session  # noqa: E402
from workouts import integrity  # noqa: E402
from workouts.dashboard import queries  # noqa: E402
from workouts.models import (  # noqa: E402
    BodyWeight,
    EntrySummary,
    Exercise,
    PersonalRecord,
    Profile,
    QuoteUnlock,
    SessionSummary,
    WorkoutSession,
)
from workouts.transfer.export import export_json  # noqa: E402

detect = pytest.importorskip("workouts.transfer.formats.detect")

pytestmark = pytest.mark.django_db
_names = itertools.count()


def import_into(user, text):
    parsed = detect.read_upload(text.encode("utf-8"))
    mapping = importer.resolve_for_shell(parsed, user)
    return importer.commit(user, parsed, mapping, adopt_profile=True)


def round_trip(user):
    """A new account holding what `user` exported."""
    copy = UserFactory(username=f"copy{next(_names)}")
    import_into(copy, export_json(user, now=NOW))
    return copy


def exercise_ref(exercise):
    return ("built-in", exercise.slug) if exercise.owner_id is None else ("own", exercise.name)


def sessions_of(user):
    """Every session with its entries and sets, as plain values (no ids: they differ)."""
    out = []
    for session in (
        WorkoutSession.objects.filter(user=user)
        .order_by("started_at", "pk")
        .prefetch_related("entries__exercise", "entries__sets")
    ):
        entries = []
        for entry in sorted(session.entries.all(), key=lambda e: (e.order, e.pk)):
            sets = [
                (
                    logged.logged_at,
                    logged.is_warmup,
                    getattr(logged, "kind", None),
                    logged.reps,
                    logged.load_kg,
                    logged.duration_s,
                    logged.distance_m,
                    logged.force_psi,
                    logged.power_w,
                    logged.heart_rate_bpm,
                    logged.rpe,
                    logged.note,
                )
                for logged in sorted(entry.sets.all(), key=lambda s: (s.position, s.pk))
            ]
            entries.append((exercise_ref(entry.exercise), sets))
        out.append(
            (
                session.title,
                session.started_at,
                session.finished_at,
                session.notes,
                session.rpe,
                entries,
            )
        )
    return out


def own_exercises_of(user):
    return list(
        Exercise.objects.filter(owner=user)
        .order_by("name")
        .values(
            "name",
            "style",
            "category",
            "equipment",
            "howto",
            "measures_reps",
            "measures_load",
            "measures_duration",
            "measures_distance",
            "reads_force",
            "reads_power",
            "reads_heart_rate",
        )
    )


def records_of(user):
    return sorted(
        (exercise_ref(record.exercise), record.kind, record.value, record.achieved_at)
        for record in PersonalRecord.objects.filter(user=user).select_related("exercise")
    )


def rollups_of(user):
    # A row of zeros reads as no row (a session of empty warm-ups).
    sessions = sorted(
        (row.session.started_at, row.volume_kg, row.distance_m, row.set_count)
        for row in SessionSummary.objects.filter(session__user=user).select_related("session")
        if (row.volume_kg, row.distance_m, row.set_count) != (0, 0, 0)
    )
    entries = sorted(
        (
            row.at,
            exercise_ref(row.exercise),
            row.set_count,
            row.e1rm_kg,
            row.top_load_kg,
            row.pace_s_per_m,
            row.distance_m,
            row.duration_s,
            row.reps,
            row.force_psi,
            row.power_w,
        )
        for row in EntrySummary.objects.filter(user=user).select_related("exercise")
    )
    return sessions, entries


def dashboard_of(user):
    profile = Profile.objects.get(user=user)
    board = queries.dashboard(user, profile, NOW, "all")
    return (
        board.tiles,
        board.current_streak,
        board.longest_streak,
        board.buckets,
        board.range_sessions,
        board.heat,
        board.records_count,
        board.quotes,
        board.latest_weight,
        board.body_weights,
    )


def quotes_of(user):
    return sorted(QuoteUnlock.objects.filter(user=user).values_list("quote__number", "unlocked_at"))


def quotes_by_workout_of(user):
    """Which workout earned each quote. Replay reads running totals (10 t lifted, 42 km) once
    per workout, so a total crossed mid-workout is dated at that workout's last set adding to
    it rather than at the very set: the same workout, minutes apart."""
    return sorted(
        QuoteUnlock.objects.filter(user=user).values_list("quote__number", "session__started_at")
    )


def body_weights_of(user):
    return list(
        BodyWeight.objects.filter(user=user).order_by("date").values_list("date", "weight_kg")
    )


def settings_of(user):
    profile = Profile.objects.get(user=user)
    return (profile.weight_unit, profile.distance_unit, profile.time_zone, profile.week_start)


def first_difference(copy, original, path="$"):
    """Where two nested values first differ, with both leaves, or None (a readable failure).
    Floats are equal within `rebuild_rollups --check`'s tolerance: a roll-up summed set by set
    as it was logged and one summed by the database after the import may differ in the last
    bit (PostgreSQL adds in its own order), and both are true."""
    if isinstance(copy, float) and isinstance(original, float):
        return None if integrity.same(copy, original) else (path, copy, original)
    if isinstance(copy, list | tuple) and isinstance(original, list | tuple):
        for index, (left, right) in enumerate(zip(copy, original, strict=False)):
            found = first_difference(left, right, f"{path}[{index}]")
            if found:
                return found
        if len(copy) != len(original):
            return (f"{path}: length", len(copy), len(original))
        return None
    return None if copy == original else (path, copy, original)


# ---------- one full history ----------


@pytest.fixture
def copied(user):
    user.profile.weight_unit, user.profile.time_zone = "lb", "Europe/Moscow"
    user.profile.save()
    full_history(user)
    return round_trip(user)


def test_the_sessions_and_sets_come_back(user, copied):
    assert sessions_of(copied) == sessions_of(user)


def test_own_exercises_come_back_with_their_measures(user, copied):
    assert own_exercises_of(copied) == own_exercises_of(user)


def test_the_records_come_back(user, copied):
    assert records_of(copied) == records_of(user)


def test_the_roll_ups_come_back(user, copied):
    assert rollups_of(copied) == rollups_of(user)


def test_the_dashboard_numbers_come_back(user, copied):
    assert dashboard_of(copied) == dashboard_of(user)


def test_the_quotes_come_back_with_their_dates(user, copied):
    assert quotes_of(copied) == quotes_of(user)


def test_the_body_weight_comes_back(user, copied):
    assert body_weights_of(copied) == body_weights_of(user)


def test_the_settings_come_back(user, copied):
    assert settings_of(copied) == settings_of(user)


def test_exporting_the_copy_gives_the_same_sessions(user, copied):
    import json

    original = json.loads(export_json(user, now=NOW))
    again = json.loads(export_json(copied, now=NOW))

    def comparable(document):
        return [
            {
                **session,
                "entries": [
                    {
                        **entry,
                        "order": None,
                        "plan_item": None,
                        "sets": [{**logged, "position": None} for logged in entry["sets"]],
                    }
                    for entry in session["entries"]
                ],
                "enrolment": None,
                "plan_day": None,
                "style": None,
            }
            for session in document["sessions"]
        ]

    assert comparable(again) == comparable(original)


def test_importing_the_same_export_twice_adds_nothing(user, copied):
    before = sessions_of(copied)
    result = import_into(copied, export_json(user, now=NOW))
    assert result.workouts == 0
    assert sessions_of(copied) == before


def test_an_own_exercise_named_like_a_built_in_stays_the_users_own(user):
    own = ExerciseFactory(
        owner=user,
        name="Log carry",
        measures_reps=False,
        measures_load=True,
        measures_distance=True,
    )
    logged_session(user, NOW - dt.timedelta(days=1), [(own, {"load_kg": 80.0, "distance_m": 40.0})])
    copy = round_trip(user)
    assert sessions_of(copy) == sessions_of(user)
    assert own_exercises_of(copy) == own_exercises_of(user)


# ---------- generated histories ----------

# Names no built-in resembles: how an own exercise named like a built-in fares is its own test.
OWN_NAMES = ["Barn door swings", "Tractor, uphill", "Ведро"]
BUILTINS = ["bench-press", "snow-run", "punch-force-test", "back-squat", "plank"]
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from([",", '"', "\n", ";", "\t"]),
    max_size=40,
)
loads = st.one_of(
    st.none(),
    st.floats(min_value=0.5, max_value=400, allow_nan=False),
    st.sampled_from([20.0, 60.0, 102.0583, 142.5]),
)
set_values = st.fixed_dictionaries(
    {
        "reps": st.one_of(st.none(), st.integers(1, 50)),
        "load_kg": loads,
        "duration_s": st.one_of(st.none(), st.integers(1, 7200)),
        "distance_m": st.one_of(
            st.none(), st.floats(min_value=1, max_value=50000, allow_nan=False)
        ),
        "force_psi": st.one_of(st.none(), st.integers(100, 3000)),
        "heart_rate_bpm": st.one_of(st.none(), st.integers(60, 210)),
        "is_warmup": st.booleans(),
        "note": text.map(lambda value: value[:200]),
    }
)
workout = st.fixed_dictionaries(
    {
        "day": st.integers(1, 400),
        "minute": st.integers(0, 23 * 60),
        "title": text.map(lambda value: value.strip()[:120] or "Workout"),
        "notes": text,
        "rpe": st.one_of(st.none(), st.integers(1, 10)),
        "finished": st.booleans(),
        "sets": st.lists(
            st.tuples(st.sampled_from(BUILTINS + OWN_NAMES), set_values), min_size=1, max_size=6
        ),
    }
)


# Fixed examples (derandomized) so that CI is repeatable; a failure prints the example's blob to
# reproduce it with @reproduce_failure. One random history failed once on PostgreSQL in CI
# (2026-11-29); 500 random examples on PostgreSQL passed since, so it is not reproduced.
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(workouts=st.lists(workout, min_size=1, max_size=5, unique_by=lambda w: w["day"]))
def test_any_history_comes_back_the_same(db, workouts):
    user = UserFactory(username=f"gen{next(_names)}")
    exercises = {slug: Exercise.objects.get(slug=slug) for slug in BUILTINS}
    for name in OWN_NAMES:
        exercises[name] = ExerciseFactory(
            owner=user,
            name=name,
            measures_reps=True,
            measures_load=True,
            measures_duration=True,
            measures_distance=True,
            reads_force=True,
            reads_heart_rate=True,
        )
    for data in sorted(workouts, key=lambda w: -w["day"]):
        started = (NOW - dt.timedelta(days=data["day"])).replace(hour=0) + dt.timedelta(
            minutes=data["minute"]
        )
        values = [
            (exercises[choice], {k: v for k, v in logged.items() if v is not None})
            for choice, logged in data["sets"]
        ]
        logged_session(
            user,
            started,
            values,
            title=data["title"],
            notes=data["notes"],
            rpe=data["rpe"],
            finish=data["finished"],
        )
    copy = round_trip(user)
    assert first_difference(sessions_of(copy), sessions_of(user)) is None
    assert first_difference(records_of(copy), records_of(user)) is None
    assert first_difference(rollups_of(copy), rollups_of(user)) is None
    assert first_difference(quotes_by_workout_of(copy), quotes_by_workout_of(user)) is None
    assert first_difference(dashboard_of(copy), dashboard_of(user)) is None
