"""Quote unlocks after training events: load the facts, ask `workouts.rules.unlocks`, save what
was earned; `replay` re-evaluates a user's whole history; `progress` is the one "quotes unlocked
of total" count.

`evaluate` is called by the actions inside their transaction. It costs one query for the quotes the
user has not unlocked yet, then only the fact loaders (`workouts.quotes.facts`) the still-locked
rules of the event need (each a single aggregate or a bounded read, so the cost does not grow with
history), then one insert per quote earned. A user with nothing left to earn for an event pays one
query.
"""

import datetime as dt
from collections import defaultdict
from functools import cache

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from workouts.compiled import column, fetch, table
from workouts.models import (
    LoggedSet,
    PersonalRecord,
    Quote,
    QuoteUnlock,
    SessionSummary,
    WorkoutSession,
)
from workouts.quotes.facts import HIGH_TECH_STYLES, NATURAL_STYLES, _Context, load_facts
from workouts.rules import timeutils, unlocks


def evaluate(user, event, *, session=None, now=None, pending=None, **facts):
    """Evaluates the still-locked rules `event` can affect; returns the newly unlocked quotes.

    `facts` are what the caller already knows (`logged_set`, `new_records`). Unlocks are saved
    with `now` and `session`; a quote another request unlocked first is skipped, never an error.
    `pending` ({rule: Quote} still locked) saves its query; `replay` keeps it up to date.
    """
    if event not in unlocks.EVENTS:
        raise ValueError(f"Unknown unlock event {event!r}")
    now = now or timezone.now()
    if pending is None:
        pending = {quote.rule: quote for quote in locked_quotes(user)}
    rules = unlocks.rules_for(event, pending.keys())
    if not rules:
        return []
    snapshot = load_facts(_Context(user, session, facts), unlocks.needed_facts(rules))
    earned = [
        _unlock(user, pending[rule_id], session, now)
        for rule_id in unlocks.passing(rules, snapshot)
    ]
    return [quote for quote in earned if quote is not None]


def replay(user):
    """Evaluates every rule over a user's history in time order, as if each session had been
    logged live (set rules in every session, session rules in the finished ones); for histories
    that did not come through the logging page (the demo seed, imports). Unlocks carry the date
    they would have had. Returns how many it made.

    Per session: the sets that can meet a set rule (readings, RPE 10, records, own exercises,
    and the last set that adds to the running totals), then the session's end, then its plan
    day.
    """
    # Unfinished sessions too: live, their sets' rules ran as each set was logged.
    sessions = list(
        WorkoutSession.objects.filter(user=user)
        .select_related("plan_day", "enrolment")
        .order_by("started_at", "pk")
    )
    record_rows = defaultdict(list)
    for record in PersonalRecord.objects.filter(user=user):
        record_rows[record.logged_set_id].append(record)
    notable = (
        Q(force_psi__isnull=False)
        | Q(power_w__isnull=False)
        | Q(heart_rate_bpm__isnull=False)
        | Q(rpe__gte=10)
        | Q(pk__in=list(record_rows))
        | Q(exercise__owner=user)
    )
    # The running totals are read at each session's last set that moves them (a set adding
    # no volume or distance loads no totals, see `_totals`).
    moves_totals = Q(is_warmup=False) & (Q(reps__gt=0, load_kg__gt=0) | Q(distance_m__gt=0))
    last_of_session = {}
    for set_id, session_id in (
        LoggedSet.objects.filter(moves_totals, user=user)
        .order_by("session_id", "position", "pk")
        .values_list("pk", "session_id")
    ):
        last_of_session[session_id] = set_id
    sets_by_session = defaultdict(list)
    for logged in (
        LoggedSet.objects.filter(notable | Q(pk__in=list(last_of_session.values())), user=user)
        .select_related("exercise")
        .order_by("logged_at", "pk")
    ):
        sets_by_session[logged.session_id].append(logged)
    # The still-locked quotes, read once and kept here: an event none of them can follow
    # costs no query at all (most of a long history, once the early quotes are earned).
    pending = {quote.rule: quote for quote in locked_quotes(user)}
    as_of = _running_figures(user)
    session_facts = _replayed_session_facts(user)

    def run(event, *, session, **kwargs):
        if not unlocks.rules_for(event, pending.keys()):
            return 0
        figures = {**as_of[session.started_at], **session_facts.get(session.pk, {})}
        earned = evaluate(
            user, event, pending=pending, replaying=True, session=session, as_of=figures, **kwargs
        )
        for quote in earned:
            pending.pop(quote.rule, None)
        return len(earned)

    unlocked = 0
    for session in sessions:
        for logged in sets_by_session.get(session.pk, []):
            unlocked += run(
                "set_logged",
                session=session,
                now=logged.logged_at,
                logged_set=logged,
                new_records=record_rows.get(logged.pk, []),
            )
        if session.finished_at is None:
            continue
        unlocked += run("session_finished", session=session, now=session.finished_at)
        if session.plan_day_id and session.enrolment_id:
            unlocked += run("plan_day_done", session=session, now=session.finished_at)
    return unlocked


def _running_figures(user):
    """{started_at: facts} for a replay: the running totals (`_totals`) and the finished-session
    counts (`_session_totals`) as of each moment a session started, in one pass over the
    history instead of one aggregate per event. Sessions starting at the same moment count
    together, as the aggregates' `started_at <= ` does."""
    summaries = {
        pk: (volume, distance)
        for pk, volume, distance in SessionSummary.objects.filter(session__user=user).values_list(
            "session_id", "volume_kg", "distance_m"
        )
    }
    figures, volume, distance, total, natural, high_tech = {}, 0.0, 0.0, 0, 0, 0
    rows = (
        WorkoutSession.objects.filter(user=user)
        .order_by("started_at", "pk")
        .values_list("pk", "started_at", "finished_at", "style")
    )
    for pk, started_at, finished_at, style in rows:
        session_volume, session_distance = summaries.get(pk, (0.0, 0.0))
        volume, distance = volume + session_volume, distance + session_distance
        if finished_at is not None:
            total += 1
            natural += style in NATURAL_STYLES
            high_tech += style in HIGH_TECH_STYLES
        figures[started_at] = {
            "total_volume_kg": volume,
            "total_distance_m": distance,
            "finished_sessions": total,
            "natural_sessions": natural,
            "high_tech_sessions": high_tech,
        }
    return figures


def _replayed_session_facts(user):
    """{session pk: facts} for a replay's finished sessions: the streak, the week's styles, the
    days since the previous session and the recent sessions' records (`_streak`,
    `_week_styles`, `_days_since_previous`, `_recent_records`), each as that loader reads it
    live while replaying (finished sessions started up to this one's start, sessions starting
    at the same moment included), in one pass over the history and one read of the records
    instead of four queries per session. `days_since_previous` is None for the first."""
    profile = _Context(user, None, {}).profile
    zone, first_weekday = profile.zone, profile.week_start
    horizon = dt.timedelta(days=unlocks.STREAK_HORIZON_DAYS)
    with_records = set(
        PersonalRecord.objects.filter(user=user)
        .order_by()
        .values_list("logged_set__session_id", flat=True)
        .distinct()
    )
    rows = (
        WorkoutSession.objects.filter(user=user, finished_at__isnull=False)
        .order_by("started_at", "pk")
        .values_list("pk", "started_at", "style")
    )
    groups = []  # sessions starting at the same moment are all "up to" each other
    for pk, started_at, style in rows:
        if groups and groups[-1][0] == started_at:
            groups[-1][1].append((pk, style))
        else:
            groups.append((started_at, [(pk, style)]))
    facts, days, recent = {}, [], []
    week, week_styles, previous_day = None, set(), None
    for started_at, members in groups:
        day = timeutils.local_date(started_at, zone)
        if not days or days[-1] != day:
            days.append(day)
        first = timeutils.week_start(day, first_weekday)
        if first != week:
            week, week_styles = first, set()
        week_styles.update(style for _, style in members)
        recent.extend(pk in with_records for pk, _ in members)
        del recent[:-3]
        streak = unlocks.streak_through(
            [d for d in days[-(horizon.days + 1) :] if d >= day - horizon], day
        )
        shared = {
            "streak_days": streak,
            "week_styles": frozenset(week_styles),
            "recent_sessions_set_records": tuple(reversed(recent)),
        }
        for pk, _ in members:
            # Another session at the same moment is a previous one, 0 days ago.
            before = day if len(members) > 1 else previous_day
            facts[pk] = {
                **shared,
                "days_since_previous": None if before is None else (day - before).days,
            }
        previous_day = day
    return facts


def locked_quotes(user):
    return Quote.objects.exclude(pk__in=QuoteUnlock.objects.filter(user=user).values("quote_id"))


def progress(user):
    """(quotes unlocked, quotes in all) for the gallery and the dashboard tile: one statement,
    written once."""
    ((unlocked, total),) = fetch(_progress_sql(), [user.pk])
    return unlocked, total


@cache
def _progress_sql():
    unlocks = table(QuoteUnlock)
    return (
        f"SELECT (SELECT COUNT(*) FROM {unlocks} WHERE {unlocks}.{column(QuoteUnlock, 'user')}"
        f" = %s), (SELECT COUNT(*) FROM {table(Quote)})"
    )


def _unlock(user, quote, session, now):
    """Saves one unlock; None if a concurrent request saved it first (the unique constraint)."""
    try:
        with transaction.atomic():
            QuoteUnlock.objects.create(user=user, quote=quote, unlocked_at=now, session=session)
    except IntegrityError:
        return None
    return quote
