"""Read models for the logging pages: what a session page shows, in a fixed number of queries."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from django.db import connection
from django.db.models import Count, F, Max, OuterRef, Subquery

from workouts.compiled import column, fetch, placeholders, table
from workouts.models import (
    Exercise,
    LoggedSet,
    PersonalRecord,
    SessionExercise,
    Style,
    WorkoutSession,
)
from workouts.rules import records, timeutils


@dataclass
class EntryView:
    entry: SessionExercise
    sets: list = field(default_factory=list)
    last_sets: list = field(default_factory=list)
    form: object = None
    resolved: object = None  # the target resolved for this user (plans.targets.Resolved)
    rest: int = 0  # seconds of rest after a set (the plan's, else the user's default)

    @property
    def exercise(self):
        return self.entry.exercise

    @property
    def target(self):
        """What to show and fill as the target: resolved for the user when it could be."""
        return self.resolved or self.entry.plan_item

    @property
    def working_sets(self):
        return [s for s in self.sets if not s.is_warmup]


@dataclass
class Totals:
    sets: int = 0
    volume_kg: float = 0.0
    distance_m: float = 0.0
    work_s: int = 0
    records: int = 0


def record_labels(records_of_set):
    """(short, full) labels of record kinds, for the PR badge."""
    return [
        (records.SHORT_LABELS[kind], PersonalRecord.Kind(kind).label) for kind in records_of_set
    ]


def with_record_labels(sets):
    """The sets as a list, each with `record_labels` for the records it set (one query)."""
    sets = list(sets)
    kinds = defaultdict(list)
    for set_id, kind in PersonalRecord.objects.filter(
        logged_set__in=[s.pk for s in sets]
    ).values_list("logged_set_id", "kind"):
        kinds[set_id].append(kind)
    for logged in sets:
        logged.record_labels = record_labels(kinds.get(logged.pk, []))
    return sets


def entry_views(session, entries=None):
    """EntryViews for a session (or some of its entries) with sets, badges and last time."""
    if entries is None:
        entries = list(
            SessionExercise.objects.filter(session=session).select_related(
                "exercise", "plan_item__day"
            )
        )
    sets = with_record_labels(
        LoggedSet.objects.filter(entry__in=[e.pk for e in entries]).order_by("position", "id")
    )
    by_entry = defaultdict(list)
    for logged in sets:
        by_entry[logged.entry_id].append(logged)
    last = last_time(session, {e.exercise_id for e in entries})
    return [
        EntryView(entry=e, sets=by_entry[e.pk], last_sets=last.get(e.exercise_id, []))
        for e in entries
    ]


@cache
def _PREVIOUS_SQL():  # noqa: N802 (a constant, written once)
    """For each exercise (`{ids}`), the session of the user's newest set of it logged before a
    moment: an index seek on (user, exercise, logged_at) each. Written once rather than compiled
    by the ORM per request (the logging page; it was a third of the page's reads)."""
    exercise_id, logged_at = column(Exercise, "id"), column(LoggedSet, "logged_at")
    return (
        f"SELECT x.{exercise_id}, (SELECT s.{column(LoggedSet, 'session')}"
        f" FROM {table(LoggedSet)} s WHERE s.{column(LoggedSet, 'user')} = %s"
        f" AND s.{column(LoggedSet, 'exercise')} = x.{exercise_id}"
        f" AND s.{logged_at} < %s ORDER BY s.{logged_at} DESC LIMIT 1)"
        f" FROM {table(Exercise)} x WHERE x.{exercise_id} IN ({{ids}})"
    )


def last_time(session, exercise_ids):
    """{exercise_id: sets of the user's previous session with it}, in two indexed queries.

    For each exercise, the newest set logged before this session began (an index seek on
    user, exercise, logged_at) names the previous session; then those sessions' sets are read.
    """
    if not exercise_ids:
        return {}
    ids = sorted(exercise_ids)
    began = connection.ops.adapt_datetimefield_value(session.started_at)  # as stored
    previous = {
        pk: found
        for pk, found in fetch(
            _PREVIOUS_SQL().format(ids=placeholders(len(ids))), [session.user_id, began, *ids]
        )
        if found is not None
    }
    if not previous:
        return {}
    found = defaultdict(list)
    # By session only: the sessions came from the user's own sets, and their index is the
    # narrow one (filtering by exercise too makes SQLite pick the wide user/exercise index).
    for logged in LoggedSet.objects.filter(session_id__in=set(previous.values())).order_by(
        "position", "id"
    ):
        if previous.get(logged.exercise_id) == logged.session_id:
            found[logged.exercise_id].append(logged)
    return found


def totals(session):
    """Session summary over its sets: one query for sets, one for records."""
    result = _add_up(
        LoggedSet.objects.filter(session=session).only(
            "reps", "load_kg", "distance_m", "duration_s", "is_warmup"
        )
    )
    result.records = PersonalRecord.objects.filter(logged_set__session=session).count()
    return result


def totals_of(views):
    """The same summary from the EntryViews of a whole session (`entry_views(session)`): their
    sets and record badges are every set and record of it, so no query."""
    sets = [logged for view in views for logged in view.sets]
    result = _add_up(sets)
    result.records = sum(len(logged.record_labels) for logged in sets)
    return result


def _add_up(sets):
    result = Totals()
    for logged in sets:
        if logged.is_warmup:
            continue
        result.sets += 1
        result.volume_kg += logged.volume_kg
        result.distance_m += logged.distance_m or 0
        result.work_s += logged.duration_s or 0
    return result


def search_exercises(user, query, limit=12):
    query = (query or "").strip()
    exercises = Exercise.objects.visible_to(user)
    if query:
        exercises = exercises.filter(name__icontains=query)
    return list(exercises[:limit])


def history(user, filters, zone):
    """The user's sessions, newest first, with their figures (no N+1): volume and working sets
    from the session roll-up (SessionSummary, kept by dashboard.rollups), records as a subquery."""
    return with_figures(history_sessions(user, filters, zone))


def history_sessions(user, filters, zone):
    """The user's sessions that pass the history's filters, newest first, without figures
    (what a page count or a page's skip needs)."""
    sessions = WorkoutSession.objects.for_user(user)
    if filters.get("style"):
        sessions = sessions.filter(style__in=[filters["style"], Style.BOTH])
    if filters.get("plan"):
        sessions = sessions.filter(plan_day__plan=filters["plan"])
    if filters.get("exercise"):
        sessions = sessions.filter(
            pk__in=SessionExercise.objects.filter(exercise=filters["exercise"]).values("session")
        )
    if filters.get("start"):
        sessions = sessions.filter(started_at__gte=timeutils.day_bounds(filters["start"], zone)[0])
    if filters.get("end"):
        sessions = sessions.filter(started_at__lt=timeutils.day_bounds(filters["end"], zone)[1])
    return sessions.order_by("-started_at", "-pk")


def with_figures(sessions):
    """`sessions` (a queryset of WorkoutSession) with their plan day, volume, working sets and
    records, newest first."""
    record_count = (
        PersonalRecord.objects.filter(logged_set__session=OuterRef("pk"))
        .values("logged_set__session")
        .annotate(c=Count("pk"))
        .values("c")
    )
    return (
        sessions.select_related("plan_day__plan")
        .annotate(
            volume=F("summary__volume_kg"),
            set_count=F("summary__set_count"),
            record_count=Subquery(record_count),
        )
        .order_by("-started_at", "-pk")
    )


@dataclass
class Best:
    kind: str
    label: str
    value: float
    achieved_at: object = None  # when it became a record (None: a baseline never beaten)


def exercise_bests(user, exercise):
    """The user's current best of each kind for an exercise, in two queries (the stored bests
    and their records' dates), whatever the length of the history."""
    from workouts.logbook.records_store import stored_bests

    bests = stored_bests(user.pk, exercise.pk)
    dates = dict(
        PersonalRecord.objects.filter(user=user, exercise=exercise)
        .values("kind")
        .annotate(at=Max("achieved_at"))
        .values_list("kind", "at")
    )
    return [
        Best(
            kind=kind,
            label=PersonalRecord.Kind(kind).label,
            value=bests[kind],
            achieved_at=dates.get(kind),
        )
        for kind in records.KINDS
        if kind in bests
    ]


def exercise_history(user, exercise, page_number, per_page=10):
    """A page of the user's sessions with an exercise, newest first, each with its sets."""
    from django.core.paginator import Paginator

    sessions = (
        WorkoutSession.objects.for_user(user)
        .filter(
            # Limited to the user's own entries: without it the subquery reads every user's
            # entries of the exercise (a built-in one is shared by everyone).
            pk__in=SessionExercise.objects.filter(exercise=exercise, session__user=user).values(
                "session"
            )
        )
        .order_by("-started_at", "-pk")
    )
    page = Paginator(sessions, per_page).get_page(page_number)
    sets = with_record_labels(
        LoggedSet.objects.filter(
            session__in=[s.pk for s in page.object_list], exercise=exercise
        ).order_by("position", "id")
    )
    by_session = defaultdict(list)
    for logged in sets:
        by_session[logged.session_id].append(logged)
    for session in page.object_list:
        session.exercise_sets = by_session.get(session.pk, [])
    return page
