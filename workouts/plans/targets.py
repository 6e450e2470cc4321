"""Resolved targets: what a plan item asks of this user this week, in a fixed number of queries.

The rules are pure, in `workouts.rules.progression`; this module loads their facts for a batch
of items at once (never per item, never over the whole history):

1. the items' chains: the same key on the same day of the week in the plan's other weeks (one
   query, bounded by the plan);
2. what the enrolment logged for those weeks: its working sets per (week, day, item key) (one
   query, bounded by the plan, not the history);
3. the user's best estimated 1RM (their stored bests, one row per exercise) and last time's top
   load (the entry roll-ups' (user, exercise, at) index) of each exercise, in one query.
"""

import json
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from workouts.compiled import column, fetch, placeholders, table
from workouts.models import (
    EntrySummary,
    Exercise,
    ExerciseBests,
    LoggedSet,
    PlanDay,
    PlanItem,
    SessionExercise,
    WorkoutSession,
)
from workouts.rules import progression as rules
from workouts.rules.records import E1RM


@dataclass
class Resolved:
    """One item's target for the page: numbers in SI, the load rounded to the user's step."""

    item: PlanItem
    target: rules.Target
    load_rule: str  # "75% e1RM", "last time", "60 kg", ""
    progression: str  # "+2.5 kg a week when all sets done; deload week 4 at 60%"
    load_kind: str = ""  # the item's load rule's kind (rules.E1RM, rules.LAST, ...)

    is_resolved = True

    # The shape the set form's "Fill from target" reads (like a PlanItem).
    @property
    def sets(self):
        return self.item.sets

    @property
    def reps(self):
        return self.item.reps

    @property
    def reps_max(self):
        return self.item.reps_max

    @property
    def load_kg(self):
        return self.target.load_kg

    @property
    def duration_s(self):
        return self.target.duration_s

    @property
    def distance_m(self):
        return self.target.distance_m

    @property
    def rest_s(self):
        return self.item.rest_s

    @property
    def note(self):
        return self.item.note

    @property
    def intensity(self):
        return self.item.intensity

    @property
    def rule(self):
        """What to print beside the number: how it was found this week."""
        return self.target.rule or self.load_rule

    @property
    def needs_e1rm(self):
        return self.load_kind == rules.E1RM and self.target.load_kg is None

    @property
    def needs_history(self):
        return self.load_kind == rules.LAST and self.target.load_kg is None


@cache
def _LOGGED_SQL():  # noqa: N802 (a constant, written once)
    """What an enrolment logged on a plan: (week, day, item key, reps, duration, distance) of
    each working set of its sessions started from the plan's days. Written once rather than
    compiled by the ORM per request (the plan page, /today/, the logging page); an item key
    list, when there is one, is added by the caller."""
    sets, session, day = LoggedSet, WorkoutSession, PlanDay
    return (
        f"SELECT d.{column(day, 'week')}, d.{column(day, 'day')}, i.{column(PlanItem, 'key')},"
        f" s.{column(sets, 'reps')}, s.{column(sets, 'duration_s')},"
        f" s.{column(sets, 'distance_m')}"
        f" FROM {table(sets)} s"
        f" INNER JOIN {table(session)} w ON w.{column(session, 'id')} = s.{column(sets, 'session')}"
        f" INNER JOIN {table(day)} d ON d.{column(day, 'id')} = w.{column(session, 'plan_day')}"
        f" INNER JOIN {table(SessionExercise)} e"
        f" ON e.{column(SessionExercise, 'id')} = s.{column(sets, 'entry')}"
        f" INNER JOIN {table(PlanItem)} i"
        f" ON i.{column(PlanItem, 'id')} = e.{column(SessionExercise, 'plan_item')}"
        f" WHERE w.{column(session, 'enrolment')} = %s AND d.{column(day, 'plan')} = %s"
        f" AND s.{column(sets, 'is_warmup')} = %s"
    )


@cache
def _FACTS_SQL(excluding):  # noqa: N802 (a constant, written once per shape)
    """Each exercise's stored bests (`ExerciseBests.values`, one row, for the best e1RM) and
    last time's top load (not counting one session's, with `excluding`; an index seek on the
    entry roll-ups): both flat in the history. `{ids}` takes the exercises' placeholders."""
    summary, bests = EntrySummary, ExerciseBests
    top, exercise_id = column(summary, "top_load_kg"), column(Exercise, "id")
    other = f" AND NOT (s.{column(summary, 'session')} = %s)" if excluding else ""
    return (
        f"SELECT x.{exercise_id}, b.{column(bests, 'values')},"
        f" (SELECT s.{top} FROM {table(summary)} s WHERE s.{column(summary, 'user')} = %s"
        f" AND s.{column(summary, 'exercise')} = x.{exercise_id} AND s.{top} IS NOT NULL{other}"
        f" ORDER BY s.{column(summary, 'at')} DESC LIMIT 1)"
        f" FROM {table(Exercise)} x LEFT OUTER JOIN {table(bests)} b"
        f" ON b.{column(bests, 'exercise')} = x.{exercise_id} AND b.{column(bests, 'user')} = %s"
        f" WHERE x.{exercise_id} IN ({{ids}})"
    )


def link_key(week: int, day: int, key: str) -> str:
    """The key of one item in one week in `Enrolment.start_loads`."""
    return f"{week}:{day}:{key}"


def _start_load(start_loads, by_week, week, number, key):
    """What the last cycle lifted for the link at `week`: at the end of the progression run it
    begins (the weeks after it that progress from it), else at that week itself."""
    if not start_loads:
        return None
    end = week
    while end + 1 in by_week and by_week[end + 1].progression:
        end += 1
    for w in range(end, week - 1, -1):
        value = start_loads.get(link_key(w, number, key))
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    return None


def resolve(
    user,
    items,
    *,
    enrolment=None,
    unit="kg",
    step=None,
    exclude_session=None,
    whole_plan=False,
    chain_items=None,
):
    """{item pk: Resolved} for `items` (PlanItems with `day` and `exercise` loaded), all from
    one plan. `enrolment` gives what was logged week by week (None: nothing counts as done);
    `exclude_session` keeps a session's own sets out of "last time"; `whole_plan` says `items`
    are every item of the plan (the plan's page), so the week-to-week chains come from them
    instead of being fetched again; `chain_items` gives every item of the plan when `items`
    are only some of them (/today/ has read the whole plan already)."""
    items = list(items)
    if not items:
        return {}
    plan_id = items[0].day.plan_id
    keys = {item.key for item in items}
    numbers = {item.day.day for item in items}
    chains = defaultdict(dict)  # (day number, key) -> {week: PlanItem}
    if chain_items is None and whole_plan:
        chain_items = items
    others = (
        chain_items
        if chain_items is not None
        else PlanItem.objects.filter(
            day__plan_id=plan_id, key__in=keys, day__day__in=numbers
        ).select_related("day")
    )
    for other in others:
        chains[(other.day.day, other.key)][other.day.week] = other

    logged = defaultdict(list)  # (week, day, key) -> [(reps, duration, distance)]
    if enrolment is not None:
        sql, params = _LOGGED_SQL(), [enrolment.pk, plan_id, False]
        if not whole_plan:  # the whole plan's keys are every key: no need to list them
            sql += f" AND i.{column(PlanItem, 'key')} IN ({placeholders(len(keys))})"
            params += sorted(keys)
        for week, day, key, reps, duration, distance in fetch(sql, params):
            logged[(week, day, key)].append((reps, duration, distance))

    exercise_ids = {item.exercise_id for item in items}
    # One query for both facts of each exercise: its best e1RM from the stored bests (a first
    # set is a baseline there, though no record) and last time's top load.
    ids = sorted(exercise_ids)
    sql = _FACTS_SQL(exclude_session is not None).format(ids=placeholders(len(ids)))
    params = [user.pk, *([exclude_session.pk] if exclude_session is not None else []), user.pk]
    e1rm, last = {}, {}
    for pk, bests, top in fetch(sql, params + ids):
        if isinstance(bests, str):  # SQLite gives the JSON as text; psycopg decodes it
            bests = json.loads(bests)
        e1rm[pk], last[pk] = (bests or {}).get(E1RM), top
    start_loads = (enrolment.start_loads or {}) if enrolment is not None else {}

    runs = {}  # (day number, key, first week, exercise) -> the targets of that run of weeks
    parsed = {}  # item pk -> (its LoadRule, its Progression), read from its fields once

    def rules_of(item):
        found = parsed.get(item.pk)
        if found is None:
            found = parsed[item.pk] = (item.load_rule_value, item.progression_value)
        return found

    def run_targets(number, key, first, exercise_id):
        """The targets of the run of consecutive weeks of one chain starting at `first`, with
        the facts of `exercise_id`. Each week's target reads only the weeks before it
        (`chain_targets`), so the run is resolved once, not once per item of it (issue 15: the
        enrolled plan page resolves every item of every week)."""
        by_week = chains[(number, key)]
        weeks = range(first, max(by_week) + 1)
        links = []
        for link_week in weeks:
            link = by_week.get(link_week)
            if link is None:
                break
            done = logged.get((link_week, number, link.key))
            load_rule, progression = rules_of(link)
            links.append(
                rules.Link(
                    week=link_week,
                    load=load_rule,
                    progression=progression,
                    duration_s=link.duration_s,
                    distance_m=link.distance_m,
                    completed=None
                    if done is None
                    else rules.completed(
                        link.sets, link.reps, link.duration_s, link.distance_m, done
                    ),
                    start_kg=_start_load(start_loads, by_week, link_week, number, link.key),
                )
            )
        facts = rules.Facts(e1rm_kg=e1rm.get(exercise_id), last_kg=last.get(exercise_id))
        return rules.chain_targets(links, facts, unit, step)

    result = {}
    for item in items:
        week, number = item.day.week, item.day.day
        by_week = chains[(number, item.key)]
        first = week
        while first - 1 in by_week:
            first -= 1
        run = (number, item.key, first, item.exercise_id)
        found = runs.get(run)
        if found is None:
            found = runs[run] = run_targets(*run)
        load_rule, progression = rules_of(item)
        # `describe_items` may have described the item already (the plan page does).
        load_text = getattr(item, "rule_text", None)
        progression_text = getattr(item, "progression_text", None)
        result[item.pk] = Resolved(
            item=item,
            target=found[week - first],
            load_rule=rules.describe_load(load_rule, unit) if load_text is None else load_text,
            progression=rules.describe_progression(progression, unit)
            if progression_text is None
            else progression_text,
            load_kind=load_rule.kind,
        )
    return result


def attach(user, profile, items, **kwargs):
    """Resolves `items` and sets `item.resolved` on each, for the templates."""
    items = list(items)
    found = resolve(
        user,
        items,
        unit=profile.weight_unit,
        step=profile.load_step,
        **kwargs,
    )
    for item in items:
        item.resolved = found.get(item.pk)
    return items


def describe_items(profile, items):
    """Sets `rule_text` and `progression_text` on each item (the editor: no facts needed)."""
    unit = profile.weight_unit
    for item in items:
        item.rule_text = rules.describe_load(item.load_rule_value, unit)
        item.progression_text = rules.describe_progression(item.progression_value, unit)
    return items
