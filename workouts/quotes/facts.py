"""The fact loaders behind quote unlocks: each loader reads the facts some unlock rules need
(totals, a session's shape, streaks, recent records, plan weeks) in one aggregate or bounded read.
`load_facts(context, needed)` runs only the loaders for the facts asked for. Used by
`workouts.quotes.evaluate`.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Count, Exists, OuterRef, Q, Subquery, Sum

from workouts.models import (
    PersonalRecord,
    PlanDay,
    Profile,
    SessionSummary,
    Style,
    WorkoutSession,
)
from workouts.rules import timeutils, unlocks

NATURAL_STYLES = (Style.NATURAL, Style.BOTH)


HIGH_TECH_STYLES = (Style.HIGH_TECH, Style.BOTH)


class _Context:
    """The event being evaluated, with the user's zone and week start fetched at most once."""

    def __init__(self, user, session, known):
        self.user, self.session, self.known = user, session, known

    @cached_property
    def profile(self):
        try:
            return self.user.profile
        except Profile.DoesNotExist:
            return Profile(user=self.user)

    @property
    def zone(self):
        return self.profile.zone

    @property
    def finished_session(self):
        session = self.session
        return session if session is not None and session.finished_at is not None else None

    @cached_property
    def session_day(self):
        return timeutils.local_date(self.session.started_at, self.zone)

    def finished_sessions(self):
        sessions = WorkoutSession.objects.filter(user=self.user, finished_at__isnull=False)
        if self.known.get("replaying") and self.session is not None:
            # A replayed history already holds the workouts that came later: leave them out,
            # as they were not there when this one was logged.
            sessions = sessions.filter(started_at__lte=self.session.started_at)
        return sessions


@dataclass(frozen=True)
class Loader:
    provides: frozenset
    load: Callable[[_Context], dict]


LOADERS = []


def _loader(*names):
    def register(function):
        LOADERS.append(Loader(frozenset(names), function))
        return function

    return register


def load_facts(context, needed):
    """A `Facts` with the fields in `needed` (and whatever their loaders bring along)."""
    values = {}
    for loader in LOADERS:
        if loader.provides & needed:
            values.update(loader.load(context))
    return unlocks.Facts(**values)


def _number(value):
    return None if value is None else float(value)


@_loader("total_volume_kg", "total_distance_m")
def _totals(context):
    """Running totals from the per-session roll-ups: one row per session, not one per set.
    No query when the set just logged adds nothing to them (the totals did not move)."""
    logged = context.known.get("logged_set")
    if logged is not None and (logged.is_warmup or not (logged.volume_kg or logged.distance_m)):
        return {}
    if "as_of" in context.known:  # a replay worked them out for the whole history at once
        figures = context.known["as_of"]
        return {name: figures[name] for name in ("total_volume_kg", "total_distance_m")}
    summaries = SessionSummary.objects.filter(session__user=context.user)
    if context.session is not None:  # as of the event's session (a replayed history)
        summaries = summaries.filter(session__started_at__lte=context.session.started_at)
    row = summaries.aggregate(volume=Sum("volume_kg"), distance=Sum("distance_m"))
    return {"total_volume_kg": row["volume"] or 0.0, "total_distance_m": row["distance"] or 0.0}


@_loader("max_force_psi", "max_power_w", "max_heart_rate_bpm", "max_set_rpe", "own_exercise_sets")
def _set_readings(context):
    """The readings of the set just logged, with no query. Every set is evaluated when it is
    logged and unlocks are permanent, so a reading rule still locked can only be met by it.
    (A rule added later therefore unlocks at the next qualifying set, not retroactively.)"""
    logged = context.known.get("logged_set")
    if logged is None:
        return {}
    return {
        "max_force_psi": _number(logged.force_psi),
        "max_power_w": _number(logged.power_w),
        "max_heart_rate_bpm": _number(logged.heart_rate_bpm),
        "max_set_rpe": _number(logged.rpe),
        "own_exercise_sets": int(logged.exercise.owner_id == context.user.pk),
    }


@_loader("has_record")
def _has_record(context):
    """Free when the event says which records it brought (a rule still locked can only be met
    by those); otherwise one EXISTS."""
    if "new_records" in context.known:
        return {"has_record": bool(context.known["new_records"])}
    return {"has_record": PersonalRecord.objects.filter(user=context.user).exists()}


@_loader("finished_sessions", "natural_sessions", "high_tech_sessions")
def _session_totals(context):
    """One aggregate over the user's finished sessions; replaying a history, those up to the
    event's session (later ones had not happened yet)."""
    if "as_of" in context.known:  # a replay worked them out for the whole history at once
        figures = context.known["as_of"]
        return {
            name: figures[name]
            for name in ("finished_sessions", "natural_sessions", "high_tech_sessions")
        }
    sessions = context.finished_sessions()
    if context.known.get("replaying") and context.session is not None:
        sessions = sessions.filter(started_at__lte=context.session.started_at)
    row = sessions.aggregate(
        total=Count("pk"),
        natural=Count("pk", filter=Q(style__in=NATURAL_STYLES)),
        high_tech=Count("pk", filter=Q(style__in=HIGH_TECH_STYLES)),
    )
    return {
        "finished_sessions": row["total"],
        "natural_sessions": row["natural"],
        "high_tech_sessions": row["high_tech"],
    }


@_loader("max_session_rpe")
def _session_rpe(context):
    """The event's own finished session's effort, with no query: each session is evaluated
    when it finishes, so an RPE-10 session in the past has already unlocked its quote."""
    session = context.finished_session
    return {"max_session_rpe": _number(session.rpe) if session is not None else None}


@_loader("session_started_local", "session_duration_s")
def _session_shape(context):
    """The event's finished session in local time; no query beyond the user's profile."""
    session = context.finished_session
    if session is None:
        return {}
    local = session.started_at.astimezone(context.zone).replace(tzinfo=None)
    return {"session_started_local": local, "session_duration_s": session.duration_s}


@_loader("week_styles")
def _week_styles(context):
    """Styles of the finished sessions in the session's week (the user's week start)."""
    if context.finished_session is None:
        return {}
    if "week_styles" in context.known.get("as_of", ()):  # worked out by a replay's one pass
        return {"week_styles": context.known["as_of"]["week_styles"]}
    first = timeutils.week_start(context.session_day, context.profile.week_start)
    start = timeutils.day_bounds(first, context.zone)[0]
    end = timeutils.day_bounds(first + dt.timedelta(days=6), context.zone)[1]
    styles = (
        context.finished_sessions()
        .filter(started_at__gte=start, started_at__lt=end)
        .order_by()
        .values_list("style", flat=True)
        .distinct()
    )
    return {"week_styles": frozenset(styles)}


@_loader("streak_days")
def _streak(context):
    """Training days within STREAK_HORIZON_DAYS either side of the session's day."""
    if context.finished_session is None:
        return {}
    if "streak_days" in context.known.get("as_of", ()):  # worked out by a replay's one pass
        return {"streak_days": context.known["as_of"]["streak_days"]}
    day, horizon = context.session_day, dt.timedelta(days=unlocks.STREAK_HORIZON_DAYS)
    start = timeutils.day_bounds(day - horizon, context.zone)[0]
    end = timeutils.day_bounds(day + horizon, context.zone)[1]
    starts = (
        context.finished_sessions()
        .filter(started_at__gte=start, started_at__lt=end)
        .values_list("started_at", flat=True)
    )
    days = {timeutils.local_date(moment, context.zone) for moment in starts}
    return {"streak_days": unlocks.streak_through(days, day)}


@_loader("days_since_previous")
def _days_since_previous(context):
    """Days between the previous finished session's day and this one's; None if it is the first."""
    session = context.finished_session
    if session is None:
        return {}
    if "days_since_previous" in context.known.get("as_of", ()):  # a replay's one pass
        days = context.known["as_of"]["days_since_previous"]
        return {} if days is None else {"days_since_previous": days}
    previous = (
        context.finished_sessions()
        .exclude(pk=session.pk)
        .filter(started_at__lte=session.started_at)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    if previous is None:
        return {}
    days = (context.session_day - timeutils.local_date(previous, context.zone)).days
    return {"days_since_previous": days}


@_loader("recent_sessions_set_records")
def _recent_records(context):
    """For the latest three finished sessions up to this one: did each set a record?"""
    session = context.finished_session
    if session is None:
        return {}
    if "recent_sessions_set_records" in context.known.get("as_of", ()):  # a replay's one pass
        return {
            "recent_sessions_set_records": context.known["as_of"]["recent_sessions_set_records"]
        }
    set_record = Exists(PersonalRecord.objects.filter(logged_set__session=OuterRef("pk")))
    flags = (
        context.finished_sessions()
        .filter(started_at__lte=session.started_at)
        .order_by("-started_at", "-pk")
        .annotate(set_record=set_record)
        .values_list("set_record", flat=True)[:3]
    )
    return {"recent_sessions_set_records": tuple(flags)}


@_loader("plan_weeks")
def _plan_weeks(context):
    """Days done per week of the session's enrolment, in one query over the plan's days."""
    session = context.session
    if session is None or not session.enrolment_id or not session.plan_day_id:
        return {}
    plan_id = Subquery(PlanDay.objects.filter(pk=session.plan_day_id).values("plan_id")[:1])
    done = Exists(
        WorkoutSession.objects.filter(
            enrolment_id=session.enrolment_id, plan_day=OuterRef("pk"), finished_at__isnull=False
        )
    )
    weeks = {}
    for week, is_done in (
        PlanDay.objects.filter(plan_id=plan_id).annotate(done=done).values_list("week", "done")
    ):
        days_done, days = weeks.get(week, (0, 0))
        weeks[week] = (days_done + bool(is_done), days + 1)
    return {"plan_weeks": weeks}
