"""Roll-up writes: SessionSummary (one row per session) and EntrySummary (one row per exercise
per session) kept true from the sets.

`refresh_session_summary` recomputes a session's roll-ups, `add_set_to_summaries` folds one new
set in without re-reading the session, `rebuild_summaries` recomputes a user's (or everyone's).
Called by the actions under their lock order (`workouts.logbook.actions`); the record formulas
come from `workouts.logbook.records_store`.
"""

from django.db.models import Count, F, Max, Min, Q, Sum, Value
from django.db.models.functions import Coalesce, Greatest, Least

from workouts.logbook.records_store import e1rm_expression, pace_expression, volume_expression
from workouts.models import EntrySummary, LoggedSet, SessionSummary, WorkoutSession
from workouts.rules import measures, records


def _session_totals():
    return {
        "volume_kg": Coalesce(Sum(volume_expression()), 0.0),
        "distance_m": Coalesce(Sum("distance_m", filter=Q(is_warmup=False)), 0.0),
        "set_count": Count("id", filter=Q(is_warmup=False)),
    }


def _entry_bests():
    """The EntrySummary aggregates: the two record formulas, then each measure's best as the
    measures table declares it (`rules.measures.rollup_bests`)."""
    bests = {
        "at": Min("logged_at"),
        "set_count": Count("id"),
        "e1rm_kg": Max(e1rm_expression()),
        "pace_s_per_m": Min(pace_expression()),
    }
    for measure in measures.rollup_bests():
        field = measure.model_field
        positive = Q(**{f"{field}__gt": 0}) if measure.rollup_positive else None
        bests[measure.rollup_column] = Max(field, filter=positive)
    return bests


def _entry_rows(sets):
    """EntrySummary rows from working sets, one per entry."""
    rows = (
        sets.filter(is_warmup=False)
        .values("entry_id", "session_id", "user_id", "exercise_id")
        .annotate(**_entry_bests())
        .order_by()
    )
    return [EntrySummary(**row) for row in rows]


def refresh_session_summary(session):
    """Recomputes one session's roll-ups from its sets. Call after any write to its sets, with
    the session locked (step 1 of the lock order in `logbook.actions`), so that no set another
    transaction has not committed yet goes missing from what this one writes.

    Five queries whatever the session's size: its totals, then its per-exercise bests.
    """
    session_id = getattr(session, "pk", session)
    sets = LoggedSet.objects.filter(session_id=session_id)
    SessionSummary.objects.update_or_create(
        session_id=session_id, defaults=sets.aggregate(**_session_totals())
    )
    EntrySummary.objects.filter(session_id=session_id).delete()
    EntrySummary.objects.bulk_create(_entry_rows(sets))


def add_set_to_summaries(logged):
    """Folds one newly logged set into its session's roll-ups; the same result as
    refresh_session_summary, in two queries once the rows exist (four for the first set).
    The caller holds the session's lock (see `logbook.actions`): the first set's rows are
    created, not raced for. Sets can commit out of their `logged_at` order (two tabs), so `at`
    keeps the earliest."""
    if logged.is_warmup:  # warm-ups count towards no total and no best
        return
    volume, distance = logged.volume_kg, logged.distance_m or 0.0
    totals = SessionSummary.objects.filter(session_id=logged.session_id).update(
        volume_kg=F("volume_kg") + volume,
        distance_m=F("distance_m") + distance,
        set_count=F("set_count") + 1,
    )
    if not totals:
        SessionSummary.objects.create(
            session_id=logged.session_id, volume_kg=volume, distance_m=distance, set_count=1
        )
    values = records.values_of(logged)
    bests = {
        "e1rm_kg": (values.get(records.E1RM), Greatest),
        "pace_s_per_m": (values.get(records.PACE), Least),
        **{
            measure.rollup_column: (measures.rollup_value(measure, logged), Greatest)
            for measure in measures.rollup_bests()
        },
    }
    changes = {
        name: pick(Coalesce(F(name), value), value)
        for name, (value, pick) in bests.items()
        if value is not None
    }
    # A set can be dated before the entry's others (a session's end moved earlier): `at` is
    # the earliest.
    updated = EntrySummary.objects.filter(entry_id=logged.entry_id).update(
        set_count=F("set_count") + 1, at=Least(F("at"), Value(logged.logged_at)), **changes
    )
    if not updated:
        EntrySummary.objects.create(
            entry_id=logged.entry_id,
            session_id=logged.session_id,
            user_id=logged.user_id,
            exercise_id=logged.exercise_id,
            at=logged.logged_at,
            set_count=1,
            **{name: value for name, (value, _) in bests.items()},
        )


def rebuild_summaries(user=None):
    """Recomputes every session's roll-ups, of one user or of everyone, in a few queries."""
    sessions = WorkoutSession.objects.all()
    sets = LoggedSet.objects.all()
    if user is not None:
        sessions, sets = sessions.filter(user=user), sets.filter(user=user)
    totals = sets.values("session_id").annotate(**_session_totals()).order_by()
    SessionSummary.objects.filter(session__in=sessions).delete()
    SessionSummary.objects.bulk_create([SessionSummary(**row) for row in totals], batch_size=500)
    EntrySummary.objects.filter(session__in=sessions).delete()
    EntrySummary.objects.bulk_create(_entry_rows(sets), batch_size=500)
