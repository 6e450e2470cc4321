"""Quote unlocks after training events: load the facts, ask `workouts.rules.unlocks`, save what
was earned; `replay` re-evaluates a user's whole history; `progress` is the one "quotes unlocked
of total" count.

`evaluate` is called by the actions inside their transaction. It costs one query for the quotes the
user has not unlocked yet, then only the fact loaders (`workouts.quotes.facts`) the still-locked
rules of the event need (each a single aggregate or a bounded read, so the cost does not grow with
history), then one insert per quote earned. A user with nothing left to earn for an event pays one
query.
"""

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from workouts.models import LoggedSet, PersonalRecord, Quote, QuoteUnlock, WorkoutSession
from workouts.quotes.facts import _Context, load_facts
from workouts.rules import unlocks


def evaluate(user, event, *, session=None, now=None, **facts):
    """Evaluates the still-locked rules `event` can affect; returns the newly unlocked quotes.

    `facts` are what the caller already knows (`logged_set`, `new_records`). Unlocks are saved
    with `now` and `session`; a quote another request unlocked first is skipped, never an error.
    """
    if event not in unlocks.EVENTS:
        raise ValueError(f"Unknown unlock event {event!r}")
    now = now or timezone.now()
    pending = {quote.rule: quote for quote in locked_quotes(user)}
    rules = unlocks.rules_for(event, pending.keys())
    if not rules:
        return []
    snapshot = load_facts(_Context(user, session, facts), unlocks.needed_facts(rules))
    earned = [_unlock(user, pending[rule_id], session, now)
              for rule_id in unlocks.passing(rules, snapshot)]
    return [quote for quote in earned if quote is not None]


def replay(user):
    """Evaluates every rule over a user's finished history in time order, as if each session
    had been logged live; for histories that did not come through the logging page (the demo
    seed, imports). Unlocks carry the date they would have had. Returns how many it made.

    Per session: the sets that can meet a set rule (readings, RPE 10, records, own exercises,
    and the last set, for the running totals), then the session's end, then its plan day.
    """
    sessions = list(WorkoutSession.objects.filter(user=user, finished_at__isnull=False)
                    .select_related("plan_day", "enrolment").order_by("started_at", "pk"))
    record_rows = defaultdict(list)
    for record in PersonalRecord.objects.filter(user=user):
        record_rows[record.logged_set_id].append(record)
    notable = (Q(force_psi__isnull=False) | Q(power_w__isnull=False)
               | Q(heart_rate_bpm__isnull=False) | Q(rpe__gte=10)
               | Q(pk__in=list(record_rows)) | Q(exercise__owner=user))
    last_of_session = {}
    for set_id, session_id in (LoggedSet.objects.filter(user=user)
                               .order_by("session_id", "position", "pk")
                               .values_list("pk", "session_id")):
        last_of_session[session_id] = set_id
    sets_by_session = defaultdict(list)
    for logged in (LoggedSet.objects.filter(notable | Q(pk__in=list(last_of_session.values())),
                                            user=user)
                   .select_related("exercise").order_by("logged_at", "pk")):
        sets_by_session[logged.session_id].append(logged)
    unlocked = 0
    for session in sessions:
        for logged in sets_by_session.get(session.pk, []):
            unlocked += len(evaluate(user, "set_logged", session=session, now=logged.logged_at,
                                     logged_set=logged,
                                     new_records=record_rows.get(logged.pk, [])))
        unlocked += len(evaluate(user, "session_finished", session=session,
                                 now=session.finished_at))
        if session.plan_day_id and session.enrolment_id:
            unlocked += len(evaluate(user, "plan_day_done", session=session,
                                     now=session.finished_at))
    return unlocked


def locked_quotes(user):
    return Quote.objects.exclude(
        pk__in=QuoteUnlock.objects.filter(user=user).values("quote_id"))


def progress(user):
    """(quotes unlocked, quotes in all) for the gallery and the dashboard tile."""
    return QuoteUnlock.objects.filter(user=user).count(), Quote.objects.count()


def _unlock(user, quote, session, now):
    """Saves one unlock; None if a concurrent request saved it first (the unique constraint)."""
    try:
        with transaction.atomic():
            QuoteUnlock.objects.create(user=user, quote=quote, unlocked_at=now, session=session)
    except IntegrityError:
        return None
    return quote
